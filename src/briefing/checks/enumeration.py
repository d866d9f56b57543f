"""BR104 enumeration: a stated count that does not match the items listed, or duplicates.

What it does
    Counts the items of a list closed by a stated count (``A、B、C三家企业``,
    ``……、总部经济七个方向``), of ``N项保障：一是…六是`` leads, and of lists whose
    items end in the noun of a quoted count (“十园”: …产业园、…示范园), and
    flags a count that differs or an item listed twice.

Why is this bad?
    ``七个方向`` followed by six distinct directions, one of them twice, is the
    kind of slip that reaches print because nobody counts.

Example
    ``围绕品牌服装、织布面料、染整、无人机产业、无人机产业和数字经济链条、中轴线商业开发、总部经济七个方向``

Use instead
    Seven distinct directions, each listed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.checks.engine import Context, Judged, Msg, relation, rule, span_ref
from briefing.checks.sums import _split_items, breakdowns
from briefing.extraction.numbers import cn_to_int as cn_int
from briefing.model import FigureRef, Finding

CODE = "BR104"
NAME = "enumeration"

_COUNT = re.compile(
    r"(?P<num>[一二两三四五六七八九十]{1,3})(?P<cls>个|项|家|大|类|条|种|位|名|批|方面)"
    r"(?P<noun>[\u4e00-\u9fff]{1,2})?"
)
_BREAK = "，,。；;：:！？\n（）()"
_LEAD_VERBS = re.compile(
    r"^(?:围绕|聚焦|依托|以|包括|涵盖|紧盯|即|在|对|从|把|将|由|实现|推进|加强|抓好|突出|形成|打造|培育|发展|建立|完善|有|是)+"
)
_LEAD_ANY = re.compile(r"围绕|聚焦|依托|包括|涵盖|紧盯|突出|着眼|重点抓好")
_TAIL = re.compile(r"(?:为抓手|为重点|为核心|为主线|为载体)$")
_QUOTED = re.compile(r"“(?P<num>[一二三四五六七八九十]{1,2})(?P<noun>[\u4e00-\u9fff])”")


def _items(ctx: Context, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split norm[start:end] on 、 into (start, end, text) items, cleaned of quotes and lead verbs."""
    out = []
    pos = start
    pieces = ctx.norm[start:end].split("、")
    for i, piece in enumerate(pieces):
        s, e = pos, pos + len(piece)
        pos = e + 1
        t = piece
        if i == 0:
            if "的" in t:
                cut = t.rfind("的") + 1
                s, t = s + cut, t[cut:]
            if "“" in t:
                cut = t.rfind("“") + 1
                s, t = s + cut, t[cut:]
            lv = list(_LEAD_ANY.finditer(t))
            if lv and len(t) - lv[-1].end() >= 2:
                s, t = s + lv[-1].end(), t[lv[-1].end() :]
            m = _LEAD_VERBS.match(t)
            if m and len(t) - m.end() >= 2:
                s, t = s + m.end(), t[m.end() :]
        lead = len(t) - len(t.lstrip('“”"《》 '))
        t2 = _TAIL.sub("", t.strip('“”"《》 '))
        out.append((s + lead, s + lead + len(t2), t2))
    if out and len(out) >= 2:
        s, e, t = out[-1]
        parts = re.split(r"(以及|和|及)", t)
        if len(parts) == 3 and len(parts[0]) >= 2 and len(parts[2]) >= 2:
            out[-1] = (s, s + len(parts[0]), parts[0])
            s2 = s + len(parts[0]) + len(parts[1])
            out.append((s2, e, parts[2]))
    return out


def _dups(items: list[tuple[int, int, str]]) -> list[str]:
    texts = [t for _, _, t in items]
    dups = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a == b or (b.startswith(a) and b[len(a) : len(a) + 1] in ("和", "及", "与")):
                dups.append(a)
    return dups


def _distinct(items: list[tuple[int, int, str]]) -> int:
    return len(items) - len(_dups(items))


def _refs(ctx: Context, items: list[tuple[int, int, str]], cs: int, ce: int) -> list[FigureRef]:
    return [span_ref(ctx, cs, ce, "stated"), *[span_ref(ctx, s, e, "item") for s, e, _ in items]]


