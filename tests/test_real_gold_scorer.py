"""Mechanics of benchmarks/real_gold.py: offset mapping, mutants, denominators."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = CORPUS / "relations_gold.jsonl"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("real_gold", ROOT / "benchmarks" / "real_gold.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["real_gold"] = mod
    spec.loader.exec_module(mod)
    return mod


rg = _load()


def test_offset_map_through_dropped_debris() -> None:
    raw = "建設項(xiàng)目386項(xiàng),總投資4273億元"
    text = "建設項目386項,總投資4273億元"
    m = rg.offset_map(raw, text)
    assert len(m) == len(text) + 1
    for fig in ("386項", "4273億元"):
        s = text.index(fig)
        rs, re_ = rg.map_span(m, s, s + len(fig))
        assert raw[rs:re_].startswith(fig[:-1]), (fig, raw[rs:re_])
    s = text.index("4273億元")
    assert rg.map_span(m, s, s + len("4273億元")) == (raw.index("4273"), len(raw))
    # the last character of a span maps inside the raw text, not past the debris after it
    s = text.index("386項")
    assert rg.map_span(m, s, s + 4) == (raw.index("386"), raw.index("386") + 4)


def test_offset_map_identity_and_chrome_cut() -> None:
    raw = "首页 > 新闻\n完成投资73.6亿元。"
    text = "完成投资73.6亿元。"
    m = rg.offset_map(raw, text)
    s = text.index("73.6")
    assert raw[slice(*rg.map_span(m, s, s + 6))] == "73.6亿元"
    same = rg.offset_map(text, text)
    assert same == list(range(len(text) + 1))
    assert rg.map_span(same, 3, 3) == (3, 3)


def test_overlap_and_cover() -> None:
    assert rg.overlaps((0, 3), (2, 5)) and not rg.overlaps((0, 2), (2, 5))
    assert rg._covers([(0, 3), (10, 12)], [(1, 2), (11, 14)])
    assert not rg._covers([(0, 3)], [(1, 2), (11, 14)])  # all spans, not all but one
    assert not rg._covers([(0, 3)], [])


@pytest.mark.parametrize(
    "fig", ["97.2%", "629.0億元", "3個(gè)", "830,000", "１２.５%", "223項(xiàng)"]
)
def test_mutants_differ_keep_digits_and_are_deterministic(fig: str) -> None:
    a = rg.mutants(fig, f"r0001:{len(fig)}")
    assert a == rg.mutants(fig, f"r0001:{len(fig)}")
    assert len(a) == 2 and a[0][1] != a[1][1]
    for kind, new in a:
        assert new != fig and kind in rg.MUTATIONS
        non_digits = [c for c in fig if not c.isdigit() and c not in ".．"]
        assert [c for c in new if not c.isdigit() and c not in ".．"] == non_digits


def test_each_kind() -> None:
    rng = random.Random(1)
    swapped = rg._swap_digits("1234", rng)
    assert swapped is not None and sorted(swapped) == sorted("1234") and swapped != "1234"
    assert rg._swap_digits("1111", rng) is None
    assert rg._swap_digits("5%", rng) is None
    changed = rg._change_digit("629", rng)
    assert changed is not None and sum(x != y for x, y in zip(changed, "629", strict=True)) == 1
    assert not changed.startswith("0")
    moves = {rg._move_point("97.2%", random.Random(i)) for i in range(20)}
    assert moves == {"9.72%", "972%"}
    assert {rg._move_point("629", random.Random(i)) for i in range(20)} == {"62.9"}
    assert {rg._move_point("0.5", random.Random(i)) for i in range(20)} == {"0.05", "5"}
    assert rg._move_point("830,000", rng) is None
    assert rg.mutants("五省市", "x") == []


def test_shift_back() -> None:
    # 629 → 62.9 at offset 10: offsets after the figure move back by one
    assert rg._shift_back(5, 10, 13, 14) == 5
    assert rg._shift_back(14, 10, 13, 14) == 13
    assert rg._shift_back(20, 10, 13, 14) == 19
    assert rg._shift_back(12, 10, 13, 14) == 12


@pytest.mark.skipif(not GOLD.is_file(), reason=f"shared corpus absent: {CORPUS}")
def test_score_denominators_match_the_gold() -> None:
    lines = [json.loads(x) for x in GOLD.read_text("utf-8").splitlines() if x.strip()]
    ids = [g["id"] for g in lines[:3]]
    gold = [g for g in lines if g["id"] in ids]
    s = rg.score(ids)
    core = [r for g in gold for r in g["relations"] if r["core"]]
    assert s["excerpts"] == 3
    assert s["core"] == len(core)
    assert 0 <= s["recognised"] <= s["core"]
    assert 0 <= s["right_verdict"] <= s["right_verdict_rounding_ok"] <= s["recognised"]
    assert s["real_slips"] == sum(not r["holds"] for r in core)
    assert s["traps"] == sum(len(t["spans"]) >= 2 for g in gold for t in g["traps"])
    assert 0 <= s["traps_fallen"] <= s["traps"]
    mutable = [r for r in core if r["holds"] and r.get("mutable")]
    assert s["mutable_relations"] == len(mutable)
    assert s["mutants"] == 2 * (len(mutable) - s["mutable_without_digits"])
    assert 0 <= s["mutants_flagged"] <= s["mutants"]
    assert sum(d["total"] for d in s["by_rule"].values()) == sum(len(g["relations"]) for g in gold)


@pytest.mark.skipif(not GOLD.is_file(), reason=f"shared corpus absent: {CORPUS}")
def test_whole_gold_counts() -> None:
    """The totals the corpus README states, without running the checker."""
    lines = [json.loads(x) for x in GOLD.read_text("utf-8").splitlines() if x.strip()]
    rels = [r for g in lines for r in g["relations"]]
    assert len(lines) == 141
    assert sum(r["core"] for r in rels) == 506
    assert sum(not r["holds"] and r["core"] for r in rels) == 17
    assert sum(len(g["traps"]) for g in lines) == 368
