"""BR107 restatements read with evidence: which figures were paired as copies, and when a
copy whose digits differ warns.  Sentences are invented for the tests."""

from __future__ import annotations

import briefing


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _repeats(report: briefing.Report) -> list[tuple[str, list[str]]]:
    return [(r.status, [f.text for f in r.figures]) for r in report.relations if r.rule == "repeat"]


def _warnings(report: briefing.Report) -> list[briefing.Finding]:
    return [f for f in report.findings if f.code == "BR107" and f.severity == "warning"]


BODY = (
    "全县新签约项目126个，签约金额385.6亿元，实现“开门红”。\n"
    "据了解，今年以来，全县紧盯重点地区开展以商招商，全县新签约项目126个，签约金额{x}亿元。"
    "另有5个项目开工建设。\n"
)


def test_headline_copy_in_the_body_is_one_relation() -> None:
    r = _check(BODY.format(x="385.6"))
    assert ("consistent", ["385.6亿元", "385.6亿元"]) in _repeats(r)
    assert ("consistent", ["126个", "126个"]) in _repeats(r)
    assert not _warnings(r)


def test_copy_with_swapped_digits_warns_naming_the_fix() -> None:
    r = _check(BODY.format(x="358.6"))
    ws = _warnings(r)
    assert len(ws) == 1
    assert {f.text for f in ws[0].figures} == {"385.6亿元", "358.6亿元"}
    assert "358.6 为 385.6" in ws[0].message


def test_same_area_in_another_unit() -> None:
    text = (
        "项目建成后新增高效节水灌溉面积3.26万亩，惠及群众1.2万人。\n"
        "全年共建设高效节水灌溉面积32600亩，为农业增收打下基础。\n"
    )
    assert ("consistent", ["3.26万亩", "32600亩"]) in _repeats(_check(text))


def test_headline_may_qualify_the_body_figure() -> None:
    text = "全市重点项目完成投资近千亿元\n截至5月底，全市重点项目累计完成投资998.6亿元，占年度计划的46%。\n"
    assert ("consistent", ["千亿元", "998.6亿元"]) in _repeats(_check(text))


def test_equal_rates_of_different_metrics_are_not_copies() -> None:
    # the trap: GDP and per-capita GDP grew by the same rate
    text = (
        "初步核算，全县地区生产总值356712万元，比上年增长8.4%。\n"
        "其中第一产业增加值91230万元，增长3.2%。人均地区生产总值为42318元，比上年增长8.4%。\n"
    )
    r = _check(text)
    assert not [p for p in _repeats(r) if "8.4%" in p[1]]
    assert not _warnings(r)


def test_equal_figures_of_different_years_are_not_copies() -> None:
    text = (
        "2022年全市城镇保障性安居工程基本建成住房4.8万套，任务全面完成。\n"
        "2023年全市计划新开工城镇保障性安居工程住房4.8万套，目前已开工3.1万套。\n"
    )
    assert not [p for p in _repeats(_check(text)) if "4.8万套" in p[1]]


def test_unit_slip_of_a_restated_figure_warns() -> None:
    text = (
        "分产业看，第二产业完成投资5.82万元，同比增长21%，占全部投资的比重为9.4%。\n"
        "工业投资快速增长。1-6月，工业投资5.82亿元，同比增长21%。\n"
    )
    ws = _warnings(_check(text))
    assert len(ws) == 1
    assert {f.text for f in ws[0].figures} == {"5.82万元", "5.82亿元"}