@rule(CODE, NAME, "error", "stated count ≠ listed items, or duplicates")
def check(ctx: Context) -> Iterator[Judged | Finding]:
    norm = ctx.norm
    for m in _COUNT.finditer(norm):
        if m.start() == 0:
            continue
        prev = norm[m.start() - 1]
        if (
            not (re.match(r"[\u4e00-\u9fff”\"]", prev))
            or prev in "等第之一二三四五六七八九十和及与"
        ):
            continue
        n = cn_int(m.group("num"))
        if n is None or n < 2:
            continue
        i = m.start()
        while i > 0 and norm[i - 1] not in _BREAK:
            i -= 1
        region = norm[i : m.start()]
        if "、" not in region:
            continue
        items = _items(ctx, i, m.start())
        if any(re.search(r"\d", t) or len(t) < 2 for _, _, t in items):
            continue
        noun = (m.group("cls") if m.group("cls") in ("方面",) else "") + (m.group("noun") or "")
        said = norm[m.start() : m.end()]
        refs = _refs(ctx, items, m.start(), m.end())
        dups = _dups(items)
        distinct = len(items) - len(dups)
        formula = f"“{said}”：列出 {len(items)} 项，其中不同 {distinct} 项"
        if distinct == n and not dups:
            yield relation(CODE, NAME, "consistent", f"“{said}” = {len(items)} 项", refs)
        elif dups:
            d = "、".join(f"“{x}”" for x in dict.fromkeys(dups))
            zh = f"“{said}”实际列出{distinct}个不同{noun or '项'}，{d}重复"
            en = f"'{said}' lists {distinct} distinct items; {', '.join(dups)} repeated"
            yield relation(
                CODE, NAME, "inconsistent", formula, refs, Msg(zh, en, str(n), str(distinct))
            )
        else:
            zh = f"“{said}”实际列出{len(items)}项"
            en = f"'{said}' states {n} but {len(items)} items are listed"
            yield relation(
                CODE, NAME, "inconsistent", formula, refs, Msg(zh, en, str(n), str(len(items)))
            )
    yield from _lead_counts(ctx)
    yield from _quoted_counts(ctx)
    yield from _counted_totals(ctx)


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


def _lead_counts(ctx: Context) -> Iterator[Judged]:
    """``六项保障：一是…六是`` — the count of leads that follow in the paragraph."""
    norm = ctx.norm
    for m in re.finditer(
        r"(?P<num>[二两三四五六七八九十]{1,2})(?:个|项|大|条|方面)(?P<noun>[\u4e00-\u9fff]{1,4})[：:]",
        norm,
    ):
        n = cn_int(m.group("num"))
        if n is None:
            continue
        _ps, pe = ctx.para_of(m.start())
        ords = [
            cn_int(x.group(1))
            for x in re.finditer(
                r"(?:^|[。；;：:\n*])\s*([一二三四五六七八九十]{1,2})是", norm[m.end() : pe]
            )
        ]
        ords_i: list[int] = [o for o in ords if o]
        if not ords_i or ords_i[0] != 1:
            continue
        k = max(ords_i)
        said = norm[m.start() : m.end() - 1]
        refs = [span_ref(ctx, m.start(), m.end() - 1, "stated")]
        if k == n:
            yield relation(
                CODE, NAME, "consistent", f"“{said}” = {k} 项（一是…{m.group('num')}是）", refs
            )
        else:
            zh = f"“{said}”后列出{k}项（一是至{_cn(k)}是）"
            en = f"'{said}' states {n} but {k} leads follow"
            yield relation(
                CODE,
                NAME,
                "inconsistent",
                f"“{said}”：列出 {k} 项",
                refs,
                Msg(zh, en, str(n), str(k)),
            )


def _cn(k: int) -> str:
    digits = "零一二三四五六七八九"
    if k < 10:
        return digits[k]
    return ("" if k < 20 else digits[k // 10]) + "十" + (digits[k % 10] if k % 10 else "")


def _quoted_counts(ctx: Context) -> Iterator[Judged | Finding]:
    """“十园” followed by lists of items ending in 园 within the paragraph."""
    norm = ctx.norm
    for m in _QUOTED.finditer(norm):
        n = cn_int(m.group("num"))
        noun = m.group("noun")
        if n is None or n < 2:
            continue
        _ps, pe = ctx.para_of(m.start())
        found: list[tuple[int, int, str]] = []
        for lm in re.finditer(r"[^，,。；;：:！？\n]*、[^，,。；;：:！？\n]*", norm[m.end() : pe]):
            base = m.end() + lm.start()
            items = _items(ctx, base, base + len(lm.group(0)))
            found.extend(h for h in items if h[2].endswith(noun) and len(h[2]) >= 3)
        if len(found) < 2:
            continue
        said = norm[m.start() : m.end()]
        refs = _refs(ctx, found, m.start(), m.end())
        if len(found) == n and not _dups(found):
            yield relation(CODE, NAME, "consistent", f"{said} = {len(found)} 项", refs)
        elif abs(len(found) - n) <= 2:
            yield Finding(
                CODE, "warning", NAME,
                f"{said}之后列出{_distinct(found)}个不同的“…{noun}”",
                f"{said} is followed by {_distinct(found)} distinct items ending in {noun}",
                m.start(), m.end(), refs, str(n), str(_distinct(found)),
            )  # fmt: skip
