"""Table-driven rule tests: tests/fixtures/checks/*.tsv (consistent, inconsistent, look-alikes)."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefing
from briefing.checks import check

FIX = Path(__file__).parent / "fixtures" / "checks"


def _rows(name: str, ncols: int) -> list[tuple[str, ...]]:
    rows = []
    for line in (FIX / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = tuple(line.split("\t"))
        assert len(parts) == ncols, line
        rows.append(parts)
    return rows


def _statuses(text: str, code: str) -> set[str]:
    report = check(briefing.read_text(text))
    got = {r.status for r in report.relations if r.code == code}
    # an implied whole (nothing could be checked) is an info note, not a relation
    if any(f.code == code and f.severity == "info" for f in report.findings):
        got.add("unverifiable")
    return got


@pytest.mark.parametrize(("expect", "text"), _rows("ratio.tsv", 2))
def test_ratio_fixture(expect: str, text: str) -> None:
    got = _statuses(text, "BR101")
    assert got == (set() if expect == "none" else {expect}), text


@pytest.mark.parametrize(("code", "expect", "text"), _rows("sums.tsv", 3))
def test_sums_and_subsets_fixture(code: str, expect: str, text: str) -> None:
    got = _statuses(text, code)
    if expect == "none":
        assert not got, text
    elif expect == "consistent":
        assert got == {"consistent"}, text
    else:
        assert expect in got, text


@pytest.mark.parametrize(("expect", "text"), _rows("enumeration.tsv", 2))
def test_enumeration_fixture(expect: str, text: str) -> None:
    got = _statuses(text, "BR104")
    assert got == (set() if expect == "none" else {expect}), text


@pytest.mark.parametrize(("code", "expect", "text"), _rows("misc.tsv", 3))
def test_growth_time_duration_ordinal_fixture(code: str, expect: str, text: str) -> None:
    got = _statuses(text, code)
    if expect == "none":
        assert not got, text
    else:
        assert expect in got and (expect != "consistent" or got == {"consistent"}), (text, got)


@pytest.mark.parametrize(("code", "expect", "text"), _rows("findings.tsv", 3))
def test_typo_bracket_range_fixture(code: str, expect: str, text: str) -> None:
    report = check(briefing.read_text(text))
    codes = [f.code for f in report.findings]
    assert (code in codes) == (expect == "finding"), (text, codes)
