"""BR102 sums: parts that do not add up to their total.

What it does
    Finds totals broken down into parts and adds the parts up: a parenthesised
    breakdown right after a total (``共受理诉求38214件（电话32967件、网络5247件）``),
    and ``其中`` lists whose parts are labelled like the total (``项目共14个…其中，签约
    项目2个…项目9个…项目3个``).  ``其中`` lists in real bulletins are often not
    exhaustive, so a sum is only *judged* when the parts are shown to be a
    partition: they add up exactly in another measure of the same list (the
    counts add up, so the money must too), they are complementary categories
    (新建/续建), or the breakdown is parenthesised.  Otherwise each part is only
    checked against its total (BR103).

Why is this bad?
    Parts that do not add up make every figure of the paragraph doubtful.

Example
    ``项目共16个，其中签约项目1个、开工项目11个、投产项目5个`` (with money that adds up)

Use instead
    ``…投产项目4个`` (1 + 11 + 4 = 16).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from briefing.checks.engine import (
    CHANGE_WORD_END,
    QIZHONG,
    SEMI,
    Context,
    Interval,
    Judged,
    Q,
    Verdict,
    add_all,
    config,
    fmt_sum,
    judge,
    paren_depth,
    ref,
    rule,
    verdict_relation,
)
from briefing.checks.partition import cues, is_threshold, names_parts, slip_reading
from briefing.extraction.numbers import cn_to_int
from briefing.extraction.rules import alternation

CODE = "BR102"
NAME = "sum"

_STRIP = re.compile(
    r"^(?:共计|共有|合计|总计|累计|共|有|达到|达|为|是|约|近|超过|完成)+|(?:共计|共有|合计|共|有|达到|达|为|是|约|近|超过|已|完成|实现)+$"
)
_CLOSE = re.compile(r"[)）]")
_PLAN_LABEL = re.compile(r"(?:计划|预算|目标|任务|预计)[\u4e00-\u9fff]{0,3}$")
_PARENTHESISED = re.compile(r"[(（][^)）]*[)）]")
_ITEM_MARKS = re.compile(r"[(（)）；;，,、]")
_AVERAGE = re.compile(r"人均|平均|户均|均价|单价|亩均")


@dataclass(slots=True)
class Breakdown:
    """A total and its parts in one measure (family)."""

    total: Q
    parts: list[Q]
    kind: str  # "paren", "qizhong" (parts labelled like the total), "list" (any 其中
    # list), "by" (按X分/从X看 classification), "after" (parts, then 合计/共计 total)
    start: int  # where the breakdown begins (the 其中 or the parenthesis)
    end: int
    labels: list[str] = field(default_factory=list)
    shares: list[Q] = field(default_factory=list)  # 占P% of each part, when all are given
    count: int | None = None  # a stated number of categories (五个方面) before the list
    verdict: Verdict | None = None  # parts judged against the total (computed once)
    named: bool = False  # the total's own words name the parts' categories, one each
    # the total was picked by a total word alone (全月回访…) in a paragraph before the
    # classification's: not shown to be the whole it breaks down
    weak: bool = False
    # the classification's cue is a viewpoint (从X看): it may name its main parts only
    selective: bool = False


_SCALE_WORDS = frozenset(("万亿", "亿", "千万", "百万", "万", "千"))


def _base_unit(q: Q) -> str:
    """The unit without its scale word; a bare scale word (到位资金9.2亿) is read as the
    figure's family (元)."""
    if q.unit in _SCALE_WORDS and q.family not in _SCALE_WORDS:
        return q.family
    return _unit_base(q.unit)


@lru_cache(maxsize=1024)
def _unit_base(u: str) -> str:
    for prefix in ("万亿", "亿", "千万", "百万", "万", "千"):
        if u.startswith(prefix) and len(u) > len(prefix):
            return u[len(prefix) :]
    return u


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _core(label: str) -> str:
    label = _STRIP.sub("", label)
    if len(label) >= 3 and label[-3] == "总":
        return label[-3:]
    return label[-2:]


def _is_change(ctx: Context, q: Q) -> bool:
    return bool(CHANGE_WORD_END.search(ctx.norm[max(0, q.start - 3) : q.start].rstrip("了")))


def _depth(norm: str, a: int, b: int) -> int:
    return paren_depth(norm, a, b)


