"""BR107 restatements read with evidence: the same figure stated again (headline and
body, summary and detail) is one relation over every copy.

Two figures restate each other when they are of one family, in different sentences,
equal (in base units: 3.46万亩 = 34600亩; a headline may round the body's figure, 26亿元
for 26.08亿元, or qualify it, 近千亿元 for 996.8亿元), their labels say the same thing and
nothing says they differ:

- labels: most of their canonical atoms shared, or a long common run of words (a
  percentage or a one-digit count, equal by chance more often, needs more of them);
- vetoes: their own periods differ (a period after 比/较/与 is a comparison base, not
  the figure's own), one label carries a modifier the other lacks (人均), or the figures
  right before them in their clauses differ (``地区生产总值318620万元，增长9.4%`` and
  ``人均地区生产总值24810元，增长9.4%`` are two growth rates).

A copy whose digits differ is a warning when the same evidence pairs the two and one of
them is one slip away from the other (:func:`briefing.checks.evidence.slips`).

Example::

    全县新签约项目126个，签约金额385.6亿元。… 全县新签约项目126个，签约金额358.6亿元
    → 385.6亿元 ≠ 358.6亿元: a warning
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.engine import Context, Judged, Msg, Q, ref, relation
from briefing.checks.evidence import (
    CHANGE_ATOMS,
    is_change,
    label_atoms,
    overlap,
    same_value,
    sig_digits,
    slip_numerals,
    slips,
    wide_label,
)
from briefing.checks.partition import change_direction
from briefing.extraction.metric_keys import atoms

CODE = "BR107"
NAME = "repeat"
DATA = Path(__file__).resolve().parents[1] / "data" / "restate.toml"
_REPEAT_FAMILIES_SKIP = frozenset(("pp",))
# Bounds of the search (explicit, so that a document of many equal figures costs time in
# proportion to its length): the first _MAX_CANDIDATES later figures that may be copies
# (or slipped copies) of a figure are tried, and at most _MAX_COPIES copies are gathered.
# Real bulletins state one figure at most four or five times.
_MAX_CANDIDATES = 32
_MAX_COPIES = 8
_RATE_FAMILIES = frozenset(("%", "pp", "‰"))
_NONE: frozenset[str] = frozenset()
# scale words written alone as a headline's unit (18.7万亿！): the body names the unit
_BARE_SCALES = frozenset(("万亿", "亿", "千亿", "百亿"))
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]+")
_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]+")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return recache.toml(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _noise() -> re.Pattern[str]:
    return re.compile(_data()["restate"]["label_noise"])


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


_STATED_YEAR = re.compile(r"^\d{4}年(?=.)")


def _norm_period(p: str) -> str:
    year = _STATED_YEAR.match(p)
    if year is not None:  # 2024年前三季度 → 2024年1-9月
        return year.group() + _norm_period(p[year.end() :])
    p = re.sub(r"^(?:截至|截止|今年)", "", p)
    p = re.sub(r"[至—~－]", "-", p)
    p = re.sub(r"(?:份|底|末)", "", p)
    p = re.sub(r"^前(\d{1,2})个?月$", r"1-\1月", p)
    return str(_data()["period_aliases"].get(p, p))


def own_period(ctx: Context, q: Q) -> str | None:
    """The figure's own time frame: its period phrase when it stands before the figure
    in its sentence and is not a comparison base (比上年, 与一季度末持平); ``1至6月``
    is read whole."""
    cache = ctx.table("restate.period")
    if q.start not in cache:
        cache[q.start] = _own_period(ctx, q)
    return cache[q.start]  # type: ignore[no-any-return]


def _own_period(ctx: Context, q: Q) -> str | None:
    p = q.fig.period
    if not p or p in _data()["vague_periods"]:
        return None
    si = ctx.sentence_index(q.start)
    lo = ctx.sents[si].start if si is not None else max(0, q.start - 60)
    at = ctx.norm.rfind(p, lo, q.start)
    if at < 0:
        return None
    before = ctx.norm[max(lo, at - 2) : at]
    if any(before.endswith(w) for w in _data()["restate"]["comparison_before"]):
        return None
    m = re.search(r"(\d{1,2})\s*[至—~\-－]\s*$", ctx.norm[max(lo, at - 4) : at])
    if m and re.match(r"\d{1,2}月", p):
        return _norm_period(f"{m.group(1)}-{p}")
    if ctx.norm[max(lo, at - 1) : at] == "前" and re.match(r"\d{1,2}个?月", p):
        return _norm_period(f"前{p}")  # 前7月: the first seven months
    return _norm_period(p)


def _periods_differ(ctx: Context, a: Q, b: Q) -> bool:
    pa, pb = own_period(ctx, a), own_period(ctx, b)
    if pa is None or pb is None or pa == pb:
        return False
    ya, yb = _STATED_YEAR.match(pa), _STATED_YEAR.match(pb)
    if (ya is None) != (yb is None):
        # 2024年前三季度 … 前三季度: the year is stated once and then left out
        pa, pb = _STATED_YEAR.sub("", pa), _STATED_YEAR.sub("", pb)
        if pa == pb:
            return False
    if _to_month_end(a, pa, pb) or _to_month_end(b, pb, pa):
        return False
    rel = ("今年", "去年", "明年", "上年", "本年")
    # a relative year and an absolute one may name the same year
    return not (any(pa.startswith(r) for r in rel) != any(pb.startswith(r) for r in rel))


_UNTIL_MONTH_END = re.compile(r"^(?:截至|截止)(\d{1,2})月(?:底|末)$")


def _to_month_end(q: Q, p: str, other: str) -> bool:
    """Is ``q``'s period 截至N月底 (read as the month N) and the other's 1-N月: the
    running total to the end of a month is the total of the months to it."""
    m = _UNTIL_MONTH_END.match(q.fig.period or "")
    return m is not None and p == f"{m.group(1)}月" and other == f"1-{m.group(1)}月"


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def _own_text(ctx: Context, q: Q) -> str:
    """The text of the sentence before a figure and after the previous figure (at most
    30 characters, commas crossed)."""
    norm = ctx.norm
    lo = max(0, q.start - 30)
    cut = max(norm.rfind("。", lo, q.start), norm.rfind("\n", lo, q.start))
    if cut >= 0:
        lo = cut + 1
    for x in ctx.in_span(lo, q.start):
        lo = max(lo, x.end)  # only the words after the previous figure count as its own
    return norm[lo : q.start]


def _words(ctx: Context, q: Q) -> str:
    """The words of the sentence before a figure (:func:`_own_text`, numbers and change
    words dropped; found once per figure)."""
    cache = ctx.table("restate.words")
    key = (q.start, q.end)
    hit = cache.get(key)
    if hit is None:
        text = _noise().sub("", _own_text(ctx, q))
        hit = cache[key] = "".join(_HAN.findall(text))
    return hit  # type: ignore[no-any-return]


def _run_of(a: str, b: str, k: int) -> bool:
    """Do ``a`` and ``b`` share a run of ``k`` characters (their longest common substring
    is ``k`` long or more)?  Asked as: does a k-character piece of ``a`` occur in ``b``."""
    return k <= 0 or any(a[i : i + k] in b for i in range(len(a) - k + 1))


def _antecedent(ctx: Context, q: Q) -> Q | None:
    """The figure right before ``q`` in its sentence and list item (what a rate is the
    rate of); a change stated in passing (``612万人，比一季度末减少3万人``) is skipped."""
    cache = ctx.table("restate.antecedent")
    if q.start not in cache:
        cache[q.start] = _find_antecedent(ctx, q)
    return cache[q.start]  # type: ignore[no-any-return]


def _find_antecedent(ctx: Context, q: Q) -> Q | None:
    si = ctx.sentence_index(q.start)
    if si is None:
        return None
    lo = max(ctx.sents[si].start, q.start - 40)
    lo = max(lo, ctx.norm.rfind("；", lo, q.start) + 1, ctx.norm.rfind(";", lo, q.start) + 1)
    before = ctx.in_span(lo, q.start)  # a list item after a semicolon is about another thing
    before = [x for x in before if x.end <= q.start]
    listed = _respective(ctx, q, lo)
    if listed is not None:
        return listed
    while len(before) > 1 and is_change(ctx, before[-1]):
        before.pop()
    return before[-1] if before else None


_LIST_GAP = re.compile(r"^\s*[、，,和及与]\s*$")
_RESPECTIVE = "分别"


def _respective(ctx: Context, q: Q, lo: int) -> Q | None:
    """In ``A、B，同比分别增长x、y`` the k-th change after 分别 is the change of the k-th
    of the figures right before it: the figure ``q`` is the change of, or None when
    ``q`` is not in such a list (or the two lists do not have one length)."""
    k = ctx.norm.rfind(_RESPECTIVE, lo, q.start)
    if k < 0 or not is_change(ctx, q):
        return None
    rates: list[Q] = []
    # the list after 分别: figures with list separators between them
    for x in ctx.starting_from(k):
        if rates and not _LIST_GAP.match(ctx.norm[rates[-1].end : x.start]):
            break
        if rates and x.family != rates[0].family:
            break
        rates.append(x)
    if q not in rates:
        return None
    heads = [x for x in ctx.in_span(lo, k) if x.end <= k and not is_change(ctx, x)]
    if len(heads) < len(rates) or len(rates) < 2:
        return None
    heads = heads[-len(rates) :]
    return heads[rates.index(q)]


def _vetoed(ctx: Context, a: Q, b: Q) -> bool:
    """Does anything say the two figures measure different things?  (Asked of a pair
    again and again: found once, for the very figures the table holds, which it keeps
    alive so that identity is sound.)"""
    memo = ctx.table("restate.vetoed")
    key = (id(a), id(b))
    hit = memo.get(key)
    if hit is not None and hit[0] is a and hit[1] is b:
        return hit[2]  # type: ignore[no-any-return]
    out = _find_veto(ctx, a, b)
    memo[key] = (a, b, out)
    return out


def _find_veto(ctx: Context, a: Q, b: Q) -> bool:
    if _periods_differ(ctx, a, b):
        return True
    sa, sb = stages(ctx, a), stages(ctx, b)
    if sa and sb and not sa & sb:
        return True  # 计划投资 and 完成投资: two stages of one undertaking
    wa, wb = ctx.norm[max(0, a.start - 30) : a.start], ctx.norm[max(0, b.start - 30) : b.start]
    la, lb = ctx.label(a), ctx.label(b)
    for m in _data()["restate"]["modifiers"]:
        if (m in la) != (m in lb) and (m in wa) != (m in wb):
            # a title drops modifiers: 城市平均…比例 is headlined as 城市…比例
            if not _headline(ctx, b if m in wa else a):
                return True
    xa, xb = _antecedent(ctx, a), _antecedent(ctx, b)
    if xa is not None and xb is not None and xa.family == xb.family:
        return not same_value(xa, xb)
    return False


def rarity(q: Q) -> int:
    """The significant digits that make a chance equality unlikely: the zeros ending a
    whole number say little (100% and 480万套 are round figures).

    >>> from briefing.checks.engine import quantity
    >>> from briefing.extraction import extract_text
    >>> [rarity(quantity(f)) for f in extract_text("完成100%，建成480万套，投资18.21亿元")]
    [1, 2, 4]
    """
    w = q.written.replace(",", "")
    if "." not in w:
        w = w.rstrip("0") or "0"
    return len(w.replace(".", "").lstrip("0-"))


def _noun_after(ctx: Context, q: Q) -> frozenset[str]:
    """The counted noun right after a figure (``办好48件民生实事``), up to a clause break,
    a digit or six characters."""
    if q.family in _RATE_FAMILIES:
        return frozenset()
    m = _NOUN_AFTER.match(ctx.norm, q.end, min(len(ctx.norm), q.end + 6))
    return atoms(m.group()) if m else frozenset()


# 同比分别下降17.5%、12.9%: 分别 says the changes follow a list, not what they measure
_LIST_WORDS = atoms("分别")


def label_of(ctx: Context, q: Q) -> frozenset[str]:
    """What a figure measures, for restatements: its label atoms, the noun it counts,
    and for a change with no words of its own the label of the figure it changes
    (``进出口总值4.36万亿元，同比增长5.2%`` → the growth of 进出口总值)."""
    cache = ctx.table("restate.label")
    hit = cache.get(q.start)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    la = label_atoms(ctx, q) | _noun_after(ctx, q)
    if len(la - CHANGE_ATOMS) < 2 and is_change(ctx, q):
        x = _antecedent(ctx, q)
        if x is not None and x.family not in _RATE_FAMILIES:
            la = la | label_atoms(ctx, x)
    cache[q.start] = la
    return la


def _loose(ctx: Context, a: Q, la: frozenset[str], b: Q, lb: frozenset[str]) -> bool:
    """Weaker label evidence, enough for a value rare by its digits (four significant
    digits, or three of an amount or a count) or a headline's figure: a shared word of
    two or more characters (投资, 开工率), and the shorter label said whole by the other
    (a headline condenses, it does not rename: 工业投资 is not 第二产业投资)."""
    ca, cb = la - CHANGE_ATOMS, lb - CHANGE_ATOMS
    if sum(len(x) for x in ca & cb) < 2 or overlap(ca, cb) < 1:
        return False
    rar = min(rarity(a), rarity(b))
    if rar >= 4 or (rar >= 3 and a.family not in _RATE_FAMILIES):
        return True
    return rar >= 2 and (_headline(ctx, a) or _headline(ctx, b))


def _labels_agree(ctx: Context, a: Q, la: frozenset[str], b: Q, lb: frozenset[str]) -> bool:
    """Do two figures' labels say the same thing?  Most words shared (a percentage or a
    one-digit count, common by chance, needs more of them and a wider label), or a
    common run of four or more characters in the words before them."""
    common = len(la & lb)
    sig = sig_digits(a)
    small = a.family in ("%", "pp") or sig <= 2
    if small:
        wa, wb = wide_label(ctx, a), wide_label(ctx, b)
        if len(wa & wb) >= 4 and overlap(wa, wb) >= 0.75 and overlap(la, lb) >= 0.75:
            return True
    elif common >= 2 and overlap(la, lb) >= (0.5 if sig >= 3 else 0.75):
        return True
    return _run_of(_words(ctx, a), _words(ctx, b), 6 if small else 4)


def stages(ctx: Context, q: Q) -> frozenset[str]:
    """The stage words of a figure's own words (计划, 完成, 签约, 到位…)."""
    cache = ctx.table("restate.stages")
    hit = cache.get(q.start)
    if hit is None:
        words = _own_text(ctx, q)
        hit = cache[q.start] = frozenset(w for w in _data()["restate"]["stages"] if w in words)
    return hit  # type: ignore[no-any-return]


