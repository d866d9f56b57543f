"""Figures on the real bulletins in ../shared/corpus (read at test time, never copied)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from scoring.seed import Score, score

import briefing
from briefing.extraction import QUANTITY_KINDS, enumerations, extract

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
DOC_000 = "000_99a09c4a09bb7dc8"
DOC_004 = "004_9bc5170ca316a9ee"


def _gold() -> dict[str, list[dict]]:
    assert CORPUS.is_dir(), f"corpus missing: {CORPUS}"
    by: dict[str, list[dict]] = defaultdict(list)
    for g in json.loads((CORPUS / "seed_figures.json").read_text(encoding="utf-8")):
        by[g["doc"]].append(g)
    return by


@pytest.mark.parametrize("name", [DOC_000, DOC_004])
def test_finds_every_required_seed_figure(name: str) -> None:
    gold = _gold()[name]
    doc = briefing.read(CORPUS / f"{name}.txt")
    sc = score(doc.text, extract(doc), gold)
    assert sc.missed == [] and sc.wrong == [], (sc.missed, sc.wrong)
    assert sc.recall == 1.0


def test_seed_precision_and_recall_at_least_098() -> None:
    total = Score()
    for name, gold in _gold().items():
        doc = briefing.read(CORPUS / f"{name}.txt")
        total.add(score(doc.text, extract(doc), gold))
    assert total.tp >= 85
    assert total.precision >= 0.98, total.spurious
    assert total.recall >= 0.98, total.missed


def test_figure_text_is_document_slice() -> None:
    for name in (DOC_000, DOC_004):
        doc = briefing.read(CORPUS / f"{name}.txt")
        for f in extract(doc):
            assert doc.text[f.start : f.end] == f.text


def test_issue_number_and_print_run_are_not_quantities() -> None:
    doc = briefing.read(CORPUS / f"{DOC_004}.txt")
    figs = extract(doc)
    masthead = [b for b in doc.blocks if b.kind in ("masthead", "imprint", "meta")]
    for f in figs:
        if any(b.start <= f.start < b.end for b in masthead):
            assert f.kind not in QUANTITY_KINDS, f


def _enums(name: str) -> list[tuple[int, str, int, int]]:
    doc = briefing.read(CORPUS / f"{name}.txt")
    return [
        (e.stated, e.noun, len(e.items), len(set(e.item_texts)))
        for e in enumerations(doc, extract(doc))
    ]


def test_enumerations_in_portal_article() -> None:
    got = _enums(DOC_000)
    # 七个方向 is preceded by 7 listed items (twice in the article)
    assert got.count((7, "方向", 7, 7)) == 2
    # 十大园区 is followed by two lists of five parks in its paragraph
    assert (10, "园区", 10, 10) in got
    # 六项保障: preceded by its 6 items in the lead paragraph, followed by 一是…六是 under its heading
    assert got.count((6, "保障", 6, 6)) == 2
    assert (5, "板块", 5, 5) in got
    assert (2, "主导产业", 2, 2) in got


def test_enumerations_in_bulletin_issue() -> None:
    got = _enums(DOC_004)
    assert (3, "企业", 3, 3) in got
    assert (2, "企业", 2, 2) in got
    assert (3, "关键", 3, 3) in got
    assert (2, "零接触", 2, 2) in got
    assert all(stated == n for stated, _, n, _ in got), got


def test_real_pages_never_crash_and_find_figures() -> None:
    lines = (CORPUS / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
    found = 0
    for line in lines:
        text = json.loads(line)["text"]
        doc = briefing.read_text(text)
        figs = extract(doc)
        enumerations(doc, figs)
        for f in figs:
            assert doc.text[f.start : f.end] == f.text
        found += sum(f.kind in QUANTITY_KINDS for f in figs)
    assert found > 1500


def test_cli_jsonl_prints_design_schema(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing.cli",
            "extract",
            str(CORPUS / f"{DOC_000}.txt"),
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    keys = {"doc", "id", "start", "end", "text", "kind", "value", "unit", "base_value", "base_unit",
            "decimals", "qualifier", "metric", "subject", "period", "sentence", "section"}  # fmt: skip
    assert rows and all(keys <= set(r) for r in rows)
    doc = briefing.read(CORPUS / f"{DOC_000}.txt")
    assert all(doc.text[r["start"] : r["end"]] == r["text"] for r in rows)
    money = [r for r in rows if r["text"] == "9.9亿元"]
    assert money and money[0]["base_value"] == "990000000" and money[0]["metric"] == "完成投资"


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_cli_writes_tables(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    out = tmp_path / f"f.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "briefing.cli", "extract", str(CORPUS / f"{DOC_004}.txt"),
         "--format", fmt, "-o", str(out)],
        check=True,
    )  # fmt: skip
    df = {"csv": pd.read_csv, "parquet": pd.read_parquet, "xlsx": pd.read_excel}[fmt](out)
    assert len(df) > 40 and "base_value" in df.columns
    assert (df["text"] == "359.45亿元").sum() == 2


def test_cli_bad_path_exits_2() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "extract", "/no/such/file.txt"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_frame_has_typed_columns() -> None:
    from briefing.extraction.frame import figures_frame

    doc = briefing.read(CORPUS / f"{DOC_000}.txt")
    df = figures_frame(extract(doc))
    assert str(df["value"].dtype) == "string" and str(df["base_float"].dtype) == "float64"
    assert str(df["start"].dtype) == "Int64" and str(df["sentence"].dtype) == "Int64"
    row = df[df["text"] == "114.23亿元"].iloc[0]
    assert row["base_value"] == "11423000000" and row["base_float"] == 11423000000.0
