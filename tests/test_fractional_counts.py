"""BR110: a count of whole things written with a decimal fraction is a slipped point."""

from __future__ import annotations

import briefing


def _br110(text: str) -> list[str]:
    report = briefing.check(briefing.read_text(text))
    return [f.figures[0].text for f in report.findings if f.code == "BR110"]


def test_count_of_projects_with_a_decimal_fraction_is_flagged() -> None:
    found = _br110("全县共实施重点项目86项，其中新开工项目4.7项，续建项目39项。")
    assert found == ["4.7项"]


def test_fractional_count_is_a_warning_that_names_the_figure() -> None:
    report = briefing.check(briefing.read_text("本月新增市场主体3.6家。"))
    (f,) = [f for f in report.findings if f.code == "BR110"]
    assert f.severity == "warning"
    assert "3.6家" in f.message and "整数" in f.message


def test_averages_densities_and_scaled_counts_are_not_flagged() -> None:
    text = (
        "全镇户均人口2.6人，每千名老人拥有养老床位3.4张，平均每个村建成1.5个服务点，"
        "新增城镇就业1.8万人，累计筹资2.5个亿。"
    )
    assert _br110(text) == []


def test_whole_counts_and_measures_are_not_flagged() -> None:
    text = "新建道路12.6公里，完成投资4.5亿元，开工项目21个，增长3.5个百分点，用时1.5个月。"
    assert _br110(text) == []
