"""BR102 sums read with evidence: parts that add up to a stated total.

A stated total and the parts listed with it (its 其中 list, a breakdown by 按…分, the
sentences after it, or the figures just before it): among runs of figures of the total's
family — consecutive ones, or consecutive among those labelled alike — the run whose sum
agrees with the total is its reading.  A breakdown listed right after its total that
exceeds it (or, in parentheses, does not make it) is a warning, and so is one that adds
up if one figure was mistyped.

Example::

    开复工项目57项（新建34项，续建23项） → 34 + 23 = 57: consistent
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
import re
from collections.abc import Container, Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.context import bracket_positions
from briefing.checks.engine import (
    QIZHONG,
    Context,
    Judged,
    Msg,
    Q,
    config,
    judge,
    lo_at_most_hi,
    paren_depth,
    ref,
    relation,
)
from briefing.checks.evidence import (
    as_warning,
    is_change,
    iv,
    label_atoms,
    lendable_measures,
    sig_digits,
    slip_relation,
    slip_to,
    slips_into,
)
from briefing.checks.intervals import float_bounds, share_of
from briefing.extraction.periods import normalize_period

CODE = "BR102"
NAME = "sum"
_PARTITION_CUE = re.compile(r"其中|分别|按[^，。；]{1,8}(?:划分|分|看)|从[^，。；]{1,8}看|[（(]")
_MAX_PARTS = 9


_CORE_NOISE = re.compile(r"[\d\s　、“”\"'.\-—]")


def _sum_candidates(group: Sequence[Q], total: Q) -> Iterator[list[Q]]:
    """Runs of 2..9 consecutive figures of ``group`` (none of them the total)."""
    n = len(group)
    for i in range(n):
        if group[i] is total:
            continue
        run = [group[i]]
        for j in range(i + 1, min(n, i + _MAX_PARTS)):
            if group[j] is total:
                break
            run = [*run, group[j]]
            yield run


def _cuts_enumeration(chain: dict[int, int], side: Sequence[Q], run: Sequence[Q]) -> bool:
    """Does ``run`` take some items of an enumeration (figures joined by 、) and leave
    others of it out?  The parts of a total listed as one enumeration are all of it."""
    ids = {chain[q.start] for q in run if q.start in chain}
    taken = {q.start for q in run}
    return any(q.start not in taken and chain.get(q.start) in ids for q in side)


# Bounds of the search for a total's parts: the figures of its family among the nearest
# _NEAR figures on each side, and at most _WINDOW of them on each side (real bulletins
# hold at most a dozen of one family, and 36 of any, within the six sentences around a
# total).
_NEAR = 96
_WINDOW = 24


def _runs_below(
    group: Sequence[Q], total: Q, seen: dict[int, tuple[float, float, float, float]] | None = None
) -> Iterator[list[Q]]:
    """The runs of :func:`_sum_candidates` whose parts are each below the total and whose
    sum may agree with it: runs whose sum interval surely misses the total's (in floats,
    with a margin far above their rounding) are left out, and a run is extended no
    further once its least sum exceeds the total when no part is negative.

    ``seen`` keeps each figure's float bounds, their magnitude and its float value by its
    start (a figure stands in the groups of many totals)."""
    yield from _runs_of(group, total, _total_bounds(total), {} if seen is None else seen)


def _total_bounds(total: Q) -> tuple[float, float, float] | None:
    """A total's float value and bounds as :func:`_runs_of` weighs runs against them
    (None when floats cannot tell; worked out once per total, not per group)."""
    try:
        tlo, thi = float_bounds(total, "strict", True)
    except OverflowError:
        return None
    return total.fvalue(), tlo, thi


def _misses(
    group: Sequence[Q],
    total: Q,
    tb: tuple[float, float, float] | None,
    seen: dict[int, tuple[float, float, float, float]],
) -> bool:
    """Do the figures of ``group``, none negative, together surely miss the total (as
    :func:`_runs_of` screens a group)?  Then so does every run of any group drawn from
    them: none is sought."""
    if tb is None:
        return False
    tf, tlo, thi = tb
    top = 0.0
    try:
        for q in group:
            b = seen.get(q.start)
            if b is None:
                lo, hi = float_bounds(q)
                b = seen[q.start] = (lo, hi, abs(lo) + abs(hi), q.fvalue())
            if b[0] < 0:
                return False
            if b[3] < tf and q is not total:
                top += b[1]
                if top >= tlo:
                    return False  # (the sum only grows: these may reach the total)
    except OverflowError:
        return False
    return top + 1e-9 * (3 * top + abs(tlo) + abs(thi)) < tlo


def _runs_of(
    group: Sequence[Q],
    total: Q,
    tb: tuple[float, float, float] | None,
    seen: dict[int, tuple[float, float, float, float]],
) -> list[list[Q]]:
    """:func:`_runs_below` with the total's :func:`_total_bounds` (a new list)."""
    n = len(group)
    if n < 2:
        return []  # no run of two parts
    try:
        if tb is None:
            raise OverflowError
        tf, tlo, thi = tb
        bounds = []
        for q in group:
            b = seen.get(q.start)
            if b is None:
                lo, hi = float_bounds(q)
                b = seen[q.start] = (lo, hi, abs(lo) + abs(hi), q.fvalue())
            bounds.append(b)
    except OverflowError:  # floats cannot tell: every run goes to exact judgement
        tf = total.fvalue()
        tlo, thi = -math.inf, math.inf
        bounds = [(-math.inf, math.inf, math.inf, q.fvalue()) for q in group]
    tmag = abs(tlo) + abs(thi)
    rising = True
    top = 0.0  # the sum of the upper bounds of the figures below the total
    for q, (lo, hi, _, fv) in zip(group, bounds, strict=True):
        if lo < 0:
            rising = False
        if fv < tf and q is not total:
            top += hi
    if rising and top + 1e-9 * (3 * top + tmag) < tlo:
        # no part is negative: every run's sum is at most ``top`` (its margin below is
        # at most 2e-9 of it, and the floats' rounding far less): none reaches the total
        return []
    out = []
    for i in range(n):
        if group[i] is total or bounds[i][3] >= tf:
            continue  # every run from here holds it
        slo, shi, mag, _ = bounds[i]
        for j in range(i + 1, min(n, i + _MAX_PARTS)):
            lo, hi, m, fv = bounds[j]
            if group[j] is total or fv >= tf:
                break
            slo += lo
            shi += hi
            mag += m
            margin = 1e-9 * (mag + tmag)
            if slo - margin > thi:
                if rising:
                    break  # longer runs only add
                continue
            if shi + margin < tlo:
                continue
            out.append(list(group[i : j + 1]))
    return out


def _sum_agrees(parts: Sequence[Q], total: Q) -> str:
    from briefing.checks.engine import add_all

    return judge(add_all, list(parts), total).status


def _adds_up(parts: Sequence[Q], total: Q) -> bool:
    """``_sum_agrees(parts, total) == "consistent"``, with the sums that surely miss the
    total (in floats, with the margin of :func:`_runs_below`) not judged."""
    try:
        tlo, thi = float_bounds(total, "strict", True)
        slo = shi = mag = 0.0
        for q in parts:
            lo, hi = float_bounds(q)
            slo += lo
            shi += hi
            mag += abs(lo) + abs(hi)
    except OverflowError:  # floats cannot tell
        return _sum_agrees(parts, total) == "consistent"
    margin = 1e-9 * (mag + abs(tlo) + abs(thi))
    if slo - margin > thi or shi + margin < tlo:
        return False
    return _sum_agrees(parts, total) == "consistent"


def propose_sums(ctx: Context) -> Iterator[Judged]:
    """A stated total and the parts listed with it (its 其中 list, a breakdown by 按…分,
    the sentences after it, or the figures just before it): among runs of figures of
    the total's family — consecutive ones, or consecutive among those labelled alike —
    the run whose sum agrees with the total is its reading.  Parts of one label whose
    sum does not agree, listed right after the total with a breakdown cue, are a
    warning naming the sum."""
    norm = ctx.norm
    qs = [q for q in ctx.qs if q.family not in ("%", "pp") and q.qualifier in (None, "approx")]
    qs = [q for q in qs if not is_change(ctx, q)]
    eligible = {id(q) for q in qs}
    done: set[tuple[int, ...]] = set()
    sums: list[tuple[Q, list[Q]]] = []
    inside = [{q.start for f in lst.items for q in f} for lst in _lists(ctx) if lst.certain]
    inside_of: dict[int, list[set[int]]] = {}  # a figure's start → the lists holding it
    for fs in inside:
        for a in fs:
            inside_of.setdefault(a, []).append(fs)
    chain = _enumerations(ctx)
    measures = lendable_measures()
    lent: dict[int, frozenset[str]] = {}  # a figure's measures a total may lend, by start
    bounded_at: dict[int, tuple[float, float, float, float]] = {}  # float bounds, by start
    # a total stated as a bound (超过3.82万个项目，其中在建约2.07万个…) is read with the
    # breakdown its 其中 opens right after it only
    bounded = [
        q
        for q in ctx.qs
        if q.qualifier in ("over", "at_least")
        and q.family not in ("%", "pp")
        and not is_change(ctx, q)
        and QIZHONG.search(ctx.norm, q.end, q.end + 10)
    ]
    for t in [*qs, *bounded]:
        if t.qualifier not in (None, "over", "at_least"):
            continue
        si = ctx.sentence_index(t.start)
        if si is None:
            continue
        lo = ctx.sents[max(0, si - 2)].start
        hi = ctx.sents[min(len(ctx.sents) - 1, si + 3)].end
        para = ctx.para_of(t.start)
        own_hi = min(hi, max(para[1], ctx.sents[si].end))
        if not QIZHONG.match(norm[para[1] : para[1] + 12].lstrip()):
            # a paragraph opening with 其中 goes on with the total of the one before
            hi = own_hi
        fam = t.family
        window = [
            q
            for q in ctx.near(t, lo, hi, _NEAR)
            if q.family == fam and (id(q) in eligible or q is t)
        ]
        if len(window) < 3:
            continue
        try:  # (by identity: a figure's dataclass equality compares every field)
            pos = [*map(operator.is_, window, itertools.repeat(t))].index(True)
        except ValueError:
            continue
        after = window[pos + 1 : pos + 1 + _WINDOW]
        before = window[max(0, pos - _WINDOW) : pos]
        window = [*before, t, *after]
        groups: list[tuple[list[Q], bool]] = [(after, True), (before, False)]
        # the figures at the total's bracket level: an aside in parentheses (其中…74件)
        # interrupts no run of parts (共有412件（…86件），有358件已完成（…），54件…)
        if after and (
            "(" in norm[t.end : after[-1].start] or "（" in norm[t.end : after[-1].start]
        ):
            level = [q for q in after if paren_depth(norm, t.end, q.start) == 0]
        else:
            level = list(after)  # no bracket after the total: every figure at its level
        if len(level) < len(after):
            groups.append((level, True))
        level_all = level
        level = level[:1]  # the first figure after the total at its level
        outer = _without_nested(ctx, after)
        if len(outer) < len(after):
            groups.append((outer, True))
        # the figures of a side (and so of every group of it) that together miss the
        # total: no run of them is sought (a bound is read with the parts after it only)
        tb = _total_bounds(t)
        skip_after = _misses(after, t, tb, bounded_at)
        skip_before = t.qualifier is not None or _misses(before, t, tb, bounded_at)
        # figures labelled alike (到位资金6.7亿元 … 到位资金2.5亿元), interleaved with others
        for side, is_after in ((after, True), (before, False)):
            if skip_before and not is_after:
                continue  # (the groups before the total serve its runs only)
            keys: dict[frozenset[str], list[Q]] = {}
            for q in side:
                la = lent.get(q.start)
                if la is None:  # (a figure stands in the windows of many totals)
                    la = lent[q.start] = label_atoms(ctx, q) & measures
                if la:
                    keys.setdefault(la, []).append(q)
            for g in keys.values():
                if 2 <= len(g) < len(side):
                    groups.append((g, is_after))
        best: tuple[float, list[Q]] | None = None
        adjacent: list[list[Q]] = []
        later: list[list[Q]] = []
        for group, is_after in groups:
            if skip_after if is_after else skip_before:
                continue
            for run in _runs_of(group, t, tb, bounded_at):
                if all(q.decimals == 0 and q.value < 10 for q in run) and len(run) < 3:
                    continue  # small counts add up by chance
                if _alien(run, t) is not None or _sum_agrees(run, t) != "consistent":
                    continue
                if is_after and _cuts_enumeration(chain, after, run):
                    continue  # 共16个，其中签约1个、开工11个、投产5个: 11 + 5 leaves 1 out
                gap = (run[0].start - t.end) if is_after else (t.start - run[-1].end)
                score = (2.0 if is_after else 1.0) + len(run) * 0.1 - gap / 400
                cue_text = norm[t.end : run[0].start] if is_after else ""
                if _PARTITION_CUE.search(cue_text):
                    score += 1.0
                if is_after and level and run[0] is level[0] and run[0].start - t.end <= 12:
                    adjacent.append(run)
                if is_after and _opens_breakdown(ctx, run, t):
                    later.append(run)
                if best is None or score > best[0]:
                    best = (score, run)
        if best is None:
            if t.qualifier is not None:
                continue  # a bound is no evidence of a slip
            if hi > own_hi:
                # parts read past the total's paragraph are read when they agree only
                groups = [([q for q in g if q.start < own_hi], a) for g, a in groups]
                after = [q for q in after if q.start < own_hi]
                level_all = [q for q in level_all if q.start < own_hi]
                window = [q for q in window if q.start < own_hi]
            # the parts listed after the total: every figure of its family, or those at its
            # bracket level, or those labelled alike (第一/二/三产业增加值 with 工业增加值
            # nested under the second): the first list one slip explains
            lists = [g for g, is_after in groups if is_after]
            bad = (
                next((x for g in lists if (x := _sum_slip(ctx, t, g)) is not None), None)
                or _complement_breakdown(ctx, t, _among(after, level_all))
                or _listed_breakdown(ctx, t, window)
            )
            if bad is not None:
                # the parts listed right after the total (开复工项目57项（新建41项，续建
                # 23项）): judged though another reading of the total agrees (22 + 19 + 8
                # + 5 + 3 by industry, further on), which does not make these add up
                bad.pinned = True
                yield bad
            continue
        runs = [best[1]]
        # a second breakdown of the same total, right after it (派单547件，按时办结541件，
        # 超期办结6件 … 其中电话468件、网站79件): its own reading
        taken = {q.start for q in best[1]}
        for run in adjacent:
            if not taken & {q.start for q in run}:
                runs.append(run)
                taken.update(q.start for q in run)
        classified = _classified_slip(ctx, t, after, taken)
        if classified is not None:
            yield classified
        # … and one in a later sentence, opened by its own cue (…72宗（其中投产5宗…）。
        # …（省市项目29宗…；县项目43宗…）): a second classification of the total
        for run in later:
            if not taken & {q.start for q in run} and run[0].start > best[1][-1].end:
                runs.append(run)
                taken.update(q.start for q in run)
                break
        for run in runs:
            if any(all(q.start in fs for q in run) for fs in inside_of.get(t.start, ())):
                continue  # items of one breakdown are siblings, not a total and its parts
            if len({chain.get(q.start, -1 - i) for i, q in enumerate([t, *run])}) == 1:
                continue  # 工业7家、建筑业43家、批发业19家…: one enumeration, no total in it
            key = (t.start, *[q.start for q in run])
            if key in done:
                continue
            done.add(key)
            sums.append((t, run))
            expr = _sum_expr(run, t)
            refs = [*[ref(q, "part") for q in run], ref(t, "total")]
            refs.sort(key=lambda r: r.start)
            yield relation(CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs)
    by_start = {q.start: q for q in ctx.qs}
    for j in _item_sums(ctx):
        rel = j.relation
        if rel.status == "consistent":
            t0 = next((by_start.get(r.start) for r in rel.figures if r.role == "total"), None)
            run0 = [by_start.get(r.start) for r in rel.figures if r.role == "part"]
            if t0 is not None and run0 and all(q is not None for q in run0):
                sums.append((t0, [q for q in run0 if q is not None]))
        yield j
    yield from _change_sums(ctx, sums, done)
    yield from _compound_sums(ctx, done)


