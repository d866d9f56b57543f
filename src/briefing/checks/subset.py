"""BR103 subset: a 其中-part larger than its total.

What it does
    For every ``其中`` breakdown that is not shown to be a partition (see BR102),
    checks that each part is at most its total, in the same measure
    (``项目21个，计划总投资359.45亿元，其中产业项目14个，计划总投资297.30亿元``:
    14 ≤ 21 and 297.30 ≤ 359.45).

Why is this bad?
    A part larger than the whole is an impossible statement; usually a digit slipped.

Example
    ``已签约项目29个，其中新开工项目31个``

    Also the first figure right after 其中 whatever its label (``续建项目104个，其中年内
    计划竣工35个``), and a figure done out of a count just stated (``涵盖项目13个，已开工
    10个``; ``计划竣工35个，已竣工12个``) unless the count is a plan (超额完成 is allowed).

Use instead
    ``…其中新开工项目21个``
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from briefing.checks.engine import (
    Context,
    Judged,
    Msg,
    Q,
    lo_at_most_hi,
    paren_depth,
    ref,
    relation,
    rule,
)
from briefing.checks.sums import _base_unit, _plain_total, breakdowns, is_partition

CODE = "BR103"
NAME = "subset"


def _judge(p: Q, total: Q) -> Judged:
    refs = [ref(p, "part"), ref(total, "total")]
    if lo_at_most_hi(p, "strict", total, "rounding", True):
        return relation(CODE, NAME, "consistent", f"{p.written} ≤ {total.written}", refs)
    zh = f"其中部分 {p.text} 大于总数 {total.text}（{p.written} > {total.written}）"
    en = f"a part ({p.text}) exceeds its total ({total.text})"
    return relation(
        CODE, NAME, "inconsistent", f"{p.written} > {total.written}", refs,
        Msg(zh, en, p.written, f"≤ {total.written}"),
    )  # fmt: skip


_QIZHONG = re.compile(r"其中[，,：:]?")
_SEMI = re.compile(r"[；;]")
_PLAN = re.compile(r"计划|目标|任务")
_TOTAL_WORD = re.compile(r"共|总|合计|累计|全")
_COMMAS = ("，", ",")
_LEADING_TOTAL = re.compile(r"^总")
_DONE = re.compile(r"^[，,](?:目前|现)?已(?:经)?[\u4e00-\u9fff]{1,4}$")


def _first_parts(ctx: Context, seen: set[tuple[int, int]]) -> Iterator[Judged]:
    """其中 + the first figure, and ``N个，已开工M个`` (see module doc)."""
    norm = ctx.norm
    for m in _QIZHONG.finditer(norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        s0 = ctx.sents[si].start
        semi = _SEMI.search(norm, m.end(), ctx.sents[si].end)
        stop = min(m.end() + 40, semi.start() if semi else ctx.sents[si].end)
        after = [q for q in ctx.in_span(m.end(), stop)]
        after = [q for q in after if q.family not in ("%", "pp") and q.qualifier is None]
        lo = ctx.rfind_any("；;", s0, m.start())
        firsts: dict[tuple[str, str], Q] = {}
        for q in after:
            firsts.setdefault((q.family, _base_unit(q)), q)
        h0 = max(s0, lo + 1)
        if not norm[h0 : m.start()].strip(" ，,：:") and si > 0:
            ps = ctx.sents[si - 1]  # 。其中：the total closes the previous sentence
            h0 = max(ps.start, ctx.rfind_any("；;", ps.start, ps.end) + 1)
        for p in firsts.values():
            bu = _base_unit(p)
            head = [
                q
                for q in ctx.in_span(h0, m.start())
                if q.family == p.family and _base_unit(q) == bu and _plain_total(ctx, q)
            ]
            head = [q for q in head if not _in_parens(norm, h0, q.start)]
            t = _total_for(ctx, p, head, same_sentence=h0 >= s0)
            if t is not None and (p.start, t.start) not in seen:
                seen.add((p.start, t.start))
                yield _judge(p, t)
    for q, p in itertools.pairwise(ctx.qs):
        if norm[q.end : q.end + 1] not in _COMMAS:
            continue  # _DONE below starts with a comma right after q
        if q.family in ("%", "pp") or p.family != q.family or _base_unit(p) != _base_unit(q):
            continue
        if not _DONE.match(norm[q.end : p.start]) or (p.start, q.start) in seen:
            continue
        cs = ctx.rfind_any("，,；;。：:\n", 0, q.start) + 1
        pcs = ctx.rfind_any("，,；;。：:\n", 0, cs - 1) + 1
        if "其中" not in norm[cs : q.start] and any(
            x.family == q.family and _base_unit(x) == _base_unit(q) for x in ctx.in_span(pcs, cs)
        ):
            continue  # q is itself one of a list (封顶装修9所，已竣工13所)
        plan = _PLAN.search(ctx.label(q))
        if not plan and not _plain_total(ctx, q):
            continue
        j = _judge(p, q)
        if plan and j.relation.status != "consistent":
            continue  # 超额完成 a plan is allowed
        seen.add((p.start, q.start))
        yield j


def _total_for(ctx: Context, p: Q, head: list[Q], same_sentence: bool) -> Q | None:
    """The total of ``p`` among ``head``: labelled like it (协议总金额 ⊇ 协议金额), else
    labelled as a total (共, 总, 全…), else the only candidate in the same sentence."""
    lab = ctx.label(p)
    for q in reversed(head):
        core = _LEADING_TOTAL.sub("", ctx.label(q)[-3:])[-2:]
        if len(core) == 2 and lab.endswith(core):
            return q
    for q in reversed(head):
        if _TOTAL_WORD.search(ctx.label(q, ctx.para_of(q.start)[0])):
            return q
    return head[-1] if same_sentence and len(head) == 1 else None


def _in_parens(norm: str, a: int, b: int) -> bool:
    return paren_depth(norm, a, b) > 0


@rule(CODE, NAME, "error", "其中-part exceeds its total")
def check(ctx: Context) -> Iterator[Judged]:
    seen: set[tuple[int, int]] = set()
    bs = breakdowns(ctx)
    for b in bs:
        if b.kind == "qizhong":
            seen.update((p.start, b.total.start) for p in b.parts)
    yield from _first_parts(ctx, seen)
    for b in bs:
        # only parts labelled like their total: other figures of a 其中 list may be
        # other measures (批发业销售额 after 其中 under 社会消费品零售总额)
        if b.kind != "qizhong" or is_partition(b, bs):
            continue
        for p in b.parts:
            refs = [ref(p, "part"), ref(b.total, "total")]
            formula = f"{p.written} ≤ {b.total.written}"
            if lo_at_most_hi(p, "strict", b.total, "rounding", True):
                yield relation(CODE, NAME, "consistent", formula, refs)
            else:
                zh = f"其中部分 {p.text} 大于总数 {b.total.text}（{p.written} > {b.total.written}）"
                en = f"a part ({p.text}) exceeds its total ({b.total.text})"
                yield relation(
                    CODE, NAME, "inconsistent", f"{p.written} > {b.total.written}", refs,
                    Msg(zh, en, p.written, f"≤ {b.total.written}"),
                )  # fmt: skip
