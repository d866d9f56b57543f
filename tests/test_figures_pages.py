"""Figures on 51 real excerpts of ../shared/corpus/pages.jsonl against tests/gold/.

The gold (tests/gold/pages_figures.json) holds facts only: page id, raw offsets, the
figure span, value, unit, kind, qualifier.  The excerpts are read at test time.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from scoring.pages_gold import load_gold, load_pages, score_pages

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
PAGES = CORPUS / "pages.jsonl"
GOLD = Path(__file__).parent / "gold" / "pages_figures.json"


@pytest.fixture(scope="module")
def scored():  # type: ignore[no-untyped-def]
    assert PAGES.is_file(), f"corpus missing: {PAGES}"
    return score_pages(GOLD, PAGES)


def test_gold_offsets_index_the_raw_excerpts() -> None:
    assert PAGES.is_file(), f"corpus missing: {PAGES}"
    pages = load_pages(PAGES)
    for page, items in load_gold(GOLD).items():
        for g in items:
            assert pages[page][g["start"] : g["end"]] == g["text_span"], (page, g)


def test_gold_covers_many_texts_and_traditional_mirrors() -> None:
    pages = {json.loads(x)["id"]: json.loads(x) for x in PAGES.read_text("utf-8").splitlines()}
    gold = load_gold(GOLD)
    assert len(gold) >= 50
    scripts = Counter(pages[p]["script"] for p in gold)
    assert scripts["traditional"] + scripts["mixed"] >= 15
    kinds = Counter(g["kind"] for items in gold.values() for g in items if not g["optional"])
    assert kinds["money"] >= 150 and kinds["percent"] >= 200 and kinds["count"] >= 250


def test_pages_precision_and_recall_at_least_098(scored) -> None:  # type: ignore[no-untyped-def]
    total = scored.total
    assert total.tp >= 750
    assert total.precision >= 0.98, total.spurious + total.wrong
    assert total.recall >= 0.98, total.missed + total.wrong


@pytest.mark.parametrize("kind", ["money", "percent", "ppoint", "count", "area"])
def test_pages_recall_per_kind_at_least_098(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    sc = scored.by_kind[kind]
    assert sc.recall >= 0.98, sc.missed + sc.wrong
    assert sc.precision >= 0.98, sc.spurious + sc.wrong


def test_reads_qualifier_near_billion_without_digits(scored) -> None:  # type: ignore[no-untyped-def]
    # 近千亿元 (r0054): a bare scale numeral after a qualifier
    assert not [m for m in scored.total.missed if m.startswith("r0054:")]
