"""Families of phrasing where an injected slip used to go unflagged because the reading
of the relation was chosen by arithmetic that the slip broke.  Sentences are invented
for the tests (numbers and wording of the genre)."""

from __future__ import annotations

from relation_support import check_text, sum_readings

_NUMBERED = (
    "（二）一般火灾情况\n"
    "发生一般火灾{total}起、受伤29人，同比减少3起。\n"
    "1.居民住宅发生4起、受伤8人。\n"
    "2.商业场所发生5起、受伤6人。\n"
    "3.工业厂房发生12起、受伤13人。\n"
    "4.仓储物流发生2起、受伤2人。\n"
)


def test_numbered_items_add_up_to_their_total_all_of_them() -> None:
    rep = check_text(_NUMBERED.format(total="23"))
    assert ("consistent", ("4起", "5起", "12起", "2起"), "23起") in sum_readings(rep)
    assert not any(f.severity == "error" for f in rep.findings)


def test_numbered_items_are_not_cut_to_agree_with_a_mistyped_total() -> None:
    # 4 + 5 + 12 = 21: the first three items agree with 21, but item 4 is a part too
    rep = check_text(_NUMBERED.format(total="21"))
    readings = sum_readings(rep)
    assert ("consistent", ("4起", "5起", "12起"), "21起") not in readings
    assert ("inconsistent", ("4起", "5起", "12起", "2起"), "21起") in readings
    assert any(f.code == "BR102" and f.severity == "error" for f in rep.findings)


_PASSAGE = "据统计，全县今冬共开工建设水利工程950多处，完成土石方18万立方米，完成投资640万元，新增灌溉面积3500亩。\n"


