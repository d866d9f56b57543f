"""BR105 growth: a growth rate that does not match the values it relates.

What it does
    Finds a current value with its absolute change and its rate in one sentence
    (``财政总收入完成168254万元，较上年同期增长12.59%，增收18816万元``) and recomputes
    the rate from the implied base: Δ ÷ (A − Δ) for growth, Δ ÷ (A + Δ) for decline.
    Also a current value with its rate and the previous value stated after it
    (``收入完成48.26亿元，同比增长6.8%，上年同期为45.19亿元``; ``（8月为21365件）``;
    ``（去年同期分别为150.9万人次和9.44亿元）`` paired with the rates in order) or
    before it (``比上年同期的45.19亿元增长6.8%``, ``比2019年的12.6亿元增长5.2%``):
    (A ÷ B − 1) for growth.

    The change may follow a share of the plan (``完成X万元，完成年初预算Y万元的38.7%，比上年
    减收Z万元，下降3.6%``: shares and their wholes are skipped) and be written with a bare
    增/减 (``比上年增0.41万亩，增0.6%``; 新增 is a new total, not a change).  When both
    values, the change and the rate are stated, they are one relation: A − B = Δ and
    Δ ÷ B = rate.  Multiples: ``从A到B…增长了N倍`` means B = (N + 1) × A and ``B是A的N倍``
    means B = N × A (GB/T 15835); 增长N倍 where the values give N times is an error naming
    both fixes.  Periods compared by name (``二季度比一季度增长6%``) take their values from
    a list before (``一季度、二季度分别达到A和B``).  A mismatch that a slip of one figure
    (three or more significant digits) explains names the figure and the fix.  The cue
    words are in ``data/growth.toml``.

Why is this bad?
    Growth rates are quoted on their own later; a wrong one travels.

Example
    ``收入完成168254万元，同比增长12.59%，增收28816万元``

Use instead
    ``…增收18816万元`` (18816 ÷ (168254 − 18816) = 12.59%).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.engine import (
    Context,
    Judged,
    Q,
    fmt,
    holds,
    judge,
    paren_depth,
    ref,
    rule,
    verdict_relation,
)
from briefing.checks.evidence import sig_digits, slips

CODE = "BR105"
NAME = "growth"
DATA = Path(__file__).resolve().parents[1] / "data" / "growth.toml"


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The language knowledge of ``data/growth.toml`` (loaded once)."""
    return recache.toml(DATA.read_text(encoding="utf-8"))


def _alts(words: list[str], guard: str = "") -> str:
    """An alternation of ``words``, longest first; one-character words get a guard
    (a lookbehind) so that 新增 is not read as 增."""
    out = []
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w)
        out.append(f"(?<![{re.escape(guard)}]){esc}" if guard and len(w) == 1 else esc)
    return "|".join(out)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    g = data()["growth"]
    guard = "".join(g["not_change_before"])
    prev = _alts(g["previous_periods"])
    return {
        "rate": re.compile(
            rf"(?:(?P<up>{_alts(g['rate_up'], guard)})|(?P<down>{_alts(g['rate_down'], guard)}))"
            r"了?(?:为|达到|达)?$"
        ),
        "change": re.compile(
            rf"(?:(?P<up>{_alts(g['change_up'], guard)})|(?P<down>{_alts(g['change_down'], guard)}))"
            r"了?$"
        ),
        "rate_head": re.compile(
            rf"(?:{_alts(g['compare_words'])})(?:{prev})?的?|{_alts(g['rate_head_words'])}"
        ),
        "prev_head": re.compile(
            rf"(?:{_alts(g['compare_words'])})(?:{prev}|[0-9]{{4}}年(?:同期)?)的?$"
        ),
    }


def _sign(pat: str, words: str) -> int | None:
    """The direction (+1, −1) of the rate or change word ending ``words``, if any."""
    m = _patterns()[pat].search(words)
    if m is None:
        return None
    return 1 if m.group("up") else -1


def sign_of(pat: str, words: str) -> int | None:
    """:func:`_sign` for the other rules: ``pat`` is "rate" or "change"."""
    return _sign(pat, words)


