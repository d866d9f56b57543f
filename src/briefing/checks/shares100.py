"""BR102 shares of one whole that add up to 100%.

A sentence that lists parallel shares of one whole — each clause a category and its
``占…%`` (the same whole named after 占 in every clause, or none), or a ``分别占…a%、b%``
list read column by column — is a partition when the shares add up to 100 within the
precision they are written at (interval arithmetic: every share stands for ± half its
last digit).  A list that adds up is a consistent relation.  A list whose shares miss
100 is judged only when it is shown to cover a whole set: a classification cue before
it (分行业看, 从诉求类型来看) or a category that closes a set (其他类, 第一/二/三产业) —
then it is an error when one mistyped figure explains the gap, else a warning; after a
plain 其中, or when one mistyped figure alone would make it add up, a warning.

Example::

    从受理类型来看，咨询类占61.25%，投诉类占30.50%，其他类占8.25% → 61.25 + 30.50 + 8.25 = 100: consistent
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache
from briefing.checks.engine import Context, Judged, Msg, Q, fmt, ref, relation
from briefing.checks.evidence import is_change, iv, sig_digits, slip_relation, slips_into

CODE = "BR102"
NAME = "sum"
_HUNDRED = Fraction(100)
_DATA = Path(__file__).resolve().parents[1] / "data" / "shares100.toml"
_CLAUSE_BREAKS = "，,；;：:。！？!?\n"
_COLUMN_JOIN = frozenset(("、", "和", "与", "及", ",", "，"))


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The language knowledge of ``data/shares100.toml`` (loaded once)."""
    return recache.toml(_DATA.read_text(encoding="utf-8"))


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    from briefing.checks.partition import cues as partition_cues

    c = cues()
    x = "[\u4e00-\u9fff、]{1,8}?"
    by = "|".join(re.escape(b).replace("X", x) for b in partition_cues()["sum"]["breakdown"])
    return {
        "share": re.compile(_alt(c["share"])),
        "filler": re.compile(rf"^(?:{_alt(c['filler'])})+|(?:{_alt(c['filler'])})+$"),
        "change": re.compile(_alt(c["change"])),
        "nested": re.compile(rf"^[\s　]*(?:{_alt(c['nested'])})"),
        "other": re.compile(_alt(c["other"])),
        "by": re.compile(rf"(?:{by})[，,：:\s]*$"),
        "by_head": re.compile(rf"^(?:{by})"),
        "open": re.compile(rf"(?:{_alt(c['open'])})[，,：:\s]*$"),
    }


@dataclass(slots=True)
class _Item:
    """One category of a list of shares: its clause and its share(s) (one a column)."""

    start: int  # where its clause starts
    label: str  # the clause before its first share
    whole: str  # what the shares are of (the words after 占), "" when unnamed
    figs: list[Q] = field(default_factory=list)
    nested: bool = False
    words: str = ""  # the words since the previous share: where its category is named


def _clause_start(ctx: Context, lo: int, pos: int) -> int:
    # lo when no break precedes pos in the sentence (rfind_any gives -1 then, and the
    # clause must not reach back to the start of the document)
    return max(lo, ctx.rfind_any(_CLAUSE_BREAKS, lo, pos) + 1) if pos > lo else lo


def _whole_of(label: str) -> str | None:
    """What a share's label names as its whole (占总任务的 → 总任务), None when the label
    states no share."""
    pat = _patterns()
    ends = [m.end() for m in pat["share"].finditer(label)]
    if not ends:
        return None
    rest = label[ends[-1] :].strip()
    if pat["change"].search(rest):
        return None
    return pat["filler"].sub("", pat["filler"].sub("", rest))


def _items(ctx: Context, lo: int, hi: int) -> list[list[_Item]]:
    """The runs of parallel share clauses in norm[lo:hi] (one sentence)."""
    pat = _patterns()
    norm = ctx.norm
    runs: list[list[_Item]] = []
    cur: list[_Item] = []

    def close() -> None:
        nonlocal cur
        if len(cur) >= 2:
            runs.append(cur)
        cur = []

    prev: Q | None = None
    for q in ctx.in_span(lo, hi):
        if q.family != "%" or q.qualifier is not None:
            continue
        cs = _clause_start(ctx, lo, q.start)
        label = norm[cs : q.start]
        if is_change(ctx, q):
            continue  # 同比下降15.6%: a change beside a share, not a category of the list
        gap = norm[prev.end : q.start].strip() if prev is not None else None
        if cur and prev is cur[-1].figs[-1] and gap in _COLUMN_JOIN and gap not in "，,":
            cur[-1].figs.append(q)  # 分别占计划的76.3%、69.8%: one share a column
            prev = q
            continue
        whole = _whole_of(label)
        if whole is None:
            bare = label.strip(" 　")
            if (
                not cur
                or not bare
                or len(bare) > 8
                or re.search(r"[0-9率均]", bare)
                or pat["change"].search(bare.replace("增加值", ""))
            ):
                close()
                prev = q
                continue
            whole = cur[-1].whole  # 其他类 0.01%: a category after shares, its 占 implied
        # the first category is named in its clause group (一产项目4个，…，占比3.2%)
        group = ctx.rfind_any("；;。\n", lo, cs) + 1 if cs > lo else lo
        since = max(lo, cur[-1].figs[-1].end if cur else group)
        item = _Item(cs, label, whole, [q], words=norm[since : q.start])
        if cur and (whole != cur[-1].whole):
            close()
        if cur and pat["nested"].search(label):
            item.nested = True
        cur.append(item)
        prev = q
    close()
    out: list[list[_Item]] = []
    for run in runs:
        # one list has as many columns in every item: 分别占a%、b% lists and single shares
        part: list[_Item] = []
        for it in run:
            if part and len(it.figs) != len(part[-1].figs) and not it.nested:
                if len(part) >= 2:
                    out.append(part)
                part = []
            part.append(it)
        if len(part) >= 2:
            out.append(part)
    return out


