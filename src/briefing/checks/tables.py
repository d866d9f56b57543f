"""Table arithmetic: 合计 rows and columns, share and rate columns, area × yield, and a
figure stated both in the prose and in a table.

What it does
    Reads the tables of the document (:mod:`briefing.extraction.tables`: header, stub
    column, unit notes) and judges, within reported precision:

    - a 合计/总计 row against the rows it closes (小计 rows against their group, a 合计
      row after 小计 rows against those), column by column, for the columns that add up
      (amounts and counts; not rates, averages or prices) — BR102, rule ``sum``;
    - a share column (占比, 比重) whose total row says 100: the shares of the rows add
      up to it — BR102, rule ``sum``;
    - a share column against its count ÷ the total row's count — BR101, rule ``ratio``;
    - a rate column (完成率) against the two columns it divides (完成投资 ÷ 年度计划),
      by the rate heads of ``data/tables.toml`` — BR101, rule ``ratio``;
    - a 合计 column (合计 | 一季度 | 二季度 …) against the columns of its unit beside it,
      and a 总计 sub-column under a spanning head against the other columns of its group —
      BR102, rule ``sum``;
    - a column of one head (按时办结数) against the sub-columns of that name under each
      group of a spanning head (12345热线 / 按时办结 + 网上信箱 / 按时办结) — BR102,
      rule ``sum``;
    - area × yield = output, when all three are stated for one subject (one table row,
      or one sentence with one of each) — BR101, rule ``average``;
    - a figure of the prose that names a row of a table (its stub) and a column (its head)
      against that cell — BR107, rule ``repeat`` (a warning when they differ).

    A table whose structure is ambiguous is skipped (no header, rows of unequal width, a
    其中 row among those a 合计 closes, an empty or dash cell in a column).

Why is this bad?
    A table whose 合计 row does not add up, or whose shares do not match their counts, is
    the first thing a reader re-adds.

Example
    ``| 合计 | 21 |`` under rows ``| 产业项目 | 12 |`` and ``| 民生项目 | 8 |``

Use instead
    ``| 合计 | 20 |`` (12 + 8 = 20).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from briefing.checks.engine import (
    Context,
    Interval,
    Judged,
    Q,
    add_all,
    fmt,
    fmt_sum,
    holds,
    judge,
    ref,
    relation,
    verdict_relation,
)
from briefing.checks.evidence import as_warning
from briefing.checks.registry import Msg
from briefing.extraction.tables import Column, Row, Table, data, find_tables
from briefing.model import Document, Figure, Span

SUM_CODE = "BR102"
RATIO_CODE = "BR101"
REPEAT_CODE = "BR107"

#: kinds whose figures never add up across rows (a quantity per another)
_PER_KINDS = frozenset(
    ("yield", "price", "per_capita", "rate_per_day", "intensity", "speed", "density")
)


def contexts(doc: Document, figures: list[Figure]) -> tuple[Context, Context]:
    """(prose context, table context): the first without the figures in the cells of
    recognised tables (for the prose rules), the second with every figure.  Both share the
    tables found."""
    found = find_tables(doc) if _may_hold_tables(doc) else []
    full = Context(doc, figures)
    full.cache["tables"] = found
    if not found:
        return full, full
    # every cell: values, and the stub and list numbers too (12345热线, 单位3 are names)
    spans = [(c.start, c.end) for t in found for r in t.rows for c in r.cells if c.end > c.start]
    spans.sort()
    starts = [a for a, _ in spans]

    def in_cell(f: Figure) -> bool:
        i = bisect.bisect_right(starts, f.start) - 1
        return i >= 0 and f.end <= spans[i][1]

    prose = Context(doc, [f for f in figures if not in_cell(f)])
    prose.cache["tables"] = found
    return prose, full


def _may_hold_tables(doc: Document) -> bool:
    return any(b.kind == "table" for b in doc.blocks) or "|" in doc.norm or "  " in doc.norm


def tables(ctx: Context) -> list[Table]:
    """The tables of the checked document, found once and shared by the rules."""
    t = ctx.cache.get("tables")
    if t is None:
        t = ctx.cache["tables"] = find_tables(ctx.doc)
    return t  # type: ignore[no-any-return]


def _q(ctx: Context, span: Span) -> Q | None:
    if span.end <= span.start:
        return None
    qs = ctx.in_span(span.start, span.end)
    return qs[0] if len(qs) == 1 else None


def _has(words: list[str], text: str | None) -> bool:
    return bool(text) and any(w in text for w in words)  # type: ignore[operator]


def _additive(col: Column, qs: list[Q]) -> bool:
    """Cells of this column add up across rows: amounts and counts, not rates/averages."""
    if col.role != "value":
        return False
    if _has(data()["header"]["not_additive"], col.metric):
        return False
    return all(q.family not in ("%", "pp", "倍") and q.kind not in _PER_KINDS for q in qs)


def _share_col(col: Column) -> bool:
    return col.role == "value" and _has(data()["header"]["share"], col.metric)


def _column_qs(ctx: Context, t: Table, col: Column, rows: list[Row]) -> list[Q] | None:
    """The figures of ``col`` in ``rows``; None when a cell has none (empty, —, text)."""
    out = []
    for r in rows:
        q = _q(ctx, r.cells[col.index])
        if q is None:
            return None
        out.append(q)
    return out


@lru_cache(maxsize=1)
def _group_head() -> re.Pattern[str]:
    return re.compile(data()["rows"]["group_head"])


def _headed_groups(ctx: Context, t: Table) -> list[tuple[Row, list[Row]]] | None:
    """Groups headed by numbered stubs (一、城区项目 then its rows): (head, its rows) for
    each, or None when the table has no such heads among plain stubs."""
    head = _group_head()
    data_rows = [r for r in t.rows if r.role == "data"]
    heads = [r for r in data_rows if r.stub and head.match(r.stub)]
    if not heads or len(heads) == len(data_rows) or heads[0] is not data_rows[0]:
        return None
    out: list[tuple[Row, list[Row]]] = []
    for r in data_rows:
        if r in heads:
            out.append((r, []))
        else:
            out[-1][1].append(r)
    return out


def _has_figures(ctx: Context, t: Table, r: Row) -> bool:
    return any(_q(ctx, r.cells[c.index]) is not None for c in t.columns if c.role == "value")


def _groups(t: Table, ctx: Context | None = None) -> Iterator[tuple[Row, list[Row]]]:
    """(total row, the rows it closes) for every 合计/总计/小计 row of a clear table."""
    rows = t.rows
    if any(r.role == "part" for r in rows):
        return  # 其中 rows: the rows do not partition the total
    headed = _headed_groups(ctx, t) if ctx is not None else None
    if headed is not None and not any(r.role == "subtotal" for r in rows):
        totals = [r for r in rows if r.role == "total"]
        if any(_has_figures(ctx, t, h) for h, _ in headed):  # type: ignore[arg-type]
            # each head is its group's subtotal; the total adds the heads
            for h, items in headed:
                if len(items) >= 2:
                    yield h, items
            parts = [h for h, _ in headed]
        else:  # bare headings: the total adds every row under them
            parts = [r for _, items in headed for r in items]
        if len(totals) == 1 and totals[0].index in (0, len(rows) - 1) and len(parts) >= 2:
            yield totals[0], parts
        return
    subtotals = [r for r in rows if r.role == "subtotal"]
    totals = [r for r in rows if r.role == "total"]
    if len(totals) > 1:
        return
    start = 0
    last_closed = -1  # rows up to this index are closed by a subtotal
    for i, r in enumerate(rows):
        if r.role == "subtotal":
            group = [x for x in rows[start:i] if x.role == "data"]
            if len(group) >= 2:
                yield r, group
            start = i + 1
            last_closed = i
    for r in totals:
        i = r.index  # rows are numbered in order: no search, no quadratic time
        if subtotals:
            # the groups' subtotals and the rows no subtotal closes (市直单位 after the
            # last group) make the total
            loose = [x for x in rows[last_closed + 1 : i] if x.role == "data"]
            parts = [*subtotals, *loose] if all(s.index < i for s in subtotals) else []
        elif i == 0:
            parts = [x for x in rows[1:] if x.role == "data"]
        elif i == len(rows) - 1:
            parts = [x for x in rows[:i] if x.role == "data"]
        else:
            parts = []  # a total row in the middle: which rows it closes is unclear
        if len(parts) >= 2:
            yield r, parts


def _sum_relation(total: Q, parts: list[Q], en: str = "the rows do not add up to 合计") -> Judged:
    v = judge(add_all, parts, total)
    digits = max(q.decimals for q in [*parts, total])
    return verdict_relation(
        SUM_CODE,
        "sum",
        v,
        " + ".join(q.written for q in parts),
        fmt_sum(parts, total, digits),
        total.written,
        [ref(total, "total"), *[ref(q, "part") for q in parts]],
        en,
    )


def propose_sums(ctx: Context) -> Iterator[Judged]:
    """合计/小计 rows against their rows, shares against 100, 合计 columns.

    >>> from briefing import read_text, extract
    >>> doc = read_text("| 类别 | 项目数（个） |\\n| 产业 | 12 |\\n| 民生 | 8 |\\n| 合计 | 21 |")
    >>> [(j.relation.status, j.relation.formula) for j in propose_sums(Context(doc, extract(doc)))]
    [('inconsistent', '12 + 8 = 20（文中 21）')]
    """
    for t in tables(ctx):
        for total_row, parts in _groups(t, ctx):
            for col in t.columns:
                if col.role != "value":
                    continue
                tq = _q(ctx, total_row.cells[col.index])
                pq = _column_qs(ctx, t, col, parts)
                if tq is None or pq is None:
                    continue
                if _share_col(col) and tq.family == "%" and all(q.family == "%" for q in pq):
                    if tq.value == 100:
                        yield _sum_relation(tq, pq, "the shares do not add up to 100%")
                    continue
                if not _additive(col, [tq, *pq]):
                    continue
                if any(q.family != tq.family for q in pq):
                    continue
                j = _sum_relation(tq, pq)
                if j.relation.status == "inconsistent":
                    tops = _nested_tops(pq)
                    if tops is not None and len(tops) >= 2:
                        nested = _sum_relation(tq, tops)
                        if nested.relation.status == "consistent":
                            j = nested  # indented sub-rows (their indent lost) under rows
                yield j
        yield from _total_columns(ctx, t)
        yield from _across_groups(ctx, t)


def _nested_tops(qs: list[Q]) -> list[Q] | None:
    """The rows of a column read as parents with sub-rows under them (城区 5200, then
    东城街道 2100 and 西城街道 1800 within it): each row that, with the rows after the
    last parent, stays within that parent is a sub-row; the others are the parents.
    None when no row is a sub-row."""
    tops: list[Q] = []
    under = Fraction(0)
    for q in qs:
        if tops and under + q.value <= tops[-1].value:
            under += q.value
            continue
        tops.append(q)
        under = Fraction(0)
    return tops if len(tops) < len(qs) else None


def _total_columns(ctx: Context, t: Table) -> Iterator[Judged]:
    words = data()["columns"]["total"]
    cols = t.columns
    for ci, col in enumerate(cols):
        if col.role != "value":
            continue
        if col.total:
            # 派遣案件总数 / 总计 over 12345热线 / 按时办结 …: the other columns of its group
            g = col.group
            side = [
                c
                for c in cols
                if c is not col and c.role == "value" and c.path[: len(g)] == g and not c.total
            ]
            if any(_has(data()["header"]["not_additive"], c.metric) for c in side):
                continue
        elif (col.metric or "") in words and len(col.path) <= 1:
            # the columns of its unit right after it (else right before it)
            side = _run(cols, ci + 1, 1) or _run(cols, ci - 1, -1)
        else:
            continue
        if len(side) < 2 or any((c.metric or "").startswith("其中") for c in side):
            continue
        found = []
        for r in t.rows:
            x = _row_sum(ctx, r, col, ci, side)
            if x is not None:
                found.append(x)
        k = _partition_prefix(found)
        for tq, parts in found:
            yield _sum_relation(tq, parts[:k], "the columns do not add up to 合计")


def _row_sum(
    ctx: Context, r: Row, col: Column, ci: int, side: list[Column]
) -> tuple[Q, list[Q]] | None:
    tq = _q(ctx, r.cells[ci])
    pq = [_q(ctx, r.cells[c.index]) for c in side]
    if tq is None or any(q is None for q in pq):
        return None
    parts = [q for q in pq if q is not None]
    if not _additive(col, [tq, *parts]) or any(q.family != tq.family for q in parts):
        return None
    return tq, parts


def _partition_prefix(found: list[tuple[Q, list[Q]]]) -> int | None:
    """The columns after a 合计 column may hold two classifications of it (电话 + 网络,
    then 已办结 + 未办结): when all of them do not add up in every row but their first
    k do, in every row, the first k (None: all of them)."""
    if not found or all(_adds(tq, parts) for tq, parts in found):
        return None
    n = min(len(parts) for _, parts in found)
    for k in range(2, n):
        if all(_adds(tq, parts[:k]) for tq, parts in found):
            return k
    return None


def _adds(tq: Q, parts: list[Q]) -> bool:
    return holds(add_all, parts, tq)


def _across_groups(ctx: Context, t: Table) -> Iterator[Judged]:
    """A column of one head (按时办结数) against the sub-columns of that name under each
    group of a spanning head (12345热线 / 按时办结 + 网上信箱 / 按时办结)."""
    not_add = data()["header"]["not_additive"]
    for col in _measures(t):
        if col.total or _has(not_add, col.metric):
            continue
        name = _bare(col.metric)
        subs = [
            c
            for c in t.columns
            if c.role == "value" and len(c.path) >= 2 and not c.total and _bare(c.path[-1]) == name
        ]
        if len(subs) < 2 or len({c.path[0] for c in subs}) != 1:
            continue
        found = []
        for r in t.rows:
            tq = _q(ctx, r.cells[col.index])
            pq = [_q(ctx, r.cells[c.index]) for c in subs]
            if tq is None or any(q is None for q in pq):
                continue
            parts = [q for q in pq if q is not None]
            if not _additive(col, [tq, *parts]) or any(q.family != tq.family for q in parts):
                continue
            found.append(_sum_relation(tq, parts, "the groups do not add up to its column"))
        # read from the heads alone: the groups must partition the column in most rows
        # (a row that breaks it is a slip; most rows breaking it, another reading)
        good = sum(1 for j in found if j.relation.status != "inconsistent")
        if good >= 2 and 2 * good > len(found):
            yield from found


def _run(cols: list[Column], i: int, step: int) -> list[Column]:
    out = []
    not_add = data()["header"]["not_additive"]
    while 0 <= i < len(cols):
        c = cols[i]
        if c.role != "value" or _has(not_add, c.metric) or c.unit != cols[i - step].unit:
            break
        out.append(c)
        i += step
    return out


def propose_ratios(ctx: Context) -> Iterator[Judged]:
    """Share columns against count ÷ total, rate columns against their two columns, and
    area × yield = output.

    >>> from briefing import read_text, extract
    >>> doc = read_text("| 渠道 | 件数 | 占比（%） |\\n| 电话 | 30 | 60.0 |\\n"
    ...                 "| 网络 | 20 | 40.0 |\\n| 合计 | 50 | 100 |")
    >>> sorted(j.relation.formula for j in propose_ratios(Context(doc, extract(doc))))
    ['20 ÷ 50 = 40.0%（文中 40.0）', '30 ÷ 50 = 60.0%（文中 60.0）']
    """
    for t in tables(ctx):
        yield from _shares(ctx, t)
        yield from _rates(ctx, t)
        yield from _row_products(ctx, t)
    yield from _prose_products(ctx)


def _shares(ctx: Context, t: Table) -> Iterator[Judged]:
    totals = [r for r in t.rows if r.role == "total"]
    if len(totals) != 1 or any(r.role == "part" for r in t.rows):
        return
    total_row = totals[0]
    for ci, col in enumerate(t.columns):
        if not _share_col(col):
            continue
        # the count or amount column it is a share of: the one its head names (起数占比
        # of 事故起数), else the nearest additive one before it
        additive = [
            c
            for c in reversed(t.columns[:ci])
            if c.role == "value" and not _has(data()["header"]["not_additive"], c.metric)
        ]
        named = _named_base(col, additive)
        base = named if named is not None else (additive[0] if additive else None)
        if base is None:
            continue
        whole = _q(ctx, total_row.cells[base.index])
        if whole is None or whole.family in ("%", "pp"):
            continue
        tshare = _q(ctx, total_row.cells[ci])
        if tshare is not None and tshare.family == "%":
            iv = tshare.interval("strict", stated=True)
            if not (iv.lo <= 100 and (iv.hi is None or iv.hi >= 100)):
                # the total row's share is not 100%: each row's share of its own whole
                # (其中投诉 of 受理总量 in the row), judged row by row
                yield from _row_shares(ctx, t, ci, base, additive)
                continue
        for r in t.rows:
            if r is total_row or r.role != "data":
                continue
            part = _q(ctx, r.cells[base.index])
            share = _q(ctx, r.cells[ci])
            if part is None or share is None or share.family != "%" or part.family != whole.family:
                continue
            yield _ratio(part, whole, share, "the share does not match count ÷ total")


def _row_shares(
    ctx: Context, t: Table, ci: int, base: Column, additive: list[Column]
) -> Iterator[Judged]:
    """A share column of a part within each row (投诉占比 = 其中投诉 ÷ 受理总量 of the
    row): its whole is the column, of the others before it, whose quotient the total
    row's share agrees with; none agreeing, nothing is judged."""
    rows = [r for r in t.rows if r.role in ("data", "total")]
    for wc in additive:
        if wc is base:
            continue
        judged = []
        for r in rows:
            part, whole, share = (_q(ctx, r.cells[c]) for c in (base.index, wc.index, ci))
            if part is None or whole is None or share is None:
                continue
            if share.family != "%" or part.family != whole.family or whole.value == 0:
                continue
            judged.append((r, _ratio(part, whole, share, "the share does not match part ÷ whole")))
        total = [j for r, j in judged if r.role == "total"]
        if total and total[0].relation.status == "consistent":
            yield from (j for _, j in judged)
            return


