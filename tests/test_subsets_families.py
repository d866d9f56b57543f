"""BR103 subsets stated without a list of their own: a part labelled exactly like one
of several totals, the nearest total over its own rates, further parts of a
containment (N个X中，已有a个…，b个…), and ``有M个`` of the things counted earlier in the
sentence.  Which figures were paired is pinned.  The sentences are invented for the
tests, in the genre of the bulletins."""

from __future__ import annotations

import briefing


def _subsets(text: str) -> list[tuple[str, str, str]]:
    """(status, part, whole) of every subset relation."""
    rep = briefing.check(briefing.read_text(text))
    out = []
    for r in rep.relations:
        if r.rule != "subset":
            continue
        part = next(f.text for f in r.figures if f.role == "part")
        whole = next(f.text for f in r.figures if f.role == "whole")
        out.append((r.status, part, whole))
    return out


def test_a_part_labelled_exactly_like_one_of_several_totals_is_read_against_it() -> None:
    subs = _subsets(
        "全县卫生健康项目共计57个，概算总投资32.6亿元，年度计划投资11.8亿元，已完成投资10.4亿元。"
        "其中7个项目纳入省级重点，年度计划投资3.9亿元，已完成投资4.3亿元。"
    )
    assert ("consistent", "4.3亿元", "10.4亿元") in subs
    assert ("consistent", "3.9亿元", "11.8亿元") in subs
    assert not any(p == "4.3亿元" and w != "10.4亿元" for _, p, w in subs)


REVENUE = (
    "全县完成财政总收入21350万元，增长12.1%，地方一般预算收入8762万元，增长15.3%，"
    "其中税收收入{part}万元，增长9.8%。"
)


def test_the_nearest_total_over_its_own_rates_takes_the_list() -> None:
    subs = _subsets(REVENUE.format(part="6120"))
    assert ("consistent", "6120万元", "8762万元") in subs
    assert not any(w == "21350万元" for _, p, w in subs if p == "6120万元")


def test_a_part_larger_than_the_nearest_total_is_an_error() -> None:
    rep = briefing.check(briefing.read_text(REVENUE.format(part="9120")))
    bad = [f for f in rep.findings if f.code == "BR103"]
    assert [f.severity for f in bad] == ["error"]
    assert sorted(x.text for x in bad[0].figures) == ["8762万元", "9120万元"]


def test_further_parts_of_a_containment_are_parts_too() -> None:
    subs = _subsets("在尚未开工的38个项目中，已有12个项目近期开工，9个项目预计年内开工。")
    assert ("consistent", "12个", "38个") in subs
    assert ("consistent", "9个", "38个") in subs


def test_some_of_the_things_counted_earlier_in_the_sentence_are_a_part() -> None:
    subs = _subsets("全年26个城建项目共完成征地860亩，有17个项目已进场施工。")
    assert ("consistent", "17个", "26个") in subs


def test_other_things_counted_later_are_no_part() -> None:
    assert _subsets("全县12个乡镇共完成造林3.2万亩，有156个村实现绿化全覆盖。") == []


COMPOUND = "今年省级民生实事共有10类36件48个事项，涉及我县9类{n}件40个事项。"


def test_a_compound_figure_after_a_word_of_inclusion_is_part_of_the_one_before() -> None:
    subs = _subsets(COMPOUND.format(n="31"))
    assert ("consistent", "9类", "10类") in subs
    assert ("consistent", "31件", "36件") in subs
    assert ("consistent", "40个", "48个") in subs


def test_a_compound_part_larger_than_its_whole_warns() -> None:
    rep = briefing.check(briefing.read_text(COMPOUND.format(n="63")))
    bad = [f for f in rep.findings if f.code == "BR103"]
    assert [f.severity for f in bad] == ["warning"]
    assert sorted(x.text for x in bad[0].figures) == ["36件", "63件"]


def test_compound_figures_without_a_word_of_inclusion_are_not_paired() -> None:
    assert _subsets("去年共有10类36件48个事项。今年安排9类31件40个事项。") == []


SIGNED = (
    "今年以来，全市新签约项目186个，同比增长21.5%；协议总金额862.47亿元，同比增长18.2%，"
    "其中亿元以上新签约项目97个，同比增长30.1%；协议总金额{part}亿元，同比增长19.6%。"
)


def test_the_same_parts_other_measure_after_a_semicolon_stays_in_the_list() -> None:
    subs = _subsets(SIGNED.format(part="803.15"))
    assert ("consistent", "97个", "186个") in subs
    assert ("consistent", "803.15亿元", "862.47亿元") in subs


def test_the_same_parts_other_measure_exceeding_its_total_is_an_error() -> None:
    rep = briefing.check(briefing.read_text(SIGNED.format(part="1803.15")))
    bad = [f for f in rep.findings if f.code == "BR103"]
    assert [f.severity for f in bad] == ["error"]
    assert sorted(x.text for x in bad[0].figures) == ["1803.15亿元", "862.47亿元"]


