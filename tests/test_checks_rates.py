"""Rates, time progress and percentage-point gaps in phrasings of real bulletins: which
figures were paired, not only the status.  Every sentence here is invented for the tests
(numbers and wording of the genre)."""

from __future__ import annotations

import briefing


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _rels(report: briefing.Report, rule: str) -> list[tuple[str, list[str]]]:
    return [(r.status, [f.text for f in r.figures]) for r in report.relations if r.rule == rule]


# -- time progress -----------------------------------------------------------------


def test_gap_stated_after_the_baseline_bi_shijian_jindu_kuai() -> None:
    rep = _check(
        "1-6月，全区重点项目累计完成投资88.5亿元，投资完成率62.5%，比时间进度快12.5个百分点。"
    )
    assert ("consistent", ["1-6月", "62.5%", "12.5个百分点"]) in _rels(rep, "time_progress")


def test_gap_stated_after_the_baseline_with_a_wrong_gap_is_an_error() -> None:
    rep = _check(
        "1-6月，全区重点项目累计完成投资88.5亿元，投资完成率62.5%，较序时进度快15.5个百分点。"
    )
    rels = _rels(rep, "time_progress")
    assert ("inconsistent", ["1-6月", "62.5%", "15.5个百分点"]) in rels
    assert any(f.code == "BR106" and f.severity == "error" for f in rep.findings)


def test_slower_than_time_progress_subtracts() -> None:
    rep = _check("1-9月，全县民生工程完成投资6.3亿元，完成率65%，比时间进度慢10个百分点。")
    assert ("consistent", ["1-9月", "65%", "10个百分点"]) in _rels(rep, "time_progress")


def test_period_zhi_month_end_without_jiezhi() -> None:
    rep = _check("至5月底，全县衔接资金已支出3200万元，支出率50.83%，超序时进度9.16个百分点。")
    rels = _rels(rep, "time_progress")
    assert rels and rels[0][0] == "consistent"
    assert rels[0][1][0].endswith("5月底") and rels[0][1][1:] == ["50.83%", "9.16个百分点"]


def test_stated_time_progress_percentage_is_months_elapsed() -> None:
    text = (
        "现将1-9月份重点工作推进情况通报如下。\n一、总体情况\n"
        "全年目标任务12项，其中3项未达到序时进度（完成比例低于75%）。"
    )
    rels = _rels(_check(text), "time_progress")
    assert ("consistent", ["1-9月", "75%"]) in rels


def test_stated_time_progress_that_is_not_the_months_elapsed_warns() -> None:
    text = (
        "现将1-9月份重点工作推进情况通报如下。\n一、总体情况\n"
        "全年目标任务12项，其中3项未达到序时进度（完成比例低于57%）。"
    )
    rep = _check(text)
    assert ("rounding", ["1-9月", "57%"]) in _rels(rep, "time_progress")
    br106 = [f for f in rep.findings if f.code == "BR106"]
    assert br106 and all(f.severity == "warning" for f in br106)


def test_a_gap_that_agrees_with_the_calendar_is_no_evidence_for_another_baseline() -> None:
    ok = (
        "1—4月，省级、市级重点项目分别完成投资18.4亿元、27.6亿元，年度投资完成率分别为41.2%、36.5%，"
        "分别超时序进度7.9个百分点、3.2个百分点。"
    )
    assert [st for st, _ in _rels(_check(ok), "time_progress")] == ["consistent", "consistent"]
    # 7.9 → 7.7 (a baseline of 33.4–33.6 that the other gap just meets): the other gap
    # agrees with 4/12, so this one is simply wrong
    bad = ok.replace("7.9个", "7.7个")
    rels = _rels(_check(bad), "time_progress")
    assert ("inconsistent", ["1—4月", "41.2%", "7.7个百分点"]) in rels


def test_gaps_agreeing_with_each_other_off_the_calendar_set_the_baseline() -> None:
    # the document's own target (70% by the end of July), stated by two gaps alike
    text = (
        "1至7月，市级重点项目完成年度计划的75.5%，高于序时进度5.5个百分点；"
        "县级重点项目完成年度计划的61.2%，低于序时进度8.8个百分点。"
    )
    rels = _rels(_check(text), "time_progress")
    assert len(rels) == 2 and all(st == "consistent" for st, _ in rels)


# -- percentage-point gaps -----------------------------------------------------------


def _roles(report: briefing.Report, rule: str) -> list[tuple[str, dict[str, tuple[str, int]]]]:
    return [
        (r.status, {f.role: (f.text, f.start) for f in r.figures})
        for r in report.relations
        if r.rule == rule
    ]


