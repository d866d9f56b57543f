"""Tables: header rows, stub column and unit notes, whatever shape the table came in.

    find_tables(doc) -> list[Table]
    apply_tables(doc, figures, tables=None) -> list[Table]

A table reaches briefing in one of three shapes, all read here into one model:

* a real table of a .docx, .html or .pdf (``Block(kind="table", rows=...)``: cell spans);
* a pipe table in text saved from a portal, one row a line: ``| 项目 | 数量 | 占比 |``
  (a ``|---|`` rule line is skipped);
* aligned rows of text extracted from a PDF, cells apart by two or more spaces or a tab.

The model: caption (the short line above the table, or a one-cell first row), the unit
note of the whole table (``单位：万元``), header rows (the rows above the first row with
a number outside the stub), one :class:`Column` a column — its head, its metric (the head
without its unit) and its unit (``占比(%)``, ``金额（亿元）``, ``金额/万元``; else the
table's unit note for a column of amounts; else ``%`` for a head naming a rate) — and the
body rows, each with its stub (the row's name) and its role (data, 合计/总计 total,
小计 subtotal, 其中 part of the row above).

:func:`apply_tables` gives every cell figure the unit its header or caption gives, the
head as its metric and the stub as its subject.  A table whose structure is ambiguous
(no header row, rows of unequal width, a header that does not cover the body) is left
out: a cell is never given a unit or a name that was guessed.

The words (unit notes, stub heads, total rows, rate heads) are in ``data/tables.toml``.
"""

from __future__ import annotations

import re
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
RowRole = Literal["data", "total", "subtotal", "part"]


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    raw = data_text("tables.toml")
    return recache.toml(raw)


@dataclass(slots=True)
class Column:
    index: int
    head: str  # the header cells above the column, joined by " / " (norm text)
    metric: str | None  # the head without its unit note
    unit: str | None  # the unit of its bare cells (亿元, %, 个), None when none is stated
    role: Literal["stub", "ordinal", "value"] = "value"


@dataclass(slots=True)
class Row:
    index: int  # index among the table's body rows
    cells: list[Span]
    stub: str | None
    role: RowRole = "data"


@dataclass(slots=True)
class Table:
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
    """Every table of ``doc`` whose structure is clear (see the module doc)."""
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
    full = [r for r in header if len(r) == width]
    if not full:
        return None  # a header of merged cells that does not cover the columns
    for r in full:
        if len(r) > 2 and all(c.end <= c.start for c in r[-2:]):
            return None  # a head row padded at its end: merged cells moved left
    # a unit note may stand in a header cell of its own (单位：万元 in the corner)
    for r in header:
        for c in r:
            u = unit_note(norm[c.start : c.end])
            if u is not None:
                note = note or u
    columns: list[Column] = []
    for ci in range(width):
        parts: list[str] = []
        for r in full:
            t = norm[r[ci].start : r[ci].end].strip()
            if t and t not in parts:
                parts.append(t)
        head = " / ".join(parts)
        metric, unit = parse_head(parts[-1] if parts else "")
        if len(parts) > 1 and unit is None:
            for p in parts[:-1]:
                _, u = parse_head(p)
                unit = unit or u
        col = Column(ci, head, metric or None, unit)
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
        elif note is not None and not m.endswith("数"):
            col.unit = note
    out_rows: list[Row] = []
    for ri, r in enumerate(body):
        stub_text = norm[r[stub].start : r[stub].end].strip() if stub is not None else None
        out_rows.append(Row(ri, r, stub_text or None, _row_role(stub_text or "")))
    start = min(c.start for r in rows for c in r)
    end = max(c.end for r in rows for c in r)
    return Table(start, end, shape, caption, note, columns, out_rows, header, stub)


def _row_role(stub: str) -> RowRole:
    rc = data()["rows"]
    s = stub.replace(" ", "").replace("\u3000", "")
    if any(s == w.replace(" ", "") for w in rc["total"]):
        return "total"
    if any(s == w.replace(" ", "") for w in rc["subtotal"]):
        return "subtotal"
    if s.startswith(tuple(rc["part_of_above"])):
        return "part"
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
