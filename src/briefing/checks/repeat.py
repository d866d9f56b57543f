"""BR107 repeat: the same metric of the same subject stated twice with different values.

What it does
    Pairs figures in different sentences whose labels end alike (at least six
    characters: ``申报…省重点项目储备库项目21个`` twice) and money figures that follow
    such a count with the same metric (``总投资359.45亿元``); equal values are a
    consistent relation, different values a warning.

Why is this bad?
    A figure repeated in the summary and in the body drifts when one is edited.

Example
    ``申报市级重点项目库项目18个…`` and later ``申报市级重点项目库项目共19个``

    Two labels naming different stages (引进 and 实施, 计划 and 完成:
    ``data/restate.toml`` ``stages``) are two measures, never a repeat.

Use instead
    The same value in both places (or say why they differ: another period).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from briefing.checks.engine import Context, Judged, Msg, Q, intervals_meet, ref, relation, rule
from briefing.checks.restate import stages

CODE = "BR107"
NAME = "repeat"

_STRIP = re.compile(
    r"^(?:全年|累计|共计|共有|合计|共|计划|已|截至目前|目前)+|(?:共计|共有|共|达到|达|为|是|已|有)+$"
)
_MIN = 8


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _keys(ctx: Context) -> list[tuple[Q, str, str]]:
    out: list[tuple[Q, str, str]] = []
    for qs in ctx.sentence_figures():
        subject = ""
        for q in qs:
            # only counts and money take part: other figures need no label
            if q.family != "个" and (q.family != "元" or not subject):
                continue
            lab = _STRIP.sub("", ctx.label(q))
            if q.family == "个" and len(lab) >= _MIN:
                subject = lab
                out.append((q, lab, ""))
            elif subject and q.family == "元" and lab:
                core = lab[-3:] if len(lab) >= 3 and lab[-3] == "总" else lab
                out.append((q, subject, core))
                subject = "" if len(lab) > 6 else subject
    return out


@rule(CODE, NAME, "warning", "same metric stated twice with different values")
def check(ctx: Context) -> Iterator[Judged]:
    keys = _keys(ctx)
    done: set[int] = set()
    # a repeat shares the family, the core and the last _MIN characters of the subject:
    # each figure is compared with the later ones of its group only
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, (a, sa, ca) in enumerate(keys):
        if len(sa) >= _MIN:
            groups.setdefault((a.family, ca, sa[-_MIN:]), []).append(i)
    for i, (a, sa, ca) in enumerate(keys):
        if len(sa) < _MIN:
            continue
        group = groups[(a.family, ca, sa[-_MIN:])]
        later = group[bisect.bisect_right(group, i) :]
        for b, sb, cb in (keys[j] for j in later):
            if ctx.sentence_index(a.start) == ctx.sentence_index(b.start) or id(b) in done:
                continue
            if a.family != b.family or ca != cb or _suffix(sa, sb) < _MIN:
                continue
            stage_a, stage_b = stages(ctx, a), stages(ctx, b)
            if stage_a and stage_b and not stage_a & stage_b:
                continue  # 引进…项目 and 实施…项目: two stages, two measures
            done.add(id(b))
            refs = [ref(a, "first"), ref(b, "repeat")]
            if intervals_meet(a, b, "rounding", True):
                yield relation(CODE, NAME, "consistent", f"{a.text} = {b.text}", refs)
            else:
                what = (ca or sa[-_MIN:]).strip()
                zh = f"同一指标“{what}”前后两处数值不一致：{a.text} 与 {b.text}"
                en = f"the same figure ('{what}') is stated as {a.text} and as {b.text}"
                yield relation(
                    CODE,
                    NAME,
                    "inconsistent",
                    f"{a.text} ≠ {b.text}",
                    refs,
                    Msg(zh, en, b.written, a.written),
                )
            break
