"""BR106 time progress: a 时间进度 gap that does not match the period.

What it does
    ``1-10月完成投资…占年度计划的97.2%，超过时间进度13.8个百分点``: the time
    progress of 1–N月 is N/12 of the year (截至M月D日: the day of the year ÷ 365),
    so 97.2 − 83.3 = 13.9 ≈ 13.8.  A document that states its own baseline (two
    statements implying the same one) sets it; they agree with each other.

Why is this bad?
    The gap to time progress is what leaders read; a wrong one misjudges progress.

Example
    ``1-3月完成30.90%，超过时间进度15.90个百分点``

Use instead
    ``…超过时间进度5.90个百分点`` (30.90 − 25.00).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterator
from fractions import Fraction

from briefing.checks.engine import (
    Context,
    Interval,
    Judged,
    Msg,
    Q,
    config,
    fmt,
    ref,
    relation,
    rule,
    span_ref,
)

CODE = "BR106"
NAME = "time_progress"

_GAP = re.compile(
    r"(?P<dir>超过|超出|超|快于|高于|领先|慢于|低于|落后|滞后)(?:了)?"
    r"(?:序时|时序|均衡|时间)(?:进度|节点|序时进度)?(?:要求)?(?:分别)?(?:为|达)?$"
)
# the baseline first, the direction after: 比时间进度快15.2个百分点, 较序时进度慢3个百分点
_GAP_AFTER = re.compile(
    r"(?:比|较)(?:序时|时序|均衡|时间)(?:进度|节点)(?:分别)?"
    r"(?P<dir>快|慢|超|超出|超过|高|高出|低|落后|滞后|领先)(?:了)?(?:分别)?$"
)
_BEHIND = ("慢于", "低于", "落后", "滞后", "慢", "低")
# a stated time progress: 序时进度为91.7%, 未达到序时进度（完成比例低于91.7%）
_STATED = re.compile(
    r"(?:序时|时序|时间)进度(?:应)?(?:为|是|达|即|：|:)?$"
    r"|(?:序时|时序|时间)进度[（(][^，,；;。！？\n（()）\d%]{0,12}$"
)
_GAP_WORD = re.compile(r"(?:超过|超出|超|快于|高于|领先|慢于|低于|落后|滞后|比|较)了?$")
_LIST = "、和及与"
_MONTHS = re.compile(
    r"(?:1|一)\s*[-—–~至到]\s*(?P<n>\d{1,2})\s*月"
    r"|(?:截至|截止|至)\s*(?P<m>\d{1,2})\s*月(?:底|末)"
    r"|(?P<h>上半年|前三季度|一季度|第一季度)"
)
_DAY = re.compile(r"截至\s*(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def _baseline(
    ctx: Context, pos: int, si: int
) -> tuple[Fraction, str, tuple[int, int] | None] | None:
    """The time progress of the period stated before ``pos`` (this sentence or the two
    before), as a percentage, its arithmetic (``10/12``) and where the period is."""
    lo = ctx.sents[max(0, si - 2)].start
    window = ctx.norm[lo:pos]
    day = list(_DAY.finditer(window))
    months = [m for m in _MONTHS.finditer(window) if not _target_period(window, m)]
    last_m = months[-1] if months else None
    if day and (last_m is None or day[-1].start() > last_m.start()):
        d = day[-1]
        year = int(d.group("y") or 2021)
        try:
            doy = dt.date(year, int(d.group("m")), int(d.group("d"))).timetuple().tm_yday
        except ValueError:
            return None
        days = 366 if year % 4 == 0 else 365
        return Fraction(doy * 100, days), f"{doy}/{days}", (lo + d.start(), lo + d.end())
    if last_m is None and not day:
        far = _report_period(ctx, lo)
        if far is not None:
            lo, last_m = 0, far
    if last_m is None:
        return None
    if last_m.group("h"):
        n = {"上半年": 6, "前三季度": 9, "一季度": 3, "第一季度": 3}[last_m.group("h")]
    else:
        n = int(last_m.group("n") or last_m.group("m"))
    if not 1 <= n <= 12:
        return None
    at = (lo + last_m.start(), lo + last_m.end())
    if last_m.group(0).startswith(("截至", "截止")):
        at = (at[0] + 2, at[1])
    elif last_m.group(0).startswith("至"):
        at = (at[0] + 1, at[1])
    return Fraction(n * 100, 12), f"{n}/12", at


def _target_period(window: str, m: re.Match[str]) -> bool:
    """Is the period ``m`` the period of a target (``按照上半年计划投资完成率60%…的目标``):
    followed by a plan word, in a sentence that states a target?  A target's period is
    not the period the figures report."""
    cfg = config()["time_progress"]
    if not window.startswith(tuple(cfg["plan_words"]), m.end()):
        return False
    lo = max(window.rfind("。", 0, m.start()), window.rfind("\n", 0, m.start())) + 1
    hi = window.find("。", m.end())
    sentence = window[lo : hi if hi >= 0 else len(window)]
    return any(w in sentence for w in cfg["target_words"])


def _months(m: re.Match[str]) -> int | None:
    if m.group("h"):
        return {"上半年": 6, "前三季度": 9, "一季度": 3, "第一季度": 3}[m.group("h")]
    n = int(m.group("n") or m.group("m"))
    return n if 1 <= n <= 12 else None


def _report_period(ctx: Context, pos: int) -> re.Match[str] | None:
    """The period of the whole report (1-11月份 in its title and lead) when no period is
    stated near ``pos``: the last one before it, if every period stated before names the
    same months."""
    index = ctx.cache.get("time_progress.periods")
    if index is None:
        index = ctx.cache["time_progress.periods"] = _PeriodIndex(ctx.norm)
    return index.report_period(pos)


class _PeriodIndex:
    """The periods stated in a text (matches in order: their ends rise), with, for each
    prefix of them, whether all name the same months — so that the periods before a
    position are found by bisection, not by a scan of the document's periods."""

    def __init__(self, norm: str) -> None:
        self.found = list(_MONTHS.finditer(norm))
        self.ends = [m.end() for m in self.found]
        self.same: list[bool] = []  # same[k]: the first k + 1 periods name one value
        first: object = None
        for k, m in enumerate(self.found):
            v = _months(m)
            if k == 0:
                first = v
            self.same.append((k == 0 or self.same[-1]) and v == first)

    def report_period(self, pos: int) -> re.Match[str] | None:
        k = bisect.bisect_right(self.ends, pos)  # the periods ending at or before pos
        if not k or not self.same[k - 1] or _months(self.found[k - 1]) is None:
            return None
        return self.found[k - 1]


