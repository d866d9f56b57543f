"""BR101 ratio: a rate or share that does not match its figures.

What it does
    Finds stated percentages that are a share of two figures in the text and
    recomputes them: named rates (``150个…已完成117个，完成率78%``; 投产率, 办结率,
    完成比例) and shares (``完成投资9.9亿元，完成年度计划投资的38.45%`` where the plan
    is stated earlier; ``完成全年50万人目标的64%``; ``A占B的P%``).  When the whole
    is never stated the relation is *unverifiable* and the implied whole is given
    (``12亿元 = 31.5%`` → annual plan ≈ 38.1亿元).

Why is this bad?
    A wrong share is the slip readers notice first and trust least.

Example
    ``年度计划投资25.75亿元，完成投资9.9亿元，完成年度计划投资的48.45%``

Use instead
    ``…完成年度计划投资的38.45%`` (9.9 ÷ 25.75 = 38.4%).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from briefing.checks.context import last_of
from briefing.checks.engine import (
    CHANGE_WORD_END,
    QIZHONG,
    SEMI,
    Context,
    Judged,
    Msg,
    Q,
    Verdict,
    config,
    fmt,
    fmt_implied,
    implied_decimals,
    judge,
    paren_depth,
    ref,
    relation,
    rule,
    share_of,
    verdict_relation,
)
from briefing.extraction.metric_keys import atoms

CODE = "BR101"
NAME = "ratio"

_CLAUSE_BREAK_SET = frozenset("，,；;：:。！？\n")
_CLAUSE_BREAKS = "".join(sorted(_CLAUSE_BREAK_SET))
_CHANGE_CLAUSE = re.compile(
    r"(?:增长|下降|增幅|降幅|增速|提高|上升|回落|减少|增加)[了]?(?:为|达到|达)?$"
)
_ONE_HAN = re.compile(r"[\u4e00-\u9fff]{0,1}")
_AVERAGE_LABEL = re.compile(r"平均|浓度|人均|均价")
_RATE_SUFFIX = re.compile(r"(?:率|比例)$")
_PLAN_LABEL = re.compile(r"(?:计划|预算|目标|任务)[\u4e00-\u9fff]{0,2}$")
_SHARE = re.compile(r"(?:占|相当于)(?P<phrase>[^占]*?)(?:的)?(?:比重|比例)?(?:为|达到|达|是)?$")
_OF = re.compile(r"(?:完成|为|达到|达|是|实现)(?P<phrase>[^完为达是]*?)的$")
_NAMED = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,5}?(?:率|比例))(?:为|达到|达|是)?$")
_TOTAL_WORDS = ("总量", "总数", "总额", "总计")
# Wholes named this vaguely may be the part's own plan, not the one stated before.
_GENERIC = re.compile(
    r"任务|目标|^(?:全年|年度|本年|今年|上半年)?(?:计划|总投资|投资|计划投资|总体)$"
)
# 为预算的76.1%: the budget of the part's own measure; a budget line of another measure
# (收入 against 支出) stated before is not it
_BUDGET = re.compile(r"^(?:全年|年度|本年|今年|年初|调整|调整后|上级下达)?预算(?:数)?$")
_MEASURE_ATOMS = frozenset(("收入", "支出", "投资", "资金"))
_PLAN = re.compile(r"计划|目标|任务")


def _clause_start(ctx: Context, pos: int, floor: int) -> int:
    """Just after the last clause break in norm[floor:pos] (``floor`` if none; ``pos``
    itself if ``pos <= floor``)."""
    norm = ctx.norm
    near = max(floor, pos - 64)  # one match over the last characters (a match runs over
    if pos > near and floor >= 0:  # its whole span), then a walk back
        m = last_of(_CLAUSE_BREAKS).match(norm, near, pos)
        if m is not None:
            return m.end()
        pos = near
    i = pos - 1
    while i >= floor and norm[i] not in _CLAUSE_BREAK_SET:
        i -= 1
    return i + 1


def _segment_start(norm: str, pos: int, floor: int) -> int:
    i = norm.rfind("；", floor, pos)
    j = norm.rfind(";", floor, pos)
    return max(i, j, floor - 1) + 1


def _paren_depth(norm: str, start: int, pos: int) -> int:
    return paren_depth(norm, start, pos)


def _is_change(ctx: Context, q: Q) -> bool:
    lo = max(0, q.start - 3)
    return bool(CHANGE_WORD_END.search(ctx.norm[lo : q.start].rstrip("了")))


def find_labeled(ctx: Context, phrase: str, before: int, family: str, back: int = 2) -> list[Q]:
    """Figures before ``before`` (same sentence, then ``back`` earlier ones) labelled ``phrase``."""
    phrase = phrase.strip("的该其 ")
    if len(phrase) < 2:
        return []
    si = ctx.sentence_index(before)
    if si is None:
        return []
    lo_sent = ctx.sents[max(0, si - back)].start
    out = []
    for q in reversed(ctx.in_span(lo_sent, before)):
        if q.family != family:
            continue
        window = ctx.norm[max(lo_sent, q.start - len(phrase) - 6) : q.start]
        if phrase in window:
            out.append(q)
        elif phrase.endswith(_TOTAL_WORDS) and re.search(
            r"(?:共|共计|合计|总计|累计)[^，,。]{0,8}$", window
        ):
            out.append(q)
    return out


def _numerator(
    ctx: Context, p: Q, lo: int, subject: str | None, upto: int | None = None
) -> Q | None:
    """The part: labelled by the clause subject, else the nearest plain figure before."""
    hi = p.start if upto is None else upto
    if subject:
        hits = [
            q
            for q in ctx.in_span(lo, hi)
            if q.family != "%"
            and subject in ctx.norm[max(lo, q.start - len(subject) - 6) : q.start]
        ]
        if hits:
            return hits[-1]
    before = [q for q in ctx.in_span(lo, hi) if q.family not in ("%", "pp")]
    si = ctx.sentence_index(p.start)
    floor = ctx.sents[si].start if si is not None else lo
    for q in reversed(before):
        if _paren_depth(ctx.norm, min(floor, lo), q.start) > 0 or _is_change(ctx, q):
            continue
        return q
    return None


def _fmt_pct(x: Fraction, stated: Q) -> str:
    return fmt(x, max(stated.decimals, 1 if stated.decimals == 0 else stated.decimals)) + "%"


def _judge_share(
    ctx: Context, part: Q, whole: Q, p: Q, roles: tuple[str, str] = ("part", "whole")
) -> Judged:
    return judge_share(part, whole, p, roles)


def judge_share(part: Q, whole: Q, p: Q, roles: tuple[str, str] = ("part", "whole")) -> Judged:
    """``part ÷ whole × 100`` judged against the stated percentage ``p``."""
    return share_relation(part, whole, p, judge(share_of, [part, whole], p), roles)


def share_relation(
    part: Q, whole: Q, p: Q, v: Verdict, roles: tuple[str, str] = ("part", "whole")
) -> Judged:
    """The relation of :func:`judge_share` from its verdict ``v`` (built only for the
    readings a rule keeps)."""
    shown = v.formatted(max(p.decimals, 1)) + "%"
    return verdict_relation(
        CODE,
        NAME,
        v,
        f"{part.written} ÷ {whole.written}",
        shown,
        p.text.strip(),
        [ref(part, roles[0]), ref(whole, roles[1]), ref(p, "rate")],
        "ratio does not match the stated percentage",
    )


def _unverifiable(ctx: Context, part: Q, p: Q, what: str) -> Judged | None:
    if p.fvalue() == 0 and p.value == 0:  # (a nonzero float is a nonzero value)
        return None
    shown = fmt_implied(part, p, implied_decimals(part, p)) + part.unit
    formula = f"{part.written} ÷ {p.written}% ≈ {shown}"
    zh = f"文中未给出“{what}”，由 {part.written}{part.unit} ÷ {p.written}% 推得约 {shown}，无法核对"
    en = f"the whole ('{what}') is not stated; implied ≈ {shown}"
    return relation(
        CODE, NAME, "unverifiable", formula, [ref(part, "part"), ref(p, "rate")],
        Msg(zh, en, None, shown), implied=shown,
    )  # fmt: skip


def _best(ctx: Context, part: Q, cands: list[Q], p: Q) -> Judged | None:
    """The first candidate whole that makes the share consistent, else the first one."""
    judged = []
    for c in cands:  # judged lazily: the first consistent one ends the search
        j = _judge_share(ctx, part, c, p)
        if j.relation.status == "consistent":
            return j
        judged.append(j)
    for j in judged:
        if j.relation.status == "rounding":
            return j
    return judged[0] if judged else None


def _section(ctx: Context, offset: int) -> int:
    """Number of the section (text after the last heading) holding ``offset``."""
    starts = ctx.cache.get("ratio.heading_starts")
    if starts is None:
        starts = ctx.cache["ratio.heading_starts"] = sorted(
            b.start for b in ctx.doc.blocks if b.kind == "heading"
        )
    return bisect.bisect_right(starts, offset)


def _plain_total(ctx: Context, q: Q) -> bool:
    """A figure that can be a total: not a change, not a share's whole (X的P%), not a plan."""
    if q.family in ("%", "pp") or _is_change(ctx, q):
        return False
    if ctx.norm[q.end : q.end + 1] == "的" or _PLAN_LABEL.search(ctx.label(q)):
        return False
    return _paren_depth(ctx.norm, ctx.para_of(q.start)[0], q.start) == 0


