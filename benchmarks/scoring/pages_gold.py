"""Scoring figures against tests/gold/pages_figures.json (excerpts of ``pages.jsonl``).

The gold offsets index the *raw* ``text`` field of pages.jsonl, debris and all
(``項(xiàng)``, zero-width spaces).  ``briefing.read_text`` removes that debris, so each
gold span is mapped into ``Document.text`` by aligning the raw text with the document
text (difflib, character level) rather than by searching for the span.

Matching a figure to a gold item: a quantity figure starting where the gold span starts
in the document text, else the first unused one starting inside it (or two characters
before it).  It agrees when kind, base value (exact, as a Decimal), base unit and
qualifier class agree.  Optional gold items are neither rewarded nor penalised.
Used by tests/test_figures_pages.py, benchmarks/extract.py and benchmarks/peers.py.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from briefing.model import Figure
from scoring.seed import QUANTITY_KINDS, Score

#: Qualifier words of the gold (as written, simplified) → the Figure.qualifier values
#: that express them.
QUALIFIERS: dict[str, frozenset[str | None]] = {
    "": frozenset({None}),
    "约": frozenset({"approx"}),
    "左右": frozenset({"approx"}),
    "余": frozenset({"over"}),
    "多": frozenset({"over"}),
    "超过": frozenset({"over"}),
    "超": frozenset({"over"}),
    "逾": frozenset({"over"}),
    "突破": frozenset({"over", None}),
    "以上": frozenset({"over", "at_least"}),
    "不低于": frozenset({"at_least", "over"}),
    "至少": frozenset({"at_least", "over"}),
    "近": frozenset({"under"}),
    "以内": frozenset({"under"}),
    "不超过": frozenset({"under"}),
    "不足": frozenset({"under"}),
}


@dataclass
class KindScore:
    """Score broken down by kind: tp/fn by the gold kind, fp by the figure's kind."""

    total: Score = field(default_factory=Score)
    by_kind: dict[str, Score] = field(default_factory=dict)

    def kind(self, k: str) -> Score:
        return self.by_kind.setdefault(k, Score())

    def add(self, other: KindScore) -> None:
        self.total.add(other.total)
        for k, s in other.by_kind.items():
            self.kind(k).add(s)


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Gold items grouped by page id, in raw-offset order."""
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    by: dict[str, list[dict[str, Any]]] = {}
    for g in sorted(items, key=lambda g: (g["page"], g["start"])):
        by.setdefault(g["page"], []).append(g)
    return by


def load_pages(path: str | Path) -> dict[str, str]:
    """Raw ``text`` of every excerpt of pages.jsonl by id."""
    out: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["id"]] = d["text"]
    return out


def align(raw: str, text: str) -> list[int | None]:
    """For each raw offset, the offset of the same character in ``text`` (None if dropped)."""
    out: list[int | None] = [None] * (len(raw) + 1)
    sm = difflib.SequenceMatcher(None, raw, text, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            out[a + k] = b + k
    out[len(raw)] = len(text)
    return out


def map_span(amap: list[int | None], start: int, end: int) -> tuple[int, int] | None:
    """Raw [start, end) → document [s, e) through kept characters; None if nothing kept."""
    kept = [amap[i] for i in range(start, end) if amap[i] is not None]
    if not kept:
        return None
    return min(k for k in kept if k is not None), max(k for k in kept if k is not None) + 1


def _agrees(g: dict[str, Any], f: Figure) -> str | None:
    if f.kind != g["kind"]:
        return f"kind {f.kind} != {g['kind']}"
    gv = Decimal(g["base_value"])
    fv = Decimal(f.base_value) if f.base_value is not None else None
    if fv is None or fv != gv:
        return f"value {f.base_value} != {g['base_value']}"
    if (f.base_unit or "") != g["base_unit"]:
        return f"unit {f.base_unit} != {g['base_unit']}"
    if f.qualifier not in QUALIFIERS[g["qualifier"]]:
        return f"qualifier {f.qualifier} != {g['qualifier']}"
    return None


def score_page(
    raw: str, text: str, figures: Iterable[Figure], gold: list[dict[str, Any]], page: str = ""
) -> KindScore:
    """Score one excerpt: ``text`` is Document.text of ``raw``, figures extracted from it."""
    ks = KindScore()
    by_start = {f.start: f for f in figures if f.kind in QUANTITY_KINDS}
    amap = align(raw, text)
    used: set[int] = set()
    tag = f"{page}:" if page else ""
    for g in gold:
        span = map_span(amap, g["start"], g["end"])
        f: Figure | None = None
        if span is not None:
            s, e = span
            f = by_start.get(s) if s not in used else None
            if f is None:
                for st in range(s - 2, e):
                    if st in by_start and st not in used:
                        f = by_start[st]
                        break
        if g.get("optional"):
            if f is not None:
                used.add(f.start)
            continue
        sk = ks.kind(g["kind"])
        label = f"{tag}{g['text_span']}@{g['start']}"
        if f is None:
            for sc in (ks.total, sk):
                sc.fn += 1
                sc.missed.append(label)
            continue
        used.add(f.start)
        why = _agrees(g, f)
        if why is None:
            ks.total.tp += 1
            sk.tp += 1
        else:
            for sc in (ks.total, sk):
                sc.fn += 1
                sc.wrong.append(f"{label}: {why}")
            ks.total.fp += 1
            ks.kind(f.kind).fp += 1
    for st, f in by_start.items():
        if st not in used:
            label = f"{tag}{f.text}@{f.start} {f.kind} {f.unit}"
            for sc in (ks.total, ks.kind(f.kind)):
                sc.fp += 1
                sc.spurious.append(label)
    return ks


def score_pages(gold_path: str | Path, pages_path: str | Path) -> KindScore:
    """Read every gold page with ``briefing.read_text``, extract, and score."""
    import briefing
    from briefing.extraction import extract

    pages = load_pages(pages_path)
    total = KindScore()
    for page, gold in load_gold(gold_path).items():
        raw = pages[page]
        doc = briefing.read_text(raw)
        total.add(score_page(raw, doc.text, extract(doc), gold, page))
    return total


def format_table(ks: KindScore) -> str:
    """Per-kind precision/recall lines, then the total."""
    rows = [f"  {'kind':<9} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>7} {'R':>7}"]
    for k in sorted(ks.by_kind):
        s = ks.by_kind[k]
        rows.append(f"  {k:<9} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:7.4f} {s.recall:7.4f}")
    s = ks.total
    rows.append(f"  {'all':<9} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:7.4f} {s.recall:7.4f}")
    return "\n".join(rows)
