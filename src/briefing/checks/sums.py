"""BR102 sums: parts that do not add up to their total.

What it does
    Finds totals broken down into parts and adds the parts up: a parenthesised
    breakdown right after a total (``共接到诉求46653件（电话41424件、非电话5229件）``),
    and ``其中`` lists whose parts are labelled like the total (``项目共16个…其中，签约
    项目1个…项目11个…项目4个``).  ``其中`` lists in real bulletins are often not
    exhaustive, so a sum is only *judged* when the parts are shown to be a
    partition: they add up exactly in another measure of the same list (the
    counts add up, so the money must too), they are complementary categories
    (新建/续建), or the breakdown is parenthesised.  Otherwise each part is only
    checked against its total (BR103).

Why is this bad?
    Parts that do not add up make every figure of the paragraph doubtful.

Example
    ``项目共16个，其中签约项目1个、开工项目11个、投产项目5个`` (with money that adds up)

Use instead
    ``…投产项目4个`` (1 + 11 + 4 = 16).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing.checks.engine import Context, Judged, Q, config, judge, ref, rule, verdict_relation

CODE = "BR102"
NAME = "sum"

_STRIP = re.compile(
    r"^(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|约|近|超过|完成)+|(?:共计|共有|合计|共|有|达到|达|为|是|约|近|超过|已)+$"
)
_AVERAGE = re.compile(r"人均|平均|户均|均价|单价|亩均")
_CHANGE = re.compile(r"(?:增长|下降|增加|减少|增收|减收|增支|减支|提高|降低|上升|多|少)$")


@dataclass(slots=True)
class Breakdown:
    """A total and its parts in one measure (family)."""

    total: Q
    parts: list[Q]
    kind: str  # "paren" or "qizhong"
    start: int  # where the breakdown begins (the 其中 or the parenthesis)
    end: int
    labels: list[str] = field(default_factory=list)


def _base_unit(q: Q) -> str:
    u = q.unit
    for prefix in ("万亿", "亿", "千万", "百万", "万", "千"):
        if u.startswith(prefix) and len(u) > len(prefix):
            return u[len(prefix) :]
    return u


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _core(label: str) -> str:
    label = _STRIP.sub("", label)
    if len(label) >= 3 and label[-3] == "总":
        return label[-3:]
    return label[-2:]


def _is_change(ctx: Context, q: Q) -> bool:
    return bool(_CHANGE.search(ctx.norm[max(0, q.start - 3) : q.start].rstrip("了")))


def _depth(norm: str, a: int, b: int) -> int:
    d = 0
    for ch in norm[a:b]:
        if ch in "(（":
            d += 1
        elif ch in ")）" and d:
            d -= 1
    return d


def breakdowns(ctx: Context) -> list[Breakdown]:
    """Every total-with-parts in the document (cached on the context)."""
    if "breakdowns" in ctx.cache:
        return ctx.cache["breakdowns"]  # type: ignore[no-any-return]
    out: list[Breakdown] = []
    norm = ctx.norm
    # parenthesised breakdowns: TOTAL（a、b）
    for t in ctx.qs:
        if t.family in ("%", "pp") or t.end >= len(norm) or norm[t.end] not in "(（":
            continue
        close = re.compile(r"[)）]").search(norm, t.end)
        if close is None or close.start() - t.end > 120:
            continue
        inner = norm[t.end + 1 : close.start()]
        if "其中" in inner or "共" in inner:
            continue
        parts = [q for q in ctx.in_span(t.end + 1, close.start()) if q.family == t.family]
        if len(parts) >= 2 and len(parts) == len(ctx.in_span(t.end + 1, close.start())):
            out.append(Breakdown(t, parts, "paren", t.end, close.end()))
    # 其中 lists
    for m in re.finditer(r"其中", norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        sent = ctx.sents[si]
        head = norm[sent.start : m.start()].strip(" ，,：:")
        if head == "" and si > 0:
            lo, hi = ctx.sents[si - 1].start, ctx.sents[si - 1].end
        else:
            lo, hi = sent.start, m.start()
        if _depth(norm, sent.start, m.start()) > 0:
            continue  # 其中 inside parentheses: handled as a subset of the figure before
        end = sent.end
        if head:
            semi = re.compile(r"[；;]").search(norm, m.end(), end)
            if semi is not None:
                end = semi.start()
        nxt = re.compile(r"其中").search(norm, m.end(), end)
        if nxt is not None:
            end = nxt.start()
        totals: list[Q] = []
        for q in ctx.in_span(lo, hi):
            if q.family in ("%", "pp") or _is_change(ctx, q) or _depth(norm, lo, q.start) > 0:
                continue
            if _AVERAGE.search(ctx.label(q)):
                continue
            totals.append(q)
        groups: dict[int, tuple[Q, list[Q], list[str]]] = {}
        for q in ctx.in_span(m.end(), end):
            if q.family in ("%", "pp") or _is_change(ctx, q) or _depth(norm, m.end(), q.start) > 0:
                continue
            lab = _STRIP.sub("", ctx.label(q))
            if _AVERAGE.search(lab):
                continue
            best, best_n = None, 0
            for t in reversed(totals):
                if t.family != q.family or _base_unit(t) != _base_unit(q):
                    continue
                tl = _STRIP.sub("", ctx.label(t))
                core = _core(tl)
                if not core or not lab.endswith(core):
                    continue
                n = _common_suffix(lab, tl)
                if n > best_n:
                    best, best_n = t, n
            if best is not None:
                g = groups.setdefault(id(best), (best, [], []))
                g[1].append(q)
                g[2].append(lab)
        for t, parts, labels in groups.values():
            out.append(Breakdown(t, parts, "qizhong", m.start(), end, labels))
    ctx.cache["breakdowns"] = out
    return out


def _sums_ok(b: Breakdown) -> bool:
    return judge(lambda *xs: sum(xs), b.parts, b.total).status == "consistent"


def _complementary(labels: list[str]) -> bool:
    for a, b in config()["partition"]["pairs"]:
        if not all(a in x or b in x for x in labels):
            continue
        if any(a in x and b not in x for x in labels) and any(b in x for x in labels):
            return True
    return False


def is_partition(b: Breakdown, all_b: list[Breakdown]) -> bool:
    """Are the parts shown to cover the total (see module doc)?"""
    if len(b.parts) < 2:
        return False
    if b.kind == "paren" or _complementary(b.labels) or _sums_ok(b):
        return True
    siblings = [x for x in all_b if x.start == b.start and x is not b and x.kind == "qizhong"]
    return any(len(x.parts) >= 2 and len(x.parts) == len(b.parts) and _sums_ok(x) for x in siblings)


@rule(CODE, NAME, "error", "parts do not sum to total")
def check(ctx: Context) -> Iterator[Judged]:
    bs = breakdowns(ctx)
    for b in bs:
        if not is_partition(b, bs):
            continue
        v = judge(lambda *xs: sum(xs), b.parts, b.total)
        digits = max(q.decimals for q in [*b.parts, b.total])
        total = sum(q.value for q in b.parts) / b.total.scale
        from briefing.checks.engine import fmt

        yield verdict_relation(
            CODE,
            NAME,
            v,
            " + ".join(q.written + ("" if q.scale == b.total.scale else q.unit) for q in b.parts),
            fmt(total, digits),
            b.total.written,
            [ref(b.total, "total"), *[ref(q, "part") for q in b.parts]],
            "the parts do not add up to the total",
        )