def test_a_restated_compared_rate_is_taken_where_last_stated() -> None:
    text = (
        "今年前三季度，全市外贸出口增长12%，逐月回升。\n"
        "前三季度，全市出口88.5亿美元，同比增长12%，进口61.2亿美元，同比增长5%。\n"
        "对东盟出口增长20.5%，高于全市整体增幅8.5个百分点。"
    )
    rep = _check(text)
    second = text.index("同比增长12%") + len("同比增长")
    got = [roles for st, roles in _roles(rep, "ppoint") if st == "consistent"]
    assert got and got[0]["base"] == ("12%", second)
    assert got[0]["rate"][0] == "20.5%" and got[0]["gap"][0] == "8.5个百分点"


def test_listed_gaps_share_one_compared_rate_and_the_odd_one_warns() -> None:
    ok = (
        "上半年，全市出口同比增长16%。对东盟、欧盟出口同比分别增长21.5%和40.2%，"
        "分别高于全市整体增幅5.5和24.2个百分点。"
    )
    rels = _roles(_check(ok), "ppoint")
    assert [st for st, _ in rels] == ["consistent", "consistent"]
    assert {roles["base"][0] for _, roles in rels} == {"16%"}
    rep = _check(ok.replace("24.2个", "27.2个"))
    rels = _roles(rep, "ppoint")
    assert ("consistent", "5.5") in [(st, roles["gap"][0]) for st, roles in rels]
    assert ("rounding", "27.2个百分点") in [(st, roles["gap"][0]) for st, roles in rels]
    assert not any(f.severity == "error" for f in rep.findings if f.code == "BR105")


def test_gaps_naming_one_compared_rate_compare_with_the_same_figure() -> None:
    ok = (
        "1至8月，全县固定资产投资比上年同期增长8.3%。\n"
        "亿元以上项目投资同比增长16.1%，高于全部投资增速7.8个百分点。\n"
        "民间投资同比增长29.4%，高于全部投资增速21.1个百分点。"
    )
    assert [st for st, _ in _roles(_check(ok), "ppoint")] == ["consistent", "consistent"]
    rep = _check(ok.replace("21.1个", "51.1个"))
    rels = _roles(rep, "ppoint")
    odd = [roles for st, roles in rels if roles["gap"][0] == "51.1个百分点"]
    assert odd and odd[0]["base"][0] == "8.3%"
    assert [st for st, roles in rels if roles["gap"][0] == "51.1个百分点"] == ["rounding"]


# -- shares and rates ------------------------------------------------------------------


def _ratio_roles(report: briefing.Report) -> list[tuple[str, dict[str, str]]]:
    return [
        (r.status, {f.role: f.text for f in r.figures})
        for r in report.relations
        if r.rule == "ratio"
    ]


def _flags(report: briefing.Report, code: str) -> list[str]:
    return [f.severity for f in report.findings if f.code == code and f.severity != "info"]


def test_a_share_that_moved_from_an_earlier_period_is_the_one_it_moved_to() -> None:
    text = (
        "1-8月，全县固定资产投资完成482.6亿元，增长5.9%，其中民间投资完成251.3亿元，"
        "占全县投资的比重由去年同期的49.2%提高至52.1%。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "251.3亿元", "whole": "482.6亿元", "rate": "52.1%"}) in rels
    assert not any(roles.get("rate") == "49.2%" for _, roles in rels)
    bad = _check(text.replace("52.1%", "57.1%"))
    assert _flags(bad, "BR101")  # the current share is judged: a slip is flagged


def test_a_plan_word_governs_the_parallel_clauses_after_it() -> None:
    text = (
        "截至9月底，全省保障性住房已开工15.6万套，基本建成8.2万套，分别达到年度目标任务的78%和44%。"
        "今年全省计划新开工20万套，基本建成18.5万套。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "15.6万套", "whole": "20万套", "rate": "78%"}) in rels
    assert ("consistent", {"part": "8.2万套", "whole": "18.5万套", "rate": "44%"}) in rels


def test_new_starts_are_starts_and_a_mistyped_share_warns() -> None:
    from briefing.extraction.metric_keys import atoms

    assert "开工" in atoms("计划新开工")
    text = "今年全市棚改计划新开工3.6万套，1—8月已开工约2.58万套，为年度目标的71.7%。"
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "2.58万套", "whole": "3.6万套", "rate": "71.7%"}) in rels
    assert _flags(_check(text.replace("71.7%", "7.17%")), "BR101")


def test_exports_are_one_measure_and_a_swapped_share_warns() -> None:
    text = (
        "上半年，全市外贸进出口2310亿元，其中出口1348亿元，增长7.4%。\n"
        "全市机电产品出口397.6亿元，占全市出口总额的29.5%。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "397.6亿元", "whole": "1348亿元", "rate": "29.5%"}) in rels
    bad = _check(text.replace("29.5%", "92.5%"))
    assert _flags(bad, "BR101")
    assert not any(roles.get("whole") == "2310亿元" for _, roles in _ratio_roles(bad))


def test_total_funds_stand_for_total_investment() -> None:
    text = "小型水利项目整合总资金3580万元，目前完成投资2380万元，为总投资的66.5%。"
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "2380万元", "whole": "3580万元", "rate": "66.5%"}) in rels
    bad = _check(text.replace("66.5%", "76.5%"))
    assert any(
        st in ("inconsistent", "rounding") and roles.get("whole") == "3580万元"
        for st, roles in _ratio_roles(bad)
    )


