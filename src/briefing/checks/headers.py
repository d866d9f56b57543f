"""BR102 sums under a header: ``X中，A…；B…`` breaking down the X stated earlier.

A sentence opening with a noun and 中 (新签项目中，…) whose clause groups each state one
category of that noun, after a sentence that stated the noun's figures (新签项目71个，
到位资金9.2亿元): each item's figure measured like the whole's — its count of the
noun's things, or its figure labelled like one of the whole's — are parts of it.  A
reading is proposed when the parts add up; parts that do not add up are judged only
when the items name a set of categories that make a whole (市内/市外/境外), as a
warning.

Example::

    新签项目36个，到位资金5.4亿元。新签项目中，工业项目20个，到位资金3.1亿元；服务业项目16个，到位资金2.3亿元。 → 20 + 16 = 36, 3.1 + 2.3 = 5.4: consistent
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from briefing.checks.engine import Context, Judged, Msg, Q, ref, relation
from briefing.checks.evidence import as_warning
from briefing.checks.levels import data
from briefing.checks.partition import (
    CODE,
    NAME,
    _complete_set,
    _is_delta,
    _item_figures,
    _qbase,
    _sum_agrees,
    _sum_expr,
    fmt_q_sum,
)

_LEAD = re.compile(r"[\s　]*")
# Sentences before a header within which the whole is looked for.
_REACH = 6
_NOISE = re.compile(r"[\s　]+|(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|完成|实现)+$")


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    words = "|".join(
        re.escape(w) for w in sorted(data()["header"]["after_noun"], key=len, reverse=True)
    )
    return re.compile(rf"([\u4e00-\u9fff]{{2,10}}?)(?:{words})[，,：:]?(?=[\u4e00-\u9fff])")


def _kind(ctx: Context, q: Q) -> tuple[str, str, bool]:
    """What a part must share with its whole: family, unit (到位资金9.2亿 is in 元), change."""
    return (q.family, "" if q.family == "个" else _qbase(q), _is_delta(ctx, q))


def _key(ctx: Context, q: Q) -> str:
    return _NOISE.sub("", ctx.label(q))


def _alike(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 2:
        return False
    return a.endswith(b) or b.endswith(a)


def _items(ctx: Context, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    a = lo
    for i in range(lo, hi + 1):
        if i == hi or ctx.norm[i] in "；;":
            if i > a:
                out.append((a, i))
            a = i + 1
    return out


def propose(ctx: Context) -> Iterator[Judged]:
    """Wholes stated before a ``X中`` header and the sums of the items under it."""
    norm = ctx.norm
    pat = _header()
    for si, s in enumerate(ctx.sents):
        at = _LEAD.match(norm, s.start, s.end)
        m = pat.match(norm, at.end() if at else s.start, s.end)
        if m is None:
            continue
        noun = m.group(1)
        whole = _whole(ctx, si, noun)
        if whole is None:
            continue
        items = [it for it in _items(ctx, m.end(), s.end) if _item_figures(ctx, it)]
        if len(items) < 2:
            continue
        yield from _judge(ctx, noun, whole, items)


def _whole(ctx: Context, si: int, noun: str) -> list[Q] | None:
    """The figures of the clause group where ``noun`` was last stated with its count."""
    norm = ctx.norm
    for sj in range(si - 1, max(-1, si - 1 - _REACH), -1):
        s = ctx.sents[sj]
        k = norm.rfind(noun, s.start, s.end)
        while k >= 0:
            after = k + len(noun)
            figs = [q for q in _item_figures(ctx, (after, s.end)) if q.start >= after]
            if (
                figs
                and figs[0].start - after <= 3
                and not re.search(r"[，,；;。]", norm[after : figs[0].start])
            ):
                end = s.end
                semi = [i for i in range(after, s.end) if norm[i] in "；;"]
                if semi:
                    end = semi[0]
                return [q for q in figs if q.end <= end]
            k = norm.rfind(noun, s.start, k)
    return None


def _judge(
    ctx: Context, noun: str, whole: list[Q], items: list[tuple[int, int]]
) -> Iterator[Judged]:
    head = whole[0]
    keys = {id(w): _key(ctx, w) for w in whole}
    for w in whole:
        if w.qualifier is not None:
            continue
        parts: list[Q] = []
        for it in items:
            figs = [q for q in _item_figures(ctx, it) if _kind(ctx, q) == _kind(ctx, w)]
            if w is head:
                # the count of the noun's things: labelled with the noun's last word (项目)
                cands = [q for q in figs[:1] if _key(ctx, q).endswith(noun[-2:])]
            else:
                if sum(_alike(keys[id(w)], keys[id(o)]) for o in whole) != 1:
                    break
                cands = [q for q in figs if _alike(keys[id(w)], _key(ctx, q))]
            if len(cands) != 1:
                break
            parts.append(cands[0])
        if len(parts) != len(items) or any(q.fvalue() >= w.fvalue() for q in parts):
            continue
        refs = sorted([*[ref(q, "part") for q in parts], ref(w, "total")], key=lambda r: r.start)
        expr = _sum_expr(parts, w)
        if _sum_agrees(parts, w) == "consistent":
            yield relation(CODE, NAME, "consistent", f"{expr} = {w.written}（文中 {w.text}）", refs)
            continue
        if not _complete_set(ctx, parts):
            continue  # the items may be a few categories of the whole, not all of them
        total = sum((q.value for q in parts), Fraction(0))
        shown = fmt_q_sum(total, w)
        zh = f"{expr} = {shown}，与“{noun}”总数 {w.text} 不符，请核对各分项或总数"
        en = f"the parts of {noun} add up to {shown}, the total is {w.text}"
        j = relation(
            CODE,
            NAME,
            "inconsistent",
            f"{expr} = {shown}（文中 {w.text}）",
            refs,
            Msg(zh, en, w.text, shown),
        )
        yield as_warning(j)
