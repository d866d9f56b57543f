"""BR105 growth: a growth rate that does not match the values it relates.

What it does
    Finds a current value with its absolute change and its rate in one sentence
    (``财政总收入完成191347万元，较上年同期增长15.35%，增收25457万元``) and recomputes
    the rate from the implied base: Δ ÷ (A − Δ) for growth, Δ ÷ (A + Δ) for decline.
    Also a current value with its rate and the previous value stated after it
    (``收入完成48.26亿元，同比增长6.8%，上年同期为45.19亿元``; ``（8月为21365件）``;
    ``（去年同期分别为150.9万人次和9.44亿元）`` paired with the rates in order) or
    before it (``比上年同期的45.19亿元增长6.8%``): (A ÷ B − 1) for growth.

Why is this bad?
    Growth rates are quoted on their own later; a wrong one travels.

Example
    ``收入完成191347万元，同比增长15.35%，增收35457万元``

Use instead
    ``…增收25457万元`` (25457 ÷ (191347 − 25457) = 15.35%).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.checks.engine import (
    Context,
    Judged,
    Q,
    judge,
    paren_depth,
    ref,
    rule,
    verdict_relation,
)

CODE = "BR105"
NAME = "growth"

_RATE = re.compile(r"(?P<dir>增长|增加|上升|提高|下降|减少|降低|回落)(?:了)?(?:为|达到|达)?$")
_DELTA = re.compile(r"(?P<dir>增收|增支|增加|增长|多|减收|减支|减少|下降|少)(?:了)?$")


def _dir(word: str) -> int:
    return -1 if word[0] in "下减降回少" else 1


@rule(CODE, NAME, "error", "growth rate ≠ values")
def check(ctx: Context) -> Iterator[Judged]:
    yield from _with_delta(ctx)
    yield from _with_previous(ctx)


def _with_delta(ctx: Context) -> Iterator[Judged]:
    """Growth rates with the current value and the change (see module doc)."""
    norm = ctx.norm
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for i, p in enumerate(qs):
            if p.family != "%" or p.qualifier:
                continue
            m = _RATE.search(norm[max(s.start, p.start - 8) : p.start])
            if m is None:
                continue
            sign = _dir(m.group("dir"))
            # the value: the nearest plain figure before the rate; the change: a
            # figure of the same family right next to it, introduced by 增收/增加…
            base: Q | None = None
            for q in reversed(qs[:i]):
                if q.family in ("%", "pp"):
                    break
                if _DELTA.search(norm[max(s.start, q.start - 4) : q.start]):
                    continue
                base = q
                break
            if base is None:
                continue
            delta: Q | None = None
            for q in [*qs[i + 1 : i + 2], *reversed(qs[max(0, i - 2) : i])]:
                if q is base or q.family != base.family:
                    continue
                dm = _DELTA.search(norm[max(s.start, q.start - 4) : q.start])
                if dm and _dir(dm.group("dir")) == sign:
                    delta = q
                    break
            if delta is None or between_other(qs, base, delta, p):
                continue
            a_s, d_s = (
                (base.written, delta.written)
                if base.scale == delta.scale
                else (base.text, delta.text)
            )
            if sign > 0:
                v = judge(lambda a, d: d / (a - d) * 100, [base, delta], p)
                expr = f"{d_s} ÷ ({a_s} − {d_s})"
            else:
                v = judge(lambda a, d: d / (a + d) * 100, [base, delta], p)
                expr = f"{d_s} ÷ ({a_s} + {d_s})"
            yield verdict_relation(
                CODE, NAME, v, expr, v.formatted(max(p.decimals, 1)) + "%", p.text,
                [ref(base, "value"), ref(delta, "change"), ref(p, "rate")],
                "growth rate does not match the value and its change",
            )  # fmt: skip


# The previous value named after the rate: 上年同期为X, （8月为X）, 去年同期分别为A和B
_PREV_AFTER = re.compile(
    r"(?:上年同期|去年同期|上年|去年|同期|上月|上季度|上年度|[0-9一二三四五六七八九十]{1,2}月(?:份)?)"
    r"(?:分别)?(?:为|是|达|完成|实现)"
)
_PREV_BEFORE = re.compile(r"(?:比|较|同)(?:上年同期|去年同期|上年|去年|同期|上月)(?:的)?$")
_RATE_WORD = re.compile(
    r"(?:同比|环比|比上年|较上年|比去年|较去年)?(?P<dir>增长|下降|增加|减少|上升|提高|降低|回落)(?:了)?$"
)
_WHOLE_LABEL = re.compile(r"(?:计划|预算|目标|任务)[\u4e00-\u9fff]{0,2}$")


def _plain(ctx: Context, q: Q, floor: int) -> bool:
    """A figure that can be a current value: not a change, not a share's whole, not in brackets."""
    norm = ctx.norm
    if q.family in ("%", "pp") or _DELTA.search(norm[max(floor, q.start - 4) : q.start]):
        return False
    if norm[q.end : q.end + 1] == "的" or _WHOLE_LABEL.search(ctx.label(q)):
        return False
    return paren_depth(norm, floor, q.start) == 0


