"""BR103 subset: a 其中-part larger than its total.

What it does
    Every item of a ``其中`` list is judged against its total in the same measure by
    :func:`briefing.checks.partition.propose_subsets`
    (``项目34个，计划总投资284.60亿元，其中产业项目19个，计划总投资211.75亿元``:
    19 ≤ 34 and 211.75 ≤ 284.60).

Why is this bad?
    A part larger than the whole is an impossible statement; usually a digit slipped.

Example
    ``已落地项目26个，其中新开工项目28个``

    This rule itself checks a figure done out of a count just stated (``涵盖项目13个，已开工
    10个``; ``计划竣工35个，已竣工12个``) unless the count is a plan (超额完成 is allowed).

Use instead
    ``…其中新开工项目18个``
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
    ref,
    relation,
    rule,
)
from briefing.checks.sums import _base_unit, _plain_total, breakdowns

CODE = "BR103"
NAME = "subset"


def _judge(p: Q, total: Q) -> Judged:
    refs = [ref(p, "part"), ref(total, "whole")]
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


def _done_parts(ctx: Context, seen: set[tuple[int, int]]) -> Iterator[Judged]:
    """``涵盖项目13个，已开工10个``: a figure done out of a count just stated."""
    norm = ctx.norm
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
            continue  # q is itself one of a list (主体封顶7所，已竣工11所)
        plan = _PLAN.search(ctx.label(q))
        if not plan and not _plain_total(ctx, q):
            continue
        j = _judge(p, q)
        if plan and j.relation.status != "consistent":
            continue  # 超额完成 a plan is allowed
        seen.add((p.start, q.start))
        yield j


@rule(CODE, NAME, "error", "其中-part exceeds its total")
def check(ctx: Context) -> Iterator[Judged]:
    seen: set[tuple[int, int]] = set()
    bs = breakdowns(ctx)
    for b in bs:
        if b.kind == "qizhong":
            seen.update((p.start, b.total.start) for p in b.parts)
    yield from _done_parts(ctx, seen)
    # 其中 lists (every item against its total) are read by
    # briefing.checks.partition.propose_subsets
