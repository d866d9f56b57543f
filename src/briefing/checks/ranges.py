"""BR110 ranges: a share or proportion rate outside 0–100%, a count with a fraction.

What it does
    A share (``占…的P%``, 占比, 比重) or a proportion rate that cannot exceed its
    whole (投产率, 办结率, 开工率 — listed in data/checks.toml) stated above 100%.
    Completion rates (完成率) may exceed 100% (超额完成) and are not flagged.

Why is this bad?
    Seven of ten projects cannot be 120% of the projects.

Example
    ``11个项目中5个已投产，投产率145.5%``

Use instead
    ``…投产率45.5%``

A count of things that come whole (项, 个, 家, 人: ``data/checks.toml`` ``[ranges]``)
written with a decimal fraction and no scale word is a slipped decimal point
(``新开工项目1.1项`` for ``11项``) — a warning. An average or a density (平均每户2.5人,
每千人拥有床位3.2张) is not a count of whole things and is left alone; so is 1.5万人.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from briefing.checks.engine import Context, Q, at_most, config, ref, rule
from briefing.checks.intervals import _ONE
from briefing.model import Finding

CODE = "BR110"
NAME = "range"


def _at_most_100(p: Q) -> bool:
    """A cheap sufficient test of ``p.value <= 100`` (no Fraction): a plain percentage
    whose integer part is below 100."""
    if (p.scale is not _ONE and p.scale != 1) or p.written.startswith("-"):
        return False
    whole = p.written.partition(".")[0]
    return whole.isdigit() and len(whole) <= 2


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """A proportion rate or a share right before a figure (compiled once)."""
    names = "|".join(map(re.escape, config()["rates"]["proportion"]))
    return re.compile(
        rf"(?:{names})(?:为|达到|达|是)?$|占[^，,。；;占]{{0,20}}?(?:的)?(?:比重|比例)?(?:为|达到|达)?$"
    )


@lru_cache(maxsize=1)
def _whole() -> tuple[frozenset[str], re.Pattern[str]]:
    data = config()["ranges"]
    cues = "|".join(map(re.escape, data["average_cues"]))
    return frozenset(data["whole_units"]), re.compile(cues)


_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n]")


def _fractional_counts(ctx: Context) -> Iterator[Finding]:
    """Counts of whole things written with a decimal fraction (22.3项)."""
    units, cues = _whole()
    for q in ctx.qs:
        if q.kind != "count" or q.decimals == 0 or q.unit not in units:
            continue
        if q.scale is not _ONE and q.scale != 1:
            continue
        if ctx.norm[q.end : q.end + 1] in ("亿", "万", "千", "百"):
            continue  # 3.5个亿: spoken money, not a count
        lo = max(0, q.start - 20)
        before = ctx.norm[lo : q.start]
        ends = list(_CLAUSE_END.finditer(before))
        clause = before[ends[-1].end() :] if ends else before
        if cues.search(clause):
            continue
        yield Finding(
            CODE, "warning", NAME,
            f"“{q.text}”是计数，却带有小数：{q.unit}数应为整数，疑小数点位置有误",
            f"a count of whole items written with a decimal fraction ({q.text}): "
            "a slipped decimal point?",
            q.start, q.end, [ref(q, "count")], q.written, "整数",
        )  # fmt: skip


@rule(CODE, NAME, "error", "rate out of its range")
def check(ctx: Context) -> Iterator[Finding]:
    yield from _fractional_counts(ctx)
    pat = _pattern()
    for p in ctx.qs:
        if p.family != "%" or _at_most_100(p) or at_most(p, 100):
            continue
        window = ctx.norm[max(0, p.start - 24) : p.start]
        m = pat.search(window)
        if m is None:
            continue
        said = window[m.start() :]
        if m is None or re.search(r"超|增|计划|任务|目标|预算|序时|进度|分别", said):
            continue
        if said.startswith("占") and not re.search(
            r"总量|总数|总额|总和|全部|比重|比例|占比", said
        ):
            continue
        yield Finding(
            CODE, "error", NAME,
            f"{window[m.start():].strip()}{p.text} 超过100%：部分不能大于整体",
            f"a share cannot exceed 100% ({p.text})",
            p.start, p.end, [ref(p, "rate")], p.written, "≤ 100",
        )  # fmt: skip