def _named_base(col: Column, cands: list[Column]) -> Column | None:
    """The column (nearest first in ``cands``) that a share column's head names by the
    words before its share word (起数占比 → 事故起数, 死亡人数占比 → 死亡人数)."""
    metric = col.metric or ""
    for w in sorted(data()["header"]["share"], key=len, reverse=True):
        if w in metric:
            metric = metric.split(w)[0]
            break
    metric = metric.strip("（()）/ 的占")
    if len(metric) < 2:
        return None
    for c in cands:
        m = c.metric or ""
        if metric in m or (len(m) >= 2 and m in metric):
            return c
    return None


def _ratio(part: Q, whole: Q, rate: Q, en: str) -> Judged:
    def fn(p: Fraction, w: Fraction) -> Fraction:
        return p / w * 100

    v = judge(fn, [part, whole], rate)
    computed = v.formatted(rate.decimals) + "%"
    return verdict_relation(
        RATIO_CODE,
        "ratio",
        v,
        f"{part.written} ÷ {whole.written}",
        computed,
        rate.written,
        [ref(part, "part"), ref(whole, "whole"), ref(rate, "rate")],
        en,
    )


def _measures(t: Table) -> list[Column]:
    """Value columns that name a measure of their own: a head of one row, or the 总计 of a
    group (not the sub-columns of a group, whose heads repeat under each channel)."""
    return [c for c in t.columns if c.role == "value" and (len(c.path) <= 1 or c.total)]


