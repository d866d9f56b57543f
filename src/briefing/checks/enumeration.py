"""BR104 enumeration: a stated count that does not match the items listed, or duplicates.

What it does
    Judges every listing of :func:`briefing.extraction.enums.listings` — a count
    before or after its list (``A、B、C三家企业``, ``十大工程：A、B…``, ``有3（A、B、C）``),
    ranking phrases (``位居前四的类别为：…``), ``N项保障：一是…`` leads, the parts of a
    compound slogan (``“一多三高”``), a year range against its values, ``“4个100%”`` —
    and flags a count that no reading of the list agrees with, or an item listed twice.
    A mismatch is an error only where the list's boundaries are certain (closed by its
    count or by brackets, short items, no 等); elsewhere it is a warning.  Counts closed
    by 等 may exceed the items listed.

Why is this bad?
    ``七个方向`` followed by six distinct directions, one of them twice, is the
    kind of slip that reaches print because nobody counts.

Example
    ``围绕高端装备、电子信息、新能源、康养旅游、康养旅游和冷链物流、数字创意、总部楼宇七个方向``

Use instead
    Seven distinct directions, each listed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from briefing.checks.engine import Context, Judged, Msg, relation, rule, span_ref
from briefing.checks.sums import _split_items, breakdowns
from briefing.extraction.enums import Listing, listings
from briefing.model import FigureRef, Finding

CODE = "BR104"
NAME = "enumeration"


def _dups(texts: list[str]) -> list[str]:
    """Items listed twice (also ``A`` beside ``A和B``)."""
    dups = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a == b or (b.startswith(a) and b[len(a) : len(a) + 1] in ("和", "及", "与")):
                dups.append(a)
    return dups


def _refs(ctx: Context, items: list[tuple[int, int, str]], cs: int, ce: int) -> list[FigureRef]:
    return [span_ref(ctx, cs, ce, "stated"), *[span_ref(ctx, s, e, "item") for s, e, _ in items]]


def _said(ctx: Context, x: Listing) -> str:
    return ctx.norm[x.count[0] : x.count[1]]


def _n(v: Fraction) -> str:
    """A stated count as written (0.3, not 3/10)."""
    return (
        str(v.numerator)
        if v.denominator == 1
        else format(Decimal(v.numerator) / v.denominator, "f")
    )


@rule(CODE, NAME, "error", "stated count ≠ listed items, or duplicates")
def check(ctx: Context) -> Iterator[Judged | Finding]:
    found = ctx.cache.get("listings")
    if found is None:
        found = ctx.cache["listings"] = listings(ctx.doc, ctx.figures)
    for x in found:
        j = _judge(ctx, x)
        if j is not None:
            yield j
    yield from _counted_totals(ctx)


def _judge(ctx: Context, x: Listing) -> Judged | None:
    """The relation of one listing: consistent when some reading of the list has the
    stated number of items (none repeated); otherwise inconsistent (an error) when the
    list's boundaries are certain, ``rounding`` (a warning) when they are not."""
    norm = ctx.norm
    n = x.stated
    k = len(x.items)
    whole = n.denominator == 1
    if x.open and whole and n > x.hi:
        return None  # A、B等5个: the count names more than the examples listed
    texts = [norm[s:e] for s, e in x.items]
    said = _said(ctx, x)
    refs = _refs(ctx, [(s, e, "") for s, e in x.items], *x.count)
    dups = list(dict.fromkeys(_dups(texts)))
    fits = whole and x.lo <= n <= x.hi
    off = [t for t in texts if x.value is not None and x.value not in t]
    if fits and not dups and not off:
        return relation(CODE, NAME, "consistent", f"“{said}” = {k} 项", refs)
    status = "inconsistent" if x.certain else "rounding"
    hedge = "" if x.certain else "（列表边界不确定）"
    if dups:
        d = "、".join(f"“{t}”" for t in dups)
        zh = f"“{said}”列出{k}项，其中{d}重复{hedge}"
        en = f"'{said}': {k} items listed, {', '.join(dups)} listed twice"
        formula = f"“{said}”：列出 {k} 项，其中 {len(dups)} 项重复"
        return relation(CODE, NAME, status, formula, refs, Msg(zh, en, _n(n), str(k - len(dups))))
    if off:
        zh = f"“{said}”：所列{k}项中有{len(off)}项不是{x.value}{hedge}"
        en = f"'{said}': {len(off)} of the {k} items listed do not state {x.value}"
        formula = f"“{said}”：{len(off)} 项不为 {x.value}"
        return relation(CODE, NAME, status, formula, refs, Msg(zh, en, x.value, None))
    listed = f"{x.lo}或{x.hi}" if x.hi != x.lo else str(k)
    if x.shape == "years":
        zh = f"“{said}”共{_n(n)}年，文中列出{k}个数值{hedge}"
        en = f"'{said}' spans {_n(n)} years but {k} values are listed"
    else:
        zh = f"“{said}”实际列出{listed}项{hedge}"
        en = f"'{said}' states {_n(n)} but {listed} items are listed"
    formula = f"“{said}”：列出 {listed} 项"
    return relation(CODE, NAME, status, formula, refs, Msg(zh, en, _n(n), str(k)))


def _counted_totals(ctx: Context) -> Iterator[Judged]:
    """``A接待…，B接待…，C接待…，三家合计…``: the count of the items summed before it
    (the sum itself is BR102).  Only a matching count is recognised there, so a
    mismatch is reported by BR102 when an item is dropped."""
    for b in breakdowns(ctx):
        if b.kind != "after" or b.count is None:
            continue
        m = re.search(
            r"[二两三四五六七八九十]{1,2}[家个项类条座处]",
            ctx.norm[b.parts[-1].end : b.total.start],
        )
        if m is None:
            continue
        cs = b.parts[-1].end + m.start()
        si = ctx.sentence_index(b.parts[0].start)
        lo = ctx.sents[si].start if si is not None else b.parts[0].start
        items = []
        for s0, e0 in _split_items(ctx.norm, lo, cs):
            inside = [q for q in b.parts if s0 <= q.start < e0]
            if inside:
                a = s0 + (len(ctx.norm[s0:e0]) - len(ctx.norm[s0:e0].lstrip(" ，,")))
                k = ctx.norm.rfind("中", a, inside[0].start)  # 重点景区中，…
                items.append((max(a, k + 1 if k >= 0 else a), inside[0].start, ""))
        said = ctx.norm[cs : cs + len(m.group(0))]
        refs = _refs(ctx, items, cs, cs + len(m.group(0)))
        yield relation(CODE, NAME, "consistent", f"“{said}” = {len(items)} 项", refs)