def _qizhong_total(ctx: Context, part: Q) -> Q | None:
    """The total of the 其中 list ``part`` belongs to (same or previous sentence)."""
    si = ctx.sentence_index(part.start)
    if si is None:
        return None
    lo = ctx.sents[max(0, si - 1)].start
    k = ctx.norm.rfind("其中", lo, part.start)
    if k < 0 or SEMI.search(ctx.norm, k, part.start):
        return None
    for q in reversed(ctx.in_span(lo, k)):
        if q.family == part.family and _plain_total(ctx, q):
            return q
    return None


def _bare_share(
    ctx: Context, part: Q, p: Q, wholes: dict[str, tuple[Q, int, bool]]
) -> Judged | None:
    """``A，占P%`` with no whole named: the 其中 total, else the last whole named by a
    share of the same measure in this section (``占诉求总量的56.74%；…占43.26%``)."""
    if "其中" in ctx.norm[part.end : p.start]:
        return None  # 投入24.6亿元，其中2023年民间投资占比71.3%: the part is not stated
    whole = _qizhong_total(ctx, part)
    if whole is None:
        # a total (诉求总量) carries into the next section; other wholes stay in theirs
        last = wholes.get(part.family)
        sec = _section(ctx, p.start)
        if last is not None and (last[1] == sec or (last[2] and last[1] == sec - 1)):
            whole = last[0]
    if whole is None or whole.start == part.start:
        return None
    return _judge_share(ctx, part, whole, p)


