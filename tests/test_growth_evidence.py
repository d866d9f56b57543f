"""BR105 growth read with evidence: which figures were paired (value, change, previous,
rate), the 倍 forms, periods compared by name, and the slips named.  Sentences are
invented for the tests."""

from __future__ import annotations

import doctest

import briefing
from briefing.checks import growth


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _growth(report: briefing.Report) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (r.status, [(f.text, f.role) for f in r.figures])
        for r in report.relations
        if r.rule == "growth"
    ]


def _found(report: briefing.Report, code: str = "BR105") -> list[briefing.Finding]:
    return [f for f in report.findings if f.code == code and f.severity in ("error", "warning")]


def test_docstring_example_runs() -> None:
    fails, _ = doctest.testmod(growth, verbose=False)
    assert fails == 0


def test_change_after_a_share_of_the_budget_pairs_the_current_value() -> None:
    r = _check(
        "全市税收收入累计完成35810万元，完成年度预算52000万元的68.9%，"
        "比上年减收2140万元，下降5.6%。"
    )
    assert (
        "consistent",
        [("35810万元", "value"), ("2140万元", "change"), ("5.6%", "rate")],
    ) in _growth(r)
    assert not _found(r)


def test_bare_zeng_and_mixed_scales() -> None:
    r = _check("蔬菜种植面积23.65万亩，同比增加8000亩，比增3.5%。")
    assert _growth(r) == [
        ("consistent", [("23.65万亩", "value"), ("8000亩", "change"), ("3.5%", "rate")])
    ]


def test_both_values_the_change_and_the_rate_are_one_relation() -> None:
    r = _check("全县油料总产量8.6万吨，比2019年的8.1258万吨，增0.4742万吨，增5.8%。")
    assert _growth(r) == [
        (
            "consistent",
            [
                ("8.6万吨", "value"),
                ("8.1258万吨", "previous"),
                ("0.4742万吨", "change"),
                ("5.8%", "rate"),
            ],
        )
    ]


def test_previous_value_named_by_its_year_before_the_rate() -> None:
    r = _check("全县油料总产量8.6万吨，比2019年的8.1258万吨增长5.8%。")
    assert _growth(r) == [
        ("consistent", [("8.6万吨", "value"), ("8.1258万吨", "previous"), ("5.8%", "rate")])
    ]


def test_a_slipped_change_is_flagged_naming_the_figure() -> None:
    r = _check("全县油料总产量8.6258万吨，比2019年的8.1258万吨，增0.4000万吨，增6.2%。")
    (f,) = _found(r)
    assert f.severity == "error"
    assert "0.4000 为 0.5000" in f.message
    assert {x.text for x in f.figures} == {"8.6258万吨", "8.1258万吨", "0.4000万吨", "6.2%"}


def test_rate_on_the_wrong_base_is_an_error() -> None:
    # 398 ÷ 1562 = 25.5% is the rate on the current value; the growth is 398 ÷ 1164
    r = _check("劳务收入完成1562万元，比上年增加398万元，增长25.5%。")
    (f,) = _found(r)
    assert f.severity == "error" and f.expected == "34.2%"


def test_near_miss_share_and_new_total_pair_nothing() -> None:
    r = _check(
        "劳务收入完成1562万元，比上年增加398万元，占全部收入的25.5%。今年新增就业1.2万人，增长5%。"
    )
    assert _growth(r) == []
    assert not _found(r)


def test_average_and_its_rounded_change_hold() -> None:
    r = _check("今年夏粮平均亩产216公斤，比上年增8公斤，增3.9%。")
    assert _growth(r) == [
        ("consistent", [("216公斤", "value"), ("8公斤", "change"), ("3.9%", "rate")])
    ]


def test_increase_by_n_times_is_n_plus_one_times() -> None:
    ok = _check("从2013年的1.2亿元到2023年的12.6亿元，十年间增长了9.5倍。")
    assert _growth(ok) == [
        ("consistent", [("1.2亿元", "previous"), ("12.6亿元", "value"), ("9.5倍", "rate")])
    ]
    bad = _check("从2013年的1.2亿元到2023年的12.6亿元，十年间增长了10.5倍。")
    (f,) = _found(bad)
    assert f.severity == "error"
    assert "应为“增长9.5倍”或“是…的10.5倍”" in f.message


def test_is_n_times_of() -> None:
    r = _check("2023年出口额达到12.6亿元，是2013年1.2亿元的10.5倍。")
    assert (
        "consistent",
        [("1.2亿元", "previous"), ("12.6亿元", "value"), ("10.5倍", "rate")],
    ) in _growth(r)


def test_periods_compared_by_name_take_their_listed_values() -> None:
    r = _check("其中一季度、二季度分别完成投资120.5亿元和131.2亿元。二季度比一季度增长8.9%。")
    assert _growth(r) == [
        ("consistent", [("131.2亿元", "value"), ("120.5亿元", "previous"), ("8.9%", "rate")])
    ]
