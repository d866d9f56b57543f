"""Evidence shared by the readings of :mod:`briefing.checks.pairing` (shares),
:mod:`briefing.checks.partition` (sums) and :mod:`briefing.checks.restate` (repeats).

- what a figure measures: :func:`label_atoms` (its clause label and metric as canonical
  atoms, :mod:`briefing.extraction.metric_keys`) and :func:`wide_label`;
- slips: :func:`slips` lists the numerals one editor's keystroke away from a figure,
  :func:`slip_to` finds the one that would make a reading hold.  A reading that holds
  only if one figure of three or more significant digits was mistyped is a warning
  naming the fix; one keystroke from a two-digit number reaches too many numbers by
  chance to be evidence.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from briefing.checks.context import last_of
from briefing.checks.engine import (
    CHANGE_WORD_END,
    Context,
    Judged,
    Msg,
    Q,
    intervals_meet,
    relation,
)
from briefing.extraction.metric_keys import atoms, lendable
from briefing.model import FigureRef


def is_change(ctx: Context, q: Q) -> bool:
    """Is the figure a change (增长, 减少 right before it)?  Found once per position."""
    cache = ctx.table("evidence.change")
    hit = cache.get(q.start)
    if hit is None:
        lo = max(0, q.start - 4)
        hit = cache[q.start] = bool(CHANGE_WORD_END.search(ctx.norm[lo : q.start].rstrip("了")))
    return hit  # type: ignore[no-any-return]


LABEL_STOP = frozenset("，,；;。：:！？!?\n（）()")
_LABEL_STOP_CHARS = "".join(sorted(LABEL_STOP))


def label_atoms(ctx: Context, q: Q) -> frozenset[str]:
    """What a figure measures: its metric and the words before it in its clause (back
    to a clause break or the previous figure, at most 24 characters)."""
    cache = ctx.table("pairing.label")
    hit = cache.get(q.start)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    norm = ctx.norm
    prev = ctx.in_span(max(0, q.start - 24), q.start)
    lo = max(q.start - 24, 0)
    if prev:  # (most figures have none within reach: no generator made)
        lo = max(max((x.end for x in prev if x is not q), default=0), lo)
    i = q.start
    if i > lo:  # back to the last stop after ``lo`` (one match, not a walk)
        m = last_of(_LABEL_STOP_CHARS).match(norm, lo, i)
        i = m.end() if m is not None else lo
    out = atoms(norm[i : q.start]) | atoms(q.fig.metric)
    cache[q.start] = out
    return out


# ---------------------------------------------------------------------------
# Slips: a figure one keystroke away from the value that makes a reading hold
# ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def slips(written: str) -> tuple[tuple[str, str], ...]:
    """Every numeral one editor's slip away from ``written`` and the kind of slip: one
    digit changed, two adjacent digits swapped, the decimal point moved one place (in
    that order; listed once per numeral written, as several rules ask).

    >>> sorted(w for w, k in slips("46") if k == "swap")
    ['64']
    """
    return tuple(_slips(written))


@lru_cache(maxsize=8192)
def slip_numerals(written: str) -> frozenset[str]:
    """The numerals of :func:`slips` (without their kinds), as a set to look up in or to
    intersect with the numerals of a text."""
    return frozenset(w for w, _ in slips(written))


def _slips(written: str) -> Iterator[tuple[str, str]]:
    digits = [i for i, c in enumerate(written) if c.isdigit()]
    for i in digits:
        for d in "0123456789":
            if d != written[i] and not (i == 0 and d == "0" and len(digits) > 1):
                yield written[:i] + d + written[i + 1 :], "digit"
    for a, b in itertools.pairwise(digits):
        if b == a + 1 and written[a] != written[b] and not (a == 0 and written[b] == "0"):
            yield written[:a] + written[b] + written[a] + written[b + 1 :], "swap"
    if not _NUMERAL.match(written):
        return
    dot = written.find(".")
    places = len(written) - dot - 1 if dot >= 0 else 0
    val = Decimal(written)
    yield f"{val / 10:.{places + 1}f}", "point"
    if places >= 1:
        yield f"{val * 10:.{places - 1}f}", "point"


def iv(q: Q) -> tuple[Fraction, Fraction]:
    iv = q.interval("strict", True)
    assert iv.hi is not None
    return iv.lo, iv.hi


def slip_relation(
    code: str, name: str, refs: list[FigureRef], q: Q, fix: str, formula: str
) -> Judged:
    """A reading that holds only if one figure was mistyped: a warning naming the fix."""
    zh = f"{formula}：数字对不上，疑为笔误——若“{q.text.strip()}”中的 {q.written} 为 {fix} 则相符，请核对"
    en = f"does not hold as written; it would if {q.written} read {fix} (a slip?)"
    j = relation(code, name, "rounding", formula, refs, Msg(zh, en, q.written, fix))
    return j


_NUMERAL = re.compile(r"^\d+(?:\.\d+)?$")


def slip_to(q: Q, lo: Fraction, hi: Fraction, min_digits: int = 3) -> str | None:
    """A numeral one slip away from ``q`` whose value (in ``q``'s unit and precision)
    lies in [lo, hi] (base units), if exactly one such numeral exists.  Figures of fewer
    than ``min_digits`` significant digits are never taken for slips: one keystroke
    from a two-digit number reaches too many numbers by chance."""
    if sig_digits(q) < min_digits:
        return None
    found = set(slips_into(q, lo, hi))
    return found.pop() if len(found) == 1 else None


def slips_into(q: Q, lo: Fraction, hi: Fraction) -> Iterator[str]:
    """Every numeral one slip away from ``q`` whose value, at its own precision and in
    ``q``'s unit, meets [lo, hi] (base units)."""
    try:
        flo, fhi, fscale = float(lo), float(hi), q.fscale()
    except OverflowError:
        flo, fhi, fscale = -math.inf, math.inf, 1.0
    alo, ahi = abs(flo), abs(fhi)
    for w, fw, dec, unit in _slip_numerals(q.written):
        # floats first: a numeral far outside [lo, hi] (by far more than their error)
        # is no candidate; the rest are decided exactly
        fv, fhalf = fw * fscale, unit * fscale
        margin = 1e-9 * (abs(fv) + fhalf + alo + ahi)
        if fv + fhalf < flo - margin or fv - fhalf > fhi + margin:
            continue
        try:
            v = Fraction(w) * q.scale
        except (ValueError, ZeroDivisionError):
            continue
        half = Fraction(1, 2 * 10**dec) * q.scale
        if v + half >= lo and v - half <= hi:
            yield w


@lru_cache(maxsize=4096)
def _slip_numerals(written: str) -> tuple[tuple[str, float, int, float], ...]:
    """(numeral, its float, its decimal places, half its last place as a float) of
    :func:`slips` of ``written``, for the numerals Fraction reads (a float that cannot be
    told is ``nan``: never skipped)."""
    out = []
    for w, _kind in slips(written):
        try:
            Fraction(w)
        except (ValueError, ZeroDivisionError):
            continue
        try:
            fw = float(w)
        except (ValueError, OverflowError):
            fw = math.nan
        dec = len(w.split(".")[1]) if "." in w else 0
        out.append((w, fw, dec, 0.5 * 10.0**-dec))
    return tuple(out)


def sig_digits(q: Q) -> int:
    digits = q.written.replace(".", "").lstrip("0-")
    return len(digits)


def same_value(a: Q, b: Q) -> bool:
    return intervals_meet(a, b, "strict", True)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


CHANGE_ATOMS = atoms("同比增长下降比上年同期提高回落增加减少增速幅较")


def wide_label(ctx: Context, q: Q) -> frozenset[str]:
    """The words of the 30 characters before a figure in its sentence (commas crossed),
    without change words: 渔业产值…，同比增长10.7% → 渔业产值."""
    norm = ctx.norm
    lo = max(0, q.start - 30)
    cut = max(norm.rfind("。", lo, q.start), norm.rfind("\n", lo, q.start))
    if cut >= 0:
        lo = cut + 1
    return atoms(norm[lo : q.start]) - CHANGE_ATOMS


def as_warning(j: Judged) -> Judged:
    """An inconsistent reading that is not certain: reported as a warning (status
    ``rounding`` is the warning status of relations)."""
    j.relation.status = "rounding"
    return j


@lru_cache(maxsize=1)
def lendable_measures() -> frozenset[str]:
    """Atoms that name what a figure measures (投资, 资金, 收入…), for grouping parts."""
    return lendable() | frozenset(("产值", "增加值", "面积", "产量", "人口"))
