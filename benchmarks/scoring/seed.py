"""Scoring figures against a gold list whose offsets index the *raw* files.

``Document.text`` drops chrome and repairs debris, so gold offsets into the raw
.txt files are mapped by finding each gold ``text_span`` in order in the document
text (searching forward from the previous hit, near the expected position).
Used by tests/test_figures_seed.py and benchmarks/extract.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from briefing.extraction.figures import QUANTITY_KINDS
from briefing.model import Figure

_KIND_ALIASES = {"weight": "mass"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)  # found but value/unit/kind/qualifier differ
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.wrong += other.wrong
        self.missed += other.missed
        self.spurious += other.spurious


def locate(text: str, gold: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int | None]]:
    """Map each gold item (in raw-offset order) to a start offset in ``text``."""
    out: list[tuple[dict[str, Any], int | None]] = []
    shift = 0  # doc offset - raw offset, learned from the previous hit
    for g in sorted(gold, key=lambda g: g["start"]):
        span = g["text_span"]
        expected = g["start"] + shift
        best: int | None = None
        i = text.find(span, max(0, expected - 400))
        while i >= 0 and i <= expected + 400:
            if best is None or abs(i - expected) < abs(best - expected):
                best = i
            i = text.find(span, i + 1)
        if best is not None:
            shift = best - g["start"]
        out.append((g, best))
    return out


def _agrees(g: dict[str, Any], f: Figure) -> str | None:
    """None when f matches gold g on value, unit, kind and qualifier; else the reason."""
    kind = _KIND_ALIASES.get(g["kind"], g["kind"])
    if f.kind != kind:
        return f"kind {f.kind} != {kind}"
    gv = Decimal(str(g["value"]))
    fv = Decimal(f.base_value) if f.base_value is not None else None
    if fv is None or abs(fv - gv) > abs(gv) * Decimal("1e-9"):
        return f"value {f.base_value} != {g['value']}"
    gu = g["unit"]
    if gu and gu not in (f.unit, f.base_unit) and not (f.unit or "").startswith(gu):
        return f"unit {f.unit}/{f.base_unit} != {gu}"
    gq = {
        "": None,
        "约": "approx",
        "以上": "over",
        "余": "over",
        "多": "over",
        "以内": "under",
        "近": "under",
    }.get(g["qualifier"], g["qualifier"])
    if gq != f.qualifier:
        return f"qualifier {f.qualifier} != {gq}"
    return None


def score(text: str, figures: list[Figure], gold: list[dict[str, Any]]) -> Score:
    sc = Score()
    by_start: dict[int, Figure] = {fig.start: fig for fig in figures if fig.kind in QUANTITY_KINDS}
    used: set[int] = set()
    optional_starts: set[int] = set()
    for g, at in locate(text, gold):
        if at is None:
            if not g.get("optional"):
                sc.fn += 1
                sc.missed.append(f"{g['text_span']} (not located)")
            continue
        f = by_start.get(at)
        if f is None:
            # a figure may include a leading part the gold leaves out (or vice versa)
            for s in range(at - 2, at + len(g["text_span"])):
                if s in by_start and s not in used:
                    f = by_start[s]
                    break
        if g.get("optional"):
            if f is not None:
                used.add(f.start)
            optional_starts.add(at)
            continue
        if f is None:
            sc.fn += 1
            sc.missed.append(f"{g['text_span']}@{at}")
            continue
        used.add(f.start)
        why = _agrees(g, f)
        if why is None:
            sc.tp += 1
        else:
            sc.fn += 1
            sc.fp += 1
            sc.wrong.append(f"{g['text_span']}@{at}: {why}")
    for s, f in by_start.items():
        if s not in used:
            sc.fp += 1
            sc.spurious.append(f"{f.text}@{f.start} {f.kind} {f.unit}")
    return sc
