"""BR110 ranges: a share or proportion rate outside 0–100%.

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


@rule(CODE, NAME, "error", "rate out of its range")
def check(ctx: Context) -> Iterator[Finding]:
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
