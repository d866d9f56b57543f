"""BR102 sums over levels of government: the whole of an area and its levels.

A figure stated for a whole area (全省, 全市) and, in sentences that follow, the same
measure for each level of government that makes the area up (省本级 and 市(州), 市本级
and 县(区)): the levels' figures add up to the whole's.  The reading needs every level
of the area (``data/breakdowns.toml``), each in a sentence or line opening with its level
word, each with exactly one figure labelled like the whole's; a sum that does not agree
is a warning (a level may leave out a few units the whole counts).

Example::

    全省热线受理诉求12.50万件，办结11.20万件。省级热线受理诉求3200件，办结3100件。市(州)热线受理诉求12.18万件，办结10.89万件。 → 3200 + 12.18万 = 12.50万: consistent
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.engine import Context, Judged, Msg, Q, ref, relation
from briefing.checks.evidence import as_warning
from briefing.checks.partition import (
    CODE,
    NAME,
    _group,
    _item_figures,
    _sum_agrees,
    _sum_expr,
    fmt_q_sum,
)

_DATA = Path(__file__).resolve().parents[1] / "data" / "breakdowns.toml"
# Sentences after a whole's within which its levels are looked for.
_REACH = 12
_LEAD = re.compile(
    r"[\s　]*(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]{1,2}、|\d{1,2}[、.．](?!\d))?[\s　]*"
)
_NOISE = re.compile(r"[\s　]+|(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|完成|实现|正在)")


@dataclass(frozen=True, slots=True)
class _Area:
    """The words of one kind of area (whole, levels, scope), compiled."""

    whole: re.Pattern[str]
    levels: tuple[re.Pattern[str], ...]
    scope: re.Pattern[str]  # every word of the area, stripped from labels


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The language knowledge of ``data/breakdowns.toml`` (loaded once)."""
    return recache.toml(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def areas() -> tuple[_Area, ...]:
    """The areas of ``data/breakdowns.toml``."""
    out = []
    for a in data()["area"]:
        whole = "|".join(re.escape(w) for w in a["whole"])
        levels = tuple(re.compile("|".join(f"(?:{w})" for w in lv)) for lv in a["levels"])
        every = [re.escape(w) for w in a["whole"]] + [f"(?:{w})" for lv in a["levels"] for w in lv]
        out.append(_Area(re.compile(whole), levels, re.compile("|".join(every))))
    return tuple(out)


@lru_cache(maxsize=1)
def _any_whole() -> re.Pattern[str]:
    """The words of every area's whole (literal words: a sentence that holds none of them
    names no whole; an area without words, whose pattern matches anything, screens
    nothing)."""
    words = [a["whole"] for a in data()["area"]]
    if not all(words):
        return re.compile("")
    return re.compile("|".join(re.escape(w) for ws in words for w in ws))


def _key(ctx: Context, q: Q, area: _Area) -> str:
    """What a figure measures: its label without scope words and filler."""
    return _NOISE.sub("", area.scope.sub("", ctx.label(q)))


def _alike(a: str, b: str) -> bool:
    """Labels of one measure: equal, or one ends with the other (正在办理中 / 办理中)."""
    if min(len(a), len(b)) < 2:
        return False
    return a.endswith(b) or b.endswith(a)


def _opening(ctx: Context, lo: int, hi: int) -> int:
    """Where a sentence's words start (past blanks and a list marker)."""
    m = _LEAD.match(ctx.norm, lo, hi)
    return m.end() if m else lo


def _level_of(ctx: Context, lo: int, hi: int, area: _Area) -> int | None:
    """The level whose word opens the sentence ``[lo, hi)``, if one does."""
    at = _opening(ctx, lo, hi)
    hits = [i for i, p in enumerate(area.levels) if p.match(ctx.norm, at, hi)]
    return hits[0] if len(hits) == 1 else None


def _figures(ctx: Context, lo: int, hi: int) -> list[Q]:
    return [q for q in _item_figures(ctx, (lo, hi)) if q.start >= lo and q.end <= hi]


def propose(ctx: Context) -> Iterator[Judged]:
    """Wholes of an area and the sums of its levels' figures stated after them."""
    sents = ctx.sents
    any_whole = _any_whole()
    for si, s in enumerate(sents):
        at = _opening(ctx, s.start, s.end)
        if not any_whole.search(ctx.norm, at, s.end):
            continue  # no area's whole named in the sentence (one search, not one per area)
        for area in areas():
            m = area.whole.search(ctx.norm, at, s.end)
            if m is None:
                continue
            wholes = [q for q in _figures(ctx, m.end(), s.end)]
            if not wholes:
                continue
            found: dict[int, tuple[int, int]] = {}
            for sj in range(si + 1, min(len(sents), si + 1 + _REACH)):
                t = sents[sj]
                if area.whole.match(ctx.norm, _opening(ctx, t.start, t.end), t.end):
                    break  # the next whole of the area: its own levels follow it
                lv = _level_of(ctx, t.start, t.end, area)
                if lv is None:
                    continue
                if lv in found:
                    break  # a level stated twice: not one breakdown
                found[lv] = (t.start, t.end)
                if len(found) == len(area.levels):
                    break
            if len(found) != len(area.levels):
                continue
            yield from _judge(ctx, area, wholes, [found[i] for i in range(len(area.levels))])


def _judge(
    ctx: Context, area: _Area, wholes: Sequence[Q], levels: Sequence[tuple[int, int]]
) -> Iterator[Judged]:
    keys = [_key(ctx, q, area) for q in wholes]
    figs = [_figures(ctx, lo, hi) for lo, hi in levels]
    for t, k in zip(wholes, keys, strict=True):
        if t.qualifier is not None or sum(_alike(k, o) for o in keys) != 1:
            continue  # two figures of the whole measured alike: ambiguous
        parts: list[Q] = []
        for fs in figs:
            cands = [
                q for q in fs if _group(ctx, q) == _group(ctx, t) and _alike(k, _key(ctx, q, area))
            ]
            if len(cands) != 1:
                break
            parts.append(cands[0])
        if len(parts) != len(levels):
            continue  # a level larger than the whole is judged too: the labels say it is a part
        refs = sorted([*[ref(q, "part") for q in parts], ref(t, "total")], key=lambda r: r.start)
        expr = _sum_expr(parts, t)
        if _sum_agrees(parts, t) == "consistent":
            yield relation(CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs)
            continue
        from fractions import Fraction

        total = sum((q.value for q in parts), Fraction(0))
        shown = fmt_q_sum(total, t)
        zh = f"{expr} = {shown}，与{m_whole(ctx, t)}总数 {t.text} 不符，请核对各层级数据或总数"
        en = f"the levels add up to {shown}, the whole is {t.text}"
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


def m_whole(ctx: Context, t: Q) -> str:
    """The whole's scope word as written before it (全省), for the message."""
    for area in areas():
        lo = max(0, t.start - 40)
        hits = list(area.whole.finditer(ctx.norm, lo, t.start))
        if hits:
            return hits[-1].group(0)
    return ""
