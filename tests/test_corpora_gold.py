"""The sample corpus (corpora/) and its gold annotations are well-formed and consistent.

Checks that every gold figure's text occurs at its offset in the text ``briefing text``
prints, that declared relation statuses agree with interval arithmetic, that every
planted error is documented in corpora/README.md, that the generated variants
(GB18030, traditional, .docx, .html, .pdf) carry the same bulletin, and that no
sentence of the real corpus was copied into the samples.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import briefing

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
GOLD = CORPORA / "gold"
REAL_CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"

KINDS = {"money", "count", "percent", "ppoint", "area", "mass", "length", "energy",
         "volume", "duration", "date", "ordinal", "other"}  # fmt: skip
RULES = {"ratio", "sum", "subset", "enumeration", "growth", "time_progress", "repeat",
         "duration", "ordinal"}  # fmt: skip
STATUSES = {"consistent", "inconsistent", "rounding", "unverifiable"}
QUALIFIERS = {None, "approx", "over", "under", "at_least"}
META_KEYS = {"title", "date", "masthead", "issue", "issuer", "column", "source", "site",
             "editor", "copies", "recipients"}  # fmt: skip
RULE_CODE = {"ratio": "BR101", "sum": "BR102", "subset": "BR103", "enumeration": "BR104",
             "growth": "BR105", "time_progress": "BR106", "duration": "BR108",
             "ordinal": "BR109", "repeat": "BR201"}  # fmt: skip


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_corpora", ROOT / "scripts" / "build_corpora.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_corpora"] = mod
    spec.loader.exec_module(mod)
    return mod


BUILDER = _load_builder()
MASTERS = sorted(p for p in CORPORA.glob("*.txt") if not p.name.endswith(".gb18030.txt"))
GOLDS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.stem: briefing.read(p).text for p in MASTERS}


def test_corpus_has_ten_documents_over_several_years_and_places() -> None:
    assert len(MASTERS) >= 10
    years = {g["meta"]["date"][:4] for g in GOLDS.values()}
    assert {"2021", "2022", "2023", "2024"} <= years
    places = {re.match(r"[a-z]+", name).group(0) for name in GOLDS}  # type: ignore[union-attr]
    assert len(places) >= 4


def test_every_master_text_has_a_gold_file_and_back() -> None:
    assert {p.stem for p in MASTERS} == set(GOLDS)


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_gold_is_well_formed(name: str) -> None:
    g = GOLDS[name]
    assert g["doc"] == name
    assert g["offsets"] == "briefing text"
    assert set(g["meta"]) == META_KEYS
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", g["meta"]["date"])
    assert g["figures"], "a sample without figures"
    for f in g["figures"]:
        assert f["kind"] in KINDS, f
        assert f["qualifier"] in QUALIFIERS, f
        Decimal(f["value"])  # a decimal string, Arabic digits
        assert f["end"] - f["start"] == len(f["text"])
    starts = [f["start"] for f in g["figures"]]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for r in g["relations"]:
        assert r["rule"] in RULES and r["status"] in STATUSES, r
        assert len(r["texts"]) == len(r["spans"])
    for fd in g["findings"]:
        assert re.fullmatch(r"BR[12]\d\d", fd["code"]) and fd["severity"] in {
            "error",
            "warning",
            "info",
        }


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_every_figure_text_occurs_at_its_offset(name: str, texts: dict[str, str]) -> None:
    text = texts[name]
    for f in GOLDS[name]["figures"]:
        assert text[f["start"] : f["end"]] == f["text"], f
    for r in GOLDS[name]["relations"]:
        for t, span in zip(r["texts"], r["spans"], strict=True):
            if span is None:
                assert t in text, (r, t)  # a literal operand: date, ordinal, list item
            else:
                assert text[span[0] : span[1]] == t


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_declared_statuses_agree_with_interval_arithmetic(name: str) -> None:
    figs = {(f["start"], f["end"]): f for f in GOLDS[name]["figures"]}
    checked = 0
    for r in GOLDS[name]["relations"]:
        if any(s is None for s in r["spans"]) or r["status"] == "unverifiable":
            continue
        operands = [figs[tuple(s)] for s in r["spans"]]
        computed = BUILDER.compute_status(r["rule"], operands, r.get("options", {}))
        if computed is not None:
            assert computed == r["status"], r
            checked += 1
    assert checked > 0, "every sample states at least one checkable relation"


def test_an_obvious_rate_slip_is_judged_inconsistent() -> None:
    fig = lambda v, u, k: {"value": v, "unit": u, "kind": k}  # noqa: E731
    part, whole = fig("9.9", "亿元", "money"), fig("25.75", "亿元", "money")
    assert (
        BUILDER.compute_status("ratio", [part, whole, fig("36.45", "%", "percent")], {})
        == "inconsistent"
    )
    assert (
        BUILDER.compute_status("ratio", [part, whole, fig("38.45", "%", "percent")], {})
        == "consistent"
    )
    # 5.3 of a plan written as 6 (could be 5.5..6.5): only rounding explains 89.83%
    rounded = [fig("5.3", "亿元", "money"), fig("6", "亿元", "money"), fig("89.83", "%", "percent")]
    assert BUILDER.compute_status("ratio", rounded, {}) == "rounding"


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_every_flagged_relation_has_a_documented_finding(name: str) -> None:
    g = GOLDS[name]
    readme = (CORPORA / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"### `{name}`", 1)
    assert len(section) == 2, f"{name} is not described in corpora/README.md"
    described = section[1].split("\n### ", 1)[0]
    codes = [fd["code"] for fd in g["findings"]]
    for r in g["relations"]:
        if r["status"] in ("inconsistent", "rounding"):
            assert RULE_CODE[r["rule"]] in codes, r
    for fd in g["findings"]:
        assert fd["code"] in described, f"{fd['code']} in {name} is not documented"
        assert fd["near"] in described, f"{fd['near']} in {name} is not quoted in the README"


def test_most_samples_are_clean_and_several_carry_planted_errors() -> None:
    flagged = [n for n, g in GOLDS.items() if any(f["severity"] == "error" for f in g["findings"])]
    clean = [n for n, g in GOLDS.items() if not g["findings"]]
    assert len(flagged) >= 5
    assert len(clean) >= 2
    codes = {f["code"] for g in GOLDS.values() for f in g["findings"]}
    assert {
        "BR101",
        "BR102",
        "BR103",
        "BR104",
        "BR105",
        "BR106",
        "BR108",
        "BR109",
        "BR201",
    } <= codes


@pytest.mark.parametrize("name,style", sorted(BUILDER.GB18030.items()))
def test_gb18030_variant_reads_to_the_master_text(
    name: str, style: str, texts: dict[str, str]
) -> None:
    path = CORPORA / f"{name}.gb18030.txt"
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"\r\n" in raw
    if style == "mixed":
        assert re.search(rb"[^\r]\n", raw)
    doc = briefing.read(path)
    assert doc.encoding == "gb18030"
    assert doc.text == texts[name]


def test_traditional_variant_has_the_same_figures_in_traditional_script(
    texts: dict[str, str],
) -> None:
    for trad, simp in BUILDER.TRADITIONAL.items():
        assert "億元" in texts[trad] or "萬人次" in texts[trad]
        a, b = GOLDS[trad]["figures"], GOLDS[simp]["figures"]
        assert [(f["value"], f["unit"], f["kind"]) for f in a] == [
            (f["value"], f["unit"], f["kind"]) for f in b
        ]
        assert [r["status"] for r in GOLDS[trad]["relations"]] == [
            r["status"] for r in GOLDS[simp]["relations"]
        ]


def test_build_script_reproduces_the_committed_files() -> None:
    assert BUILDER.main(["--check"]) == 0


@pytest.mark.parametrize("name", BUILDER.RICH_FORMATS)
def test_docx_version_has_bold_leads_tables_and_imprint(name: str) -> None:
    import docx

    d = docx.Document(str(CORPORA / "docx" / f"{name}.docx"))
    assert d.core_properties.created is not None and d.core_properties.created.year == 2024
    paras = [p.text for p in d.paragraphs]
    assert GOLDS[name]["meta"]["title"] in paras
    sample = BUILDER.parse_ann(CORPORA / "annotated" / f"{name}.ann")
    assert len(d.tables) == len(sample.tables)
    for t, spec in zip(d.tables, sample.tables, strict=True):
        assert [c.text for c in t.rows[1].cells] == spec.rows[1]
    if "**" in sample.text:
        bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
        assert any(b.startswith("一是") for b in bold)
    if GOLDS[name]["meta"]["copies"]:
        assert any(p.startswith("共印") for p in paras)
        assert any(p.startswith("送：") for p in paras)


@pytest.mark.parametrize("name", BUILDER.RICH_FORMATS)
def test_html_version_is_a_portal_page(name: str) -> None:
    page = (CORPORA / "html" / f"{name}.html").read_text(encoding="utf-8")
    for marker in ("<h1>", "发布时间：", "相关阅读", "版权所有", "ICP备", 'class="breadcrumb"'):
        assert marker in page
    sample = BUILDER.parse_ann(CORPORA / "annotated" / f"{name}.ann")
    assert page.count("<table") == len(sample.tables)


@pytest.mark.parametrize("name", BUILDER.RICH_FORMATS)
def test_pdf_version_carries_the_title(name: str) -> None:
    pdf = CORPORA / "pdf" / f"{name}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is required")
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    title = GOLDS[name]["meta"]["title"]
    flat = re.sub(r"\s+", "", out)  # pdftotext spaces CJK from digits and breaks lines
    assert re.sub(r"\s+", "", title) in flat


def _sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split(r"[。；！？\n]", text) if len(s.strip()) >= 12}


def test_samples_copy_no_sentence_of_the_real_corpus() -> None:
    assert REAL_CORPUS.is_dir(), f"real corpus missing at {REAL_CORPUS}"
    real: set[str] = set()
    for p in REAL_CORPUS.glob("*.txt"):
        real |= _sentences(p.read_text(encoding="utf-8"))
    for line in (REAL_CORPUS / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        real |= _sentences(json.loads(line)["text"])
    for p in MASTERS:
        ours = _sentences(p.read_text(encoding="utf-8"))
        assert not (ours & real), f"{p.name} repeats a real sentence: {sorted(ours & real)[:1]}"
