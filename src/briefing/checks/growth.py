"""BR105 growth: a growth rate that does not match the values it relates.

What it does
    Finds a current value with its absolute change and its rate in one sentence
    (``财政总收入完成191347万元，较上年同期增长15.35%，增收25457万元``) and recomputes
    the rate from the implied base: Δ ÷ (A − Δ) for growth, Δ ÷ (A + Δ) for decline.

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

from briefing.checks.engine import Context, Judged, Q, fmt, judge, ref, rule, verdict_relation

CODE = "BR105"
NAME = "growth"

_RATE = re.compile(r"(?P<dir>增长|增加|上升|提高|下降|减少|降低|回落)(?:了)?(?:为|达到|达)?$")
_DELTA = re.compile(r"(?P<dir>增收|增支|增加|增长|多|减收|减支|减少|下降|少)(?:了)?$")


def _dir(word: str) -> int:
    return -1 if word[0] in "下减降回少" else 1


@rule(CODE, NAME, "error", "growth rate ≠ values")
def check(ctx: Context) -> Iterator[Judged]:
    norm = ctx.norm
    for s in ctx.sents:
        qs = ctx.in_span(s.start, s.end)
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
                CODE, NAME, v, expr, fmt(v.computed, max(p.decimals, 1)) + "%", p.text,
                [ref(base, "value"), ref(delta, "change"), ref(p, "rate")],
                "growth rate does not match the value and its change",
            )  # fmt: skip


def between_other(qs: list[Q], a: Q, b: Q, p: Q) -> bool:
    """Another figure of the family between the three would make the pairing ambiguous."""
    lo, hi = min(a.start, b.start, p.start), max(a.end, b.end, p.end)
    return any(lo < q.start < hi and q not in (a, b, p) and q.family == a.family for q in qs)
