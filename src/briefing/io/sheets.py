"""Spreadsheet output that Excel opens cleanly and that runs nothing (CSV and XLSX cells).

Every table briefing writes for people (``convert``, ``extract``, the triage sheet) goes
through here, because its cells hold text from documents and paths nobody vetted:

* **XLSX**: a text cell is always written as a string cell (``t="s"``/``inlineStr``),
  never as a formula, even when it starts with ``=``; characters XML forbids are dropped.
* **CSV**: a spreadsheet guesses the type of every CSV field, so a field starting with
  ``= + - @`` or a tab or carriage return would be read as a formula.  Such fields get a
  leading apostrophe, the OWASP recommendation ("CSV Injection"): ``=HYPERLINK(…)`` is
  written ``'=HYPERLINK(…)``.  Plain signed numbers (``-3.5``, ``+12%``) are left alone:
  Excel reads them as numbers, not formulas.  :func:`restore` undoes the apostrophe when
  briefing reads its own CSV back.
* CSV files start with a UTF-8 byte-order mark, which is how Excel recognises UTF-8;
  without it Chinese text opens garbled.  Streams (stdout) get no BOM.

pandas and openpyxl are imported inside the functions that need them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

#: First characters that make a spreadsheet evaluate a CSV field (OWASP CSV Injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The neutralising prefix.
QUOTE = "'"
#: Encoding of CSV files (UTF-8 with a byte-order mark, for Excel).
CSV_ENCODING = "utf-8-sig"

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
# XML 1.0 forbids C0 controls except tab, LF, CR (openpyxl refuses them; Excel too)
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: str) -> str:
    """``value`` made safe for a CSV field: a leading apostrophe before a formula prefix."""
    if value and value[0] in FORMULA_PREFIXES and not _PLAIN_NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def restore(value: str) -> str:
    """The inverse of :func:`neutralise` (for reading briefing's own CSV back)."""
    if len(value) > 1 and value[0] == QUOTE and value[1] in FORMULA_PREFIXES:
        rest = value[1:]
        if not _PLAIN_NUMBER.fullmatch(rest):
            return rest
    return value


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold."""
    return _XML_ILLEGAL.sub("", value)


def _text_columns(df: Any) -> list[str]:
    import pandas as pd

    return [
        c
        for c in df.columns
        if pd.api.types.is_object_dtype(df[c]) or pd.api.types.is_string_dtype(df[c])
    ]


def neutralise_frame(df: Any) -> Any:
    """A copy of ``df`` whose text columns are neutralised (numbers and missing values kept)."""
    cols = _text_columns(df)
    if not cols:
        return df
    out = df.copy()
    for c in cols:
        out[c] = out[c].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def restore_frame(df: Any) -> Any:
    """Undo :func:`neutralise_frame` on a frame read back from CSV (in place; returned)."""
    for c in _text_columns(df):
        df[c] = df[c].map(lambda v: restore(v) if isinstance(v, str) else v)
    return df


def write_csv(df: Any, out: str | Path | IO[str]) -> None:
    """Write ``df`` as CSV: neutralised text; a BOM when ``out`` is a file path."""
    safe = neutralise_frame(df)
    if isinstance(out, (str, Path)):
        safe.to_csv(out, index=False, encoding=CSV_ENCODING)
    else:
        safe.to_csv(out, index=False)


def read_csv(path: str | Path, **kwargs: Any) -> Any:
    """Read a CSV that :func:`write_csv` wrote (BOM skipped, apostrophes undone)."""
    import pandas as pd

    return restore_frame(pd.read_csv(path, encoding=CSV_ENCODING, **kwargs))


def cell_value(value: Any) -> Any:
    """A Python value as openpyxl should store it (None for missing, XML-safe text)."""
    if value is None:
        return None
    if isinstance(value, str):
        return xml_safe(value)
    try:  # pandas' NA and NaN
        if value != value:
            return None
    except (TypeError, ValueError):
        return None
    return value


def write_only_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for ``ws.append`` in a write-only sheet: text as string cells, never formulas."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for v in values:
        v = cell_value(v)
        cell = WriteOnlyCell(ws, value=v)
        if isinstance(v, str):
            cell.data_type = "s"
        row.append(cell)
    return row


def set_text(ws: Any, row: int, column: int, value: Any) -> Any:
    """Set one cell of a normal sheet; text stays a string cell."""
    v = cell_value(value)
    cell = ws.cell(row=row, column=column, value=v)
    if isinstance(v, str):
        cell.data_type = "s"
    return cell


def write_xlsx_frame(df: Any, out: str | Path, sheet: str = "Sheet1") -> None:
    """Write ``df`` to a one-sheet workbook with every text cell a string cell."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(write_only_row(ws, [str(c) for c in df.columns]))
    for rec in df.astype(object).itertuples(index=False, name=None):
        ws.append(write_only_row(ws, rec))
    wb.save(str(out))
