"""False alarms on invented bulletins of public-service genres (hotline reports,
livelihood projects, agriculture, environment, safety, tables): each family of
phrasings below is correct as written and must raise no error; where the rule should
still catch a real slip, a companion test plants one.

All sentences are invented (places and numbers made up, arithmetic true).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import read, read_text
from briefing.checks import check


def _errors(text: str) -> list[str]:
    rep = check(read_text(text))
    return [f.message for f in rep.findings if f.severity == "error"]


def _page_errors(tmp_path: Path, name: str, html: str) -> list[str]:
    """The error messages of ``html`` read as the web page ``name``."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return [f.message for f in check(read(path)).findings if f.severity == "error"]


def _flagged(text: str) -> list[str]:
    rep = check(read_text(text))
    return [f.message for f in rep.findings if f.severity in ("error", "warning")]


# ---------------------------------------------------------------------------
# A named rate whose nearest whole counts another kind of thing (企业…家次 before
# 隐患…项): the rate's whole is not stated, no error.
# ---------------------------------------------------------------------------

RATE_OTHER_COUNTER = [
    "全年共检查企业2740家次，发现并整改隐患9315项，整改率97.4%；立案查处违法行为86起。",
    "全月出动执法人员1260人次，检查门店318家，发现问题412个，整改到位率96.1%。",
    "本季度走访群众5820人次，收集意见建议1376条，采纳率68.2%。",
]


@pytest.mark.parametrize("text", RATE_OTHER_COUNTER)
def test_named_rate_over_a_count_in_another_measure_word_is_no_error(text: str) -> None:
    assert _errors(text) == []


def test_named_rate_over_the_same_measure_word_still_errs() -> None:
    text = "共排查一般隐患4216条，已整改4107条，整改率95.4%。"  # 4107 ÷ 4216 = 97.4%
    assert any("97.4%" in m for m in _errors(text))


# ---------------------------------------------------------------------------
# A classification opened by a cue (从诉求类别看) ends before a line that opens a
# ranking of its own (受理量排名前五位的是…); and when its parts' own shares are of
# another whole than the total nearest to them (受理, not 办结), a sum that misses
# that total is no error.
# ---------------------------------------------------------------------------

HOTLINE_CATEGORIES_THEN_RANKING = (
    "5月份，区12345热线共受理群众诉求21500件，环比增长3.2%。\n"
    "其中，电话渠道受理18060件，占84.0%；网络渠道受理3440件，占16.0%。"
    "全月办结20640件，办结率96.0%，群众满意率94.8%。\n"
    "从诉求类别看，咨询类9675件，占45.0%；求助类5805件，占27.0%；投诉类4300件，占20.0%；"
    "建议类1075件，占5.0%；其他645件，占3.0%。\n"
    "受理量排名前三位的是：城市管理类2580件、住房保障类2150件、交通出行类1720件。"
)


def test_hotline_categories_then_a_ranking_line_is_no_error() -> None:
    assert _errors(HOTLINE_CATEGORIES_THEN_RANKING) == []


def test_cue_list_whose_shares_name_another_whole_is_no_error() -> None:
    text = (
        "上半年，县热线共受理来电8400件。全年办结8190件，办结率97.5%。\n"
        "分诉求类型看，咨询类3780件，占45.0%；求助类2520件，占30.0%；投诉类2100件，占25.0%。"
    )
    assert _errors(text) == []


def test_cue_list_that_misses_its_total_by_a_slip_is_still_flagged() -> None:
    text = (
        "上半年，县热线共受理来电8400件，环比增长2.0%。\n"
        "分诉求类型看，咨询类3780件；求助类2520件；投诉类2010件。"  # 3780+2520+2100 = 8400
    )
    assert _flagged(text)


# ---------------------------------------------------------------------------
# A classification (按领域统计) whose total would be picked by a total word alone
# (全月回访…) in an earlier paragraph: its categories may overlap or leave some out,
# no error.
# ---------------------------------------------------------------------------


