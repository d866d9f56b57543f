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

``分别占年计划的49.3%、48.1%`` pairs position by position with the parts listed before.

Example::

    年度计划投资24.19亿元，1-7月完成投资14.9亿元，完成年度投资计划的61.62%
    → 14.9 ÷ 24.19 = 61.60%（文中 61.62%）: consistent
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from briefing.checks.engine import (
    CHANGE_WORD_END,
    Context,
    Judged,
    Msg,
    Q,
    config,
    fmt_implied,
    judge,
    ref,
    relation,
    verdict_relation,
)
from briefing.extraction.metric_keys import atoms, lendable, whole_atoms
from briefing.model import FigureRef, Finding

CODE = "BR101"
NAME = "ratio"

_CLAUSE_BREAKS = "，,；;：:。！？!?\n"
# a share whose whole is named: 占全省的12%, 占地方财政收入66.19%, 完成年度计划的61.6%
_SHARE_OF = re.compile(
    r"(?:(?P<zhan>占|相当于|只占|仅占)(?P<phrase>[^，,；;：:。占]{1,16}?)(?:的)?"
    r"|(?P<verb>完成|为|达到|达|是|实现|仅为|超过)(?P<phrase2>[^，,；;：:。占]{1,16}?)的)"
    r"(?:比重|比例|份额)?(?:分别)?(?:提升至|提高到|上升至|为|达到|达|是)?(?:分别)?$"
)
# a share with no whole named: 占比12%, 占12%, 比重为12%
_SHARE_BARE = re.compile(
    r"(?:占比|占|(?:^|[^\u4e00-\u9fff]|所占)(?:比重|比例|份额))(?:分别)?(?:为|达到|达|是)?(?:分别)?$"
)
# a named rate: 开工率为93%, 投资完成率分别为43.2%
_NAMED = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{1,8}?(?:率|比例|占比|进度))(?:分别)?(?:为|达到|达|是)?(?:分别)?$"
)
_CHANGE = re.compile(
    r"(?:同比|环比|比上年|比去年|较上年|较去年|增长|下降|增幅|降幅|增速|提高|上升|回落|减少|增加|"
    r"回升|下滑|拉动|贡献)"
)
_LIST_SEP = "、和及与"


@dataclass(slots=True)
class Cue:
    kind: str  # "of" (whole named), "bare" (占比), "named" (X率)
    phrase: str  # the whole's phrase (of) or the rate's name (named)
    inner: list[Q]  # figures inside the phrase (占任务100万亩的)
    at: int  # where the cue starts (the part is before it)


def _clause_start(norm: str, pos: int, floor: int) -> int:
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
    cs = _clause_start(norm, head, sent_start)
    clause = norm[cs:head]
    if not clause.strip():
        return None
    tail = clause[-12:]
    if _CHANGE.search(tail) and not re.search(r"(?:占|比重|比例|率)[^，]{0,4}$", tail):
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


def _is_change(ctx: Context, q: Q) -> bool:
    lo = max(0, q.start - 4)
    return bool(CHANGE_WORD_END.search(ctx.norm[lo : q.start].rstrip("了")))


def _parts(ctx: Context, p: Q, cue: Cue, k: int, sent_start: int, lo: int) -> list[Q]:
    """Part candidates, best first: figures before the cue in the sentence (the k-th of a
    parallel list when the rate is the k-th of a 分别 list)."""
    before = [
        q
        for q in ctx.in_span(lo, cue.at)
        if q.family not in ("%", "pp") and q not in cue.inner and not _is_change(ctx, q)
    ]
    if not before:
        # 完成年度计划的50.4%，完成投资206.7亿元: the part right after the rate
        after = [q for q in ctx.in_span(p.end, min(p.end + 24, len(ctx.norm)))]
        after = [q for q in after if q.family not in ("%", "pp") and not _is_change(ctx, q)]
        return after[:1]
    before.reverse()  # nearest first
    if k or "分别" in ctx.norm[_clause_start(ctx.norm, cue.at, sent_start) : p.start]:
        # parallel lists: group the figures of the nearest family run
        fam = before[0].family
        run = [q for q in before if q.family == fam]
        run.reverse()
        return [q for q in run]  # positional choice by caller
    return before[:4]


