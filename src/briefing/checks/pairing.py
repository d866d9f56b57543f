"""Ranked pairing with arithmetic as evidence (BR101 shares and rates).

For every stated share (``占…的P%``, ``完成…的P%``, ``X率为P%``, ``占比P%``) the
admissible readings are generated — a part before the rate in its sentence, a whole of
the same family stated earlier in the paragraph (or inside the rate's own phrase) —
and ranked by linguistic evidence: how near the part is, and how well the whole's
canonical metric key (:mod:`briefing.extraction.metric_keys`) matches what the rate
names.  Where several readings remain, the one whose arithmetic agrees is the reading.

Verdicts an editor can trust:

- a reading that agrees → a consistent relation;
- no reading agrees and the best one is unambiguous (the part next to the rate, one
  whole whose metric is the one named) → an inconsistent relation (error);
- no reading agrees, several were admissible → a warning naming the readings tried;
- the whole is named but never stated → unverifiable (info), with the implied whole.

``分别占年计划的52.6%、47.3%`` pairs position by position with the parts listed before.

Example::

    年度计划投资41.60亿元，1-8月累计完成投资26.3亿元，占年度投资计划的63.22%
    → 26.3 ÷ 41.6 = 63.22%（文中 63.22%）: consistent
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from briefing.checks.context import last_of
from briefing.checks.engine import (
    QIZHONG,
    SEMI,
    Context,
    Judged,
    Msg,
    Q,
    Verdict,
    config,
    fmt_implied,
    holds,
    implied_decimals,
    judge,
    paren_depth,
    ref,
    relation,
    share_of,
)
from briefing.checks.evidence import (
    as_warning,
    is_change,
    iv,
    label_atoms,
    slip_relation,
    slip_to,
    slips,
)
from briefing.checks.ratio import judge_share, share_relation, sum_subject
from briefing.extraction.metric_keys import as_total_of, atoms, lendable, whole_atoms
from briefing.model import Finding

CODE = "BR101"
NAME = "ratio"

_CLAUSE_BREAKS = "，,；;：:。！？!?\n"
# a share whose whole is named: 占全省的12%, 占税收收入的58.43%, 完成年度计划的47.9%
_SHARE_OF = re.compile(
    r"(?:(?P<zhan>占|相当于|只占|仅占)(?P<phrase>[^，,；;：:。占]{1,16}?)(?:的)?"
    r"|(?P<verb>完成|为|达到|达|是|实现|仅为|超过)(?P<phrase2>[^，,；;：:。占]{1,16}?)的)"
    r"(?:比重|比例|份额)?(?:分别)?(?:提升至|提高到|上升至|为|达到|达|是)?(?:分别)?$"
)
# a share with no whole named: 占比12%, 占12%, 比重为12%
_SHARE_BARE = re.compile(
    r"(?:占比|占|(?:^|[^\u4e00-\u9fff]|所占)(?:比重|比例|份额))(?:分别)?(?:为|达到|达|是)?(?:分别)?$"
)
# a named rate: 开工率为88%, 完成率分别为51.7%
_NAMED = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{1,8}?(?:率|比例|占比|进度))(?:分别)?(?:为|达到|达|是)?(?:分别)?$"
)
_CHANGE = re.compile(
    r"(?:同比|环比|比上年|比去年|较上年|较去年|增长|下降|增幅|降幅|增速|提高|上升|回落|减少|增加|"
    r"回升|下滑|拉动|贡献)"
)
_LIST_SEP = "、和及与"
# a share's move from an earlier period's value: 比重由上年同期的47.6%下降至44.9%
_FROM = re.compile(r"由[^，,；;。！？由]{0,10}$")
_FROM_TO = re.compile(
    r"由[^，,；;。！？由]{0,10}?-?\d+(?:\.\d+)?%(?:下降|降低|回落|减少|下滑|提高|提升|上升|增加|增长)?"
    r"(?:至|到|为)$"
)


@dataclass(slots=True)
class Cue:
    """A share cue: its kind, the phrase naming the whole, its inner figures, where."""

    kind: str  # "of" (whole named), "bare" (占比), "named" (X率)
    phrase: str  # the whole's phrase (of) or the rate's name (named)
    inner: list[Q]  # figures inside the phrase (占任务100万亩的)
    at: int  # where the cue starts (the part is before it)


_SHARE_TAIL = re.compile(r"(?:占|比重|比例|率)[^，]{0,4}$")


_CLAUSE_REACH = 64  # a clause break is sought by one match this far back, then walked to


def _clause_start(norm: str, pos: int, floor: int) -> int:
    """Just after the last clause break in norm[floor:pos] (``floor`` if none; ``pos``
    itself if ``pos <= floor``): one match over the last characters, then a walk back."""
    near = max(floor, pos - _CLAUSE_REACH)  # (a match runs over its whole span)
    if pos > near and floor >= 0:
        m = last_of(_CLAUSE_BREAKS).match(norm, near, pos)
        if m is not None:
            return m.end()
        pos = near  # none in the last characters: walk back from there
    i = pos - 1
    while i >= floor and norm[i] not in _CLAUSE_BREAKS:
        i -= 1
    return i + 1


def _list_head(ctx: Context, p: Q, sent_start: int) -> tuple[int, int]:
    """For the k-th percentage of a 、-list (43.2%、37.8%), the start of the first one
    and k; (p.start, 0) when p is not in such a list."""
    norm = ctx.norm
    k = 0
    head = p.start
    prev = [q for q in ctx.in_span(sent_start, p.start) if q.family == "%"]
    for q in reversed(prev):
        between = norm[q.end : head]
        if between and all(c in _LIST_SEP for c in between) and q.qualifier is None:
            head = q.start
            k += 1
        else:
            break
    return head, k


def _cue(ctx: Context, p: Q, head: int, sent_start: int) -> Cue | None:
    norm = ctx.norm
    cs = max(sent_start, ctx.rfind_any(_CLAUSE_BREAKS, sent_start, head) + 1)
    clause = norm[cs:head]
    if not clause.strip():
        return None
    zhan = clause.find("占")
    if zhan > 0 and not ctx.in_span(cs, cs + zhan) and sum_subject(clause[:zhan]):
        return None  # 两税合计占税收收入的59.8%: the part is a sum, not a figure stated
    if _FROM.search(clause):
        return None  # 比重由上年同期的47.6%…: the earlier period's share
    m = _FROM_TO.search(clause)
    if m is not None:
        # 占全省投资的比重由上年同期的47.6%下降至44.9%: the share is the one it moved to
        clause = clause[: m.start()]
        if not clause.strip():
            return None
    tail = clause[-12:]
    if _CHANGE.search(tail) and not _SHARE_TAIL.search(tail):
        return None
    m = _SHARE_OF.search(clause)
    if m is not None:
        g = "phrase" if m.group("zhan") else "phrase2"
        phrase = m.group(g)
        a, b = cs + m.start(g), cs + m.end(g)
        inner = [q for q in ctx.in_span(a, b) if q.family not in ("%", "pp")]
        if phrase.strip("的 ") and phrase.strip("的 ") not in ("比", "比重", "比例"):
            return Cue("of", phrase, inner, cs + m.start())
    m = _SHARE_BARE.search(clause)
    if m is not None:
        return Cue("bare", "", [], cs + m.start())
    m = _NAMED.search(clause)
    if m is not None:
        name = m.group("name")
        rates = config()["rates"]
        not_shares = set(rates["not_shares"])
        if name in not_shares or any(name.endswith(n) for n in not_shares if len(n) >= 2):
            return None
        if name.endswith("进度") or "平均" in name or "人均" in name:
            return None  # 时间进度 is a baseline (BR106); an average is not a share
        return Cue("named", name, [], cs + m.start())
    return None


_PLAN_WORD = re.compile(r"计划|目标|预算|任务")
_DONE_WORD = re.compile(r"完成|实现|达到|已")


def _is_plan(ctx: Context, q: Q) -> bool:
    """Is the figure a plan (年度计划完成投资386.5亿元), not an achievement that mentions
    one (已完成全年目标的有5项)?"""
    norm = ctx.norm
    lo = max(0, q.start - 24)
    m = last_of("，,；;。：:\n").match(norm, lo, q.start)
    cut = m.end() - 1 if m is not None else -1
    text = norm[cut + 1 : q.start]
    plans = list(_PLAN_WORD.finditer(text))
    if not plans:
        return False
    done = _DONE_WORD.search(text, 0, plans[-1].start())
    return done is None


def _list_floor(ctx: Context, lo: int, at: int) -> int:
    """Where a 分别 list before ``at`` starts: just after the last 其中 in norm[lo:at]."""
    i = ctx.norm.rfind("其中", lo, at)
    return lo if i < 0 else i + 2


def _parts(ctx: Context, p: Q, cue: Cue, k: int, sent_start: int, lo: int) -> list[Q]:
    """Part candidates, best first: figures before the cue in the sentence (the k-th of a
    parallel list when the rate is the k-th of a 分别 list)."""
    before = [
        q
        for q in ctx.in_span(lo, cue.at)
        if q.family not in ("%", "pp") and q not in cue.inner and not is_change(ctx, q)
    ]
    plan = atoms(cue.phrase) & _PLAN_ATOMS if cue.kind == "of" else frozenset()
    nearest_is_plan = False
    if plan and before:
        # 年度计划完成投资386.5亿元，已完成年度计划的52.7%: a plan is the whole, not a part
        nearest_is_plan = _is_plan(ctx, before[-1])
        before = [q for q in before if not _is_plan(ctx, q)]
    if not before or nearest_is_plan:
        # 完成年度计划的46.2%，完成投资118.3亿元: the part right after the rate, in the
        # same clause group and with no share of its own
        end = min(p.end + 24, len(ctx.norm))
        stop = min(
            (i for i in (ctx.norm.find(c, p.end, end) for c in "；;。") if i >= 0), default=end
        )
        after = [q for q in ctx.in_span(p.end, stop)]
        after = [q for q in after if q.family not in ("%", "pp") and not is_change(ctx, q)]
        if after and any(x.family == "%" for x in ctx.in_span(after[0].end, stop)):
            after = []
        if not before or after:
            return after[:1]
    before.reverse()  # nearest first
    if k or "分别" in ctx.norm[_clause_start(ctx.norm, cue.at, sent_start) : p.start]:
        # parallel lists: group the figures of the nearest family run (after a 其中 that
        # opens the list: the figure before it is the whole, 总投资527.3亿元，其中…)
        cut = _list_floor(ctx, lo, cue.at)
        before = [q for q in before if q.start >= cut] or before
        fam = before[0].family
        run = [q for q in before if q.family == fam]
        run.reverse()
        return [q for q in run]  # positional choice by caller
    return before[:4]


_MONEY_ATOMS = frozenset(("投资", "资金", "收入", "支出"))
_PLAN_ATOMS = frozenset(("计划", "目标", "预算"))


# words that say whose or how much of it, not what is measured (全市, 总任务)
_SOFT = frozenset(("总", "全", "市", "省", "县", "区", "国", "镇", "我", "本"))


def _target(ctx: Context, cue: Cue, part: Q) -> frozenset[str]:
    if cue.kind == "of":
        t = whole_atoms(cue.phrase, part.fig.metric)
    elif cue.kind == "named":
        t = atoms(re.sub(r"(?:率|比例|占比)$", "", cue.phrase))
    else:
        t = atoms(part.fig.metric)
    return t - _SOFT


# A whole is sought among the figures stated before the rate, at most this many back
# (real bulletins hold at most about a hundred figures in all): a bound that keeps a
# long document's cost in proportion to its length.
_WHOLE_REACH = 128

# a figure stated as a total: 共55项, 合计3200万元, 总计…
_TOTAL_BEFORE = re.compile(r"(?:共|共计|合计|总计|总数为?|总量为?)$")
_PLAN_CUT = re.compile(r"[。；;！？!?\n]|其中")

_VERB_ATOMS = frozenset(("已", "完成", "开工", "竣工", "投产", "签约", "到位", "办结", "受理"))


def _nouns(ctx: Context, q: Q) -> frozenset[str]:
    """The atoms of a figure's label and metric that name things (not verbs)."""
    return label_atoms(ctx, q) - _VERB_ATOMS