def _with_previous(ctx: Context) -> Iterator[Judged]:
    """Growth rates whose previous value is stated (see module doc)."""
    norm = ctx.norm
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        rates = [
            p
            for p in qs
            if p.family == "%"
            and p.qualifier is None
            and _RATE_WORD.search(norm[max(s.start, p.start - 8) : p.start])
        ]
        if not rates:
            continue
        pairs: list[tuple[Q, Q]] = []  # (rate, previous)
        for m in _PREV_AFTER.finditer(norm, s.start, s.end):
            before = [p for p in rates if p.end <= m.start()]
            if not before:
                continue
            seg_end = re.compile(r"[；;。）)]").search(norm, m.end(), s.end)
            stop = seg_end.start() if seg_end else s.end
            prevs = ctx.in_span(m.end(), stop)
            if not prevs or any(q.family in ("%", "pp") for q in prevs):
                continue
            if prevs[0].start - m.end() > 1:
                continue  # the value must follow the phrase directly
            if "分别" in m.group(0):
                # the rates of the sentence up to here, in order, one value each
                if len(prevs) != len(before):
                    continue
                pairs += list(zip(before, prevs, strict=True))
            else:
                p = before[-1]
                gap = norm[p.end : m.start()]
                if (
                    len(prevs) != 1
                    or re.search(r"[；;]", gap)
                    or any(p.end <= r.start < m.start() for r in qs if r.family == "%")
                ):
                    continue
                pairs.append((p, prevs[0]))
        for p, prev in pairs:
            cur = None
            for q in reversed([q for q in qs if q.end <= p.start]):
                if q.family == prev.family and _plain(ctx, q, s.start):
                    cur = q
                    break
                if (
                    q.family == "%"
                    and q is not p
                    and _RATE_WORD.search(norm[max(s.start, q.start - 8) : q.start])
                ):
                    break  # another rate in between: its own value
            if cur is None:
                continue
            yield _judge_growth(cur, prev, p, norm[max(s.start, p.start - 8) : p.start])
        # 比上年同期的X增长P%: the previous value right before the rate word
        for p in rates:
            seg = norm[max(s.start, p.start - 40) : p.start]
            mw = _RATE_WORD.search(seg)
            if mw is None:
                continue
            # the last figure before the rate that is not a percentage (looked for from
            # the end: the full list is only needed when the words around it fit)
            last = next(
                (q for q in reversed(qs) if q.end <= p.start and q.family not in ("%", "pp")),
                None,
            )
            if last is None:
                continue
            head = norm[max(s.start, last.start - 8) : last.start]
            tail = norm[last.end : p.start]
            if not _PREV_BEFORE.search(head) or not _RATE_WORD.fullmatch(tail):
                continue
            prior = [q for q in qs if q.end <= p.start and q.family not in ("%", "pp")]
            cands = [q for q in prior[:-1] if q.family == last.family and _plain(ctx, q, s.start)]
            if cands:
                yield _judge_growth(cands[-1], last, p, tail)


def _judge_growth(cur: Q, prev: Q, p: Q, words: str) -> Judged:
    m = _RATE_WORD.search(words)
    sign = _dir(m.group("dir")) if m else 1
    same = cur.scale == prev.scale
    c_s, p_s = (cur.written, prev.written) if same else (cur.text, prev.text)
    if sign > 0:
        v = judge(lambda c, b: (c / b - 1) * 100, [cur, prev], p)
        expr = f"({c_s} ÷ {p_s} − 1)"
    else:
        v = judge(lambda c, b: (1 - c / b) * 100, [cur, prev], p)
        expr = f"(1 − {c_s} ÷ {p_s})"
    return verdict_relation(
        CODE, NAME, v, expr, v.formatted(max(p.decimals, 1)) + "%", p.text,
        [ref(cur, "value"), ref(prev, "previous"), ref(p, "rate")],
        "growth rate does not match the current and previous values",
    )  # fmt: skip


def between_other(qs: list[Q], a: Q, b: Q, p: Q) -> bool:
    """Another figure of the family between the three would make the pairing ambiguous."""
    lo, hi = min(a.start, b.start, p.start), max(a.end, b.end, p.end)
    return any(lo < q.start < hi and q not in (a, b, p) and q.family == a.family for q in qs)
