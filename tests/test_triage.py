"""The triage .xlsx: one row per finding, bold frozen header, filters, widths; read back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

import briefing
from briefing.model import Document, Figure, FigureRef, Finding, Report
from briefing.rendering.triage import COLUMNS, DECISIONS, write_xlsx

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
HEADER = [
    "文件",
    "代码",
    "级别",
    "所在句子",
    "文中数值",
    "应为",
    "说明",
    "处理意见",
    "备注",
    "说明（英文）",
]


def _item(doc: Document) -> tuple[Document, list[Figure], Report]:
    from briefing.checks import check
    from briefing.extraction import extract

    figures = extract(doc)
    return doc, figures, check(doc, figures)


def _invented() -> tuple[Document, list[Figure], Report]:
    text = "全区事项共120个。=SUM(A1:A9)已办结90个，办结率70%。\n其他情况良好。"
    doc = briefing.read_text(text, name="invented.txt")
    i = text.index("70%")
    ref = FigureRef(i, i + 3, "70%", "rate")
    f = Finding(
        "BR101",
        "error",
        "ratio",
        "=90 ÷ 120 = 75.0%，文中为70%",
        "en",
        i,
        i + 3,
        [ref],
        "70",
        "75.0",
    )
    w = Finding("BR201", "warning", "typo", "警告", "warn", 0, 2, [], None, None)
    return doc, [], Report(doc.path, [], [f, w])


def test_one_row_per_finding_with_its_sentence(tmp_path: Path) -> None:
    out = write_xlsx([_invented()], tmp_path / "t.xlsx")
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == HEADER
    assert len(rows) == 3
    by_code = {r[1]: r for r in rows[1:]}
    err = by_code["BR101"]
    assert err[0] == "invented.txt" and err[2] == "错误"
    assert err[7] == "待核"  # the editor's decision starts open
    assert err[3] == "=SUM(A1:A9)已办结90个，办结率70%。"  # the sentence, as text
    assert (err[4], err[5]) == ("70", "75.0")
    assert err[6].startswith("=90 ÷ 120")
    assert by_code["BR201"][4] is None  # empty cells for absent values


def test_text_starting_with_equals_is_never_a_formula(tmp_path: Path) -> None:
    out = write_xlsx([_invented()], tmp_path / "t.xlsx")
    ws = load_workbook(out).active
    assert all(c.data_type == "s" for r in ws.iter_rows(min_row=2) for c in r if c.value)


def test_header_bold_frozen_filtered_and_widths_set(tmp_path: Path) -> None:
    out = write_xlsx([_invented()], tmp_path / "t.xlsx")
    ws = load_workbook(out).active
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J3"
    widths = [ws.column_dimensions[chr(ord("A") + k)].width for k in range(len(COLUMNS))]
    assert widths == [w for _, w, _ in COLUMNS]
    assert ws["D2"].alignment.wrap_text


def test_real_bulletins_rows_match_their_reports(tmp_path: Path) -> None:
    items = [_item(briefing.read(p)) for p in sorted(CORPUS.glob("00*_*.txt"))]
    items.append(_invented())
    out = write_xlsx(items, tmp_path / "triage.xlsx")
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == sum(len(r.findings) for _, _, r in items)
    for doc, _, report in items:
        mine = [r for r in rows if r[0] == doc.path]
        assert sorted(r[1] for r in mine) == sorted(f.code for f in report.findings)
        for r in mine:
            assert r[3] and r[3] in doc.text  # the sentence is a real slice of the text
    # the enumeration error of 000 is there, with its stated and expected counts
    enum = [r for r in rows if r[1] == "BR104" and r[0].endswith(".txt") and "000_" in r[0]]
    assert enum and (enum[0][4], enum[0][5]) == ("7", "6")


def test_empty_corpus_gives_header_only(tmp_path: Path) -> None:
    out = write_xlsx([], tmp_path / "empty.xlsx")
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == HEADER and ws.max_row == 1


def test_document_report_pairs_are_accepted(tmp_path: Path) -> None:
    doc, _, report = _invented()
    out = write_xlsx([(doc, report)], tmp_path / "pairs.xlsx")
    ws = load_workbook(out).active
    assert sorted(r[1].value for r in ws.iter_rows(min_row=2)) == ["BR101", "BR201"]


def test_decision_column_is_a_drop_down_of_the_three_decisions(tmp_path: Path) -> None:
    out = write_xlsx([_invented()], tmp_path / "t.xlsx")
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][7] == "处理意见"
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"待核,已改,无误"'
    assert DECISIONS == ("待核", "已改", "无误")
    assert "H2" in dv.sqref and "H3" in dv.sqref


def test_files_with_errors_come_first_and_notes_have_no_correction(tmp_path: Path) -> None:
    quiet = briefing.read_text("全区事项共120个。\n", name="quiet.txt")
    i = quiet.text.index("120个")
    note = Finding(
        "BR101", "info", "ratio", "文中未给出“计划”，推得约240个，无法核对", "en", i, i + 4,
        [FigureRef(i, i + 4, "120个", "part")], None, "240个",
    )  # fmt: skip
    items = [(quiet, Report(quiet.path, [], [note])), _invented()]
    out = write_xlsx(items, tmp_path / "t.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["invented.txt", "invented.txt", "quiet.txt"]
    assert rows[-1][2] == "提示" and rows[-1][5] is None  # no 应为 for a note