def _plan_rates() -> tuple[str, ...]:
    """Named rates whose whole is the period's plan (完成率), from data/checks.toml."""
    return tuple(config()["rates"].get("of_plan", ()))


def _in_parens(ctx: Context, q: Q) -> bool:
    """Is the figure inside brackets opened in its paragraph?  Found once per position."""
    cache = ctx.table("pairing.in_parens")
    hit = cache.get(q.start)
    if hit is None:
        hit = cache[q.start] = paren_depth(ctx.norm, ctx.para_of(q.start)[0], q.start) > 0
    return hit  # type: ignore[no-any-return]


def _wholes(
    ctx: Context, part: Q, p: Q, cue: Cue, para_lo: int, exclude: Sequence[Q] = ()
) -> list[tuple[float, Q]]:
    """Whole candidates with their evidence score, best first: the figure inside the
    rate's phrase, else figures of the part's family stated before the rate, scored by
    how much of what the rate names their label holds (1 + 1 when all of it) and how
    near they are."""
    out: list[tuple[float, Q]] = []
    if cue.inner:
        for q in cue.inner:
            if q.family == part.family:
                out.append((3.0, q))
        return out
    target = _target(ctx, cue, part)
    of_plan = cue.kind == "named" and cue.phrase.endswith(_plan_rates())
    if of_plan:
        # 投资完成率: completed ÷ the period's plan of what the rate names (年度投资计划)
        target = ((target | (atoms(part.fig.metric) & lendable())) - _VERB_ATOMS) | {"计划"}
    elif cue.kind == "named":
        # 开复工项目64项 … 开复工率: the whole counts the same things (项目), not the verb
        target = (label_atoms(ctx, part) - target - _SOFT) & _nouns(ctx, part)
    siblings: dict[int, str] = ctx.cache.get("pairing.share_parts", {})
    inner_of: dict[int, int] = ctx.cache.get("pairing.inner_wholes", {})
    # (loop invariants hoisted: a rate's neighbourhood holds up to 2 × _WHOLE_REACH figures)
    family, kind, phrase, pstart = part.family, cue.kind, cue.phrase, part.start
    after_ok = kind == "named" or pstart >= p.start  # may a whole come after the part?
    whole_words = target | atoms(phrase) if target else target
    for q in ctx.near(p, 0, p.start, _WHOLE_REACH):
        if q is part or q.family != family or q in exclude or is_change(ctx, q):
            continue
        if kind == "of" and siblings.get(q.start) == phrase:
            continue  # the part of a parallel share (有5项，占任务总数的25%；有6项，占…)
        if q.start > pstart and not after_ok:
            continue
        if q.start in inner_of and QIZHONG.search(ctx.norm, inner_of[q.start], pstart):
            continue  # 占总任务250万亩的103.6%。其中…占任务的101.2%: sub-tasks, not the total
        if _in_parens(ctx, q):
            continue  # a figure in parentheses is a part of its own total
        score = 0.0
        if target:
            la = as_total_of(label_atoms(ctx, q), whole_words)
            hits = float(len(target & la))
            # a target named where a plan is stated (目标任务 / 计划) is half a match
            if target & _PLAN_ATOMS and not (target & la & _PLAN_ATOMS) and la & _PLAN_ATOMS:
                hits += 0.5
            held = hits / len(target)
            score = held + (1.0 if held == 1.0 else 0.0)
            if of_plan and "总" in la and "年度" not in la:
                score = held  # 计划总投资 is the projects' total, not the period's plan
        near = q.start >= para_lo
        if not near and score < 0.75:
            continue  # a whole stated far away needs its metric named
        if (
            cue.kind == "bare"
            and q.start < part.start
            and _TOTAL_BEFORE.search(ctx.norm, max(0, q.start - 3), q.start)
        ):
            score += 1.0  # 任务共55项。…达到序时进度的44项，占比80.0%: the stated total
        if cue.kind == "bare" and _counts_all_of(ctx, q, part):
            score += 2.0  # 共受理各类来电1850件 … 等来电95件，占比5.1%: the total of its noun
        score += 0.3 / (1 + abs(part.start - q.start) / 60)
        out.append((score, q))
    if cue.kind == "of" and target & _PLAN_ATOMS:
        # 分别完成年度目标的72%和55%。…全年计划新开工18万套，基本建成11万套: a plan
        # stated after the rate, in the next two sentences — weaker, arithmetic decides
        si = ctx.sentence_index(p.start)
        if si is not None:
            # at most the reach of a whole: a text without sentence stops is one sentence
            hi = min(ctx.sents[min(len(ctx.sents) - 1, si + 2)].end, p.end + 2 * _WHOLE_REACH)
            last_plan: Q | None = None
            for q in ctx.in_span(p.end, hi):
                if q.family != part.family or q in exclude or is_change(ctx, q):
                    continue
                la = label_atoms(ctx, q)
                if la & _PLAN_ATOMS and _is_plan(ctx, q):
                    out.append((0.2, q))
                    last_plan = q
                elif last_plan is not None and not _PLAN_CUT.search(
                    ctx.norm, last_plan.end, q.start
                ):
                    # 计划新开工18万套，基本建成11万套: the plan word governs the
                    # parallel clauses after it
                    out.append((0.2, q))
                    last_plan = q
                else:
                    last_plan = None
    out.sort(key=lambda t: -t[0])
    return out[:10]


