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
    "今年1至8月，全县固定资产投资比上年增长6.8%，高于全省2.3个百分点。\n"
    "全县工业投资增长15.7%，高于全部投资增速{g}个百分点。"
    "民间投资增长10.4%，占全部投资的比重为56.2%。\n"
)


def test_gap_against_the_total_rate_stated_earlier() -> None:
    r = _check(TEXT.format(g="8.9"))
    assert ("consistent", {"rate": "15.7%", "base": "6.8%", "gap": "8.9个百分点"}) in _gaps(r)


def test_slipped_gap_warns() -> None:
    r = _check(TEXT.format(g="6.9"))
    ws = [f for f in r.findings if f.code == "BR105" and f.severity == "warning"]
    assert len(ws) == 1
    assert {f.text for f in ws[0].figures} == {"15.7%", "6.8%", "6.9个百分点"}
    assert not [f for f in r.findings if f.severity == "error"]


def test_unstated_compared_rate_gives_nothing() -> None:
    # 全省's rate is never stated: no relation over 6.8% and 2.3个百分点
    r = _check(TEXT.format(g="8.9"))
    assert not [g for _, g in _gaps(r) if g.get("gap") == "2.3个百分点"]


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


EXPORTS = (
    "今年以来，我市外贸出口逐月回暖，前5个月增长12.5%，上半年增长18%。\n"
    "上半年，全市进出口总额301.2亿美元，同比增长9%。其中，出口152.4亿美元，同比增长{n}%；"
    "进口148.8亿美元，同比增长0.3%。\n"
    "我市对日韩、拉美出口分别增长26.4%和39.5%，分别高于全市整体增幅8.4和21.5个百分点。"
)


def _repeats(report: briefing.Report) -> list[tuple[str, list[str]]]:
    return [(r.status, [f.text for f in r.figures]) for r in report.relations if r.rule == "repeat"]


def test_gaps_agreeing_with_a_rate_whose_later_copy_is_one_slip_off_flag_that_copy() -> None:
    # 26.4 − 18 = 8.4 and 39.5 − 18 = 21.5: the gaps compare with 18%, stated in the lead;
    # the body restates it as 81% (two digits swapped)
    rep = _check(EXPORTS.format(n="81"))
    assert ("consistent", {"rate": "26.4%", "base": "18%", "gap": "8.4"}) in _gaps(rep)
    assert _repeats(rep) == [("rounding", ["18%", "81%"])]
    assert [(f.code, f.severity) for f in rep.findings] == [("BR107", "warning")]


def test_gaps_agreeing_with_a_rate_whose_later_statement_is_no_slip_of_it_flag_nothing() -> None:
    rep = _check(EXPORTS.format(n="27"))
    assert ("consistent", {"rate": "26.4%", "base": "18%", "gap": "8.4"}) in _gaps(rep)
    assert _repeats(rep) == []
    assert rep.findings == []