def _list_index(ctx: Context, q: Q, lo: int) -> int:
    """Position of ``q`` in a 、-list of figures of its family (0 for the first or alone)."""
    k = 0
    head = q.start
    for x in reversed(ctx.in_span(lo, q.start)):
        between = ctx.norm[x.end : head]
        if x.family == q.family and between and all(c in _LIST for c in between.strip("个百分点")):
            k += 1
            head = x.start
        else:
            break
    return k


class _Implied:
    """Intervals, each with the rate it was implied by, sorted by their lower ends; for
    each prefix the highest upper end (None: unbounded) and the highest among those of
    other rates than its — so that "does an interval of another rate meet this one" is
    a bisection and a lookup, not a scan of every gap of the document."""

    def __init__(self, items: list[tuple[Interval, Q]]) -> None:
        items = sorted(items, key=lambda it: it[0].lo)
        self.los = [iv.lo for iv, _ in items]
        # per prefix: (best hi, its rate, best hi of another rate); hi None = +inf
        self.tops: list[tuple[Fraction | float, Q | None, Fraction | float | None]] = []
        b1: Fraction | float | None = None
        b1_p: Q | None = None
        b2: Fraction | float | None = None
        for iv, p in items:
            h: Fraction | float = math.inf if iv.hi is None else iv.hi
            if b1 is None:
                b1, b1_p = h, p
            elif p is b1_p:
                b1 = max(b1, h)
            elif h > b1:
                b1, b1_p, b2 = h, p, b1  # the old best is of another rate than p
            else:
                b2 = h if b2 is None else max(b2, h)
            self.tops.append((b1, b1_p, b2))

    def meets_other(self, iv: Interval, p: Q) -> bool:
        """Does an interval of a rate other than ``p`` (by identity) meet ``iv``?"""
        k = len(self.los) if iv.hi is None else bisect.bisect_right(self.los, iv.hi)
        if not k:
            return False  # every interval starts above iv
        b1, b1_p, b2 = self.tops[k - 1]
        best = b1 if b1_p is not p else b2
        return best is not None and best >= iv.lo


