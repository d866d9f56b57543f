"""Check engine: the rule registry, interval arithmetic and Relation → Finding.

Judging with reported precision (DESIGN.md): a figure written with ``d``
decimals stands for ``value ± 0.5·10^-d`` (scaled by its unit), widened by its
qualifier.  A relation is consistent when the interval computed from the
operands meets the stated figure's interval.  All arithmetic is exact
(:class:`fractions.Fraction`); there are no fixed tolerances.

Tiers, tried in order:

``strict``
    operands with decimals carry their half-unit; integer operands are taken
    as written; the stated result carries its half-unit → ``consistent``.
``rounding``
    integer operands that are not exact counts (9亿元, 655万人) are also taken
    as rounded (8.5–9.5亿元) → ``rounding`` (a warning naming the operand).
``truncation``
    the stated result is the computed one cut off instead of rounded
    (129/270 = 47.8% stated 47%) → a warning naming the truncation.

Otherwise the relation is ``inconsistent`` (an error finding).
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.model import Document, Figure, FigureRef, Finding, Relation

DATA = Path(__file__).resolve().parents[1] / "data" / "checks.toml"


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The language knowledge in ``data/checks.toml`` (loaded once)."""
    with DATA.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def _scales() -> list[tuple[str, Fraction]]:
    sc = config()["scales"]
    return sorted(((k, Fraction(v)) for k, v in sc.items()), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=1)
def _item_units() -> frozenset[str]:
    return frozenset(config()["units"]["items"])


@lru_cache(maxsize=1)
def _exact_units() -> frozenset[str]:
    return frozenset(config()["units"]["exact"])


# ---------------------------------------------------------------------------
# Quantities and intervals
# ---------------------------------------------------------------------------

INF = None  # an open upper bound


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Fraction
    hi: Fraction | None  # None: unbounded above

    def meets(self, other: Interval) -> bool:
        if self.hi is not None and other.lo > self.hi:
            return False
        return not (other.hi is not None and self.lo > other.hi)

    def __add__(self, other: Interval) -> Interval:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(self.lo + other.lo, hi)


@dataclass(slots=True)
class Q:
    """A figure as a quantity: exact value in base units, family, precision."""

    fig: Figure
    start: int
    end: int
    text: str
    value: Fraction  # in base units (元, 个, %) - percentages stay in percent
    written: str  # number as written
    decimals: int
    scale: Fraction
    family: str  # "%", "pp", "个" (items), "元", "人", "亩", ...
    unit: str
    qualifier: str | None
    kind: str
    exact_count: bool

    @property
    def step(self) -> Fraction:
        """One unit of the last written digit, in base units."""
        return Fraction(1, 10**self.decimals) * self.scale

    def interval(self, tier: str = "strict", stated: bool = False) -> Interval:
        """This figure's interval.  ``stated`` results always carry their half-unit."""
        v = self.value
        half = self.step / 2
        q = self.qualifier
        if q is None:
            if stated or self.decimals > 0 or (tier != "strict" and not self.exact_count):
                return Interval(v - half, v + half)
            return Interval(v, v)
        width = Fraction(config()["precision"]["over"])
        unit = _last_significant_unit(self.written, self.decimals) * self.scale
        if q == "approx":
            w = Fraction(config()["precision"]["approx"]) * abs(v)
            return Interval(v - max(w, half), v + max(w, half))
        if q == "over":
            return Interval(v, v + max(unit, v * width))
        if q == "at_least":
            return Interval(v, INF)
        if q == "under":
            return Interval(v - max(unit, v * width), v)
        return Interval(v - half, v + half)


def _last_significant_unit(written: str, decimals: int) -> Fraction:
    """余/多 widen to the next unit of the last significant digit: 2300余 → 100."""
    if decimals > 0:
        return Fraction(1, 10**decimals)
    digits = written.split(".")[0].lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == len(digits):
        return Fraction(1)
    return Fraction(10**zeros)


