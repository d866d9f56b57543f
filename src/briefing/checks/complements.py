"""BR102 sums of complementary parts stated in the sentences after their whole.

A total (重点项目完成投资1840亿元) and, in later sentences of the next few, the same
measure for categories that together make a whole, one each (续建项目完成投资1276亿元 …
新开工项目完成投资564.3亿元): the categories' figures add up to the total.  Only a sum
that agrees is proposed as a reading (the categories may leave out a kind the total
counts, 投产 or 前期 projects), except for the kinds of a named whole (义务教育学位 …
小学学位、初中学位), which make it by definition: their sum one slip from the total is a
warning naming the fix.  The sets of categories are those of ``data/partition.toml`` and
``data/checks.toml``, the kinds of named wholes those of ``data/breakdowns.toml``.

Example::

    上半年，全区重点项目完成投资574亿元。续建项目完成投资362亿元，进展顺利。新开工项目完成投资212亿元。 → 362 + 212 = 574: consistent
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from briefing.checks.engine import Context, Judged, Q, config, ref, relation
from briefing.checks.levels import data
from briefing.checks.partition import (
    CODE,
    NAME,
    _after_qizhong,
    _is_delta,
    _own_words,
    _plain_head,
    _qbase,
    _sum_agrees,
    _sum_expr,
    _sum_patterns,
    slip_reading,
)

# Sentences after a total within which its categories are looked for.
_REACH = 6
# At most this many figures after a total are looked at (a dozen sentences of a bulletin
# hold fewer; a long line without punctuation stays linear).
_NEAR = 48
_NOISE = re.compile(r"[\s　]+|(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|实现)+$")


@lru_cache(maxsize=1)
def _sets() -> tuple[tuple[str, ...], ...]:
    sets = [*_sum_patterns()["complete"], *(tuple(p) for p in config()["partition"]["pairs"])]
    return tuple(dict.fromkeys(tuple(s) for s in sets))


@lru_cache(maxsize=1)
def _named() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Kinds that make up a named whole (义务教育 = 小学 + 初中), ``data/breakdowns.toml``."""
    return tuple((n["whole"], tuple(n["parts"])) for n in data()["named"])


def _kind(ctx: Context, q: Q) -> tuple[str, str, bool]:
    return (q.family, "" if q.family == "个" else _qbase(q), _is_delta(ctx, q))


def _measure(ctx: Context, q: Q) -> str:
    return _NOISE.sub("", ctx.label(q))


def _category(words: Sequence[str], own: str) -> str | None:
    """The one word of a set a part's words name (续建 in 全省续建项目), if exactly one."""
    hits = [w for w in words if w in own]
    # 新开工 contains no 新建, but 新建 and 续建 share nothing: a longer word wins
    hits = [w for w in hits if not any(w != o and w in o for o in hits)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=1)
def _probes() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(set, its words that a text must say for a figure's words to hold them): every
    word but one holding a separator of those words ("|", "\x00")."""
    return tuple(
        (words, tuple(w for w in words if "|" not in w and "\x00" not in w)) for words in _sets()
    )


def _may_occur(words: Sequence[str], norm: str) -> bool:
    """Can every word of ``words`` occur in the words of a figure of ``norm`` (each a
    substring of it, joined with separators no word holds)?"""
    return all(w in norm for w in words if "|" not in w and "\x00" not in w)


def propose(ctx: Context) -> Iterator[Judged]:
    """Totals and the complementary categories stated one to a sentence after them."""
    # a set is completed by the words of figures (substrings of the text): the sets some
    # word of which the text never says are left out, and with none left, everything
    qs = [q for q in ctx.qs if q.family not in ("%", "pp") and q.qualifier in (None, "approx")]
    if len(qs) < 3:
        return  # a total and two categories at least
    has = ctx.norm.__contains__
    sets = [words for words, probe in _probes() if all(map(has, probe))]
    named_sets = [(w, ws) for w, ws in _named() if has(w) and _may_occur(ws, ctx.norm)]
    if not sets and not named_sets:
        return
    eligible = {id(q) for q in qs}
    kinds: dict[int, tuple[str, str, bool]] = {}  # per figure, computed once
    measures: dict[int, str] = {}

    def kind(q: Q) -> tuple[str, str, bool]:
        k = kinds.get(id(q))
        if k is None:
            k = kinds[id(q)] = _kind(ctx, q)
        return k

    def measure(q: Q) -> str:
        m = measures.get(id(q))
        if m is None:
            m = measures[id(q)] = _measure(ctx, q)
        return m

    for t in qs:
        if t.qualifier is not None:
            continue
        si = ctx.sentence_index(t.start)
        if si is None or not _plain_head(ctx, t, ctx.sents[si].start) or _after_qizhong(ctx, t):
            continue
        own = _own_words(ctx, t)
        mt = measure(t)
        if len(mt) < 2:
            continue
        hi = ctx.sents[min(len(ctx.sents) - 1, si + _REACH)].end
        kt = kind(t)
        tf, tail = t.fvalue(), mt[-2:]  # a common suffix of two characters at least
        later = [
            q
            for q in ctx.in_span(t.end, hi)[:_NEAR]
            if id(q) in eligible
            and q.start > t.end
            and q.fvalue() < tf
            and measure(q)[-2:] == tail
            and kind(q) == kt
        ]
        if len(later) < 2:
            continue  # every set names two categories at least
        owns = [_own_words(ctx, q) for q in later]
        # a category is found only in the words of a later figure: a set none of whose
        # words all occur among them cannot be completed (checked first, in one string)
        joined = "\x00".join(owns)
        named = [words for whole, words in named_sets if whole in own]
        for words in [*named, *sets]:
            if words[0] not in joined or not all(w in joined for w in words):
                continue  # (the first word tested alone: most sets fail on it)
            if words not in named and any(w in own for w in words):
                continue  # the total is itself one of the categories
            parts: list[Q] = []
            sents: set[int | None] = set()
            wholes = [whole for whole, ws in _named() if ws == words]
            for w in words:
                hit = next(
                    (
                        q
                        for q, own_q in zip(later, owns, strict=True)
                        if _category(words, own_q) == w
                        and not any(x in own_q for x in wholes)  # 进出口 names no 出口 part
                    ),
                    None,
                )
                if hit is None:
                    break
                parts.append(hit)
                sents.add(ctx.sentence_index(hit.start))
            if len(parts) != len(words) or si in sents:
                continue  # none in the total's own sentence
            if words not in named and len(sents) != len(parts):
                continue  # complementary categories one to a sentence
            parts.sort(key=lambda q: q.start)
            if _sum_agrees(parts, t) != "consistent":
                if words in named:
                    # the kinds that make the named whole by definition (义务教育 = 小学 +
                    # 初中): a sum that agrees once one figure's slip is fixed is a warning
                    slipped = slip_reading(ctx, t, parts)
                    if slipped is not None:
                        yield slipped
                        break
                continue
            refs = sorted(
                [*[ref(q, "part") for q in parts], ref(t, "total")], key=lambda r: r.start
            )
            expr = _sum_expr(parts, t)
            yield relation(CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs)
            break
