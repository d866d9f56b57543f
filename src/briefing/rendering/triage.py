"""The triage table: one row per finding, the sheet an editor-in-chief sorts and filters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.model import Document, Figure, Finding, Report

#: Column header, width (in characters) and whether the column wraps.
COLUMNS: list[tuple[str, int, bool]] = [
    ("file", 28, False),
    ("code", 8, False),
    ("severity", 10, False),
    ("sentence", 60, True),
    ("stated", 12, False),
    ("expected", 12, False),
    ("message", 50, True),
    ("message_en", 50, True),
]
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def sentence_of(doc: Document, finding: Finding) -> str:
    """The sentence holding the finding (or the finding's own text where there is none)."""
    k = doc.sentence_at(finding.start)
    if k is not None:
        s = doc.sentences[k]
        return doc.text[s.start : s.end].strip()
    return doc.text[finding.start : finding.end].strip()


Item = tuple[Document, list[Figure], Report] | tuple[Document, Report]


def rows(items: Sequence[Item]) -> list[list[str]]:
    """The table as rows of strings, in document order, findings in text order.

    Items are (document, figures, report) triples or (document, report) pairs.
    """
    out: list[list[str]] = []
    for item in items:
        doc, report = item[0], item[-1]
        assert isinstance(report, Report)
        name = doc.path if doc.path and doc.path != "-" else "<stdin>"
        for f in sorted(
            report.findings, key=lambda f: (f.start, _SEVERITY_ORDER.get(f.severity, 3))
        ):
            out.append(
                [
                    name,
                    f.code,
                    f.severity,
                    sentence_of(doc, f),
                    f.stated or "",
                    f.expected or "",
                    f.message,
                    f.message_en,
                ]
            )
    return out


def write_xlsx(items: Sequence[Item], out: str | Path) -> Path:
    """Write the triage table to ``out`` (.xlsx): bold frozen header, filters, set widths."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = Path(out)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "findings"
    ws.append([name for name, _, _ in COLUMNS])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    fills = {
        "error": PatternFill("solid", fgColor="F8CBCB"),
        "warning": PatternFill("solid", fgColor="FCE4B6"),
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for r, row in enumerate(rows(items), start=2):
        for c, (_, _, wraps) in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub(" ", row[c - 1]))
            cell.data_type = "s"  # never a formula, even when the text starts with "="
            cell.alignment = wrap if wraps else top
        fill = fills.get(row[2])
        if fill is not None:
            ws.cell(row=r, column=3).fill = fill
    for c, (_, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))
    return out