def _bare(metric: str | None) -> str:
    """A head without its counting suffix: 按时办结数 → 按时办结."""
    m = metric or ""
    for suffix in ("件数", "数量", "数"):
        if m.endswith(suffix) and len(m) > len(suffix) + 1:
            return m[: -len(suffix)]
    return m


def _rates(ctx: Context, t: Table) -> Iterator[Judged]:
    not_add = data()["header"]["not_additive"]
    for spec in data()["rate"]:
        for ci, col in enumerate(t.columns):
            if col.role != "value" or (col.metric or "") not in spec["head"]:
                continue
            others = [c for c in _measures(t) if c.index != ci and not _has(not_add, c.metric)]
            nums = [
                c
                for c in others
                if _has(spec["numerator"], c.metric)
                and not _has(spec["denominator"], c.metric)
                and not _has(spec.get("not_numerator", []), c.metric)
            ]
            dens = [c for c in others if _has(spec["denominator"], c.metric)]
            if len(dens) != 1:
                continue
            if not nums:
                # 结案率 of 按时办结数 + 超时办结数: the parts of the numerator, each a column
                for alt in spec.get("parts", []):
                    found = [[c for c in others if _bare(c.metric) == w] for w in alt]
                    if all(len(f) == 1 for f in found):
                        nums = [f[0] for f in found]
                        break
            elif len(nums) != 1:
                continue
            if not nums:
                continue
            for r in t.rows:
                pq = [_q(ctx, r.cells[c.index]) for c in nums]
                whole = _q(ctx, r.cells[dens[0].index])
                rate = _q(ctx, r.cells[ci])
                if any(q is None for q in pq) or whole is None or rate is None:
                    continue
                parts = [q for q in pq if q is not None]
                if rate.family != "%" or any(q.family != whole.family for q in parts):
                    continue
                if whole.value == 0:
                    continue
                if len(parts) == 1:
                    yield _ratio(parts[0], whole, rate, "the rate does not match its columns")
                else:
                    yield _ratio_of_sum(parts, whole, rate, "the rate does not match its columns")