def _split_scale(unit: str) -> tuple[Fraction, str]:
    for prefix, factor in _scales():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return Fraction(1), unit


_NUM = re.compile(r"^-?\d+(?:\.\d+)?$")


def quantity(fig: Figure) -> Q | None:
    """Adapt an extracted :class:`Figure` for arithmetic; None when it is not a quantity."""
    if fig.kind in ("date", "ordinal", "name") or fig.value is None:
        return None
    written = fig.value.replace(",", "")
    if not _NUM.match(written):
        return None
    unit = (fig.unit or "").strip()
    if fig.kind == "ppoint" or unit.endswith("百分点"):
        scale, family = Fraction(1), "pp"
    elif unit in ("%", "％") or fig.kind == "percent":
        scale, family = Fraction(1), "%"
    else:
        scale, base = _split_scale(unit)
        if not base and fig.base_value and Fraction(written) != 0:
            scale = Fraction(Decimal(fig.base_value)) / Fraction(written)
        family = base or (fig.base_unit or "个")
        if family in _item_units():
            family = "个"
    decimals = fig.decimals if fig.decimals is not None else 0
    if "." in written:
        decimals = len(written.split(".")[1])
    exact = family in _exact_units() or family == "个"
    exact = exact and scale == 1 and decimals == 0
    return Q(
        fig=fig,
        start=fig.start,
        end=fig.end,
        text=fig.text,
        value=Fraction(written) * scale,
        written=written,
        decimals=decimals,
        scale=scale,
        family=family,
        unit=unit,
        qualifier=fig.qualifier,
        kind=fig.kind,
        exact_count=exact,
    )


# ---------------------------------------------------------------------------
# Judging
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Verdict:
    status: str  # consistent, rounding, truncation, inconsistent
    computed: Fraction  # the point value computed from operands as written
    rounded: list[Q] = field(default_factory=list)  # operands taken as rounded (rounding tier)


def corners(fn: Callable[..., Fraction], ivs: Sequence[Interval]) -> Interval | None:
    """Interval of a function monotonic in each argument: evaluate at every corner."""
    vals: list[Fraction] = []
    unbounded = False
    for combo in itertools.product(*[(iv.lo, iv.hi) for iv in ivs]):
        if any(c is None for c in combo):
            unbounded = True
            continue
        try:
            vals.append(fn(*combo))
        except ZeroDivisionError:
            return None
    if not vals:
        return None
    return Interval(min(vals), None if unbounded else max(vals))


def judge(fn: Callable[..., Fraction], operands: Sequence[Q], stated: Q | Interval) -> Verdict:
    """Judge ``fn(operands) == stated`` within reported precision (see module doc)."""
    try:
        point = fn(*[q.value for q in operands])
    except ZeroDivisionError:
        return Verdict("inconsistent", Fraction(0))
    st = stated.interval("strict", stated=True) if isinstance(stated, Q) else stated
    iv = corners(fn, [q.interval("strict") for q in operands])
    if iv is not None and iv.meets(st):
        return Verdict("consistent", point)
    roundable = [
        q for q in operands if q.decimals == 0 and not q.exact_count and q.qualifier is None
    ]
    if roundable:
        iv = corners(fn, [q.interval("rounding") for q in operands])
        if iv is not None and iv.meets(st):
            return Verdict("rounding", point, roundable)
    if isinstance(stated, Q) and stated.qualifier is None and stated.family in ("%", "pp"):
        trunc = Interval(stated.value, stated.value + stated.step)
        if stated.value < 0:
            trunc = Interval(stated.value - stated.step, stated.value)
        iv = corners(fn, [q.interval("strict") for q in operands])
        if iv is not None and iv.meets(trunc) and not _is_exact_point(iv, stated):
            return Verdict("truncation", point)
    return Verdict("inconsistent", point)


def _is_exact_point(iv: Interval, stated: Q) -> bool:
    return iv.lo == iv.hi == stated.value


