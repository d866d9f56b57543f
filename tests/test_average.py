"""BR101 average: which total, count or area an average was paired with, and when a
mismatch is an error, a warning, or names a slip.  Sentences are invented for the tests."""

from __future__ import annotations

import doctest

import briefing
from briefing.checks import average


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _avg(report: briefing.Report) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (r.status, [(f.text, f.role) for f in r.figures])
        for r in report.relations
        if r.rule == "average"
    ]


def _found(report: briefing.Report) -> list[briefing.Finding]:
    return [f for f in report.findings if f.rule == "average"]


def test_docstring_example_runs() -> None:
    fails, _ = doctest.testmod(average, verbose=False)
    assert fails == 0


def test_per_year_over_stated_years() -> None:
    r = _check("五年累计新增就业5120万人，年均新增就业1024万人。")
    assert _avg(r) == [
        ("consistent", [("5120万人", "whole"), ("五年", "count"), ("1024万人", "stated")])
    ]
    bad = _check("五年累计新增就业5120万人，年均新增就业1124万人。")
    (f,) = _found(bad)
    assert f.severity == "error" and f.expected == "1024万人"


def test_per_year_over_a_named_period() -> None:
    r = _check("十三五期间累计完成投资2130亿元，年均完成投资426亿元。")
    assert _avg(r) == [("consistent", [("2130亿元", "whole"), ("426亿元", "stated")])]


def test_per_day_over_the_days_of_the_period() -> None:
    r = _check("2023年1-6月，热线累计受理来电36200件，日均200件。")
    assert _avg(r) == [("consistent", [("36200件", "whole"), ("200件", "stated")])]


def test_yield_per_mu_converts_units() -> None:
    r = _check("今年夏粮播种面积12.5432万亩，总产量4.6234万吨，平均亩产369公斤。")
    assert _avg(r) == [
        (
            "consistent",
            [("4.6234万吨", "whole"), ("12.5432万亩", "area"), ("369公斤", "stated")],
        )
    ]


def test_yield_slip_warns_naming_the_fix() -> None:
    r = _check("今年夏粮播种面积12.5432万亩，总产量4.6234万吨，平均亩产396公斤。")
    (f,) = _found(r)
    assert f.severity == "warning"
    assert "396 为 369" in f.message


def test_near_miss_average_rate_and_unnamed_total_pair_nothing() -> None:
    r = _check("五年来全县生产总值年均增长8.2%，今年实现生产总值1250亿元，年均投资320亿元。")
    assert _avg(r) == []
    assert not _found(r)