def _ratio_of_sum(parts: list[Q], whole: Q, rate: Q, en: str) -> Judged:
    """(part₁ + part₂ + …) ÷ whole = rate."""

    def fn(*vs: Fraction) -> Fraction:
        return sum(vs[:-1], Fraction(0)) / vs[-1] * 100

    v = judge(fn, [*parts, whole], rate)
    computed = v.formatted(rate.decimals) + "%"
    return verdict_relation(
        RATIO_CODE,
        "ratio",
        v,
        f"({' + '.join(q.written for q in parts)}) ÷ {whole.written}",
        computed,
        rate.written,
        [*[ref(q, "part") for q in parts], ref(whole, "whole"), ref(rate, "rate")],
        en,
    )


# ---------------------------------------------------------------------------
# Area × yield = output
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _product_words() -> tuple[list[str], list[str], list[str]]:
    p = data()["product"]
    return p["area"], p["yield"], p["output"]


def _hectares(q: Q) -> Fraction | None:
    """The area of a figure in 公顷 (base units of data/units.toml: 平方米 or 亩)."""
    f = q.fig
    if f.base_value is None:
        return None
    if f.base_unit == "平方米":
        return Fraction(f.base_value) / 10000
    if f.base_unit == "亩":
        return Fraction(f.base_value) / 15
    return None