_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,12}$")


def _counts_all_of(ctx: Context, q: Q, part: Q) -> bool:
    """Does ``q`` count all the things ``part`` counts: the same noun right before both
    figures (two characters: 来电), and before ``q``'s noun a word saying all of them
    (各类来电, ``data/checks.toml`` [rates] bare_whole_words) that ``part`` lacks?"""
    norm = ctx.norm
    mp = _HAN_BEFORE.search(norm, max(0, part.start - 12), part.start)
    mq = _HAN_BEFORE.search(norm, max(0, q.start - 12), q.start)
    if mp is None or mq is None:
        return False
    noun, words = mp.group()[-2:], mq.group()
    if not words.endswith(noun):
        return False
    alls = config()["rates"].get("bare_whole_words", ())
    head = words[: -len(noun)]
    return any(head.endswith(w) for w in alls) and not any(w in mp.group() for w in alls)


def _judge(part: Q, whole: Q, p: Q) -> Judged:
    """``part ÷ whole`` against the stated rate: the ratio rule's own judgement."""
    return judge_share(part, whole, p)


def propose(ctx: Context) -> Iterator[Judged | Finding]:
    """Readings of every stated share (see module doc), then structures (三次产业结构)."""
    yield from _consensus(ctx, list(_propose_shares(ctx)))
    yield from propose_structures(ctx)