_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{2}(?:率|比重|占比))(?:为|达到|达|是|已达|已)?$")


def _rate_name(ctx: Context, q: Q) -> str:
    """The named rate right before a percentage (``开工率为97.4%`` → 开工率), or ''."""
    if q.family not in _RATE_FAMILIES:
        return ""
    m = _RATE_NAME.search(_own_text(ctx, q))
    return m.group(1) if m else ""


def _named_rate_copy(ctx: Context, a: Q, b: Q) -> bool:
    """Two percentages of the same named rate (开工率, 办结率) with a value rare enough
    (three significant digits): the rate restated."""
    name = _rate_name(ctx, a)
    return bool(name) and name == _rate_name(ctx, b) and min(rarity(a), rarity(b)) >= 3


def _headline_copy(ctx: Context, a: Q, b: Q, group: list[Q]) -> bool:
    """A title's figure and the one body figure equal to it (or its copies in a paragraph
    posted twice): a headline restates its article (``…事故同比下降17.6%`` over
    ``…同比分别下降17.6%``).  The change words must
    agree (both 增长, both 下降, or neither), the value must not be a round one-digit
    figure, and no other body figure may be equal to the headline's."""
    ha, hb = _headline(ctx, a), _headline(ctx, b)
    if ha == hb or min(rarity(a), rarity(b)) < 2:
        return False
    if change_direction(ctx, a) != change_direction(ctx, b):
        return False
    head = a if ha else b
    cache = ctx.table("restate.headline")
    key = (head.start, head.family)
    n = cache.get(key)
    if n is None:
        body = [
            x for x in group if x is not head and not _headline(ctx, x) and _equal(ctx, head, x)
        ]
        # a body paragraph posted twice on the page states the figure twice: its copies
        # (another figure of the sentence stated in both) count once
        n = len(body)
        if n > 1 and all(_corroborated(ctx, body[0], x) for x in body[1:]):
            n = 1
        cache[key] = n
    return n == 1