def _product(area: Q, yld: Q, out: Q, certain: bool) -> Judged | None:
    """area × yield = output, in the output's unit (yields in 千克/公顷, masses in 吨)."""
    af, yf, of = area.fig, yld.fig, out.fig
    if af.kind != "area" or yf.kind != "yield" or of.kind != "mass":
        return None
    if yf.base_unit != "千克/公顷" or of.base_unit != "吨" or area.value == 0:
        return None
    ha, kg, t = _hectares(area), yf.base_value, of.base_value
    if ha is None or kg is None or t is None or Fraction(t) == 0:
        return None
    # each figure's own value times a constant factor to hectares, kg/ha and its own unit
    ka = ha / area.value
    ky = Fraction(kg) / yld.value
    ko = Fraction(t) * 1000 / out.value  # kilograms per unit of the output as written

    def fn(av: Fraction, yv: Fraction) -> Fraction:
        return av * ka * yv * ky / ko

    v = judge(fn, [area, yld], out)
    computed = fmt(v.computed / out.scale, out.decimals) + out.unit
    j = verdict_relation(
        RATIO_CODE,
        "average",
        v,
        f"{area.text.strip()} × {yld.text.strip()}",
        computed,
        out.text.strip(),
        [ref(area, "area"), ref(yld, "rate"), ref(out, "total")],
        "area × yield does not match the output",
    )
    if j.relation.status == "inconsistent" and not certain:
        return as_warning(j)
    return j