_MONEY_ATOMS = frozenset(("投资", "资金", "收入", "支出"))


_SOFT = frozenset(("总", "全"))
_LABEL_STOP = frozenset("，,；;。：:！？!?\n（）()")


def _label_atoms(ctx: Context, q: Q) -> frozenset[str]:
    """What a figure measures: its metric and the words before it in its clause (back
    to a clause break or the previous figure, at most 24 characters)."""
    cache = ctx.cache.setdefault("pairing.label", {})
    hit = cache.get(q.start)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    norm = ctx.norm
    prev = ctx.in_span(max(0, q.start - 24), q.start)
    lo = max(max((x.end for x in prev if x is not q), default=0), q.start - 24, 0)
    i = q.start
    while i > lo and norm[i - 1] not in _LABEL_STOP:
        i -= 1
    out = atoms(norm[i : q.start]) | atoms(q.fig.metric)
    cache[q.start] = out
    return out


def _target(ctx: Context, cue: Cue, part: Q) -> frozenset[str]:
    if cue.kind == "of":
        t = whole_atoms(cue.phrase, part.fig.metric)
    elif cue.kind == "named":
        t = atoms(re.sub(r"(?:率|比例|占比)$", "", cue.phrase))
    else:
        t = atoms(part.fig.metric)
    return t - _SOFT


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
    siblings: dict[int, str] = ctx.cache.get("pairing.share_parts", {})
    for q in ctx.in_span(0, p.start):
        if q is part or q.family != part.family or q in exclude or _is_change(ctx, q):
            continue
        if cue.kind == "of" and siblings.get(q.start) == cue.phrase:
            continue  # the part of a parallel share (有3项，占目标任务的30%；有4项，占…)
        if q.start > part.start and cue.kind != "named" and part.start < p.start:
            continue
        score = 0.0
        if target:
            la = _label_atoms(ctx, q)
            held = len(target & la) / len(target)
            score = held + (1.0 if held == 1.0 else 0.0)
        near = q.start >= para_lo
        if not near and score < 0.75:
            continue  # a whole stated far away needs its metric named
        score += 0.3 / (1 + abs(part.start - q.start) / 60)
        out.append((score, q))
    out.sort(key=lambda t: -t[0])
    return out[:10]


def _judge(part: Q, whole: Q, p: Q) -> Judged:
    v = judge(lambda a, b: a / b * 100, [part, whole], p)
    shown = v.formatted(max(p.decimals, 1)) + "%"
    return verdict_relation(
        CODE,
        NAME,
        v,
        f"{part.written} ÷ {whole.written}",
        shown,
        p.text.strip(),
        [ref(part, "part"), ref(whole, "whole"), ref(p, "rate")],
        "ratio does not match the stated percentage",
    )


def propose(ctx: Context) -> Iterator[Judged | Finding]:
    """Readings of every stated share (see module doc)."""
    norm = ctx.norm
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
        if cue.kind == "named" and _target(ctx, cue, p) & _MONEY_ATOMS:
            parts = [q for q in parts if q.family != "个"]
        if not parts:
            continue
        run = list(parts)
        listed = k > 0 or "分别" in norm[_clause_start(norm, head, sent.start) : p.start]
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
            if len(run) >= n_rates:
                parts = [run[-n_rates:][k]]
                run = run[-n_rates:]  # the listed parts: none of them is a whole
            elif len(run) == 1:
                parts = run
            else:
                continue
        para_lo = ctx.para_of(p.start)[0]
        para_lo = min(para_lo, ctx.sents[max(0, si - 3)].start)
        tried: list[Judged] = []
        agreed: list[tuple[float, Judged]] = []
        for pi, part in enumerate(parts):
            part_score = 1.0 / (1 + pi)
            for ws, whole in _wholes(ctx, part, p, cue, para_lo, run if listed else ()):
                if whole.fvalue() == 0:
                    continue
                reading = _judge(part, whole, p)
                st = reading.relation.status
                if st == "consistent":
                    agreed.append((ws + part_score, reading))
                elif st == "rounding":
                    agreed.append((ws + part_score - 1.0, reading))
                else:
                    tried.append(reading)
        if cue.kind == "of":
            # remember the part of this share: it is no whole of a parallel share
            ctx.cache.setdefault("pairing.share_parts", {})[parts[0].start] = cue.phrase
        if agreed:
            agreed.sort(key=lambda t: -t[0])
            yield agreed[0][1]
            continue
        part = parts[0]
        wholes = _wholes(ctx, part, p, cue, para_lo, run if listed else ())
        strong = [q for s, q in wholes if s >= 2.0]
        slipped = _ratio_slip(parts[:2], [q for sc, q in wholes[:3] if sc >= 1.0], p)
        if slipped is not None and not _unambiguous(ctx, cue, part, p, strong, si):
            yield slipped
            continue
        if _unambiguous(ctx, cue, part, p, strong, si):
            whole = cue.inner[0] if cue.inner else strong[0]
            if whole.family == part.family and whole.fvalue() != 0:
                yield _judge(part, whole, p)
                continue
        if strong and tried:
            yield _ambiguous(p, part, strong, tried)
            continue
        if cue.kind == "of" and cue.phrase.strip("的 ") and not strong:
            u = _unverifiable(part, p, cue.phrase.strip("的 "))
            if u is not None:
                yield u