def _pct(q: Q) -> bool:
    """A percentage (not a 倍 multiple, which the extractor files with them)."""
    return q.family == "%" and q.unit != "倍" and q.qualifier is None


@rule(CODE, NAME, "error", "growth rate ≠ values")
def check(ctx: Context) -> Iterator[Judged]:
    """Growth rates against the values they relate (see the module doc).

    >>> from briefing import read_text, extract
    >>> from briefing.checks.engine import Context
    >>> doc = read_text("全县税收收入完成15238万元，同比增长6.4%，增收917万元。")
    >>> [j.relation.status for j in check(Context(doc, extract(doc)))]
    ['consistent']
    """
    yield from _with_delta(ctx)
    yield from _with_previous(ctx)
    yield from _times(ctx)
    yield from _named_periods(ctx)


def _is_rate(ctx: Context, q: Q, floor: int) -> bool:
    return _pct(q) and _sign("rate", ctx.norm[max(floor, q.start - 8) : q.start]) is not None


def _with_delta(ctx: Context) -> Iterator[Judged]:
    """Growth rates with the current value and the change (see module doc)."""
    norm = ctx.norm
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for i, p in enumerate(qs):
            if not _pct(p):
                continue
            sign = _sign("rate", norm[max(s.start, p.start - 8) : p.start])
            if sign is None:
                continue
            # the change: right after the rate (…增长6.4%，增收917万元) or one of the two
            # figures before it (比上年减收860万元，下降3.6%), with a change word of the
            # rate's direction
            delta: Q | None = None
            after = [q for q in qs[i + 1 : i + 2] if q.start - p.end <= 8]
            for q in [*after, *reversed(qs[max(0, i - 2) : i])]:
                if q.family in ("%", "pp"):
                    continue
                if _sign("change", norm[max(s.start, q.start - 4) : q.start]) == sign:
                    delta = q
                    break
            if delta is None:
                continue
            if delta.end <= p.start and _names_other_measure(ctx, delta.end, p.start):
                continue  # 同比增加63个，完成投资增长15.6%: the rate of another measure
            found = _value_before(ctx, qs, min(delta.start, p.start), delta, s.start)
            if found is None:
                continue
            base, prev = found
            lo, hi = min(delta.start, p.start), max(delta.end, p.end)
            if any(
                lo < q.start < hi and q.family == delta.family and q not in (delta, p) for q in qs
            ):
                continue
            if prev is not None:
                yield _judge_four(base, prev, delta, p, sign)
                continue
            a_s, d_s = _texts(base, delta)
            if sign > 0:
                fn = _up_from_change
                expr = f"{d_s} ÷ ({a_s} − {d_s})"
            else:
                fn = _down_from_change
                expr = f"{d_s} ÷ ({a_s} + {d_s})"
            v = judge(fn, [base, delta], p)
            if v.status == "rounding" and _is_average(ctx, base):
                # an average (亩产108公斤, its change 4公斤) is a quotient: always rounded
                v.status = "consistent"
            yield _with_slip(
                verdict_relation(
                    CODE, NAME, v, expr, v.formatted(max(p.decimals, 1)) + "%", p.text,
                    [ref(base, "value"), ref(delta, "change"), ref(p, "rate")],
                    "growth rate does not match the value and its change",
                ),
                fn, [base, delta], p,
            )  # fmt: skip


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _names_other_measure(ctx: Context, a: int, b: int) -> bool:
    """Does the clause of the rate ending at ``b`` (after the change ending at ``a``)
    name a measure of its own before its rate word: two Chinese characters or more once
    the words of a comparison (同比, 比上年同期) and of a list (分别) are taken off?"""
    norm = ctx.norm
    cut = max((norm.rfind(c, a, b) for c in "，,；;"), default=-1)
    if cut < 0:
        return False
    words = norm[cut + 1 : b]
    m = _patterns()["rate"].search(words)
    if m is None:
        return False
    head = _patterns()["rate_head"].sub("", words[: m.start()])
    return len(_HAN.findall(head)) >= 2


