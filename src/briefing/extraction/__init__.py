"""Figure extraction: every amount, count and rate with unit, precision and metric.

    extract(doc) -> list[Figure]
    enumerations(doc, figures) -> list[Enumeration]

Matching runs on ``doc.norm`` (simplified, half-width, same length as ``doc.text``)
and every Figure reports ``text = doc.text[start:end]``.
"""

from __future__ import annotations

import bisect

from briefing.extraction.context import annotate
from briefing.extraction.figures import QUANTITY_KINDS, RawFigure, scan
from briefing.model import Document, Enumeration, Figure

__all__ = ["QUANTITY_KINDS", "enumerations", "extract", "extract_text"]

#: Blocks whose numbers are metadata (期号, 共印N份), never quantities.
_META_BLOCKS = frozenset({"masthead", "imprint", "meta"})


def extract(doc: Document) -> list[Figure]:
    """Every figure in ``doc``, in text order, ids ``f1``, ``f2`` …"""
    raw = scan(doc.norm)
    if doc.blocks:
        _demote_meta(doc, raw)
    ctx = annotate(doc, raw)
    text = doc.text
    path = doc.path
    # positional construction: the field order of briefing.model.Figure
    figures = [
        Figure(
            f"f{i}",
            r.start,
            r.end,
            text[r.start : r.end],
            r.kind,
            r.value,
            r.unit,
            r.base_value,
            r.base_unit,
            r.decimals,
            r.qualifier,
            metric,
            subject,
            period,
            sentence,
            section,
            r.negative,
            r.upper,
            path,
        )
        for i, (r, (metric, subject, period, sentence, section)) in enumerate(
            zip(raw, ctx, strict=True), 1
        )
    ]
    _normalize_periods(figures, doc.meta.date)
    if any(b.kind == "table" for b in doc.blocks) or "|" in doc.norm or "  " in doc.norm:
        # cell figures take the unit, metric and subject their table gives them
        from briefing.extraction.tables import apply_tables

        apply_tables(doc, figures)
    return figures


def _normalize_periods(figures: list[Figure], anchor: str | None) -> None:
    """Each figure's period phrase as a calendar span, anchored on the document's date."""
    from briefing.extraction.periods import normalize_period

    for f in figures:
        if f.period:
            p = normalize_period(f.period, anchor)
            if p is not None:
                f.period_start, f.period_end, f.period_cumulative = p.start, p.end, p.cumulative


def _demote_meta(doc: Document, raw: list[RawFigure]) -> None:
    spans = [(b.start, b.end) for b in doc.blocks if b.kind in _META_BLOCKS]
    if not spans:
        return
    starts = [s for s, _ in spans]
    ordered = all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    for r in raw:
        if r.kind in QUANTITY_KINDS:
            if ordered:  # disjoint blocks in order: the one holding r is found by bisection
                k = bisect.bisect_right(starts, r.start) - 1
                if k >= 0 and r.start < spans[k][1]:
                    r.kind = "other"
                continue
            for s, e in spans:
                if s <= r.start < e:
                    r.kind = "other"
                    break


def extract_text(text: str) -> list[Figure]:
    """Convenience: figures of a plain string (built with the reader's normalization)."""
    from briefing import read_text

    return extract(read_text(text))


def enumerations(doc: Document, figures: list[Figure] | None = None) -> list[Enumeration]:
    """Stated counts with their listed items (七个方向 ← A、B、C…)."""
    from briefing.extraction.enums import find_enumerations

    if figures is None:
        figures = extract(doc)
    return find_enumerations(doc, figures)
