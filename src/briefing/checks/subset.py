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

Use instead
    ``…其中新开工项目21个``
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.checks.engine import Judged, Msg, ref, relation, rule
from briefing.checks.sums import breakdowns, is_partition

CODE = "BR103"
NAME = "subset"


@rule(CODE, NAME, "error", "其中-part exceeds its total")
def check(ctx) -> Iterator[Judged]:  # type: ignore[no-untyped-def]
    bs = breakdowns(ctx)
    for b in bs:
        if b.kind != "qizhong" or is_partition(b, bs):
            continue
        total_hi = b.total.interval("rounding", stated=True).hi
        for p in b.parts:
            lo = p.interval("strict").lo
            refs = [ref(p, "part"), ref(b.total, "total")]
            formula = f"{p.written} ≤ {b.total.written}"
            if total_hi is None or lo <= total_hi:
                yield relation(CODE, NAME, "consistent", formula, refs)
            else:
                zh = f"其中部分 {p.text} 大于总数 {b.total.text}（{p.written} > {b.total.written}）"
                en = f"a part ({p.text}) exceeds its total ({b.total.text})"
                yield relation(
                    CODE, NAME, "inconsistent", f"{p.written} > {b.total.written}", refs,
                    Msg(zh, en, p.written, f"≤ {b.total.written}"),
                )  # fmt: skip
