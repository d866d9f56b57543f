"""Tidy tables: relation operands, canonical metric keys, normalised periods, metadata
that travels from a researcher's table of texts into every table, and docs/schemas.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import briefing
from briefing.batch.rows import ARCHIVE_TABLE, SCHEMAS, TABLES
from briefing.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
PAGES = ROOT.parent / "shared" / "corpus" / "pages.jsonl"

DONGCHENG = """东城区重点项目建设进展

1—6 月，全区重点项目累计完成投资45.6亿元，完成年度计划投资120亿元的38.0%。截至6月底，全区新开工项目18个。
"""
NANHU = """南湖区重点项目建设进展

前三季度，全区重点项目完成投资27.4亿元，为年度投资计划的63.7%。
"""


@pytest.fixture(scope="module")
def sample() -> briefing.batch.corpus.Corpus:  # type: ignore[name-defined]
    return briefing.read_corpus(CORPORA / "qinghe_zwxx_2023_057.txt", jobs=1)


def test_every_table_has_its_schema_columns_and_dtypes(sample) -> None:  # type: ignore[no-untyped-def]
    for name in (*TABLES, ARCHIVE_TABLE):
        df = getattr(sample, name)
        assert [(c, str(df[c].dtype)) for c in df.columns] == [
            (c, str(pd.Series(dtype=d).dtype)) for c, d in SCHEMAS[name]
        ], name


def test_relation_operands_give_part_whole_and_rate_without_json(sample) -> None:  # type: ignore[no-untyped-def]
    ops = sample.relation_operands
    bad = sample.relations.query("status == 'inconsistent' and rule == 'ratio'")
    assert len(bad) == 1
    (no,) = bad["relation_no"]
    wide = ops[ops["relation_no"] == no].set_index("role")
    assert wide.loc["part", "text"] == "11.6亿元" and wide.loc["whole", "text"] == "31.2亿元"
    assert wide.loc["rate", "value"] == "40.18"
    assert wide.loc["part", "base_value_float"] == 1.16e9
    assert wide.loc["part", "metric_key"] == "投资"
    # every operand that is a figure joins back to it; the JSON column says the same
    for _, rel in sample.relations.iterrows():
        refs = json.loads(rel["figures"])
        mine = ops[ops["relation_no"] == rel["relation_no"]]
        assert list(mine["role"]) == [r["role"] for r in refs]
        assert list(mine["start"]) == [r["start"] for r in refs]
    joined = ops.dropna(subset=["figure_id"]).merge(
        sample.figures[["doc_id", "figure_id", "text"]], on=["doc_id", "figure_id"]
    )
    assert (joined["text_x"] == joined["text_y"]).all()


def test_figures_carry_metric_key_place_and_normalised_period() -> None:
    df = pd.DataFrame(
        {
            "id": ["dc-06", "nh-09"],
            "text": [DONGCHENG, NANHU],
            "date": ["2024-07-05", "2024-10-09"],
            "region": ["东城区", "南湖区"],
        }
    )
    c = briefing.read_corpus(df, jobs=1)
    f = c.figures.set_index("text")
    assert f.loc["45.6亿元", "metric_key"] == "投资"
    # 年度计划投资 and 年度投资计划 are one metric
    assert f.loc["38.0%", "metric_key"] == f.loc["63.7%", "metric_key"] == "年度+投资+计划"
    assert (f.loc["45.6亿元", "period_start"], f.loc["45.6亿元", "period_end"]) == (
        "2024-01-01",
        "2024-06-30",
    )
    assert f.loc["45.6亿元", "period_cumulative"]
    assert f.loc["27.4亿元", "period_end"] == "2024-09-30"  # 前三季度 of the metadata year
    assert f.loc["18个", "period_end"] == "2024-06-30"  # 截至6月底
    assert pd.isna(f.loc["45.6亿元", "place"])  # 全区 names no place; the document does
    assert c.documents.set_index("id").loc["dc-06", "place"] == "东城区"


def test_metadata_columns_travel_into_every_table() -> None:
    df = pd.DataFrame(
        {
            "text": [DONGCHENG, NANHU, "  "],
            "id": ["a", "b", "c"],
            "url": ["https://example.org/a", None, None],
            "date": ["2024-07-05", None, "2024-01-01"],
            "region": ["东城区", "南湖区", None],
        }
    )
    c = briefing.read_corpus(df, jobs=1)
    for name in ("documents", "figures", "relations", "relation_operands", "errors"):
        table = getattr(c, name)
        # date and url are columns of documents already: the metadata gets meta_
        assert {"id", "region", "meta_url", "meta_date"} <= set(table.columns), name
    docs = c.documents.set_index("id")
    assert list(c.documents["path"]) == ["a", "b"]
    assert docs.loc["a", "anchor_date"] == "2024-07-05"
    assert pd.isna(docs.loc["b", "anchor_date"])  # no date in the text nor in the metadata
    # no anchor, no year: 前三季度 stays unnormalised rather than guessed
    nh = c.figures[c.figures["id"] == "b"]
    assert nh["period"].notna().any() and nh["period_end"].isna().all()
    # the empty text is an error row naming its row; the others finished
    assert list(c.errors["path"]) == ["c"] and list(c.errors["id"]) == ["c"]
    assert c.errors["message"].str.contains("no text").all()
    assert set(c.figures["region"].dropna()) == {"东城区", "南湖区"}


def test_jsonl_with_a_text_column_reads_like_a_dataframe(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    rows = [{"id": "x1", "text": DONGCHENG, "site": "portal"}, {"id": "x2", "text": NANHU}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    from_file = briefing.read_corpus(path, jobs=1)
    from_frame = briefing.read_corpus(pd.DataFrame(rows), jobs=1)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(from_file, name), getattr(from_frame, name))
    assert list(from_file.documents["meta_site"].fillna("-")) == ["portal", "-"]


def test_a_table_without_its_text_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text('{"id": "x", "body": "…"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"pages\.jsonl.*no 'text' column.*id, body"):
        briefing.read_corpus(path)
    # naming the column reads it
    c = briefing.read_corpus(pd.DataFrame({"body": [DONGCHENG]}), text="body", jobs=1)
    assert len(c.documents) == 1 and list(c.documents["path"]) == ["row-0"]


def test_same_text_and_name_twice_gives_two_documents() -> None:
    c = briefing.read_corpus(pd.DataFrame({"id": ["a", "a"], "text": [NANHU, NANHU]}), jobs=1)
    assert list(c.documents["path"]) == ["a", "a#1"]
    assert c.documents["doc_id"].is_unique


def test_real_pages_jsonl_reads_with_its_metadata() -> None:
    if not PAGES.is_file():
        pytest.skip(f"real excerpts not present at {PAGES}")
    c = briefing.read_corpus(PAGES, jobs=2)
    assert len(c.documents) == 141 and c.errors.empty
    assert c.documents["id"].is_unique and c.figures["id"].notna().all()
    # script is a column of documents: the page's own label travels as meta_script
    assert {"simplified", "traditional"} <= set(c.documents["meta_script"])
    # only the dates the texts state anchor periods (17 of 141)
    dated = c.documents["date"].notna().sum()
    assert c.documents["anchor_date"].notna().sum() == dated and dated >= 17
    q = c.figures[c.figures["kind"].isin(["money", "count", "percent"])]
    anchored = q[q["doc_id"].isin(c.documents.loc[c.documents["date"].notna(), "doc_id"])]
    assert anchored["period_end"].notna().sum() > 0
    assert q.loc[q["period_end"].notna(), "period"].notna().all()
    # no archive finding on excerpts of many places and years
    assert c.archive_findings.empty


def _documented_columns() -> dict[str, list[tuple[str, str]]]:
    text = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    tables: dict[str, list[tuple[str, str]]] = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        m = re.match(r"`(\w+)`", section)
        if not m:
            continue
        rows = re.findall(r"^\| ([\w, ]+?) \| (\w+) \|", section, flags=re.M)
        cols: list[tuple[str, str]] = []
        for names, dtype in rows:
            if dtype == "dtype":  # the header row
                continue
            cols.extend((n.strip(), dtype) for n in names.split(","))
        tables[m.group(1)] = cols
    return tables


def test_docs_schemas_md_documents_every_column_with_its_dtype() -> None:
    documented = _documented_columns()
    for name, schema in SCHEMAS.items():
        assert name in documented, name
        assert documented[name] == list(schema), name