def _ratio_slip(parts: Sequence[Q], wholes: Sequence[Q], p: Q) -> Judged | None:
    """The one reading (part, whole, rate) that holds if one of its figures was mistyped."""
    found: list[Judged] = []
    for part in parts:
        for whole in wholes:
            if whole.fvalue() <= 0 or part is whole:
                continue
            (al, ah), (bl, bh), (pl, ph) = _iv(part), _iv(whole), _iv(p)
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
                    found.append(_slip_relation(CODE, NAME, refs, q, fix, formula))
    return found[0] if len(found) == 1 else None


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
    return ctx.sentence_index(strong[0].start) == si


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
    shown = fmt_implied(part, p, part.decimals + 1) + part.unit
    formula = f"{part.written} ÷ {p.written}% ≈ {shown}"
    zh = f"文中未给出“{what}”（由 {part.written}{part.unit} ÷ {p.written}% 推得约 {shown}），无法核对"
    en = f"the whole ('{what}') is not stated; it would be about {shown}"
    return relation(
        CODE, NAME, "unverifiable", formula, [ref(part, "part"), ref(p, "rate")],
        Msg(zh, en, None, None), implied=shown,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Slips: a figure one keystroke away from the value that makes a reading hold
# ---------------------------------------------------------------------------


def slips(written: str) -> Iterator[tuple[str, str]]:
    """Every numeral one editor's slip away from ``written`` and the kind of slip: one
    digit changed, two adjacent digits swapped, the decimal point moved one place.

    >>> sorted(w for w, k in slips("46") if k == "swap")
    ['64']
    """
    digits = [i for i, c in enumerate(written) if c.isdigit()]
    for i in digits:
        for d in "0123456789":
            if d != written[i] and not (i == 0 and d == "0" and len(digits) > 1):
                yield written[:i] + d + written[i + 1 :], "digit"
    for a, b in itertools.pairwise(digits):
        if b == a + 1 and written[a] != written[b] and not (a == 0 and written[b] == "0"):
            yield written[:a] + written[b] + written[a] + written[b + 1 :], "swap"
    if not _NUMERAL.match(written):
        return
    dot = written.find(".")
    places = len(written) - dot - 1 if dot >= 0 else 0
    val = Decimal(written)
    yield f"{val / 10:.{places + 1}f}", "point"
    if places >= 1:
        yield f"{val * 10:.{places - 1}f}", "point"


def _iv(q: Q) -> tuple[Fraction, Fraction]:
    iv = q.interval("strict", True)
    assert iv.hi is not None
    return iv.lo, iv.hi


def _slip_relation(
    code: str, name: str, refs: list[FigureRef], q: Q, fix: str, formula: str
) -> Judged:
    """A reading that holds only if one figure was mistyped: a warning naming the fix."""
    zh = f"{formula}：数字对不上，疑为笔误——若“{q.text.strip()}”中的 {q.written} 为 {fix} 则相符，请核对"
    en = f"does not hold as written; it would if {q.written} read {fix} (a slip?)"
    j = relation(code, name, "rounding", formula, refs, Msg(zh, en, q.written, fix))
    return j


_NUMERAL = re.compile(r"^\d+(?:\.\d+)?$")


def slip_to(q: Q, lo: Fraction, hi: Fraction, min_digits: int = 3) -> str | None:
    """A numeral one slip away from ``q`` whose value (in ``q``'s unit and precision)
    lies in [lo, hi] (base units), if exactly one such numeral exists.  Figures of fewer
    than ``min_digits`` significant digits are never taken for slips: one keystroke
    from a two-digit number reaches too many numbers by chance."""
    if _sig_digits(q) < min_digits:
        return None
    found: set[str] = set()
    for w, _kind in slips(q.written):
        try:
            v = Fraction(w) * q.scale
        except (ValueError, ZeroDivisionError):
            continue
        dec = len(w.split(".")[1]) if "." in w else 0
        half = Fraction(1, 2 * 10**dec) * q.scale
        if v + half >= lo and v - half <= hi:
            found.add(w)
    return found.pop() if len(found) == 1 else None


# ---------------------------------------------------------------------------
# BR107: the same figure stated again (headline and body, summary and detail)
# ---------------------------------------------------------------------------

REPEAT_CODE = "BR107"
REPEAT_NAME = "repeat"
_REPEAT_FAMILIES_SKIP = frozenset(("pp",))


def _sig_digits(q: Q) -> int:
    digits = q.written.replace(".", "").lstrip("0-")
    return len(digits)


def _same_value(a: Q, b: Q) -> bool:
    from briefing.checks.engine import intervals_meet

    return intervals_meet(a, b, "strict", True)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_CHANGE_ATOMS = atoms("同比增长下降比上年同期提高回落增加减少增速幅较")


def _wide_label(ctx: Context, q: Q) -> frozenset[str]:
    """The words of the 30 characters before a figure in its sentence (commas crossed),
    without change words: 渔业产值…，同比增长10.7% → 渔业产值."""
    norm = ctx.norm
    lo = max(0, q.start - 30)
    cut = max(norm.rfind("。", lo, q.start), norm.rfind("\n", lo, q.start))
    if cut >= 0:
        lo = cut + 1
    return atoms(norm[lo : q.start]) - _CHANGE_ATOMS


def _restates(ctx: Context, a: Q, la: frozenset[str], b: Q, lb: frozenset[str]) -> bool:
    """Do two equal figures state the same thing?  Their labels share most words (a
    percentage or a one-digit count, common by chance, needs more of them and a wider
    label) and their periods agree."""
    pa, pb = a.fig.period, b.fig.period
    if pa and pb and pa != pb:
        return False
    common = len(la & lb)
    sig = _sig_digits(a)
    if a.family in ("%", "pp") or sig <= 1:
        wa, wb = _wide_label(ctx, a), _wide_label(ctx, b)
        return len(wa & wb) >= 4 and _overlap(wa, wb) >= 0.75 and _overlap(la, lb) >= 0.75
    need = 0.5 if sig >= 3 else 0.75
    return common >= 2 and _overlap(la, lb) >= need


def propose_repeats(ctx: Context) -> Iterator[Judged]:
    """A figure stated again in another sentence: the same family, a label that says the
    same thing (most of its words shared) → one consistent relation over every copy
    when the values agree within their precision; an inconsistent one (a warning) when
    two labels are nearly the same, of the same period and subject, and the values
    differ."""
    qs = [q for q in ctx.qs if q.family not in _REPEAT_FAMILIES_SKIP and q.qualifier is None]
    by_family: dict[str, list[Q]] = {}
    for q in qs:
        by_family.setdefault(q.family, []).append(q)
    paired: set[int] = set()
    for group in by_family.values():
        if len(group) < 2 or len(group) > 400:
            continue
        labels = [_label_atoms(ctx, q) for q in group]
        for i, a in enumerate(group):
            if a.start in paired:
                continue
            sa = ctx.sentence_index(a.start)
            la = labels[i]
            if len(la) < 2:
                continue
            copies: list[Q] = []
            differ: Q | None = None
            for j in range(i + 1, len(group)):
                b = group[j]
                lb = labels[j]
                if len(lb) < 2 or ctx.sentence_index(b.start) == sa or b.start in paired:
                    continue
                if _same_value(a, b):
                    if _restates(ctx, a, la, b, lb):
                        copies.append(b)
                elif (
                    differ is None
                    and not copies
                    and a.unit == b.unit
                    and la != lb
                    and _restates(ctx, a, la, b, lb)
                    and slip_to(b, *_iv(a)) is not None
                ):
                    differ = b
                elif (
                    differ is None
                    and not copies
                    and la == lb
                    and a.unit == b.unit
                    and a.family not in ("%", "pp")
                ):
                    # a copy whose digits changed: the same words before it, a
                    # different value (two figures of parallel clauses differ in words)
                    wa, wb = _wide_label(ctx, a), _wide_label(ctx, b)
                    if (
                        wa == wb
                        and len(wa) >= 5
                        and a.fig.period == b.fig.period
                        and a.fig.subject == b.fig.subject
                    ):
                        differ = b
            if copies:
                paired.update(q.start for q in copies)
                refs = [ref(a, "first"), *[ref(q, "stated") for q in copies]]
                formula = " = ".join(q.text for q in [a, *copies])
                yield relation(REPEAT_CODE, REPEAT_NAME, "consistent", formula, refs)
            elif differ is not None:
                b = differ
                zh = f"同一指标前后不一致：前文为 {a.text}，此处为 {b.text}，请核对"
                en = f"the same figure is stated as {a.text} and as {b.text}"
                yield relation(
                    REPEAT_CODE, REPEAT_NAME, "inconsistent", f"{a.text} ≠ {b.text}",
                    [ref(a, "first"), ref(b, "stated")],
                    Msg(zh, en, b.text, a.text),
                )  # fmt: skip


# ---------------------------------------------------------------------------
# BR102: parts that add up to a stated total
# ---------------------------------------------------------------------------

SUM_CODE = "BR102"
SUM_NAME = "sum"
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
    qs = [q for q in qs if not _is_change(ctx, q)]
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
                la = _label_atoms(ctx, q) & lendable_measures()
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
        yield relation(
            SUM_CODE, SUM_NAME, "consistent", f"{expr} = {t.written}（文中 {t.text}）", refs
        )


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
        ivs = [_iv(q) for q in run]
        slo = sum((i[0] for i in ivs), Fraction(0))
        shi = sum((i[1] for i in ivs), Fraction(0))
        tlo, thi = _iv(t)
        refs = sorted([*[ref(q, "part") for q in run], ref(t, "total")], key=lambda r: r.start)
        formula = f"{_sum_expr(run, t)} ≠ {t.written}"
        fix = slip_to(t, slo, shi)
        if fix is not None:
            found.append(_slip_relation(SUM_CODE, SUM_NAME, refs, t, fix, formula))
        for q, (ql, qh) in zip(run, ivs, strict=True):
            lo, hi = tlo - (shi - qh), thi - (slo - ql)
            if hi > 0:
                fix = slip_to(q, lo, hi)
                if fix is not None:
                    found.append(_slip_relation(SUM_CODE, SUM_NAME, refs, q, fix, formula))
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
        SUM_CODE, SUM_NAME, "inconsistent", f"{expr} = {shown}（文中 {t.text}）", refs,
        Msg(zh, en, t.text, shown),
    )  # fmt: skip
    return _as_warning(j)


def fmt_q_sum(total: object, t: Q) -> str:
    from fractions import Fraction

    from briefing.checks.engine import fmt

    assert isinstance(total, Fraction)
    return fmt(total / t.scale, max(t.decimals, 0))


def _as_warning(j: Judged) -> Judged:
    """An inconsistent reading that is not certain: reported as a warning (status
    ``rounding`` is the warning status of relations)."""
    j.relation.status = "rounding"
    return j


@lru_cache(maxsize=1)
def lendable_measures() -> frozenset[str]:
    """Atoms that name what a figure measures (投资, 资金, 收入…), for grouping parts."""
    return lendable() | frozenset(("产值", "增加值", "面积", "产量", "人口"))


#: the proposers of this module, by the BR code whose rule they extend
PROPOSERS = {CODE: propose, REPEAT_CODE: propose_repeats, SUM_CODE: propose_sums}