_COMPOUND_REACH = 600  # characters between a compound total and its parts, at most


def _compound_sums(ctx: Context, done: set[tuple[int, ...]]) -> Iterator[Judged]:
    """A total whose label joins two categories before one noun (新增改善灌溉面积已超过
    60万亩) and the figures labelled with each category and that noun (新增灌溉面积18.6
    万亩，改善灌溉面积43.2万亩): one figure of each, nearby, whose sum agrees with the
    total.  The parts are found by their words: a sum that misses the total is a warning
    when each part's label is its category and the noun after the total's own subject
    alone (:func:`_coordinated`), else nothing."""
    strip = _sum_patterns()["compound_strip"]
    qs = [
        q
        for q in ctx.qs
        if q.family not in ("%", "pp") and not is_change(ctx, q) and _DIGIT.search(q.text)
    ]
    qs.sort(key=lambda q: q.start)
    labels: dict[int, str] = {}

    def label(q: Q) -> str:
        if q.start not in labels:
            labels[q.start] = strip.sub("", ctx.label(q))
        return labels[q.start]

    # the figures that may be parts, by family, unit and the last two characters of their
    # label (a part's label ends with the total's noun), in order: a total's are found by
    # bisection there, not by a scan of every figure within reach
    index: dict[tuple[str, str, str], tuple[list[int], list[Q]]] = {}
    for q in qs:
        if q.qualifier in (None, "approx"):
            lq = label(q)
            if len(lq) >= 2:
                bucket = index.setdefault((q.family, _base(q.unit), lq[-2:]), ([], []))
                bucket[0].append(q.start)
                bucket[1].append(q)

    for t in qs:
        if t.qualifier not in (None, "over", "at_least"):
            continue
        lab = label(t)
        if len(lab) < 6 or not _HAN_RUN.fullmatch(lab):
            continue
        kin = index.get((t.family, _base(t.unit), lab[-2:]))
        if kin is None:
            continue
        lo = bisect.bisect_left(kin[0], t.start - _COMPOUND_REACH)
        hi = bisect.bisect_right(kin[0], t.start + _COMPOUND_REACH)
        if hi - lo < 2:
            continue
        lab = lab[-16:]
        # a noun is two characters or more: only figures whose labels end with the
        # total's last two can name it, and two of them at least are needed
        near_labels = [
            (q, labels[q.start])
            for q in kin[1][lo:hi]
            if q is not t and abs(q.start - t.start) <= _COMPOUND_REACH  # (the bisection's)
        ]
        if len(near_labels) < 2:
            continue
        # how many characters each label ends with alike the total's (a label ends with
        # a noun of the total's iff it shares that many at least)
        shared = []
        for q, lq in near_labels:
            c, top = 2, min(len(lq), len(lab))  # (the last two are the index's key)
            while c < top:  # by bisection: an end shared is shared by every shorter one
                mid = (c + top + 1) // 2
                if lq.endswith(lab[-mid:]):
                    c = mid
                else:
                    top = mid - 1
            shared.append((q, c))
        # a second category's figure shares two characters more than the noun (its
        # category's end): nouns longer than the most shared less two split nothing
        most = max(c for _, c in shared)
        for n in range(min(len(lab) - 4, most - 2), 1, -1):  # the longest noun first
            noun, head = lab[-n:], lab[:-n]
            found: list[Q] | None = None
            named = [q for q, c in shared if c >= n]  # the labels ending with the noun
            if len(named) < 2 or len(head) < 4:
                continue
            # the head: a subject or period (全县), then the two categories (head[i:k],
            # head[k:]) with i < k - 1 < len(head) - 2.  A figure labelled with the second
            # category and the noun ends its label with head[k:] + noun: with head[k:]
            # for every k from where its words before the noun stop following the head's,
            # c - n characters from the end (most splits have none: then the first
            # category's figures are not sought)
            reach2 = [(q, len(head) - (c - n)) for q, c in shared if c >= n]
            kmin = min(k0 for _, k0 in reach2)
            # a figure labelled with the first category ends its words before the noun
            # with head[i:k]: for each k, the longest end of head[:k] one of them ends
            # with (splits no figure's label follows are not weighed)
            bodies = [labels[q.start][:-n] for q in named]
            lasts = {b[-1] for b in bodies if b}
            ends1 = [0] * len(head)
            for k in range(max(2, kmin), len(head) - 1):
                if head[k - 1] not in lasts:
                    continue
                for body in bodies:
                    m = 0
                    while m < len(body) and m < k and body[-1 - m] == head[k - 1 - m]:
                        m += 1
                    ends1[k] = max(ends1[k], m)
            for i in range(len(head) - 3):
                for k in range(max(i + 2, kmin), len(head) - 1):
                    if ends1[k] < k - i:
                        continue  # no figure's label ends with head[i:k] + noun
                    w1, w2 = head[i:k], head[k:]
                    p2 = [q for q, k0 in reach2 if k0 <= k and w1 not in labels[q.start]]
                    if len(p2) != 1:
                        continue
                    p1 = [
                        q
                        for q in named
                        if labels[q.start].endswith(w1 + noun) and w2 not in labels[q.start]
                    ]
                    if len(p1) == 1:
                        found = [*p1, *p2]
                        break
                if found is not None:
                    break
            if found is None:
                continue
            run = sorted(found, key=lambda q: q.start)
            key = (t.start, *[q.start for q in run])
            if key in done:
                break
            done.add(key)
            refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
            expr = _sum_expr(run, t)
            if _adds_up(run, t):
                yield relation(
                    CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs
                )
            elif _coordinated(
                head[:i], [(labels[q.start], w) for q, w in zip(found, (w1, w2), strict=True)], noun
            ):
                # the one figure of each category the total names: the reading stands by
                # its words, and a sum that misses the total is a warning
                from briefing.checks.engine import add_all, fmt

                places = max(t.decimals, *[q.decimals for q in run if q.scale == t.scale])
                shown = fmt(add_all(*[q.value for q in run]) / t.scale, max(places, 0))
                zh = f"{expr} = {shown}，与总数 {t.text} 不符（总数由两类合成），请核对"
                en = f"the two categories the total joins add up to {shown}, the total is {t.text}"
                yield as_warning(
                    relation(
                        CODE,
                        NAME,
                        "inconsistent",
                        f"{expr} = {shown}（文中 {t.text}）",
                        refs,
                        Msg(zh, en, t.text, shown),
                    )
                )
            break


def _coordinated(subject: str, parts: Sequence[tuple[str, str]], noun: str) -> bool:
    """Do the parts' labels say their category and noun after nothing but the total's own
    subject (新增改善排涝面积 over 新增排涝面积 and 改善排涝面积; 全县 before both)?  A split
    of the total's words that another label only happens to end with (秋播粮食播种面积
    over 夏播粮食面积) is no pair of categories."""
    for lab, w in parts:
        rest = lab[: len(lab) - len(w + noun)]
        if not subject.endswith(rest):
            return False
    return True


def _opens_breakdown(ctx: Context, run: Sequence[Q], t: Q) -> bool:
    """Is ``run`` a breakdown of its own in a later sentence than its total ``t``: all in
    one sentence, opened by a breakdown cue (其中, 分别, 按…分, a bracket) between the
    figure before it and its first part?"""
    si = ctx.sentence_index(run[0].start)
    ti = ctx.sentence_index(t.start)
    if si is None or ti is None or si <= ti or ctx.sentence_index(run[-1].start) != si:
        return False
    prev = [
        x for x in ctx.in_span(max(0, run[0].start - 60), run[0].start) if x.end <= run[0].start
    ]
    lo = max(prev[-1].end if prev else 0, ctx.sents[si].start - 40)
    return bool(_PARTITION_CUE.search(ctx.norm, lo, run[0].start))


def _without_nested(ctx: Context, after: Sequence[Q]) -> list[Q]:
    """``after`` without the breakdowns nested in one of its parts (``第二产业增加值
    81470万元，其中工业增加值58390万元，建筑业增加值23080万元。第三产业…``): the figures
    after a part's 其中 that add up to that part are not parts of the total."""
    nested: set[int] = set()
    # the totals of one passage share their windows: each sum is judged once (by the
    # figures' identities; they live as long as the context)
    agrees: dict[tuple[int, ...], bool] = ctx.table("partition.nested_sums")
    for k, q in enumerate(after):
        if q.start in nested or k + 2 >= len(after):
            continue
        if not QIZHONG.search(ctx.norm, q.end, after[k + 1].start):
            continue
        for m in range(2, min(5, len(after) - k)):
            run = after[k + 1 : k + 1 + m]
            key = (id(q), *map(id, run))
            hit = agrees.get(key)
            if hit is None:
                hit = agrees[key] = _adds_up(run, q)
            if hit:
                nested.update(x.start for x in run)
                break
    return [q for q in after if q.start not in nested]


def _change_of(ctx: Context, x: Q, stop: int) -> Q | None:
    """The change of level ``x`` stated right after it in its sentence, before ``stop``
    (``总产18.2万吨，比上年的17.3万吨增0.9万吨`` → 0.9万吨): the first figure of its
    family that is a change, past a comparison base (比…的17.3万吨) only."""
    si = ctx.sentence_index(x.start)
    if si is None:
        return None
    end = min(stop, ctx.sents[si].end, x.end + 40)
    for y in ctx.in_span(x.end, end):
        if y.family != x.family or y.start < x.end:
            continue
        if _is_delta(ctx, y):
            return y if _base(y.unit) == _base(x.unit) else None
        if "比" not in ctx.norm[max(x.end, y.start - 8) : y.start]:
            return None  # another level: x's change is not stated here
    return None


def _change_sums(
    ctx: Context, sums: Sequence[tuple[Q, list[Q]]], done: set[tuple[int, ...]]
) -> Iterator[Judged]:
    """Parts that add up to their total, each followed by its change (``夏粮3.5万吨，比
    上年增0.2万吨 … 秋粮14.7万吨，比上年增0.7万吨`` under ``总产18.2万吨，增0.9万吨``):
    the changes add up too when they all go one way.  Only a sum that agrees is
    reported: the changes are found by position, not named."""
    for t, run in sums:
        members = sorted([t, *run], key=lambda q: q.start)
        changes: dict[int, Q] = {}
        for k, x in enumerate(members):
            stop = members[k + 1].start if k + 1 < len(members) else len(ctx.norm)
            c = _change_of(ctx, x, stop)
            if c is None:
                break
            changes[x.start] = c
        if len(changes) != len(members):
            continue
        ct, cparts = changes[t.start], [changes[q.start] for q in run]
        if len({change_direction(ctx, c) for c in [ct, *cparts]} - {"?"}) > 1:
            continue
        key = (ct.start, *[q.start for q in cparts])
        if key in done or not _adds_up(cparts, ct):
            continue
        done.add(key)
        refs = sorted([*[ref(q, "part") for q in cparts], ref(ct, "total")], key=lambda r: r.start)
        expr = _sum_expr(cparts, ct)
        yield relation(CODE, NAME, "consistent", f"{expr} = {ct.written}（文中 {ct.text}）", refs)


_ENUM_GAP = re.compile(r"^[、；;][^0-9０-９，,；;。：:（）()、\n]{0,12}$")
_TOTAL_WORD = re.compile(r"共|合计|总计|累计|总|其中|另")


def _enumerations(ctx: Context) -> dict[int, int]:
    """Figures of one enumeration (工业7家、建筑业43家、批发业19家): each figure's start →
    the index of its run of figures joined by 、 (or ；) and a category name, none of them
    a total (共计, 合计)."""
    hit = ctx.cache.get("partition.enumerations")
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    out: dict[int, int] = {}
    norm = ctx.norm
    qs = ctx.qs
    run = 0
    for a, b in itertools.pairwise(qs):
        gap = norm[a.end : b.start]
        if a.family == b.family and _ENUM_GAP.match(gap) and not _TOTAL_WORD.search(gap):
            out.setdefault(a.start, run)
            out[b.start] = out[a.start]
        else:
            run += 1
    ctx.cache["partition.enumerations"] = out
    return out


def _piv(q: Q) -> tuple[Fraction, Fraction]:
    """A part's interval: a count is exact, a figure with decimals ± half its last digit."""
    i = q.interval("strict")
    assert i.hi is not None
    return i.lo, i.hi


def _sum_slip(ctx: Context, t: Q, after: Sequence[Q]) -> Judged | None:
    """The parts listed right after a total (其中, 分别, a parenthesis) that add up to it
    if one figure was mistyped: one explanation only, else nothing."""
    # 1亿元以上项目: no part (the first part is screened before the others are sought)
    first = None
    for q in after:
        if not _is_threshold(ctx, q):
            first = q
            break
    if first is None or not _listed_after(ctx, t, first):
        return None
    if ctx.norm[t.end : t.end + 1] == "的":
        return None  # 完成年初预算13.5亿元的24.1%。其中：税收…: a share's whole, no total
    after = [q for q in after if not _is_threshold(ctx, q)]
    nested = _patterns()["open"]
    norm = ctx.norm
    k = 1
    while k < min(len(after), _MAX_PARTS):
        if nested.search(norm, after[k - 1].end, after[k].start):
            # 第二产业增加值76210万元，其中工业…；建筑业…。第三产业…: the parts of that
            # part, to the end of their sentence, are no parts of the total
            stops = [i for i in (norm.find(c, after[k].start) for c in "。\n") if i >= 0]
            stop = min(stops, default=len(norm))
            after = [*after[:k], *[q for q in after[k:] if q.start > stop]]
        k += 1
    found: list[Judged] = []
    depth = [paren_depth(ctx.norm, t.end, q.start) for q in after[:_MAX_PARTS]]
    ivs: list[tuple[Fraction, Fraction]] = []
    for k in range(2, min(len(after), _MAX_PARTS) + 1):
        if len(found) > 1:
            break  # two explanations: none is taken
        run = list(after[:k])
        if len(set(depth[:k])) > 1:
            break  # parts inside a parenthesis and outside it: two lists, not one
        while len(ivs) < k:  # the sum grows by one part a step
            ivs.append(_piv(run[len(ivs)]))
        found += _slip_readings(t, run, ivs)
    return found[0] if len(found) == 1 else None


_CLASSIFIED = re.compile(r"按[^，,。；;]{1,8}(?:划分|分|看)|从[^，,。；;]{1,8}(?:看|分)")


def _classified_slip(ctx: Context, t: Q, after: Sequence[Q], taken: set[int]) -> Judged | None:
    """A total classified right after it (``172个…。按阶段划分，其中64个…；91个…；17
    个…``) whose listed parts one slip would make add up, while the reading that agrees
    takes none of them (86 + 26 = 112, two items of another classification): the
    classification stands, a warning (pinned against the chance agreement)."""
    if t.qualifier is not None or not after or after[0].start in taken:
        return None
    if not _CLASSIFIED.search(ctx.norm, t.end, after[0].start):
        return None
    j = _sum_slip(ctx, t, after)
    if j is not None:
        j.pinned = True
    return j


