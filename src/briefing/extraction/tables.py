"""Tables: header rows, stub column and unit notes, whatever shape the table came in.

    find_tables(doc) -> list[Table]
    apply_tables(doc, figures, tables=None) -> list[Table]

A table reaches briefing in one of three shapes, all read here into one model:

* a real table of a .docx, .html or .pdf (``Block(kind="table", rows=...)``: cell spans);
* a pipe table in text saved from a portal, one row a line: ``| 项目 | 数量 | 占比 |``
  (a ``|---|`` rule line is skipped);
* aligned rows of text extracted from a PDF, cells apart by two or more spaces or a tab;
* a pipe table a portal copy-paste broke one cell a line (``99 |``), joined back into
  rows by the reader (:mod:`briefing.io.pipe_tables`) before the chrome filter.

The model: caption (the short line above the table, or a one-cell first row), the unit
note of the whole table (``单位：万元``), header rows (the rows above the first row with
a number outside the stub), one :class:`Column` a column — its head, its metric (the head
without its unit) and its unit (``占比(%)``, ``金额（亿元）``, ``金额/万元``; else the
table's unit note for a column of amounts; else ``%`` for a head naming a rate) — and the
body rows, each with its stub (the row's name) and its role (data, 合计/总计 total,
小计 subtotal, 其中 part of the row above, 县均/平均 average).

A header of merged cells (``派遣案件总数`` spanning ``总计 | 12345热线 | 网上信箱``, each
channel spanning ``按时办结 | 超时办结 | 未办结``) reaches us with every merged cell once:
a .docx or .html row shorter than the table, or a copy-paste row padded with empty cells
at its end.  It is resolved into one header path a column (``Column.path``:
派遣案件总数 / 12345热线 / 按时办结) by :func:`_merged_layout`; a 总计/合计 sub-head makes
its column the total of its group (``Column.total``, its metric the spanning head).

:func:`apply_tables` gives every cell figure the unit its header or caption gives, the
head as its metric and the stub as its subject.  A table whose structure is ambiguous
(no header row, rows of unequal width, a header that does not cover the body) is left
out: a cell is never given a unit or a name that was guessed.

The words (unit notes, stub heads, total rows, rate heads) are in ``data/tables.toml``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal

from briefing import recache
from briefing.data import data_text
from briefing.extraction.units import lookup
from briefing.model import Document, Figure, Span

__all__ = ["Column", "Row", "Table", "apply_tables", "data", "find_tables", "parse_head"]

Shape = Literal["docx", "html", "pdf", "pipe", "aligned", "table"]
RowRole = Literal["data", "total", "subtotal", "part", "average"]


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    raw = data_text("tables.toml")
    return recache.toml(raw)


@dataclass(slots=True)
class Column:
    """One column of a table: its head, metric, unit and role."""

    index: int
    head: str  # the header cells above the column, joined by " / " (norm text)
    metric: str | None  # the head without its unit note
    unit: str | None  # the unit of its bare cells (亿元, %, 个), None when none is stated
    role: Literal["stub", "ordinal", "value"] = "value"
    #: the header cells above the column, top first (``派遣案件总数``, ``12345热线``,
    #: ``按时办结``): more than one when a head spans columns over sub-heads
    path: tuple[str, ...] = ()
    #: the total of its group (a 总计/合计 sub-head under a spanning head)
    total: bool = False

    @property
    def group(self) -> tuple[str, ...]:
        """The spanning heads above the column (empty for a head of one row)."""
        return self.path[:-1]


@dataclass(slots=True)
class Row:
    """One body row of a table: its cells, stub and role."""

    index: int  # index among the table's body rows
    cells: list[Span]
    stub: str | None
    role: RowRole = "data"


@dataclass(slots=True)
class Table:
    """A table of the text: its span, shape, caption, unit, columns and rows."""

    start: int
    end: int
    shape: Shape
    caption: str | None
    unit: str | None  # the unit note of the whole table (单位：万元)
    columns: list[Column]
    rows: list[Row]
    header: list[list[Span]] = field(default_factory=list)
    stub: int | None = None  # index of the stub column

    def cell(self, row: Row, col: Column) -> Span:
        return row.cells[col.index]


# ---------------------------------------------------------------------------
# Heads and unit notes
# ---------------------------------------------------------------------------

_NUM_CELL = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*%?$")
_BRACKET_UNIT = re.compile(r"^(.*?)\s*[（(]\s*([^（）()]{1,12}?)\s*[）)]\s*$")
_SLASH_UNIT = re.compile(r"^(.*?[^\d\s/])\s*/\s*([^/\s]{1,8})$")
_PIPE_RULE = re.compile(r"^[\s|:：\-—=+]+$")
_ALIGNED_SPLIT = re.compile(r"\t+|\s{2,}|\u3000+")


def _unit_of(written: str) -> str | None:
    """A unit as written in a head or note (万元, %, 公斤/公顷), canonical; else None."""
    w = written.strip().replace("％", "%")
    if w in ("%", "百分比", "百分点"):
        return "%" if w != "百分点" else "百分点"
    hit = lookup(w)
    if hit is None:
        return None
    u, sc = hit
    return (sc or "") + u.name


def _strip_note(inner: str) -> str:
    for w in data()["caption"]["unit_note"]:
        if inner.startswith(w):
            return inner[len(w) :].lstrip("：: ")
    return inner


def parse_head(head: str) -> tuple[str, str | None]:
    """A column head → (metric, unit): ``金额（亿元）`` → (金额, 亿元); ``占比(%)`` →
    (占比, %); ``金额/万元`` → (金额, 万元); ``占比%`` → (占比, %); ``项目`` → (项目, None).
    A bracket that holds no single unit (``（含续建）``, ``（个、亿元）``) is kept in the
    metric."""
    h = head.strip()
    m = _BRACKET_UNIT.match(h)
    if m and m.group(1):
        u = _unit_of(_strip_note(m.group(2)))
        if u is not None:
            return m.group(1).strip(), u
    m = _SLASH_UNIT.match(h)
    if m:
        u = _unit_of(m.group(2))
        if u is not None:
            return m.group(1).strip(), u
    if len(h) > 1 and h[-1] in "%％":
        return h[:-1].strip(), "%"
    return h, None


_NOTE_RE: re.Pattern[str] | None = None


def _note_re() -> re.Pattern[str]:
    global _NOTE_RE
    if _NOTE_RE is None:
        words = "|".join(re.escape(w) for w in data()["caption"]["unit_note"])
        _NOTE_RE = re.compile(rf"(?:{words})\s*[：:]\s*([^\s，,；;。）)]+)")
    return _NOTE_RE


def unit_note(text: str) -> str | None:
    """The unit of a note such as ``（单位：万元）``; None when absent or not one unit."""
    m = _note_re().search(text)
    if m is None:
        return None
    return _unit_of(m.group(1))


def _has(words: list[str], text: str) -> bool:
    return any(w in text for w in words)


# ---------------------------------------------------------------------------
# Finding tables
# ---------------------------------------------------------------------------


def find_tables(doc: Document) -> list[Table]:
    """Every table of ``doc`` whose structure is clear (see the module doc).

    The tables of the last documents asked about are kept: extraction and the checks
    both ask (do not modify the list or its tables).  A kept answer is used for the
    same document only, with the same text and the same blocks."""
    sig = _signature(doc)
    for key, found in _FOUND:
        if len(key) == len(sig) and all(a is b for a, b in zip(key, sig, strict=True)):
            return found
    found = _find_tables(doc)
    _FOUND.insert(0, (sig, found))
    del _FOUND[2:]
    return found


# (signature, tables) of the last two documents whose tables were found
_FOUND: list[tuple[tuple[object, ...], list[Table]]] = []


def _signature(doc: Document) -> tuple[object, ...]:
    """What :func:`_find_tables` reads of a document: the objects themselves, compared by
    identity (kept alive by the signature, so no identity is reused)."""
    sig: list[object] = [doc, doc.text, doc.norm, doc.format, doc.blocks]
    for b in doc.blocks:
        sig += (b, b.kind, b.start, b.end, b.style, b.rows)
    return tuple(sig)


def _find_tables(doc: Document) -> list[Table]:
    out: list[Table] = []
    raw = _raw_tables(doc)
    for shape, rows, bi in raw:
        t = _model(doc, shape, rows, bi)
        if t is not None:
            out.append(t)
    return out


#: blocks that may be a line of a text table (a first line may pass for a title)
_LINE_KINDS = frozenset(("paragraph", "heading", "title", "meta"))


def _raw_tables(doc: Document) -> list[tuple[Shape, list[list[Span]], int]]:
    """(shape, rows of cell spans, index of the first block) of every table-like run."""
    out: list[tuple[Shape, list[list[Span]], int]] = []
    blocks = doc.blocks
    norm = doc.norm
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "table" and b.rows:
            shape: Shape = doc.format if doc.format in ("docx", "html", "pdf") else "table"  # type: ignore[assignment]
            if b.style == "pipe":
                shape = "pipe"  # broken pipe lines joined by the reader (io.pipe_tables)
            out.append((shape, b.rows, i))
            i += 1
            continue
        if b.kind not in _LINE_KINDS:
            i += 1
            continue
        line = norm[b.start : b.end]
        if line.count("|") >= 2:
            rows: list[list[Span]] = []
            j = i
            while j < len(blocks) and blocks[j].kind in _LINE_KINDS:
                bj = blocks[j]
                lj = norm[bj.start : bj.end]
                if lj.count("|") < 2:
                    break
                if not _PIPE_RULE.match(lj):
                    rows.append(_pipe_cells(norm, bj.start, bj.end))
                j += 1
            if len(rows) >= 2:
                out.append(("pipe", rows, i))
            i = max(j, i + 1)
            continue
        cells = _aligned_cells(norm, b.start, b.end)
        if cells is not None and len(cells) >= 3:
            rows = [cells]
            j = i + 1
            while j < len(blocks) and blocks[j].kind in _LINE_KINDS:
                c2 = _aligned_cells(norm, blocks[j].start, blocks[j].end)
                if c2 is None or len(c2) != len(cells):
                    break
                rows.append(c2)
                j += 1
            if len(rows) >= 3:
                out.append(("aligned", rows, i))
                i = j
                continue
        i += 1
    return out


def _pipe_cells(norm: str, start: int, end: int) -> list[Span]:
    line = norm[start:end]
    lo, hi = 0, len(line)
    while lo < hi and line[lo] in " \t":
        lo += 1
    if lo < hi and line[lo] == "|":
        lo += 1
    while hi > lo and line[hi - 1] in " \t":
        hi -= 1
    if hi > lo and line[hi - 1] == "|":
        hi -= 1
    cells: list[Span] = []
    pos = lo
    for part in line[lo:hi].split("|"):
        a, b = pos, pos + len(part)
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        cells.append(Span(start + a, start + b))
        pos += len(part) + 1
    return cells


def _aligned_cells(norm: str, start: int, end: int) -> list[Span] | None:
    line = norm[start:end]
    if "  " not in line and "\t" not in line and "\u3000" not in line:
        return None
    cells: list[Span] = []
    pos = 0
    for m in _ALIGNED_SPLIT.finditer(line):
        if m.start() > pos:
            cells.append(Span(start + pos, start + m.start()))
        pos = m.end()
    if pos < len(line):
        cells.append(Span(start + pos, end))
    return cells if len(cells) >= 3 else None


def _is_number(norm: str, s: Span) -> bool:
    return bool(_NUM_CELL.match(norm[s.start : s.end].strip()))


def _caption(doc: Document, bi: int, rows: list[list[Span]]) -> tuple[str | None, str | None]:
    """The caption above a table and the table's unit note (in the caption, or a line of
    its own above it, or after it)."""
    norm = doc.norm
    caption = None
    note = None
    for k in (bi - 1, bi - 2):
        if k < 0:
            break
        b = doc.blocks[k]
        t = norm[b.start : b.end].strip()
        if b.kind == "table" or len(t) > 60 or t.endswith(("。", "；", ";")):
            break
        u = unit_note(t)
        if u is not None and note is None:
            note = u
        if caption is None and _has(data()["caption"]["caption_words"], t):
            caption = doc.text[b.start : b.end].strip()
    return caption, note


def _model(doc: Document, shape: Shape, rows: list[list[Span]], bi: int) -> Table | None:
    norm = doc.norm
    cfg = data()
    caption, note = _caption(doc, bi, rows)
    rows = [r for r in rows if any(c.end > c.start for c in r)]
    # one-cell rows above the header: a title row or a unit note row of the table itself
    while rows and (len(rows[0]) == 1 or len({norm[c.start : c.end] for c in rows[0]}) == 1):
        t = norm[rows[0][0].start : rows[0][0].end]
        note = unit_note(t) or note
        caption = caption or doc.text[rows[0][0].start : rows[0][0].end]
        rows = rows[1:]
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    # header rows: above the first row with a number outside its first two cells
    h = 0
    while h < len(rows) and not any(_is_number(norm, c) for c in rows[h][1:]):
        h += 1
    if h == 0 or h == len(rows):
        return None
    header, body = rows[:h], rows[h:]
    if any(len(r) != width for r in body):
        return None  # rows of unequal width: merged cells we cannot place
    paths = _header_paths(norm, header, body, width)
    if paths is None:
        return None  # a header of merged cells whose layout is not clear
    # a unit note may stand in a header cell of its own (单位：万元 in the corner)
    for r in header:
        for c in r:
            u = unit_note(norm[c.start : c.end])
            if u is not None:
                note = note or u
    totals = cfg["columns"]["total"]
    columns: list[Column] = []
    for ci in range(width):
        parts = paths[ci]
        head = " / ".join(parts)
        metric, unit = parse_head(parts[-1] if parts else "")
        if len(parts) > 1 and unit is None:
            for p in parts[:-1]:
                _, u = parse_head(p)
                unit = unit or u
        total = len(parts) > 1 and metric in totals
        if total:
            metric = parse_head(parts[-2])[0]  # 派遣案件总数 / 总计: the total of the group
        col = Column(ci, head, metric or None, unit, path=tuple(parts), total=total)
        if _has(cfg["header"]["ordinal"], head) and len(head) <= 4:
            col.role = "ordinal"
        columns.append(col)
    # the stub: the first column that is not an ordinal and holds no numbers
    stub = None
    for col in columns:
        if col.role == "ordinal":
            continue
        if not any(_is_number(norm, r[col.index]) for r in body):
            stub = col.index
            col.role = "stub"
        break
    for col in columns:
        if col.role != "value" or col.unit is not None:
            continue
        m = col.metric or ""
        if _has(cfg["header"]["percent"], m):
            col.unit = "%"
        elif note is not None and (not m.endswith("数") or _counting(note)):
            col.unit = note  # 单位：万元 is not the unit of 项目数; 单位：件 is that of 办结数
    out_rows: list[Row] = []
    for ri, r in enumerate(body):
        stub_text = norm[r[stub].start : r[stub].end].strip() if stub is not None else None
        out_rows.append(Row(ri, r, stub_text or None, _row_role(stub_text or "")))
    start = min(c.start for r in rows for c in r)
    end = max(c.end for r in rows for c in r)
    return Table(start, end, shape, caption, note, columns, out_rows, header, stub)


#: most header layouts weighed for one table (a header of merged cells)
MAX_LAYOUTS = 10000


def _header_paths(
    norm: str, header: list[list[Span]], body: list[list[Span]], width: int
) -> list[list[str]] | None:
    """The header cells above each column, top first; None when unclear.

    A header whose rows all have one cell a column is read by position.  A header of
    merged cells (a row shorter than the table, or padded at its end with empty cells by
    a copy-paste) is resolved by :func:`_merged_layout`; failing that, only its rows
    with one cell a column are read, as long as no row is padded at its end."""

    def text(c: Span) -> str:
        return norm[c.start : c.end].strip()

    def padded(r: list[Span]) -> bool:
        return len(r) > 2 and all(c.end <= c.start for c in r[-2:])

    full = [r for r in header if len(r) == width and not padded(r)]
    if len(full) < len(header):
        paths = _merged_layout([[text(c) for c in r if text(c)] for r in header], norm, body)
        if paths is not None and len(paths) == width:
            return paths
        if not full or any(padded(r) for r in header):
            return None
    out = []
    for ci in range(width):
        parts: list[str] = []
        for r in full:
            t = text(r[ci])
            if t and t not in parts:
                parts.append(t)
        out.append(parts)
    return out


def _compositions(n: int, m: int) -> list[tuple[int, ...]]:
    """Every way to hand ``n`` cells to ``m`` cells in order (0 = none): tuples of m
    non-negative integers adding to n."""
    if m == 0:
        return [()] if n == 0 else []
    if m == 1:
        return [(n,)]
    return [(k, *rest) for k in range(n + 1) for rest in _compositions(n - k, m - 1)]


def _merged_layout(
    rows: list[list[str]], norm: str, body: list[list[Span]]
) -> list[list[str]] | None:
    """Header paths of a header of merged cells, given only the text of each row's cells
    in order (the spans of merged cells are lost by the reader or the copy-paste).

    Every cell either runs down to the body (one column) or spans the cells below it that
    are its sub-heads (a contiguous run of the next row).  Among the layouts that give the
    table its width, those are kept in which a column of names stands under a head of one
    row and a column of percentages (and only such a column) under a rate head; then the
    layout is preferred in which a 总计/合计 sub-head heads no cells of its own, groups of
    the same sub-heads (按时办结 | 超时办结 under each channel) line up, and a 总计 column
    equals the sum of its group in most rows (as a reader would place them).  A tie, or
    too many layouts to weigh, leaves the header unresolved."""
    if not rows or any(not r for r in rows):
        return None
    width = len(body[0])
    kinds = [_column_kind(norm, [r[ci] for r in body]) for ci in range(width)]
    cfg = data()
    totals = set(cfg["columns"]["total"])
    rate_words = cfg["header"]["percent"]
    h = len(rows)
    # children of each cell of each row above the last: compositions of the next row
    choices: list[list[tuple[int, ...]]] = []
    count = 1
    for r in range(h - 1):
        n, m = len(rows[r + 1]), len(rows[r])
        count *= math.comb(n + m - 1, m - 1)  # counted before any is built
        if count > MAX_LAYOUTS:
            return None
        choices.append(_compositions(n, m))
    zeros = [[c.count(0) for c in cs] for cs in choices]
    values = [[_cell_value(norm, c) for c in r] for r in body]
    need = width - len(rows[-1])  # columns headed by a cell above the last header row
    words = {t for r in rows for t in r}
    # per head: names a rate or share (its column holds percentages), or is one
    rated = {t: "%" in t or _has(rate_words, t) for t in words}
    ratish = {t: "%" not in t and _has(["率", "占比", "比重"], t) for t in words}
    best: list[tuple[tuple[int, int, int], list[list[str]]]] = []

    def paths_of(kids: list[tuple[int, ...]]) -> list[list[str]]:
        out: list[list[str]] = []
        offsets = [0] * h

        def down(r: int, i: int, prefix: list[str]) -> None:
            path = [*prefix, rows[r][i]]
            n = kids[r][i] if r < h - 1 else 0
            if n == 0:
                out.append(path)
                return
            for _ in range(n):
                j = offsets[r + 1]
                offsets[r + 1] += 1
                down(r + 1, j, path)

        for i in range(len(rows[0])):
            down(0, i, [])
        return out

    for pick in _picks(zeros, need):
        kids = [choices[r][i] for r, i in enumerate(pick)]
        paths = paths_of(kids)
        if not _fits(paths, kinds, rated, ratish):
            continue
        # a 总计 sub-head heading cells of its own: against the reading
        total_parents = sum(
            1 for r in range(h - 1) for i, k in enumerate(kids[r]) if k and rows[r][i] in totals
        )
        sums = _total_rows(paths, values, totals)
        if sums == 0 and any(len(p) > 1 and p[-1] in totals for p in paths):
            continue  # a 总计 column its group does not add up to in most rows: misplaced
        best.append(((-total_parents, _repeats(rows, kids), sums), paths))
    if not best:
        return None
    best.sort(key=lambda x: x[0], reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]


def _picks(zeros: list[list[int]], need: int) -> Iterator[tuple[int, ...]]:
    """The picks of ``itertools.product(*[range(len(z)) for z in zeros])`` (a choice per
    row) whose zero counts add up to ``need``, without visiting the others: the rows'
    choices by their zero counts, the counts that add up first (in another order than
    the product's: the layout chosen does not depend on it, a tie is no layout)."""
    buckets: list[dict[int, list[int]]] = []
    for zs in zeros:
        by_count: dict[int, list[int]] = {}
        for i, z in enumerate(zs):
            by_count.setdefault(z, []).append(i)
        buckets.append(by_count)
    for counts in itertools.product(*[sorted(b) for b in buckets]):
        if sum(counts) == need:
            yield from itertools.product(*[b[c] for b, c in zip(buckets, counts, strict=True)])


def _column_kind(norm: str, cells: list[Span]) -> str:
    """'t' names, 'p' percentages, 'n' other numbers, '' empty or mixed."""
    ks = set()
    for c in cells:
        t = norm[c.start : c.end].strip()
        if not t or t in ("-", "—", "/"):
            continue
        if _NUM_CELL.match(t):
            ks.add("p" if t.endswith("%") else "n")
        else:
            ks.add("t")
    return ks.pop() if len(ks) == 1 else ""


def _fits(
    paths: list[list[str]], kinds: list[str], rated: dict[str, bool], ratish: dict[str, bool]
) -> bool:
    """Names under a head of one row; percentages, and only they, under a rate head
    (bare numbers may stand under ``占比(%)``)."""
    for path, kind in zip(paths, kinds, strict=True):
        if kind == "t" and len(path) > 1:
            return False  # the names of the rows stand under a head of their own
        if kind == "p" and not any(rated[p] for p in path):
            return False
        if kind == "n" and any(ratish[p] for p in path) and not any("%" in p for p in path):
            return False
    return True


def _repeats(rows: list[list[str]], kids: list[tuple[int, ...]]) -> int:
    """How many groups share their sub-heads with another group of the same row."""
    seqs: list[tuple[int, tuple[str, ...]]] = []
    for r in range(len(kids)):
        at = 0
        for k in kids[r]:
            if k:
                seqs.append((r, tuple(rows[r + 1][at : at + k])))
            at += k
    return sum(1 for s in seqs if seqs.count(s) > 1)


def _total_rows(paths: list[list[str]], body: list[list[Decimal | None]], totals: set[str]) -> int:
    """Body rows in which every 总计 sub-column equals the sum of the other columns of its
    group; 0 unless that holds in at least two rows and half of them."""
    groups = []
    for ci, p in enumerate(paths):
        if len(p) > 1 and p[-1] in totals:
            members = [
                cj
                for cj, q in enumerate(paths)
                if cj != ci and q[: len(p) - 1] == p[:-1] and q[-1] not in totals
            ]
            if members:
                groups.append((ci, members))
    if not groups:
        return 0
    good = 0
    for r in body:
        ok = True
        for ci, members in groups:
            vals = [r[c] for c in [ci, *members]]
            if any(v is None for v in vals) or vals[0] != sum(v for v in vals[1:] if v is not None):
                ok = False
                break
        good += ok
    return good if good >= max(2, (len(body) + 1) // 2) else 0


def _cell_value(norm: str, c: Span) -> Decimal | None:
    t = norm[c.start : c.end].strip().replace(",", "")
    if t in ("-", "—", "/"):
        return Decimal(0)
    if not _NUM_CELL.match(t) or t.endswith("%"):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _counting(unit: str) -> bool:
    """Is ``unit`` a unit of counted things (件, 个, 人次)?"""
    hit = lookup(unit)
    return hit is not None and hit[0].kind == "count" and hit[1] is None


_BRACKETED = re.compile(r"^(?P<word>[\u4e00-\u9fff]{2})[(（][^()（）]{1,12}[)）]$")


def _named_total(s: str, rc: dict[str, Any]) -> RowRole | None:
    """A total word after a group's name (东片小计, 种植业合计) or before it in brackets
    (小计（西片）): the row's role as the bare word's (data/tables.toml)."""
    m = _BRACKETED.match(s)
    word = m.group("word") if m is not None else None
    for role, key in (("total", "named_total_suffix"), ("subtotal", "named_subtotal_suffix")):
        for w in rc.get(key, ()):
            if word == w or (
                s.endswith(w) and 0 < len(s) - len(w) <= rc.get("named_prefix_max", 8)
            ):
                return role  # type: ignore[return-value]
    return None


def _row_role(stub: str) -> RowRole:
    rc = data()["rows"]
    s = stub.replace(" ", "").replace("\u3000", "")
    if any(s == w.replace(" ", "") for w in rc["total"]):
        return "total"
    if any(s == w.replace(" ", "") for w in rc["subtotal"]):
        return "subtotal"
    named = _named_total(s, rc)
    if named is not None:
        return named
    if s.startswith(tuple(rc["part_of_above"])):
        return "part"
    if any(w in s for w in rc.get("average_contains", ())) or s.endswith(
        tuple(rc.get("average_suffix", ()))
    ):
        return "average"  # 县均, 全市平均: not a row the total adds
    return "data"


# ---------------------------------------------------------------------------
# Cell figures
# ---------------------------------------------------------------------------


def apply_tables(
    doc: Document, figures: list[Figure], tables: list[Table] | None = None
) -> list[Table]:
    """Give every cell figure its column's unit (when the cell has none), the column head
    as its metric and the row stub as its subject; list numbers become ordinals."""
    if tables is None:
        tables = find_tables(doc)
    if not tables or not figures:
        return tables
    starts = [f.start for f in figures]
    import bisect

    for t in tables:
        for row in t.rows:
            for col in t.columns:
                c = row.cells[col.index]
                if c.end <= c.start:
                    continue
                i = bisect.bisect_left(starts, c.start)
                inside = []
                while i < len(figures) and figures[i].start < c.end:
                    if figures[i].end <= c.end:
                        inside.append(figures[i])
                    i += 1
                if len(inside) != 1:
                    continue
                f = inside[0]
                if col.role == "ordinal":
                    f.kind = "ordinal"
                    continue
                if col.role == "stub":
                    continue
                if _is_number(doc.norm, c) and (f.unit is None or f.kind == "other"):
                    _give_unit(f, col.unit)
                f.metric = col.metric or f.metric
                f.subject = row.stub or f.subject
    return tables


def _give_unit(f: Figure, unit: str | None) -> None:
    """A bare cell number (``18.6``) under a head or note that gives its unit (亿元)."""
    if unit is None or f.value is None:
        return
    if unit.endswith("%"):
        if f.text.strip().endswith(("%", "％")):
            return
        f.kind, f.unit, f.base_unit = "percent", "%", "%"
        f.base_value = f.value.replace(",", "")
        return
    hit = lookup(unit)
    if hit is None:
        return
    u, sc = hit
    try:
        v = Decimal(f.value.replace(",", ""))
    except InvalidOperation:
        return
    scale = Decimal(data_scale(sc)) if sc else Decimal(1)
    base = v * scale * u.factor
    f.kind = u.kind
    f.unit = unit
    f.base_unit = u.base
    f.base_value = _dec_str(base)


def data_scale(sc: str) -> str:
    from briefing.extraction.units import table as unit_table

    return str(unit_table().scales[sc])


def _dec_str(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s
