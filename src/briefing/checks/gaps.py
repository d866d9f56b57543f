"""BR105 gaps in percentage points between two stated rates, read with evidence.

``工业投资增长17.1%，高于全部投资增速8.9个百分点`` where the whole's rate (全部投资
8.2%) is stated elsewhere: 17.1 − 8.2 = 8.9.  The gap's cue word (高于/低于/回升…,
``data/restate.toml``) gives the direction; the rate is the percentage right before it
(``分别增长18.4%和31.2%，分别高于全县平均增幅6.1和18.9个百分点``: position by
position); the compared rate is one stated earlier (or in brackets before the cue:
``较上季度（-6.4%）回升1.9个百分点``), its candidates ranked by how well their label
matches the name after 高于/较 (全县固定资产投资增速 ↔ 全县固定资产完成投资…增长12.3%), and
arithmetic decides among them.  When none agrees and one candidate is clearly named,
the reading is a warning naming it; an unnamed comparison gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from briefing.checks.engine import (
    Context,
    Judged,
    Msg,
    Q,
    Verdict,
    judge,
    ref,
    relation,
    verdict_relation,
)
from briefing.checks.evidence import as_warning, slips
from briefing.checks.restate import _data, rarity
from briefing.extraction.metric_keys import atoms

CODE = "BR105"
NAME = "ppoint"
_CUT = re.compile(r"[。；;\n]")
# The rates a gap may name are sought among this many figures before it at most (real
# bulletins hold about a hundred in all): a bound that keeps long documents linear.
_RATE_REACH = 256


def _cfg() -> dict[str, list[str]]:
    return _data()["gaps"]  # type: ignore[no-any-return]


def _cue(words: str) -> tuple[int, str] | None:
    """(direction, the name of the compared rate) from the words before a gap: a cue word
    followed by the name (高于全部投资增速), or 比/较 + name + cue word (较一季度回升)."""
    cfg = _cfg()
    best: tuple[int, int, str] | None = None  # (position, direction, word)
    for sign, key in ((1, "above"), (-1, "below")):
        for w in cfg[key]:
            at = words.find(w)
            if at >= 0 and (
                best is None or at < best[0] or (at == best[0] and len(w) > len(best[2]))
            ):
                best = (at, sign, w)
    if best is None:
        return None
    at, sign, w = best
    head, tail = words[:at], words[at + len(w) :]
    for nc in cfg["not_compared"]:
        if nc in head or (tail.startswith(nc[1:]) and nc[0] in "比较"):
            return None
    if tail.strip():
        return sign, tail
    cut = max((head.rfind(c) for c in cfg["comparison_words"]), default=-1)
    if cut < 0:
        return None  # 提高2个百分点 alone: a change, not a gap between two rates
    return sign, head[cut + 1 :]


def _names_a_measure(name_atoms: frozenset[str]) -> bool:
    """Does the compared rate's name say what is measured (全部投资增速), not only whose
    (高于全省: the province's rate of whatever the clause measures)?"""
    vague = atoms("".join(_cfg()["total_names"]) + "增速增幅增长速度水平")
    return bool(name_atoms - vague)


def _is_rate(ctx: Context, q: Q) -> bool:
    lo = max(0, q.start - 10)
    return q.family == "%" and any(w in ctx.norm[lo : q.start] for w in _cfg()["rate_words"])


def _score(ctx: Context, name_atoms: frozenset[str], c: Q) -> int:
    """How many words of the compared rate's name the candidate's label holds: the words
    before it back to the previous rate or gap (so the value that grew counts, another
    clause's 高于全市平均 does not), at most 40 characters, within its line."""
    norm = ctx.norm
    lo = max(0, norm.rfind("。", 0, c.start) + 1, norm.rfind("\n", 0, c.start) + 1, c.start - 40)
    for x in ctx.in_span(lo, c.start):
        if x.family in ("%", "pp") and x.end <= c.start:
            lo = max(lo, x.end)
    return len(name_atoms & atoms(norm[lo : c.start]))


def _words_before(ctx: Context, c: Q) -> str:
    """The words before a rate back to the previous rate or gap, its line or 40
    characters (the words :func:`_score` reads)."""
    norm = ctx.norm
    lo = max(0, norm.rfind("。", 0, c.start) + 1, norm.rfind("\n", 0, c.start) + 1, c.start - 40)
    for x in ctx.in_span(lo, c.start):
        if x.family in ("%", "pp") and x.end <= c.start:
            lo = max(lo, x.end)
    return norm[lo : c.start]


def _measure_words(ctx: Context, r: Q) -> frozenset[str]:
    """The words of two characters or more a rate's label holds (进出口 of …对共建国家
    进出口同比增长8.5%), change words left out."""
    rate_words = set(_cfg()["rate_words"])
    return frozenset(w for w in atoms(_words_before(ctx, r)) if len(w) >= 2 and w not in rate_words)


def _whole_of_measure(ctx: Context, c: Q, measure: frozenset[str]) -> bool:
    """Is ``c`` the rate of the whole of a measure: its label holds a word of the
    measure and a word naming a whole (进出口总值)?"""
    words = _words_before(ctx, c)
    return any(w in words for w in _cfg()["whole_words"]) and bool(measure & atoms(words))


def propose(ctx: Context) -> Iterator[Judged]:
    """Gaps in percentage points between a rate and a compared rate stated elsewhere
    (see the module doc)."""
    norm = ctx.norm
    cfg = _cfg()
    totals = cfg["total_names"]
    pending: list[tuple[frozenset[str], list[Q], list[Q], int, list[tuple[int, Q]]]] = []
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        for gi, g in enumerate(qs):
            if g.family != "pp" or g.qualifier is not None:
                continue
            # the gaps of one 分别 list: bare numbers joined by 和/、 before this one
            gaps = [g]
            k = gi - 1
            while k >= 0 and re.fullmatch(r"[和、及与]", norm[qs[k].end : gaps[0].start]):
                if qs[k].family not in ("pp", "个") or qs[k].qualifier is not None:
                    break
                gaps.insert(0, qs[k])
                k -= 1
            head_lo = qs[k].end if k >= 0 else s.start
            words = norm[head_lo : gaps[0].start]
            if _CUT.search(words) or len(words) > 24:
                continue
            words = words.lstrip("，,、（）() ")
            before = [q for q in qs[: k + 1] if q.family == "%"]
            if k >= 1 and qs[k].family == "%" and norm[qs[k].end : qs[k].end + 1] in "）)":
                # a rate in brackets before the cue: 增长-8.7%，较上季度（-6.4%）回升1.9个百分点
                lead = norm[qs[k - 1].end : qs[k].start]
                bcue = _cue(lead.lstrip("，,、 ").rstrip("（( ") + words.lstrip("）) "))
                rates = [q for q in before[:-1] if _is_rate(ctx, q)][-1:]
                if bcue is None or not rates or len(gaps) != 1:
                    continue
                yield from _judge(ctx, rates, gaps, bcue[0], [qs[k]], strong=True)
                continue
            cue = _cue(words)
            if cue is None:
                continue
            sign, name = cue
            # the rates: the percentages right before, as many as there are gaps
            rates = before[-len(gaps) :]
            if len(rates) != len(gaps) or not all(_is_rate(ctx, q) for q in rates):
                continue
            name_atoms = atoms(name)
            generic = any(t in name for t in totals) and len(name_atoms) <= 6
            whole_of = (
                generic and len(rates) == 1 and any(w in name for w in cfg["whole_of_measure"])
            )
            measure = _measure_words(ctx, rates[0]) if whole_of else frozenset()
            cands = []
            for c in ctx.starting_before(rates[0].start, _RATE_REACH):
                if c.start >= rates[0].start:
                    break
                if c.family != "%" or c.qualifier is not None or not _is_rate(ctx, c):
                    continue
                sc = _score(ctx, name_atoms, c)
                if whole_of and _whole_of_measure(ctx, c, measure):
                    sc += 2  # 进出口总值…增长3.2% for 高出整体增速: the whole of the measure
                if sc >= 2 or generic:
                    cands.append((sc, c))
            if not cands:
                continue
            # one rate restated (上半年增长16% in the lead, 出口…同比增长16% in the body):
            # the latest statement before the gap is the one it compares with
            latest: dict[tuple[int, str], tuple[int, Q]] = {}
            for sc, c in cands:
                latest[(sc, c.written)] = (sc, c)
            cands = [t for t in cands if latest[(t[0], t[1].written)][1] is t[1]]
            cands.sort(key=lambda t: (-t[0], t[1].start))
            if whole_of:
                named = [t for t in cands if _whole_of_measure(ctx, t[1], measure)]
                if len(named) == 1:
                    # the one rate of the whole of the measure: the reading by its words,
                    # not a rate that happens to agree (环比增长4%)
                    cands = named
            pending.append((name_atoms, rates, gaps, sign, cands))
    # Gaps naming one compared rate (高于全部投资增速 … 高于全部投资增速) compare with the
    # same figure: the one the others agree with is this one's reading too
    agreed: dict[frozenset[str], list[Q]] = {}
    results = []
    for name_atoms, rates, gaps, sign, cands in pending:
        out = list(_judge(ctx, rates, gaps, sign, [c for _, c in cands], strong=False,
                          scores=[sc for sc, _ in cands]))  # fmt: skip
        results.append(out)
        for j in out:
            if j.relation.status == "consistent" and _names_a_measure(name_atoms):
                base = next(f for f in j.relation.figures if f.role == "base")
                c = next(c for _, c in cands if c.start == base.start)
                agreed.setdefault(name_atoms, []).append(c)
    for (name_atoms, rates, gaps, sign, cands), out in zip(pending, results, strict=True):
        if out or len({c.start for c in agreed.get(name_atoms, [])}) != 1:
            yield from out
            continue
        c = agreed[name_atoms][0]
        if all(c is not x for _, x in cands):
            continue
        for r, g in zip(rates, gaps, strict=True):
            v = judge(lambda a, b, sg=sign: (a - b) * sg, [r, c], g)
            j = _relation(r, c, g, v, sign)
            if j.relation.status == "inconsistent":
                j = as_warning(j)
            yield j


def _judge(
    ctx: Context,
    rates: list[Q],
    gaps: list[Q],
    sign: int,
    cands: list[Q],
    strong: bool,
    scores: list[int] | None = None,
) -> Iterator[Judged]:
    """Each rate with its gap against the candidates: the first that agrees for every
    pair wins; otherwise a warning on the best-named candidate when it is clearly named."""

    def fn(r: Fraction, c: Fraction) -> Fraction:
        return (r - c) * sign

    for ci, c in enumerate(cands):
        vs = [judge(fn, [r, c], g) for r, g in zip(rates, gaps, strict=True)]
        if all(v.status == "consistent" for v in vs):
            for r, g, v in zip(rates, gaps, vs, strict=True):
                yield _relation(r, c, g, v, sign)
            copy = _passed_over_copy(c, cands, scores, rates[0])
            if copy is not None:
                yield copy
            return
        if ci >= 8:
            break
    if len(rates) >= 2:
        # 分别高于全市平均增速5.2和12.6个百分点: one compared rate for the whole list; when
        # it agrees with every pair but one, that one is the slip (a warning)
        for c in cands[:9]:
            vs = [judge(fn, [r, c], g) for r, g in zip(rates, gaps, strict=True)]
            if sum(v.status != "consistent" for v in vs) == 1:
                for r, g, v in zip(rates, gaps, vs, strict=True):
                    j = _relation(r, c, g, v, sign)
                    if j.relation.status == "inconsistent":
                        j = as_warning(j)
                    yield j
                return
    best = cands[0]
    # clearly named: one candidate holds more of the name than any other
    clear = strong or (
        scores is not None
        and scores[0] >= 2
        and (
            len(scores) == 1
            or scores[0] > scores[1] + (0 if scores[0] == 2 else 1)
            or scores[0] >= 2 * scores[1] + 2
        )
    )
    if not clear:
        return
    for r, g in zip(rates, gaps, strict=True):
        v = judge(fn, [r, best], g)
        j = _relation(r, best, g, v, sign)
        if j.relation.status == "inconsistent":
            j = as_warning(j)
        yield j


def _passed_over_copy(c: Q, cands: list[Q], scores: list[int] | None, rate: Q) -> Judged | None:
    """The compared rate the gap agrees with, and the one later rate named as well that
    is one slip from it (上半年增长16% in the lead, 出口…同比增长61% in the body): a rate
    restated is compared at its latest statement, so the later copy is the mistyped one
    — a warning (BR107)."""
    if scores is None or c.qualifier is not None or rarity(c) < 2:
        return None  # a one-digit rate is one slip from too many others
    sc = scores[cands.index(c)]
    later = [
        x
        for x, s in zip(cands, scores, strict=True)
        if c.end <= x.start < rate.start and s == sc and x.unit == c.unit
    ]
    copies = [x for x in later if any(w == x.written for w, _ in slips(c.written))]
    if len(copies) != 1 or any(x.written == c.written for x in later):
        return None
    x = copies[0]
    zh = f"同一数字前后不一致：{c.text} 与 {x.text}——若“{x.text.strip()}”中的 {x.written} 为 {c.written} 则相符，请核对"
    en = f"the same rate is stated as {c.text} and as {x.text}"
    return relation(
        "BR107", "repeat", "rounding", f"{c.text} ≠ {x.text}",
        [ref(c, "first"), ref(x, "stated")], Msg(zh, en, x.written, c.written),
    )  # fmt: skip


def _relation(r: Q, c: Q, g: Q, v: Verdict, sign: int) -> Judged:
    expr = f"{r.written} − {c.written}" if sign > 0 else f"{c.written} − {r.written}"
    return verdict_relation(
        CODE, NAME, v, expr, v.formatted(max(g.decimals, 1)), g.text,
        [ref(r, "rate"), ref(c, "base"), ref(g, "gap")],
        "the gap in percentage points does not match the two rates",
    )  # fmt: skip