def _row_products(ctx: Context, t: Table) -> Iterator[Judged]:
    o_w = _product_words()[2]
    cols = [c for c in t.columns if c.role == "value"]
    for r in t.rows:
        qs = {c.index: _q(ctx, r.cells[c.index]) for c in cols}
        area = [q for q in qs.values() if q is not None and q.fig.kind == "area"]
        yld = [q for q in qs.values() if q is not None and q.fig.kind == "yield"]
        out = [
            q
            for c in cols
            if (q := qs[c.index]) is not None and q.fig.kind == "mass" and _has(o_w, c.metric)
        ]
        if len(area) == 1 and len(yld) == 1 and len(out) == 1:
            j = _product(area[0], yld[0], out[0], certain=True)
            if j is not None:
                yield j


def _prose_products(ctx: Context) -> Iterator[Judged]:
    a_w, y_w, o_w = _product_words()
    in_table = [(t.start, t.end) for t in tables(ctx)]
    for s, qs in zip(ctx.sents, ctx.sentence_figures(), strict=True):
        if any(a <= s.start < b for a, b in in_table):
            continue
        area = [q for q in qs if q.fig.kind == "area" and not q.qualifier]
        yld = [q for q in qs if q.fig.kind == "yield" and not q.qualifier]
        out = [q for q in qs if q.fig.kind == "mass" and not q.qualifier]
        if len(area) != 1 or len(yld) != 1 or len(out) != 1:
            continue
        # all three named as such (播种面积, 单产, 总产量), none a change (增加, 增产)
        labels = [ctx.label(q) for q in (area[0], yld[0], out[0])]
        if not (_has(a_w, labels[0]) and _has(y_w, labels[1]) and _has(o_w, labels[2])) or any(
            _has(["增", "减", "提高", "下降"], lab) for lab in labels
        ):
            continue
        j = _product(area[0], yld[0], out[0], certain=False)
        if j is not None:
            yield j


