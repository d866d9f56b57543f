"""BR101 average: an average that does not match its total.

What it does
    Recomputes a stated average from the total it divides, in the same sentence:

    - per year over a stated number of years (``五年累计改造农村公路3265公里，年均改造653公里``:
      3265 ÷ 5 = 653) or a named period (十三五期间 = 5 years);
    - per month and per day over the months or days of the stated period
      (``1—6月累计受理来电36200件，日均200件``: 36200 ÷ 181 days; a year that is not
      named may be a leap year: either length agrees);
    - per mu (平均亩产, 单产) as the output over the area, units converted
      (``面积28.4362万亩…总产量2.9517万吨…平均亩产104公斤``: 29 517 000 kg ÷ 284 362 亩).

    The cue words, period names and unit conversions are in ``data/growth.toml``.
    A per-year average over an explicit count of years and a total named as such
    (累计, 共) is an error when it does not hold; the other readings (which output, which
    days) are warnings.  A slip of one figure that explains the mismatch is named.

Why is this bad?
    The average is quoted on its own later; a wrong one travels.

Example
    ``五年累计新增就业5120万人，年均新增就业1124万人``

Use instead
    ``…年均新增就业1024万人`` (5120 ÷ 5 = 1024).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import lru_cache
from typing import Any

from briefing.checks.engine import Context, Judged, Q, fmt, judge, ref, verdict_relation
from briefing.checks.evidence import as_warning
from briefing.checks.growth import data, sign_of, slip_of
from briefing.extraction.metric_keys import atoms
from briefing.extraction.periods import days_in_month

CODE = "BR101"
NAME = "average"

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _cfg() -> dict[str, Any]:
    return data()["average"]  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    c = _cfg()

    def alts(ws: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))

    per = [c["per_year"], c["per_month"], c["per_day"], c["per_area"]]
    return {
        "year": re.compile(alts(c["per_year"])),
        "month": re.compile(alts(c["per_month"])),
        "day": re.compile(alts(c["per_day"])),
        "area": re.compile(alts(c["per_area"])),
        # any of the four (words, no lookaround): a label without one is no average's (an
        # empty list, whose pattern matches anything, screens nothing)
        "any": re.compile(alts([*per[0], *per[1], *per[2], *per[3]]) if all(per) else ""),
        "total": re.compile(alts(c["total_words"])),
        "named": re.compile(alts(list(c["named_years"]))),
    }


def propose(ctx: Context) -> Iterator[Judged]:
    """Averages against their totals (see the module doc).

    >>> from briefing import read_text, extract
    >>> doc = read_text("五年来累计改造农村公路3265公里，年均改造653公里。")
    >>> [(j.relation.status, [f.text for f in j.relation.figures])
    ...  for j in propose(Context(doc, extract(doc)))]
    [('consistent', ['3265公里', '五年', '653公里'])]
    """
    done: set[int] = set()
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for i, y in enumerate(qs):
            if y.family in ("%", "pp") or y.kind == "duration" or y.qualifier or y.start in done:
                continue
            label = ctx.label(y)
            cues = _cues()
            if not cues["any"].search(label):
                continue
            if cues["area"].search(label):
                j = _per_area(ctx, qs[:i], y, s.start)
            elif cues["year"].search(label):
                j = _per_period(ctx, qs[:i], y, s.start, "year")
            elif cues["month"].search(label):
                j = _per_period(ctx, qs[:i], y, s.start, "month")
            elif cues["day"].search(label):
                j = _per_period(ctx, qs[:i], y, s.start, "day")
            else:
                continue
            if j is not None:
                done.add(y.start)
                yield j


def _clause_floor(ctx: Context, y: Q, floor: int) -> int:
    """Totals are looked for back to the sentence start or the last semicolon."""
    return max(
        floor, ctx.norm.rfind("；", floor, y.start) + 1, ctx.norm.rfind(";", floor, y.start) + 1
    )


def _is_change(ctx: Context, q: Q, floor: int) -> bool:
    return sign_of("change", ctx.norm[max(floor, q.start - 4) : q.start]) is not None


def _total(ctx: Context, before: list[Q], y: Q, floor: int) -> Q | None:
    """The total an average divides: the nearest figure of its family before it (not a
    change, not another average), named as a total (累计, 共) or by the average's own
    words (年均减贫 ↔ 减贫)."""
    lo = _clause_floor(ctx, y, floor)
    cues = _cues()
    own = atoms(cues["year"].sub("", cues["month"].sub("", cues["day"].sub("", ctx.label(y)))))
    for q in reversed(before):
        if q.start < lo:
            return None
        if q.family != y.family or q.qualifier:
            continue
        if _is_change(ctx, q, floor) or any(
            cues[k].search(ctx.label(q)) for k in ("year", "month", "day", "area")
        ):
            return None
        lab = ctx.label(q, max(floor, q.start - 12))
        if cues["total"].search(lab) or (own and own <= atoms(lab)):
            return q
        return None
    return None


def _years(ctx: Context, before: list[Q], x: Q, floor: int) -> tuple[Q | None, int | None]:
    """The number of years: a duration figure before the total (六年来, 5年间) or a named
    period (十三五期间)."""
    for q in reversed(before):
        if q.start >= x.start:
            continue
        if q.kind == "duration" and q.family == "年" and q.qualifier is None:
            return q, None
    m = _cues()["named"].search(ctx.norm, floor, x.start)
    if m:
        return None, int(_cfg()["named_years"][m.group()])
    return None, None


_MONTHS = re.compile(r"(?:([0-9]{1,2})|([一二三四五六七八九十]{1,3}))[—\-－~至到]([0-9]{1,2})月")
_HALF = {"上半年": (1, 6), "下半年": (7, 12), "全年": (1, 12), "一季度": (1, 3), "二季度": (4, 6),
         "三季度": (7, 9), "四季度": (10, 12), "第一季度": (1, 3), "第二季度": (4, 6),
         "第三季度": (7, 9), "第四季度": (10, 12)}  # fmt: skip
_YEAR = re.compile(r"(20[0-9]{2}|19[0-9]{2})年")


def _months(ctx: Context, lo: int, hi: int) -> tuple[int, int] | None:
    """The months of the period named last before ``hi`` (1—6月, 上半年, 一季度)."""
    text = ctx.norm[lo:hi]
    best: tuple[int, tuple[int, int]] | None = None
    for m in _MONTHS.finditer(text):
        a = int(m.group(1)) if m.group(1) else _cn(m.group(2))
        b = int(m.group(3))
        if a and 1 <= a <= b <= 12:
            best = (m.start(), (a, b))
    for name, span in _HALF.items():
        at = text.rfind(name)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, span)
    return best[1] if best else None


def _cn(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1], 0)
    return _CN_DIGITS.get(s, 0)


def _days(ctx: Context, y: Q) -> list[int]:
    """The day counts the period of ``y``'s paragraph may have (a year not named may be
    a leap year)."""
    para = ctx.para_of(y.start)
    months = _months(ctx, para[0], y.start)
    if months is None:
        return []
    named = [int(m.group(1)) for m in _YEAR.finditer(ctx.norm, para[0], y.start)]
    # the year named last; none named: a common year or a leap year
    years = named[-1:] or [2023, 2024]
    out = set()
    for yr in years:
        out.add(sum(days_in_month(yr, mo) for mo in range(months[0], months[1] + 1)))
    return sorted(out)


def _per_period(ctx: Context, before: list[Q], y: Q, floor: int, per: str) -> Judged | None:
    x = _total(ctx, before, y, floor)
    if x is None:
        return None
    refs = [ref(x, "whole")]
    certain = bool(_cues()["total"].search(ctx.label(x, max(floor, x.start - 12))))
    if per == "year":
        n_q, n = _years(ctx, before, x, floor)
        if n_q is not None:
            refs.append(ref(n_q, "count"))
            return _judge(
                [*refs, ref(y, "stated")],
                _div,
                [x, n_q],
                y,
                f"{x.written} ÷ {n_q.written}",
                certain,
            )
        if n is None:
            return None
        counts = [n]
    elif per == "month":
        months = _months(ctx, ctx.para_of(y.start)[0], y.start)
        if months is None:
            return None
        counts = [months[1] - months[0] + 1]
    else:
        counts = _days(ctx, y)
        if not counts:
            return None
        certain = False
    best: Judged | None = None
    for c in counts:
        j = _judge([*refs, ref(y, "stated")], _by(c), [x], y, f"{x.written} ÷ {c}", certain)
        if best is None or j.relation.status == "consistent":
            best = j
        if j.relation.status == "consistent":
            break
    return best


def _div(t: Fraction, n: Fraction) -> Fraction:
    return t / n


def _by(n: int) -> Callable[[Fraction], Fraction]:
    def fn(t: Fraction) -> Fraction:
        return t / n

    return fn


def _per_area(ctx: Context, before: list[Q], y: Q, floor: int) -> Judged | None:
    """平均亩产 = output ÷ area, the nearest of each in the clause before the yield."""
    grams = {k: Fraction(v) for k, v in _cfg()["mass_grams"].items()}
    mu = {k: Fraction(v) for k, v in _cfg()["area_mu"].items()}
    if y.family not in grams:
        return None
    lo = _clause_floor(ctx, y, floor)
    out: Q | None = None
    area: Q | None = None
    for q in reversed(before):
        if q.start < lo:
            break
        if q.family in ("%", "pp") or q.qualifier or _is_change(ctx, q, floor):
            continue
        if out is None and q.family in grams:
            out = q
        elif area is None and q.family in mu:
            area = q
        if out is not None and area is not None:
            break
    if out is None or area is None:
        return None
    gx, gy, m = grams[out.family], grams[y.family], mu[area.family]

    def fn(xv: Fraction, av: Fraction) -> Fraction:
        return xv * gx / (av * m) / gy

    refs = [ref(out, "whole"), ref(area, "area"), ref(y, "stated")]
    return _judge(refs, fn, [out, area], y, f"{out.text} ÷ {area.text}", False)


def _judge(
    refs: list[Any], fn: Callable[..., Fraction], ops: list[Q], y: Q, expr: str, certain: bool
) -> Judged:
    v = judge(fn, ops, y)
    computed = _fmt(v.computed / y.scale, y.decimals) + y.unit
    j = verdict_relation(
        CODE, NAME, v, expr, computed, y.text, refs, "the average does not match its total"
    )
    if j.relation.status != "inconsistent" or j.msg is None:
        return j
    hit = slip_of(fn, ops, y)
    if hit is not None:
        q, w = hit
        j.msg.zh += f"；疑为笔误——若“{q.text.strip()}”中的 {q.written} 为 {w} 则相符，请核对"
        j.msg.en += f"; it would hold if {q.written} read {w} (a slip?)"
    return j if certain else as_warning(j)


def _fmt(v: Fraction, decimals: int) -> str:
    return fmt(v, decimals)
