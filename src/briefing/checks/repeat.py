"""BR107 repeat: the same metric of the same subject stated twice with different values.

What it does
    Pairs figures in different sentences whose labels end alike (at least six
    characters: ``申报…市重点项目储备库项目34个`` twice) and money figures that follow
    such a count with the same metric (``总投资284.60亿元``); equal values are a
    consistent relation, different values a warning.

Why is this bad?
    A figure repeated in the summary and in the body drifts when one is edited.

Example
    ``申报市级重点项目库项目18个…`` and later ``申报市级重点项目库项目共19个``

    Two labels naming different stages (引进 and 实施, 计划 and 完成:
    ``data/restate.toml`` ``stages``) are two measures, never a repeat.

Use instead
    The same value in both places (or say why they differ: another period).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.engine import Context, Judged, Msg, Q, intervals_meet, ref, relation, rule
from briefing.checks.evidence import (
    is_change,
    label_atoms,
    overlap,
    sig_digits,
    slip_numerals,
)
from briefing.checks.restate import own_period, rarity, stages

CODE = "BR107"
NAME = "repeat"

_STRIP = re.compile(
    r"^(?:全年|累计|共计|共有|合计|共|计划|已|截至目前|目前)+|(?:共计|共有|共|达到|达|为|是|已|有)+$"
)
_MIN = 8


_ANY_DIGIT = re.compile(r"\d")


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _keys(ctx: Context) -> list[tuple[Q, str, str]]:
    out: list[tuple[Q, str, str]] = []
    for qs in ctx.sentence_figures():
        subject = ""
        for q in qs:
            # only counts and money take part: other figures need no label
            if q.family != "个" and (q.family != "元" or not subject):
                continue
            lab = _STRIP.sub("", ctx.label(q))
            if q.family == "个" and len(lab) >= _MIN:
                subject = lab
                out.append((q, lab, ""))
            elif subject and q.family == "元" and lab:
                core = lab[-3:] if len(lab) >= 3 and lab[-3] == "总" else lab
                out.append((q, subject, core))
                subject = "" if len(lab) > 6 else subject
    return out


_DATA = Path(__file__).resolve().parents[1] / "data" / "repeat.toml"
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return recache.toml(_DATA.read_text(encoding="utf-8"))["slipped"]  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _noise() -> re.Pattern[str]:
    words = sorted(_data()["noise"], key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _words_before(ctx: Context, q: Q, wide: bool = False) -> str:
    """The words of ``q``'s sentence before it, back to the previous figure (at most 30
    characters; ``wide``: 40 characters, figures crossed), then the noun right after it,
    without the words that name no measure."""
    cache = ctx.table("repeat.words_before")
    key = (q.start, q.end, q.family == "%", wide)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _find_words_before(ctx, q, wide)
    return hit  # type: ignore[no-any-return]


def _find_words_before(ctx: Context, q: Q, wide: bool) -> str:
    norm = ctx.norm
    lo = max(0, q.start - (40 if wide else 30))
    cut = max(norm.rfind("。", lo, q.start), norm.rfind("\n", lo, q.start))
    lo = max(lo, cut + 1)
    for x in ctx.in_span(lo, q.start) if not wide else ():
        if x.end <= q.start:
            lo = max(lo, x.end)
    after = _HAN.match(norm, q.end, min(len(norm), q.end + 6)) if q.family != "%" else None
    text = norm[lo : q.start] + "|" + (after.group() if after else "")
    return "|".join(_HAN.findall(_noise().sub("", text)))


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share ("|" matches
    nothing): the longest length k at which a k-character piece of ``a`` occurs in
    ``b``, found by bisection on k (a run of k holds one of every shorter length)."""
    pa = [p for p in a.split("|") if p]
    pb = [p for p in b.split("|") if p]

    def shared(k: int) -> bool:
        seen = {p[i : i + k] for p in pa for i in range(len(p) - k + 1)}
        return any(p[i : i + k] in seen for p in pb for i in range(len(p) - k + 1))

    lo, hi = 0, min(max(map(len, pa), default=0), max(map(len, pb), default=0))
    while lo < hi:  # shared(lo) holds; is there a longer run?
        mid = (lo + hi + 1) // 2
        if shared(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def has_common_run(a: str, b: str, k: int) -> bool:
    """``_common_run(a, b) >= k``, without finding the longest run: does a k-character
    piece of ``a`` occur in ``b`` ("|" matches nothing: a piece holds none)?"""
    if k <= 0:
        return True
    return any(p[i : i + k] in b for p in a.split("|") for i in range(len(p) - k + 1))


def _one_slip(a: Q, b: Q) -> bool:
    """Is ``b``'s numeral one slip (a digit, two digits swapped, the point moved) from
    ``a``'s, in the same unit?"""
    return a.unit == b.unit and b.written in slip_numerals(a.written)


def _slipped_copies(ctx: Context, done: set[int]) -> Iterator[Judged]:
    """Two figures of one unit in different sentences, one slip apart, with the same
    words before them (a run of words long enough for the figure's digits: a one-digit
    figure is one slip from any other) and nothing saying they differ (another period,
    another stage): one figure stated twice, one copy mistyped — a warning."""
    need = {int(k): v for k, v in _data()["min_run"].items()}
    by_family: dict[str, list[Q]] = {}
    for q in ctx.qs:
        if q.qualifier is None and q.family != "pp" and _ANY_DIGIT.search(q.written):
            by_family.setdefault(q.family, []).append(q)
    for group in by_family.values():
        if len(group) > 400:
            continue
        index: dict[str, list[int]] = {}
        for j, q in enumerate(group):
            index.setdefault(q.written, []).append(j)
        # the numerals of the group one slip from a numeral (most numerals one slip away
        # are not in the text: a set intersection), once per numeral written
        near_of: dict[str, frozenset[str] | set[str]] = {}
        for i, a in enumerate(group):
            if a.start in done:
                continue
            ws = near_of.get(a.written)
            if ws is None:
                near = slip_numerals(a.written)  # (the intersection walks the smaller side)
                ws = near.intersection(index) if len(index) < len(near) else index.keys() & near
                near_of[a.written] = ws
            if not ws:
                continue
            cands: set[int] = set()
            for w in ws:
                cands.update(j for j in index[w] if j > i)
            for j in sorted(cands):
                b = group[j]
                if b.start in done or not _one_slip(a, b):
                    continue
                if _differ(ctx, a, b, need):
                    continue
                done.update((a.start, b.start))
                yield _slip_judged(a, b)
                break


def _differ(ctx: Context, a: Q, b: Q, need: dict[int, int]) -> bool:
    """Does anything say ``a`` and ``b`` are not copies of one figure?"""
    if ctx.sentence_index(a.start) == ctx.sentence_index(b.start):
        return True
    digits = min(sig_digits(a), sig_digits(b), 3)
    # the longer of two common runs is too short: the wide one is sought only when the
    # near one is
    least = need[max(digits, 1)]
    if not (
        has_common_run(_words_before(ctx, a), _words_before(ctx, b), least)
        or has_common_run(_words_before(ctx, a, True), _words_before(ctx, b, True), least)
    ):
        return True
    if digits < 3 and not (_headline(ctx, a) or _headline(ctx, b) or _corroborated(ctx, a, b)):
        return True  # a small figure is one slip from many: only a copied passage pairs it
    la, lb = label_atoms(ctx, a), label_atoms(ctx, b)
    if overlap(la, lb) < 0.75:
        return True
    pa, pb = own_period(ctx, a), own_period(ctx, b)
    if pa is not None and pb is not None and pa != pb:
        return True
    sa, sb = stages(ctx, a), stages(ctx, b)
    if sa and sb and sa != sb:
        return True
    # parallel items (市内项目38个，协议资金27.4亿元 … 二产项目17个，协议资金27.9亿元):
    # the figures they follow differ
    xa, xb = _antecedent(ctx, a), _antecedent(ctx, b)
    return xa is not None and xb is not None and (xa.family != xb.family or xa.value != xb.value)


def _headline(ctx: Context, q: Q) -> bool:
    """Is ``q`` in a title or lead line (a short line without a full stop)?"""
    norm = ctx.norm
    lo = norm.rfind("\n", 0, q.start) + 1
    hi = norm.find("\n", q.end)
    line = norm[lo : hi if hi >= 0 else len(norm)]
    return len(line) <= 48 and "。" not in line


def _corroborated(ctx: Context, a: Q, b: Q) -> bool:
    """Does another figure of ``a``'s sentence (two significant digits or more) stand in
    ``b``'s sentence too (a passage stated twice)?"""
    sa, sb = ctx.sentence_index(a.start), ctx.sentence_index(b.start)
    if sa is None or sb is None:
        return False
    sq = ctx.sentence_figures()
    others = {(q.family, q.text) for q in sq[sb] if q is not b and sig_digits(q) >= 2}
    return any((q.family, q.text) in others for q in sq[sa] if q is not a)


def _antecedent(ctx: Context, q: Q) -> Q | None:
    """The figure right before ``q`` in its sentence and list item (within 40
    characters), changes stated in passing skipped."""
    si = ctx.sentence_index(q.start)
    if si is None:
        return None
    lo = max(ctx.sents[si].start, q.start - 40)
    lo = max(lo, ctx.norm.rfind("；", lo, q.start) + 1, ctx.norm.rfind(";", lo, q.start) + 1)
    before = [x for x in ctx.in_span(lo, q.start) if x.end <= q.start]
    listed = bool(before) and ctx.norm[before[-1].end : q.start] in ("、", "和", "及", "与")
    while before and not listed and is_change(ctx, before[-1]) and not is_change(ctx, q):
        before.pop()  # a change of a level stated in passing (a list's sibling is not)
    return before[-1] if before else None


def _copies_agree(ctx: Context, a: Q, b: Q) -> bool:
    """Do two statements of one figure agree?  Written alike (one scale, one number of
    decimals, one qualifier), they are the same numeral — the passage stated twice — or
    the rounder one is a headline's rounding of the other (730万元 over 731万元); written
    otherwise (3.46万亩 and 34600亩), within their precision as it may have been rounded."""
    if not intervals_meet(a, b, "rounding", True):
        return False
    if a.scale != b.scale or a.decimals != b.decimals or a.qualifier != b.qualifier:
        return True
    if a.value == b.value:
        return True
    ra, rb = rarity(a), rarity(b)
    rough = a if ra < rb else b if rb < ra else None
    return rough is not None and _headline(ctx, rough)


def _slip_judged(a: Q, b: Q) -> Judged:
    refs = [ref(a, "first"), ref(b, "stated")]
    zh = f"同一数字前后不一致：{a.text} 与 {b.text}（相差一处笔误），请核对哪一处有误"
    en = f"the same figure is stated as {a.text} and as {b.text} (one slip apart)"
    return relation(
        CODE, NAME, "rounding", f"{a.text} ≠ {b.text}", refs, Msg(zh, en, b.written, a.written)
    )


@rule(CODE, NAME, "warning", "same metric stated twice with different values")
def check(ctx: Context) -> Iterator[Judged]:
    yield from _labelled(ctx)


def propose_slipped(ctx: Context) -> Iterator[Judged]:
    """Copies of one figure one slip apart (:func:`_slipped_copies`); proposed after the
    restatements of :mod:`briefing.checks.restate`, whose reading of a pair wins."""
    yield from _slipped_copies(ctx, set())


def _labelled(ctx: Context) -> Iterator[Judged]:
    keys = _keys(ctx)
    done: set[int] = set()
    # a repeat shares the family, the core and the last _MIN characters of the subject:
    # each figure is compared with the later ones of its group only
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, (a, sa, ca) in enumerate(keys):
        if len(sa) >= _MIN:
            groups.setdefault((a.family, ca, sa[-_MIN:]), []).append(i)
    for i, (a, sa, ca) in enumerate(keys):
        if len(sa) < _MIN:
            continue
        group = groups[(a.family, ca, sa[-_MIN:])]
        later = group[bisect.bisect_right(group, i) :]
        for b, sb, cb in (keys[j] for j in later):
            if ctx.sentence_index(a.start) == ctx.sentence_index(b.start) or id(b) in done:
                continue
            if a.family != b.family or ca != cb or _suffix(sa, sb) < _MIN:
                continue
            stage_a, stage_b = stages(ctx, a), stages(ctx, b)
            if stage_a and stage_b and not stage_a & stage_b:
                continue  # 引进…项目 and 实施…项目: two stages, two measures
            done.add(id(b))
            refs = [ref(a, "first"), ref(b, "repeat")]
            if _copies_agree(ctx, a, b):
                yield relation(CODE, NAME, "consistent", f"{a.text} = {b.text}", refs)
            else:
                what = (ca or sa[-_MIN:]).strip()
                zh = f"同一指标“{what}”前后两处数值不一致：{a.text} 与 {b.text}"
                en = f"the same figure ('{what}') is stated as {a.text} and as {b.text}"
                yield relation(
                    CODE,
                    NAME,
                    "inconsistent",
                    f"{a.text} ≠ {b.text}",
                    refs,
                    Msg(zh, en, b.written, a.written),
                )
            break