def _rate_of(item: Judged | Finding) -> int | None:
    figs = item.relation.figures if isinstance(item, Judged) else item.figures
    return next((f.start for f in figs if f.role == "rate"), None)


def _consensus(ctx: Context, items: list[Judged | Finding]) -> list[Judged | Finding]:
    """Parallel shares (…到位资金5.4亿元，占比67.5%；…到位资金2.6亿元，占比32.5%) are
    shares of one whole: when most of them agree with one whole W, a sibling read with
    another whole (a low-precision part agrees with many) or with none is read with W and
    the part that measures what the others' parts measure; if that reading does not
    agree, it is a warning, not a consistent reading of a stray whole."""
    meta: dict[int, tuple[tuple[int, str, str], int, Q]] = ctx.cache.get("pairing.cues", {})
    if not meta:
        return items
    by_start = {q.start: q for q in ctx.qs}
    readings: dict[tuple[int, str, str], list[tuple[int, int, int]]] = {}
    for it in items:
        if not isinstance(it, Judged) or it.relation.status != "consistent":
            continue
        roles = {f.role: f.start for f in it.relation.figures}
        if roles.get("rate") in meta and "whole" in roles and "part" in roles:
            group = meta[roles["rate"]][0]
            readings.setdefault(group, []).append((roles["rate"], roles["part"], roles["whole"]))
    members_of: dict[tuple[int, str, str], list[int]] = {}  # by group, in meta's order
    for r, m in meta.items():
        members_of.setdefault(m[0], []).append(r)
    replace_at: dict[int, Judged] = {}
    for group, reads in readings.items():
        members = members_of.get(group, [])
        counts: dict[int, int] = {}
        for _, _, w in reads:
            counts[w] = counts.get(w, 0) + 1
        w_start, n = max(counts.items(), key=lambda t: t[1])
        if n < 2 or 2 * n <= len(members) or w_start not in by_start:
            continue
        whole = by_start[w_start]
        labels = {label_atoms(ctx, by_start[pt]) for r, pt, w in reads if w == w_start}
        # parts labelled alike: the one of that label; parts each named in its own words
        # (…等来电47件，占比1.6%；…等来电39件，占比1.3%): the figure in the rate's clause
        label = next(iter(labels)) if len(labels) == 1 else None
        done = {r for r, _, w in reads if w == w_start}
        for r in members:
            if r in done:
                continue
            _, lo, p = meta[r]
            if label is None:
                lo = max(lo, ctx.rfind_any("；;。\n", lo, p.start) + 1)
            parts = [
                q
                for q in ctx.in_span(lo, p.start)
                if q.family == whole.family
                and q is not whole
                and (label is None or label_atoms(ctx, q) == label)
            ]
            if label is None:
                parts = parts[-1:]
            if not parts:
                continue
            j = _judge(parts[-1], whole, p)
            if j.relation.status != "consistent":
                j = as_warning(j)
            replace_at[r] = j
    if not replace_at:
        return items
    out: list[Judged | Finding] = [it for it in items if _rate_of(it) not in replace_at]
    out.extend(replace_at.values())
    return out