def _up_from_change(a: Fraction, d: Fraction) -> Fraction:
    return d / (a - d) * 100


def _down_from_change(a: Fraction, d: Fraction) -> Fraction:
    return d / (a + d) * 100


def _is_average(ctx: Context, q: Q) -> bool:
    label = ctx.label(q)
    return any(w in label for w in data()["average"]["average_words"])


def _texts(a: Q, b: Q) -> tuple[str, str]:
    """How two figures are written in a formula: bare numbers when their scales agree."""
    return (a.written, b.written) if a.scale == b.scale else (a.text, b.text)


def _value_before(
    ctx: Context, qs: list[Q], before: int, delta: Q, floor: int
) -> tuple[Q, Q | None] | None:
    """The current value a change belongs to: the nearest figure of its family before
    it that can be a current value (shares of a plan and their wholes, bracketed figures
    skipped), and the previous value if one is named on the way (比2019年的12.8264万吨).
    Another rate or another change of the family first: that figure's own value."""
    norm = ctx.norm
    prev: Q | None = None
    for q in reversed([q for q in qs if q.end <= before]):
        if q is delta:
            continue
        if q.family in ("%", "pp"):
            if _is_rate(ctx, q, floor):
                return None
            continue
        if q.family != delta.family:
            continue
        head = norm[max(floor, q.start - 12) : q.start]
        if _patterns()["prev_head"].search(head):
            if prev is not None:
                return None
            prev = q
            continue
        if _sign("change", norm[max(floor, q.start - 4) : q.start]) is not None:
            return None
        if not _plain(ctx, q, floor):
            continue
        return q, prev
    return None


def _judge_four(cur: Q, prev: Q, delta: Q, p: Q, sign: int) -> Judged:
    """Both values, the change and the rate stated: the change is their difference and
    the rate the change over the previous value."""
    c_s, b_s = _texts(cur, prev)
    d_s = delta.written if delta.scale == prev.scale else delta.text
    refs = [ref(cur, "value"), ref(prev, "previous"), ref(delta, "change"), ref(p, "rate")]
    fd = _diff_up if sign > 0 else _diff_down
    vd = judge(fd, [cur, prev], delta)
    fr = _rate_of_change
    vr = judge(fr, [delta, prev], p)
    expr_d = f"{c_s} − {b_s}" if sign > 0 else f"{b_s} − {c_s}"
    jd = verdict_relation(
        CODE, NAME, vd, expr_d, fmt(vd.computed / delta.scale, delta.decimals), delta.text, refs,
        "the change does not match the current and previous values",
    )  # fmt: skip
    jr = verdict_relation(
        CODE, NAME, vr, f"{d_s} ÷ {b_s}", vr.formatted(max(p.decimals, 1)) + "%", p.text, refs,
        "growth rate does not match the change and the previous value",
    )  # fmt: skip
    order = ("consistent", "rounding", "inconsistent")
    both: list[Check] = [(fd, [cur, prev], delta), (fr, [delta, prev], p)]
    if order.index(jd.relation.status) >= order.index(jr.relation.status):
        worst = _with_slip(jd, *both[0], both[1])
    else:
        worst = _with_slip(jr, *both[1], both[0])
    if worst.relation.status == "consistent":
        worst.relation.formula = f"{jd.relation.formula}；{jr.relation.formula}"
    return worst


def _diff_up(c: Fraction, b: Fraction) -> Fraction:
    return c - b


def _diff_down(c: Fraction, b: Fraction) -> Fraction:
    return b - c


def _rate_of_change(d: Fraction, b: Fraction) -> Fraction:
    return d / b * 100


def _variant(q: Q, written: str) -> Q:
    return q.with_numeral(written)


Check = tuple[Callable[..., Fraction], list[Q], Q]