@rule(CODE, NAME, "error", "时间进度 gap wrong")
def check(ctx: Context) -> Iterator[Judged]:
    norm = ctx.norm
    found: list[
        tuple[Q, Q, int, Interval, tuple[Fraction, str, tuple[int, int] | None] | None]
    ] = []
    for k in ctx.qs:
        if k.family != "pp":
            continue
        si = ctx.sentence_index(k.start)
        if si is None:
            continue
        s0 = ctx.sents[si].start
        kk = _list_index(ctx, k, s0)  # the kk-th gap of 分别超…9.9个百分点、4.5个百分点
        head = k.start
        if kk:
            head = ctx.in_span(s0, k.start)[-kk].start
        m = _GAP.search(norm[max(0, head - 12) : head]) or _GAP_AFTER.search(
            norm[max(0, head - 12) : head]
        )
        if m is None:
            continue
        sign = -1 if m.group("dir") in _BEHIND else 1
        pcts = [q for q in ctx.in_span(s0, head) if q.family == "%"]
        if not pcts:
            continue
        p = pcts[-1]
        if kk or "分别" in norm[max(s0, head - 16) : head]:
            # position by position: the rates listed before the gaps
            run = [pcts[-1]]
            for x in reversed(pcts[:-1]):
                between = norm[x.end : run[0].start]
                if between and all(c in _LIST for c in between):
                    run.insert(0, x)
                else:
                    break
            n_gaps = (
                kk + 1 + sum(1 for x in ctx.in_span(k.end, ctx.sents[si].end) if x.family == "pp")
            )
            if len(run) >= n_gaps and kk < len(run):
                p = run[len(run) - n_gaps + kk] if len(run) > n_gaps else run[kk]
        pi, ki = p.interval("strict", stated=True), k.interval("strict", stated=True)
        # implied baseline B = P − sign·K, as an interval
        if sign > 0:
            implied = Interval(pi.lo - ki.hi, pi.hi - ki.lo)  # type: ignore[operator]
        else:
            implied = Interval(pi.lo + ki.lo, pi.hi + ki.hi)  # type: ignore[operator]
        found.append((p, k, sign, implied, _baseline(ctx, p.start, si)))
    # the baselines gaps imply that are not the calendar's, indexed for overlap queries
    agreeing = _Implied(
        [
            (x[3], x[0])
            for x in found
            if not (x[4] is not None and x[3].meets(Interval(x[4][0], x[4][0])))
        ]
    )
    for p, k, sign, implied, base in found:
        refs = [ref(p, "rate"), ref(k, "gap")]
        if base is not None and base[2] is not None:
            refs.insert(0, span_ref(ctx, base[2][0], base[2][1], "period"))
        mid = (implied.lo + implied.hi) / 2  # type: ignore[operator]
        op = "−" if sign > 0 else "+"
        if base is not None and base[1].endswith("/12"):
            days = _by_days(int(base[1].split("/")[0]), implied)
            if days is not None:
                base = (days[0], days[1], base[2])  # 上半年 in days: 181/365 = 49.6%
        if base is not None and implied.meets(Interval(base[0], base[0])):
            gap = (p.value - base[0]) * sign
            yield relation(
                CODE,
                NAME,
                "consistent",
                f"{p.written} − {fmt(base[0], 1)}（{base[1]}）= {fmt(gap, k.decimals)}（文中 {k.written}）",
                refs,
            )
            continue
        # other gaps imply the same baseline: the document's own (a target of its own);
        # a gap that agrees with the calendar is no evidence for another baseline
        if agreeing.meets_other(implied, p):
            yield relation(
                CODE,
                NAME,
                "consistent",
                f"{p.written} {op} {k.written} = {fmt(mid, 1)}（与文中其他时间进度一致）",
                refs,
            )
            continue
        if base is None:
            zh = (
                f"未能确定时间进度基准；{p.written}% {op} {k.written} 推得时间进度约 {fmt(mid, 1)}%"
            )
            yield relation(
                CODE, NAME, "unverifiable", f"{p.written} {op} {k.written} = {fmt(mid, 1)}", refs,
                Msg(zh, f"time baseline unknown; implied {fmt(mid, 1)}%", None, fmt(mid, 1)),
                implied=fmt(mid, 1) + "%",
            )  # fmt: skip
            continue
        gap = (p.value - base[0]) * sign
        zh = f"时间进度 {base[1]} = {fmt(base[0], 1)}%，{p.written} − {fmt(base[0], 1)} = {fmt(gap, k.decimals)}，文中为 {k.written} 个百分点"
        en = f"time progress {base[1]} = {fmt(base[0], 1)}%: gap {fmt(gap, k.decimals)}, stated {k.written}"
        j = relation(
            CODE, NAME, "inconsistent", f"{p.written} − {fmt(base[0], 1)} = {fmt(gap, k.decimals)}（文中 {k.written}）",
            refs, Msg(zh, en, k.written, fmt(gap, k.decimals)),
        )  # fmt: skip
        if _far(ctx, base, p):
            j.relation.status = "rounding"  # the report's period, not one stated here
        yield j
    yield from _stated_progress(ctx)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _by_days(n: int, implied: Interval) -> tuple[Fraction, str] | None:
    """The time progress of the first ``n`` months counted in days (days elapsed ÷ days
    of the year, a common or a leap year), if it is the one ``implied`` by a gap."""
    for leap in (0, 1):
        days = sum(_MONTH_DAYS[:n]) + (leap if n >= 2 else 0)
        year = 365 + leap
        b = Fraction(days * 100, year)
        if implied.meets(Interval(b, b)):
            return b, f"{days}/{year}"
    return None