def test_classification_with_its_total_only_worded_in_an_earlier_paragraph_is_no_error() -> None:
    text = (
        "6月份，市热线共受理来电来信40250件，其中投诉7310件，占18.2%。全月回访26480件，"
        "群众表示满意的25370件，满意率95.8%。\n"
        "同一诉求可能涉及多个领域，按领域统计，涉及城市管理的5130件；涉及住房的4620件；"
        "涉及教育的3210件；涉及医疗卫生的2040件。"
    )
    assert _errors(text) == []


def test_classification_in_its_totals_paragraph_that_does_not_add_up_still_errs() -> None:
    text = "全年共受理诉求12600件，按渠道统计，电话受理9830件，网络受理2870件。"  # 9830+2770
    assert _errors(text)


# ---------------------------------------------------------------------------
# Table rows closing a named group (东片小计, 种植业合计): subtotals, not data rows.
# ---------------------------------------------------------------------------

_TABLE = (
    "<html><body><p>表2 各乡镇高标准农田建设完成情况</p><table border=1>"
    "<tr><th>区域</th><th>任务（亩）</th><th>完成（亩）</th></tr>"
    "<tr><td>石门镇</td><td>11000</td><td>{a}</td></tr>"
    "<tr><td>柳塘镇</td><td>7500</td><td>7500</td></tr>"
    "<tr><td>北片小计</td><td>18500</td><td>19100</td></tr>"
    "<tr><td>杨坪乡</td><td>8000</td><td>7400</td></tr>"
    "<tr><td>云溪乡</td><td>6000</td><td>6240</td></tr>"
    "<tr><td>南片小计</td><td>14000</td><td>13640</td></tr>"
    "<tr><td>全县合计</td><td>32500</td><td>32740</td></tr>"
    "</table></body></html>"
)


def _table_findings(tmp_path: Path, a: int) -> list[str]:
    return _page_errors(tmp_path, "farmland.html", _TABLE.format(a=a))


def test_rows_named_group_subtotal_close_their_group(tmp_path: Path) -> None:
    assert _table_findings(tmp_path, 11600) == []


def test_a_named_subtotal_that_its_rows_miss_is_an_error(tmp_path: Path) -> None:
    assert _table_findings(tmp_path, 11900)  # 11900 + 7500 = 19400, not 19100


# ---------------------------------------------------------------------------
# Heading numbers: a run-in heading line read as a paragraph by its length ((四)类别
# N件：6.…；7.…) still holds its number; a number missing from every line is a gap.
# ---------------------------------------------------------------------------


def test_run_in_heading_read_as_a_paragraph_keeps_its_number() -> None:
    text = (
        "柏林县2026年民生实事项目\n"
        "经县人大票决，确定民生实事项目4类8件。\n"
        "（一）教育类2件：1.新建城东小学，新增学位1080个；2.改扩建实验幼儿园，新增学位180个。\n"
        "（二）医疗类1件：3.为8个乡镇卫生院各配备救护车1辆。\n"
        "（三）交通类3件：4.实施农村公路提质改造62公里，涉及全县14个乡镇的38个行政村；"
        "5.新建城区公共停车场2处，新增泊位540个；6.新开通城乡公交线路3条，方便沿线群众出行。\n"
        "（四）保障类2件：7.为困难残疾人适配辅助器具450人次；8.新建公益性公墓1处。\n"
    )
    assert not [m for m in _errors(text) if "序号" in m]


def test_heading_number_missing_from_every_line_is_still_a_gap() -> None:
    text = "一、总体情况\n全年工作平稳。\n二、主要做法\n加强调度。\n四、存在问题\n基础薄弱。\n"
    assert any("二之后为四" in m for m in _errors(text))


# ---------------------------------------------------------------------------
# Time progress counted in days (上半年 181/365 = 49.6%) as well as in months.
# ---------------------------------------------------------------------------


def test_time_progress_counted_in_days_is_no_error() -> None:
    text = "上半年全县城镇新增就业3410人，完成年度目标6000人的56.8%，超过时间进度7.2个百分点。"  # 56.8 − 181/365 (49.6) = 7.2; by months 56.8 − 50.0 = 6.8
    assert _errors(text) == []


def test_time_progress_gap_matching_no_count_still_errs() -> None:
    text = "1-9月完成投资占年度计划的81.6%，超过时间进度9.4个百分点。"  # 81.6 − 75.0 = 6.6
    assert _errors(text)


