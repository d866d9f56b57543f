"""Checks on the two real bulletins, the interval engine, and ``briefing check``."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import briefing
from briefing.checks import check
from briefing.checks.engine import Interval, judge, quantity
from briefing.model import Figure

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
B000 = CORPUS / "000_99a09c4a09bb7dc8.txt"
B004 = CORPUS / "004_9bc5170ca316a9ee.txt"


def _fig(value: str, unit: str, kind: str = "money", qualifier: str | None = None) -> Figure:
    dec = len(value.split(".")[1]) if "." in value else 0
    return Figure("f", 0, 1, value + unit, kind, value, unit, None, None, dec, qualifier)


def _q(value: str, unit: str, kind: str = "money", qualifier: str | None = None):  # type: ignore[no-untyped-def]
    q = quantity(_fig(value, unit, kind, qualifier))
    assert q is not None
    return q


# -- interval engine -----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "p", "status"),
    [
        ("5", "11", "45.5", "consistent"),  # 45.45…% within 45.5 ± 0.05
        ("48.3", "65.57", "74", "consistent"),
        ("129", "270", "47", "truncation"),  # 47.8% cut to 47
        ("7.9", "9", "85.78", "rounding"),  # holds only if 9亿元 was rounded
        ("9.9", "25.75", "48.45", "inconsistent"),
    ],
)
def test_judges_ratios_within_reported_precision(a: str, b: str, p: str, status: str) -> None:
    unit = "个" if "." not in a + b and status != "rounding" else "亿元"
    kind = "count" if unit == "个" else "money"
    v = judge(
        lambda x, y: x / y * 100, [_q(a, unit, kind), _q(b, unit, kind)], _q(p, "%", "percent")
    )
    assert v.status == status


def test_figure_interval_follows_decimals_and_scale() -> None:
    q = _q("9.9", "亿元")
    assert q.interval() == Interval(Fraction(985000000), Fraction(995000000))
    assert _q("16", "个", "count").interval() == Interval(Fraction(16), Fraction(16))


def test_qualifiers_widen_intervals() -> None:
    over = _q("2300", "万吨", "mass", "over").interval()
    assert over.lo == 23000000 and over.hi is not None and over.hi >= 24000000
    assert _q("10", "个", "count", "at_least").interval().hi is None
    approx = _q("2000", "亩", "area", "approx").interval()
    assert approx.lo < 2000 < approx.hi  # type: ignore[operator]


# -- real bulletins --------------------------------------------------------------


@pytest.fixture(scope="module")
def r000():  # type: ignore[no-untyped-def]
    return check(briefing.read(B000))


@pytest.fixture(scope="module")
def r004():  # type: ignore[no-untyped-def]
    return check(briefing.read(B004))


def _has(report, code: str, texts: list[str], status: str = "consistent") -> bool:  # type: ignore[no-untyped-def]
    for r in report.relations:
        got = [f.text for f in r.figures]
        if r.code == code and r.status == status and all(t in got for t in texts):
            return True
    return False


@pytest.mark.parametrize(
    ("code", "texts"),
    [
        ("BR101", ["90个", "120个", "75%"]),
        ("BR102", ["16个", "1个", "11个", "4个"]),
        ("BR102", ["114.23亿元", "21亿元", "68.63亿元", "24.6亿元"]),
        ("BR101", ["9.9亿元", "25.75亿元", "38.45%"]),
        ("BR101", ["5个", "11个", "45.5%"]),
        ("BR101", ["9.85亿元", "24.6亿元", "40%"]),
        ("BR101", ["2个", "4个", "50%"]),
        ("BR104", ["“十园”"]),
        ("BR104", ["六项保障"]),
        ("BR104", ["五大板块"]),
    ],
)
def test_bulletin_000_relations_are_consistent(r000, code: str, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _has(r000, code, texts)


def test_bulletin_000_has_exactly_the_duplicate_direction_error(r000) -> None:  # type: ignore[no-untyped-def]
    errors = r000.errors
    assert len(errors) == 1
    e = errors[0]
    assert e.code == "BR104" and e.stated == "7" and e.expected == "6"
    assert "无人机产业" in e.message


def test_bulletin_000_reports_implied_annual_plan(r000) -> None:  # type: ignore[no-untyped-def]
    notes = [f for f in r000.findings if f.severity == "info" and f.code == "BR101"]
    assert any("56.8亿元" in f.message and "15亿元" in [x.text for x in f.figures] for f in notes)
    assert all("应为" not in f.message for f in notes)  # an implied value is no correction


def test_bulletin_000_warns_of_doubled_character(r000) -> None:  # type: ignore[no-untyped-def]
    assert any(f.code == "BR201" and f.stated == "产业业" for f in r000.warnings)


@pytest.mark.parametrize(
    ("code", "texts"),
    [
        ("BR101", ["48.3亿元", "65.57亿元", "74%"]),
        ("BR101", ["76项", "80项", "95%"]),
        ("BR103", ["14个", "21个"]),
        ("BR103", ["297.30亿元", "359.45亿元"]),
        ("BR107", ["21个"]),
        ("BR107", ["359.45亿元"]),
        ("BR104", ["三家企业", "利源", "顺成", "鑫磊"]),
    ],
)
def test_bulletin_004_relations_are_consistent(r004, code: str, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _has(r004, code, texts)


def test_bulletin_004_duration_and_leads(r004) -> None:  # type: ignore[no-untyped-def]
    assert any(
        r.code == "BR108" and r.status == "consistent" and "9 个月" in r.formula
        for r in r004.relations
    )
    assert any(
        r.code == "BR109" and r.status == "consistent" and "四是" in r.formula
        for r in r004.relations
    )


def test_bulletin_004_has_no_errors(r004) -> None:  # type: ignore[no-untyped-def]
    assert r004.errors == []


def test_error_message_shows_the_arithmetic() -> None:
    doc = briefing.read_text("年度计划投资25.75亿元，完成投资9.9亿元，完成年度计划投资的48.45%。")
    (f,) = check(doc).errors
    assert f.code == "BR101" and "9.9 ÷ 25.75 = 38.45%" in f.message and "48.45%" in f.message
    assert {r.role for r in f.figures} == {"part", "whole", "rate"}


# -- CLI -------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", "check", *args], capture_output=True, text=True
    )


def test_cli_exits_1_on_errors_and_prints_summary() -> None:
    p = _cli(str(B000), str(B004))
    assert p.returncode == 1
    assert "\x1b[" not in p.stdout  # piped: no colour
    assert p.stdout.strip().splitlines()[-1] == "2 files, 1 error, 1 warning"
    assert "[无人机产业]" in p.stdout


def test_cli_exits_0_when_errors_ignored_and_2_on_missing_file() -> None:
    assert _cli(str(B000), "--ignore", "BR104").returncode == 0
    assert _cli(str(B000), "--select", "BR2").returncode == 0
    bad = _cli("no-such-file.txt")
    assert bad.returncode == 2 and "no-such-file.txt" in bad.stderr


def test_cli_json_is_one_report_per_line() -> None:
    p = _cli(str(B000), str(B004), "--format", "json")
    lines = p.stdout.strip().splitlines()
    assert len(lines) == 2
    reports = [json.loads(x) for x in lines]
    assert reports[0]["doc"].endswith("000_99a09c4a09bb7dc8.txt")
    assert {"rule", "status", "formula", "figures", "start", "end"} <= set(
        reports[0]["relations"][0]
    )
    assert reports[1]["findings"] == [] or all(
        f["severity"] != "error" for f in reports[1]["findings"]
    )


def test_cli_colours_only_when_asked() -> None:
    p = _cli(str(B000), "--color", "always")
    assert "\x1b[1;31m" in p.stdout
