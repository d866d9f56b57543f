"""Arithmetic cross-checks: ``check(doc, figures=None) -> Report``.

Each rule lives in its own module with its BR code (see :data:`engine.REGISTRY`);
rules yield relations (judged within reported precision) and findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.checks import (  # noqa: F401  (importing registers the rules)
    brackets,
    duration,
    enumeration,
    growth,
    ordinal,
    ranges,
    ratio,
    repeat,
    subset,
    sums,
    time_progress,
    typos,
)
from briefing.checks.engine import REGISTRY, Context, Judged, to_finding
from briefing.model import Document, Figure, Finding, Relation, Report

__all__ = ["REGISTRY", "check", "figures_for"]


def figures_for(doc: Document) -> list[Figure]:
    """Figures of ``doc`` from figure extraction (``briefing.extract``)."""
    from briefing.extraction import extract

    return extract(doc)


def _selected(code: str, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(s) for s in ignore))


def check(
    doc: Document,
    figures: Sequence[Figure] | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Report:
    """Cross-check the arithmetic of ``doc``: every relation recognised and the findings."""
    figs = list(figures) if figures is not None else figures_for(doc)
    ctx = Context(doc, figs)
    relations: list[Relation] = []
    findings: list[Finding] = []
    for code in sorted(REGISTRY):
        if not _selected(code, select, ignore):
            continue
        for item in REGISTRY[code].func(ctx):
            if isinstance(item, Judged):
                relations.append(item.relation)
                f = to_finding(item)
                if f is not None:
                    findings.append(f)
            else:
                findings.append(item)
    relations.sort(key=lambda r: (r.start, r.end))
    findings = _merge_repeats(doc, findings)
    findings.sort(key=lambda f: (f.start, f.code))
    return Report(doc=doc.path, relations=relations, findings=findings)


def _merge_repeats(doc: Document, findings: list[Finding]) -> list[Finding]:
    """The same slip copied to several places is one finding (naming how often it occurs)."""
    seen: dict[tuple[str, str, str | None, str | None], Finding] = {}
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.message, f.stated, f.expected)
        first = seen.get(key)
        if first is None:
            seen[key] = f
            out.append(f)
            continue
        n = (
            int(first.message.rsplit("（同一问题在文中出现", 1)[1].split("次")[0])
            if "（同一问题在文中出现" in first.message
            else 1
        )
        base = first.message.split("（同一问题在文中出现")[0]
        first.message = f"{base}（同一问题在文中出现{n + 1}次）"
        first.message_en = first.message_en.split(" (occurs")[0] + f" (occurs {n + 1} times)"
    return out