def _changes_of_copies(ctx: Context, a: Q, b: Q) -> bool:
    """Two changes of one figure stated twice (``事故1200起，同比下降12.5%`` … ``事故1200
    起、死亡900人，同比分别下降12.5%、8.1%``): the figures they are the changes of
    are copies (equal, labels that agree, nothing saying they differ) and the change
    words agree."""
    if not (is_change(ctx, a) and is_change(ctx, b)):
        return False
    xa, xb = _antecedent(ctx, a), _antecedent(ctx, b)
    if xa is None or xb is None or xa.family != xb.family or xa.family in _RATE_FAMILIES:
        return False
    if not _equal(ctx, xa, xb) or change_direction(ctx, a) != change_direction(ctx, b):
        return False
    if ctx.sentence_index(xa.start) == ctx.sentence_index(xb.start):
        return False
    lxa, lxb = label_of(ctx, xa), label_of(ctx, xb)
    return _labels_agree(ctx, xa, lxa, xb, lxb) and not _vetoed(ctx, xa, xb)


_COUNTED = re.compile(r"[\u4e00-\u9fff]{1,8}")
_COUNTED_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")


def _counted_noun_copy(ctx: Context, a: Q, b: Q) -> bool:
    """Two counts of one unit that count the same named things (``办好48件民生实事`` …
    ``推进48件民生实事办理``; ``新建公办幼儿园14所`` … ``新建14所公办幼儿园``): the noun
    right after one figure begins the noun right after the other, or ends the words
    right before it — three characters or more (four for a round figure)."""
    if a.family in _RATE_FAMILIES or a.unit != b.unit or a.scale != b.scale:
        return False
    need = 3 if min(rarity(a), rarity(b)) >= 2 else 4
    norm = ctx.norm

    def after(q: Q) -> str:
        m = _COUNTED.match(norm, q.end)
        return m.group() if m else ""

    def before(q: Q) -> str:
        m = _COUNTED_BEFORE.search(norm, max(0, q.start - 12), q.start)
        return m.group() if m else ""

    na, nb = after(a), after(b)
    if na and nb:
        return na[:need] == nb[:need]
    noun, words = (na, before(b)) if na else (nb, before(a))
    return any(words.endswith(noun[:k]) for k in range(need, len(noun) + 1))