@lru_cache(maxsize=1)
def _rate_names() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(named rates that are shares, names that are not shares, those of 3+ characters)
    from data/checks.toml, built once."""
    rates = config()["rates"]
    named_ok = frozenset(rates["proportion"]) | frozenset(rates["open"]) | {"完成比例"}
    not_shares = frozenset(rates["not_shares"])
    return named_ok, not_shares, tuple(sorted(n for n in not_shares if len(n) >= 3))


def sum_subject(words: str) -> bool:
    """Do the words before a share end with a word of a sum (两税合计, 三项共计),
    data/checks.toml [rates] sum_subject?"""
    return words.rstrip().endswith(tuple(config()["rates"].get("sum_subject", ())))


def _other_measure(ctx: Context, part: Q, whole: Q) -> bool:
    """Do the words of the two figures' sentences, up to each, name different measures
    (收入 and 支出, 投资 and 资金)?  (…收入完成18.92亿元，为调整预算18.5亿元: a budget of
    收入, though its own label names none.)"""

    def measures(q: Q) -> frozenset[str]:
        si = ctx.sentence_index(q.start)
        lo = ctx.sents[si].start if si is not None else max(0, q.start - 40)
        return atoms(ctx.norm[max(lo, q.start - 80) : q.start]) & _MEASURE_ATOMS

    a, b = measures(part), measures(whole)
    return bool(a) and bool(b) and not (a & b)


@lru_cache(maxsize=1)
def _of_plan_rates() -> tuple[str, ...]:
    """Named rates whose whole is the period's plan (完成率), from data/checks.toml."""
    return tuple(config()["rates"].get("of_plan", ()))


