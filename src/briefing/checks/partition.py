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
import tomllib
from collections.abc import Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.checks.engine import (
    Context,
    Judged,
    Msg,
    Q,
    judge,
    lo_at_most_hi,
    paren_depth,
    ref,
    relation,
)
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
    depth = [paren_depth(ctx.norm, t.end, q.start) for q in after]
    for k in range(2, min(len(after), _MAX_PARTS) + 1):
        run = list(after[:k])
        if len(set(depth[:k])) > 1:
            break  # parts inside a parenthesis and outside it: two lists, not one
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

_DATA = Path(__file__).resolve().parents[1] / "data" / "partition.toml"


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The language knowledge of ``data/partition.toml`` (loaded once)."""
    with _DATA.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    c = cues()["subset"]

    def alt(words: Sequence[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return {
        "open": re.compile(rf"(?:{alt(c['open'])})(?P<colon>[：:])?[，,]?"),
        "threshold": re.compile(rf"^(?:{alt(c['threshold_after'])})(?:的)?[\u4e00-\u9fff]"),
        "prior": re.compile(alt(c["prior"])),
        "plan": re.compile(alt(c["plan"])),
        "reset": re.compile(rf"[，,](?:{alt(c['list_end'])})"),
    }


def _is_threshold(ctx: Context, q: Q) -> bool:
    """``5000万元以上项目``: a size threshold, neither a part nor a total."""
    return bool(_patterns()["threshold"].match(ctx.norm, q.end, q.end + 8))


def _countable(ctx: Context, q: Q) -> bool:
    """A figure that can be a part or a total of a subset: a stated amount, not a share,
    a change, an average or a threshold."""
    if q.family in ("%", "pp"):
        return False
    if is_change(ctx, q) or _is_threshold(ctx, q):
        return False
    lab = ctx.label(q)
    return not ("平均" in lab or "人均" in lab or "均价" in lab)


def _close_of(norm: str, a: int, limit: int) -> int:
    """The bracket closing the one open at ``a`` (or -1)."""
    d = 1
    for m in re.finditer(r"[(（)）]", norm[a:limit]):
        if m.group() in "(（":
            d += 1
        else:
            d -= 1
            if d == 0:
                return a + m.start()
    return -1


def _open_of(norm: str, a: int, floor: int) -> int:
    """The bracket still open at ``a`` (or -1)."""
    d = 0
    for i in range(a - 1, floor - 1, -1):
        ch = norm[i]
        if ch in ")）":
            d += 1
        elif ch in "(（":
            if d == 0:
                return i
            d -= 1
    return -1


def _top_semis(norm: str, a: int, b: int) -> list[int]:
    """Positions of ；/; at bracket depth 0 in norm[a:b]."""
    out, d = [], 0
    for m in re.finditer(r"[(（)）；;]", norm[a:b]):
        ch = m.group()
        if ch in "(（":
            d += 1
        elif ch in ")）":
            d = max(0, d - 1)
        elif d == 0:
            out.append(a + m.start())
    return out


def _group_before(ctx: Context, pos: int, si: int) -> tuple[int, int]:
    """The clause group (between top-level semicolons) that ends at ``pos``."""
    s = ctx.sents[si]
    semis = [x for x in _top_semis(ctx.norm, s.start, pos)]
    return (semis[-1] + 1 if semis else s.start, pos)


def _prev_group(ctx: Context, lo: int, si: int) -> tuple[int, int] | None:
    """The clause group before the one starting at ``lo`` (the previous sentence's last
    group when ``lo`` starts its sentence) in the same paragraph."""
    s = ctx.sents[si]
    if lo > s.start:
        semis = _top_semis(ctx.norm, s.start, lo - 1)
        return (semis[-1] + 1 if semis else s.start, lo - 1)
    if si == 0:
        return None
    ps = ctx.sents[si - 1]
    if ctx.para_of(ps.start) != ctx.para_of(s.start) and ctx.norm[ps.end : s.start].count("\n") > 2:
        return None
    semis = _top_semis(ctx.norm, ps.start, ps.end)
    return (semis[-1] + 1 if semis else ps.start, ps.end)


def _subset_judged(p: Q, t: Q, sure: bool) -> Judged:
    refs = [ref(p, "part"), ref(t, "whole")]
    if lo_at_most_hi(p, "strict", t, "rounding", True):
        return relation(SUBSET_CODE, SUBSET_NAME, "consistent", f"{p.written} ≤ {t.written}", refs)
    zh = f"其中部分 {p.text} 大于总数 {t.text}（{p.written} > {t.written}）"
    en = f"a part ({p.text}) exceeds its total ({t.text})"
    if not sure:
        zh += "，请核对归属或数字"
        en += " (if it is a part of it)"
    j = relation(
        SUBSET_CODE, SUBSET_NAME, "inconsistent", f"{p.written} > {t.written}", refs,
        Msg(zh, en, p.written, f"≤ {t.written}"),
    )  # fmt: skip
    return j if sure else as_warning(j)


def _kin(p: Q, t: Q) -> bool:
    return p.family == t.family and _base(p.unit) == _base(t.unit)


def _base(u: str) -> str:
    for prefix in ("万亿", "亿", "千万", "百万", "万", "千"):
        if u.startswith(prefix) and len(u) > len(prefix):
            return u[len(prefix) :]
    return u


def _plain_head(ctx: Context, q: Q, lo: int) -> bool:
    """Can ``q`` (in a head starting at ``lo``) be the total of a 其中 list?"""
    if not _countable(ctx, q) or paren_depth(ctx.norm, lo, q.start) > 0:
        return False
    lab = ctx.label(q)
    pat = _patterns()
    return not pat["prior"].search(lab) and ctx.norm[q.end : q.end + 1] != "的"


def _pair_subsets(
    ctx: Context, parts: Sequence[Q], heads: Sequence[Q], adjacent: Q | None, clause_lo: int
) -> Iterator[tuple[Q, Q, str]]:
    """(part, total, how sure) for the parts of one 其中 list and the figures of its
    head: by family; one total of the family → every part against it; as many totals as
    parts → position by position; else the total whose label shares most with the
    part's, when one does."""
    fams: dict[tuple[str, str], list[Q]] = {}
    for p in parts:
        fams.setdefault((p.family, _base(p.unit)), []).append(p)
    for key, ps in fams.items():
        ts = [t for t in heads if (t.family, _base(t.unit)) == key]
        if adjacent is not None and (adjacent.family, _base(adjacent.unit)) == key:
            ts = [adjacent]
        near = [t for t in ts if t.start >= clause_lo]
        if len(near) == 1:
            ts = near  # the total in the clause right before the list
        if not ts:
            continue
        plan = _patterns()["plan"]
        if len(ts) == 1:
            t = ts[0]
            t_plan = bool(plan.search(ctx.label(t)))
            for i, p in enumerate(ps):
                if t_plan and _DONE_WORD.search(ctx.label(p)) and not plan.search(ctx.label(p)):
                    continue  # done against a plan: 超额完成 is allowed
                # a later item that shares no word with the total may measure something
                # (批发业销售额 after 其中 under 社会消费品零售总额): only read if it holds
                if i == 0:
                    yield p, t, "sure"
                elif _words_shared(ctx, p, t):
                    # a later item of a parenthesis is surely a part; after 其中 in
                    # running text the list may have ended before it
                    yield p, t, "sure" if adjacent is not None else "unsure"
                else:
                    yield p, t, "unlike"
            continue
        if len(ts) == len(ps):
            for p, t in zip(ps, ts, strict=True):
                yield p, t, "unsure"
            continue
        for p in ps:
            la = label_atoms(ctx, p) - _GENERIC
            scored = sorted(
                (
                    (len(la & (label_atoms(ctx, t) - _GENERIC)), -abs(p.start - t.start), t)
                    for t in ts
                ),
                key=lambda x: (x[0], x[1]),
                reverse=True,
            )
            if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                yield p, scored[0][2], "unsure"