_COMPARED = atoms("比上年末较去年同期上月年初")


def _thin(ctx: Context, q: Q) -> bool:
    """Has a change no words of its own but change and comparison words (``，比上年末
    下降1.4个百分点``): it is the change of the level before it."""
    return len(label_atoms(ctx, q) - CHANGE_ATOMS - _COMPARED) < 2


def _change_of_a_copy(ctx: Context, a: Q, b: Q) -> bool:
    """A change stated with its own words (``上半年外贸进出口同比增长3.6%``) and the same
    change stated after the level it is the change of (``进出口总值18.7万亿元，同比增长
    3.6%``): the level's label says what the lone change's words say, the change words
    agree and the value is not a round one-digit figure."""
    if not (is_change(ctx, a) and is_change(ctx, b)) or min(rarity(a), rarity(b)) < 2:
        return False
    ta, tb = _thin(ctx, a), _thin(ctx, b)
    if ta == tb:
        return False
    lone, x = (b, _antecedent(ctx, a)) if ta else (a, _antecedent(ctx, b))
    if x is None or is_change(ctx, x) or change_direction(ctx, a) != change_direction(ctx, b):
        return False
    if x.family in _RATE_FAMILIES and not (lone.family == "pp" and x.family == "%"):
        return False  # a rate changes in points: 发生率2.7%，下降1.9个百分点
    # the words themselves, not a run of them (a shared period 前三季度 says nothing)
    own, lx = label_of(ctx, lone) - CHANGE_ATOMS, label_of(ctx, x) - CHANGE_ATOMS
    common = own & lx
    named = len(common) >= 4 or (len(common) >= 2 and any(len(w) >= 2 for w in common))
    return named and overlap(own, lx) >= 0.5


def _restates(
    ctx: Context,
    a: Q,
    la: frozenset[str],
    b: Q,
    lb: frozenset[str],
    unique: bool = False,
    group: list[Q] | None = None,
) -> bool:
    """Labels that agree (or, for a value stated nowhere else, agree loosely; or the
    same named rate; or a headline over its one body copy) and nothing saying the two
    differ."""
    if (
        _labels_agree(ctx, a, la, b, lb)
        or _changes_of_copies(ctx, a, b)
        or _counted_noun_copy(ctx, a, b)
        or _change_of_a_copy(ctx, a, b)
    ):
        return not _vetoed(ctx, a, b)
    if (_named_rate_copy(ctx, a, b) and unique) or (
        group is not None and _headline_copy(ctx, a, b, group)
    ):
        return not _vetoed(ctx, a, b)
    if not unique or not _loose(ctx, a, la, b, lb):
        return False
    return not _vetoed(ctx, a, b)


def _same_words(ctx: Context, a: Q, la: frozenset[str], b: Q, lb: frozenset[str]) -> bool:
    """Stronger evidence, for copies whose values differ: the labels agree and either
    share most words and a run of four characters, or another figure of one copy's
    sentence is stated in the other's too (a repeated passage)."""
    if not _restates(ctx, a, la, b, lb):
        return False
    if overlap(la, lb) >= 0.75 and len(la & lb) >= 3:
        wa, wb = _words(ctx, a), _words(ctx, b)
        if _run_of(wa, wb, 4):
            return True
    return _corroborated(ctx, a, b)


def _slip_evidence(
    ctx: Context,
    a: Q,
    la: frozenset[str],
    b: Q,
    lb: frozenset[str],
    group: list[Q] | None = None,
) -> bool:
    """Evidence enough that two figures whose values differ are copies of one figure:
    labels that agree and nothing saying the two differ; or the same named rate; or a
    headline whose figure the body states nowhere, with exactly one body figure one slip
    away from it."""
    if _SLIP_EVIDENCE == "strict":
        if _same_words(ctx, a, la, b, lb):
            return True
        if min(rarity(a), rarity(b)) >= 4 and _restates(ctx, a, la, b, lb, True):
            # a value of four significant digits or more is one slip from another by
            # chance seldom: labels that agree loosely (投资 and 水利投资) will do
            return True
        if _changes_of_copies(ctx, a, b):
            return not _vetoed(ctx, a, b)
    elif _restates(ctx, a, la, b, lb):
        return True
    if _named_rate_copy(ctx, a, b) or (group is not None and _headline_slip(ctx, a, b, group)):
        return not _vetoed(ctx, a, b)
    return False


def _measure_label(ctx: Context, q: Q) -> frozenset[str]:
    """What a figure measures, change words and 分别 left out; for a change with no
    such words, what the figure it changes measures (``事故9876起…同比分别下降17.6%``)."""
    la = label_of(ctx, q) - CHANGE_ATOMS - _LIST_WORDS
    if len(la) < 2 and is_change(ctx, q):
        x = _antecedent(ctx, q)
        if x is not None and x.family not in _RATE_FAMILIES:
            la = la | (label_atoms(ctx, x) - CHANGE_ATOMS)
    return la


def _headline_slip(ctx: Context, a: Q, b: Q, group: list[Q]) -> bool:
    """A headline's figure that no body figure states, and the one body figure (same
    change words) one slip away from it."""
    ha, hb = _headline(ctx, a), _headline(ctx, b)
    if ha == hb or change_direction(ctx, a) != change_direction(ctx, b):
        return False
    head = a if ha else b
    body = [x for x in group if x is not head and not _headline(ctx, x)]
    if any(_equal(ctx, head, x) for x in body):
        return False
    near = [
        x
        for x in body
        if x.unit == head.unit
        and _slipped(head, x) is not None
        and change_direction(ctx, x) == change_direction(ctx, head)
    ]
    other = b if ha else a
    if len(near) > 1 and len({(x.written, x.unit) for x in near}) == 1:
        # one body figure stated twice (the article's paragraph repeated on the page):
        # its copies are one figure, not several readings of the headline
        return any(x is other for x in near)
    if len(near) > 1:  # the body figure whose label is closest to the headline's, if one is
        lh = _measure_label(ctx, head)
        closeness = [overlap(lh, _measure_label(ctx, x)) for x in near]
        near = [x for x, c in zip(near, closeness, strict=True) if c == max(closeness)]
    return len(near) == 1 and near[0] is (b if ha else a)


