"""Quantities, intervals and judgement within reported precision.

Judging with reported precision (DESIGN.md): a figure written with ``d``
decimals stands for ``value ± 0.5·10^-d`` (scaled by its unit), widened by its
qualifier.  A relation is consistent when the interval computed from the
operands meets the stated figure's interval.  Verdicts are exact
(:class:`fractions.Fraction`); there are no fixed tolerances.  For speed each verdict
is first sought in floating point with a rigorous error bound (midpoint-radius "balls",
see :class:`_Ball`): a float comparison decides only when the two sides are farther apart
than their error bounds, and anything closer is redone in exact arithmetic, so the
outcome is always the exact one.

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
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.model import Figure

DATA = Path(__file__).resolve().parents[1] / "data" / "checks.toml"


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The language knowledge in ``data/checks.toml`` (loaded once)."""
    return recache.toml(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _scales() -> list[tuple[str, Fraction]]:
    """Scale prefixes of units (9.9亿元 = 9.9 × 10^8 元), longest first: the one table of
    scale words, ``data/units.toml`` [scales], as extraction reads it."""
    from briefing.extraction.numbers import SCALES

    return [(k, Fraction(v)) for k, v in SCALES.items()]


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


#: patterns several rules share: a semicolon, the word 其中, and a change word ending a label
SEMI = re.compile(r"[；;]")
QIZHONG = re.compile(r"其中")


def _change_word_end() -> re.Pattern[str]:
    """A change word ending a label (``data/checks.toml`` [change]): 增长, 减少…, or a
    comparison base and a one-character verb (比上年增)."""
    c = config()["change"]
    words = "|".join(map(re.escape, c["words"]))
    base = "|".join(map(re.escape, c["compared"]))
    verbs = "".join(map(re.escape, c["one_char_verbs"]))
    return re.compile(rf"(?:{words}|(?:{base})[{verbs}])$")


CHANGE_WORD_END = _change_word_end()

# ---------------------------------------------------------------------------
# Quantities and intervals
# ---------------------------------------------------------------------------

INF = None  # an open upper bound


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of exact values (``hi`` None: unbounded above)."""

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
    memo: dict[tuple[str, bool], Interval] | None = field(default=None, repr=False, compare=False)
    # the exact value, computed when first asked for (most figures never enter arithmetic);
    # it follows from ``written`` and ``scale``, so it takes no part in comparisons
    _value: Fraction | None = field(default=None, repr=False, compare=False)
    _fvalue: float | None = field(default=None, repr=False, compare=False)
    _fscale: float | None = field(default=None, repr=False, compare=False)
    # the float intervals of the pre-filter of judge, by (tier, stated)
    _fmemo: dict[tuple[str, bool], _FIv] | None = field(default=None, repr=False, compare=False)
    # the exact value as (numerator, denominator) in lowest terms (:meth:`value_key`)
    _vkey: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def value_key(self) -> tuple[int, int]:
        """``(value.numerator, value.denominator)``: from the numeral and the scale in
        integers when the value has not been worked out (no Fraction is made), kept."""
        k = self._vkey
        if k is None:
            v = self._value
            if v is not None:
                k = (v.numerator, v.denominator)
            else:
                n, d = _scaled(self.written, self.scale)
                g = math.gcd(n, d)
                k = (n // g, d // g)
            self._vkey = k
        return k

    def with_numeral(self, written: str) -> Q:
        """This figure as if its number read ``written`` (a plain decimal numeral: a slip
        of it), its decimals those of ``written``; nothing worked out is carried over."""
        dot = written.find(".")
        return Q(
            self.fig, self.start, self.end, self.text, written,
            len(written) - dot - 1 if dot >= 0 else 0, self.scale, self.family, self.unit,
            self.qualifier, self.kind, self.exact_count,
        )  # fmt: skip

    @property
    def value(self) -> Fraction:
        """The exact value in base units (元, 个, %) - percentages stay in percent."""
        v = self._value
        if v is None:
            sc = self.scale
            if sc is _ONE:
                v = _fraction(self.written)
            else:  # the numeral's digits times the scale, reduced once
                v = Fraction(*_scaled(self.written, sc))
            self._value = v
        return v

    def fvalue(self) -> float:
        """``float(value)`` within 2^-52 of it: the float of the numeral times the float
        of the scale."""
        fv = self._fvalue
        if fv is None:
            fv = self._fvalue = float(self.written) * self.fscale()
        return fv

    def fscale(self) -> float:
        fs = self._fscale
        if fs is None:
            fs = self._fscale = 1.0 if self.scale is _ONE else float(self.scale)
        return fs

    def fstep(self) -> float:
        """``float(step)``, within a few units of roundoff."""
        return 10.0**-self.decimals * self.fscale()

    @property
    def step(self) -> Fraction:
        """One unit of the last written digit, in base units."""
        if self.scale is _ONE:
            return Fraction(1, 10**self.decimals)
        return Fraction(1, 10**self.decimals) * self.scale

    def interval(self, tier: str = "strict", stated: bool = False) -> Interval:
        """This figure's interval.  ``stated`` results always carry their half-unit."""
        key = (tier, stated)
        memo = self.memo
        if memo is None:
            memo = self.memo = {}
        iv = memo.get(key)
        if iv is None:
            iv = memo[key] = self._interval(tier, stated)
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


@lru_cache(maxsize=1)
def _scale_words() -> dict[str, Fraction]:
    return dict(_scales())


_MONEY_LABEL = re.compile(r"投资|资金|收入|支出|金额|产值|增加值|总值|营业额|销售额|税")


@lru_cache(maxsize=4096)
def _split_scale(unit: str) -> tuple[Fraction, str]:
    for prefix, factor in _scales():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return _ONE, unit


_START = operator.attrgetter("start")
_NUM = re.compile(r"^-?\d+(?:\.\d+)?$")
_ONE = Fraction(1)


def _fraction(written: str) -> Fraction:
    """``Fraction(written)`` for a plain decimal numeral (matched by ``_NUM``), without
    Fraction's string parser: the digits over a power of ten."""
    whole, dot, frac = written.partition(".")
    if not dot:
        return Fraction(int(whole))
    return Fraction(int(whole + frac), 10 ** len(frac))


def _scaled(written: str, scale: Fraction) -> tuple[int, int]:
    """A plain decimal numeral times ``scale`` as (numerator, denominator), not reduced."""
    whole, _, frac = written.partition(".")
    return int(whole + frac) * scale.numerator, 10 ** len(frac) * scale.denominator


_NOT_QUANTITIES = frozenset(("date", "ordinal", "name"))
_PERCENT_UNITS = frozenset(("%", "％"))


@lru_cache(maxsize=4096)
def _unit_info(
    kind: str, raw_unit: str | None, base_unit: str | None
) -> tuple[str, Fraction, str, bool, bool]:
    """What a figure's unit says for arithmetic: (unit, scale, family, bare, counted) —
    ``bare`` when the unit is a scale word alone (the scale then comes from the base
    value), ``counted`` when the family is one of exact counts.  Depends on the unit
    words only, so it is worked out once per unit."""
    unit = raw_unit.strip() if raw_unit else ""
    bare = False
    if kind == "ppoint" or unit.endswith("百分点"):
        scale, family = _ONE, "pp"
    elif unit == "倍":
        # a multiple (是…的1.99倍, 增长3.94倍) is no percentage: growth reads it
        scale, family = _ONE, "倍"
    elif unit in _PERCENT_UNITS or kind == "percent":
        scale, family = _ONE, "%"
    else:
        scale, base = _split_scale(unit)
        bare = not base
        family = base or (base_unit or "个")
        if family in _item_units():
            family = "个"
    return unit, scale, family, bare, family == "个" or family in _exact_units()


def quantity(fig: Figure) -> Q | None:
    """Adapt an extracted :class:`Figure` for arithmetic; None when it is not a quantity."""
    kind, value = fig.kind, fig.value
    if value is None or kind in _NOT_QUANTITIES:
        return None
    written = value.replace(",", "") if "," in value else value
    if not (written.isdecimal() or _NUM.match(written)):  # (isdecimal: \d+ without re)
        return None
    unit, scale, family, bare, counted = _unit_info(kind, fig.unit, fig.base_unit)
    if bare and fig.base_value and Fraction(written) != 0:
        scale = Fraction(Decimal(fig.base_value)) / Fraction(written)
    elif scale is _ONE and unit in _scale_words():
        # 到位资金9.2亿: a scale word alone, its 元 left out after a money word
        scale = _scale_words()[unit]
        family = "元" if kind == "money" or _MONEY_LABEL.search(fig.metric or "") else unit
    dot = written.find(".")
    if dot >= 0:
        decimals = len(written) - dot - 1
    else:
        decimals = fig.decimals if fig.decimals is not None else 0
    exact = decimals == 0 and counted and (scale is _ONE or scale == 1)
    # positional: the fields of Q in order (fig, start, end, text, written, decimals,
    # scale, family, unit, qualifier, kind, exact_count)
    return Q(
        fig, fig.start, fig.end, fig.text, written, decimals, scale, family, unit,
        fig.qualifier, kind, exact,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Judging
# ---------------------------------------------------------------------------


class Verdict:
    """The outcome of :func:`judge`: ``status`` (consistent, rounding, truncation,
    inconsistent), ``computed`` (the point value computed from the operands as written,
    exact; worked out when first asked for) and ``rounded`` (the operands taken as
    rounded, rounding tier)."""

    __slots__ = ("_computed", "_fn", "_operands", "_point", "rounded", "status")

    def __init__(
        self,
        status: str,
        computed: Fraction | None = None,
        rounded: list[Q] | None = None,
        fn: Callable[..., Fraction] | None = None,
        operands: Sequence[Q] = (),
    ) -> None:
        self.status = status
        self.rounded = [] if rounded is None else rounded
        self._computed = computed
        self._fn = fn
        self._operands = operands
        self._point: _Ball | None = None  # ``computed`` as a float ball, from the pre-filter

    def formatted(self, decimals: int) -> str:
        """``fmt(self.computed, decimals)``, from the float ball when it can tell."""
        if self._point is not None:
            out = _fmt_ball(self._point, decimals)
            if out is not None:
                return out
        return fmt(self.computed, decimals)

    @property
    def computed(self) -> Fraction:
        v = self._computed
        if v is None:
            assert self._fn is not None
            try:
                v = self._fn(*[q.value for q in self._operands])
            except ZeroDivisionError:  # never: the float path rules it out first
                v = Fraction(0)
            self._computed = v
        return v


def share_of(part: Fraction, whole: Fraction) -> Fraction:
    """``part / whole * 100``, a share in percent: pass this (not a lambda) to
    :func:`judge` for a share, so that its float pre-filter works the corners out
    without building a ball per operation (:func:`_share_corners`)."""
    return part / whole * 100


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
    """Judge ``fn(operands) == stated`` within reported precision (see module doc).

    The verdict is first sought in floating point with a rigorous error bound
    (:func:`_judge_float`); only when a float result is too close to an interval
    boundary to tell is it worked out in exact arithmetic (:func:`judge_exact`).  Both
    give the same verdict.
    """
    try:
        status, point = _judge_float(fn, operands, stated)
    except _FALLBACK:
        return judge_exact(fn, operands, stated)
    rounded = _roundable(operands) if status == "rounding" else None
    v = Verdict(status, None, rounded, fn, operands)
    v._point = point
    return v


def holds(fn: Callable[..., Fraction], operands: Sequence[Q], stated: Q) -> bool:
    """``judge(fn, operands, stated).status == "consistent"``, without the rest of the
    verdict: the strict tier alone, in floats when they can tell (see :class:`_Ball`),
    else exactly.  For readings tried by the dozen (a slip of each digit)."""
    try:
        sl, sh, _ = _float_interval(stated, "strict", True)
        strict = _strict_corners(fn, operands)
        if strict is None or not _float_meets(strict, (sl, sh)):
            return False  # (exactly too: the corners miss, whatever the point)
        # the point as judge works it out: where it cannot (a divisor that may be zero),
        # exact arithmetic decides (a zero divisor: inconsistent, whatever the corners)
        if fn is share_of:
            _share_point(operands[0], operands[1])
        elif fn is not add_all:
            _ball(fn(*[_value_ball(q) for q in operands]))
        return True
    except _FALLBACK:
        return judge_exact(fn, operands, stated).status == "consistent"


def _is_roundable(q: Q) -> bool:
    """A whole number that may have been rounded (not an exact count, no qualifier)."""
    return q.decimals == 0 and not q.exact_count and q.qualifier is None


def _roundable(operands: Sequence[Q]) -> list[Q]:
    return [q for q in operands if _is_roundable(q)]


def judge_exact(
    fn: Callable[..., Fraction], operands: Sequence[Q], stated: Q | Interval
) -> Verdict:
    """:func:`judge` in exact (:class:`~fractions.Fraction`) arithmetic throughout."""
    try:
        point = fn(*[q.value for q in operands])
    except ZeroDivisionError:
        return Verdict("inconsistent", Fraction(0))
    st = stated.interval("strict", stated=True) if isinstance(stated, Q) else stated
    iv = strict = corners(fn, [q.interval("strict") for q in operands])
    if iv is not None and iv.meets(st):
        return Verdict("consistent", point)
    roundable = _roundable(operands)
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
# The float pre-filter of judge: midpoint-radius ("ball") arithmetic
# ---------------------------------------------------------------------------
#
# Every float below stands for an exact rational x as a ball (v, e) with |x - v| <= e.
# The radius of an operand is 1e-12 of its magnitude, some 10^4 times the error of the
# few correctly rounded operations that make it (float(written) * float(scale) ± half);
# each operation adds the propagated radii and 2^-52 of its result (twice the unit
# roundoff).  A comparison is decided only when the two midpoints are farther apart than
# twice the sum of the radii plus 2^-50 of their magnitudes; anything closer, a divisor
# ball that may hold zero, or a value that is not finite raises _Undecided and judge
# falls back to exact arithmetic.  So a float verdict is always the exact one.

_REL = 1e-12  # radius of an operand, relative to its magnitude
_EXACT_INT = 2**53  # integers up to this are exact floats
_ULP = 2.0**-52  # rounding of one float operation, relative to its result (2 × unit roundoff)
_4ULP = 4 * _ULP  # (4 * _ULP * x is (4 * _ULP) * x: the same float)
_INF, _NEG_INF = math.inf, -math.inf


class _Undecided(Exception):
    """Floats cannot tell: judge in exact arithmetic."""


# what sends a float computation back to exact arithmetic: too close to tell, or a float
# out of range (float() of an enormous Fraction overflows; a product may underflow)
_FALLBACK = (_Undecided, OverflowError, ZeroDivisionError)


class _Ball:
    __slots__ = ("e", "v")

    def __init__(self, v: float, e: float) -> None:
        self.v = v
        self.e = e

    def __add__(self, o: object) -> _Ball:
        b = o if type(o) is _Ball else _ball(o)
        v = self.v + b.v
        return _Ball(v, self.e + b.e + _ULP * abs(v))

    __radd__ = __add__

    def __sub__(self, o: object) -> _Ball:
        b = o if type(o) is _Ball else _ball(o)
        v = self.v - b.v
        return _Ball(v, self.e + b.e + _ULP * abs(v))

    def __rsub__(self, o: object) -> _Ball:
        if type(o) is int and -_EXACT_INT <= o <= _EXACT_INT:  # 1 - x: an exact constant
            v = o - self.v
            return _Ball(v, self.e + _ULP * abs(v))
        return _ball(o) - self

    def __mul__(self, o: object) -> _Ball:
        if type(o) is int and -_EXACT_INT <= o <= _EXACT_INT:  # x * 100: an exact constant
            v = self.v * o
            return _Ball(v, abs(o) * self.e + _ULP * abs(v))
        b = o if type(o) is _Ball else _ball(o)
        x, y = self.v, b.v
        v = x * y
        return _Ball(v, abs(x) * b.e + abs(y) * self.e + self.e * b.e + _ULP * abs(v))

    __rmul__ = __mul__

    def __truediv__(self, o: object) -> _Ball:
        b = o if type(o) is _Ball else _ball(o)
        y, ey = b.v, b.e
        d = abs(y)
        if not d > 2 * ey:  # the divisor may be zero (or is not finite)
            raise _Undecided
        x = self.v
        v = x / y
        # |x/y - u/w| <= (|u|·e_y + |w|·e_x) / (|w|·(|w| - e_y))
        return _Ball(v, (abs(x) * ey + d * self.e) / (d * (d - ey)) + _ULP * abs(v))

    def __rtruediv__(self, o: object) -> _Ball:
        return _ball(o) / self


def _ball(x: object) -> _Ball:
    if type(x) is _Ball:
        return x
    if type(x) is int:
        v = float(x)  # correctly rounded
        return _Ball(v, _ULP * abs(v))
    if isinstance(x, Fraction):
        v = float(x)  # correctly rounded
        return _Ball(v, _ULP * abs(v))
    raise _Undecided


def _fmt_ball(b: _Ball, decimals: int) -> str | None:
    """``fmt(x, decimals)`` of the exact x in ball ``b``, or None when the ball cannot
    tell: it holds a rounding tie (…5 at the next digit) or zero (the sign of a rounded
    zero, -0.0, shows).  Beyond 6 decimals or 10^15 str(Decimal) may change notation:
    None too."""
    if not 0 <= decimals <= 6:
        return None
    x = b.v
    a = abs(x) * 10.0**decimals  # powers of ten up to 10^22 are exact floats
    err = 2 * (b.e * 10.0**decimals + _ULP * a) + 1e-300
    if not (math.isfinite(a) and math.isfinite(err)) or a > 1e15 or not abs(x) > 2 * b.e:
        return None
    k = math.floor(a)
    frac = a - k  # exact (a < 2^52)
    if abs(frac - 0.5) <= err:
        return None
    digits = str(k + 1 if frac > 0.5 else k)  # round half up, on the magnitude
    if decimals:
        digits = digits.rjust(decimals + 1, "0")
        digits = digits[:-decimals] + "." + digits[-decimals:]
    return "-" + digits if x < 0 else digits


def implied_decimals(part: Q, rate: Q) -> int:
    """Decimals for a whole implied by ``part ÷ rate``: no more significant digits than
    the less precise operand has (1500.94 ÷ 15.91% → 9434, not 9433.941).  A part written
    without decimals (15亿元, 120个) is taken as exact: its trailing digits say nothing
    about its precision, so the percentage decides (15 ÷ 26.4% → 56.8)."""
    sig = _significant(rate.written)
    if "." in part.written:
        sig = min(sig, _significant(part.written))
    if sig <= 0:
        return part.decimals + 1
    try:
        whole = abs(float(part.written) / float(rate.written) * 100)
    except (ValueError, ZeroDivisionError):
        return part.decimals + 1
    int_digits = len(str(int(whole))) if whole >= 1 else 0
    return max(0, min(part.decimals + 1, sig - int_digits))


def _significant(written: str) -> int:
    """Significant digits of a decimal numeral as written (0 when it is not one)."""
    digits = written.strip().lstrip("+-")
    if not digits or not all(c.isdigit() or c == "." for c in digits):
        return 0
    return len(digits.replace(".", "").lstrip("0")) or 1


def fmt_implied(part: Q, rate: Q, decimals: int) -> str:
    """``fmt(part.value / rate.value * 100 / part.scale, decimals)``: the whole implied
    by a part and its percentage, in the part's written unit."""
    b = None
    try:
        if part.fscale() != 0:  # (else the exact division below raises, as it always did)
            w = float(part.written)
            b = _Ball(w, _ULP * abs(w)) * 100 / _value_ball(rate)
    except _FALLBACK:
        pass
    out = None if b is None else _fmt_ball(b, decimals)
    if out is None:
        out = fmt(part.value / rate.value * 100 / part.scale, decimals)
    return out


def fmt_sum(parts: Sequence[Q], unit_of: Q | None, decimals: int) -> str:
    """``fmt(sum(q.value for q in parts) / unit_of.scale, decimals)`` (no division when
    ``unit_of`` is None)."""
    out = None
    try:
        b = _ball_sum([_value_ball(q) for q in parts])
        if unit_of is not None:
            fs = unit_of.fscale()  # the correctly rounded float of the scale
            b = b / _Ball(fs, _ULP * abs(fs))
        out = _fmt_ball(b, decimals)
    except _FALLBACK:
        pass
    if out is None:
        total = sum((q.value for q in parts), Fraction(0))
        out = fmt(total if unit_of is None else total / unit_of.scale, decimals)
    return out


def _exact_ball(x: Fraction) -> _Ball:
    v = float(x)
    return _Ball(v, _REL * abs(v))


def _gt(x: _Ball, y: _Ball) -> bool:
    """Is the exact x > the exact y?  Raises _Undecided when the balls are too close."""
    xv, yv = x.v, y.v
    d = xv - yv
    tol = 2 * (x.e + y.e) + _4ULP * (abs(xv) + abs(yv))
    if not (_NEG_INF < d < _INF and tol < _INF):  # (math.isfinite of both: nan fails too)
        raise _Undecided
    if d > tol:
        return True
    if -d > tol:
        return False
    raise _Undecided


# a float interval: (lo, hi, lo <= hi is known); hi None = open above
_FIv = tuple[_Ball, "_Ball | None", bool]


def _float_interval(q: Q, tier: str, stated: bool) -> _FIv:
    """``q.interval(tier, stated)`` as balls (memoized on q); mirrors :meth:`Q._interval`."""
    memo = q._fmemo
    if memo is None:
        memo = q._fmemo = {}
    key = (tier, stated)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _float_bounds(q, tier, stated)
    return hit


def float_bounds(q: Q, tier: str = "strict", stated: bool = False) -> tuple[float, float]:
    """``q.interval(tier, stated)`` as two floats, each within 10^-11 of its magnitude
    of the exact bound (``inf`` for an unbounded one): for cheap pre-filters that
    leave a wide margin before exact judgement.  May raise OverflowError."""
    lo, hi, _ = _float_interval(q, tier, stated)
    return lo.v, (math.inf if hi is None else hi.v)


def _float_bounds(q: Q, tier: str, stated: bool) -> _FIv:
    v = q.fvalue()
    half = q.fstep() / 2
    qual = q.qualifier
    hi: float | None
    if qual is None:
        if not (stated or q.decimals > 0 or (tier != "strict" and not q.exact_count)):
            point = _Ball(v, _REL * abs(v))
            return point, point, True  # (v, v): lo <= hi exactly
        lo, hi, r = v - half, v + half, abs(v) + abs(half)
    elif qual == "approx":
        width = max(float(_widths()[1]) * abs(v), half)
        lo, hi, r = v - width, v + width, abs(v) + abs(width)
    elif qual in ("over", "under"):
        unit = float(_last_significant_unit(q.written, q.decimals)) * q.fscale()
        width = max(unit, v * float(_widths()[0]))
        lo, hi = (v, v + width) if qual == "over" else (v - width, v)
        r = abs(v) + abs(width)
    elif qual == "at_least":
        lo, hi, r = v, None, abs(v)
    else:
        lo, hi, r = v - half, v + half, abs(v) + abs(half)
    e = _REL * r
    blo = _Ball(lo, e)
    bhi = None if hi is None else _Ball(hi, e)
    return blo, bhi, bhi is None or not _gt(blo, bhi)  # _gt raises when too close to tell


def _float_corners(
    fn: Callable[..., Any], ivs: Sequence[_FIv]
) -> tuple[_Ball, _Ball | None] | None:
    """:func:`corners` on float intervals (None where corners gives None)."""
    if fn is add_all:
        if not all(ordered for _, _, ordered in ivs):
            raise _Undecided  # corners would visit every corner: leave it to exact arithmetic
        lo = _ball_sum([iv[0] for iv in ivs])
        his = [iv[1] for iv in ivs]
        if any(h is None for h in his):
            return lo, None
        return lo, _ball_sum(his)  # type: ignore[arg-type]
    if fn is share_of:
        return _share_corners(ivs)
    vals: list[_Ball] = []
    unbounded = False
    # a point interval is one corner, not two (the same ball twice: min and max agree)
    for combo in itertools.product(*[(iv[0],) if iv[0] is iv[1] else iv[:2] for iv in ivs]):
        if any(c is None for c in combo):
            unbounded = True
            continue
        vals.append(_ball(fn(*combo)))  # a divisor that may be zero raises _Undecided
    if not vals:
        return None
    # min and max move by at most the largest radius
    e = max(b.e for b in vals)
    lo = _Ball(min(b.v for b in vals), e)
    return lo, None if unbounded else _Ball(max(b.v for b in vals), e)


def _strict_corners(
    fn: Callable[..., Any], operands: Sequence[Q]
) -> tuple[_Ball, _Ball | None] | None:
    """:func:`_float_corners` of ``fn`` over the operands' strict float intervals (a
    share, the commonest, without the dispatch)."""
    if fn is share_of:
        part, whole = operands
        return _share_corners(
            (_float_interval(part, "strict", False), _float_interval(whole, "strict", False))
        )
    return _float_corners(fn, [_float_interval(q, "strict", False) for q in operands])


def _share_corners(ivs: Sequence[_FIv]) -> tuple[_Ball, _Ball | None] | None:
    """:func:`_float_corners` of :func:`share_of`: the same corners in the same order,
    each ``x / y * 100`` worked out in floats with the radii :class:`_Ball`'s division
    and multiplication by an exact integer give (so the same balls, bit for bit)."""
    (alo, ahi, _), (blo, bhi, _) = ivs
    xs = (alo,) if alo is ahi else (alo, ahi)
    ys = (blo,) if blo is bhi else (blo, bhi)
    vs: list[float] = []
    es: list[float] = []
    unbounded = False
    ulp = _ULP
    for x in xs:
        for y in ys:
            if x is None or y is None:
                unbounded = True
                continue
            yv, ey = y.v, y.e
            d = abs(yv)
            if not d > 2 * ey:  # the divisor may be zero (or is not finite)
                raise _Undecided
            xv = x.v
            q = xv / yv
            e = (abs(xv) * ey + d * x.e) / (d * (d - ey)) + ulp * abs(q)
            v = q * 100
            vs.append(v)
            es.append(100 * e + ulp * abs(v))
    if not vs:
        return None
    e = max(es)
    return _Ball(min(vs), e), None if unbounded else _Ball(max(vs), e)


def _share_point(part: Q, whole: Q) -> _Ball:
    """``share_of`` at the values as written, as :class:`_Ball` arithmetic works it out
    from :func:`_value_ball` (the same ball, bit for bit, without the objects between)."""
    x = part.fvalue()
    y = whole.fvalue()
    ex, ey = _REL * abs(x), _REL * abs(y)
    d = abs(y)
    if not d > 2 * ey:  # the divisor may be zero (or is not finite)
        raise _Undecided
    q = x / y
    e = (abs(x) * ey + d * ex) / (d * (d - ey)) + _ULP * abs(q)
    v = q * 100
    return _Ball(v, 100 * e + _ULP * abs(v))


def _ball_sum(bs: Sequence[_Ball]) -> _Ball:
    v = 0.0
    e = 0.0
    for b in bs:
        v += b.v
        e += b.e + _ULP * abs(v)
    return _Ball(v, e)


def _float_meets(iv: tuple[_Ball, _Ball | None], st: tuple[_Ball, _Ball | None]) -> bool:
    """:meth:`Interval.meets` on balls (raises _Undecided when too close)."""
    if iv[1] is not None and _gt(st[0], iv[1]):
        return False
    return not (st[1] is not None and _gt(iv[0], st[1]))


def lo_at_most_hi(p: Q, p_tier: str, total: Q, t_tier: str, t_stated: bool) -> bool:
    """``p.interval(p_tier).lo <= total.interval(t_tier, t_stated).hi`` (True when that
    is open): in floats when they can tell (see :class:`_Ball`), else exactly."""
    try:
        thi = _float_interval(total, t_tier, t_stated)[1]
        return thi is None or not _gt(_float_interval(p, p_tier, False)[0], thi)
    except _FALLBACK:
        hi = total.interval(t_tier, t_stated).hi
        return hi is None or p.interval(p_tier).lo <= hi


def intervals_meet(a: Q, b: Q, tier: str, stated: bool) -> bool:
    """``a.interval(tier, stated).meets(b.interval(tier, stated))``, in floats when they
    can tell, else exactly."""
    try:
        fa = _float_interval(a, tier, stated)
        fb = _float_interval(b, tier, stated)
        return _float_meets((fa[0], fa[1]), (fb[0], fb[1]))
    except _FALLBACK:
        return a.interval(tier, stated).meets(b.interval(tier, stated))


def at_most(q: Q, bound: int) -> bool:
    """``q.value <= bound``, in floats when they can tell, else exactly."""
    try:
        return not _gt(_Ball(q.fvalue(), _REL * abs(q.fvalue())), _ball(bound))
    except _FALLBACK:
        return q.value <= bound


def _value_ball(q: Q) -> _Ball:
    v = q.fvalue()
    return _Ball(v, _REL * abs(v))


def _judge_float(
    fn: Callable[..., Any], operands: Sequence[Q], stated: Q | Interval
) -> tuple[str, _Ball | None]:
    """The status :func:`judge_exact` gives, found in floats, and the computed point as a
    ball (None for a sum: nobody asks); raises _Undecided."""
    point = None
    if fn is share_of:
        point = _share_point(operands[0], operands[1])
    elif fn is not add_all:
        # fn at the values as written: a divisor that may be zero is left to exact
        # arithmetic (which returns inconsistent when it is zero)
        point = _ball(fn(*[_value_ball(q) for q in operands]))
    return _float_status(fn, operands, stated), point


def _float_status(fn: Callable[..., Any], operands: Sequence[Q], stated: Q | Interval) -> str:
    if isinstance(stated, Q):
        sl, sh, _ = _float_interval(stated, "strict", True)
        st = (sl, sh)
    else:
        st = (_exact_ball(stated.lo), None if stated.hi is None else _exact_ball(stated.hi))
    strict = _strict_corners(fn, operands)
    if strict is not None and _float_meets(strict, st):
        return "consistent"
    if any(map(_is_roundable, operands)):
        iv = _float_corners(fn, [_float_interval(q, "rounding", False) for q in operands])
        if iv is not None and _float_meets(iv, st):
            return "rounding"
    if isinstance(stated, Q) and stated.qualifier is None and stated.family in ("%", "pp"):
        if strict is not None:
            v, step = stated.fvalue(), stated.fstep()
            if v == 0:
                raise _Undecided  # (a float is nonzero with the sign of its exact value)
            lo, hi = (v, v + step) if v > 0 else (v - step, v)
            e = _REL * (abs(v) + abs(step))
            if _float_meets(strict, (_Ball(lo, e), _Ball(hi, e))):
                raise _Undecided  # truncation also asks for exact equality: exact arithmetic
    return "inconsistent"


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
