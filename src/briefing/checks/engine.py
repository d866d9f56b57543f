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

import bisect
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


@lru_cache(maxsize=1)
def _widths() -> tuple[Fraction, Fraction]:
    """(over, approx) relative widths of qualified figures."""
    pr = config()["precision"]
    return Fraction(pr["over"]), Fraction(pr["approx"])


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
    written: str  # number as written
    decimals: int
    scale: Fraction
    family: str  # "%", "pp", "个" (items), "元", "人", "亩", ...
    unit: str
    qualifier: str | None
    kind: str
    exact_count: bool
    # intervals already computed, by (tier, stated): figures are judged many times
    memo: dict[tuple[str, bool], Interval] = field(default_factory=dict, repr=False, compare=False)
    # the exact value, computed when first asked for (most figures never enter arithmetic);
    # it follows from ``written`` and ``scale``, so it takes no part in comparisons
    _value: Fraction | None = field(default=None, repr=False, compare=False)

    @property
    def value(self) -> Fraction:
        """The exact value in base units (元, 个, %) - percentages stay in percent."""
        v = self._value
        if v is None:
            v = _fraction(self.written)
            if self.scale is not _ONE:
                v *= self.scale
            self._value = v
        return v

    @property
    def step(self) -> Fraction:
        """One unit of the last written digit, in base units."""
        if self.scale is _ONE:
            return Fraction(1, 10**self.decimals)
        return Fraction(1, 10**self.decimals) * self.scale

    def interval(self, tier: str = "strict", stated: bool = False) -> Interval:
        """This figure's interval.  ``stated`` results always carry their half-unit."""
        key = (tier, stated)
        iv = self.memo.get(key)
        if iv is None:
            iv = self.memo[key] = self._interval(tier, stated)
        return iv

    def _interval(self, tier: str, stated: bool) -> Interval:
        v = self.value
        half = self.step / 2
        q = self.qualifier
        if q is None:
            if stated or self.decimals > 0 or (tier != "strict" and not self.exact_count):
                return Interval(v - half, v + half)
            return Interval(v, v)
        width, approx = _widths()
        unit = _last_significant_unit(self.written, self.decimals) * self.scale
        if q == "approx":
            w = approx * abs(v)
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


@lru_cache(maxsize=4096)
def _split_scale(unit: str) -> tuple[Fraction, str]:
    for prefix, factor in _scales():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return _ONE, unit


_NUM = re.compile(r"^-?\d+(?:\.\d+)?$")
_ONE = Fraction(1)


def _fraction(written: str) -> Fraction:
    """``Fraction(written)`` for a plain decimal numeral (matched by ``_NUM``), without
    Fraction's string parser: the digits over a power of ten."""
    whole, dot, frac = written.partition(".")
    if not dot:
        return Fraction(int(whole))
    return Fraction(int(whole + frac), 10 ** len(frac))


def quantity(fig: Figure) -> Q | None:
    """Adapt an extracted :class:`Figure` for arithmetic; None when it is not a quantity."""
    if fig.kind in ("date", "ordinal", "name") or fig.value is None:
        return None
    written = fig.value.replace(",", "")
    if not _NUM.match(written):
        return None
    unit = (fig.unit or "").strip()
    if fig.kind == "ppoint" or unit.endswith("百分点"):
        scale, family = _ONE, "pp"
    elif unit in ("%", "％") or fig.kind == "percent":
        scale, family = _ONE, "%"
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
    exact = exact and decimals == 0 and scale == 1
    return Q(
        fig=fig,
        start=fig.start,
        end=fig.end,
        text=fig.text,
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


def add_all(*xs: Fraction) -> Fraction:
    """The sum of the operands: pass this (not a lambda) to :func:`judge` for a sum, so
    its interval is computed from the bounds in linear time instead of at 2^n corners."""
    return sum(xs, Fraction(0))


def _sum_interval(ivs: Sequence[Interval]) -> Interval:
    """The corners of a sum without visiting them: lowest and highest bounds added (a
    bound left open above leaves the sum open above)."""
    lo = sum((iv.lo for iv in ivs), Fraction(0))
    if any(iv.hi is None for iv in ivs):
        return Interval(lo, None)
    return Interval(lo, sum((iv.hi for iv in ivs if iv.hi is not None), Fraction(0)))


def corners(fn: Callable[..., Fraction], ivs: Sequence[Interval]) -> Interval | None:
    """Interval of a function monotonic in each argument: evaluate at every corner."""
    if fn is add_all and all(iv.hi is None or iv.lo <= iv.hi for iv in ivs):
        return _sum_interval(ivs)
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
    iv = strict = corners(fn, [q.interval("strict") for q in operands])
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
        iv = strict
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
_PARENS = re.compile(r"[(（)）]")


def paren_depth(norm: str, a: int, b: int) -> int:
    """Bracket depth at ``b`` counted from ``a`` (a closer with none open is ignored).

    Only the brackets of ``norm[a:b]`` are visited, not every character.
    """
    if a < 0 or b < 0:  # slice semantics: count from the end
        return paren_depth(norm, *slice(a, b).indices(len(norm))[:2])
    d = 0
    for m in _PARENS.finditer(norm, a, b):
        if m.group() in "(（":
            d += 1
        elif d:
            d -= 1
    return d


_LABEL_BREAKS = frozenset('，,；;：:。！？\n、()（）“”"')


@dataclass(slots=True)
class Sent:
    start: int
    end: int
    block: int


def _disjoint(spans: Sequence[tuple[int, int]]) -> bool:
    """Are the spans in order and non-overlapping (so a bisection finds the one holding an
    offset)?"""
    return all(a <= b for a, b in spans) and all(
        spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)
    )