_SLIP_EVIDENCE = "strict"


def _next_in_sentence(ctx: Context, q: Q) -> Q | None:
    si = ctx.sentence_index(q.start)
    if si is None:
        return None
    after = [x for x in ctx.sentence_figures()[si] if x.start >= q.end]
    return after[0] if after else None


def _unit_slip(ctx: Context, a: Q, b: Q) -> bool:
    """The same digits under another scale word (2.35万元 and 2.35亿元), followed by the
    same figure in both places (the same growth rate): a slip of the unit."""
    if a.written != b.written or a.scale == b.scale or sig_digits(a) < 3:
        return False
    if a.qualifier is not None or b.qualifier is not None:
        return False
    na, nb = _next_in_sentence(ctx, a), _next_in_sentence(ctx, b)
    return na is not None and nb is not None and na.text == nb.text and na.family == nb.family


def _corroborated(ctx: Context, a: Q, b: Q) -> bool:
    """Is another figure of ``a``'s sentence stated (same text) in ``b``'s sentence?"""
    sa, sb = ctx.sentence_index(a.start), ctx.sentence_index(b.start)
    if sa is None or sb is None:
        return False
    sq = ctx.sentence_figures()
    others = {(q.family, q.text) for q in sq[sb] if q is not b and sig_digits(q) >= 2}
    return any((q.family, q.text) in others for q in sq[sa] if q is not a)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def _headline(ctx: Context, q: Q) -> bool:
    """Is ``q`` in a title or lead line (a short line without a full stop)?"""
    cache = ctx.table("restate.headline")
    hit = cache.get(q.start)
    if hit is None:
        lo, hi = ctx.para_of(q.start)
        line_lo = ctx.norm.rfind("\n", 0, q.start) + 1
        line_hi = ctx.norm.find("\n", q.end)
        a, b = max(lo, line_lo), (line_hi if line_hi >= 0 else hi)
        # (a long line is not copied to be measured)
        hit = max(0, b - a) <= 48 and "。" not in ctx.norm[a:b]
        if not hit:
            # the figures of one paragraph share its dateline: sought once per paragraph
            titles = ctx.table("restate.dateline")
            end = titles.get(lo)
            if end is None:
                end = titles[lo] = _title_end(ctx.norm, lo)
            hit = q.start < end
        cache[q.start] = hit
    return bool(hit)


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    return re.compile(_data()["restate"]["dateline"])


def _before_dateline(norm: str, lo: int, at: int) -> bool:
    """Is ``at`` in a title that reading joined to the dateline of the article's first
    line (``…收入逾146亿元新华社北京10月8日电 …``)?  The title is the paragraph's text
    before the dateline: at most 48 characters, no full stop."""
    return at < _title_end(norm, lo)


def _title_end(norm: str, lo: int) -> int:
    """Where the title of :func:`_before_dateline` in the paragraph starting at ``lo``
    ends (the dateline's start), or -1 when the paragraph opens with no such title."""
    m = _dateline().search(norm, lo, min(len(norm), lo + 80))
    if m is not None and m.start() - lo <= 48 and "。" not in norm[lo : m.start()]:
        return m.start()
    return -1


def _equal(ctx: Context, a: Q, b: Q) -> bool:
    """Equal as copies: the same value at the same precision, or the less precise copy a
    headline's rounding of the other (or qualified: 近千亿元, 逾146亿元)."""
    qa, qb = a.qualifier, b.qualifier
    if qa is None and qb is None:
        # values compared as (numerator, denominator) in lowest terms: no Fraction made
        if a.decimals == b.decimals and a.scale == b.scale:
            return _value_key(a) == _value_key(b)
        if _value_key(a) == _value_key(b):
            return True
        rough = a if a.step > b.step else b
        return _headline(ctx, rough) and same_value(a, b)
    if qa is not None and qb is not None:
        return False
    rough = a if qa is not None else b
    fine = b if rough is a else a
    if rough.qualifier not in _data()["restate"]["rounding_qualifiers"]:
        return False
    r = rough.interval("strict", True)
    f = fine.interval("strict", True)
    return _headline(ctx, rough) and r.meets(f)


_Key = tuple[int, int]  # an exact value as (numerator, denominator) in lowest terms
_SlipTable = dict[_Key, list[tuple[str, str, int]]]


def _key(v: Fraction) -> _Key:
    return v.numerator, v.denominator


def _value_key(q: Q) -> _Key:
    """``_key(q.value)`` (:meth:`Q.value_key`: no Fraction made, kept on the figure)."""
    return q._vkey or q.value_key()


def _slip_table(q: Q) -> _SlipTable:
    """:func:`_table` of ``q``'s numeral and scale."""
    sc = q.scale
    return _table(q.written, sc.numerator, sc.denominator)