# ---------------------------------------------------------------------------
# Prose and table
# ---------------------------------------------------------------------------


def propose_restated(ctx: Context) -> Iterator[Judged]:
    """A figure of the prose naming a table row (its stub, just before it) and a column
    (its head in the figure's label) against that cell: they must agree.

    >>> from briefing import read_text, extract
    >>> doc = read_text("东湖镇完成投资3.6亿元。\\n| 乡镇 | 完成投资（亿元） |\\n"
    ...                 "| 东湖镇 | 3.8 |\\n| 西岭镇 | 2.1 |")
    >>> [(j.relation.status, j.relation.formula) for j in propose_restated(Context(doc, extract(doc)))]
    [('inconsistent', '3.6亿元 = 3.8（表中 东湖镇 · 完成投资）')]
    """
    ts = [t for t in tables(ctx) if t.stub is not None]
    if not ts:
        return
    spans = [(t.start, t.end) for t in ts]
    for q in ctx.qs:
        if any(a <= q.start < b for a, b in spans) or q.family in ("pp",) or q.qualifier:
            continue
        before = ctx.norm[max(0, q.start - 24) : q.start]
        label = ctx.label(q)
        # a period stated in the figure's own sentence (not one inherited from the
        # paragraph's lead) that the caption does not name rules the table out
        si = ctx.sentence_index(q.start)
        lo = ctx.sents[si].start if si is not None else q.start
        own = q.fig.period if q.fig.period and q.fig.period in ctx.norm[lo : q.start] else None
        for t in ts:
            if own and t.caption and own not in t.caption:
                continue
            rows = [r for r in t.rows if r.stub and len(r.stub) >= 2 and r.stub in before]
            # the stub nearest the figure, and no other figure between them
            rows.sort(key=lambda r: before.rfind(r.stub or ""), reverse=True)
            if not rows:
                continue
            r = rows[0]
            at = q.start - len(before) + before.rfind(r.stub or "")
            between = ctx.norm[at + len(r.stub or "") : q.start]
            if ctx.in_span(at + len(r.stub or ""), q.start) or len(between) > 10:
                continue
            if any(w in between for w in _TOTAL_CUES):
                continue  # 12345热线共受理2880件: a total of the whole, not of the row
            # the head named after the stub: 产业项目完成投资 names 完成投资, not 项目数
            own = label.rsplit(r.stub or "", 1)[-1]
            values = [c for c in t.columns if c.role == "value" and c.metric]
            cols = [c for c in values if c.metric and len(c.metric) >= 2 and c.metric in own]
            if not cols:
                cols = [c for c in values if _names(c.metric, own)]
            if not cols and not own.strip():
                # 办件量前三的部门：住建局99件: the measure is named before the list
                k = ctx.sentence_index(q.start)
                lead = ctx.norm[ctx.sents[k].start : at] if k is not None else ""
                cols = [c for c in _measures(t) if c.metric and _same_measure(c.metric, lead)]
            if len(cols) != 1:
                continue
            cell = _q(ctx, r.cells[cols[0].index])
            if cell is None:
                continue
            # a bare count in a cell (99 under 派遣案件总数) and a count of the prose (99件)
            bare_count = cell.unit == "" and cell.exact_count and q.exact_count
            if cell.family != q.family and not bare_count:
                continue
            yield _same(q, cell, r, cols[0])