class Context:
    """What rules see: the document, its quantities, sentences and paragraphs.

    The indexes rules look things up in (figures by offset, the sentence and paragraph
    holding an offset, a figure's label) are built once per document here, so that a
    rule's lookups cost a bisection, not a scan of the document.
    """

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
        self._q_starts = [q.start for q in self.qs]
        self._q_ends = sorted(q.end for q in self.qs)
        spans = [(s.start, s.end) for s in self.sents]
        self._sent_starts = [a for a, _ in spans] if _disjoint(spans) else None
        self._para_starts = [a for a, _ in self.paras] if _disjoint(self.paras) else None
        self._labels: dict[tuple[int, int | None], str] = {}
        self._sent_of: dict[int, int | None] = {}
        self._marks: dict[str, list[int]] = {}

    def rfind_any(self, chars: str, lo: int, hi: int) -> int:
        """``max(norm.rfind(c, lo, hi) for c in chars)`` for single characters, by bisecting
        the positions of ``chars`` (found once per document) instead of scanning back."""
        pos = self._marks.get(chars)
        if pos is None:
            pat = re.compile("[" + re.escape(chars) + "]")
            pos = self._marks[chars] = [m.start() for m in pat.finditer(self.norm)]
        lo, hi, _ = slice(lo, hi).indices(len(self.norm))
        i = bisect.bisect_left(pos, hi) - 1  # the last position p with p + 1 <= hi
        return pos[i] if i >= 0 and pos[i] >= lo else -1

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
        """The figures inside norm[start:end], in order (a new list)."""
        starts = self._q_starts
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_right(starts, end, lo)  # q.end <= end implies q.start <= end
        return [q for q in self.qs[lo:hi] if q.end <= end]

    def label(self, q: Q, lo: int | None = None) -> str:
        """The words right before a figure, back to a clause break or another figure."""
        key = (q.start, lo)
        hit = self._labels.get(key)
        if hit is not None:
            return hit
        floor = q.start - 16 if lo is None else lo
        i = q.start
        k = bisect.bisect_right(self._q_ends, q.start)
        prev_end = self._q_ends[k - 1] if k else 0
        stop = max(floor, prev_end, 0)
        norm = self.norm
        while i > stop and norm[i - 1] not in _LABEL_BREAKS:
            i -= 1
        out = self._labels[key] = norm[i : q.start]
        return out

    def sentence_index(self, offset: int) -> int | None:
        if offset in self._sent_of:
            return self._sent_of[offset]
        found: int | None = None
        if self._sent_starts is not None:
            i = bisect.bisect_right(self._sent_starts, offset) - 1
            if i >= 0 and offset < self.sents[i].end:
                found = i
        else:
            found = next((i for i, s in enumerate(self.sents) if s.start <= offset < s.end), None)
        self._sent_of[offset] = found
        return found

    def para_of(self, offset: int) -> tuple[int, int]:
        if self._para_starts is not None:
            i = bisect.bisect_right(self._para_starts, offset) - 1
            if i >= 0 and offset < self.paras[i][1]:
                return self.paras[i]
            return (0, len(self.norm))
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
