"""Pipe tables whose rows a portal copy-paste broke across lines, joined back into rows.

    join_pipe_fragments(blocks) -> blocks

A table copied out of a portal page often reaches us one cell a line, each cell closed by
a pipe (``99 |``), or opened by one (``| 99``); a header cell that spanned columns leaves
its row short, and the copy pads the row at its end with empty cells (a line of pipes
only, ``||||||``).  Line by line such a table is lost: every line is a short fragment,
and the chrome filter takes ``99 |`` for a tool-bar remnant.

Here a run of such fragment lines is read as one stream of cells and cut into rows:

* the row width is the length of the header rows, each closed by its padding run (all
  padded rows must agree), else the period of the list-number column (``1``, ``2``, ``3``
  in the first cell of consecutive rows);
* the body is cut into rows of that width; every body column must keep one kind of cell
  (names, or numbers) down the rows, else the run is left as it was;
* a last row cut short (an excerpt that stops mid-table) is left as lines after the table.

The result is one ``RawBlock(kind_hint="table", style="pipe", rows=...)``: header rows keep
their padding (empty cells at their end), which tells the table model that their cells
span columns (see :mod:`briefing.extraction.tables`).  Runs that are complete pipe rows
one a line (``| 项目 | 数量 |``) are left to the table model as they are.
"""

from __future__ import annotations

import re

from briefing.io.base import RawBlock

__all__ = ["join_pipe_fragments"]

#: fewest fragment lines, and fewest number cells, of a run read as a table
MIN_LINES = 6
MIN_NUMBERS = 4

_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?\s*[%％‰]?$")
_DASH = frozenset(("-", "—", "--", "——", "/", "－"))


def _kind(cell: str) -> str:
    """'n' for a number (or a dash standing for none), 't' for text, '' for empty."""
    c = cell.strip()
    if not c:
        return ""
    if _NUMBER.match(c) or c in _DASH:
        return "n"
    return "t"


def _line_cells(lines: list[str]) -> list[list[str]] | None:
    """The cells of each line of a run of fragment lines, in one convention: every line
    closed by a pipe (``cell |``), or every line opened by one (``| cell``)."""
    if all(ln.endswith(("|", "｜")) for ln in lines):
        return [[p.strip() for p in _PIPE.split(ln)[:-1]] for ln in lines]
    if all(ln.startswith(("|", "｜")) for ln in lines):
        return [[p.strip() for p in _PIPE.split(ln)[1:]] for ln in lines]
    return None


_PIPE = re.compile(r"[|｜]")


def _regular(lines: list[str]) -> bool:
    """Complete pipe rows, one a line (``| a | b |``), all of one width: not broken."""
    if not all(ln.startswith(("|", "｜")) and ln.endswith(("|", "｜")) for ln in lines):
        return False
    widths = {len(_PIPE.split(ln)) for ln in lines if not re.fullmatch(r"[|｜:\-\s]+", ln)}
    return len(widths) == 1 and min(widths) >= 4


def _padded_rows(cells: list[str]) -> tuple[list[list[str]], int] | None:
    """Header rows closed by padding runs, and the index of the first cell after them;
    None when no row is padded, a row opens with an empty cell, or widths differ."""
    rows: list[list[str]] = []
    start = i = 0
    n = len(cells)
    while i < n:
        if cells[i] == "":
            if i == start:
                return None
            j = i
            while j < n and cells[j] == "":
                j += 1
            rows.append(cells[start:j])
            start = i = j
            continue
        if _kind(cells[i]) == "n":
            break  # the body has begun
        i += 1
    if not rows or len({len(r) for r in rows}) != 1:
        return None
    width = len(rows[0])
    # header rows after the padded ones that needed no padding (as wide as the table)
    while i - start >= width:
        rows.append(cells[start : start + width])
        start += width
    return rows, start


def _ordinal_width(cells: list[str]) -> int | None:
    """The row width from a list-number column: cells ``1`` and ``2`` a row apart."""
    try:
        i = cells.index("1")
    except ValueError:
        return None
    for j in range(i + 2, len(cells)):
        if cells[j] == "2":
            w = j - i
            if i % w == 0 and (j + w >= len(cells) or cells[j + w] in ("3", "")):
                return w
            return None
    return None


def _body_rows(cells: list[str], width: int) -> list[list[str]] | None:
    """Body cells cut into rows of ``width``; None when a column changes kind down the
    rows or fewer than two rows are complete."""
    full = len(cells) // width
    if full < 2:
        return None
    rows = [cells[k * width : (k + 1) * width] for k in range(full)]
    for c in range(width):
        kinds = {_kind(r[c]) for r in rows} - {""}
        if len(kinds) > 1:
            return None
    if not any(_kind(x) == "n" for r in rows for x in r):
        return None
    return rows


def _table(lines: list[str]) -> tuple[list[list[str]], int] | None:
    """(rows, number of lines used) of a run of fragment lines, or None."""
    per_line = _line_cells(lines)
    if per_line is None:
        return None
    cells = [c for cs in per_line for c in cs]
    if sum(1 for c in cells if _kind(c) == "n") < MIN_NUMBERS:
        return None
    padded = _padded_rows(cells)
    if padded is not None:
        head, at = padded
        width = len(head[0])
    else:
        w = _ordinal_width(cells)
        if w is None:
            return None
        width, at = w, cells.index("1")
        head = [cells[k * width : (k + 1) * width] for k in range(at // width)]
    if not head or any(_kind(c) == "n" for r in head for c in r):
        return None
    body = _body_rows(cells[at:], width)
    if body is None:
        return None
    # the lines the table used: up to the line that closes its last full row
    need = at + len(body) * width
    got = 0
    for k, cs in enumerate(per_line):
        got += len(cs)
        if got == need:
            return head + body, k + 1
        if got > need:
            return None  # the last full row ends inside a line: not a clean cut
    return None


def _fragment(text: str) -> bool:
    return "|" in text or "｜" in text


def join_pipe_fragments(blocks: list[RawBlock]) -> list[RawBlock]:
    """``blocks`` with every run of broken pipe-table lines replaced by one table block
    (see the module doc); other blocks are returned as they are."""
    if not any(b.rows is None and _fragment(b.text) for b in blocks):
        return blocks
    out: list[RawBlock] = []
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        if b.rows is not None or not _fragment(b.text):
            out.append(b)
            i += 1
            continue
        j = i
        while j < n and blocks[j].rows is None and _fragment(blocks[j].text):
            j += 1
        lines = [blocks[k].text.strip() for k in range(i, j)]
        found = None if j - i < MIN_LINES or _regular(lines) else _table(lines)
        if found is None:
            out.extend(blocks[i:j])
        else:
            rows, used = found
            text = "\n".join("\t".join(r) for r in rows)
            out.append(RawBlock(text=text, style="pipe", kind_hint="table", rows=rows))
            out.extend(blocks[i + used : j])
        i = j
    return out