# ---------------------------------------------------------------------------
# Structures: 三次产业结构为9.4:38.7:51.9, 构成调整为18.62%、31.05%和50.33%
# ---------------------------------------------------------------------------

# starts where a digit run starts and keeps it whole (possessive): a search from inside a
# long run of digits would otherwise rescan the rest of it from every digit (quadratic)
_NUM = r"(?<!\d)\d++(?:\.\d++)?"
_STRUCT_COLON = re.compile(rf"{_NUM}(?:\s*[:：∶]\s*{_NUM}){{2,4}}")
_STRUCT_PCT = re.compile(rf"{_NUM}%(?:\s*[、和及与]\s*{_NUM}%){{2,4}}")
_STRUCT_CUE = re.compile(r"结构|构成|比重|比例|占比")
_STRUCT_PRIOR = re.compile(r"\s*(?:变化为|调整为|变为|转变为|优化为|调整到|变化到)")


def _structure_components(ctx: Context) -> Iterator[list[Q]]:
    """The stated components of each current structure (a 由A调整为B's B only)."""
    by_start = {q.start: q for q in ctx.qs}
    norm = ctx.norm
    # a structure of colons holds two of them at least, one of percentages three "%":
    # a text with fewer is not searched for it
    pats = []
    if norm.count(":") + norm.count("：") + norm.count("∶") >= 2:
        pats.append(_STRUCT_COLON)
    if norm.count("%") >= 3:
        pats.append(_STRUCT_PCT)
    for pat in pats:
        for m in pat.finditer(norm):
            if _STRUCT_PRIOR.match(norm, m.end()):
                continue  # the previous period's structure
            lo = max(0, m.start() - 24)
            after_prior = re.search(
                r"(?:变化为|调整为|变为|转变为|优化为|调整到|变化到)\s*$", norm[lo : m.start()]
            )
            if not after_prior and not _STRUCT_CUE.search(norm, lo, m.start()):
                continue  # 1:2:3 or a list of rates without 结构/比重: not a structure
            comps = []
            for n in re.finditer(_NUM, m.group()):
                q = by_start.get(m.start() + n.start())
                if q is None:
                    break
                comps.append(replace(q, family="%", kind="percent", memo=None, _fmemo=None))
            else:
                yield comps


def propose_structures(ctx: Context) -> Iterator[Judged]:
    """Each component of a structure is a share of the parts listed before it: the n
    parts (n consecutive figures of one family, 第一/二/三产业…) and their whole (a
    stated total, or their sum) that make the shares agree are the reading; then every
    component is judged, and the components must add to 100."""
    from briefing.checks.engine import Interval, add_all

    for comps in _structure_components(ctx):
        n = len(comps)
        si = ctx.sentence_index(comps[0].start)
        if si is None:
            continue
        lo = ctx.sents[max(0, si - 12)].start
        before = [
            q
            for q in ctx.in_span(lo, comps[0].start)
            if q.family not in ("%", "pp", "个") and not is_change(ctx, q)
        ]
        best: tuple[int, list[Q], Q | None] | None = None
        by_family: dict[str, list[Q]] = {}
        for q in before:
            by_family.setdefault(q.family, []).append(q)
        for group in by_family.values():
            group = group[-14:]
            # the parts of a structure add up to its whole: parts in order (sub-parts such
            # as 工业 within 第二产业 may stand between them) whose sum is a stated figure
            for idx in itertools.combinations(range(len(group)), n):
                run = [group[i] for i in idx]
                for stated in reversed(group[: idx[0]][-6:]):  # nearest first
                    if not holds(add_all, run, stated):
                        continue
                    agree = sum(
                        holds(share_of, [part, stated], c)
                        for part, c in zip(run, comps, strict=True)
                    )
                    score = agree + n  # a partition of a stated whole outranks any run
                    if agree >= 1 and (best is None or score > best[0]):
                        best = (score, run, stated)
            for i in range(len(group) - n + 1):
                run = group[i : i + n]
                wholes: list[Q | None] = [*[q for q in group[:i] if q.fvalue() > 0][-6:], None]
                for whole in wholes:
                    agree = 0
                    for part, c in zip(run, comps, strict=True):
                        if whole is None:
                            ok = holds(lambda a, *rest: a / add_all(*rest) * 100, [part, *run], c)
                        else:
                            ok = holds(share_of, [part, whole], c)
                        agree += ok
                    if agree >= max(2, n - 1) and (best is None or agree > best[0]):
                        best = (agree, run, whole)
        if best is not None:
            _, run, whole = best
            for part, c in zip(run, comps, strict=True):
                if whole is None:
                    continue  # the whole is only implied by the sum: the sum check below
                j = _judge(part, whole, c)
                if j.relation.status == "inconsistent":
                    # the others agree: this one is a slip, or its part is not the next
                    # figure of the run (a warning, not an error)
                    j = as_warning(j)
                yield j
        v = judge(add_all, comps, Interval(Fraction(100), Fraction(100)))
        if v.status == "consistent":
            refs = [ref(c, "part") for c in comps]
            yield relation(
                "BR102", "sum", "consistent",
                " + ".join(c.written for c in comps) + " = 100", refs,
            )  # fmt: skip