#: words that make a prose figure a total of the whole table, not the value of a row
_TOTAL_CUES = ("共", "合计", "总计", "累计", "全部", "总")


def _same_measure(metric: str, lead: str) -> bool:
    """Does the lead of a sentence name the column (its head, or a word of the same
    measure in ``data/tables.toml``: 办件量 ↔ 派遣案件总数)?"""
    if len(metric) >= 2 and (metric in lead or _names(metric, lead)):
        return True
    return any(
        metric in group and any(w in lead for w in group)
        for group in data()["columns"]["same_measure"]
    )


def _names(metric: str | None, label: str) -> bool:
    """Does a figure's label name the column head (受理量 ↔ 受理, 完成投资 ↔ 完成投资)?"""
    if not metric:
        return False
    core = metric
    for suffix in ("总数", "数量", "量", "数", "额"):
        if core.endswith(suffix) and len(core) - len(suffix) >= 2:
            core = core[: -len(suffix)]
            break
    return len(core) >= 2 and core in label


def _same(prose: Q, cell: Q, row: Row, col: Column) -> Judged:
    where = f"表中 {row.stub} · {col.metric}"
    formula = f"{prose.text.strip()} = {cell.text.strip()}（{where}）"
    refs = [ref(prose, "stated"), ref(cell, "stated")]
    a = prose.interval("strict", stated=True)
    b = cell.interval("strict", stated=True)
    if a.meets(b):
        return relation(REPEAT_CODE, "repeat", "consistent", formula, refs)
    zh = f"正文“{prose.text.strip()}”与{where}“{cell.text.strip()}”不一致"
    en = f"the prose says {prose.text.strip()}, the table {cell.text.strip()}"
    return relation(
        REPEAT_CODE,
        "repeat",
        "inconsistent",
        formula,
        refs,
        Msg(zh, en, prose.written, cell.written),
    )


__all__ = ["Interval", "contexts", "propose_ratios", "propose_restated", "propose_sums", "tables"]