# ---------------------------------------------------------------------------
# Number formatting for messages
# ---------------------------------------------------------------------------


def fmt(x: Fraction, decimals: int) -> str:
    """Round half-up to ``decimals`` places, as an editor would write it."""
    d = Decimal(x.numerator) / Decimal(x.denominator)
    q = Decimal(1).scaleb(-decimals)
    return str(d.quantize(q, rounding="ROUND_HALF_UP"))


def fmt_q(q: Q, value: Fraction | None = None, extra: int = 0) -> str:
    """A value in ``q``'s written unit with its written decimals (+extra)."""
    v = q.value if value is None else value
    return fmt(v / q.scale, q.decimals + extra)


def w(q: Q) -> str:
    """A figure's number as written (no unit)."""
    return q.written


# ---------------------------------------------------------------------------
# Context: the document, its figures and its segmentation
# ---------------------------------------------------------------------------

_SENT_END = re.compile(r"[。！？!?\n]+")


@dataclass(slots=True)
class Sent:
    start: int
    end: int
    block: int


class Context:
    """What rules see: the document, its quantities, sentences and paragraphs."""

    def __init__(self, doc: Document, figures: Sequence[Figure]) -> None:
        self.doc = doc
        self.text = doc.text
        self.norm = doc.norm
        self.figures = list(figures)
        qs = [quantity(f) for f in figures]
        self.qs: list[Q] = sorted((q for q in qs if q is not None), key=lambda q: q.start)
        self.sents = self._sentences()
        self.paras = self._paragraphs()
        self.cache: dict[str, Any] = {}  # analyses shared by several rules

    def _paragraphs(self) -> list[tuple[int, int]]:
        if self.doc.blocks:
            return [(b.start, b.end) for b in self.doc.blocks]
        out, pos = [], 0
        for m in re.finditer(r"\n+", self.norm):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < len(self.norm):
            out.append((pos, len(self.norm)))
        return out

    def _sentences(self) -> list[Sent]:
        if self.doc.sentences:
            return [Sent(s.start, s.end, s.block) for s in self.doc.sentences]
        out, pos = [], 0
        for m in _SENT_END.finditer(self.norm):
            end = m.start() + (1 if self.norm[m.start()] != "\n" else 0)
            if end > pos and self.norm[pos:end].strip():
                out.append(Sent(pos, end, 0))
            pos = m.end()
        if pos < len(self.norm) and self.norm[pos:].strip():
            out.append(Sent(pos, len(self.norm), 0))
        return out

    def in_span(self, start: int, end: int) -> list[Q]:
        return [q for q in self.qs if q.start >= start and q.end <= end]

    def label(self, q: Q, lo: int | None = None) -> str:
        """The words right before a figure, back to a clause break or another figure."""
        floor = q.start - 16 if lo is None else lo
        i = q.start
        prev_end = max((p.end for p in self.qs if p.end <= q.start), default=0)
        while (
            i > max(floor, prev_end, 0) and self.norm[i - 1] not in '，,；;：:。！？\n、()（）“”"'
        ):
            i -= 1
        return self.norm[i : q.start]

    def sentence_index(self, offset: int) -> int | None:
        for i, s in enumerate(self.sents):
            if s.start <= offset < s.end:
                return i
        return None

    def para_of(self, offset: int) -> tuple[int, int]:
        for p in self.paras:
            if p[0] <= offset < p[1]:
                return p
        return (0, len(self.norm))


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