# ---------------------------------------------------------------------------
# A classification that names only its main categories (从火灾场所看，住宅…；交通
# 工具…) falls short of its total: no error, unless an item names the rest (其他).
# ---------------------------------------------------------------------------


def test_classification_of_main_categories_short_of_its_total_is_no_error() -> None:
    text = (
        "1-9月，全市共接报火灾418起，死亡6人，直接财产损失960.2万元。\n"
        "从火灾场所看，住宅火灾193起，占46.2%；交通工具火灾68起，占16.3%；"
        "室外垃圾杂物火灾87起，占20.8%；厂房仓库火灾25起。"
    )
    assert _errors(text) == []


def test_classification_naming_the_rest_that_falls_short_still_errs() -> None:
    text = (
        "1-9月，全市共接报火灾418起。\n"
        "从火灾场所看，住宅火灾193起；交通工具火灾68起；室外火灾87起；其他火灾40起。"
    )  # 193 + 68 + 87 + 40 = 388, not 418
    assert _errors(text)


# ---------------------------------------------------------------------------
# A 合计 row after 小计 rows: the subtotals and the rows no subtotal closes (市直单位
# after the last group) make the total.
# ---------------------------------------------------------------------------

_GROUPED = (
    "<html><body><p>表 各地工单办理情况</p><table border=1>"
    "<tr><th>单位</th><th>受理（件）</th><th>办结（件）</th></tr>"
    "<tr><td>河东区</td><td>1340</td><td>1290</td></tr>"
    "<tr><td>河西区</td><td>870</td><td>852</td></tr>"
    "<tr><td>小计</td><td>2210</td><td>2142</td></tr>"
    "<tr><td>南山县</td><td>690</td><td>671</td></tr>"
    "<tr><td>北岭县</td><td>515</td><td>509</td></tr>"
    "<tr><td>小计</td><td>1205</td><td>1180</td></tr>"
    "<tr><td>市直单位</td><td>{loose}</td><td>263</td></tr>"
    "<tr><td>合计</td><td>3680</td><td>3585</td></tr>"
    "</table></body></html>"
)


def _grouped_errors(tmp_path: Path, loose: int) -> list[str]:
    return _page_errors(tmp_path, "grouped.html", _GROUPED.format(loose=loose))


def test_total_after_subtotals_counts_the_rows_no_subtotal_closes(tmp_path: Path) -> None:
    assert _grouped_errors(tmp_path, 265) == []


def test_total_after_subtotals_that_the_rows_miss_is_an_error(tmp_path: Path) -> None:
    assert _grouped_errors(tmp_path, 295)  # 2210 + 1205 + 295 = 3710, not 3680


# ---------------------------------------------------------------------------
# A share column whose head names its base column (起数占比 of 事故起数), not the
# nearest count column before it (死亡人数).
# ---------------------------------------------------------------------------

_ACCIDENTS = (
    "<html><body><p>表 分行业事故情况</p><table border=1>"
    "<tr><th>行业</th><th>事故起数（起）</th><th>死亡人数（人）</th><th>起数占比（%）</th></tr>"
    "<tr><td>道路交通</td><td>44</td><td>15</td><td>{a}</td></tr>"
    "<tr><td>建筑施工</td><td>9</td><td>3</td><td>15.0</td></tr>"
    "<tr><td>工矿商贸</td><td>7</td><td>2</td><td>11.7</td></tr>"
    "<tr><td>合计</td><td>60</td><td>20</td><td>100.0</td></tr>"
    "</table></body></html>"
)


def _accident_errors(tmp_path: Path, a: str) -> list[str]:
    return _page_errors(tmp_path, "accidents.html", _ACCIDENTS.format(a=a))


def test_share_column_is_a_share_of_the_column_its_head_names(tmp_path: Path) -> None:
    assert _accident_errors(tmp_path, "73.3") == []  # 44 ÷ 60


def test_share_column_off_its_named_column_is_an_error(tmp_path: Path) -> None:
    assert _accident_errors(tmp_path, "78.3")