def slip_of(
    fn: Callable[..., Fraction], operands: list[Q], stated: Q, *more: Check
) -> tuple[Q, str] | None:
    """The one figure (of three or more significant digits) and the numeral one slip
    away from it that would make ``fn(operands) == stated`` (and every further check)
    hold, if exactly one does."""
    checks: list[Check] = [(fn, operands, stated), *more]
    figs: list[Q] = []
    for _f, ops, st in checks:
        figs += [q for q in [*ops, st] if all(q is not x for x in figs)]
    found: list[tuple[Q, str]] = []
    for q in figs:
        if sig_digits(q) < 3:
            continue
        seen = set()
        for w, _kind in slips(q.written):
            if w in seen or not _NUMERAL.match(w):
                continue
            seen.add(w)
            alt = _variant(q, w)

            def swap(x: Q, q: Q = q, alt: Q = alt) -> Q:
                return alt if x is q else x

            try:
                ok = all(holds(f, [swap(o) for o in ops], swap(st)) for f, ops, st in checks)
            except (ZeroDivisionError, ValueError):
                continue
            if ok:
                found.append((q, w))
                if len(found) > 1:
                    return None
    return found[0] if found else None


def _with_slip(
    j: Judged, fn: Callable[..., Fraction], operands: list[Q], stated: Q, *more: Check
) -> Judged:
    """An inconsistent reading that one slip explains names the figure and the fix."""
    if j.relation.status != "inconsistent" or j.msg is None:
        return j
    hit = slip_of(fn, operands, stated, *more)
    if hit is None:
        return j
    q, w = hit
    j.msg.zh += f"；疑为笔误——若“{q.text.strip()}”中的 {q.written} 为 {w} 则相符，请核对"
    j.msg.en += f"; it would hold if {q.written} read {w} (a slip?)"
    if q is not stated:
        j.msg.stated, j.msg.expected = q.written, w
    return j


_NUMERAL = re.compile(r"^\d+(?:\.\d+)?$")


# The previous value named after the rate: 上年同期为X, （8月为X）, 去年同期分别为A和B
_PREV_AFTER = re.compile(
    r"(?:上年同期|去年同期|上年|去年|同期|上月|上季度|上年度|[0-9一二三四五六七八九十]{1,2}月(?:份)?)"
    r"(?:分别)?(?:为|是|达|完成|实现)"
)
_WHOLE_LABEL = re.compile(r"(?:计划|预算|目标|任务)[\u4e00-\u9fff]{0,2}$")


def _plain(ctx: Context, q: Q, floor: int) -> bool:
    """A figure that can be a current value: not a change, not a share's whole, not in brackets."""
    norm = ctx.norm
    if q.family in ("%", "pp") or _sign("change", norm[max(floor, q.start - 4) : q.start]):
        return False
    if norm[q.end : q.end + 1] == "的" or _WHOLE_LABEL.search(ctx.label(q)):
        return False
    return paren_depth(norm, floor, q.start) == 0


def _with_previous(ctx: Context) -> Iterator[Judged]:
    """Growth rates whose previous value is stated (see module doc)."""
    norm = ctx.norm
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        rates = [p for p in qs if _is_rate(ctx, p, s.start)]
        if not rates:
            continue
        pairs: list[tuple[Q, Q]] = []  # (rate, previous)
        for m in _PREV_AFTER.finditer(norm, s.start, s.end):
            before = [p for p in rates if p.end <= m.start()]
            if not before:
                continue
            seg_end = re.compile(r"[；;。）)]").search(norm, m.end(), s.end)
            stop = seg_end.start() if seg_end else s.end
            prevs = ctx.in_span(m.end(), stop)
            if not prevs or any(q.family in ("%", "pp") for q in prevs):
                continue
            if prevs[0].start - m.end() > 1:
                continue  # the value must follow the phrase directly
            if "分别" in m.group(0):
                # the rates of the sentence up to here, in order, one value each
                if len(prevs) != len(before):
                    continue
                pairs += list(zip(before, prevs, strict=True))
            else:
                p = before[-1]
                gap = norm[p.end : m.start()]
                if (
                    len(prevs) != 1
                    or re.search(r"[；;]", gap)
                    or any(p.end <= r.start < m.start() for r in qs if r.family == "%")
                ):
                    continue
                pairs.append((p, prevs[0]))
        for p, prev in pairs:
            cur = None
            for q in reversed([q for q in qs if q.end <= p.start]):
                if q.family == prev.family and _plain(ctx, q, s.start):
                    cur = q
                    break
                if q is not p and _is_rate(ctx, q, s.start):
                    break  # another rate in between: its own value
            if cur is None:
                continue
            yield _judge_growth(cur, prev, p, norm[max(s.start, p.start - 8) : p.start])
        # 比上年同期的X增长P%: the previous value right before the rate word
        for p in rates:
            # the last figure before the rate that is not a percentage (looked for from
            # the end: the full list is only needed when the words around it fit)
            last = next(
                (q for q in reversed(qs) if q.end <= p.start and q.family not in ("%", "pp")),
                None,
            )
            if last is None:
                continue
            head = norm[max(s.start, last.start - 12) : last.start]
            tail = norm[last.end : p.start]
            if not _patterns()["prev_head"].search(head) or not _bare_rate_word(tail):
                continue
            prior = [q for q in qs if q.end <= p.start and q.family not in ("%", "pp")]
            cands = [q for q in prior[:-1] if q.family == last.family and _plain(ctx, q, s.start)]
            if cands:
                yield _judge_growth(cands[-1], last, p, tail)


