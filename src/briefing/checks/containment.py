"""BR103 subsets stated by containment: ``N个X中，有M个…``.

A count followed by its counted noun and 中 (之中, 当中), then at once another count of
the same unit, states the second as a part of the first::

    32个试点单位中，有27个完成验收      → 27 ≤ 32
    45个行业大类中31个行业保持增长      → 31 ≤ 45

Arithmetic is evidence here, not proof: a part no larger than the whole is a consistent
relation; a larger one is an error only when the part counts the whole's own noun
(``45个行业大类中51个行业``), since ``5个乡镇中，32个村…`` counts another thing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from briefing.checks.engine import Context, Judged, Q
from briefing.checks.partition import _kin, _subset_judged, cues

_NOUN = r"[\u4e00-\u9fff“”\"]{0,12}?"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    c = cues()["containment"]

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return re.compile(
        rf"(?P<noun>{_NOUN})(?:{alt(c['after_whole'])})[，,]?\s*(?:(?:{alt(c['before_part'])})\s*)?$"
    )


_HAN = re.compile(r"[\u4e00-\u9fff]{2,8}")


def _later_parts(ctx: Context) -> Iterator[Judged]:
    """``全年18个市政项目共完成…，有13个项目已进场施工``: a count of things named right
    after it, then later in the sentence ``有M个`` of the same things (the last two
    characters of their name), or ``…的有M个`` / ``…的为M个`` (those of them that are
    so: ``96家宾馆入住率超过70%的有61家``, ``考核任务12项，列入通报的为5项``): M of
    them, no more than the whole (a larger one is a warning)."""
    norm = ctx.norm
    kind_words = tuple(cues()["containment"]["kind_of"])
    for qs in ctx.sentence_figures():
        for i, whole in enumerate(qs):
            if whole.kind != "count" or whole.qualifier is not None:
                continue
            if norm[max(0, whole.start - 2) : whole.start] in kind_words:
                continue  # 满意的有240件，一般的有5件: kinds of one whole are siblings
            m = _HAN.match(norm, whole.end)
            noun = m.group() if m is not None else ""
            for part in qs[i + 1 :]:
                if part.kind != "count" or not _kin(part, whole) or part.qualifier is not None:
                    continue
                # …的有M个: those of the whole's things that are so
                kind_of = norm[max(0, part.start - 2) : part.start] in kind_words
                if part.start - whole.end > 60:
                    continue
                if not kind_of and (not noun or norm[part.start - 1 : part.start] != "有"):
                    continue
                after = norm[part.end : part.end + 2]
                if (kind_of or (len(after) == 2 and after in noun[:6])) and ctx.rfind_any(
                    "；;", whole.end, part.start
                ) < 0:
                    yield _subset_judged(part, whole, False)
                break


def _compounds(ctx: Context, qs: list[Q]) -> list[list[Q]]:
    """Runs of figures written one right after another (9类36件41个事项)."""
    out: list[list[Q]] = []
    run: list[Q] = []
    for q in qs:
        if run and ctx.norm[run[-1].end : q.start] == "":
            run.append(q)
            continue
        if len(run) >= 2:
            out.append(run)
        run = [q]
    if len(run) >= 2:
        out.append(run)
    return out


def _compound_subsets(ctx: Context) -> Iterator[Judged]:
    """``省级民生实事共9类36件41个事项，涉及我市8类30件33个事项``: a compound figure
    and, after a word of inclusion (data/partition.toml ``containment.compound``), a
    compound of the same units in its sentence: each figure a part of the one of its
    unit (a larger one is a warning)."""
    words = cues()["containment"]["compound"]
    for qs in ctx.sentence_figures():
        runs = _compounds(ctx, qs)
        for a, b in itertools.pairwise(runs):
            gap = ctx.norm[a[-1].end : b[0].start]
            if not any(w in gap[-6:] for w in words) or len(gap) > 24:
                continue
            if len(a) != len(b) or any(x.unit != y.unit for x, y in zip(a, b, strict=True)):
                continue
            for whole, part in zip(a, b, strict=True):
                yield _subset_judged(part, whole, False)


def propose(ctx: Context) -> Iterator[Judged]:
    yield from _later_parts(ctx)
    yield from _compound_subsets(ctx)
    pat = _pattern()
    qs = ctx.qs
    for i in range(len(qs) - 1):
        whole, part = qs[i], qs[i + 1]
        if whole.kind != "count" or part.kind != "count" or not _kin(part, whole):
            continue
        if whole.qualifier is not None or part.start - whole.end > 24:
            continue
        if ctx.sentence_index(whole.start) != ctx.sentence_index(part.start):
            continue
        between = ctx.norm[whole.end : part.start]
        m = pat.fullmatch(between) if "中" in between or "里" in between else None
        if m is None:
            continue
        noun = m.group("noun").strip('“”"')
        if part.value <= whole.value:
            yield _subset_judged(part, whole, True)
            yield from _more_parts(ctx, qs, i + 1, whole)
            continue
        # a larger part: an error only when it counts the whole's own noun
        after = ctx.norm[part.end : part.end + 2]
        if len(noun) >= 2 and after in (noun[:2], noun[-2:]):
            yield _subset_judged(part, whole, True)


def _more_parts(ctx: Context, qs: list[Q], k: int, whole: Q) -> Iterator[Judged]:
    """The next parts of the same whole, in the part's sentence, counting the same noun
    right after them (54个项目中，已有15个项目开工，15个项目预计年内开工): each one no larger
    than the whole (a larger one is a warning)."""
    part = qs[k]
    noun = ctx.norm[part.end : part.end + 2]
    si = ctx.sentence_index(part.start)
    for q in qs[k + 1 : k + 6]:
        if ctx.sentence_index(q.start) != si:
            break
        if q.kind != "count" or not _kin(q, whole) or q.qualifier is not None:
            continue
        if len(noun) == 2 and ctx.norm[q.end : q.end + 2] == noun:
            yield _subset_judged(q, whole, False)