def _listed_after(ctx: Context, t: Q, first: Q) -> bool:
    """:func:`_opens_list`, asked once per total and first part (several lists of one
    total's parts open with the same figure)."""
    memo = ctx.table("partition.listed_after")
    key = (t.start, t.end, first.start, first.end)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _opens_list(ctx, t, first)
    return hit  # type: ignore[no-any-return]


def _opens_list(ctx: Context, t: Q, first: Q) -> bool:
    """Does ``first`` open the list of a total's parts?  A partition cue right after the
    total (``T（a、b）``, ``T，其中a…``), or after the total's own rates and changes in its
    sentence, or opening the next sentence (``T，同比增长5%。其中，a…``), with the first
    part in the cue's clause."""
    norm = ctx.norm
    if first.start - t.end <= 12:
        return _PARTITION_CUE.search(norm, t.end, first.start) is not None
    # the total's sentence may run on with other measures (…面积60.4万亩，比上年增0.1万亩；
    # 总产量21.5万吨，…。其中：…面积…): clauses holding no figure of the total's family
    # but its own changes, whose breakdown the same 其中 goes on to give
    others = _other_measures(ctx, t, first)
    if first.start - t.end > (_OTHER_MEASURES_REACH if others else 60):
        return False
    cues = list(_sum_patterns()["list_open"].finditer(norm, t.end, first.start))
    if not cues:
        return False
    m = cues[-1]
    if first.start - m.end() > 16 or ctx.rfind_any("。；;！？\n", m.end(), first.start) >= 0:
        return False  # the first part stands in the cue's clause
    before = norm[t.end : m.start()]
    stop = max(before.rfind(c) for c in "。；;！？\n")
    stops = sum(before.count(c) for c in "。；;！？\n")
    if others:
        stops -= sum(before.count(c) for c in "；;")
    if stops > 1:
        return False
    # the total's sentence runs on to the cue, or the cue opens the next sentence (after
    # other cues and a note in brackets: 按阶段划分（含子项），其中…)
    opening = _sum_patterns()["list_open"].sub("", before[stop + 1 :])
    opening = _PARENTHESISED.sub("", opening)
    return stop < 0 or (before[stop] == "。" and not opening.strip(" ，,：:"))


_PARENTHESISED = re.compile(r"[(（][^)）]{0,12}[)）]")
_OTHER_MEASURES_REACH = 120


def _other_measures(ctx: Context, t: Q, first: Q) -> bool:
    """Between a total and the first figure of its breakdown, is there a clause after a
    semicolon in the total's sentence whose figures are all of other families (another
    measure: 总产量21.5万吨 after 面积60.4万亩), and no figure of the total's family but
    changes of it?"""
    norm = ctx.norm
    si = ctx.sentence_index(t.start)
    if si is None:
        return False
    end = ctx.sents[si].end
    semi = ctx.rfind_any("；;", t.end, min(end, first.start))
    if semi < 0:
        return False
    between = ctx.in_span(t.end, first.start)
    if any(q.family == t.family and not is_change(ctx, q) for q in between):
        return False
    after_semi = [q for q in between if semi < q.start < end]
    return (
        bool(after_semi)
        and all(q.family != t.family for q in after_semi)
        and (norm.find("。", semi, first.start) >= 0)
    )


