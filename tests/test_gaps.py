"""BR105 gaps in percentage points between a rate and a compared rate stated elsewhere:
which rates were paired, not only the status.  Sentences are invented for the tests."""

from __future__ import annotations

import briefing


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _gaps(report: briefing.Report) -> list[tuple[str, dict[str, str]]]:
    return [
        (r.status, {f.role: f.text for f in r.figures})
        for r in report.relations
        if r.rule == "ppoint"
    ]


TEXT = (
    "今年1至9月，全市固定资产投资同比增长8.2%，高于全省2.6个百分点。\n"
    "全市工业投资增长21.5%，高于全部投资增速{g}个百分点。"
    "民间投资增长12.0%，占全部投资的比重为61.3%。\n"
)


def test_gap_against_the_total_rate_stated_earlier() -> None:
    r = _check(TEXT.format(g="13.3"))
    assert ("consistent", {"rate": "21.5%", "base": "8.2%", "gap": "13.3个百分点"}) in _gaps(r)


def test_slipped_gap_warns() -> None:
    r = _check(TEXT.format(g="15.3"))
    ws = [f for f in r.findings if f.code == "BR105" and f.severity == "warning"]
    assert len(ws) == 1
    assert {f.text for f in ws[0].figures} == {"21.5%", "8.2%", "15.3个百分点"}
    assert not [f for f in r.findings if f.severity == "error"]


def test_unstated_compared_rate_gives_nothing() -> None:
    # 全省's rate is never stated: no relation over 8.2% and 2.6个百分点
    r = _check(TEXT.format(g="13.3"))
    assert not [g for _, g in _gaps(r) if g.get("gap") == "2.6个百分点"]


def test_respectively_pairs_rates_and_gaps_in_order() -> None:
    text = (
        "上半年，全市外贸出口86.4亿美元，同比增长11%。\n"
        "其中对东盟、中东出口同比分别增长19.6%和27.3%，分别高于全市整体增幅8.6和16.3个百分点。\n"
    )
    got = _gaps(_check(text))
    assert ("consistent", {"rate": "19.6%", "base": "11%", "gap": "8.6"}) in got
    assert ("consistent", {"rate": "27.3%", "base": "11%", "gap": "16.3个百分点"}) in got


def test_rate_in_brackets_is_the_compared_one() -> None:
    text = "二季度全县地区生产总值同比增长-3.5%，较一季度（-6.1%）回升2.6个百分点。\n"
    assert ("consistent", {"rate": "-3.5%", "base": "-6.1%", "gap": "2.6个百分点"}) in _gaps(
        _check(text)
    )
