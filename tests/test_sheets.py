"""Spreadsheet output: nothing in a document or a path becomes a formula (OWASP CSV
injection), CSV carries a BOM for Excel, and briefing reads its own CSV back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from briefing.batch.convert import convert, read_table
from briefing.cli import main
from briefing.io.sheets import neutralise, restore

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/x","点击查看")'
BODY = (
    f"{HOSTILE_TITLE}\n\n"
    "全区共有重点项目12个，完成投资9.9亿元。\n"
    "+cmd|' /C calc'!A0 全年完成目标的50%。\n"
    "@SUM(1,2) 新增就业岗位320个。\n"
)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.5", "-3.5"),  # a plain signed number stays a number
        ("+12%", "+12%"),
        ("完成投资9.9亿元", "完成投资9.9亿元"),
        ("", ""),
    ],
)
def test_formula_prefixes_are_neutralised_and_restored(raw: str, safe: str) -> None:
    assert neutralise(raw) == safe
    assert restore(safe) == raw


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "=1+2.txt").write_text(BODY, encoding="utf-8")
    return src


def _xlsx_text_cells(path: Path) -> list[tuple[str, str]]:
    wb = load_workbook(path)
    return [
        (c.value, c.data_type)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def test_convert_xlsx_writes_document_text_and_paths_as_strings(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    convert([str(hostile)], out, fmt="xlsx", progress=False)
    cells = _xlsx_text_cells(out / "tables.xlsx")
    starting = [(v, t) for v, t in cells if v[:1] in "=+@"]
    assert any(v.startswith("=HYPERLINK") for v, _ in starting)  # the title, kept verbatim
    assert any(v.endswith("=1+2.txt") or "=1+2.txt" in v for v, _ in cells)
    assert starting and all(t == "s" for _, t in starting)


def test_convert_csv_has_a_bom_and_no_live_formula(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    convert([str(hostile)], out, fmt="csv", progress=False)
    parts = sorted(out.glob("*/part-*.csv"))
    assert parts
    for p in parts:
        raw = p.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese right
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for field in row:
                    assert field[:1] not in ("=", "+", "@", "\t", "\r"), (p.name, field)
    docs = read_table(out, "documents")
    assert docs["title"].tolist() == [HOSTILE_TITLE]  # read back exactly as written


def test_extract_xlsx_and_csv_neutralise_file_names(hostile: Path, tmp_path: Path) -> None:
    name = str(hostile / "=1+2.txt")
    assert main(["extract", name, "--format", "xlsx", "-o", str(tmp_path / "f.xlsx")]) == 0
    cells = _xlsx_text_cells(tmp_path / "f.xlsx")
    assert any(v == name for v, _ in cells)
    assert all(t == "s" for v, t in cells if v[:1] in "=+-@")
    assert main(["extract", name, "--format", "csv", "-o", str(tmp_path / "f.csv")]) == 0
    raw = (tmp_path / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) > 1
    assert all(f[:1] not in ("=", "+", "@") for r in rows for f in r)
