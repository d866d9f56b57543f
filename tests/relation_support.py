"""Shared helpers of the rule tests: check an invented text, list its sum readings."""

from __future__ import annotations

import briefing


def check_text(text: str) -> briefing.Report:
    """The report of ``text`` read as a .txt bulletin."""
    return briefing.check(briefing.read_text(text))


def sum_readings(report: briefing.Report) -> list[tuple[str, tuple[str, ...], str]]:
    """(status, parts, total) of every sum relation, as written."""
    out = []
    for r in report.relations:
        if r.rule != "sum":
            continue
        parts = tuple(f.text for f in r.figures if f.role == "part")
        total = next((f.text for f in r.figures if f.role == "total"), "")
        out.append((r.status, parts, total))
    return out
