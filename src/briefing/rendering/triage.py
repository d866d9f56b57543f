"""The triage table: one row per finding, the sheet an editor-in-chief sorts and filters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.model import Document, Figure, Finding, Report
from briefing.rendering.labels import SEVERITY_LABELS

#: Column header, width (in characters) and whether the column wraps.
COLUMNS: list[tuple[str, int, bool]] = [
    ("文件", 28, False),
    ("代码", 8, False),
    ("级别", 8, False),
    ("所在句子", 60, True),
    ("文中数值", 12, False),
    ("应为", 12, False),
    ("说明", 50, True),
    ("处理意见", 10, False),
    ("备注", 24, True),
    ("说明（英文）", 40, True),
]
#: The editor's decision: the drop-down of the 处理意见 column (to check / fixed / no error).
DECISIONS = ("待核", "已改", "无误")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_DECISION_COL = 8  # 1-based index of 处理意见
_SEVERITY_COL = 3


def sentence_of(doc: Document, finding: Finding) -> str:
    """The sentence holding the finding (or the finding's own text where there is none)."""
    k = doc.sentence_at(finding.start)
    if k is not None:
        s = doc.sentences[k]
        return doc.text[s.start : s.end].strip()
    return doc.text[finding.start : finding.end].strip()


Item = tuple[Document, list[Figure], Report] | tuple[Document, Report]


def rows(items: Sequence[Item]) -> list[list[str]]:
    """The table as rows of strings: files with errors first, findings in text order.

    Items are (document, figures, report) triples or (document, report) pairs.  A note
    (info, e.g. an implied whole) has no 应为: it states nothing to correct.
    """
    out: list[list[str]] = []
    ordered = sorted(
        (it for it in items),
        key=lambda it: 0 if any(f.severity == "error" for f in _report(it).findings) else 1,
    )
    for item in ordered:
        doc, report = item[0], _report(item)
        name = doc.path if doc.path and doc.path != "-" else "<stdin>"
        for f in sorted(
            report.findings, key=lambda f: (f.start, _SEVERITY_ORDER.get(f.severity, 3))
        ):
            note = f.severity == "info"
            out.append(
                [
                    name,
                    f.code,
                    SEVERITY_LABELS.get(f.severity, f.severity),
                    sentence_of(doc, f),
                    "" if note else f.stated or "",
                    "" if note else f.expected or "",
                    f.message,
                    DECISIONS[0],
                    "",
                    f.message_en,
                ]
            )
    return out


def _report(item: Item) -> Report:
    report = item[-1]
    assert isinstance(report, Report)
    return report


def write_xlsx(items: Sequence[Item], out: str | Path) -> Path:
    """Write the triage table to ``out`` (.xlsx): bold frozen header, filters, set widths,
    a 处理意见 drop-down (待核/已改/无误); every text cell a string, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from briefing.io.sheets import set_text

    out = Path(out)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    bold = Font(bold=True)
    for c, (name, _, _) in enumerate(COLUMNS, start=1):
        cell = set_text(ws, 1, c, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    fills = {
        "错误": PatternFill("solid", fgColor="F8CBCB"),
        "警告": PatternFill("solid", fgColor="FCE4B6"),
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    table = rows(items)
    for r, row in enumerate(table, start=2):
        for c, (_, _, wraps) in enumerate(COLUMNS, start=1):
            cell = set_text(ws, r, c, row[c - 1] or None)
            cell.alignment = wrap if wraps else top
        fill = fills.get(row[_SEVERITY_COL - 1])
        if fill is not None:
            ws.cell(row=r, column=_SEVERITY_COL).fill = fill
    for c, (_, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    last = max(ws.max_row, 1)
    letter = get_column_letter(_DECISION_COL)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(DECISIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="处理意见",
        error="请选择：" + "、".join(DECISIONS),
        promptTitle="处理意见",
        prompt="、".join(DECISIONS),
    )
    dv.add(f"{letter}2:{letter}{max(last, 1000)}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))
    return out