RuleFunc = Callable[["Context"], Iterable["Judged | Finding"]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: str  # severity of an inconsistent relation / a finding of this rule
    summary: str
    func: RuleFunc


REGISTRY: dict[str, RuleInfo] = {}


def rule(
    code: str, name: str, severity: str, summary: str
) -> Callable[
    [RuleFunc],
    RuleFunc,
]:
    """Register a rule function under its BR code."""

    def deco(fn: RuleFunc) -> RuleFunc:
        REGISTRY[code] = RuleInfo(code, name, severity, summary, fn)
        return fn

    return deco


def ref(q: Q, role: str) -> FigureRef:
    return FigureRef(q.start, q.end, q.text, role)


def span_ref(ctx: Context, start: int, end: int, role: str) -> FigureRef:
    return FigureRef(start, end, ctx.text[start:end], role)


@dataclass(slots=True)
class Msg:
    """Message pieces carried from a rule to the Finding it becomes."""

    zh: str
    en: str
    stated: str | None = None
    expected: str | None = None
    at: tuple[int, int] | None = None  # where the finding points, if not the whole relation


def relation(
    code: str,
    name: str,
    status: str,
    formula: str,
    refs: list[FigureRef],
    msg: Msg | None = None,
    implied: str | None = None,
) -> Judged:
    start = min(r.start for r in refs)
    end = max(r.end for r in refs)
    rel = Relation(
        rule=name,
        status=status,  # type: ignore[arg-type]
        formula=formula,
        figures=refs,
        start=start,
        end=end,
        implied=implied,
        code=code,
    )
    return Judged(rel, msg)


@dataclass(slots=True)
class Judged:
    """A relation and, when it is not consistent, the message of its finding."""

    relation: Relation
    msg: Msg | None = None


def to_finding(j: Judged) -> Finding | None:
    """Inconsistent → error; rounding/truncation → warning; unverifiable → info."""
    rel, msg = j.relation, j.msg
    if rel.status == "consistent" or msg is None or rel.code is None:
        return None
    info = REGISTRY.get(rel.code)
    severity = {
        "inconsistent": info.severity if info else "error",
        "rounding": "warning",
        "unverifiable": "info",
    }[rel.status]
    return Finding(
        code=rel.code,
        severity=severity,  # type: ignore[arg-type]
        rule=rel.rule,
        message=msg.zh,
        message_en=msg.en,
        start=msg.at[0] if msg.at else rel.start,
        end=msg.at[1] if msg.at else rel.end,
        figures=list(rel.figures),
        stated=msg.stated,
        expected=msg.expected,
    )


def verdict_relation(
    code: str,
    name: str,
    verdict: Verdict,
    expr: str,
    computed: str,
    stated_text: str,
    refs: list[FigureRef],
    en: str,
) -> Judged:
    """Build a relation (and its finding message) from a verdict of :func:`judge`.

    ``expr`` is the arithmetic (``9.9 ÷ 25.75``), ``computed`` its result as an
    editor would write it, ``stated_text`` the stated figure.
    """
    formula = f"{expr} = {computed}（文中 {stated_text}）"
    st = verdict.status
    if st == "consistent":
        return relation(code, name, "consistent", formula, refs)
    if st == "rounding":
        ops = "、".join(q.text for q in verdict.rounded)
        zh = (
            f"{expr} = {computed}，文中为 {stated_text}：仅当{ops}为约数"
            f"（末位四舍五入，可差 ±{_half_text(verdict.rounded[0])}）时才成立"
        )
        return relation(
            code, name, "rounding", formula, refs,
            Msg(zh, f"{en}: holds only if {ops} is a rounded figure", stated_text, computed),
        )  # fmt: skip
    if st == "truncation":
        zh = f"{expr} = {computed}，文中为 {stated_text}：文中数字为截尾而非四舍五入"
        return relation(
            code, name, "rounding", formula, refs,
            Msg(zh, f"{en}: the stated figure is truncated, not rounded", stated_text, computed),
        )  # fmt: skip
    zh = f"{expr} = {computed}，文中为 {stated_text}"
    return relation(
        code, name, "inconsistent", formula, refs,
        Msg(zh, f"{en}: computed {computed}, stated {stated_text}", stated_text, computed),
    )  # fmt: skip


def _half_text(q: Q) -> str:
    return f"{fmt(Fraction(1, 2), 1)}{q.unit}"