def breakdowns(ctx: Context) -> list[Breakdown]:
    """Every total-with-parts in the document (cached on the context)."""
    if "breakdowns" in ctx.cache:
        return ctx.cache["breakdowns"]  # type: ignore[no-any-return]
    out: list[Breakdown] = []
    norm = ctx.norm
    # parenthesised breakdowns: TOTAL（a、b）
    for t in ctx.qs:
        if t.family in ("%", "pp") or t.end >= len(norm) or norm[t.end] not in "(（":
            continue
        close = _CLOSE.search(norm, t.end)
        if close is None or close.start() - t.end > 120:
            continue
        inner = norm[t.end + 1 : close.start()]
        if "其中" in inner or "共" in inner:
            continue
        parts = [q for q in ctx.in_span(t.end + 1, close.start()) if q.family == t.family]
        if len(parts) >= 2 and len(parts) == len(ctx.in_span(t.end + 1, close.start())):
            out.append(Breakdown(t, parts, "paren", t.end, close.end()))
    # 其中 lists
    can_total: dict[tuple[int, int], bool] = {}  # (sentence start, figure) → may be a total
    cores: dict[int, tuple[str, str]] = {}  # a total's stripped label and its core
    for m in QIZHONG.finditer(norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        sent = ctx.sents[si]
        head = norm[sent.start : m.start()].strip(" ，,：:")
        if head == "" and si > 0:
            lo, hi = ctx.sents[si - 1].start, ctx.sents[si - 1].end
        else:
            lo, hi = sent.start, m.start()
        if _depth(norm, sent.start, m.start()) > 0:
            continue  # 其中 inside parentheses: handled as a subset of the figure before
        end = sent.end
        if head:
            semi = SEMI.search(norm, m.end(), end)
            if semi is not None:
                end = semi.start()
        nxt = QIZHONG.search(norm, m.end(), end)
        if nxt is not None:
            end = nxt.start()
        totals: list[Q] = []
        for q in ctx.in_span(lo, hi):
            # the 其中 of one sentence share its start: each figure is judged once
            ok = can_total.get((lo, q.start))
            if ok is None:
                ok = can_total[(lo, q.start)] = not (
                    q.family in ("%", "pp")
                    or _is_change(ctx, q)
                    or _depth(norm, lo, q.start) > 0
                    or _AVERAGE.search(ctx.label(q))
                )
            if ok:
                totals.append(q)
        groups: dict[int, tuple[Q, list[Q], list[str]]] = {}
        for q in ctx.in_span(m.end(), end):
            if q.family in ("%", "pp") or _is_change(ctx, q) or _depth(norm, m.end(), q.start) > 0:
                continue
            lab = _STRIP.sub("", ctx.label(q))
            if _AVERAGE.search(lab):
                continue
            best, best_n = None, 0
            for t in reversed(totals):
                if t.family != q.family or _base_unit(t) != _base_unit(q):
                    continue
                if _plan_or_whole(ctx, t) and not _PLAN_LABEL.search(lab):
                    continue  # 完成投资143.6亿元，占年度计划投资265.2亿元的54.1%。其中…完成投资
                tl_core = cores.get(id(t))
                if tl_core is None:
                    tl = _STRIP.sub("", ctx.label(t))
                    tl_core = cores[id(t)] = (tl, _core(tl))
                tl, core = tl_core
                if not core or not lab.endswith(core):
                    continue
                n = _common_suffix(lab, tl)
                if n > best_n:
                    best, best_n = t, n
            if best is not None:
                g = groups.setdefault(id(best), (best, [], []))
                g[1].append(q)
                g[2].append(lab)
        for t, parts, labels in groups.values():
            if len(parts) >= 2 and judge(add_all, parts, t).status != "consistent":
                # 累计完成投资56.7亿元…；9月份完成投资7.3亿元。其中…: the parts add up to
                # another total of their measure stated before the list — that one is theirs
                t = next(
                    (
                        x
                        for x in reversed(totals)
                        if x is not t
                        and x.family == t.family
                        and _base_unit(x) == _base_unit(t)
                        and not _plan_or_whole(ctx, x)
                        and judge(add_all, parts, x).status == "consistent"
                    ),
                    t,
                )
            out.append(Breakdown(t, parts, "qizhong", m.start(), end, labels))
        # any 其中 list: the first figure of each item, measured like a total before it
        covered = {(t.family, _base_unit(t)) for t, _, _ in groups.values()}
        prev_qz = norm.rfind("其中", lo, m.start())
        head_lo = max(lo, prev_qz + 2) if prev_qz >= 0 else lo
        cut = ctx.rfind_any("；;", head_lo, m.start())
        head_lo = max(head_lo, cut + 1)
        cands = [t for t in totals if t.start >= head_lo and _plain_total(ctx, t)]
        for key in dict.fromkeys((t.family, _base_unit(t)) for t in cands):
            if key in covered:
                continue
            like = [t for t in cands if (t.family, _base_unit(t)) == key]
            parts = _item_parts(ctx, m.end(), end, like[0])
            if len(parts) < 2 or parts[0].start - m.end() > 24:
                continue
            tot = _pick_total(ctx, list(reversed(like)), parts)
            if tot is not None:
                out.append(_finish(ctx, Breakdown(tot, parts, "list", m.start(), end), lo))
    out += _classified(ctx, out)
    out += _totals_after(ctx)
    for b in out:
        b.named = names_parts(ctx, b.total, b.parts)
    ctx.cache["breakdowns"] = out
    return out


_PRIOR = re.compile(r"(?:上年|去年|同期|上月|上季度|上年度)[\u4e00-\u9fff]{0,3}$")
_TOTAL_LABEL = re.compile(r"共|总|合计|累计|全")


def _plain_total(ctx: Context, q: Q) -> bool:
    """A figure that can be a total: not a change, a share's whole (X的P%), a plan or
    a previous period's value."""
    if q.family in ("%", "pp") or _is_change(ctx, q) or q.qualifier is not None:
        return False
    lab = ctx.label(q)
    if ctx.norm[q.end : q.end + 1] == "的" or _AVERAGE.search(lab) or _PRIOR.search(lab):
        return False
    return not _PLAN_LABEL.search(lab)


def _named_total(ctx: Context, t: Q, parts: list[Q]) -> bool:
    """Do the parts add up to ``t``, or does ``t``'s label core end the first part's?"""
    if judge(add_all, parts, t).status == "consistent":
        return True
    core = _core(_STRIP.sub("", ctx.label(t)))
    return len(core) >= 2 and _STRIP.sub("", ctx.label(parts[0])).endswith(core)


def _plan_or_whole(ctx: Context, q: Q) -> bool:
    """Is ``q`` a plan (年度计划投资265.2亿元) or the whole of a share (…265.2亿元的54.1%):
    the measure of what was to be done, not a total of what was done?"""
    return ctx.norm[q.end : q.end + 1] == "的" or _PLAN_LABEL.search(ctx.label(q)) is not None


def _pick_total(ctx: Context, cands: list[Q], parts: list[Q]) -> Q | None:
    """Of candidate totals (nearest first): one the parts add up to, else the nearest
    labelled as a total (共, 总, 合计, 累计, 全…); else none."""
    for t in cands:
        if judge(add_all, parts, t).status == "consistent":
            return t
    lab = _STRIP.sub("", ctx.label(parts[0]))
    for t in cands:
        core = _core(_STRIP.sub("", ctx.label(t)))
        if len(core) >= 2 and lab.endswith(core):
            return t
    for t in cands:
        if _TOTAL_LABEL.search(_clause(ctx, t)):
            return t
    return None


def _clause(ctx: Context, q: Q) -> str:
    """The words from the start of ``q``'s clause to it (全区86个区级重点项目完成投资)."""
    cs = ctx.rfind_any("，,；;。：:\n", 0, q.start) + 1
    return ctx.norm[cs : q.start]


def _split_items(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """Items of a list: split on ；when it has one (at bracket depth 0), else on ，、."""
    depth, top = 0, []
    for m in _ITEM_MARKS.finditer(norm, a, b):  # brackets and separators only
        ch = m.group()
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth:
                depth -= 1
        elif depth == 0:
            top.append((m.start(), ch))
    seps = "；;" if any(ch in "；;" for _, ch in top) else "，,、"
    out, pos = [], a
    for i, ch in top:
        if ch in seps:
            out.append((pos, i))
            pos = i + 1
    out.append((pos, b))
    return [(x, y) for x, y in out if y > x]


def _item_parts(ctx: Context, a: int, b: int, like: Q) -> list[Q]:
    """The first figure measured like ``like`` in each item of norm[a:b]."""
    parts = []
    for s, e in _split_items(ctx.norm, a, b):
        for q in ctx.in_span(s, e):
            if q.family != like.family or _base_unit(q) != _base_unit(like):
                continue
            if _is_change(ctx, q) or _depth(ctx.norm, s, q.start) > 0:
                continue
            if _AVERAGE.search(ctx.label(q)) or is_threshold(ctx, q):
                continue  # (超10亿元项目3个: a size class, no amount)
            parts.append(q)
            break
    return parts


_SHARE_AFTER = re.compile(
    r"^[，,]?占(?:[^，,；;。计目任预]{0,8}?总[^，,；;。计目任预]{0,3}?的|比重|比例|比)?(?:为|达)?$"
)
_COUNT_WORD = re.compile(r"([二两三四五六七八九十]{1,2})(?:个|类|项|家|大|种|条)")


def _finish(ctx: Context, b: Breakdown, head_lo: int) -> Breakdown:
    """Attach each part's share (占P%) and a stated number of categories, if any."""
    shares = []
    for i, q in enumerate(b.parts):
        nxt = b.parts[i + 1].start if i + 1 < len(b.parts) else b.end
        pct = [x for x in ctx.in_span(q.end, nxt) if x.family == "%"]
        if pct and _SHARE_AFTER.match(ctx.norm[q.end : pct[0].start]):
            shares.append(pct[0])
    if len(shares) == len(b.parts):
        b.shares = shares
    b.labels = [_PARENTHESISED.sub("", _clause(ctx, q)) for q in b.parts]
    for m in _COUNT_WORD.finditer(ctx.norm, head_lo, b.start):
        n = cn_to_int(m.group(1))
        if n == len(b.parts):
            b.count = n
    return b


_BY = re.compile(r"(?:按|从)[\u4e00-\u9fff]{1,8}(?:分|看|划分|统计)[，,：:]")


# Totals of a classification are sought among this many figures before it at most (real
# bulletins hold about a hundred in all): a bound that keeps long documents linear.
_TOTAL_REACH = 256


def _free_totals(
    ctx: Context, like: Q, before: int, bs: list[Breakdown], taken: set[int] | None = None
) -> list[Q]:
    """Earlier figures measured like ``like`` that may be its total (nearest first)."""
    lo = ctx.para_of(before)[0]
    ends = ctx.cache.get("sums.para_ends")
    if ends is None:
        ends = [p[1] for p in ctx.paras]
        if not all(a <= b for a, b in itertools.pairwise(ends)):
            ends = []  # not in order: scanned below
        ctx.cache["sums.para_ends"] = ends
    if ends or not ctx.paras:
        n = bisect.bisect_right(ends, lo)  # the paragraphs ending at or before lo
        floor = ctx.paras[n - 3][0] if n >= 3 else 0
    else:
        paras = [p for p in ctx.paras if p[1] <= lo]
        floor = paras[-3][0] if len(paras) >= 3 else 0
    if taken is None:
        taken = {id(q) for b in bs for q in b.parts}
    out = []
    for q in reversed(ctx.last_in_span(floor, before, _TOTAL_REACH)):
        if q.family != like.family or _base_unit(q) != _base_unit(like) or id(q) in taken:
            continue
        if not _plain_total(ctx, q):
            continue
        si = ctx.sentence_index(q.start)
        s0 = ctx.sents[si].start if si is not None else q.start
        if "其中" in ctx.norm[s0 : q.start] or _BY.search(ctx.norm, s0, q.start):
            continue
        out.append(q)
    return out


def _classified(ctx: Context, bs: list[Breakdown]) -> list[Breakdown]:
    """``按产业分，工业项目16个，服务业项目9个…``: parts of the total stated before."""
    out = []
    norm = ctx.norm
    taken = {id(q) for b in bs for q in b.parts}
    for m in _BY.finditer(norm):
        si = ctx.sentence_index(m.start())
        if si is None:
            continue
        end = ctx.sents[si].end
        nxt = _BY.search(norm, m.end(), end)
        if nxt is not None:
            end = nxt.start()
        done: set[tuple[str, str]] = set()
        for q in ctx.in_span(m.end(), end):
            key = (q.family, _base_unit(q))
            if q.family in ("%", "pp") or key in done:
                continue
            done.add(key)
            parts = _item_parts(ctx, m.end(), end, q)
            if len(parts) < 2:
                continue
            cands = _free_totals(ctx, q, m.start(), bs, taken)
            total = _pick_total(ctx, cands, parts)
            if total is not None:
                b = _finish(ctx, Breakdown(total, parts, "by", m.start(), end), m.start())
                b.weak = total.start < ctx.para_of(m.start())[0] and not _named_total(
                    ctx, total, parts
                )
                b.selective = norm.startswith(_selective_cues(), m.start())
                out.append(b)
    return out


_AFTER = re.compile(
    r"(?:([二两三四五六七八九十]{1,2})(?:家|个|项|类|条|座|处))?(?:合计|共计|总计)$"
)


_AFTER_WORDS = frozenset(("合计", "共计", "总计"))


@lru_cache(maxsize=1)
def _added_to() -> re.Pattern[str]:
    """Words opening a list added to an earlier figure, at a clause's start
    (data/partition.toml [sum] added_to)."""
    return re.compile(r"(?:^|[，,。；;：:\s])(?:" + alternation(cues()["sum"]["added_to"]) + ")")


@lru_cache(maxsize=1)
def _cumulative_class() -> re.Pattern[str]:
    """Words of a class bounded on one side (本科及以上, 5亿元以下): it holds the classes
    beyond its bound (data/partition.toml [subset] threshold_after)."""
    return re.compile(alternation(cues()["subset"]["threshold_after"]))


def _totals_after(ctx: Context) -> list[Breakdown]:
    """``A接待38.6万人次，B接待21.2万人次，C接待9.8万人次，三家合计69.6万人次``."""
    out = []
    norm = ctx.norm
    for t in ctx.qs:
        if norm[t.start - 2 : t.start] not in _AFTER_WORDS or t.start < 2:
            continue  # _AFTER ends with one of these words right before the total
        si = ctx.sentence_index(t.start)
        if si is None or t.family in ("%", "pp"):
            continue
        cs = ctx.rfind_any("，,；;", 0, t.start) + 1
        m = _AFTER.search(norm[max(cs, t.start - 8) : t.start])
        if m is None or cs <= ctx.sents[si].start:
            continue
        parts = _item_parts(ctx, ctx.sents[si].start, cs - 1, t)
        n = cn_to_int(m.group(1)) if m.group(1) else None
        if len(parts) < 2 or (n is not None and n != len(parts)):
            continue
        if n is None and _added_to().search(norm, max(0, ctx.sents[si].start - 1), parts[0].start):
            continue  # 加上A、B、C，总计…: the total also holds the figure added to
        if _cumulative_class().search(norm, cs, t.start):
            continue  # 博士8人、硕士47人，本科及以上学历人才合计259人: a class holding the others
        qz = norm.rfind("其中", ctx.sents[si].start, parts[0].start + 1)
        if qz < 0:
            qz = norm.rfind("其中", ctx.sents[si].start, cs)
        if qz >= 0:
            # 新引进人才312人，其中博士8人、硕士47人…: the figure before 其中 is no part
            parts = [q for q in parts if q.start > qz]
            if len(parts) < 2:
                continue
        b = _finish(ctx, Breakdown(t, parts, "after", parts[0].start, t.end), t.end)
        b.count = n
        out.append(b)
    return out


def _sum_verdict(b: Breakdown) -> Verdict:
    """The parts judged against the total; BR102 and BR103 both ask, several times."""
    if b.verdict is None:
        b.verdict = judge(add_all, b.parts, b.total)
    return b.verdict


def _sums_ok(b: Breakdown) -> bool:
    return _sum_verdict(b).status == "consistent"


def _unit_slip(b: Breakdown) -> Q | None:
    """A part written in another scale than its siblings (93.3元 among 亿元) that makes
    the sum right when read in the total's scale."""
    for q in b.parts:
        if q.scale == b.total.scale or q.unit == b.total.unit:
            continue
        rest = [x for x in b.parts if x is not q]
        if all(x.scale == b.total.scale for x in rest):
            fixed = sum(x.value for x in rest) + Fraction(q.written) * b.total.scale
            iv = b.total.interval("strict", stated=True)
            if iv.lo <= fixed and (iv.hi is None or fixed <= iv.hi):
                return q
    return None


def _shares_whole(b: Breakdown) -> bool:
    """The parts' shares add up to 100% within their precision."""
    iv = b.shares[0].interval("strict", stated=True)
    for q in b.shares[1:]:
        iv = iv + q.interval("strict", stated=True)
    return iv.lo <= 100 and (iv.hi is None or iv.hi >= 100)


def _complementary(labels: list[str]) -> bool:
    first = labels[0] if labels else None
    for a, b in config()["partition"]["pairs"]:
        if first is not None and a not in first and b not in first:
            continue  # the common case, told by the first label alone
        if not all(a in x or b in x for x in labels):
            continue
        if any(a in x and b not in x for x in labels) and any(b in x for x in labels):
            return True
    return False


def is_partition(
    b: Breakdown, all_b: list[Breakdown], by_start: dict[int, list[Breakdown]] | None = None
) -> bool:
    """Are the parts shown to cover the total (see module doc)?  ``by_start``: ``all_b``
    by their starts (:func:`_by_start`), for a caller asking of every breakdown."""
    if len(b.parts) < 2:
        return False
    if b.kind in ("paren", "after"):
        return True
    if b.kind == "by" and not b.weak and not _short(b) and not _overlapping(b):
        return True
    if b.named or _complementary(b.labels) or _sums_ok(b):
        return True
    if b.count is not None or (b.shares and _shares_whole(b)):
        return True
    same = all_b if by_start is None else by_start.get(b.start, [])
    siblings = [
        x for x in same if x.start == b.start and x is not b and x.kind in ("qizhong", "list")
    ]
    return any(len(x.parts) >= 2 and len(x.parts) == len(b.parts) and _sums_ok(x) for x in siblings)


def _overlapping(b: Breakdown) -> bool:
    """Are the parts named by what they touch (涉及…的: data/checks.toml partition.
    overlap_words), so that they may overlap?"""
    words = config()["partition"].get("overlap_words", ())
    return bool(b.labels) and all(any(w in lab for w in words) for lab in b.labels)


def _selective_cues() -> tuple[str, ...]:
    return tuple(config()["partition"].get("selective_cues", ()))


def _short(b: Breakdown) -> bool:
    """Do the parts of a classification fall short of its total with no item naming the
    rest (data/checks.toml partition.rest_words), no stated number of categories and no
    shares making 100%: only its main categories named?"""
    if b.count is not None or (b.shares and _shares_whole(b)):
        return False
    if not b.selective:
        return False
    rest = config()["partition"].get("rest_words", ())
    if any(w in lab for lab in b.labels for w in rest):
        return False
    v = _sum_verdict(b)
    if v.status == "consistent":
        return False
    total = b.total.interval("strict", stated=True)
    return sum(q.value for q in b.parts) < total.lo


def _by_start(bs: list[Breakdown]) -> dict[int, list[Breakdown]]:
    """The breakdowns by their starts, in order (siblings found by lookup, not a scan
    of every breakdown of the document)."""
    out: dict[int, list[Breakdown]] = {}
    for b in bs:
        out.setdefault(b.start, []).append(b)
    return out


@rule(CODE, NAME, "error", "parts do not sum to total")
def check(ctx: Context) -> Iterator[Judged]:
    bs = breakdowns(ctx)
    index = _by_start(bs)
    seen: set[tuple[int, ...]] = set()
    for b in bs:
        key = (b.total.start, *[q.start for q in b.parts])
        if key in seen:
            continue
        if not is_partition(b, bs, index):
            # a breakdown by its words whose parts add up only with one figure's slip
            # fixed: a warning naming the fix (recognised without the arithmetic)
            slip = slip_reading(ctx, b.total, b.parts)
            if slip is not None:
                seen.add(key)
                yield slip
            continue
        seen.add(key)
        v = _sum_verdict(b)
        digits = max(q.decimals for q in [*b.parts, b.total])
        j = verdict_relation(
            CODE,
            NAME,
            v,
            " + ".join(
                q.written + ("" if q.scale is b.total.scale or q.scale == b.total.scale else q.unit)
                for q in b.parts
            ),
            fmt_sum(b.parts, b.total, digits) + b.total.unit,
            b.total.written + b.total.unit,  # 文中为 30个, not a bare 30
            [ref(b.total, "total"), *[ref(q, "part") for q in b.parts]],
            "the parts do not add up to the total",
        )
        hint = _unit_slip(b) if v.status == "inconsistent" else None
        if hint is not None and j.msg is not None:
            j.msg.zh += f"（若“{hint.text}”为“{hint.written}{b.total.unit}”则相符，疑漏写单位）"
            j.msg.en += f" (adds up if {hint.text} is {hint.written}{b.total.unit}: a unit slip?)"
        yield j
        if len(b.shares) >= 2 and (_shares_whole(b) or v.status == "consistent"):
            # the shares of a partition add up to 100%
            pv = judge(add_all, b.shares, Interval(Fraction(100), Fraction(100)))
            d = max(q.decimals for q in b.shares)
            yield verdict_relation(
                CODE,
                NAME,
                pv,
                " + ".join(q.written + "%" for q in b.shares),
                fmt_sum(b.shares, None, d) + "%",
                "100%",
                [ref(q, "part") for q in b.shares],
                "the shares do not add up to 100%",
            )
