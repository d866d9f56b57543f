"""BR102 sums read with evidence: parts that add up to a stated total.

A stated total and the parts listed with it (its 其中 list, a breakdown by 按…分, the
sentences after it, or the figures just before it): among runs of figures of the total's
family — consecutive ones, or consecutive among those labelled alike — the run whose sum
agrees with the total is its reading.  A breakdown listed right after its total that
exceeds it (or, in parentheses, does not make it) is a warning, and so is one that adds
up if one figure was mistyped.

Example::

    开复工项目64项（新建38项，续建26项） → 38 + 26 = 64: consistent
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from briefing.checks.engine import Context, Judged, Msg, Q, judge, ref, relation
from briefing.checks.evidence import (
    as_warning,
    is_change,
    iv,
    label_atoms,
    lendable_measures,
    slip_relation,
    slip_to,
)

CODE = "BR102"
NAME = "sum"
_PARTITION_CUE = re.compile(r"其中|分别|按[^，。；]{1,8}(?:划分|分|看)|从[^，。；]{1,8}看|[（(]")
_MAX_PARTS = 9


def _sum_candidates(group: Sequence[Q], total: Q) -> Iterator[list[Q]]:
    """Runs of 2..9 consecutive figures of ``group`` (none of them the total)."""
    n = len(group)
    for i in range(n):
        if group[i] is total:
            continue
        run = [group[i]]
        for j in range(i + 1, min(n, i + _MAX_PARTS)):
            if group[j] is total:
                break
            run = [*run, group[j]]
            yield run


def _sum_agrees(parts: Sequence[Q], total: Q) -> str:
    from briefing.checks.engine import add_all

    return judge(add_all, list(parts), total).status


def propose_sums(ctx: Context) -> Iterator[Judged]:
    """A stated total and the parts listed with it (its 其中 list, a breakdown by 按…分,
    the sentences after it, or the figures just before it): among runs of figures of
    the total's family — consecutive ones, or consecutive among those labelled alike —
    the run whose sum agrees with the total is its reading.  Parts of one label whose
    sum does not agree, listed right after the total with a breakdown cue, are a
    warning naming the sum."""
    norm = ctx.norm
    qs = [q for q in ctx.qs if q.family not in ("%", "pp") and q.qualifier in (None, "approx")]
    qs = [q for q in qs if not is_change(ctx, q)]
    done: set[tuple[int, ...]] = set()
    for t in qs:
        if t.qualifier is not None:
            continue
        si = ctx.sentence_index(t.start)
        if si is None:
            continue
        lo = ctx.sents[max(0, si - 2)].start
        hi = ctx.sents[min(len(ctx.sents) - 1, si + 3)].end
        para = ctx.para_of(t.start)
        hi = min(hi, max(para[1], ctx.sents[si].end))
        window = [q for q in ctx.in_span(lo, hi) if q.family == t.family and q in qs]
        if len(window) < 3:
            continue
        pos = window.index(t) if t in window else -1
        if pos < 0:
            continue
        after = window[pos + 1 :]
        before = window[:pos]
        groups: list[tuple[list[Q], bool]] = [(after, True), (before, False)]
        # figures labelled alike (到位资金6.7亿元 … 到位资金2.5亿元), interleaved with others
        for side, is_after in ((after, True), (before, False)):
            keys: dict[frozenset[str], list[Q]] = {}
            for q in side:
                la = label_atoms(ctx, q) & lendable_measures()
                if la:
                    keys.setdefault(la, []).append(q)
            for g in keys.values():
                if 2 <= len(g) < len(side):
                    groups.append((g, is_after))
        best: tuple[float, list[Q]] | None = None
        for group, is_after in groups:
            for run in _sum_candidates(group, t):
                if any(q.fvalue() >= t.fvalue() for q in run):
                    continue
                if all(q.decimals == 0 and q.value < 10 for q in run) and len(run) < 3:
                    continue  # small counts add up by chance
                if _sum_agrees(run, t) != "consistent":
                    continue
                gap = (run[0].start - t.end) if is_after else (t.start - run[-1].end)
                score = (2.0 if is_after else 1.0) + len(run) * 0.1 - gap / 400
                cue_text = norm[t.end : run[0].start] if is_after else ""
                if _PARTITION_CUE.search(cue_text):
                    score += 1.0
                if best is None or score > best[0]:
                    best = (score, run)
        if best is None:
            bad = _listed_breakdown(ctx, t, window) or _sum_slip(ctx, t, after)
            if bad is not None:
                yield bad
            continue
        run = best[1]
        key = (t.start, *[q.start for q in run])
        if key in done:
            continue
        done.add(key)
        expr = _sum_expr(run, t)
        refs = [*[ref(q, "part") for q in run], ref(t, "total")]
        refs.sort(key=lambda r: r.start)
        yield relation(CODE, NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs)


def _sum_slip(ctx: Context, t: Q, after: Sequence[Q]) -> Judged | None:
    """The parts listed right after a total (其中, 分别, a parenthesis) that add up to it
    if one figure was mistyped: one explanation only, else nothing."""
    if not after or not _PARTITION_CUE.search(ctx.norm, t.end, after[0].start):
        return None
    if after[0].start - t.end > 12:
        return None
    found: list[Judged] = []
    for k in range(2, min(len(after), _MAX_PARTS) + 1):
        run = list(after[:k])
        ivs = [iv(q) for q in run]
        slo = sum((i[0] for i in ivs), Fraction(0))
        shi = sum((i[1] for i in ivs), Fraction(0))
        tlo, thi = iv(t)
        refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
        formula = f"{_sum_expr(run, t)} ≠ {t.written}"
        fix = slip_to(t, slo, shi)
        if fix is not None:
            found.append(slip_relation(CODE, NAME, refs, t, fix, formula))
        for q, (ql, qh) in zip(run, ivs, strict=True):
            lo, hi = tlo - (shi - qh), thi - (slo - ql)
            if hi > 0:
                fix = slip_to(q, lo, hi)
                if fix is not None:
                    found.append(slip_relation(CODE, NAME, refs, q, fix, formula))
    return found[0] if len(found) == 1 else None


def _sum_expr(run: Sequence[Q], t: Q) -> str:
    mixed = any(q.unit != t.unit for q in run)
    return " + ".join(q.written + (q.unit if mixed else "") for q in run)


_BREAKDOWN_OPEN = re.compile(r"^[，,]?(?:其中|分别为|分别是|包括)[：:，,]?|^[（(]")


def _listed_breakdown(ctx: Context, t: Q, window: Sequence[Q]) -> Judged | None:
    """``总数T（A a、B b）`` or ``T，其中A a、B b。`` whose parts add up to more than T (or,
    in parentheses, to anything but T): a warning with the sum."""
    norm = ctx.norm
    m = _BREAKDOWN_OPEN.search(norm, t.end, t.end + 6)
    if m is None:
        return None
    paren = m.group().startswith(("（", "("))
    if paren:
        close = min((i for i in (norm.find("）", m.end()), norm.find(")", m.end())) if i >= 0),
                    default=-1)  # fmt: skip
        if close < 0 or close - m.end() > 80:
            return None
        end = close
    else:
        si = ctx.sentence_index(t.start)
        if si is None:
            return None
        end = ctx.sents[si].end
        semi = norm.find("；", m.end(), end)
        if semi >= 0:
            end = semi
    run = [q for q in window if m.end() <= q.start and q.end <= end]
    others = [q for q in ctx.in_span(m.end(), end) if q.family not in ("%", "pp")]
    if len(run) < 2 or len(others) != len(run):
        return None  # other kinds of figures between: not a plain breakdown
    status = _sum_agrees(run, t)
    if status == "consistent":
        return None
    from briefing.checks.engine import add_all

    total = add_all(*[q.value for q in run])
    over = total > t.interval("strict", True).hi  # type: ignore[operator]
    if not (paren or over):
        return None
    shown = fmt_q_sum(total, t)
    expr = _sum_expr(run, t)
    zh = f"{expr} = {shown}，与总数 {t.text} 不符，请核对各分项或总数"
    en = f"the parts add up to {shown}, the total is {t.text}"
    refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
    j = relation(
        CODE, NAME, "inconsistent", f"{expr} = {shown}（文中 {t.text}）", refs,
        Msg(zh, en, t.text, shown),
    )  # fmt: skip
    return as_warning(j)


def fmt_q_sum(total: object, t: Q) -> str:
    from fractions import Fraction

    from briefing.checks.engine import fmt

    assert isinstance(total, Fraction)
    return fmt(total / t.scale, max(t.decimals, 0))


SUBSET_CODE = "BR103"
SUBSET_NAME = "subset"


def propose_subsets(ctx: Context) -> Iterator[Judged]:
    """其中-parts and their totals read with evidence (to be built)."""
    return iter(())