def _bare_rate_word(tail: str) -> bool:
    """Only a rate word (after a comma, maybe 同比) between a previous value and its rate."""
    t = tail.lstrip("，, ")
    m = _patterns()["rate"].search(t)
    return m is not None and t[: m.start()] in ("", "同比", "环比")


def _growth_up(c: Fraction, b: Fraction) -> Fraction:
    return (c / b - 1) * 100


def _growth_down(c: Fraction, b: Fraction) -> Fraction:
    return (1 - c / b) * 100


def _judge_growth(cur: Q, prev: Q, p: Q, words: str) -> Judged:
    sign = _sign("rate", words) or 1
    c_s, p_s = _texts(cur, prev)
    if sign > 0:
        fn, expr = _growth_up, f"({c_s} ÷ {p_s} − 1)"
    else:
        fn, expr = _growth_down, f"(1 − {c_s} ÷ {p_s})"
    v = judge(fn, [cur, prev], p)
    return _with_slip(
        verdict_relation(
            CODE, NAME, v, expr, v.formatted(max(p.decimals, 1)) + "%", p.text,
            [ref(cur, "value"), ref(prev, "previous"), ref(p, "rate")],
            "growth rate does not match the current and previous values",
        ),
        fn, [cur, prev], p,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# 倍: 增长N倍 (the value is N + 1 times the base) and 是…的N倍 (N times)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _times_patterns() -> dict[str, re.Pattern[str]]:
    t = data()["times"]
    return {
        "increase": re.compile(rf"(?:{_alts(t['increase'])})$"),
        "multiple": re.compile(rf"^(?:{_alts(t['multiple'])})$"),
        "from": re.compile(rf"(?:{_alts(t['from_words'])})[^，,；;。]{{0,8}}$"),
        "to": re.compile(rf"^[^，,；;。]{{0,2}}(?:{_alts(t['to_words'])})[^，,；;。]{{0,8}}$"),
    }


def _times(ctx: Context) -> Iterator[Judged]:
    """A multiple (N倍) of two stated values: 从A到B…增长了N倍 (B = (N + 1) × A),
    B比A的…增长N倍, and B是A的N倍 (B = N × A)."""
    norm = ctx.norm
    pats = _times_patterns()
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for i, k in enumerate(qs):
            if k.unit != "倍" or k.qualifier is not None:
                continue
            prior = [q for q in qs[:i] if q.family not in ("%", "pp") and q.kind != "duration"]
            if len(prior) < 2:
                continue
            words = norm[max(s.start, k.start - 6) : k.start]
            b, a = prior[-1], prior[-2]
            if b.family != a.family:
                continue
            plus: int
            if pats["multiple"].match(norm[b.end : k.start]):
                # B是A的N倍: the base is the figure right before 的
                b, a = a, b
                if not re.fullmatch(
                    r"[，,]?(?:是|为|相当于)[^，,；;。]{0,8}", norm[b.end : a.start]
                ):
                    continue
                plus = 0
            elif pats["increase"].search(words):
                between = norm[a.end : b.start]
                if not (pats["from"].search(norm[max(s.start, a.start - 10) : a.start])
                        and pats["to"].match(between)):  # fmt: skip
                    continue
                if re.search(r"[；;]", norm[b.end : k.start]) or any(
                    b.end <= q.start < k.start and q.kind != "duration" for q in qs[:i]
                ):
                    continue
                plus = 1
            else:
                continue
            yield _judge_times(a, b, k, plus)


def _judge_times(a: Q, b: Q, k: Q, plus: int) -> Judged:
    b_s, a_s = _texts(b, a)
    refs = [ref(a, "previous"), ref(b, "value"), ref(k, "rate")]

    def fn(bv: Fraction, av: Fraction) -> Fraction:
        return bv / av - plus

    v = judge(fn, [b, a], k)
    expr = f"{b_s} ÷ {a_s}" + (" − 1" if plus else "")
    j = verdict_relation(
        CODE, NAME, v, expr, v.formatted(max(k.decimals, 1)) + "倍", k.text, refs,
        "the multiple does not match the two values",
    )  # fmt: skip
    if plus and j.msg is not None and j.relation.status == "inconsistent":
        if judge(_ratio, [b, a], k).status == "consistent":
            net = v.formatted(max(k.decimals, 1))
            j.msg.zh += (
                f"：“增长{k.written}倍”即为原来的{fmt_plus(k)}倍，而 {b_s} ÷ {a_s} 约为"
                f"{k.written}倍（增长{net}倍）；应为“增长{net}倍”或“是…的{k.written}倍”"
            )
            j.msg.en += (
                f" (增长{k.written}倍 means {fmt_plus(k)} times; the values give {k.written} times)"
            )
    return j


def _ratio(bv: Fraction, av: Fraction) -> Fraction:
    return bv / av


def fmt_plus(k: Q) -> str:
    return fmt(k.value + 1, k.decimals)


# ---------------------------------------------------------------------------
# 二季度比一季度增长6%: periods compared by name, their values listed before
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _period_patterns() -> tuple[re.Pattern[str], re.Pattern[str], str]:
    g = data()["growth"]
    name = "(?:" + "|".join(g["period_names"]) + ")"
    lst = re.compile(
        rf"(?P<names>{name}(?:[、和与及]{name})+)(?:[^，,；;。]{{0,6}}?)(?:{_alts(g['list_verbs'])})"
    )
    cmp_ = re.compile(
        rf"(?P<b>{name})[^，,；;。比较]{{0,6}}(?:比|较)(?P<a>{name})[^，,；;。]{{0,4}}$"
    )
    return lst, cmp_, name


def _named_periods(ctx: Context) -> Iterator[Judged]:
    """``一季度、二季度分别达到A和B … 二季度比一季度增长6%``: the rate of the later named
    period over the earlier, their values found by name in a list before (same paragraph)."""
    norm = ctx.norm
    lst, cmp_, name = _period_patterns()
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for p in qs:
            if not _pct(p):
                continue
            words = norm[max(s.start, p.start - 30) : p.start]
            mr = _patterns()["rate"].search(words)
            if mr is None:
                continue
            mc = cmp_.search(words[: mr.start()])
            if mc is None or mc.group("a") == mc.group("b"):
                continue
            para = ctx.para_of(p.start)
            values: dict[str, Q] = {}
            for ml in lst.finditer(norm, para[0], s.start):
                names = re.findall(name, ml.group("names"))
                stop = re.compile(r"[；;。]").search(norm, ml.end(), s.start)
                figs = [
                    q for q in ctx.in_span(ml.end(), stop.start() if stop else s.start)
                    if q.family not in ("%", "pp")
                ][: len(names)]  # fmt: skip
                if len(figs) == len(names) and len({q.family for q in figs}) == 1:
                    values.update(zip(names, figs, strict=True))
            a, b = values.get(mc.group("a")), values.get(mc.group("b"))
            if a is None or b is None or a is b:
                continue
            yield _judge_growth(b, a, p, words)