def _repeat_readings(rep) -> list[tuple[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [
        (r.status, tuple(f.text for f in r.figures)) for r in rep.relations if r.rule == "repeat"
    ]


def test_a_headline_one_slip_from_a_body_figure_stated_twice_warns() -> None:
    # the article's paragraph repeated on the page: its two 640万元 are one figure
    rep = check_text("某县今冬农田水利建设完成投资646万元\n" + _PASSAGE + _PASSAGE)
    assert ("rounding", ("646万元", "640万元")) in _repeat_readings(rep)
    warn = [f for f in rep.findings if f.code == "BR107" and f.severity == "warning"]
    assert [(w.stated, w.expected) for w in warn] == [("646", "640")]
    assert not any(f.severity == "error" for f in rep.findings)


def test_a_headline_restating_a_body_figure_stated_twice_is_one_relation() -> None:
    rep = check_text("某县今冬农田水利建设完成投资640万元\n" + _PASSAGE + _PASSAGE)
    assert ("consistent", ("640万元", "640万元", "640万元")) in _repeat_readings(rep)
    assert not any(f.severity in ("error", "warning") for f in rep.findings)


def test_two_body_copies_of_one_passage_must_state_the_same_numeral() -> None:
    # 640万元 reads as rounded to tens only in a headline: in a passage stated twice the
    # copies are one numeral, and 641 is a slip of it (or 640 of 641)
    rep = check_text(_PASSAGE + _PASSAGE.replace("640万元", "641万元"))
    pairs = _repeat_readings(rep)
    assert not [st for st, t in pairs if set(t) == {"640万元", "641万元"} and st == "consistent"]
    assert [st for st, t in pairs if set(t) == {"640万元", "641万元"}]
    assert any(f.code == "BR107" and f.severity == "warning" for f in rep.findings)
    assert not any(f.severity == "error" for f in rep.findings)


_RELEASE = (
    "省统计局日前发布，2023年全省农村低收入人口比上年减少3718人，低收入发生率下降{lead}个百分点。\n"
    "据对全省2400户居民家庭的抽样调查，2023年末，全省农村低收入人口9265人，比上年末减少3718人；"
    "低收入发生率2.6%，比上年末下降{body}个百分点。\n"
)


def test_a_change_in_points_restated_in_the_body_is_one_relation() -> None:
    rep = check_text(_RELEASE.format(lead="1.3", body="1.3"))
    assert ("consistent", ("1.3个百分点", "1.3个百分点")) in _repeat_readings(rep)


def test_a_change_in_points_one_slip_from_its_restatement_warns() -> None:
    rep = check_text(_RELEASE.format(lead="1.8", body="1.3"))
    assert ("rounding", ("1.8个百分点", "1.3个百分点")) in _repeat_readings(rep)
    assert any(f.code == "BR107" and f.severity == "warning" for f in rep.findings)
    assert not any(f.severity == "error" for f in rep.findings)


def test_changes_in_points_of_two_passages_sharing_no_figure_are_not_copies() -> None:
    # the body passage states other figures: nothing says the two changes are one
    text = _RELEASE.format(lead="1.8", body="1.3").replace(
        "比上年末减少3718人", "比上年末减少2906人"
    )
    rep = check_text(text)
    assert not [t for st, t in _repeat_readings(rep) if "1.8个百分点" in t]
    assert not any(f.code == "BR107" for f in rep.findings)


_COMPOUND = (
    "入冬以来，全市新增改善排涝面积已超过{total}万亩。"
    "截至目前，全市已完成水利投资21.6亿元，新增排涝面积18.5万亩，改善排涝面积42.3万亩。"
)


def test_a_total_joining_two_categories_adds_up_from_one_figure_of_each() -> None:
    rep = check_text(_COMPOUND.format(total="60"))
    assert ("consistent", ("18.5万亩", "42.3万亩"), "60万亩") in sum_readings(rep)


def test_a_total_joining_two_categories_that_its_parts_miss_warns() -> None:
    # 新增 18.5 + 改善 42.3 = 60.8: not over 70
    rep = check_text(_COMPOUND.format(total="70"))
    assert ("rounding", ("18.5万亩", "42.3万亩"), "70万亩") in sum_readings(rep)
    warn = [f for f in rep.findings if f.code == "BR102"]
    assert [f.severity for f in warn] == ["warning"] and "60.8" in warn[0].message


def test_a_split_of_a_label_that_another_label_only_ends_with_is_no_compound() -> None:
    # 秋播粮食播种面积 is not 秋播 + 粮食播种 of the figures labelled 夏播粮食面积 and 粮食播种面积
    rep = check_text(
        "全县完成粮食播种面积80.1234万亩。其中完成夏播粮食面积35.4321万亩，"
        "完成秋播粮食播种面积44.6913万亩。"
    )
    assert not [s for s in sum_readings(rep) if s[2] == "44.6913万亩"]
    assert not any(f.code == "BR102" for f in rep.findings)


_TWO_MEASURES = (
    "全县完成粮食作物播种面积{total}万亩，比上年增0.1234万亩，增0.2%；"
    "预计实现粮食总产量21.5万吨，比上年的20.8765万吨增0.6235万吨，增3.0%。"
    "其中：完成早稻面积25.1234万亩，实现早稻产量8.9万吨，完成晚稻播种面积35.3087万亩。"
)


def _ctx(text: str):  # type: ignore[no-untyped-def]
    import briefing
    from briefing.checks.context import Context

    doc = briefing.read_text(text)
    return Context(doc, briefing.extract(doc))


def test_a_breakdown_opened_after_another_measure_of_the_totals_sentence_lists_its_parts() -> None:
    from briefing.checks import partition

    ctx = _ctx(_TWO_MEASURES.format(total="60.4321"))
    by_text = {q.text: q for q in ctx.qs}
    total, first = by_text["60.4321万亩"], by_text["25.1234万亩"]
    assert partition._other_measures(ctx, total, first)
    assert partition._listed_after(ctx, total, first)


def test_a_change_after_a_one_character_verb_is_no_part_of_the_level() -> None:
    # 比上年增0.1234万亩 is the change of the area, not a part of it
    from briefing.checks.evidence import is_change

    ctx = _ctx(_TWO_MEASURES.format(total="60.4321"))
    change = next(q for q in ctx.qs if q.text == "0.1234万亩")
    assert is_change(ctx, change)
    rep = check_text(_TWO_MEASURES.format(total="60.4321"))
    assert not [
        r
        for r in rep.relations
        if r.rule == "subset" and "0.1234万亩" in {f.text for f in r.figures}
    ]


_ROUNDED_HEADLINE = (
    "我县今年水利建设投入{head}亿元 新增灌溉面积5600亩\n"
    "今年，全县列入水利建设计划的项目共计46个，总投资58.36亿元，年度计划投资31.2亿元，"
    "实际完成投资27.13亿元，比上年增长12.4%。\n"
)


def test_a_headline_rounding_its_body_figure_restates_it() -> None:
    rep = check_text(_ROUNDED_HEADLINE.format(head="27"))
    assert ("consistent", ("27亿元", "27.13亿元")) in _repeat_readings(rep)
    assert not any(f.severity in ("error", "warning") for f in rep.findings)


def test_a_headline_whose_point_slipped_is_read_with_the_figure_it_rounds() -> None:
    # 2.7亿元: with its point moved back, 27 is the rounding of 27.13 — a slip
    rep = check_text(_ROUNDED_HEADLINE.format(head="2.7"))
    assert ("rounding", ("2.7亿元", "27.13亿元")) in _repeat_readings(rep)
    warn = [f for f in rep.findings if f.code == "BR107"]
    assert [(f.severity, f.stated, f.expected) for f in warn] == [("warning", "2.7", "27")]


_NAMED_WHOLE = (
    "全市今年教育投入15.6亿元，新增义务教育学位{total}个。\n"
    "今年，全市列入计划的教育项目共计36项，完成投资12.8亿元。\n"
    "其中，城区新建小学3所，新增小学学位2160个；新建初中2所，新增初中学位2570个。"
)


def test_the_kinds_of_a_named_whole_add_up_to_it() -> None:
    rep = check_text(_NAMED_WHOLE.format(total="4730"))
    assert ("consistent", ("2160个", "2570个"), "4730个") in sum_readings(rep)


def test_the_kinds_of_a_named_whole_one_slip_from_it_warn() -> None:
    # 义务教育 is 小学 + 初中 by definition: 2160 + 2570 = 4730, the title says 4370
    rep = check_text(_NAMED_WHOLE.format(total="4370"))
    assert ("rounding", ("2160个", "2570个"), "4370个") in sum_readings(rep)
    warn = [f for f in rep.findings if f.code == "BR102"]
    assert [(f.severity, f.stated, f.expected) for f in warn] == [("warning", "4370", "4730")]


def test_a_count_of_other_things_listed_first_after_qizhong_is_no_part_of_the_total() -> None:
    # 项目共计36个。其中…新增小学学位2160个: 学位 are not 项目; nothing exceeds anything
    rep = check_text(
        "今年，全市列入计划的教育项目共计36个，完成投资12.8亿元。"
        "其中，城区新建小学3所，新增小学学位2160个；新建初中2所，新增初中学位2570个。"
    )
    assert not [r for r in rep.relations if r.rule == "subset" and r.status != "consistent"]
    assert not any(f.severity == "error" for f in rep.findings)


def test_a_first_part_counting_the_totals_things_still_exceeds_it() -> None:
    rep = check_text("今年全市列入计划的教育项目共计36个，其中新建项目63个，续建项目12个。")
    assert any(f.code == "BR103" and f.severity == "error" for f in rep.findings)


_WHOLE_GAP = (
    "据海关统计，前三季度，全省货物贸易进出口总值5623.4亿元，同比增长3.2%，其中出口3412.6亿元，"
    "同比增长5.1%。从环比看，三季度进出口比二季度增长4%。同期，全省对东盟进出口812.5亿元，同比增长"
    "6.8%。全省对共建国家进出口同比增长8.5%，高出整体增速{gap}个百分点。"
)


def _gap_readings(rep) -> list[tuple[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [
        (r.status, tuple(f.text for f in r.figures)) for r in rep.relations if r.rule == "ppoint"
    ]


def test_a_gap_to_the_whole_reads_against_the_rate_of_the_measures_total() -> None:
    rep = check_text(_WHOLE_GAP.format(gap="5.3"))
    assert _gap_readings(rep) == [("consistent", ("8.5%", "3.2%", "5.3个百分点"))]


def test_a_mistyped_gap_to_the_whole_is_not_read_against_a_rate_agreeing_by_chance() -> None:
    # 8.5 − 4 = 4.5 (环比增长4%), but 整体增速 is the growth of 进出口总值: 3.2%
    rep = check_text(_WHOLE_GAP.format(gap="4.5"))
    assert _gap_readings(rep) == [("rounding", ("8.5%", "3.2%", "4.5个百分点"))]
    assert [f.severity for f in rep.findings if f.code == "BR105"] == ["warning"]