def _done_not_planned(ctx: Context, q: Q, verb: str) -> bool:
    """Is ``q`` stated as done (its label holds the rate's verb, 完成投资57.4亿元) and not
    as a plan, target or total — a parallel item's achievement, not a whole?"""
    label = ctx.label(q)
    return (
        verb in label and _PLAN.search(label) is None and not any(w in label for w in _TOTAL_WORDS)
    )


@rule(CODE, NAME, "error", "rate/ratio ≠ stated percentage")
def check(ctx: Context) -> Iterator[Judged]:
    norm = ctx.norm
    named_ok, not_shares, long_not_shares = _rate_names()
    wholes: dict[str, tuple[Q, int, bool]] = {}  # family → last named whole, section, 总
    for p in ctx.qs:
        if p.family != "%" or p.qualifier is not None:
            continue
        si = ctx.sentence_index(p.start)
        if si is None:
            continue
        sent = ctx.sents[si]
        cs = _clause_start(ctx, p.start, sent.start)
        clause = norm[cs : p.start]
        if _CHANGE_CLAUSE.search(clause):
            continue
        m = _SHARE.search(clause) or _OF.search(clause)
        if m is not None and "占" not in clause and not m.group(0).endswith("的"):
            m = None
        if m is not None:
            phrase = m.group("phrase")
            inner = [
                q
                for q in ctx.in_span(cs + m.start("phrase"), cs + m.end("phrase"))
                if q.family != "%"
            ]
            subject = norm[cs : cs + m.start()].strip() if "占" in m.group(0)[:1] else None
            lo = ctx.sents[max(0, si - 1)].start if cs == sent.start else sent.start
            part = None
            if subject and not ctx.in_span(cs, cs + m.start()) and sum_subject(subject):
                continue  # 两税合计占税收收入的59.8%: the sum of figures listed before
            if subject and not ctx.in_span(cs, cs + m.start()):
                # a named subject without a figure: its part is in this sentence or unstated
                part = _numerator(ctx, p, sent.start if len(subject) >= 4 else lo, subject)
            if part is None:
                inside = ctx.in_span(cs, cs + m.start())
                inside = [
                    q for q in inside if q.family not in ("%", "pp") and not _is_change(ctx, q)
                ]
                part = inside[-1] if inside else _numerator(ctx, p, sent.start, None, cs)
            if part is None:
                continue
            if inner:
                whole = inner[-1]
                if whole.family == part.family and whole is not part:
                    wholes[part.family] = (whole, _section(ctx, p.start), "总" in phrase)
                    yield _judge_share(ctx, part, whole, p)
                continue
            if phrase.strip("的 ") in ("", "比", "比重", "比例"):
                bare = _bare_share(ctx, part, p, wholes)
                if bare is not None:
                    yield bare
                continue
            cands = find_labeled(ctx, phrase, part.start, part.family)
            if cands:
                best = _best(ctx, part, cands, p)
                if best is not None and best.relation.status != "unverifiable":
                    w = next(f for f in best.relation.figures if f.role == "whole")
                    wq = next((c for c in cands if c.start == w.start), None)
                    if wq is not None:
                        wholes[part.family] = (wq, _section(ctx, p.start), "总" in phrase)
                if best is not None and best.relation.status == "inconsistent":
                    whole = cands[0]
                    seg = _segment_start(norm, p.start, sent.start)
                    generic = _GENERIC.search(phrase.strip("的 ")) is not None or (
                        _BUDGET.search(phrase.strip("的 ")) is not None
                        and _other_measure(ctx, part, whole)
                    )
                    if generic and (
                        whole.start < seg or QIZHONG.search(norm, whole.end, part.start)
                    ):
                        # the whole is in another clause group: it may not be this part's whole
                        best = _unverifiable(ctx, part, p, phrase.strip("的 "))
                if best is not None:
                    yield best
            elif phrase.strip() and not _ONE_HAN.fullmatch(phrase.strip()):
                u = _unverifiable(ctx, part, p, phrase.strip("的 "))
                if u is not None:
                    yield u
            continue
        m = _NAMED.search(clause)
        if m is None:
            continue
        name = m.group("name")
        if name in not_shares or name.endswith(long_not_shares):
            continue
        if not name.endswith("率") and not any(
            name.endswith(n) or n.endswith(name) for n in named_ok
        ):
            continue
        # numerator: nearest figure in this clause or the one before
        prev_cs = _clause_start(ctx, cs - 1, sent.start) if cs > sent.start else cs
        part = _numerator(ctx, p, prev_cs, None)
        if part is None or "/" in part.family or _AVERAGE_LABEL.search(ctx.label(part)):
            continue
        verb = _RATE_SUFFIX.sub("", name)[-2:]
        if len(verb) < 2 or verb not in norm[prev_cs : cs + m.start()]:
            continue  # the rate's verb (完成, 投产, 办结) must be in the part's clause
        same = [
            q
            for q in ctx.in_span(sent.start, part.start)
            if q.family == part.family
            and not _is_change(ctx, q)
            and _paren_depth(norm, sent.start, q.start) == 0
        ]
        same.reverse()
        if p.end < len(norm) and norm[p.end] in "（(":
            # 竣工项目76个，竣工率93.8%（计划竣工81个）: the whole stated in the rate's
            # own parenthesis comes first
            close = norm.find("）" if norm[p.end] == "（" else ")", p.end, p.end + 24)
            inner_after = [
                q
                for q in ctx.in_span(p.end, close if close > 0 else p.end)
                if q.family == part.family
            ]
            same = inner_after[:1] + same
        if name.endswith(_of_plan_rates()):
            # 产业类完成投资57.4亿元，完成率82.1%；基础设施类完成投资38.5亿元，完成率76.4%:
            # the whole of a 完成率 is the item's plan, never a figure stated as done itself
            same = [q for q in same if not _done_not_planned(ctx, q, verb)]
        if same:
            best = _best(ctx, part, same, p)
            if best is None:
                continue
            if best.relation.status == "inconsistent" and len({q.value for q in same}) > 1:
                # several possible wholes and none fits: judge against a stated plan
                # (完成率) or the nearest count in the same clause group; else do not guess
                seg = _segment_start(norm, p.start, sent.start)
                plans = [q for q in same if _PLAN.search(ctx.label(q))]
                if name.startswith("完成") and plans:
                    best = _judge_share(ctx, part, plans[0], p)
                elif part.family == "个" and same[0].start >= seg:
                    best = _judge_share(ctx, part, same[0], p)
                else:
                    continue
            yield best
            continue
        prev = (
            [q for q in ctx.in_span(ctx.sents[si - 1].start, sent.start) if q.family == part.family]
            if si > 0
            else []
        )
        prev.reverse()
        found = False
        for c in prev:
            j = _judge_share(ctx, part, c, p)
            if j.relation.status == "consistent":
                yield j
                found = True
                break
        if not found:
            u = _unverifiable(ctx, part, p, name.removesuffix("率") + "总数")
            if u is not None:
                yield u