_DONE_WORD = re.compile(r"完成|已|实现|实际|累计")
_VERB_END = re.compile(r"(?:为|达到|达|是|完成|实现|共|有|共计|合计)+$")


def _words_shared(ctx: Context, a: Q, b: Q) -> bool:
    """Do the labels of two figures share a word (an atom of two characters or more)?"""
    common = (label_atoms(ctx, a) & label_atoms(ctx, b)) - _GENERIC
    if any(len(x) >= 2 for x in common):
        return True
    la, lb = _VERB_END.sub("", ctx.label(a)), _VERB_END.sub("", ctx.label(b))
    grams = {la[i : i + 2] for i in range(len(la) - 1)}
    return any(lb[i : i + 2] in grams for i in range(len(lb) - 1))


_GENERIC = frozenset(("完成", "实现", "达到", "共", "全", "总", "有"))


def propose_subsets(ctx: Context) -> Iterator[Judged]:
    """Parts of a total judged ``part ≤ total``: the figures of a 其中 list (after the
    total, or in parentheses right after it) against the figure of the same family
    and measure stated before the list — in the clause group before 其中, or the one
    before that when 其中 opens its group.  Semicolon siblings keep their own totals.
    A part that exceeds its total is an error when the total is the only figure of
    its family in the head, else a warning.

    Example::

        全市施工项目156个，其中新开工项目48个 → 48 ≤ 156: consistent
    """
    norm = ctx.norm
    pat = _patterns()["open"]
    seen: set[tuple[int, int]] = set()
    listed: set[int] = set()  # the parts of the lists read so far: no totals of later ones
    for m in pat.finditer(norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        sent = ctx.sents[si]
        adjacent: Q | None = None
        op = _open_of(norm, m.start(), sent.start)
        if op >= 0:
            close = _close_of(norm, op + 1, min(len(norm), op + 200))
            if close < 0:
                continue
            scope = [(m.end(), close)]
            head = _group_before(ctx, op, si)
            cs = ctx.rfind_any("，,；;：:", head[0], op) + 1
            if any(_plain_head(ctx, q, cs) for q in ctx.in_span(cs, op)):
                head = (max(cs, head[0]), op)  # the clause the parenthesis closes
            before = [q for q in ctx.in_span(head[0], op) if q.end == op]
            if before:
                adjacent = before[0]
        else:
            end = sent.end
            opens = not norm[sent.start : m.start()].strip(" ，,：:\n")
            if not (m.group("colon") or opens):
                semis = _top_semis(norm, m.end(), end)
                if semis:
                    end = semis[0]
            reset = _patterns()["reset"].search(norm, m.end(), end)
            if reset is not None and not m.group("colon"):
                end = reset.start() + 1  # a new total (，总投资…) closes the list
            scope = []
            a = m.end()
            for cut in [*_top_semis(norm, m.end(), end), end]:
                nested = pat.search(norm, a, cut)
                scope.append((a, nested.start() if nested else cut))
                a = cut + 1
            head = _group_before(ctx, m.start(), si)
        parts = [
            q
            for a, b in scope
            for q in ctx.in_span(a, b)
            if _countable(ctx, q)
            and paren_depth(norm, a, q.start) == 0
            and norm[q.end : q.end + 1] != "的"  # 超过5000个的有…: a threshold
        ]
        if not parts:
            continue
        # the groups where the total may stand, nearest first: the clause group before
        # 其中, then the groups before it (back into the previous sentence)
        groups = [head]
        while len(groups) < 4:
            g = groups[-1]
            gi = ctx.sentence_index(g[0])
            if gi is None or gi < si - 1:
                break
            prev = _prev_group(ctx, g[0], gi)
            if prev is None or ctx.sentence_index(prev[0]) not in (si, si - 1):
                break
            groups.append(prev)
        opens_group = op < 0 and not norm[head[0] : m.start()].strip(" ，,：:\n")
        heads: list[Q] = []
        far: set[int] = set()  # heads of a group before the 其中's own
        for key in {(p.family, _base(p.unit)) for p in parts}:
            for k, g in enumerate(groups):
                hs = [
                    q
                    for q in ctx.in_span(*g)
                    if (q.family, _base(q.unit)) == key
                    and _plain_head(ctx, q, g[0])
                    and q.start not in listed
                ]
                if hs:
                    heads += hs
                    if k > (1 if opens_group else 0):
                        far.update(q.start for q in hs)
                    break
        heads.sort(key=lambda q: q.start)
        listed.update(p.start for p in parts)
        at = op if op >= 0 else m.start()
        while at > sent.start and norm[at - 1] in " ，,：:":
            at -= 1
        clause_lo = ctx.rfind_any("，,；;：:。\n", 0, at) + 1
        siblings = op < 0 and head[0] > sent.start and not opens_group
        for p, t, sure in _pair_subsets(ctx, parts, heads, adjacent, clause_lo):
            if (p.start, t.start) in seen or p is t:
                continue
            if (siblings or t.start in far) and not _words_shared(ctx, p, t):
                continue  # 其中 after the last of parallel clauses may list parts of them all
            if t.start in far and sure == "sure":
                sure = "unsure"
            j = _subset_judged(p, t, sure == "sure")
            if sure == "unlike" and j.relation.status != "consistent":
                continue
            seen.add((p.start, t.start))
            yield j
