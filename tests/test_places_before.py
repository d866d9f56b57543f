"""places_before: one scan of a sentence gives what place_before gives per figure."""

from __future__ import annotations

import random

from briefing.extraction.places import place_before, places_before

TEXTS = [
    "其中，东城区完成投资12亿元，南湖区完成8亿元，西山镇完成3亿元",
    "青河市东城区发展和改革局通报：中心城区完成投资5亿元，经济开发区完成2亿元",
    "全市农村居民人均收入1.2万元，城区居民2.5万元，临江县3.1万元，北关区2万元",
    "南湖区东城区西山镇大城市临江县人民政府青河市和平街道东风街道办",
    "",
    "12345",
]


def test_matches_place_before_at_every_position() -> None:
    for text in TEXTS:
        for start in range(len(text) + 1):
            positions = list(range(start, len(text) + 1))
            expected = [place_before(text, start, p) for p in positions]
            assert places_before(text, start, positions) == expected


def test_matches_place_before_for_random_position_sets() -> None:
    rng = random.Random(7)
    pool = "东城区南湖区和平街道西山镇临江县青河市中心城区经济开发区农村完成投资亿元，、12"
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        positions = [rng.randint(start, len(text)) for _ in range(rng.randint(0, 6))]
        expected = [place_before(text, start, p) for p in positions]
        assert places_before(text, start, positions) == expected


def test_no_positions() -> None:
    assert places_before("东城区", 0, []) == []