def test_a_clause_after_the_semicolon_labelled_otherwise_is_no_sure_part() -> None:
    text = SIGNED.format(part="1803.15").replace("；协议总金额1803", "；到位资金1803")
    assert "到位资金1803.15亿元" in text
    rep = briefing.check(briefing.read_text(text))
    assert [f for f in rep.findings if f.code == "BR103" and f.severity == "error"] == []


STAGES = (
    "全市实施项目68项（新建43项，续建25项），开复工项目57项（新建34项，续建{n}项），开复工率84%。"
)


def test_a_later_stage_broken_down_like_its_whole_is_part_of_it_category_by_category() -> None:
    subs = _subsets(STAGES.format(n="23"))
    assert ("consistent", "34项", "43项") in subs
    assert ("consistent", "23项", "25项") in subs


def test_a_later_stages_category_larger_than_the_wholes_warns() -> None:
    rep = briefing.check(briefing.read_text(STAGES.format(n="62").replace("57项", "100项")))
    # 100 > 68: the later total exceeds the earlier, nothing says which is the whole
    assert not any("62项" in f.message for f in rep.findings if f.code == "BR103")
    rep = briefing.check(briefing.read_text(STAGES.format(n="62")))
    bad = [f for f in rep.findings if f.code == "BR103"]
    assert [f.severity for f in bad] == ["warning"]
    assert sorted(x.text for x in bad[0].figures) == ["25项", "62项"]


def test_a_month_count_measured_by_its_noun_after_is_inside_the_months_to_date() -> None:
    # 9月单月有4个新开工项目: no words of its own before it, its noun after it
    subs = _subsets(
        "1-9月，全市重点项目完成投资286.5亿元。9月单月全市有4个新开工项目实现开工。"
        "截至9月底，全市58个新开工重点项目共有41个项目实现开工，开工率70.7%。"
    )
    assert ("consistent", "4个", "41个") in subs


def test_a_measure_qualified_inside_it_is_a_part_of_the_measure_opened_by_qizhong() -> None:
    # 其中：新签项目58个 is the whole of its own scope; 园区新签项目 qualifies it before,
    # 新签亿元以上项目 inside (新签 + 亿元以上 + 项目)
    subs = _subsets(
        "上半年，全区招商引资项目共146个。其中：新签项目58个，到位资金8.6亿元。"
        "续建项目88个，到位资金97.3亿元。\n"
        "三大园区新签项目16个，到位资金3.1亿元。\n"
        "新签亿元以上项目21个，到位资金4.2亿元。"
    )
    assert ("consistent", "16个", "58个") in subs
    assert ("consistent", "21个", "58个") in subs


def test_a_bare_measure_without_a_whole_cue_is_no_whole() -> None:
    # 新签项目58个 is stated for 某镇: the later 园区新签项目 need not be part of it
    subs = _subsets("某镇新签项目58个，到位资金8.6亿元。园区新签项目16个，到位资金3.1亿元。")
    assert ("consistent", "16个", "58个") not in subs


def test_parallel_qizhong_asides_of_a_total_and_its_done_part() -> None:
    # 共有418件（其中省级督办事项86件），有362件已完成（其中省级督办事项完成79件）
    subs = _subsets(
        "1-6月，全市民生工程重点督办事项共有418件（其中省级督办事项86件），"
        "有362件已完成（其中省级督办事项完成79件），56件正在推进中。"
    )
    assert ("consistent", "79件", "86件") in subs


def test_asides_of_different_categories_are_not_paired() -> None:
    subs = _subsets(
        "1-6月，全市民生工程重点督办事项共有418件（其中省级督办事项86件），"
        "有362件已完成（其中市级督办事项完成79件），56件正在推进中。"
    )
    assert ("consistent", "79件", "86件") not in subs


def test_one_batch_is_inside_the_running_total_of_its_sentence() -> None:
    subs = _subsets(
        "日前，市财政下达我区2024年第二批巩固衔接补助资金1750万元，"
        "截至目前我区今年累计到位各级衔接资金6480万元，比上年同期多420万元。"
    )
    assert ("consistent", "1750万元", "6480万元") in subs


def test_a_batch_and_a_figure_not_summed_are_not_paired() -> None:
    subs = _subsets(
        "日前，市财政下达我区2024年第二批巩固衔接补助资金1750万元，区级配套衔接资金1200万元。"
    )
    assert not any(part == "1750万元" for _, part, _ in subs)


def test_qizhong_after_a_count_and_the_list_of_what_it_counts_takes_that_count() -> None:
    subs = _subsets(
        "全年重点工作目标任务12项，列入本期通报的为5项，分别为工业投资、技改投资、"
        "财政收入、税收收入、社会消费品零售总额。其中，工业投资、财政收入2项指标未达到序时进度。"
    )
    assert ("consistent", "2项", "5项") in subs
    assert ("consistent", "2项", "12项") not in subs