def _bounds(parts: Sequence[Q]) -> tuple[Fraction, Fraction]:
    ivs = [iv(q) for q in parts]
    return sum((a for a, _ in ivs), Fraction(0)), sum((b for _, b in ivs), Fraction(0))


def _holds(parts: Sequence[Q]) -> bool:
    lo, hi = _bounds(parts)
    return lo <= _HUNDRED <= hi


def _fixes(parts: Sequence[Q]) -> list[tuple[Q, str]]:
    """Every (figure, numeral one slip away) that makes the shares add up to 100."""
    lo, hi = _bounds(parts)
    out: list[tuple[Q, str]] = []
    for q in parts:
        ql, qh = iv(q)
        need_lo, need_hi = _HUNDRED - (hi - qh), _HUNDRED - (lo - ql)
        out.extend((q, w) for w in slips_into(q, need_lo, need_hi))
    return out


def _complete_set(labels: Sequence[str]) -> bool:
    from briefing.checks.partition import cues as partition_cues

    for words in partition_cues()["sum"]["complete"]:
        if len(words) != len(labels):
            continue
        hits = [[w for w in words if w in lab] for lab in labels]
        if all(hits) and {h[0] for h in hits} == set(words):
            return True
    return False


def _cue(ctx: Context, lo: int, first: _Item) -> str | None:
    """ "by" when a classification cue opens the list (分行业看，…), "open" for a plain
    其中, else None: the words after the sentence's last figure before the list."""
    pat = _patterns()
    figs = ctx.in_span(lo, first.start)
    a = figs[-1].end if figs else lo
    before = ctx.norm[a : first.start].rstrip(" 　")
    head = first.label.lstrip(" 　")
    if pat["by"].search(before[-24:]) or pat["by_head"].match(head):
        return "by"
    if pat["open"].search(before[-8:]) or pat["nested"].match(head):
        return "open"
    return None


def propose(ctx: Context) -> Iterator[Judged]:
    """Parallel shares of one whole in a sentence (咨询类占…，投诉类占…，其他类占…; a
    ``分别占a%、b%`` list read column by column): a consistent relation when they add up
    to 100 within precision; a warning or an error when a list shown to cover a whole
    set does not (see the module doc).

    Example::

        全县共有项目40个，其中已完成的占25.0%，推进中的占62.5%，未启动的占12.5% → 25.0 + 62.5 + 12.5 = 100: consistent
    """
    for s in ctx.sents:
        if "%" not in ctx.norm[s.start : s.end] and "％" not in ctx.norm[s.start : s.end]:
            continue
        for run in _items(ctx, s.start, s.end):
            items = [it for it in run if not it.nested]
            if len(items) < 2:
                continue
            cue = _cue(ctx, s.start, run[0])
            labels = [it.words for it in items]
            other = any(_patterns()["other"].search(lab) for lab in labels[1:])
            strong = cue == "by" or other or _complete_set(labels)
            columns = [[it.figs[c] for it in items] for c in range(len(items[0].figs))]
            # the columns of 分别 lists name the same categories: one that makes a whole
            # shows that the others cover theirs
            whole = any(_holds(col) for col in columns)
            for parts in columns:
                yield from _judge(parts, strong, cue is not None or whole)


def _judge(parts: list[Q], strong: bool, cued: bool) -> Iterator[Judged]:
    refs = [ref(q, "part") for q in parts]
    expr = " + ".join(q.written for q in parts)
    if _holds(parts):
        yield relation(CODE, NAME, "consistent", f"{expr} = 100（各项占比之和）", refs)
        return
    # a stretch of the list that makes a whole by itself (the other shares are of a
    # second classification stated in the same sentence)
    n = len(parts)
    for k in range(n - 1, 1, -1):
        for i in range(n - k + 1):
            sub = parts[i : i + k]
            if _holds(sub):
                sub_refs = [ref(q, "part") for q in sub]
                sub_expr = " + ".join(q.written for q in sub)
                yield relation(
                    CODE, NAME, "consistent", f"{sub_expr} = 100（各项占比之和）", sub_refs
                )
                return
    fixes = _fixes(parts)
    named = fixes[0] if len(fixes) == 1 and sig_digits(fixes[0][0]) >= 3 else None
    if not (strong or cued or named is not None):
        return  # shares of one whole, not shown to cover it: nothing to judge
    total = sum((q.value for q in parts), Fraction(0))
    dec = max(q.decimals for q in parts)
    shown = fmt(total, dec)
    formula = f"{expr} = {shown} ≠ 100"
    if named is not None:
        j = slip_relation(CODE, NAME, refs, named[0], named[1], formula)
        if strong:
            j.relation.status = "inconsistent"  # a whole set, one slip explains it
        yield j
        return
    zh = f"{expr} = {shown}%，各类占比之和应为100%，请核对各项占比"
    en = f"the shares of one whole add up to {shown}%, not 100%"
    yield relation(CODE, NAME, "rounding", f"{expr} = {shown}（应为 100）", refs,
                   Msg(zh, en, f"{shown}%", "100%"))  # fmt: skip