@lru_cache(maxsize=4096)
def _table(written: str, num: int, den: int) -> _SlipTable:
    """The numerals one slip from ``written`` by their value times ``num/den``: value →
    [(numeral, kind of slip, decimal places)] in the order :func:`slips` lists them
    (values in integers: this is built for every figure of a restatement family)."""
    out: _SlipTable = {}
    gcd = math.gcd
    for w, kind in slips(written):
        dot = w.find(".")
        if dot < 0:
            digits, places = w, 0
        else:
            digits, places = w[:dot] + w[dot + 1 :], len(w) - dot - 1
        if not (places or dot < 0) or not digits.isdigit() or not digits.isascii():
            try:  # anything else is read as Fraction reads it
                v = Fraction(w) * Fraction(num, den)
            except (ValueError, ZeroDivisionError):
                continue
            key = _key(v)
        else:
            n, d = int(digits) * num, 10**places * den
            g = gcd(n, d)
            key = (n // g, d // g)
        hit = out.get(key)
        if hit is None:
            out[key] = [(w, kind, places)]
        else:
            hit.append((w, kind, places))
    return out


def _slip_of(x: Q, y: Q) -> tuple[str, str] | None:
    """A numeral one slip from ``x`` whose value (in ``x``'s unit) is ``y``'s, and the
    kind of slip."""
    for w, kind, places in _slip_table(x).get(_value_key(y), ()):
        if x.scale != y.scale or places == y.decimals:
            return w, kind
    return None


def _slipped(a: Q, b: Q) -> tuple[Q, str] | None:
    """(the copy that slipped, what it should read) when one of two copies of one figure
    is one slip from the other: figures of three or more significant digits (one
    keystroke from a two-digit number reaches too many numbers by chance), or a
    decimal point moved."""
    if a.qualifier is not None or b.qualifier is not None:
        return None
    for x, y in ((b, a), (a, b)):
        found = _slip_of(x, y)
        if found is None:
            continue
        if rarity(x) >= 3 or (found[1] == "point" and rarity(x) >= 2):
            return x, found[0]
    return None


def _slipped_in_passage(ctx: Context, a: Q, b: Q, lb: frozenset[str]) -> tuple[Q, str] | None:
    """:func:`_slipped` for figures of any number of digits in a passage stated twice:
    another figure of one copy's sentence stands in the other's too, and the words
    before the two agree (``累计完成投资19350万元，新增节水面积3万亩`` over ``…19350万元，
    新增节水面积8万亩``).  A one-digit figure is one slip from many, but not in a
    passage copied whole."""
    if a.qualifier is not None or b.qualifier is not None or not _corroborated(ctx, a, b):
        return None
    if not _same_words(ctx, a, label_of(ctx, a), b, lb):
        return None
    for x, y in ((b, a), (a, b)):
        found = _slip_of(x, y)
        if found is not None:
            return x, found[0]
    return None


def _slipped_headline(ctx: Context, a: Q, b: Q, lb: frozenset[str]) -> tuple[Q, str] | None:
    """:func:`_slipped` for a figure of two significant digits restated by a headline in
    the same words, four characters or more, with labels that agree and nothing saying
    the two differ (``完成全年任务63%`` over ``…完成全年任务的68%``): the body's
    copy is taken for the slip."""
    if a.qualifier is not None or b.qualifier is not None or min(rarity(a), rarity(b)) < 2:
        return None
    if _headline(ctx, a) == _headline(ctx, b):
        return None
    if not _restates(ctx, a, label_of(ctx, a), b, lb):
        return None
    if not _run_of(_words(ctx, a), _words(ctx, b), 4):
        return None
    head, body = (a, b) if _headline(ctx, a) else (b, a)
    found = _slip_of(body, head)
    return (body, found[0]) if found is not None else None


class _SlipIndex:
    """The figures of a family by their numeral, their value and the values one slip
    from them, so that the figures one slip (or one unit) from a figure are found by
    lookup instead of by trying every pair."""

    def __init__(self, group: Sequence[Q], keys: Sequence[_Key]) -> None:
        self.group = group
        self.by_written: dict[str, list[int]] = {}
        self.by_value: dict[_Key, list[int]] = {}
        self.into: dict[_Key, list[int]] = {}  # value → figures one slip from it
        # the values of the group one slip from a figure, by the figure (its id)
        self.near_values: dict[int, set[_Key]] = {}
        # only the values of the group's figures are ever looked up in ``into``: the
        # slips of a figure to any other value are left out (a set intersection)
        wanted = set(keys)  # (``keys``: the figures' values, :func:`_key`)
        into = self.into
        # (figures without a label are indexed too: the caller leaves them out of the
        # candidates, so that no label is worked out before it is needed)
        for j, q in enumerate(group):
            self.by_written.setdefault(q.written, []).append(j)
            if q.qualifier is not None:
                continue  # a qualified figure is never taken for a slip
            self.by_value.setdefault(keys[j], []).append(j)
            near = self.near_values[id(q)] = _slip_table(q).keys() & wanted
            for v in near:
                hit = into.get(v)
                if hit is None:
                    into[v] = [j]
                else:
                    hit.append(j)

    def candidates(self, copies: Sequence[Q], after: int) -> list[int]:
        """Indexes above ``after`` of the figures that may be one slip (or one unit)
        from one of ``copies``, in order."""
        out: set[int] = set()
        for c in copies:
            out.update(self.by_written.get(c.written, ()))
            if c.qualifier is not None:
                continue
            out.update(self.into.get(_value_key(c), ()))  # (kept on the figure)
            by_value = self.by_value
            near = self.near_values.get(id(c))  # (the group's values are all of by_value's)
            for v in (_slip_table(c).keys() if near is None else near) & by_value.keys():
                out.update(by_value[v])
        return sorted(j for j in out if j > after)


# ---------------------------------------------------------------------------
# Proposals
# ---------------------------------------------------------------------------


def _qualified_slip(
    ctx: Context, head: Q, group: list[Q], labels: list[frozenset[str]], paired: set[int]
) -> tuple[Q, Q, str] | None:
    """A headline's qualified figure (逾146亿元, 4300余万人次) that the one body figure of
    its label does not fall under, when one slip of either numeral would make them
    agree: (the copy that slipped, the other, what it should read).  Several body
    figures of that label: the one whose label is closest, if one is."""
    if not _headline(ctx, head) or head.qualifier not in _data()["restate"]["rounding_qualifiers"]:
        return None
    lh = label_of(ctx, head)
    found = [
        b
        for b, lb in zip(group, labels, strict=True)
        if lb
        and b.start not in paired
        and b.qualifier is None
        and b.unit == head.unit
        and not _headline(ctx, b)
        and _labels_agree(ctx, head, lh, b, lb)
        and change_direction(ctx, head) == change_direction(ctx, b)
        and not _vetoed(ctx, head, b)
    ]
    if len(found) > 1:  # the body figure whose label is closest to the headline's
        closeness = [overlap(lh, label_of(ctx, b)) for b in found]
        found = [b for b, c in zip(found, closeness, strict=True) if c == max(closeness)]
    if len(found) != 1 or _equal(ctx, head, found[0]) or rarity(found[0]) < 3:
        return None
    body = found[0]
    if rarity(head) < 3:
        return None  # a two-digit headline (逾50亿元) is one keystroke from too many values
    for bad, good in ((head, body), (body, head)):
        for w, _kind in slips(bad.written):
            if not re.fullmatch(r"\d+(?:\.\d+)?", w):
                continue
            alt = bad.with_numeral(w)
            if _equal(ctx, alt, good):
                return bad, good, w
    return None


def _rounded_headline_slip(
    ctx: Context, head: Q, group: list[Q], labels: list[frozenset[str]], paired: set[int]
) -> tuple[Q, Q, str] | None:
    """A headline's figure that rounds a body figure once one slip of its numeral is
    fixed (``投入2.7亿元`` over ``完成投资27.13亿元``: 27 is the headline's rounding of
    27.13) — the title restates its article (:func:`_headline_copy`) with a slip: the one
    body figure such a fix makes equal, none equal as written, the change words alike.
    A numeral of two significant digits is read for a moved decimal point only (one
    keystroke from a two-digit number reaches too many numbers by chance)."""
    if not _headline(ctx, head) or rarity(head) < 2:
        return None
    body = [
        (b, lb)
        for b, lb in zip(group, labels, strict=True)
        if lb
        and b is not head
        and b.start not in paired
        and b.unit == head.unit
        and not _headline(ctx, b)
        and change_direction(ctx, b) == change_direction(ctx, head)
    ]
    if any(_equal(ctx, head, b) for b, _ in body):
        return None
    found: list[tuple[Q, str]] = []
    for w, kind in slips(head.written):
        if kind != "point" and rarity(head) < 3:
            continue
        if not re.fullmatch(r"\d+(?:\.\d+)?", w):
            continue
        alt = head.with_numeral(w)
        for b, _lb in body:
            if _equal(ctx, alt, b):
                found.append((b, w))
    if len({b.start for b, _ in found}) != 1 or len({w for _, w in found}) != 1:
        return None
    b, w = found[0]
    return head, b, w


def _one_sentence(ctx: Context, a: Q, b: Q) -> bool:
    """Are the two figures in one sentence (a title joined to the first line of its
    article on reading is not one sentence with it)?  One value written in two scales
    (灌溉面积3.46万亩 … 高标准农田34600亩), rare by its digits, is restated even within
    a sentence: such a pair is not equal by chance."""
    if ctx.sentence_index(a.start) != ctx.sentence_index(b.start):
        return False
    if a.scale != b.scale and a.value == b.value and min(rarity(a), rarity(b)) >= 3:
        return False
    return _headline(ctx, a) == _headline(ctx, b)


def propose(ctx: Context) -> Iterator[Judged]:
    """A figure stated again in another sentence: the same family, labels that say the
    same thing and nothing saying they differ → one consistent relation over every copy
    when the values agree as copies; an inconsistent one (a warning) when one copy is
    one slip away from the other."""
    qs = [q for q in ctx.qs if q.family not in _REPEAT_FAMILIES_SKIP]
    by_family: dict[str, list[Q]] = {}
    for q in qs:
        by_family.setdefault(q.family, []).append(q)
    paired: set[int] = set()
    for group in by_family.values():
        if len(group) < 2 or len(group) > 400:
            continue
        # a figure whose words are change words alone (同比增加2起、3人) says not what it
        # counts; labels are worked out when first needed (most figures have no
        # candidate copy, and then none is)
        cached: list[frozenset[str] | None] = [None] * len(group)

        def label(j: int, group: list[Q] = group, cached: list[Any] = cached) -> frozenset[str]:
            la = cached[j]
            if la is None:
                la = label_of(ctx, group[j])
                la = cached[j] = _NONE if la <= CHANGE_ATOMS else la
            return la

        # values by their (numerator, denominator): a tuple hashes faster than a Fraction
        keys = [_value_key(q) for q in group]
        values: dict[_Key, int] = {}
        by_value: dict[_Key, list[int]] = {}
        for j, k in enumerate(keys):
            values[k] = values.get(k, 0) + 1
            by_value.setdefault(k, []).append(j)
        # copies whose values differ need a headline (the rough copy is one): the
        # candidates of a figure are the equal values, the headlines and, for a
        # headline, every later figure
        is_head = [_headline(ctx, q) for q in group]
        heads = [j for j, h in enumerate(is_head) if h]
        last_head = heads[-1] if heads else -1
        slip_index = _SlipIndex(group, keys)
        for i, a in enumerate(group):
            if a.start in paired:
                continue
            copies: list[Q] = []
            differ: tuple[Q, Q, str] | None = None
            equal = by_value[keys[i]]
            slipped: list[int] | None = None
            if is_head[i]:
                near: Sequence[int] = range(i + 1, len(group))
            elif len(equal) == 1 and last_head <= i:
                near = ()  # (the common case: no equal value, no headline after it)
                # no copy to find: the figures one slip from it are its only candidates
                slipped = [j for j in slip_index.candidates([a], i) if label(j)]
                if not slipped:
                    continue  # (nothing to read: its own label is not needed)
            else:
                near = sorted({*(j for j in equal if j > i),
                               *(j for j in heads if j > i)})  # fmt: skip
            if not label(i):
                continue
            for j in near[:_MAX_CANDIDATES]:
                if len(copies) >= _MAX_COPIES:
                    break
                b = group[j]
                lb = label(j)
                if not lb or b.start in paired or _one_sentence(ctx, a, b):
                    continue
                if _equal(ctx, a, b):
                    unique = a.value != b.value or values[keys[i]] == 2
                    if any(
                        _restates(ctx, c, label_of(ctx, c), b, lb, unique, group)
                        for c in [a, *copies]
                    ) and not any(_vetoed(ctx, c, b) for c in [a, *copies]):
                        copies.append(b)
            # only figures one slip (or one unit) from a copy can differ from it
            if slipped is None:
                slipped = [j for j in slip_index.candidates([a, *copies], i) if label(j)]
            for j in slipped[:_MAX_CANDIDATES]:
                b = group[j]
                if differ is not None:
                    break
                if b in copies or b.start in paired:
                    continue
                for c in [a, *copies]:
                    if _one_sentence(ctx, b, c):
                        continue
                    if _unit_slip(ctx, c, b):
                        bad = c if c.scale < b.scale else b
                        good = b if bad is c else c
                        differ = (bad, good, good.unit)
                        break
                    if c.unit != b.unit:
                        continue
                    if (
                        c.qualifier is not None
                        or b.qualifier is not None
                        or (_slip_of(b, c) is None and _slip_of(c, b) is None)
                    ):
                        # neither is one slip from the other: no reading below holds
                        # (each asks for one of these two slips)
                        continue
                    slip = _slipped(c, b)
                    if slip is None or not _slip_evidence(
                        ctx, c, label_of(ctx, c), b, label(j), group
                    ):
                        # a figure of few digits: its own evidence (a passage stated
                        # twice, a headline in the same words)
                        slip = _slipped_in_passage(ctx, c, b, label(j)) or _slipped_headline(
                            ctx, c, b, label(j)
                        )
                    if slip is not None:
                        differ = (slip[0], c if slip[0] is b else b, slip[1])
                        break
            if not copies and differ is None and is_head[i]:  # (both ask for a headline)
                labels = [label(j) for j in range(len(group))]
                if a.qualifier is not None:
                    differ = _qualified_slip(ctx, a, group, labels, paired)
                else:
                    differ = _rounded_headline_slip(ctx, a, group, labels, paired)
            if copies:
                paired.update(q.start for q in copies)
                refs = [ref(a, "first"), *[ref(q, "stated") for q in copies]]
                formula = " = ".join(q.text for q in [a, *copies])
                yield relation(CODE, NAME, "consistent", formula, refs)
            if differ is not None:
                bad, good, fix = differ
                paired.add(bad.start)
                first, second = sorted((bad, good), key=lambda q: q.start)
                what = "单位" if fix == good.unit else ""
                zh = (
                    f"同一数字前后不一致：{first.text} 与 {second.text}，"
                    f"疑为笔误——若“{bad.text.strip()}”中的{what} {bad.unit if what else bad.written}"
                    f" 为 {fix} 则相符，请核对"
                )
                en = f"the same figure is stated as {first.text} and as {second.text}"
                yield relation(
                    CODE, NAME, "rounding", f"{first.text} ≠ {second.text}",
                    [ref(first, "first"), ref(second, "stated")],
                    Msg(zh, en, bad.written, fix),
                )  # fmt: skip
    yield from _point_copies(ctx)
    yield from _bare_scale_headlines(ctx)


def _bare_scale_headlines(ctx: Context) -> Iterator[Judged]:
    """A headline's amount written with its scale word alone (``18.7万亿！外贸半年报``)
    and the one body amount of the same numeral and scale (``进出口总值18.7万亿元``):
    the headline restates it."""
    for h in ctx.qs:
        if h.unit not in _BARE_SCALES or not _headline(ctx, h) or rarity(h) < 2:
            continue
        body = [
            q
            for q in ctx.qs
            if q is not h
            and not _headline(ctx, q)
            and q.family == "元"
            and q.unit in (h.unit + "元", h.unit + "美元")
            and q.written == h.written
            and q.qualifier == h.qualifier
        ]
        if len(body) == 1:
            refs = [ref(h, "first"), ref(body[0], "stated")]
            yield relation(CODE, NAME, "consistent", f"{h.text} = {body[0].text}", refs)


def _point_copies(ctx: Context) -> Iterator[Judged]:
    """Percentage-point changes, equal by chance too often to pair by their words: only
    a change in its own words restated after the rate it changes (``城镇调查失业率下降0.3个
    百分点`` … ``城镇调查失业率5.2%，比上年末下降0.4个百分点``, :func:`_change_of_a_copy`)."""
    pps = [q for q in ctx.qs if q.family == "pp"]
    if len(pps) > 400:
        return
    paired: set[int] = set()
    for i, a in enumerate(pps):
        sa = ctx.sentence_index(a.start)
        for b in pps[i + 1 :]:
            if b.start in paired:
                continue
            if sa == ctx.sentence_index(b.start):
                continue
            if a.value_key() != b.value_key() or a.decimals != b.decimals:
                slip = _slipped_point_copy(ctx, a, b)
                if slip is not None:
                    paired.add(b.start)
                    yield slip
                    break
                continue
            if _change_of_a_copy(ctx, a, b) and not _vetoed(ctx, a, b):
                paired.add(b.start)
                refs = [ref(a, "first"), ref(b, "stated")]
                yield relation(CODE, NAME, "consistent", f"{a.text} = {b.text}", refs)
                break


def _slipped_point_copy(ctx: Context, a: Q, b: Q) -> Judged | None:
    """A change in points stated in its own words and after the rate it changes
    (:func:`_change_of_a_copy`) with values one slip apart, in a passage whose other
    figures the two statements share (the lead of a release and its body: ``低收入人口减少
    3718人，低收入发生率下降1.8个百分点`` … ``减少3718人；低收入发生率2.6%，比上年末下降1.3
    个百分点``): one of the copies slipped — a warning, the slip not told."""
    if a.qualifier is not None or b.qualifier is not None:
        return None
    if b.written not in slip_numerals(a.written):
        return None
    if not (_change_of_a_copy(ctx, a, b) or _change_of_a_copy(ctx, b, a)) or _vetoed(ctx, a, b):
        return None
    if not (_shared_passage(ctx, a, b) or _shared_passage(ctx, b, a)):
        return None
    zh = f"同一数字前后不一致：{a.text} 与 {b.text}（相差一处笔误），请核对哪一处有误"
    en = f"the same change is stated as {a.text} and as {b.text} (one slip apart)"
    refs = [ref(a, "first"), ref(b, "stated")]
    return relation(
        CODE, NAME, "rounding", f"{a.text} ≠ {b.text}", refs, Msg(zh, en, b.written, a.written)
    )


def _shared_passage(ctx: Context, a: Q, b: Q) -> bool:
    """Does a figure of ``a``'s sentence rare by its digits (three or more) stand, with the
    same text, in ``b``'s paragraph before ``b``?"""
    sa = ctx.sentence_index(a.start)
    if sa is None:
        return False
    lo = ctx.para_of(b.start)[0]
    there = {(q.family, q.text) for q in ctx.in_span(lo, b.start) if q is not b}
    return any(
        (q.family, q.text) in there
        for q in ctx.sentence_figures()[sa]
        if q is not a and rarity(q) >= 3
    )
