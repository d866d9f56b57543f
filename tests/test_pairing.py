"""Ranked pairing with arithmetic as evidence: which figures were paired, not only the
status.  Sentences here are invented for the tests (numbers and wording of the genre)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

import briefing
from briefing.checks.engine import judge, judge_exact, quantity
from briefing.checks.evidence import slips
from briefing.extraction.metric_keys import atoms, metric_key, whole_atoms
from briefing.model import Figure


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _pairs(report: briefing.Report, rule: str) -> list[tuple[str, list[str]]]:
    return [(r.status, [f.text for f in r.figures]) for r in report.relations if r.rule == rule]


def test_metric_keys_identify_spellings_of_the_annual_plan() -> None:
    key = metric_key("年度计划投资")
    assert metric_key("年度投资计划") == key
    assert metric_key("年计划投资") == key
    assert metric_key("全年计划投资") == key
    assert metric_key("累计完成投资") == metric_key("完成投资")
    assert metric_key("总投资") != key


def test_whole_named_by_plan_word_borrows_the_part_measure() -> None:
    assert whole_atoms("年度计划", "完成投资") == atoms("年度计划投资")
    assert whole_atoms("年度计划投资", "到位资金") == atoms("年度计划投资")


def test_share_pairs_with_the_plan_named_in_another_spelling() -> None:
    rep = _check(
        "全区重点项目27个，年度计划投资53.4亿元。1-8月累计完成投资34.6亿元，为年度投资计划的64.8%。"
    )
    assert any(
        st == "consistent" and set(t) == {"53.4亿元", "34.6亿元", "64.8%"}
        for st, t in _pairs(rep, "ratio")
    )


def test_named_rate_takes_the_whole_of_the_sentence_before() -> None:
    rep = _check("今年计划开工项目50个。目前已开工项目30个，未开工项目20个，开工率为60%。")
    readings = [r for r in rep.relations if r.rule == "ratio" and r.status == "consistent"]
    roles = [{f.role: f.text for f in r.figures} for r in readings]
    assert {"part": "30个", "whole": "50个", "rate": "60%"} in roles
    assert not any(f.severity == "error" for f in rep.findings)


def test_parallel_shares_pair_position_by_position() -> None:
    rep = _check(
        "全市技改投资120亿元，其中市级项目完成投资45亿元、县级项目完成投资75亿元，"
        "分别占技改投资的37.5%、62.5%。"
    )
    readings = [
        {f.role: f.text for f in r.figures}
        for r in rep.relations
        if r.rule == "ratio" and r.status == "consistent"
    ]
    assert {"part": "45亿元", "whole": "120亿元", "rate": "37.5%"} in readings
    assert {"part": "75亿元", "whole": "120亿元", "rate": "62.5%"} in readings
    assert not [f for f in rep.findings if f.severity == "error"]


def test_sum_found_among_parts_listed_in_parentheses() -> None:
    rep = _check("上半年开复工项目57项（新建34项，续建23项），开复工率81%。")
    sums = _pairs(rep, "sum")
    assert ("consistent", ["57项", "34项", "23项"]) in sums


def test_sum_slip_is_a_warning_that_names_the_fix() -> None:
    rep = _check("全年共受理群众诉求1386件，其中：咨询类724件，投诉类315件，求助类374件。")
    warn = [f for f in rep.findings if f.code == "BR102"]
    assert warn, rep.findings
    assert warn[0].severity == "warning"
    assert "笔误" in warn[0].message or "不符" in warn[0].message


def test_restated_figure_is_one_relation_over_every_copy() -> None:
    text = (
        "全县新签约招商项目126个，签约金额385.6亿元。\n"
        "今年以来，全县新签约招商项目126个，签约金额385.6亿元，其中工业项目88个。\n"
    )
    rep = _check(text)
    rep_rel = _pairs(rep, "repeat")
    assert ("consistent", ["385.6亿元", "385.6亿元"]) in rep_rel


def test_restated_figure_with_a_swapped_digit_warns() -> None:
    text = (
        "全县新签约招商项目126个，签约金额385.6亿元。\n"
        "今年以来，全县新签约招商项目126个，签约金额358.6亿元，其中工业项目88个。\n"
    )
    rep = _check(text)
    assert any(f.code == "BR107" and f.severity == "warning" for f in rep.findings)


def test_time_progress_relation_carries_its_period() -> None:
    rep = _check("1—4月，全县重点项目完成投资26.9亿元，投资完成率41.6%，超时序进度8.3个百分点。")
    tp = [r for r in rep.relations if r.rule == "time_progress"]
    assert tp and tp[0].status == "consistent"
    assert tp[0].figures[0].role == "period"
    assert tp[0].figures[0].text.startswith("1")


def test_implied_whole_is_an_info_note_not_a_relation() -> None:
    rep = _check("1-9月完成投资61.7亿元，完成年度目标任务的73.4%。")
    assert not [r for r in rep.relations if r.status == "unverifiable" and r.rule == "ratio"]
    info = [f for f in rep.findings if f.code == "BR101" and f.severity == "info"]
    assert info and "应为" not in info[0].message


@pytest.mark.parametrize(
    ("written", "kind", "expected"),
    [
        ("46", "swap", "64"),
        ("61.62", "point", "6.162"),
        ("3.5", "point", "35"),
        ("108", "digit", "103"),
    ],
)
def test_slips_reach_the_mistyped_numeral(written: str, kind: str, expected: str) -> None:
    assert (expected, kind) in set(slips(written))


def test_float_prefilter_agrees_with_exact_arithmetic_on_random_cases() -> None:
    rng = random.Random(20261201)

    def q(text: str, value: str, unit: str, kind: str) -> object:
        dec = len(value.split(".")[1]) if "." in value else 0
        fig = Figure("f", 0, len(text), text, kind, value, unit, None, None, dec)
        return quantity(fig)

    for _ in range(2000):
        a = f"{rng.randint(1, 99999) / 10 ** rng.randint(0, 2):.{rng.randint(0, 2)}f}"
        b = f"{rng.randint(1, 99999) / 10 ** rng.randint(0, 2):.{rng.randint(0, 2)}f}"
        part, whole = q(a + "亿元", a, "亿元", "money"), q(b + "亿元", b, "亿元", "money")
        if Fraction(b) == 0:
            continue
        true = Fraction(a) / Fraction(b) * 100
        shift = rng.choice([Fraction(0), Fraction(1, 100), Fraction(-3, 100), Fraction(5, 10)])
        p = f"{float(true + shift):.{rng.randint(0, 2)}f}"
        rate = q(p + "%", p, "%", "percent")
        fast = judge(lambda x, y: x / y * 100, [part, whole], rate)  # type: ignore[list-item]
        exact = judge_exact(lambda x, y: x / y * 100, [part, whole], rate)  # type: ignore[list-item]
        assert fast.status == exact.status, (a, b, p)


def test_share_corners_are_the_generic_ball_corners_bit_for_bit() -> None:
    from briefing.checks import intervals as iv

    rng = random.Random(20261202)

    def q(value: str, unit: str, kind: str, qualifier: str | None = None) -> iv.Q:
        dec = len(value.split(".")[1]) if "." in value else 0
        text = ("约" if qualifier == "approx" else "") + value + unit
        fig = Figure("f", 0, len(text), text, kind, value, unit, qualifier, None, dec)
        out = quantity(fig)
        assert out is not None
        return out

    compared = 0
    for _ in range(1000):
        a = f"{rng.randint(1, 99999) / 10 ** rng.randint(0, 2):.{rng.randint(0, 2)}f}"
        b = f"{rng.randint(0, 99999) / 10 ** rng.randint(0, 2):.{rng.randint(0, 2)}f}"
        qual = rng.choice([None, None, "approx"])
        part, whole = q(a, "万元", "money", qual), q(b, "亿元", "money")
        for tier in ("strict", "rounding"):
            ivs = [iv._float_interval(x, tier, False) for x in (part, whole)]
            try:
                fast = iv._float_corners(iv.share_of, ivs)
            except iv._Undecided:
                with pytest.raises(iv._Undecided):
                    iv._float_corners(lambda x, y: x / y * 100, ivs)
                continue
            slow = iv._float_corners(lambda x, y: x / y * 100, ivs)
            assert fast is not None and slow is not None
            assert (fast[0].v, fast[0].e) == (slow[0].v, slow[0].e)
            assert (fast[1] is None) == (slow[1] is None)
            if fast[1] is not None and slow[1] is not None:
                assert (fast[1].v, fast[1].e) == (slow[1].v, slow[1].e)
            compared += 1
        try:
            point = iv._share_point(part, whole)
        except iv._Undecided:
            with pytest.raises(iv._Undecided):
                iv._ball(iv._value_ball(part) / iv._value_ball(whole) * 100)
        else:
            slow_point = iv._ball(iv._value_ball(part) / iv._value_ball(whole) * 100)
            assert (point.v, point.e) == (slow_point.v, slow_point.e)
        rate = q(f"{rng.uniform(0, 200):.{rng.randint(0, 2)}f}", "%", "percent")
        if Fraction(b) != 0:
            share = judge(iv.share_of, [part, whole], rate)
            exact = judge_exact(iv.share_of, [part, whole], rate)
            assert share.status == exact.status, (a, b, rate)
    assert compared > 1000


def test_structure_components_are_shares_of_the_listed_parts() -> None:
    rep = _check(
        "全区生产总值200.00亿元。其中第一产业增加值20.00亿元，第二产业增加值80.00亿元，"
        "第三产业增加值100.00亿元。三次产业结构由上年的11:39:50调整为10:40:50。"
    )
    readings = [
        {f.role: f.text for f in r.figures}
        for r in rep.relations
        if r.rule == "ratio" and r.status == "consistent"
    ]
    assert {"part": "80.00亿元", "whole": "200.00亿元", "rate": "40"} in readings
    # the previous year's structure (11:39:50) is not read against this year's parts
    assert not any(r.figures[-1].text == "39" for r in rep.relations if r.rule == "ratio")
    assert any(r.rule == "sum" and "10 + 40 + 50 = 100" in r.formula for r in rep.relations)


def test_structure_component_off_by_a_slip_warns_not_errs() -> None:
    rep = _check(
        "全区生产总值200.00亿元。其中第一产业增加值20.00亿元，第二产业增加值80.00亿元，"
        "第三产业增加值100.00亿元。三次产业结构为10:45:50。"
    )
    flagged = [f for f in rep.findings if f.code == "BR101" and "45" in f.message]
    assert flagged and all(f.severity == "warning" for f in flagged)


def test_a_multiple_is_not_read_as_a_percentage() -> None:
    rep = _check("全市旅游收入12.6亿元，是2013年1.2亿元的10.5倍。")
    assert not [r for r in rep.relations if r.rule == "ratio"]
    assert not [f for f in rep.findings if f.severity == "error"]


KINDERGARTENS = (
    "今年全县为民办实事，计划改扩建25所公办幼儿园，新增学位4500个。截至7月底，全县改扩建"
    "{n}所公办幼儿园，已开工10所，开工率40%；完成投资2760万元。"
)


def test_a_rate_agreeing_with_an_earlier_copy_of_its_whole_flags_the_copy_it_passed_over() -> None:
    # 10 ÷ 25 = 40%: the rate agrees with the plan stated first, not with the 85所 next
    # to it, one slip from 25所 — a copy mistyped
    rep = _check(KINDERGARTENS.format(n="85"))
    assert ("consistent", ["10所", "25所", "40%"]) in [
        (s, sorted(t)) for s, t in _pairs(rep, "ratio")
    ]
    assert _pairs(rep, "repeat") == [("rounding", ["25所", "85所"])]
    assert [(f.code, f.severity) for f in rep.findings] == [("BR107", "warning")]


def test_a_rate_agreeing_with_an_earlier_whole_far_from_its_copy_flags_nothing() -> None:
    # 38 is not one slip from 25: two different figures, no copy
    rep = _check(KINDERGARTENS.format(n="38"))
    assert _pairs(rep, "repeat") == []
    assert rep.findings == []


def test_the_one_admissible_reading_of_a_named_rate_that_disagrees_is_a_warning_relation() -> None:
    # 开复工率 names the things its part counts (项目): one part, one whole, one reading;
    # 62 ÷ 74 = 83.8%, stated 86% — the pairing is reported, as a warning
    rep = _check(
        "今年全区实施重点项目74项（新建44项，续建30项）。1-5月，开复工项目62项"
        "（新建35项，续建27项），开复工率86%。"
    )
    assert ("rounding", ["62项", "74项", "86%"]) in _pairs(rep, "ratio")
    br101 = [f for f in rep.findings if f.code == "BR101"]
    assert br101 and all(f.severity == "warning" for f in br101)


def test_a_parallel_share_whose_part_is_named_in_its_own_words_is_read_with_the_siblings_whole() -> (
    None
):
    # 供暖…来电356件，占比9.0%；物业…来电148件，占比4.0%；噪音…来电97件，占比2.6%: the two
    # others are shares of 3700件, so 9.0% is read with it too (356 ÷ 3700 = 9.6%): a warning
    rep = _check(
        "一、总体情况：3月份，12345热线、网上平台共受理群众诉求3815件，直接办理2950件，"
        "派单865件。\n二、受理分析：（一）热线来电：共接听群众来电3700件，其中转派780件。"
        "（二）上级转办：3月份省级平台转办5件，市级平台11件、政务服务网7件。\n"
        "三、热点问题：关于供暖方面政策咨询、投诉等来电356件，占比9.0%；涉及物业管理类来电148件，占比4.0%；"
        "反映噪音扰民等来电97件，占比2.6%。"
    )
    pairs = _pairs(rep, "ratio")
    assert ("rounding", ["356件", "3700件", "9.0%"]) in pairs
    assert ("consistent", ["148件", "3700件", "4.0%"]) in pairs
    br101 = [f for f in rep.findings if f.code == "BR101"]
    assert br101 and all(f.severity == "warning" for f in br101)


HOTLINE = (
    "5月份，全区12345热线共受理群众诉求3140件，环比增长2.6%，直接解答2530件，派单610件，"
    "{done}580件，超期办结30件，办结率100%，按时办结率{n}%。"
)


def test_a_named_rate_whose_part_says_its_name_is_a_warning_when_one_slip_explains_it() -> None:
    # 按时办结580件 is what 按时办结率 counts: 580 ÷ 610 = 95.1%, stated 35.1%
    rep = _check(HOTLINE.format(done="按时办结", n="35.1"))
    assert ("rounding", ["580件", "610件", "35.1%"]) in _pairs(rep, "ratio")
    assert [(f.code, f.severity, f.expected) for f in rep.findings] == [
        ("BR101", "warning", "95.1")
    ]


def test_a_named_rate_whose_part_says_another_name_is_not_read_for_a_slip() -> None:
    rep = _check(HOTLINE.format(done="办结", n="35.1"))
    assert _pairs(rep, "ratio") == []
    assert [f for f in rep.findings if f.severity != "info"] == []


def test_a_named_rate_two_slips_of_one_reading_from_agreeing_is_a_warning_on_that_reading() -> None:
    # 580 ÷ 610 = 95.1%, stated 85%: the rate's 9 or the part's 8 (520 ÷ 610 = 85.2%) may
    # be the slip — one reading either way, a warning without a fix
    rep = _check(HOTLINE.format(done="按时办结", n="85"))
    assert ("rounding", ["580件", "610件", "85%"]) in _pairs(rep, "ratio")
    assert [(f.code, f.severity) for f in rep.findings] == [("BR101", "warning")]


_WEAK_WHOLE = (
    "1至6月，全区新签约项目412个，签约金额5286.44亿元。"
    "民营企业投资项目260个，签约金额1893.27亿元，占全部招商的{rate}%。"
)


def test_a_rate_whose_whole_is_named_loosely_pairs_by_arithmetic() -> None:
    rep = _check(_WEAK_WHOLE.format(rate="35.81"))
    assert [(st, set(t)) for st, t in _pairs(rep, "ratio")] == [
        ("consistent", {"1893.27亿元", "5286.44亿元", "35.81%"})
    ]


def test_a_mistyped_rate_keeps_the_reading_one_slip_of_the_rate_explains() -> None:
    rep = _check(_WEAK_WHOLE.format(rate="35.18"))
    assert ("rounding", {"5286.44亿元", "1893.27亿元", "35.18%"}) in [
        (st, set(t)) for st, t in _pairs(rep, "ratio")
    ]
    warn = [f for f in rep.findings if f.code == "BR101" and f.severity == "warning"]
    assert len(warn) == 1 and warn[0].stated == "35.18" and warn[0].expected == "35.81"
    assert not any(f.severity == "error" for f in rep.findings)


def test_a_three_digit_rate_agreeing_with_no_reading_is_not_read_for_a_slip() -> None:
    # some thirty numerals one slip from 35.2: a loosely named whole is no evidence
    rep = _check(_WEAK_WHOLE.format(rate="35.2"))
    assert not [r for r in rep.relations if r.rule == "ratio" and r.status != "unverifiable"]
    assert not any(f.severity in ("error", "warning") for f in rep.findings)


_BOUND_NEARBY = (
    "今年上半年全市重点项目累计完成投资1956亿元，占年度计划的49.6%。"
    "其中民生工程项目完成投资近530亿元，占全年计划的73%。"
    "上半年，36个重点推进项目完成投资352亿元，占全市重点项目完成投资的{rate}%。"
)


def test_a_share_of_a_named_whole_reads_with_that_whole() -> None:
    rep = _check(_BOUND_NEARBY.format(rate="18"))
    assert ("consistent", {"352亿元", "1956亿元", "18%"}) in [
        (st, set(t)) for st, t in _pairs(rep, "ratio")
    ]


def test_a_bound_agreeing_by_chance_with_a_mistyped_share_is_not_its_whole() -> None:
    # 352 ÷ 近530 = 66.4%: a bound agrees with many readings; the named whole says 18.0%
    rep = _check(_BOUND_NEARBY.format(rate="66"))
    readings = [(st, set(t)) for st, t in _pairs(rep, "ratio")]
    assert not [st for st, t in readings if "530亿元" in t]
    assert ("rounding", {"352亿元", "1956亿元", "66%"}) in readings
    assert any(f.code == "BR101" and f.severity == "warning" for f in rep.findings)
    assert not any(f.severity == "error" for f in rep.findings)


_HOTLINE = (
    "一、基本情况：本月12345热线共受理群众诉求1932件，办结1901件。"
    "二、来电分析：本月共受理各类来电1850件，其中转办612件。"
    "三、热点问题：关于住房保障咨询等来电233件，占比12.2%；涉及交通出行类来电95件，占比{rate}%；"
    "反映噪音扰民等来电71件，占比3.8%。"
)


def test_a_bare_share_reads_against_the_total_of_what_its_part_counts() -> None:
    rep = _check(_HOTLINE.format(rate="5.1"))
    readings = [(st, set(t)) for st, t in _pairs(rep, "ratio")]
    assert ("consistent", {"95件", "1850件", "5.1%"}) in readings
    assert ("consistent", {"71件", "1850件", "3.8%"}) in readings


def test_a_mistyped_bare_share_whose_siblings_do_not_all_agree_still_warns() -> None:
    # 12.2% is off already; with 0.51% only one sibling agrees with 1850 (no majority):
    # 各类来电1850件 is the total of the 来电 the parts count, by its words
    rep = _check(_HOTLINE.format(rate="0.51"))
    flagged = [
        f
        for f in rep.findings
        if f.severity == "warning" and any(x.text == "0.51%" for x in f.figures)
    ]
    assert flagged and all(f.code == "BR101" for f in flagged)
    assert not any(
        f.severity == "error" and any(x.text == "0.51%" for x in f.figures) for f in rep.findings
    )