#: the dash or word between the two ends of a range (5-8亿元, 3至5个)
_RANGE_DASH = r"(?:-|—|–|~|～|至|到)"
_RANGE_TO = re.compile(rf"\s*{_RANGE_DASH}\s*\d")
_RANGE_FROM = re.compile(rf"\d\s*(?:[万亿]?元)?\s*{_RANGE_DASH}\s*$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _own_words(ctx: Context, q: Q) -> str:
    """The words of a part's clause before it and the noun right after it (其中新签项目
    71个; 464个续建项目)."""
    cache = ctx.table("partition.own_words")
    key = (q.start, q.end)
    hit = cache.get(key)
    if hit is None:
        norm = ctx.norm
        cs = ctx.rfind_any("，,；;。：:\n、（(", max(0, q.start - 30), q.start) + 1
        after = _HAN_RUN.match(norm, q.end, min(len(norm), q.end + 8))
        hit = cache[key] = norm[cs : q.start] + "|" + (after.group() if after else "")
    return hit


def names_parts(ctx: Context, t: Q, parts: Sequence[Q]) -> bool:
    """Does the total's own clause name its parts' categories, one each, joined in one
    coordination (``续建和新签项目146个，其中新签项目58个、续建项目88个``;
    ``新建学校和学校扩容项目共47个``)?  Then the parts are all of the total."""
    if len(parts) < 2 or len(parts) > 6:
        return False
    norm = ctx.norm
    cs = ctx.rfind_any("，,；;。：:\n", max(0, t.start - 40), t.start) + 1
    # 财政总收入（含上划中央和省级收入）: categories the total includes, not all of it
    head = _sum_patterns()["includes"].sub(lambda m: " " * len(m.group()), norm[cs : t.start])
    coord = _sum_patterns()["coordinator"]
    marks = [(m.start(), m.end()) for m in coord.finditer(head)]
    if len(marks) < len(parts) - 1:
        return False
    ends = {a for a, _ in marks}
    starts = {b for _, b in marks}
    own = [_own_words(ctx, q) for q in parts]
    found: list[tuple[int, int]] = []
    for k, words in enumerate(own):
        others = [o for i, o in enumerate(own) if i != k]
        hit = None
        for n in (4, 3, 2):
            for i in range(len(words) - n + 1):
                w = words[i : i + n]
                if not _HAN_RUN.fullmatch(w) or any(w in o for o in others):
                    continue
                at = head.find(w)
                while at >= 0 and not (at + n in ends or at in starts):
                    at = head.find(w, at + 1)
                if at >= 0:
                    hit = (at, at + n)
                    break
            if hit is not None:
                break
        if hit is None:
            return False
        found.append(hit)
    found.sort()
    if any(b[0] < a[1] for a, b in itertools.pairwise(found)):
        return False  # two parts named by one word
    between = [sum(1 for a, _ in marks if x[1] <= a < y[0]) for x, y in itertools.pairwise(found)]
    return all(n == 1 for n in between) and found[-1][1] - found[0][0] <= 24


@lru_cache(maxsize=1)
def _complete_sets() -> dict[int, tuple[tuple[str, ...], ...]]:
    """The complete sets and complementary pairs of categories, by their size."""
    sets = [*_sum_patterns()["complete"], *(tuple(p) for p in config()["partition"]["pairs"])]
    out: dict[int, list[tuple[str, ...]]] = {}
    for words in sets:
        out.setdefault(len(words), []).append(tuple(words))
    return {n: tuple(ws) for n, ws in out.items()}


@lru_cache(maxsize=16)
def _complete_index(n: int) -> tuple[dict[str, list[int]], tuple[int, ...]]:
    """The sets of :func:`_complete_sets` of size ``n`` by each of their words (indexes,
    in order), and the lengths of those words."""
    by_word: dict[str, list[int]] = {}
    for k, words in enumerate(_complete_sets().get(n, ())):
        for w in dict.fromkeys(words):
            by_word.setdefault(w, []).append(k)
    return by_word, tuple(sorted({len(w) for w in by_word}))


def _ends_of(word: str, text: str) -> Iterator[int]:
    """Where each occurrence of ``word`` in ``text`` ends, left to right, as a search of
    the word finds them (by str.find: no pattern per word and text)."""
    if not word:  # an empty word occurs at every position
        yield from range(len(text) + 1)
        return
    at = text.find(word)
    while at >= 0:
        yield at + len(word)
        at = text.find(word, at + len(word))


def _complement_words(ctx: Context, run: Sequence[Q]) -> bool:
    """Do the parts' words name categories that together make a whole, one each: a
    complete set (一产/二产/三产, 已完成/推进中), a complementary pair (新建/续建), or a
    category and its negation (达到序时进度 / 未达到序时进度)?"""
    memo = ctx.table("partition.complement_words")  # (the totals of a passage share
    key = tuple((q.start, q.end) for q in run)  # the figures after them: read once)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _names_complements(ctx, run)
    return hit  # type: ignore[no-any-return]


def _names_complements(ctx: Context, run: Sequence[Q]) -> bool:
    labs = [_own_words(ctx, q) for q in run]
    sets = _complete_sets().get(len(labs), ())
    # only the sets naming a word of the first part's words can be one (the others
    # stop at the first part): found by their words, not by trying every set (once per
    # first part and size: the runs of many totals open with one figure)
    memo = ctx.table("partition.complete_cands")
    mk = (run[0].start, run[0].end, len(labs))
    cands = memo.get(mk)
    if cands is None:
        by_word, lengths = _complete_index(len(labs))
        first = labs[0]
        subs = {first[i : i + n] for n in lengths for i in range(len(first) - n + 1)}
        cands = memo[mk] = sorted({k for w in subs.intersection(by_word) for k in by_word[w]})
    for words in [sets[k] for k in cands]:
        found = []
        for lab in labs:
            hits = [w for w in words if w in lab]
            if len(hits) != 1:
                break
            found.append(hits[0])
        else:
            if set(found) == set(words):
                return True
    if len(labs) != 2:
        return False
    for neg in _sum_patterns()["negations"]:
        for a, b in ((labs[0], labs[1]), (labs[1], labs[0])):
            if neg and neg not in b:
                continue  # (no occurrence to end at)
            for end in _ends_of(neg, b):
                rest = _HAN_RUN.match(b, end)
                word = rest.group()[:4] if rest else ""
                if len(word) >= 2 and word in a and neg + word not in a:
                    return True
    return False


def _another_kind(parts: Sequence[Q], t: Q) -> bool:
    """Are the parts, all in another scale than the total, together two orders of
    magnitude below it (42186元 and 21643元 against 16.84亿元): amounts of another kind
    (per person, per unit), not its parts?"""
    return (
        all(q.scale != t.scale for q in parts) and sum(q.fvalue() for q in parts) * 100 < t.fvalue()
    )


def _sibling_of(ctx: Context, t: Q, run: Sequence[Q]) -> bool:
    """Does ``t`` with one of the parts add up to a figure of their measure stated before
    ``t`` in its paragraph (62个重点项目中，在建项目44个…未开工项目18个), or do the parts
    add up to another figure of the paragraph?  Then ``t`` is not their total."""
    from briefing.checks.engine import add_all

    lo, hi = ctx.para_of(t.start)
    same = [q for q in ctx.in_span(lo, hi) if q.family == t.family and _countable(ctx, q)]
    if any(
        judge(add_all, [t, x], q).status == "consistent"
        for q in same
        if q.start < t.start
        for x in run
    ):
        return True
    # 计划新开工项目52个，实际新开工46个…；加上续建项目38个，全县开复工项目84个: the parts
    # add up to another figure of their paragraph — theirs, not this one
    return any(
        judge(add_all, list(run), q).status == "consistent"
        for q in same
        if q is not t and q not in run
    )


def _complement_breakdown(ctx: Context, t: Q, after: Sequence[Q]) -> Judged | None:
    """Parts right after a total (in its sentence or the next) whose words name
    complementary categories, one each (续建项目…新建项目; 达到…未达到…), cover it:
    when they do not add up, an error."""
    if len(after) < 2:
        return None
    if not _listed_after(ctx, t, after[0]) and after[0].start - t.end > 16:
        # only the total's own rates and changes between it and the parts
        gap = [q for q in ctx.in_span(t.end, after[0].start) if _countable(ctx, q)]
        if gap or after[0].start - t.end > 24:
            return None
    si = ctx.sentence_index(t.start)
    if si is None or not _plain_head(ctx, t, ctx.sents[si].start) or _after_qizhong(ctx, t):
        return None  # a plan's or a share's whole (预算数52380万元的41.7%), or itself a part
    for k in range(2, min(len(after), 4) + 1):
        run = list(after[:k])
        s0, sj = ctx.sentence_index(run[0].start), ctx.sentence_index(run[-1].start)
        if s0 is None or sj is None or s0 > si + 1 or sj > s0 + 1:
            break  # the parts open in the total's sentence or the next, and run on one more
        if not _complement_words(ctx, run):
            continue
        if _adds_up(run, t) or any(q.fvalue() > t.fvalue() * 10 for q in run):
            return None
        if _another_kind(run, t):
            return None  # 城镇居民人均31286元、农村居民15427元 after 9.86亿元
        if _sibling_of(ctx, t, run):
            return None  # 62个项目中，在建44个…未开工18个: the total is a part's sibling
        from briefing.checks.engine import add_all

        shown = fmt_q_sum(add_all(*[q.value for q in run]), t)
        expr = _sum_expr(run, t)
        zh = f"{expr} = {shown}，与总数 {t.text} 不符（各分项为互补的类别，合计应等于总数），请核对"
        en = f"the parts (complementary categories) add up to {shown}, the total is {t.text}"
        refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
        return relation(CODE, NAME, "inconsistent", f"{expr} = {shown}（文中 {t.text}）", refs,
                        Msg(zh, en, t.text, shown))  # fmt: skip
    return None


def _slip_readings(
    t: Q, run: Sequence[Q], ivs: Sequence[tuple[Fraction, Fraction]] | None = None
) -> list[Judged]:
    """A warning for each figure of a total and its parts (three significant digits or
    more) that, read with one slip fixed, makes the parts add up to the total."""
    if sig_digits(t) < 3 and all(sig_digits(q) < 3 for q in run):
        return []  # no figure long enough to be fixed (the sums are not worked out)
    if ivs is None:
        ivs = [_piv(q) for q in run]
    slo = sum((i[0] for i in ivs), Fraction(0))
    shi = sum((i[1] for i in ivs), Fraction(0))
    tlo, thi = iv(t)
    fixes: list[tuple[Q, str]] = []
    if sig_digits(t) >= 3:
        found = sorted(set(slips_into(t, slo, shi)))
        if len(found) <= 2:  # 2.51 for 2.15 (or 2.11): one slip, told or not
            fixes += [(t, fix) for fix in found]
    for q, (ql, qh) in zip(run, ivs, strict=True):
        if sig_digits(q) < 3:
            continue
        lo, hi = tlo - (shi - qh), thi - (slo - ql)
        if hi > 0:
            fix = slip_to(q, lo, hi)
            if fix is not None:
                fixes.append((q, fix))
    if not fixes or len(fixes) > 3:
        # four or more ways to make it hold: no evidence of one slip.  Three is a total
        # and its two parts off by one digit's worth (10000 for 40653 + 24932 ≠ 75585):
        # any of the three may have slipped, the reading stands (the slip is not told)
        return []
    refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
    formula = f"{_sum_expr(run, t)} ≠ {t.written}"
    if len(fixes) == 1:
        return [slip_relation(CODE, NAME, refs, fixes[0][0], fixes[0][1], formula)]
    # several figures one slip from agreeing: the reading stands, the slip is not told
    ways = "或".join(f"“{q.text.strip()}”为 {fix}" for q, fix in fixes)
    ways_en = " or ".join(f"{q.written} read {fix}" for q, fix in fixes)
    from briefing.checks.engine import add_all

    shown = fmt_q_sum(add_all(*[q.value for q in run]), t)
    zh = f"{formula}：分项之和为 {shown}，与总数 {t.text} 不符；若{ways}则相符，疑为笔误，请核对"
    en = f"the parts add up to {shown}, the total is {t.text}; it would hold if {ways_en}"
    return [as_warning(relation(CODE, NAME, "inconsistent", formula, refs,
                                Msg(zh, en, t.written, shown)))]  # fmt: skip


def slip_reading(ctx: Context, t: Q, parts: Sequence[Q]) -> Judged | None:
    """Parts read as a total's breakdown by their words (a 其中 list, a classification)
    that do not add up to it but would if exactly one figure was mistyped: a warning
    naming the fix; nothing when no slip, or more than one, explains it."""
    if len(parts) < 2 or _adds_up(parts, t):
        return None
    if any(_is_threshold(ctx, q) for q in [t, *parts]):
        return None  # 1亿元以上项目19个: a size threshold is no part
    found = _slip_readings(t, parts)
    return found[0] if len(found) == 1 else None


def _sum_expr(run: Sequence[Q], t: Q) -> str:
    mixed = any(q.unit != t.unit for q in run)
    return " + ".join(q.written + (q.unit if mixed else "") for q in run)


_BREAKDOWN_OPEN = re.compile(r"[，,。]?(?:其中|分别为|分别是|包括)[：:，,]?|[（(]")


def _listed_breakdown(ctx: Context, t: Q, window: Sequence[Q]) -> Judged | None:
    """``总数T（A a、B b）`` or ``T，其中A a、B b。`` whose parts add up to more than T (or,
    in parentheses, to anything but T): a warning with the sum."""
    norm = ctx.norm
    m = _BREAKDOWN_OPEN.match(norm, t.end, t.end + 6)  # right after the total
    if m is None:
        return None
    paren = m.group().startswith(("（", "("))
    if paren:
        close = min((i for i in (norm.find("）", m.end()), norm.find(")", m.end())) if i >= 0),
                    default=-1)  # fmt: skip
        if close < 0 or close - m.end() > 80:
            return None
        end = close
    else:
        # …入库126家。其中工业7家、…: a 其中 opening the next sentence lists its parts
        si = ctx.sentence_index(m.end())
        if si is None:
            return None
        end = ctx.sents[si].end
        semi = norm.find("；", m.end(), end)
        if semi >= 0:
            end = semi
    run = [q for q in window if m.end() <= q.start and q.end <= end]
    if len(run) < 2 or ctx.count_at_most(m.end(), end) > 2 * _WINDOW:
        return None  # a list this long is not read as one breakdown
    others = [q for q in ctx.in_span(m.end(), end) if q.family not in ("%", "pp")]
    if len(run) < 2 or len(others) != len(run):
        return None  # other kinds of figures between: not a plain breakdown
    if _adds_up(run, t):
        return None
    from briefing.checks.engine import add_all

    total = add_all(*[q.value for q in run])
    over = total > t.interval("strict", True).hi  # type: ignore[operator]
    if not (paren or over):
        return None
    plo = sum((_piv(q)[0] for q in run), Fraction(0))
    phi = sum((_piv(q)[1] for q in run), Fraction(0))
    if slip_to(t, plo, phi, min_digits=1) is None:
        return None  # parts of another whole (中药材 among grain crops), not a slip of it
    shown = fmt_q_sum(total, t)
    expr = _sum_expr(run, t)
    zh = f"{expr} = {shown}，与总数 {t.text} 不符，请核对各分项或总数"
    en = f"the parts add up to {shown}, the total is {t.text}"
    refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
    j = relation(
        CODE, NAME, "inconsistent", f"{expr} = {shown}（文中 {t.text}）", refs,
        Msg(zh, en, t.text, shown),
    )  # fmt: skip
    return as_warning(j)


def fmt_q_sum(total: object, t: Q) -> str:
    from fractions import Fraction

    from briefing.checks.engine import fmt

    assert isinstance(total, Fraction)
    return fmt(total / t.scale, max(t.decimals, 0))


SUBSET_CODE = "BR103"
SUBSET_NAME = "subset"

_DATA = Path(__file__).resolve().parents[1] / "data" / "partition.toml"


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The language knowledge of ``data/partition.toml`` (loaded once)."""
    return recache.toml(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    c = cues()["subset"]

    def alt(words: Sequence[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return {
        "open": re.compile(rf"(?:{alt(c['open'])})(?P<colon>[：:])?[，,]?"),
        "threshold": re.compile(rf"(?:{alt(c['threshold_after'])})(?:的)?[\u4e00-\u9fff]"),
        "prior": re.compile(alt(c["prior"])),
        "plan": re.compile(alt(c["plan"])),
        "reset": re.compile(rf"[，,](?:{alt(c['list_end'])})"),
    }


_RANGE = re.compile(rf"\d\s*{_RANGE_DASH}\s*\d")
_SIZE_NOUN = re.compile(r"(?:的)?[\u4e00-\u9fff]{1,4}(?=\d)")


def _is_threshold(ctx: Context, q: Q) -> bool:
    """``3000万元以上项目27个``: a size threshold, neither a part nor a total — the
    things it sizes are counted or measured right after it in its clause (``700万套以上
    的保障性住房开工建设`` states a lower bound of a quantity, not a threshold)."""
    cache = ctx.table("partition.threshold")  # (asked by several rules: found once)
    hit = cache.get(q.end)
    if hit is None:
        m = _patterns()["threshold"].match(ctx.norm, q.end, q.end + 8)
        at = m.end() if m is not None else -1
        if m is None and _RANGE_TO.match(ctx.norm, q.end):
            # 1亿元至10亿元项目103个: the lower end of a size class, as its upper end is
            nxt = ctx.in_span(q.end, q.end + 12)
            cache[q.end] = hit = bool(nxt) and _is_threshold(ctx, nxt[0])
            return hit
        ranged = _RANGE_FROM.search(ctx.norm, max(0, q.start - 6), q.start) is not None
        if m is None and (q.qualifier in ("over", "under") or ranged or _RANGE.search(q.text)):
            # 超10亿元项目3个, 5-10亿元项目4个: a size class bounded before the figure
            # or a range of sizes, naming the things counted right after it
            n = _SIZE_NOUN.match(ctx.norm, q.end, q.end + 6)
            at = n.end() if n is not None else -1
        if at < 0:
            hit = False
        else:
            stop = ctx.norm.find("，", at, at + 12)
            hit = bool(ctx.in_span(at, stop if stop >= 0 else at + 12))
        cache[q.end] = hit
    return hit  # type: ignore[no-any-return]


def is_threshold(ctx: Context, q: Q) -> bool:
    """:func:`_is_threshold` for the other rules."""
    return _is_threshold(ctx, q)


def _countable(ctx: Context, q: Q) -> bool:
    """A figure that can be a part or a total of a subset: a stated amount, not a share,
    a change, an average or a threshold."""
    cache = ctx.table("partition.countable")
    hit = cache.get(q.start)
    if hit is None:
        hit = cache[q.start] = _is_countable(ctx, q)
    return bool(hit)


def _is_countable(ctx: Context, q: Q) -> bool:
    if q.family in ("%", "pp"):
        return False
    if is_change(ctx, q) or _is_threshold(ctx, q):
        return False
    lab = ctx.label(q)
    return not ("平均" in lab or "人均" in lab or "均价" in lab)


def _close_of(norm: str, a: int, limit: int) -> int:
    """The bracket closing the one open at ``a`` (or -1)."""
    d = 1
    for m in re.finditer(r"[(（)）]", norm[a:limit]):
        if m.group() in "(（":
            d += 1
        else:
            d -= 1
            if d == 0:
                return a + m.start()
    return -1


def _open_of(norm: str, a: int, floor: int) -> int:
    """The bracket still open at ``a`` (or -1)."""
    d = 0
    if a - floor > 64:  # a long span: visit its brackets only (from the document's index)
        pos = bracket_positions(norm)
        lo, hi = bisect.bisect_left(pos, floor), bisect.bisect_left(pos, a)
        chars = (pos[k] for k in range(hi - 1, lo - 1, -1))
    else:
        chars = (i for i in range(a - 1, floor - 1, -1))
    for i in chars:
        ch = norm[i]
        if ch in ")）":
            d += 1
        elif ch in "(（":
            if d == 0:
                return i
            d -= 1
    return -1


_SEMI_MARKS = re.compile(r"[(（)）；;]")


def _top_semis(norm: str, a: int, b: int) -> list[int]:
    """Positions of ；/; at bracket depth 0 in norm[a:b]."""
    out, d = [], 0
    if a < 0 or b < 0:  # slice semantics (the search below takes offsets as they are)
        a, b, _ = slice(a, b).indices(len(norm))
    for m in _SEMI_MARKS.finditer(norm, a, max(a, b)):
        ch = m.group()
        if ch in "(（":
            d += 1
        elif ch in ")）":
            d = max(0, d - 1)
        elif d == 0:
            out.append(m.start())
    return out


def _group_before(ctx: Context, pos: int, si: int) -> tuple[int, int]:
    """The clause group (between top-level semicolons) that ends at ``pos``."""
    s = ctx.sents[si]
    norm = ctx.norm
    if norm.find("；", s.start, pos) < 0 and norm.find(";", s.start, pos) < 0:
        return (s.start, pos)  # no semicolon at all (the brackets are not walked)
    semis = [x for x in _top_semis(norm, s.start, pos)]
    return (semis[-1] + 1 if semis else s.start, pos)


def _prev_group(ctx: Context, lo: int, si: int) -> tuple[int, int] | None:
    """The clause group before the one starting at ``lo`` (the previous sentence's last
    group when ``lo`` starts its sentence) in the same paragraph."""
    s = ctx.sents[si]
    if lo > s.start:
        semis = _top_semis(ctx.norm, s.start, lo - 1)
        return (semis[-1] + 1 if semis else s.start, lo - 1)
    if si == 0:
        return None
    ps = ctx.sents[si - 1]
    if ctx.para_of(ps.start) != ctx.para_of(s.start) and ctx.norm[ps.end : s.start].count("\n") > 2:
        return None
    semis = _top_semis(ctx.norm, ps.start, ps.end)
    return (semis[-1] + 1 if semis else ps.start, ps.end)


def _subset_judged(p: Q, t: Q, sure: bool) -> Judged:
    refs = [ref(p, "part"), ref(t, "whole")]
    if lo_at_most_hi(p, "strict", t, "rounding", True):
        return relation(SUBSET_CODE, SUBSET_NAME, "consistent", f"{p.written} ≤ {t.written}", refs)
    zh = f"其中部分 {p.text} 大于总数 {t.text}（{p.written} > {t.written}）"
    en = f"a part ({p.text}) exceeds its total ({t.text})"
    if not sure:
        zh += "，请核对归属或数字"
        en += " (if it is a part of it)"
    j = relation(
        SUBSET_CODE, SUBSET_NAME, "inconsistent", f"{p.written} > {t.written}", refs,
        Msg(zh, en, p.written, f"≤ {t.written}"),
    )  # fmt: skip
    return j if sure else as_warning(j)


def _kin(p: Q, t: Q) -> bool:
    return p.family == t.family and _qbase(p) == _qbase(t)


_SCALE_WORDS = frozenset(("万亿", "亿", "千万", "百万", "万", "千"))


def _qbase(q: Q) -> str:
    """A figure's unit without its scale word; a bare scale word (到位资金9.2亿) is read
    as the figure's family (元)."""
    if q.unit in _SCALE_WORDS and q.family not in _SCALE_WORDS:
        return q.family
    return _base(q.unit)


@lru_cache(maxsize=1024)
def _base(u: str) -> str:
    for prefix in ("万亿", "亿", "千万", "百万", "万", "千"):
        if u.startswith(prefix) and len(u) > len(prefix):
            return u[len(prefix) :]
    return u


def _plain_head(ctx: Context, q: Q, lo: int) -> bool:
    """Can ``q`` (in a head starting at ``lo``) be the total of a 其中 list?"""
    cache = ctx.table("partition.plain_head")
    key = (q.start, lo)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _is_plain_head(ctx, q, lo)
    return bool(hit)


def _is_plain_head(ctx: Context, q: Q, lo: int) -> bool:
    if not _countable(ctx, q) or paren_depth(ctx.norm, lo, q.start) > 0:
        return False
    lab = ctx.label(q)
    pat = _patterns()
    return not pat["prior"].search(lab) and ctx.norm[q.end : q.end + 1] != "的"


def _pair_subsets(
    ctx: Context,
    parts: Sequence[Q],
    heads: Sequence[Q],
    adjacent: Q | None,
    clause_lo: int,
    at: int | None = None,
) -> Iterator[tuple[Q, Q, str]]:
    """(part, total, how sure) for the parts of one 其中 list and the figures of its
    head: by family; one total of the family → every part against it; as many totals as
    parts → position by position; else the total whose label shares most with the
    part's, when one does."""
    fams: dict[tuple[str, str], list[Q]] = {}
    for p in parts:
        fams.setdefault((p.family, _base(p.unit)), []).append(p)
    for key, ps in fams.items():
        ts = [t for t in heads if (t.family, _base(t.unit)) == key]
        if adjacent is not None and (adjacent.family, _base(adjacent.unit)) == key:
            ts = [adjacent]
        near = [t for t in ts if t.start >= clause_lo]
        if not near and ts and at is not None:
            # 地方一般预算收入7826万元，增长18.45%，其中国税1352万元: the nearest total,
            # only its own rates and changes between it and the list
            last = max(ts, key=lambda q: q.start)
            between = [x for x in ctx.in_span(last.end, at) if _countable(ctx, x)]
            if not between and ctx.sentence_index(last.start) == ctx.sentence_index(at):
                near = [last]
            elif not between and _enumerated(ctx, last, at):
                near = [last]  # 为4项，分别为A、B、C、D。其中B、C、D 3项…: some of the four
        if len(near) == 1:
            ts = near  # the total in the clause right before the list
        if not ts:
            continue
        plan = _patterns()["plan"]
        if len(ts) == 1:
            t = ts[0]
            t_plan = bool(plan.search(ctx.label(t)))
            for i, p in enumerate(ps):
                if t_plan and _DONE_WORD.search(ctx.label(p)) and not plan.search(ctx.label(p)):
                    continue  # done against a plan: 超额完成 is allowed
                # a later item that shares no word with the total may measure something
                # (批发业销售额 after 其中 under 社会消费品零售总额): only read if it holds
                if i == 0 and (_words_shared(ctx, p, t) or not _counts_another(ctx, p, t)):
                    yield p, t, "sure"
                elif i == 0:
                    # 项目共计36个。其中，…新增小学学位2160个: a count of other things
                    # (学位, not 项目) in one unit word is no part of it — read if it holds
                    yield p, t, "unlike"
                elif _words_shared(ctx, p, t):
                    # a later item of a parenthesis is surely a part; after 其中 in
                    # running text the list may have ended before it
                    yield p, t, "sure" if adjacent is not None else "unsure"
                else:
                    yield p, t, "unlike"
            continue
        if len(ts) == len(ps):
            for p, t in zip(ps, ts, strict=True):
                yield p, t, "unsure"
            continue
        for p in ps:
            same = [t for t in ts if ctx.label(t) == ctx.label(p) and len(ctx.label(p)) >= 4]
            if len(same) == 1:
                yield p, same[0], "unsure"  # 实际完成投资3.87亿元 under 实际完成投资11.64亿元
                continue
            la = label_atoms(ctx, p) - _GENERIC
            scored = sorted(
                (
                    (len(la & (label_atoms(ctx, t) - _GENERIC)), -abs(p.start - t.start), t)
                    for t in ts
                ),
                key=lambda x: (x[0], x[1]),
                reverse=True,
            )
            if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                yield p, scored[0][2], "unsure"


def _counts_another(ctx: Context, p: Q, t: Q) -> bool:
    """Do two counts in one unit word (个) count different things: the noun ending each
    label (its last two characters once verbs are taken off: 项目, 学位) stands in
    neither the other's label?"""
    if p.family != "个" or t.family != "个":
        return False
    lp, lt = _VERB_END.sub("", ctx.label(p)), _VERB_END.sub("", ctx.label(t))
    np_, nt = lp[-2:], lt[-2:]
    if len(np_) < 2 or len(nt) < 2 or not (_HAN_RUN.fullmatch(np_) and _HAN_RUN.fullmatch(nt)):
        return False
    return np_ not in lt and nt not in lp


_DONE_WORD = re.compile(r"完成|已|实现|实际|累计")
_VERB_END = re.compile(r"(?:为|达到|达|是|完成|实现|共|有|共计|合计)+$")


_ENUMERATED = re.compile(r"^[，,]?\s*(?:分别为|分别是|包括|即)[^。；;]{2,80}[。；;]\s*$")


def _enumerated(ctx: Context, last: Q, at: int) -> bool:
    """Is the count ``last`` followed by the list of what it counts (``4项，分别为A、B、
    C、D。``), the sentence ending right before the 其中 at ``at``?"""
    return bool(_ENUMERATED.match(ctx.norm[last.end : at]))


def _words_shared(ctx: Context, a: Q, b: Q) -> bool:
    """Do the labels of two figures share a word (an atom of two characters or more)?"""
    common = (label_atoms(ctx, a) & label_atoms(ctx, b)) - _GENERIC
    if any(len(x) >= 2 for x in common):
        return True
    la, lb = _VERB_END.sub("", ctx.label(a)), _VERB_END.sub("", ctx.label(b))
    grams = {la[i : i + 2] for i in range(len(la) - 1)}
    return any(lb[i : i + 2] in grams for i in range(len(lb) - 1))


_GENERIC = frozenset(("完成", "实现", "达到", "共", "全", "总", "有"))


def propose_subsets(ctx: Context) -> Iterator[Judged]:
    """Parts of a total judged ``part ≤ total``: the figures of a 其中 list (after the
    total, or in parentheses right after it) against the figure of the same family
    and measure stated before the list — in the clause group before 其中, or the one
    before that when 其中 opens its group.  Semicolon siblings keep their own totals.
    A part that exceeds its total is an error when the total is the only figure of
    its family in the head, else a warning.

    Example::

        全市施工项目156个，其中新开工项目48个 → 48 ≤ 156: consistent
    """
    norm = ctx.norm
    pat = _patterns()["open"]
    seen: set[tuple[int, int]] = set()
    listed: set[int] = set()  # the parts of the lists read so far: no totals of later ones
    for m in pat.finditer(norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        sent = ctx.sents[si]
        adjacent: Q | None = None
        op = _open_of(norm, m.start(), sent.start)
        if op >= 0:
            close = _close_of(norm, op + 1, min(len(norm), op + 200))
            if close < 0:
                continue
            scope = [(m.end(), close)]
            head = _group_before(ctx, op, si)
            cs = ctx.rfind_any("，,；;：:", head[0], op) + 1
            if any(_plain_head(ctx, q, cs) for q in ctx.in_span(cs, op)):
                head = (max(cs, head[0]), op)  # the clause the parenthesis closes
            before = [q for q in ctx.in_span(head[0], op) if q.end == op]
            if before:
                adjacent = before[0]
        else:
            end = sent.end
            opens = not norm[sent.start : m.start()].strip(" ，,：:\n")
            if not (m.group("colon") or opens):
                semis = _top_semis(norm, m.end(), end)
                if semis:
                    end = semis[0]
            reset = _patterns()["reset"].search(norm, m.end(), end)
            if reset is not None and not m.group("colon"):
                end = reset.start() + 1  # a new total (，总投资…) closes the list
            scope = []
            a = m.end()
            for cut in [*_top_semis(norm, m.end(), end), end]:
                nested = pat.search(norm, a, cut)
                scope.append((a, nested.start() if nested else cut))
                a = cut + 1
            head = _group_before(ctx, m.start(), si)
            if end < sent.end and norm[end : end + 1] in "；;":
                scope += _restated_item(ctx, head, end + 1, sent.end)
        parts = [
            q
            for a, b in scope
            for q in ctx.in_span(a, b)
            if _countable(ctx, q)
            and paren_depth(norm, a, q.start) == 0
            and norm[q.end : q.end + 1] != "的"  # 超过5000个的有…: a threshold
        ]
        if not parts:
            continue
        # the groups where the total may stand, nearest first: the clause group before
        # 其中, then the groups before it (back into the previous sentence)
        groups = [head]
        while len(groups) < 4:
            g = groups[-1]
            gi = ctx.sentence_index(g[0])
            if gi is None or gi < si - 1:
                break
            prev = _prev_group(ctx, g[0], gi)
            if prev is None or ctx.sentence_index(prev[0]) not in (si, si - 1):
                break
            groups.append(prev)
        opens_group = op < 0 and not norm[head[0] : m.start()].strip(" ，,：:\n")
        heads: list[Q] = []
        far: set[int] = set()  # heads of a group before the 其中's own
        for key in {(p.family, _base(p.unit)) for p in parts}:
            for k, g in enumerate(groups):
                hs = [
                    q
                    for q in ctx.in_span(*g)
                    if (q.family, _base(q.unit)) == key
                    and _plain_head(ctx, q, g[0])
                    and q.start not in listed
                ]
                if hs:
                    heads += hs
                    if k > (1 if opens_group else 0):
                        far.update(q.start for q in hs)
                    break
        heads.sort(key=lambda q: q.start)
        listed.update(p.start for p in parts)
        at = op if op >= 0 else m.start()
        while at > sent.start and norm[at - 1] in " ，,：:":
            at -= 1
        clause_lo = ctx.rfind_any("，,；;：:。\n", 0, at) + 1
        siblings = op < 0 and head[0] > sent.start and not opens_group
        for p, t, sure in _pair_subsets(ctx, parts, heads, adjacent, clause_lo, at):
            if (p.start, t.start) in seen or p is t:
                continue
            if (siblings or t.start in far) and not _words_shared(ctx, p, t):
                continue  # 其中 after the last of parallel clauses may list parts of them all
            if t.start in far and sure == "sure":
                sure = "unsure"
            if sure != "unlike" and (_outside_period(p, t) or _increment_over(ctx, p, t)):
                # 9月份完成投资7.3亿元。其中，省级重点项目完成投资21.4亿元 (截至9月末): a
                # part of a wider period than the head's is no part of it — read if it holds
                sure = "unlike"
            j = _subset_judged(p, t, sure == "sure")
            if sure == "unlike" and j.relation.status != "consistent":
                continue
            seen.add((p.start, t.start))
            yield j
    yield from _nested_subsets(ctx, seen)


def _increment_over(ctx: Context, p: Q, t: Q) -> bool:
    """Is the head ``t`` an increment of a short period (本周完成投资41.5亿元, 当月新增…)
    that a part exceeds while a figure of their measure stated before it in its
    paragraph, the running total it adds to, holds the part?"""
    if p.fvalue() <= t.fvalue():
        return False
    cs = ctx.rfind_any("，,；;。：:\n", 0, t.start) + 1
    words = ctx.norm[cs : t.start]
    if not any(w in words for w in cues()["subset"]["increment"]):
        return False
    lo = ctx.para_of(t.start)[0]
    return any(
        q.family == t.family and _base(q.unit) == _base(t.unit) and q.fvalue() >= p.fvalue()
        for q in ctx.in_span(lo, cs)
    )


# Periods are compared as spans of one year: relative words (今年, 当月) read alike
_PERIOD_ANCHOR = "2000-12-31"


def _outside_period(p: Q, t: Q) -> bool:
    """Is the part stated for a period that does not lie within the total's (1-9月 or
    截至9月末 under 9月份, 当月 or 三季度)?  Both periods must be stated and read."""
    pp, tp = p.fig.period, t.fig.period
    if not pp or not tp or pp == tp:
        return False
    a = normalize_period(pp, _PERIOD_ANCHOR)
    b = normalize_period(tp, _PERIOD_ANCHOR)
    if a is None or b is None or None in (a.start, a.end, b.start, b.end):
        return False
    return a.start < b.start or a.end > b.end  # type: ignore[operator]


def _restated_item(ctx: Context, head: tuple[int, int], a: int, end: int) -> list[tuple[int, int]]:
    """The clause group after a 其中 item's semicolon when it opens with a figure labelled
    exactly like one of the head's (…协议总金额986.40亿元，其中亿元以上项目152个；协议
    总金额941.25亿元): the same part's other measure, still in the list."""
    semis = _top_semis(ctx.norm, a, end)
    b = semis[0] if semis else end
    figs = ctx.in_span(a, b)
    if not figs:
        return []
    lab = ctx.label(figs[0])
    if len(lab) < 3 or _patterns()["open"].search(ctx.norm, a, b):
        return []
    if any(ctx.label(h) == lab and _kin(h, figs[0]) for h in ctx.in_span(*head)):
        return [(a, b)]
    return []


# ---------------------------------------------------------------------------
# Item lists: parts stated one to a clause group, sentence or line after their total
# ---------------------------------------------------------------------------

_SEG_BREAK = frozenset("。；;！？!?\n")
_SEG_MARK = re.compile("[(（)）" + re.escape("".join(sorted(_SEG_BREAK))) + "]")
_CUE_X = "[\u4e00-\u9fff、]{1,8}?"


@lru_cache(maxsize=1)
def _sum_patterns() -> dict[str, Any]:
    c = cues()["sum"]

    def alt(words: Sequence[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    cue = "|".join(re.escape(x).replace("X", _CUE_X) for x in c["breakdown"])
    return {
        "cue": re.compile(rf"[\s　]*(?:{cue})[，,：:\s]*"),
        "list_open": re.compile(rf"{alt(c['list_open'])}|{cue}"),
        "coordinator": re.compile(alt(c["coordinators"])),
        "negations": sorted(c["negations"], key=len, reverse=True),
        "heading": re.compile(rf"[\s　]*(?:{alt(c['heading'])}|\d{{1,2}}[、．.](?!\d))"),
        "ranking": re.compile(alt(c["ranking"])),
        "change": re.compile(rf"(?:{alt(c['change_end'])})了?$"),
        "change_ref": re.compile(alt(c["change_ref"])),
        "share": re.compile(alt(c["share"])),
        "complete": [tuple(s) for s in c["complete"]],
        "place_classifiers": tuple(c["place_classifiers"]),
        "includes": re.compile(rf"[（(](?:{alt(c['includes'])})[^）)]*[）)]"),
        "nested": re.compile(rf"[\s　]*(?:{alt(cues()['subset']['open'])})"),
        "compound_strip": re.compile(rf"(?:{alt(c['compound_strip'])})+$"),
    }


def _segments(ctx: Context) -> list[tuple[int, int]]:
    """The document cut at 。；\\n (outside brackets): the items a list may be made of."""
    hit = ctx.cache.get("partition.segments")
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    norm = ctx.norm
    out: list[tuple[int, int]] = []
    depth, a = 0, 0
    for m in _SEG_MARK.finditer(norm):  # only brackets and breaks matter: no per-char walk
        ch, i = m.group(), m.start()
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 or ch == "\n":
            depth = 0 if ch == "\n" else depth
            if norm[a:i].strip():
                out.append((a, i))
            a = i + 1
    if norm[a:].strip():
        out.append((a, len(norm)))
    ctx.cache["partition.segments"] = out
    return out


def _is_delta(ctx: Context, q: Q) -> bool:
    """A change (比上年减少35万人, ，增0.4万亩) rather than a level."""
    if is_change(ctx, q):
        return True
    lab = ctx.label(q)
    if lab in ("、", "和", "及") and q.start > 1:
        prev = [x for x in ctx.in_span(max(0, q.start - 12), q.start - 1) if x is not q]
        if prev and prev[-1].end == q.start - 1:
            return _is_delta(ctx, prev[-1])  # 同比增加3起、14人: both changes
    pat = _sum_patterns()
    if not pat["change"].search(lab) or lab.endswith("增加值"):
        return False
    clause = _clause_before(ctx, q)
    return bool(pat["change_ref"].search(clause)) or len(clause) <= 3


def _clause_before(ctx: Context, q: Q) -> str:
    """The words of a figure's clause before it (30 characters at most; found once)."""
    memo = ctx.table("partition.clause_before")
    lab = memo.get(q.start)
    if lab is None:
        clause_floor = max(0, q.start - 30)
        cs = max(clause_floor, ctx.rfind_any("，,；;。：:\n", clause_floor, q.start) + 1)
        lab = memo[q.start] = ctx.norm[cs : q.start]
    return lab  # type: ignore[no-any-return]


def _group(ctx: Context, q: Q) -> tuple[str, str, bool]:
    """What a part must share with its total: family, unit (any word for items: 项, 个)
    and whether it is a change (found once per figure)."""
    # asked again and again for the same figure: by its start, for the very figure the
    # table holds (it keeps the figure alive, so identity is sound) without a key tuple
    last = ctx.table("partition.group_of")
    seen = last.get(q.start)
    if seen is not None and seen[0] is q:
        return seen[1]  # type: ignore[no-any-return]
    cache = ctx.table("partition.group")
    key = (q.start, q.end, q.family, q.unit)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = (q.family, "" if q.family == "个" else _base(q.unit), _is_delta(ctx, q))
    last[q.start] = (q, hit)
    return hit  # type: ignore[no-any-return]


def _item_figures(ctx: Context, seg: tuple[int, int]) -> list[Q]:
    """The figures of an item that may be a part: amounts at the item's bracket level
    (a new list; found once per item)."""
    return list(_item_figures_seen(ctx, seg))


def _item_figures_seen(ctx: Context, seg: tuple[int, int]) -> Sequence[Q]:
    """:func:`_item_figures` as found once, for reading only (not a copy)."""
    cache = ctx.table("partition.item_figures")
    hit = cache.get(seg)
    if hit is None:
        hit = cache[seg] = _find_item_figures(ctx, seg)
    return hit  # type: ignore[no-any-return]


def _find_item_figures(ctx: Context, seg: tuple[int, int]) -> list[Q]:
    a, b = seg
    norm = ctx.norm
    # an item without brackets holds every figure at its level (no depth worked out)
    flat = "(" not in norm[a:b] and "（" not in norm[a:b]
    return [
        q
        for q in ctx.in_span(a, b)
        if q.qualifier in (None, "approx")
        and q.family not in ("%", "pp")
        and _DIGIT.search(q.text)  # 两年, 三家: words, not stated amounts
        and (flat or paren_depth(norm, a, q.start) == 0)
        and not _is_threshold(ctx, q)
        and not _AVG.search(ctx.label(q))
    ]


_DIGIT = re.compile(r"[0-9０-９]")
_AVG = re.compile(r"平均|人均|户均|均价|亩均|单价|亩产")
_STRIP_LAB = re.compile(r"(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|完成|实现)+$")


@lru_cache(maxsize=4096)
def _bigrams(s: str) -> frozenset[str]:
    s = _STRIP_LAB.sub("", s)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _match(ctx: Context, a: Q, b: Q) -> int:
    grams = ctx.table("partition.bigrams")  # a figure's, by its start (asked again and
    ga = grams.get(a.start)  # again for the figures of the lists)
    if ga is None:
        ga = grams[a.start] = _bigrams(ctx.label(a))
    gb = grams.get(b.start)
    if gb is None:
        gb = grams[b.start] = _bigrams(ctx.label(b))
    return len(ga & gb)


def _pick(ctx: Context, cands: Sequence[Q], t: Q) -> Q:
    """The figure of an item measured like the total: the best label match, else the
    first."""
    best = cands[0]
    score = _match(ctx, best, t)
    for q in cands[1:]:
        s = _match(ctx, q, t)
        if s > score:
            best, score = q, s
    return best


def _alien(run: Sequence[Q], t: Q) -> Q | None:
    """A part in another scale than the total and all its siblings (93.3元 among 亿元)
    that is below the total's precision: a sum that agrees only because it is
    negligible is no evidence."""
    for q in run:
        if q.scale == t.scale:
            continue
        if any(x.scale != t.scale for x in run if x is not q):
            continue
        if q.value * 2 < t.step:
            return q
    return None


def _unit_fix(run: Sequence[Q], t: Q) -> Q | None:
    """The part in another scale than all its siblings and the total that makes the sum
    agree when read in the total's scale (2.35万元 among 亿元): a unit slip."""
    for q in run:
        if q.scale == t.scale or any(x.scale != t.scale for x in run if x is not q):
            continue
        rest = [x for x in run if x is not q]
        lo = sum((iv(x)[0] for x in rest), Fraction(0))
        hi = sum((iv(x)[1] for x in rest), Fraction(0))
        half = t.step / 2
        qlo, qhi = Fraction(q.written) * t.scale - half, Fraction(q.written) * t.scale + half
        tlo, thi = iv(t)
        if lo + qlo <= thi and hi + qhi >= tlo:
            return q
    return None


def _complete_set(ctx: Context, run: Sequence[Q]) -> bool:
    """Do the parts' clauses name, one each, every word of a set that makes a whole?"""
    sets = _complete_by_size().get(len(run))
    if not sets:
        return False
    labs = [_clause_before(ctx, q) for q in run]
    for words in sets:
        firsts = set()
        for lab in labs:  # every clause names a word of the set (the first one it names)
            w = next((w for w in words if w in lab), None)
            if w is None:
                break
            firsts.add(w)
        else:
            if firsts == set(words):
                return True
    return False


@lru_cache(maxsize=1)
def _complete_by_size() -> dict[int, list[tuple[str, ...]]]:
    """The complete sets of data/partition.toml sum.complete by their size, in order."""
    out: dict[int, list[tuple[str, ...]]] = {}
    for words in _sum_patterns()["complete"]:
        out.setdefault(len(words), []).append(words)
    return out


class _List:
    """Items after a boundary: their figures and whether a cue makes them a breakdown."""

    __slots__ = ("certain", "items", "numbered", "start")

    def __init__(
        self, start: int, items: list[Sequence[Q]], certain: bool, numbered: bool = False
    ) -> None:
        self.start = start
        self.items = items
        self.certain = certain
        self.numbered = numbered  # items numbered 1. 2. 3.: parallel, all of one list


def _lists(ctx: Context) -> list[_List]:
    """Every run of items that may be the parts of a total stated before it: one list
    after each item boundary (to the end of its line, or over numbered lines), and one
    after each breakdown cue (over the lines that follow it)."""
    hit = ctx.cache.get("partition.lists")
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    segs = _segments(ctx)
    pat = _sum_patterns()
    norm = ctx.norm
    out: list[_List] = []
    # the figures of every item (each is asked for by the lists opened before it)
    figs_of = [_item_figures_seen(ctx, s) for s in segs]
    for i in range(1, len(segs)):
        a = segs[i][0]
        cue = pat["cue"].match(norm, a, segs[i][1])
        j = i
        if cue and not figs_of[i]:
            rest = norm[cue.end() : segs[i][1]].strip(" ，,：:　\n")
            if len(rest) > 4:
                continue  # 分年龄看，…失业率有所上升: the cue's breakdown is told in words
        # a cue or a heading alone in its item opens the list in the next one
        while j < len(segs) and j < i + 3 and not figs_of[j]:
            if not (cue or pat["heading"].match(norm, segs[j][0], segs[j][1])):
                break
            j += 1
        if j >= len(segs) or not figs_of[j]:
            continue
        num = _NUMBERED.match(norm, segs[j][0], segs[j][1])
        if num is not None and num.group(1) != "1":
            continue  # a numbered list starts at its first item
        numbered = num is not None
        items: list[Sequence[Q]] = []
        k = j
        while k < len(segs) and len(items) < _MAX_PARTS:
            s = segs[k]
            if k > j and pat["cue"].match(norm, s[0], s[1]):
                break
            if k > j and cue and _opens_ranking(ctx, s, segs[k - 1][1]):
                break  # 受理量排名前五位的是：… on a new line: a top-N list of its own
            if k > j and (not cue or j == i) and "\n" in norm[segs[k - 1][1] : s[0] + 1]:
                if not (numbered and _NUMBERED.match(norm, s[0], s[1])):
                    # a plain list ends with its line, unless its items are numbered; so
                    # does the list of a cue that runs on in its own line (分行业看，…)
                    break
            if k > j and cue and pat["nested"].match(norm, s[0], s[1]):
                break  # 分行业看，…。其中，…: the parts of the item before, not more items
            figs: Sequence[Q] = figs_of[k]  # (read only: shared by the
            if not figs:  # lists holding the item, whose per-item findings are kept by it)
                break
            k += 1
            while numbered and k < len(segs) and "\n" not in norm[segs[k - 1][1] : segs[k][0] + 1]:
                figs = [*figs, *figs_of[k]]  # a numbered item is its line
                k += 1
            items.append(figs)
        if len(items) >= 2:
            # 分县区看，A区…；B区…: some of the places, maybe not all of them
            places = cue is not None and any(w in cue.group() for w in pat["place_classifiers"])
            out.append(_List(a, items, cue is not None and not places, numbered))
    ctx.cache["partition.lists"] = out
    return out


_NUMBERED = re.compile(r"[\s　]*(\d{1,2})[、．.](?!\d)")


def _opens_ranking(ctx: Context, seg: tuple[int, int], prev_end: int) -> bool:
    """Does ``seg`` start a line whose words before its first figure name a ranking
    (data/partition.toml sum.ranking)?"""
    norm = ctx.norm
    if "\n" not in norm[prev_end : seg[0] + 1]:
        return False
    figs = _item_figures_seen(ctx, seg)
    head_end = figs[0].start if figs else seg[1]
    return _sum_patterns()["ranking"].search(norm, seg[0], head_end) is not None


def _totals_before(ctx: Context, lst: _List, key: tuple[str, str, bool]) -> list[Q]:
    """Figures of ``key`` in the three items before a list (nearest first; found once per
    list and key: do not modify the list)."""
    memo = ctx.table("partition.totals_before")
    k = (id(lst), key)  # lists live as long as the context (its cache holds them)
    hit = memo.get(k)
    if hit is None:
        hit = memo[k] = _find_totals_before(ctx, lst, key)
    return hit  # type: ignore[no-any-return]


def _find_totals_before(ctx: Context, lst: _List, key: tuple[str, str, bool]) -> list[Q]:
    segs = _segments(ctx)
    idx = _seg_index(ctx).get(lst.start, 0)
    out: list[Q] = []
    taken = 0
    memo = ctx.table("partition.item_totals")
    for s in reversed(segs[max(0, idx - 6) : idx]):
        # (an item stands before the lists of the six items after it: found once)
        figs = memo.get((s, key))
        if figs is None:
            figs = [q for q in _item_figures_seen(ctx, s) if _group(ctx, q) == key]
            if not key[2]:  # a change names its previous period: only levels are screened
                figs = [q for q in figs if _plain_head(ctx, q, s[0])]
            memo[(s, key)] = figs
        if figs:
            out += reversed(figs)
            taken += 1
        if taken >= 3:
            break
    return out


def _parts_for(ctx: Context, lst: _List, t: Q, key: tuple[str, str, bool]) -> list[Q]:
    """In each item of ``lst`` the figure of ``key`` measured like ``t`` (a new list;
    found once per list, total and key)."""
    memo = ctx.table("partition.parts_for")
    k = (id(lst), id(t), key)  # lists and figures live as long as the context
    hit = memo.get(k)
    if hit is None:
        hit = memo[k] = _find_parts_for(ctx, lst, t, key)
    return list(hit)


def _item_cands(ctx: Context, lst: _List, key: tuple[str, str, bool]) -> list[list[Q]]:
    """The figures of ``key`` in each item of ``lst`` (found once per list and key, for
    every total weighed against it: do not modify the lists)."""
    memo = ctx.table("partition.item_cands")
    k = (id(lst), key)  # lists live as long as the context (its cache holds them)
    hit = memo.get(k)
    if hit is None:
        # an item stands in the lists opened at each item before it on its line: its
        # figures of a key are found once (items live as long as the context)
        of_item = ctx.table("partition.item_cands_of")
        hit = []
        for figs in lst.items:
            ik = (id(figs), key)
            cands = of_item.get(ik)
            if cands is None:
                cands = of_item[ik] = [q for q in figs if _group(ctx, q) == key]
            hit.append(cands)
        memo[k] = hit
    return hit  # type: ignore[no-any-return]


def _find_parts_for(ctx: Context, lst: _List, t: Q, key: tuple[str, str, bool]) -> list[Q]:
    parts: list[Q] = []
    first = 0
    picks = ctx.table("partition.picks")  # by the item's candidates and the total
    for cands in _item_cands(ctx, lst, key):
        if not cands:
            break
        pk = (id(cands), id(t))  # (both live as long as the context)
        hit = picks.get(pk)
        if hit is None:
            q = _pick(ctx, cands, t)
            hit = picks[pk] = (q, _match(ctx, q, t))
        q, score = hit
        if parts and first and not score:
            break  # no figure of this item is measured like the others
        first = first or score
        parts.append(q)
    return parts


def _plausible(run: Sequence[Q], t: Q) -> bool:
    if any(q.fvalue() >= t.fvalue() for q in run):
        return False
    if all(q.decimals == 0 and q.value < 10 for q in run) and len(run) < 3:
        return False  # small counts add up by chance
    return _alien(run, t) is None


def _item_sums(ctx: Context) -> Iterator[Judged]:
    """Parts one to an item after their total (第一产业…；第二产业…；第三产业…, the
    lines after 分行业看, 1.… 2.…): the run of items whose parts — in each item the
    figure measured like the total — add up to it is its reading.  A breakdown opened
    by a cue or naming a whole set that does not add up is an error (a warning when a
    unit slip explains it); a plain list that adds up if one figure was mistyped, a
    warning.

    Example::

        全县接待游客126.5万人次。古镇景区接待游客58.3万人次；湖区景区接待游客40.2万人次；山区景区接待游客28.0万人次。 → 58.3 + 40.2 + 28.0 = 126.5: consistent
    """
    found: dict[int, tuple[float, list[Q], Q]] = {}
    used: set[int] = set()
    slipped: list[Judged] = []
    pending: list[tuple[_List, tuple[str, str, bool], set[int]]] = []
    # the items whose totals a list adds up to in one measure (起 of 发生14起、死亡61人)
    heads: dict[int, set[int]] = {}
    lists = _lists(ctx)
    # a figure of a breakdown's items is a part: no total of a list starting inside it
    spans = sorted(
        (
            (lst.items[0][0].start, lst.items[-1][-1].end, {q.start for f in lst.items for q in f})
            for lst in lists
            if lst.certain
        ),
        key=lambda x: x[0],
    )
    span_starts = [a for a, _, _ in spans]
    reach = list(itertools.accumulate((b for _, b, _ in spans), max))  # the furthest end so far
    # lists in order of their starts: the spans holding a list's start (a < start <= b)
    # are swept, kept in a heap by their ends (walking back over every span that starts
    # before the list was quadratic once one long span reached far)
    swept = all(x.start <= y.start for x, y in itertools.pairwise(lists))
    active: list[tuple[int, int]] = []  # (end, index) of spans started before the list
    nxt = 0
    for lst in lists:
        inner: set[int] = set()
        if swept:
            while nxt < len(spans) and spans[nxt][0] < lst.start:
                heapq.heappush(active, (spans[nxt][1], nxt))
                nxt += 1
            while active and active[0][0] < lst.start:
                heapq.heappop(active)
            for _, k in active:
                inner |= spans[k][2]
        else:
            k = bisect.bisect_left(span_starts, lst.start) - 1  # spans starting before it
            while k >= 0 and reach[k] >= lst.start:  # none before k reaches the list else
                a, b, figs = spans[k]
                if a < lst.start <= b:
                    inner |= figs
                k -= 1
        keys = dict.fromkeys(_group(ctx, q) for q in lst.items[0])
        for key in keys:
            totals = [t for t in _totals_before(ctx, lst, key) if t.start not in inner]
            agreed = False
            for t in totals:
                if t.qualifier is not None:
                    continue
                parts = _parts_for(ctx, lst, t, key)
                # numbered items (1.… 2.… 3.…) measured alike are one breakdown: all of
                # them are its parts, none is left out to make the sum agree
                shortest = len(parts) if lst.numbered and len(parts) == len(lst.items) else 2
                for n in range(len(parts), shortest - 1, -1):
                    run = parts[:n]
                    if not _plausible(run, t) or not _adds_up(run, t):
                        continue
                    if n == 2 and not (lst.certain or _match(ctx, run[0], run[1])):
                        continue  # two figures adding up by chance
                    if not (lst.certain or _match(ctx, run[0], t) or _complete_set(ctx, run)):
                        continue  # parts that do not measure what the total does
                    score = (2.0 if lst.certain else 1.0) + n * 0.1 - (run[0].start - t.end) / 2000
                    if t.start not in found or score > found[t.start][0]:
                        found[t.start] = (score, run, t)
                    agreed = True
                    heads.setdefault(id(lst), set()).add(_seg_of(ctx, t.start))
                    break
            if not agreed:
                pending.append((lst, key, inner))
            else:
                slipped.extend(_other_totals(ctx, lst, key, totals, found))
    for j in slipped:
        if not any(f.role == "total" and f.start in found for f in j.relation.figures):
            yield j
    for _score, run, t in found.values():
        used.add(t.start)
        used.update(q.start for q in run)
        expr = _sum_expr(run, t)
        refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
        yield relation(CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs)
    for lst, key, inner in pending:
        bad = _failed_list(ctx, lst, key, _Either(used, inner), heads.get(id(lst), set()))
        if bad is not None:
            yield bad


class _Either:
    """Membership in either of two sets, neither copied: the figures read as parts or
    totals anywhere in the document, and those of the lists holding a list's start
    (``used | inner`` for each failed list copied the document's readings each time:
    quadratic on a long document)."""

    __slots__ = ("a", "b")

    def __init__(self, a: Container[int], b: Container[int]) -> None:
        self.a, self.b = a, b

    def __contains__(self, x: object) -> bool:
        return x in self.a or x in self.b


def _other_totals(
    ctx: Context,
    lst: _List,
    key: tuple[str, str, bool],
    totals: Sequence[Q],
    found: dict[int, tuple[float, list[Q], Q]],
) -> Iterator[Judged]:
    """A list whose items add up to one total before it (年内计划投资) and state a
    second measure labelled like another total (总投资 in each item): those parts are that
    total's, and when they add up only with one figure's slip fixed, a warning."""
    # the readings of these totals (found holds each total's under its start; looked up,
    # not scanned: found grows with the document)
    agreed = [v for x in totals if (v := found.get(x.start)) is not None and v[2] is x]
    if not agreed:
        return
    taken = {q.start for _, run, _ in agreed for q in run}
    n = max(len(run) for _, run, _ in agreed)
    for t in totals:
        if t.qualifier is not None or t.start in found:
            continue
        parts = _parts_for(ctx, lst, t, key)[:n]
        if len(parts) < n or any(q.start in taken for q in parts):
            continue
        if not all(_match(ctx, q, t) for q in parts):
            continue  # each item's figure measured like this total
        j = slip_reading(ctx, t, parts)
        if j is not None:
            yield j


def _after_qizhong(ctx: Context, q: Q) -> bool:
    si = ctx.sentence_index(q.start)
    if si is None:
        return False
    return _patterns()["open"].search(ctx.norm, ctx.sents[si].start, q.start) is not None


_UP = re.compile(r"增|升|多|提高|扩大")
_DOWN = re.compile(r"减|降|少|回落|缩小")


def change_direction(ctx: Context, q: Q) -> str:
    """ "+" or "-": the last change word of a change's clause before it ("?" when none)."""
    clause = _clause_before(ctx, q)
    up = [m.start() for m in _UP.finditer(clause)]
    down = [m.start() for m in _DOWN.finditer(clause)]
    if not up and not down:
        return "?"
    return "+" if max(up, default=-1) > max(down, default=-1) else "-"


def _seg_of(ctx: Context, pos: int) -> int:
    """The start of the item (segment) holding ``pos``."""
    segs = _segments(ctx)  # in order and disjoint: found by bisection
    starts = ctx.cache.get("partition.segment_starts")
    if starts is None:
        starts = ctx.cache["partition.segment_starts"] = [a for a, _ in segs]
    k = bisect.bisect_right(starts, pos) - 1
    return segs[k][0] if k >= 0 and pos < segs[k][1] else -1


def _seg_index(ctx: Context) -> dict[int, int]:
    """Segment start → its index in :func:`_segments` (the first, for equal starts)."""
    hit = ctx.cache.get("partition.segment_index")
    if hit is None:
        hit = {}
        for n, (a, _) in enumerate(_segments(ctx)):
            hit.setdefault(a, n)
        ctx.cache["partition.segment_index"] = hit
    return hit  # type: ignore[no-any-return]


def _failed_list(
    ctx: Context,
    lst: _List,
    key: tuple[str, str, bool],
    used: Container[int],
    heads: set[int] | frozenset[int] = frozenset(),
) -> Judged | None:
    """A list whose parts add up to no total before it: judged against the total its
    labels name, when one does.  A list that adds up in another measure to a total of
    the same item (发生14起、死亡61人 over 1.…起、…人 lines) covers that item's whole:
    its parts in this measure must add up too."""
    totals = [
        t for t in _totals_before(ctx, lst, key) if t.start not in used and t.qualifier is None
    ]
    if not lst.certain:
        # a plain list: the total stands in the item right before it
        segs = _segments(ctx)
        idx = _seg_index(ctx).get(lst.start, 0)
        lo = segs[idx - 1][0] if idx else 0
        totals = [t for t in totals if t.start >= lo or _seg_of(ctx, t.start) in heads]
    # a figure of a 其中 list is a part, not the whole a classification breaks down
    totals = [t for t in totals if not _after_qizhong(ctx, t)] or totals
    if not totals:
        return None
    if any(q.start in used for cands in _item_cands(ctx, lst, key) for q in cands):
        return None
    scored = sorted(
        ((_match(ctx, _parts_for(ctx, lst, t, key)[0], t), -n, t) for n, t in enumerate(totals)),
        key=lambda x: (x[0], x[1]),
        reverse=True,
    )
    if len(scored) > 1 and scored[1][0] == scored[0][0] and lst.certain:
        return None  # two totals named alike: ambiguous
    t = scored[0][2]
    parts = _parts_for(ctx, lst, t, key)
    if len(parts) < 2 or any(q.fvalue() >= t.fvalue() * 10 for q in parts):
        return None
    certain = lst.certain or _complete_set(ctx, parts)
    if not certain and _seg_of(ctx, t.start) in heads:
        # changes add up only when they go one way (增收1284、减收2354 → 减收1070)
        certain = not key[2] or len({change_direction(ctx, q) for q in [*parts, t]}) == 1
    if not certain and scored[0][0] == 0:
        return None
    if not certain and _STRIP_LAB.sub("", ctx.label(parts[0])) == _STRIP_LAB.sub("", ctx.label(t)):
        return None  # the same measure in a parallel item: a sibling, not the total
    pivs = [_piv(q) if q.exact_count else iv(q) for q in parts]  # counts are exact
    slo = sum((i[0] for i in pivs), Fraction(0))
    shi = sum((i[1] for i in pivs), Fraction(0))
    tlo, thi = iv(t)
    if slo <= thi and shi >= tlo:
        return None
    if _another_kind(parts, t):
        return None  # 城镇居民42186元、农村居民21643元 under 16.84亿元: amounts of another kind
    refs = sorted([*[ref(q, "part") for q in parts], ref(t, "total")], key=lambda r: r.start)
    formula = f"{_sum_expr(parts, t)} ≠ {t.written}"
    unit = _unit_fix(parts, t)
    if unit is not None:
        zh = (
            f"{formula}：分项之和与总数 {t.text} 不符；若“{unit.text}”为"
            f"“{unit.written}{t.unit}”则相符，疑为单位笔误，请核对"
        )
        en = f"the parts add up to the total only if {unit.text} is {unit.written}{t.unit} (a unit slip?)"
        return as_warning(
            relation(
                CODE,
                NAME,
                "inconsistent",
                formula,
                refs,
                Msg(zh, en, unit.text, unit.written + t.unit),
            )
        )
    if not certain and scored[0][0] < 2:
        # a plain list whose first part is measured unlike the total (scored[0][0] is
        # its match) is reported for one slip fixed only when certain: no fix is sought
        return None
    fixes: list[tuple[Q, str]] = []
    fix = slip_to(t, slo, shi)
    if fix is not None:
        fixes.append((t, fix))
    for q, (ql, qh) in zip(parts, pivs, strict=True):
        need_lo, need_hi = tlo - (shi - qh), thi - (slo - ql)
        if need_hi > 0:
            f = slip_to(q, need_lo, need_hi)
            if f is not None:
                fixes.append((q, f))
    if not key[2] and any(q.fvalue() > t.fvalue() for q in parts) and len(fixes) != 1:
        return None  # a part larger than the total is no part of it, unless one slip says so
    selective = tuple(config()["partition"].get("selective_cues", ()))
    short = (
        lst.certain
        and shi < tlo
        and ctx.norm[lst.start : lst.start + 4].lstrip(" \u3000\n").startswith(selective)
        and not _names_rest(ctx, lst, parts)
    )
    if len(fixes) == 1 and (certain or _match(ctx, parts[0], t) >= 2):
        j = slip_relation(CODE, NAME, refs, fixes[0][0], fixes[0][1], formula)
        if certain and not short:
            j.relation.status = "inconsistent"
        return j
    if not certain:
        return None  # a plain list may hold siblings of its total, not its parts
    from briefing.checks.engine import add_all

    total = add_all(*[q.value for q in parts])
    shown = fmt_q_sum(total, t)
    zh = f"{_sum_expr(parts, t)} = {shown}，与总数 {t.text} 不符，请核对各分项或总数"
    en = f"the parts add up to {shown}, the total is {t.text}"
    j = relation(CODE, NAME, "inconsistent", f"{_sum_expr(parts, t)} = {shown}（文中 {t.text}）", refs,
                 Msg(zh, en, t.text, shown))  # fmt: skip
    if _shares_disown(ctx, parts, t):
        return as_warning(j)  # the parts' own shares are of another whole (受理, not 办结)
    if short:
        return as_warning(j)  # 从场所看，住宅…；交通工具…: the main categories only
    return j if certain else as_warning(j)


def _names_rest(ctx: Context, lst: _List, parts: Sequence[Q]) -> bool:
    """Does an item of the list (or a part's label) name the rest of the whole (其他,
    其余: data/checks.toml partition.rest_words), or do the words name a complete set?"""
    rest = config()["partition"].get("rest_words", ())
    if _complete_set(ctx, parts):
        return True
    norm = ctx.norm
    a = lst.start
    b = max(q.end for q in parts)
    return any(w in norm[a : b + 12] for w in rest)


_OWN_SHARE = re.compile(r"[，,]?(?:占比|占)(?:为|达)?$")


def _shares_disown(ctx: Context, parts: Sequence[Q], t: Q) -> bool:
    """Do the parts' own shares (咨询类2106件，占45.0%) name a whole other than ``t``:
    two or more of them stated, none agreeing with its part ÷ ``t``?  The total picked
    for such a list may be another measure stated nearby (办结 after 受理)."""
    n = 0
    for q in parts:
        nxt = ctx.in_span(q.end, q.end + 8)
        pct = next((x for x in nxt if x.family == "%"), None)
        if pct is None or not _OWN_SHARE.search(ctx.norm[q.end : pct.start]):
            continue
        if judge(share_of, [q, t], pct).status in ("consistent", "rounding"):
            return False
        n += 1
    return n >= 2


# ---------------------------------------------------------------------------
# Subsets stated without 其中: periods, kinds, stages, qualified measures
# ---------------------------------------------------------------------------

_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


@lru_cache(maxsize=1)
def _nest_patterns() -> dict[str, Any]:
    c = cues()["subset_nest"]

    def rx(words: Sequence[str]) -> re.Pattern[str]:
        alts = [w.replace("N", _NUM).replace("Y", r"(\d{4})") for w in words]
        return re.compile("|".join(f"(?:{a})" for a in alts))

    def alt(words: Sequence[str]) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    return {
        "month_range": rx(c["month_range"]),
        "year_range": rx(c["year_range"]),
        "month_part": rx(c["month_part"]),
        "year_part": rx(c["year_part"]),
        "batch_part": rx(c["batch_part"]),
        "cumulative": alt(c["cumulative"]),
        "filler": alt(c["filler"]),
        "not_part": alt(c["not_part"]),
        "whole_cue": alt(c["whole_cue"]),
        "kinds": [tuple(k) for k in c["kinds"]],
        "stages": [tuple(s) for s in c["stages"]],
        # any part word of a kind, any stage word: a screen before the lists are walked
        "kind_any": alt([x for k in c["kinds"] for x in k[1:]]),
        "stage_any": alt([s for stages in c["stages"] for s in stages]),
    }


@lru_cache(maxsize=64)
def _required_chars(pattern: str) -> re.Pattern[str] | None:
    """A character class of which every match of ``pattern`` holds a character (found
    from its parse: literals, classes of literals, alternatives, repeats of one or more),
    or None when the parse names none: a cheap screen before the pattern is run.  (The
    characters are kept in the pattern cache: a warm start parses nothing.)"""
    chars = recache.memo("partition.required_chars", pattern, lambda: _required_of(pattern))
    if not chars:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _required_of(pattern: str) -> str:
    """The characters of :func:`_required_chars`, in order ("" for none)."""
    try:
        from re import _constants as sre_c  # type: ignore[attr-defined]
        from re import _parser as sre_p  # type: ignore[attr-defined]

        if re.compile(pattern).flags & (re.IGNORECASE | re.VERBOSE):
            return ""
        chars = _required_in(list(sre_p.parse(pattern)), sre_c)
    except Exception:  # an unknown parse: no screen
        return ""
    return "".join(sorted(chars or ()))


def _required_in(items: list[Any], c: Any) -> frozenset[str] | None:
    """Characters one of which every match of the sequence ``items`` holds (the fewest
    any of its items requires), or None."""
    best: frozenset[str] | None = None
    for op, av in items:
        got: frozenset[str] | None = None
        if op is c.LITERAL:
            got = frozenset(chr(av))
        elif op is c.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is c.LITERAL:
                    chars.add(chr(a))
                elif o is c.RANGE and a[1] - a[0] < 64:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                else:  # a negation, a category: no finite set
                    chars = set()
                    break
            got = frozenset(chars) or None
        elif op is c.SUBPATTERN:
            got = _required_in(list(av[-1]), c)
        elif op is c.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                r = _required_in(list(alt), c)
                if r is None:
                    union = set()
                    break
                union |= r
            got = frozenset(union) or None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            got = _required_in(list(av[2]), c)
        if got is not None and (best is None or len(got) < len(best)):
            best = got
    return best


def _num(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_NUM.get(s[1:], 0)
    if len(s) == 2 and s.endswith("十"):
        return _CN_NUM.get(s[0], 0) * 10
    return _CN_NUM.get(s[0]) if len(s) == 1 else None


def _last_num(m: re.Match[str]) -> int | None:
    groups = [g for g in m.groups() if g]
    return _num(groups[-1]) if groups else None


def _nest_amount(ctx: Context, q: Q) -> bool:
    """A stated amount that may be a part or a whole (not a share, change, average,
    threshold, or a figure written out in words)."""
    return (
        _countable(ctx, q)
        and q.qualifier in (None, "approx")
        and bool(_DIGIT.search(q.text))
        and ctx.norm[q.end : q.end + 1] != "的"
    )


def _core(ctx: Context, q: Q, drop: Sequence[str] = ()) -> str:
    """What a figure measures: its label without the words that name no measure (and
    without ``drop``)."""
    if not drop:  # the common call: keyed by the start alone (no tuple made)
        plain = ctx.table("partition.core0")
        got = plain.get(q.start)
        if got is None:
            got = plain[q.start] = _core_of(ctx, q, ())
        return got  # type: ignore[no-any-return]
    cache = ctx.table("partition.core")
    key = (q.start, tuple(drop))
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _core_of(ctx, q, drop)
    return str(hit)


def _core_of(ctx: Context, q: Q, drop: Sequence[str]) -> str:
    lab = ctx.label(q)
    for w in drop:
        lab = lab.replace(w, "")
    pat = _nest_patterns()
    for kind in ("month_range", "year_range", "month_part", "year_part"):
        need = _required_chars(pat[kind].pattern)  # (a label naming no period: kept)
        if need is None or need.search(lab) is not None:
            lab = pat[kind].sub("", lab)
    lab = pat["filler"].sub("", lab)
    return _CORE_NOISE.sub("", lab)


def _among(qs: Sequence[Q], kept: Sequence[Q]) -> list[Q]:
    """The figures of ``qs`` that are (by identity: a figure's dataclass equality compares
    every field) figures of ``kept``, in order."""
    ids = {id(x) for x in kept}
    return [q for q in qs if id(q) in ids]


def _grams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


_PERIOD_REACH = 400  # characters before a figure searched for its period


def _period_of(ctx: Context, q: Q) -> tuple[str, int | None, int | None] | None:
    """The period a figure is stated for, from the words before it in its clause group
    (or, for a cumulative figure, in its paragraph): ("month", month, None) for one
    month, ("months", None, last month) for months from the start of the year,
    ("year", year or None, None), ("years", first, last) for several years."""
    pat = _nest_patterns()
    norm = ctx.norm
    si = ctx.sentence_index(q.start)
    if si is None:
        return None
    lo, _ = _group_before(ctx, q.start, si)
    lo = max(lo, q.start - _PERIOD_REACH)  # a text without stops is one clause group
    lab = ctx.label(q)
    cumulative = bool(pat["cumulative"].search(lab))
    hits: list[tuple[int, str, re.Match[str]]] = []
    for kind in ("month_range", "year_range", "month_part", "year_part"):
        need = _required_chars(pat[kind].pattern)  # (no 月 before it: no month named)
        if need is not None and need.search(norm, lo, q.start) is None:
            continue
        for m in pat[kind].finditer(norm, lo, q.start):
            hits.append((m.start(), kind, m))
    if not hits and cumulative:
        # 累计… with its span named earlier in the paragraph (今年前9月…；全省累计…)
        para = ctx.para_of(q.start)
        for kind in ("month_range", "year_range"):
            need = _required_chars(pat[kind].pattern)
            if need is not None and need.search(norm, max(para[0], lo - _PERIOD_REACH), lo) is None:
                continue
            for m in pat[kind].finditer(norm, max(para[0], lo - _PERIOD_REACH), lo):
                hits.append((m.start(), kind, m))
    if not hits:
        return None
    # the last period named wins; a range covers the parts named inside it
    ranges = [h for h in hits if h[1].endswith("range")]
    last = max(hits, key=lambda h: (h[2].end(), h[1].endswith("range")))
    if any(r[2].start() <= last[2].start() and r[2].end() >= last[2].end() for r in ranges):
        last = max(ranges, key=lambda h: h[2].end())
    _, kind, m = last
    if kind == "month_range":
        return ("months", None, _last_num(m))
    if kind == "year_range":
        ys = [int(g) for g in m.groups() if g and len(g) == 4]
        return ("years", ys[0], ys[-1]) if len(ys) == 2 else ("years", None, None)
    if cumulative:
        return None  # 截至2018年累计…: summed over years not named
    if kind == "month_part":
        return ("month", _last_num(m), None)
    ys = [int(g) for g in m.groups() if g and len(g) == 4]
    return ("year", ys[0] if ys else None, None)


def _inside(
    part: tuple[str, int | None, int | None], whole: tuple[str, int | None, int | None]
) -> bool:
    if part[0] == "month" and whole[0] == "months":
        return part[1] is None or whole[2] is None or part[1] <= whole[2]
    if part[0] == "year" and whole[0] == "years":
        if part[1] is None or whole[1] is None or whole[2] is None:
            return True
        return whole[1] <= part[1] <= whole[2]
    return False


_NEAR_SPAN = 600


def _near(ctx: Context, a: Q, b: Q, span: int = _NEAR_SPAN) -> bool:
    """Two figures close enough (in one paragraph or the next ones) to be read together."""
    return abs(a.start - b.start) <= span


def _before_near(qs: Sequence[Q], starts: Sequence[int], p: Q, span: int) -> Sequence[Q]:
    """The figures of ``qs`` (in order; ``starts`` their starts) that start before ``p``
    and at most ``span`` characters before it: the only ones :func:`_near` lets be its
    whole."""
    return qs[bisect.bisect_left(starts, p.start - span) : bisect.bisect_left(starts, p.start)]


_COUNTED_AFTER = re.compile(r"[\u4e00-\u9fff]{2,10}")


def _best_whole(ctx: Context, p: Q, cands: Sequence[Q], cp: str) -> list[Q]:
    """The candidates whose measure is most like the part's (same head word; most
    shared bigrams): all of one value, or none when wholes of different values tie.  A
    count with no words of its own before it is measured by the noun after it, up to the
    whole's head word (``10月单月有3个新开工项目实现开工`` → 新开工项目)."""
    scored: list[tuple[int, Q]] = []
    m = _COUNTED_AFTER.match(ctx.norm, p.end) if len(cp) < 2 and p.kind == "count" else None
    for t in cands:
        ct = _core(ctx, t)
        cq = cp
        if m is not None and len(ct) >= 2:
            k = m.group().find(ct[-2:], 1)
            cq = m.group()[: k + 2] if k >= 0 else cp
        if len(ct) < 2 or len(cq) < 2 or ct[-2:] != cq[-2:]:
            continue
        scored.append((len(_grams(cq) & _grams(ct)), t))
    if not scored:
        return []
    top = max(s for s, _ in scored)
    best = [t for s, t in scored if s == top]
    if len({t.value for t in best}) > 1:
        return []
    return best


_CONTEXT_SENSITIVE = re.compile(r"\(\?[=!<]|\\[bBAZ]|[\^$]")


def _names_a_range(ctx: Context) -> bool:
    """May a figure of the text be stated for a span of months or years
    (:func:`_period_of`)?  Not when the text holds no such span anywhere: a span found in
    part of the text is found in the whole text (a pattern that looks around or anchors,
    which a part's bounds could change, is not screened)."""
    pat = _nest_patterns()
    ranges = (pat["month_range"], pat["year_range"])
    if any(_CONTEXT_SENSITIVE.search(r.pattern) for r in ranges):
        return True
    return any(r.search(ctx.norm) for r in ranges)


def _period_subsets(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """A month inside the months to date (9月当月690亿元 ≤ 1-9月累计5526亿元) and a year
    inside the years that contain it (2018年626万套 ≤ 2008至2018年累计4522万套).

    Example::

        1-6月，全县累计完成固定资产投资86.4亿元；6月当月完成固定资产投资17.9亿元。 → 17.9亿元 ≤ 86.4亿元
    """
    if not _names_a_range(ctx):
        return  # no span of months or years in the text: no whole to be inside
    periods = {q.start: _period_of(ctx, q) for q in qs}
    wholes = [q for q in qs if (periods[q.start] or ("",))[0] in ("months", "years")]
    starts = [q.start for q in wholes]
    for p in qs:
        pp = periods[p.start]
        if pp is None or pp[0] not in ("month", "year"):
            continue
        lo = bisect.bisect_left(starts, p.start - _NEAR_SPAN)
        hi = bisect.bisect_right(starts, p.start + _NEAR_SPAN)
        cands = [
            t
            for t in wholes[lo:hi]
            if _kin(p, t) and _near(ctx, p, t) and _inside(pp, periods[t.start])  # type: ignore[arg-type]
        ]
        for t in _best_whole(ctx, p, cands, _core(ctx, p)):
            yield p, t


def _batch_subsets(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """One batch inside the running total of its sentence (第二批补助资金1.58亿元 ≤ 已累计
    到位资金6.62亿元): a figure whose clause names a batch, and the figure of its unit
    in the same sentence whose label says it is summed (累计), measuring the same thing.

    Example::

        近日省财政下达第三批补助资金2860万元，今年已累计到位补助资金9120万元。 → 2860万元 ≤ 9120万元
    """
    pat = _nest_patterns()
    norm = ctx.norm

    def clause(q: Q) -> str:
        lo = max(ctx.rfind_any("，,；;。\n", max(0, q.start - 40), q.start) + 1, q.start - 40)
        return norm[lo : q.start]

    for p in qs:
        si = ctx.sentence_index(p.start)
        if si is None or not pat["batch_part"].search(clause(p)):
            continue
        cands = [
            t
            for t in qs
            if t is not p
            and ctx.sentence_index(t.start) == si
            and _kin(p, t)
            and pat["cumulative"].search(clause(t))
            and not pat["batch_part"].search(clause(t))
        ]
        for t in _best_whole(ctx, p, cands, _core(ctx, p)):
            yield p, t


def _kind_subsets(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """A kind inside the kind that contains it (谷物产量 ≤ 粮食总产量, 重大事故 ≤ 各类事故),
    the whole stated before the part and measuring the same thing.

    Example::

        全年粮食总产量38.6万吨，增长1.1%。全年谷物产量31.2万吨，增长0.8%。 → 31.2万吨 ≤ 38.6万吨
    """
    pat = _nest_patterns()
    starts = [q.start for q in qs]
    for p in qs:
        lab = ctx.label(p)
        if pat["not_part"].search(lab) or not pat["kind_any"].search(lab):
            continue
        named = [(len(x), x, k) for k in pat["kinds"] for x in k[1:] if x in lab]
        if named:
            _, w, kind = max(named, key=lambda n: n[0])  # the most specific kind named
            whole, parts = kind[0], kind[1:]
            cp = _core(ctx, p, (w,))
            cands = []
            for t in _before_near(qs, starts, p, _NEAR_SPAN):
                if t.start >= p.start or not _kin(p, t) or not _near(ctx, p, t):
                    continue
                tl = ctx.label(t)
                if whole not in tl or pat["not_part"].search(tl):
                    continue
                if any(x in tl and not (x in whole and len(x) < len(whole)) for x in parts):
                    continue
                if cp and cp not in _core(ctx, t, (whole,)):
                    continue
                cands.append(t)
            if cands:
                yield p, cands[-1]


def _stage_subsets(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """A later stage inside an earlier one of the same things (受理…件，办结…件;
    研判…项，解决…项): the earlier stage named with the first figure, the later in the
    label of the next figure of the same unit in the sentence.

    Example::

        全年共受理群众来信来访1526件，办结1498件。 → 1498件 ≤ 1526件
    """
    pat = _nest_patterns()
    norm = ctx.norm
    for i, t in enumerate(qs):
        si = ctx.sentence_index(t.start)
        nxt = None
        for k in range(i + 1, len(qs)):  # the next figure of its unit, if within reach
            if qs[k].start - t.end > 40:
                break
            if qs[k].unit == t.unit and qs[k].family == t.family:
                nxt = qs[k]
                break
        if nxt is None or si is None or ctx.sentence_index(nxt.start) != si:
            continue
        if nxt.start - t.end > 40:
            continue
        before_t = ctx.label(t)
        between = norm[t.end : nxt.start]
        later = ctx.label(nxt)
        if not pat["stage_any"].search(later):
            continue  # no stage named with the later figure
        lo = len(between) - len(later)
        head = between[: max(lo, 0)]
        for stages in pat["stages"]:
            ti = [k for k, s in enumerate(stages) if s in before_t or s in head]
            pi = [k for k, s in enumerate(stages) if s in later]
            if ti and pi and max(pi) > min(ti) and not any(s in later for s in stages[: max(pi)]):
                yield nxt, t
                break


def _qualified_subsets(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """The same measure qualified (规模企业实现工业总产值 ≤ 全镇实现工业总产值): the part's
    label is the whole's with words before it, the whole stated earlier nearby and
    named as a whole (全镇, 各类, 累计).

    Example::

        全镇实现农产品加工产值27.91亿元，同比增长5.3%；规模企业实现农产品加工产值18.26亿元。 → 18.26亿元 ≤ 27.91亿元
    """
    pat = _nest_patterns()
    starts = [q.start for q in qs]
    for p in qs:
        cp = _core(ctx, p)
        if len(cp) < 4:
            continue  # no whole's measure (three characters at least) ends it
        lab = ctx.label(p)
        if pat["not_part"].search(lab):
            continue
        best: Q | None = None
        for t in _before_near(qs, starts, p, 400):
            # (pure tests, the cheapest first)
            ct = _core(ctx, t)
            if len(ct) < 3 or len(cp) <= len(ct):
                continue
            mod = _modifier(cp, ct)
            if mod is None:
                continue
            if t.start >= p.start or not _kin(p, t) or not _near(ctx, p, t, 400):
                continue
            tl = ctx.label(t)
            if pat["not_part"].search(tl):
                continue
            # 其中：新签项目58个 — the whole is a part of the scope's total, so of its scope
            opened = QIZHONG.search(ctx.norm, max(0, t.start - len(tl) - 3), t.start - len(tl))
            if not pat["whole_cue"].search(tl) and not opened:
                continue  # a bare measure may belong to a subject named before it
            if p.value == t.value:
                continue
            if "和" in mod or "及" in mod or "、" in mod:
                continue
            best = t
        if best is not None:
            yield p, best


def _modifier(cp: str, ct: str) -> str | None:
    """The words that qualify the measure ``ct`` into ``cp``: before it (园区新签项目 of
    新签项目) or inside it, between its first word and its head word (新签上亿元项目: 新签
    + 上亿元 + 项目); None when ``cp`` is not ``ct`` qualified."""
    if cp.endswith(ct):
        return cp[: -len(ct)]
    head, tail = ct[:2], ct[2:]
    if len(tail) >= 2 and cp.startswith(head) and cp.endswith(tail):
        return cp[len(head) : -len(tail)]
    return None


def _paren_breakdowns(ctx: Context, qs: Sequence[Q]) -> list[tuple[Q, list[Q], list[str]]]:
    """Totals with their parts in brackets right after them (68项（新建43项，续建25项）;
    one part after 其中: 412件（其中重点事项86件）): (total, parts, the parts' labels),
    every figure inside of the total's unit."""
    norm = ctx.norm
    out = []
    for t in qs:
        m = _PAREN_AFTER.match(norm, t.end)
        if m is None:
            continue
        op = m.end()  # after the bracket: 358件已完成（其中…71件）may put a verb before it
        close = _close_of(norm, op, min(len(norm), op + 80))
        if close < 0:
            continue
        inner = ctx.in_span(op, close)
        if not inner or any(q.unit != t.unit for q in inner):
            continue
        if len(inner) == 1 and not QIZHONG.match(norm, op):
            continue  # one figure in brackets: only a 其中 aside is a breakdown
        out.append((t, list(inner), [ctx.label(q) for q in inner]))
    return out


# a bracket right after a figure, or after the few words of its verb (320件已完成（)
_PAREN_AFTER = re.compile(r"(?:[\u4e00-\u9fff]{1,4})?[(（]")


_DONE_END = re.compile(r"(?:已完成|完成|已办结|办结|已)$")


def _same_item(a: str, b: str) -> bool:
    """Do two labels name one category, the later one's stage word aside (其中重点事项 …
    其中重点事项完成)?"""
    return len(a) >= 2 and (a == b or _DONE_END.sub("", b) == a)


def _parallel_breakdowns(ctx: Context, qs: Sequence[Q]) -> Iterator[tuple[Q, Q]]:
    """A later stage broken down like the whole it comes from (实施项目68项（新建43项，
    续建25项）…开复工项目57项（新建34项，续建23项）): the same categories in the same
    order, the later total no larger than the earlier; each category a part of its own.

    Example::

        全市实施项目68项（新建43项，续建25项），开复工项目57项（新建34项，续建23项）。 → 34项 ≤ 43项
    """
    bs = _paren_breakdowns(ctx, qs)
    for (t1, p1, l1), (t2, p2, l2) in itertools.combinations(bs, 2):
        if t2.start - t1.end > 300 or not _kin(t1, t2) or len(p1) != len(p2):
            continue
        if ctx.para_of(t1.start) != ctx.para_of(t2.start) or t2.value > t1.value:
            continue
        if not all(_same_item(a, b) for a, b in zip(l1, l2, strict=True)):
            continue
        yield from zip(p2, p1, strict=True)


def _nested_subsets(ctx: Context, seen: set[tuple[int, int]]) -> Iterator[Judged]:
    """Subsets stated without 其中, each judged ``part ≤ whole``; one that exceeds its
    whole is a warning (the reading rests on words, not on a list)."""
    qs = [q for q in ctx.qs if _nest_amount(ctx, q)]
    readers = (
        _period_subsets,
        _batch_subsets,
        _kind_subsets,
        _stage_subsets,
        _qualified_subsets,
        _parallel_breakdowns,
    )
    index = {q.start: n for n, q in enumerate(qs)}
    chain = _enumerations(ctx)
    for p0, t0 in (pair for read in readers for pair in read(ctx, qs)):
        for p, t in ((p0, t0), *_alongside(ctx, qs, index, p0, t0)):
            if (p.start, t.start) in seen or (t.start, p.start) in seen or p is t:
                continue
            if chain.get(p.start, -1) == chain.get(t.start, -2):
                continue  # 签约1个、开工11个、投产4个: items of one enumeration are siblings
            seen.add((p.start, t.start))
            yield _subset_judged(p, t, False)


def _alongside(
    ctx: Context, qs: Sequence[Q], index: dict[int, int], p: Q, t: Q
) -> Iterator[tuple[Q, Q]]:
    """The figures stated right after a part and its whole, measuring the same thing
    (发生较大事故2起、死亡9人 … 发生事故1268起、死亡1031人): a part of that whole too."""
    i, j = index[p.start] + 1, index[t.start] + 1
    if i >= len(qs) or j >= len(qs) or qs[j] is p:
        return
    p2, t2 = qs[i], qs[j]
    if p2.start - p.end > 4 or t2.start - t.end > 4 or not _kin(p2, t2):
        return
    c = _core(ctx, p2)
    if c and c == _core(ctx, t2):
        yield p2, t2