def _propose_shares(ctx: Context) -> Iterator[Judged | Finding]:
    norm = ctx.norm
    claimed: dict[int, int] = {}  # part start → the rate it was read with
    for p in ctx.qs:
        if p.family != "%" or p.qualifier is not None:
            continue
        si = ctx.sentence_index(p.start)
        if si is None:
            continue
        sent = ctx.sents[si]
        head, k = _list_head(ctx, p, sent.start)
        cue = _cue(ctx, p, head, sent.start)
        if cue is None:
            continue
        # the part: this sentence, or the previous one when the cue opens the sentence
        lo = sent.start
        if not ctx.in_span(sent.start, cue.at) and si > 0:
            lo = ctx.sents[si - 1].start
        parts = _parts(ctx, p, cue, k, sent.start, lo)
        if cue.kind == "named":
            verb = _target(ctx, cue, p)
            if verb & _MONEY_ATOMS:
                parts = [q for q in parts if q.family != "个"]
            if verb:
                # 合格率 needs a part that says 合格, 开工率 one that says 开工
                parts = [q for q in parts if verb & label_atoms(ctx, q)]
        # a figure that is already the part of an earlier share is not this one's part
        # (到位资金5.4亿元，占比67.5%；…到位资金2.6亿元，占比32.5%)
        listed = k > 0 or "分别" in norm[_clause_start(norm, head, sent.start) : p.start]
        if not listed and len(parts) > 1:
            parts = [q for q in parts if q.start not in claimed]
        if not parts:
            continue
        run = list(parts)
        n_rates = 1
        if listed:
            # position by position: the k-th rate takes the k-th part of the run
            n_rates = k + 1
            j = p.start
            while True:  # count the rates after p in the same list
                nxt = [q for q in ctx.in_span(j, sent.end) if q.start >= j and q is not p]
                if not nxt or nxt[0].family != "%":
                    break
                between = norm[j if j != p.start else p.end : nxt[0].start]
                if between and all(c in _LIST_SEP for c in between):
                    n_rates += 1
                    j = nxt[0].end
                    continue
                break
            if len(run) < n_rates:
                # 工业项目51个、投资391.6亿元，分别占68.9%和74.3%: one set of things counted
                # in two units, each rate the share of its own figure, in their order
                mixed = [
                    q
                    for q in ctx.in_span(_list_floor(ctx, lo, cue.at), cue.at)
                    if q.family not in ("%", "pp") and q not in cue.inner and not is_change(ctx, q)
                ][-n_rates:]
                if len(mixed) == n_rates and len({q.family for q in mixed}) > 1:
                    run = mixed
            if len(run) >= n_rates:
                parts = [run[-n_rates:][k]]
                run = run[-n_rates:]  # the listed parts: none of them is a whole
            elif len(run) == 1:
                parts = run
            else:
                continue
        para_lo = ctx.para_of(p.start)[0]
        if cue.kind in ("bare", "of") and not listed:
            # parallel shares of one paragraph and one cue share their whole (_consensus)
            group = (para_lo, cue.kind, cue.phrase)
            ctx.cache.setdefault("pairing.cues", {})[p.start] = (group, lo, p)
        para_lo = min(para_lo, ctx.sents[max(0, si - 3)].start)
        # the readings that do not agree, as verdicts: their relations are built only
        # when a finding names them
        failed: list[tuple[Q, Q, Verdict]] = []
        agreed: list[tuple[float, Judged]] = []
        exclude = run if listed else ()
        # the wholes of each part for this rate, reused below while the shared parts
        # they were ranked against stand as they were (see _remember_share)
        ranked: dict[int, list[tuple[float, Q]]] = {}
        for pi, part in enumerate(parts):
            part_score = 1.0 / (1 + pi)
            ranked[id(part)] = wholes = _wholes(ctx, part, p, cue, para_lo, exclude)
            for ws, whole in wholes:
                if whole.fvalue() == 0:
                    continue
                v = judge(share_of, [part, whole], p)
                if v.status == "inconsistent":
                    failed.append((part, whole, v))
                    continue
                reading = share_relation(part, whole, p, v)
                st = reading.relation.status
                if cue.kind == "of" and not cue.inner and whole.qualifier not in (None, "approx"):
                    # 占全市…完成投资的18% and 近500亿元 before it: a bound agrees with many
                    # readings, so its agreement picks no named whole (a whole stated inside
                    # the rate's phrase is read with its bound all the same)
                    if st != "consistent":
                        failed.append((part, whole, v))
                    continue
                if st == "consistent":
                    agreed.append((ws + part_score, reading))
                elif st == "rounding":
                    agreed.append((ws + part_score - 1.0, reading))
        if cue.kind == "of" and _remember_share(ctx, parts[0], p, cue):
            ranked.clear()  # the wholes ranked above may rank otherwise now
        if agreed:
            agreed.sort(key=lambda t: -t[0])
            best = agreed[0][1]
            claimed[next(f.start for f in best.relation.figures if f.role == "part")] = p.start
            yield best
            passed = _passed_over_copy(ctx, best, parts, p, cue, para_lo, exclude, ranked)
            if passed is not None:
                yield passed
            continue
        part = parts[0]
        wholes = ranked.get(id(part)) or _wholes(ctx, part, p, cue, para_lo, exclude)
        after = sorted((q for _, q in wholes if q.start > p.end), key=lambda q: q.start)
        if listed and cue.kind == "of" and n_rates > 1 and len(after) == n_rates:
            # 已开工13万套，基本建成6万套，分别完成年度目标的72%和55%。…计划新开工
            # 18万套，基本建成11万套: as many plans stated after as rates, in their order
            pos = _judge(part, after[k], p)
            yield pos if pos.relation.status == "consistent" else as_warning(pos)
            continue
        strong = [q for s, q in wholes if s >= 2.0]
        slipped = _ratio_slip(parts[:2], [q for sc, q in wholes[:3] if sc >= 1.0], p)
        named = _named_part(ctx, cue, parts) if slipped is None and not strong else None
        if named is not None:
            # the part the rate's name names (按时结案597件 … 按时结案率): any whole it
            # was stated with, if one slip of one reading explains the rate
            own = ranked.get(id(named)) or _wholes(ctx, named, p, cue, para_lo, exclude)
            slipped = _ratio_slip([named], [q for _, q in own[:4]], p, one_reading=True)
        if slipped is None and not strong and not cue.inner:
            slipped = _rate_slip(parts[:2], [q for _, q in wholes[:4]], p)
        if slipped is not None and not _unambiguous(ctx, cue, part, p, strong, si):
            yield slipped
            continue
        if _unambiguous(ctx, cue, part, p, strong, si):
            whole = cue.inner[0] if cue.inner else strong[0]
            if whole.family == part.family and whole.fvalue() != 0:
                yield _judge(part, whole, p)
                continue
        if strong and failed:
            tried = [share_relation(a, b, p, v) for a, b, v in failed]
            # one reading admissible (one part, one whole whose label holds what the rate
            # names): it is the pairing, read as a warning; several: name them
            one = len(tried) == 1 and len(strong) == 1
            yield as_warning(tried[0]) if one else _ambiguous(p, part, strong, tried)
            continue
        plausible = [q for sc, q in wholes if sc >= 1.0]
        if plausible and failed and ctx.sentence_index(part.start) == si:
            tried = [share_relation(a, b, p, v) for a, b, v in failed]
            # a whole named in part: no reading agrees — name the readings tried
            yield _ambiguous(p, part, plausible[:3], tried)
            continue
        if cue.kind == "of" and cue.phrase.strip("的 ") and not strong:
            u = _unverifiable(part, p, cue.phrase.strip("的 "))
            if u is not None:
                yield u


