"""Figures on every real excerpt of ../shared/corpus/pages.jsonl against tests/gold/.

The gold (tests/gold/pages_figures.json) holds facts only: page id, raw offsets, the
figure span, value, unit, kind, qualifier.  The excerpts are read at test time.  It is a
development set (the rules were written while reading it): the floors below guard
against regressions; accuracy on unseen text is measured elsewhere.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from scoring.pages_gold import QUALIFIERS, load_gold, load_pages, score_pages

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


def test_gold_covers_every_excerpt_and_traditional_mirrors() -> None:
    pages = {json.loads(x)["id"]: json.loads(x) for x in PAGES.read_text("utf-8").splitlines()}
    gold = load_gold(GOLD)
    assert len(pages) == 141
    assert set(gold) == set(pages)  # every excerpt read, including those without figures
    scripts = Counter(pages[p]["script"] for p in gold)
    assert scripts["traditional"] + scripts["mixed"] >= 40
    kinds = Counter(g["kind"] for items in gold.values() for g in items if not g["optional"])
    assert kinds["money"] >= 450 and kinds["percent"] >= 800 and kinds["count"] >= 600
    assert kinds["ppoint"] >= 80 and kinds["area"] >= 100


def test_gold_file_is_sorted_and_well_formed() -> None:
    items = json.loads(GOLD.read_text("utf-8"))
    assert items == sorted(items, key=lambda g: (g["page"], g["start"]))
    for a, b in pairwise(items):
        assert a["page"] != b["page"] or a["end"] <= b["start"], (a, b)  # no overlaps
    for g in items:
        Decimal(g["value"]), Decimal(g["base_value"])  # exact numbers, no floats
        assert g["qualifier"] in QUALIFIERS, g
        # facts only: a figure span and a short note, never a sentence of the page
        assert len(g["text_span"]) <= 20 and len(g["note"]) <= 80, g
        assert not g["optional"] or g["note"], g  # a borderline case says why


def test_pages_precision_and_recall_at_least_0985(scored) -> None:  # type: ignore[no-untyped-def]
    total = scored.total
    assert total.tp >= 2250
    assert total.precision >= 0.985, total.spurious + total.wrong
    assert total.recall >= 0.985, total.missed + total.wrong


# Floors per kind.  ppoint is lower while a unit shared by a list (2.99、0.46、…
# 0.31个百分点) is read only on the last member: raise it when that is fixed.
_KIND_FLOORS = {"money": 0.98, "percent": 0.98, "ppoint": 0.9, "count": 0.98, "area": 0.98}


@pytest.mark.parametrize("kind", sorted(_KIND_FLOORS))
def test_pages_recall_and_precision_per_kind(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    sc = scored.by_kind[kind]
    assert sc.recall >= _KIND_FLOORS[kind], sc.missed + sc.wrong
    assert sc.precision >= 0.98, sc.spurious + sc.wrong


def test_reads_qualifier_near_billion_without_digits(scored) -> None:  # type: ignore[no-untyped-def]
    # 近千亿元 (r0054): a bare scale numeral after a qualifier
    assert not [m for m in scored.total.missed if m.startswith("r0054:")]
