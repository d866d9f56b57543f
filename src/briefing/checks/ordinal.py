"""BR109 ordinal: a numbered sequence with a gap or a repeat.

What it does
    Follows 一是…二是… leads within a section, and heading markers 一、二、 and
    （一）（二） under the same parent, and flags a number that skips (二是 → 四是)
    or repeats (二是 → 二是).

Why is this bad?
    A missing 三是 tells the reader a paragraph was lost in editing.

Example
    ``一是…。二是…。四是…。``

Use instead
    ``一是…。二是…。三是…。``
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator

from briefing.checks.engine import Context, Judged, Msg, relation, rule, span_ref
from briefing.extraction.numbers import cn_to_int as cn_int

CODE = "BR109"
NAME = "ordinal"

_LEAD = re.compile(r"(?:^|(?<=[。；;：:\n*\s]))([一二三四五六七八九十]{1,3})是(?![否非])")
_HEAD = re.compile(
    r"^\s*(?:(?P<a>[一二三四五六七八九十]{1,3})、|[（(](?P<b>[一二三四五六七八九十]{1,3})[)）])"
)


def _sequences(ctx: Context) -> list[list[tuple[int, int, int, str]]]:
    """Lead sequences: restart at a heading or at 一是."""
    norm = ctx.norm
    seqs: list[list[tuple[int, int, int, str]]] = []
    cur: list[tuple[int, int, int, str]] = []
    heads = sorted(b.start for b in ctx.doc.blocks if b.kind == "heading")
    leads = [
        (lead.start, lead.start + len(lead.marker or ""), lead.ordinal, lead.marker or "")
        for lead in ctx.doc.leads
        if lead.ordinal
    ]
    if not leads:
        leads = []
        for m in _LEAD.finditer(norm) if "是" in norm else ():  # every lead ends in 是
            n = cn_int(m.group(1))
            if n:
                leads.append((m.start(1), m.end(), n, m.group(0).strip()))
    last_pos = -1
    for s, e, n, mk in sorted(leads):
        # a heading in (last_pos, s], found by bisection (not a scan of every heading)
        if cur and (n == 1 or bisect_right(heads, s) > bisect_right(heads, last_pos)):
            seqs.append(cur)
            cur = []
        cur.append((s, e, int(n or 0), mk))
        last_pos = s
    if cur:
        seqs.append(cur)
    return seqs


@rule(CODE, NAME, "error", "ordinal sequence gap or repeat")
def check(ctx: Context) -> Iterator[Judged]:
    for seq in _sequences(ctx):
        if seq[0][2] != 1 or len(seq) < 2:
            continue
        refs = [span_ref(ctx, s, e, "ordinal") for s, e, _, _ in seq]
        slips = [
            (a, b, s, e, mk)
            for (_, _, a, _), (s, e, b, mk) in itertools.pairwise(seq)
            if b != a + 1
        ]
        if not slips:
            yield relation(CODE, NAME, "consistent", f"一是…{_cn(seq[-1][2])}是 依次", refs)
            continue
        # one relation per sequence (all its leads); the finding points at the first slip
        a, b, s, e, mk = slips[0]
        kind = "重复" if b == a else "跳号"
        zh = f"序号{kind}：“{_cn(a)}是”之后为“{mk}”"
        en = f"ordinal {'repeated' if b == a else 'skipped'}: {a} followed by {b}"
        formula = "，".join(f"{x} → {y}" for x, y, *_ in slips)
        yield relation(
            CODE, NAME, "inconsistent", formula, refs, Msg(zh, en, str(b), str(a + 1), at=(s, e))
        )
    yield from _headings(ctx)


def _line_heads(ctx: Context, a: int, b: int, bracketed: bool) -> set[int]:
    """Numbers of heading markers (of one style: （一） or 一、) opening a line of
    norm[a:b]: run-in headings (（四）交通类3件：6.…) read as paragraphs by their length."""
    out = set()
    for m in _LINE_HEAD.finditer(ctx.norm, a, b):
        if (m.group("b") is not None) == bracketed:
            n = cn_int(m.group("a") or m.group("b"))
            if n:
                out.add(n)
    return out


_LINE_HEAD = re.compile(
    r"(?:^|(?<=\n))[ \t　]*(?:(?P<a>[一二三四五六七八九十]{1,3})、|[（(](?P<b>[一二三四五六七八九十]{1,3})[)）])"
)


def _headings(ctx: Context) -> Iterator[Judged]:
    last: dict[int, int] = {}
    last_at: dict[int, int] = {}
    for b in ctx.doc.blocks:
        if b.kind != "heading" or b.level is None:
            continue
        m = _HEAD.match(ctx.norm[b.start : b.end])
        for lvl in [x for x in last if x > b.level]:
            del last[lvl]
        if m is None:
            continue
        n = cn_int(m.group("a") or m.group("b"))
        if n is None:
            continue
        prev = last.get(b.level)
        if prev is not None and n > prev + 1:
            lines = _line_heads(ctx, last_at[b.level], b.start, m.group("b") is not None)
            if lines.issuperset(range(prev + 1, n)):
                prev = n - 1  # the numbers between open lines read as paragraphs
        last_at[b.level] = b.start
        if (prev is not None and n != prev + 1) or (prev is None and n != 1):
            if prev is not None:
                zh = f"标题序号{'重复' if n == prev else '跳号'}：{_cn(prev)}之后为{_cn(n)}"
                yield relation(
                    CODE,
                    NAME,
                    "inconsistent",
                    f"{prev} → {n}",
                    [span_ref(ctx, b.start, b.start + m.end(), "ordinal")],
                    Msg(zh, f"heading number {prev} followed by {n}", str(n), str(prev + 1)),
                )
        last[b.level] = n


def _cn(k: int) -> str:
    d = "零一二三四五六七八九"
    return d[k] if k < 10 else ("" if k < 20 else d[k // 10]) + "十" + (d[k % 10] if k % 10 else "")