# ---------------------------------------------------------------------------
# A share column whose total row is not 100% is a share within each row (投诉占比 =
# 其中投诉 ÷ 受理总量 of the row), not of the column's total.
# ---------------------------------------------------------------------------

_WITHIN_ROW = (
    "<html><body><p>表 各乡镇诉求情况</p><table border=1>"
    "<tr><th>乡镇</th><th>受理总量（件）</th><th>其中：投诉（件）</th><th>投诉占比（%）</th></tr>"
    "<tr><td>石桥镇</td><td>2140</td><td>385</td><td>{a}</td></tr>"
    "<tr><td>沙坪镇</td><td>1560</td><td>296</td><td>19.0</td></tr>"
    "<tr><td>白鹤乡</td><td>900</td><td>117</td><td>13.0</td></tr>"
    "<tr><td>合计</td><td>4600</td><td>798</td><td>17.3</td></tr>"
    "</table></body></html>"
)


def _within_row_errors(tmp_path: Path, a: str) -> list[str]:
    return _page_errors(tmp_path, "within_row.html", _WITHIN_ROW.format(a=a))


def test_share_column_within_each_row_is_judged_row_by_row(tmp_path: Path) -> None:
    assert _within_row_errors(tmp_path, "18.0") == []  # 385 ÷ 2140


def test_share_within_a_row_that_does_not_match_is_an_error(tmp_path: Path) -> None:
    assert _within_row_errors(tmp_path, "21.0")


# ---------------------------------------------------------------------------
# Rows headed by a heading number (一、城区项目) among plain stubs carry their group's
# subtotal: the 合计 adds the heads, each head adds the rows under it.
# ---------------------------------------------------------------------------

_HEADED = (
    "<html><body><p>表 民生实事投资完成情况（单位：万元）</p><table border=1>"
    "<tr><th>项目</th><th>计划投资</th><th>完成投资</th></tr>"
    "<tr><td>合计</td><td>17500</td><td>17830</td></tr>"
    "<tr><td>一、城区项目</td><td>9800</td><td>{a}</td></tr>"
    "<tr><td>老旧小区改造</td><td>7300</td><td>7710</td></tr>"
    "<tr><td>背街小巷整治</td><td>2500</td><td>2350</td></tr>"
    "<tr><td>二、农村项目</td><td>7700</td><td>7770</td></tr>"
    "<tr><td>农村公路提质</td><td>4600</td><td>4820</td></tr>"
    "<tr><td>农村供水保障</td><td>3100</td><td>2950</td></tr>"
    "</table></body></html>"
)


def _headed_errors(tmp_path: Path, a: int) -> list[str]:
    return _page_errors(tmp_path, "headed.html", _HEADED.format(a=a))


def test_numbered_group_rows_are_subtotals_of_the_rows_under_them(tmp_path: Path) -> None:
    assert _headed_errors(tmp_path, 10060) == []


def test_numbered_group_row_its_rows_miss_is_an_error(tmp_path: Path) -> None:
    assert _headed_errors(tmp_path, 10600)  # 7710 + 2350 = 10060


# ---------------------------------------------------------------------------
# A classification of parts named by what they touch (涉及城市管理的…件) may overlap
# and leave fields out: no partition, even in its total's paragraph.
# ---------------------------------------------------------------------------


def test_parts_named_by_what_they_touch_are_no_partition() -> None:
    text = (
        "5月份，全县热线共受理群众来电来信13480件，全月回访9260件，回访满意率96.1%。"
        "按诉求领域统计，涉及城市管理的2470件，涉及住房的1830件，涉及教育的1120件，"
        "涉及医疗卫生的690件。"
    )
    assert _errors(text) == []


def test_division_by_kind_that_misses_its_total_still_errs() -> None:
    text = "全县新签约项目31个。按产业分，工业项目18个，服务业项目9个，农业项目3个。"
    assert _errors(text)


# ---------------------------------------------------------------------------
# Table rows whose name opens with a dash (——东风街道 under 河东区) are sub-rows of the
# row above: the rows do not partition the 合计.
# ---------------------------------------------------------------------------