def _far(ctx: Context, base: tuple[Fraction, str, tuple[int, int] | None], q: Q) -> bool:
    """Was the baseline's period taken from the report's period (far before ``q``)?"""
    si = ctx.sentence_index(q.start)
    return base[2] is not None and si is not None and base[2][0] < ctx.sents[max(0, si - 2)].start


def _stated_progress(ctx: Context) -> Iterator[Judged]:
    """A time progress stated as a percentage (序时进度为91.7%, 未达到序时进度（…低于
    91.7%）) is the months elapsed ÷ 12 of the period: judged against it; one that
    matches neither is a warning (the document may count days)."""
    norm = ctx.norm
    for p in ctx.qs:
        if p.family != "%":
            continue
        window = norm[max(0, p.start - 20) : p.start]
        m = _STATED.search(window)
        if m is None or _GAP_WORD.search(window, 0, m.start()):
            continue  # 超时间进度5%: a gap written in per cent, not the progress itself
        si = ctx.sentence_index(p.start)
        if si is None:
            continue
        base = _baseline(ctx, p.start, si)
        if base is None or base[2] is None:
            continue
        refs = [span_ref(ctx, base[2][0], base[2][1], "period"), ref(p, "stated")]
        pi = p.interval("strict", stated=True)
        shown = fmt(base[0], max(p.decimals, 1))
        if pi.meets(Interval(base[0], base[0])):
            yield relation(
                CODE, NAME, "consistent", f"{base[1]} = {shown}%（文中 {p.written}%）", refs
            )
            continue
        zh = f"时间进度 {base[1]} = {shown}%，文中为 {p.written}%，请核对（若按天计算进度则可能不同）"
        en = f"time progress {base[1]} = {shown}%, stated {p.written}% (unless counted in days)"
        yield relation(
            CODE, NAME, "rounding", f"{base[1]} = {shown}%（文中 {p.written}%）", refs,
            Msg(zh, en, p.written, shown),
        )  # fmt: skip