def test_a_completion_rate_is_of_the_period_plan_not_the_projects_total() -> None:
    text = (
        "全区列入市重点项目计划共42项，计划总投资512.6亿元，年度投资计划108.4亿元。"
        "据统计，1-6月项目累计完成投资61.35亿元，投资完成率56.6%。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "61.35亿元", "whole": "108.4亿元", "rate": "56.6%"}) in rels
    # a slip in the rate: the plan is the one reading named, so the rate is flagged
    bad = _check(text.replace("56.6%", "59.6%"))
    flagged = [f for f in bad.findings if f.code == "BR101" and f.severity != "info"]
    assert flagged and any("108.4" in f.message for f in flagged)


def test_parallel_shares_share_one_whole_and_a_stray_one_warns() -> None:
    text = (
        "全县招商项目到位资金11.6亿元。\n"
        "分行业看，农业项目6个，合同金额1.9亿元，到位资金0.5亿元，占比4.3%；"
        "工业项目19个，合同金额35.2亿元，到位资金4.9亿元，占比42.2%；"
        "服务业项目33个，合同金额27.4亿元，到位资金6.2亿元，占比53.4%。"
    )
    rels = _ratio_roles(_check(text))
    for part, rate in (("0.5亿元", "4.3%"), ("4.9亿元", "42.2%"), ("6.2亿元", "53.4%")):
        assert ("consistent", {"part": part, "whole": "11.6亿元", "rate": rate}) in rels
    # 4.3% → 8.1%: 0.5 ÷ 6.2 would agree (a one-digit part agrees with many wholes); the
    # siblings' whole says it is a slip
    bad = _ratio_roles(_check(text.replace("占比4.3%", "占比8.1%")))
    assert ("rounding", {"part": "0.5亿元", "whole": "11.6亿元", "rate": "8.1%"}) in bad
    assert not any(st == "consistent" and roles.get("rate") == "8.1%" for st, roles in bad)


def test_a_bare_share_of_a_stated_total_flags_a_shifted_point() -> None:
    text = (
        "列入本次考核的重点任务共48项。截至目前，达到序时进度的36项，占比75.0%；"
        "未达到序时进度的12项，占比25.0%。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "36项", "whole": "48项", "rate": "75.0%"}) in rels
    assert ("consistent", {"part": "12项", "whole": "48项", "rate": "25.0%"}) in rels
    bad = _check(text.replace("75.0%", "7.50%"))
    warned = [f for f in bad.findings if f.code == "BR101" and f.severity == "warning"]
    assert warned and "75.0" in warned[0].message
    assert {f.text for f in warned[0].figures} == {"36项", "48项", "7.50%"}


def test_listed_shares_take_the_plans_stated_after_them_in_order() -> None:
    text = (
        "截至9月底，全省保障性住房已开工15.6万套，基本建成8.2万套，分别达到年度目标任务的78%和64%。"
        "今年全省计划新开工20万套，基本建成18.5万套。"
    )
    rels = _ratio_roles(_check(text))
    assert ("consistent", {"part": "15.6万套", "whole": "20万套", "rate": "78%"}) in rels
    # 64% is 8.2 ÷ 12.8: the second plan (18.5) gives 44% — a warning on that reading
    assert ("rounding", {"part": "8.2万套", "whole": "18.5万套", "rate": "64%"}) in rels


def test_a_gap_written_in_per_cent_is_not_a_stated_time_progress() -> None:
    rep = _check("1-6月，全区重点项目完成年度计划的56%，超时间进度6%。")
    assert not [r for r in rep.relations if r.rule == "time_progress" and len(r.figures) == 2]
    assert not [f for f in rep.findings if f.code == "BR106" and "文中为 6%" in f.message]


def test_a_targets_period_is_not_the_period_of_the_gaps() -> None:
    # 上半年计划…的目标 names a target's period: the gaps are of 1-8月
    text = (
        "1-8月，全区累计完成投资56.2亿元，完成年度计划的61.4%。"
        "按照上半年计划完成率60%、全年完成率110%的目标推进。"
        "（市重点项目完成年度计划的75.3%，高于序时进度2.3个百分点；"
        "区重点项目完成年度计划的48.7%，低于序时进度24.3个百分点。）"
    )
    rels = _rels(_check(text), "time_progress")
    assert ("consistent", ["1-8月", "75.3%", "2.3个百分点"]) in rels
    assert ("consistent", ["1-8月", "48.7%", "24.3个百分点"]) in rels