def test_dashed_sub_rows_are_parts_of_the_row_above(tmp_path: Path) -> None:
    path = tmp_path / "dashed.html"
    path.write_text(
        "<html><body><p>表 各区受理情况</p><table border=1>"
        "<tr><th>区域</th><th>受理量（件）</th></tr>"
        "<tr><td>城南区</td><td>1460</td></tr>"
        "<tr><td>——青石街道</td><td>530</td></tr>"
        "<tr><td>城北区</td><td>940</td></tr>"
        "<tr><td>——白马街道</td><td>385</td></tr>"
        "<tr><td>合计</td><td>2400</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert [f for f in check(read(path)).findings if f.severity == "error"] == []


# ---------------------------------------------------------------------------
# Sub-rows whose indent the reader lost (城区 5200, then its 东城街道 2100, 西城街道
# 1800): the 合计 adds the parent rows when the plain sum misses it and that reading
# holds exactly.
# ---------------------------------------------------------------------------


def _docx_table(tmp_path: Path, rows: list[tuple[str, int]]) -> Path:
    from docx import Document

    d = Document()
    d.add_paragraph("表 城镇新增就业分地区情况")
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = "地区"
    t.rows[0].cells[1].text = "新增就业（人）"
    for name, v in rows:
        cells = t.add_row().cells
        cells[0].text = name
        cells[1].text = str(v)
    path = tmp_path / "nested.docx"
    d.save(str(path))
    return path


def test_indented_sub_rows_under_parent_rows_add_up_as_parents(tmp_path: Path) -> None:
    rows = [("城区", 4600), ("　　东城街道", 1900), ("　　西城街道", 1500), ("开发区", 2100),
            ("　　高新园", 800), ("合计", 6700)]  # fmt: skip
    path = _docx_table(tmp_path, rows)
    assert [f for f in check(read(path)).findings if f.severity == "error"] == []


def test_rows_adding_up_in_neither_reading_are_an_error(tmp_path: Path) -> None:
    rows = [("城区", 4600), ("开发区", 2100), ("新区", 900), ("合计", 7800)]  # 7600
    path = _docx_table(tmp_path, rows)
    assert [f for f in check(read(path)).findings if f.severity == "error"]


# ---------------------------------------------------------------------------
# A row of an average (县均, 全市平均) is not one of the rows a 合计 adds.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("stub", ["县均", "全市平均", "均值"])
def test_average_row_is_not_added_to_the_total(tmp_path: Path, stub: str) -> None:
    path = tmp_path / "average.html"
    path.write_text(
        "<html><body><p>表 各县医疗资源情况</p><table border=1>"
        "<tr><th>县区</th><th>床位数（张）</th></tr>"
        "<tr><td>甲县</td><td>1720</td></tr><tr><td>乙县</td><td>1310</td></tr>"
        "<tr><td>丙县</td><td>970</td></tr>"
        f"<tr><td>{stub}</td><td>1333</td></tr><tr><td>合计</td><td>4000</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert [f for f in check(read(path)).findings if f.severity == "error"] == []


# ---------------------------------------------------------------------------
# The columns after a 合计 column may hold two classifications of it (电话 + 网络,
# then 已办结 + 未办结): the first columns that add up in every row are its parts.
# ---------------------------------------------------------------------------

_TWO_CLASSES = (
    "<html><body><p>表 各单位受理情况</p><table border=1>"
    "<tr><th>单位</th><th>合计（件）</th><th>电话（件）</th><th>网络（件）</th>"
    "<th>已办结（件）</th><th>未办结（件）</th></tr>"
    "<tr><td>市城管局</td><td>1480</td><td>1230</td><td>{a}</td><td>1452</td><td>28</td></tr>"
    "<tr><td>市住建局</td><td>870</td><td>715</td><td>155</td><td>856</td><td>14</td></tr>"
    "</table></body></html>"
)


def _two_class_errors(tmp_path: Path, a: int) -> list[str]:
    return _page_errors(tmp_path, "two_classes.html", _TWO_CLASSES.format(a=a))


def test_columns_after_a_total_holding_two_classifications(tmp_path: Path) -> None:
    assert _two_class_errors(tmp_path, 250) == []


def test_columns_after_a_total_that_add_up_in_no_reading_still_err(tmp_path: Path) -> None:
    assert _two_class_errors(tmp_path, 290)