def _remember_share(ctx: Context, part: Q, p: Q, cue: Cue) -> bool:
    """Remember the part of a share read with ``of`` (no whole of a parallel share) and
    the wholes inside its phrase; True when that changed what :func:`_wholes` reads."""
    changed = False
    siblings = ctx.cache.setdefault("pairing.share_parts", {})
    if siblings.get(part.start) != cue.phrase:
        siblings[part.start] = cue.phrase
        changed = True
    for q in cue.inner:
        inner = ctx.cache.setdefault("pairing.inner_wholes", {})
        if inner.get(q.start) != p.end:
            inner[q.start] = p.end
            changed = True
    return changed


def _passed_over_copy(
    ctx: Context,
    best: Judged,
    parts: Sequence[Q],
    p: Q,
    cue: Cue,
    para_lo: int,
    exclude: Sequence[Q],
    ranked_of: dict[int, list[tuple[float, Q]]] | None = None,
) -> Judged | None:
    """The rate agrees with a whole stated earlier (``新改扩建24所幼儿园…开工建设9所，开工
    率37.5%``), not with the whole the words rank first, which reads like a copy of it one
    slip away (``…84所公办幼儿园，已开工建设9所，开工率37.5%``): the two are one figure
    stated twice, and the copy the rate passed over is mistyped — a warning (BR107)."""
    roles = {f.role: f.start for f in best.relation.figures}
    part = next((q for q in parts if q.start == roles.get("part")), None)
    if part is None or cue.inner:
        return None
    ranked = (ranked_of or {}).get(id(part)) or _wholes(ctx, part, p, cue, para_lo, exclude)
    if len(ranked) < 2:
        return None
    top, used = ranked[0][1], roles.get("whole")
    whole = next((q for _, q in ranked if q.start == used), None)
    if whole is None or whole is top or whole.unit != top.unit:
        return None
    if top.qualifier is not None or whole.qualifier is not None:
        return None
    if ctx.sentence_index(top.start) != ctx.sentence_index(part.start):
        return None  # the passed-over whole stands with the part, in its sentence
    if not any(w == top.written for w, _ in slips(whole.written)):
        return None
    zh = (
        f"同一数字前后不一致：{whole.text} 与 {top.text}，{p.text.strip()}与 {whole.text} 相符——"
        f"若“{top.text.strip()}”中的 {top.written} 为 {whole.written} 则相符，请核对"
    )
    en = (
        f"the same figure is stated as {whole.text} and as {top.text}; {p.text.strip()} "
        f"agrees with {whole.text}"
    )
    refs = [ref(whole, "first"), ref(top, "stated")]
    return relation(
        "BR107", "repeat", "rounding", f"{whole.text} ≠ {top.text}", refs,
        Msg(zh, en, top.written, whole.written),
    )  # fmt: skip


_FILLER_BEFORE = re.compile(r"^(?:其中|已|共|累计|实现|有)+|(?:了|的|共|达|为|有)+$")


def _named_part(ctx: Context, cue: Cue, parts: Sequence[Q]) -> Q | None:
    """For a named rate (按时结案率), the one part candidate whose own words are the
    rate's name without 率 (``按时结案597件``), two characters or more; else None."""
    if cue.kind != "named":
        return None
    stem = re.sub(r"(?:率|比例|占比|进度)$", "", cue.phrase)
    if len(stem) < 2:
        return None
    norm = ctx.norm
    hits = []
    for q in parts:
        lo = max(0, q.start - 16)
        cut = max(norm.rfind(c, lo, q.start) for c in _CLAUSE_BREAKS)
        words = _FILLER_BEFORE.sub("", norm[max(lo, cut + 1) : q.start])
        if words == stem:  # 按时结案597件 for 按时结案率; not for 结案率
            hits.append(q)
    return hits[0] if len(hits) == 1 else None


def _ratio_slip(
    parts: Sequence[Q], wholes: Sequence[Q], p: Q, one_reading: bool = False
) -> Judged | None:
    """The one reading (part, whole, rate) that holds if one of its figures was mistyped.
    ``one_reading``: several figures of that one reading may be the slip (597 ÷ 601 for
    89%: the rate's 8, or the part's 5) — the reading stands as a warning, no fix told."""
    found: list[Judged] = []
    for part in parts:
        for whole in wholes:
            if whole.fvalue() <= 0 or part is whole:
                continue
            (al, ah), (bl, bh), (pl, ph) = iv(part), iv(whole), iv(p)
            if bl <= 0 or pl <= 0:
                continue
            refs = [ref(part, "part"), ref(whole, "whole"), ref(p, "rate")]
            formula = f"{part.written} ÷ {whole.written} ≠ {p.written}%"
            for q, lo, hi in (
                (p, al / bh * 100, ah / bl * 100),
                (part, pl * bl / 100, ph * bh / 100),
                (whole, al / ph * 100, ah / pl * 100),
            ):
                if hi <= 0:
                    continue
                fix = slip_to(q, lo, hi)
                if fix is not None:
                    found.append(slip_relation(CODE, NAME, refs, q, fix, formula))
    if len(found) > 1 and one_reading:
        readings = {tuple(f.start for f in j.relation.figures) for j in found}
        if len(readings) == 1:
            roles = {f.role: f.start for f in found[0].relation.figures}
            by = {q.start: q for q in [*parts, *wholes]}
            return as_warning(_judge(by[roles["part"]], by[roles["whole"]], p))
    return found[0] if len(found) == 1 else None


_RATE_SLIP_DIGITS = 4


def _rate_slip(parts: Sequence[Q], wholes: Sequence[Q], p: Q) -> Judged | None:
    """The one reading among the admissible ones (the nearest parts, the best-ranked
    wholes, however weakly their words match) that holds if the rate itself was
    mistyped (``占全部招商的35.18%`` where 1893.27 ÷ 5286.44 = 35.81%): the reading the
    arithmetic would have chosen, had the rate been written right — a warning naming the
    fix.  Nothing when no reading, or several, are one slip of the rate away.

    The whole is chosen by arithmetic alone here, so the arithmetic must seldom agree by
    chance: a rate of three significant digits has some thirty numerals one slip away,
    each a tenth of a point wide, and among a handful of readings one lands on one of
    them about once in five; a rate of four digits, a hundred times less often."""
    found: list[tuple[Q, Q, str]] = []
    for part in parts:
        for whole in wholes:
            if whole.fvalue() <= 0 or part is whole or part.family != whole.family:
                continue
            (al, ah), (bl, bh) = iv(part), iv(whole)
            if bl <= 0 or ah <= 0:
                continue
            fix = slip_to(p, al / bh * 100, ah / bl * 100, min_digits=_RATE_SLIP_DIGITS)
            if fix is not None:
                found.append((part, whole, fix))
    if len({(a.start, b.start) for a, b, _ in found}) != 1:
        return None
    part, whole, fix = found[0]
    refs = [ref(part, "part"), ref(whole, "whole"), ref(p, "rate")]
    formula = f"{part.written} ÷ {whole.written} ≠ {p.written}%"
    return slip_relation(CODE, NAME, refs, p, fix, formula)


def _unambiguous(ctx: Context, cue: Cue, part: Q, p: Q, strong: Sequence[Q], si: int) -> bool:
    """One reading only: the whole inside the rate's phrase (占任务100万亩的), or the one
    whole whose label holds all the rate names, stated in the part's sentence, with the
    part the nearest figure before the rate."""
    if part.start > p.start:
        return False
    if cue.inner:
        return len(cue.inner) == 1
    if len(strong) != 1 or cue.kind == "named":
        return False
    whole = strong[0]
    if ctx.sentence_index(whole.start) != si or SEMI.search(ctx.norm, whole.end, part.start):
        return False  # another clause group may have its own whole
    # no other figure of the family between the whole and the part (总资金3342万元 …)
    between = ctx.in_span(whole.end, part.start)
    return not any(q.family == part.family for q in between)


def _ambiguous(p: Q, part: Q, strong: Sequence[Q], tried: Sequence[Judged]) -> Finding:
    forms = "；".join(t.relation.formula for t in tried[:3])
    figs = [ref(part, "part"), *[ref(q, "whole") for q in strong[:3]], ref(p, "rate")]
    return Finding(
        code=CODE,
        severity="warning",
        rule=NAME,
        message=f"{p.text.strip()} 与文中数字对不上：试算 {forms}，请核对",
        message_en=f"no reading of {p.text.strip()} agrees with the figures (tried {len(tried)})",
        start=min(f.start for f in figs),
        end=max(f.end for f in figs),
        figures=sorted(figs, key=lambda f: f.start),
        stated=p.text.strip(),
        expected=None,
    )


def _unverifiable(part: Q, p: Q, what: str) -> Judged | None:
    if p.fvalue() == 0 and p.value == 0:
        return None
    shown = fmt_implied(part, p, implied_decimals(part, p)) + part.unit
    formula = f"{part.written} ÷ {p.written}% ≈ {shown}"
    zh = f"文中未给出“{what}”（由 {part.written}{part.unit} ÷ {p.written}% 推得约 {shown}），无法核对"
    en = f"the whole ('{what}') is not stated; it would be about {shown}"
    return relation(
        CODE, NAME, "unverifiable", formula, [ref(part, "part"), ref(p, "rate")],
        Msg(zh, en, None, None), implied=shown,
    )  # fmt: skip
