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
    path = tmp_path / "farmland.html"
    path.write_text(_TABLE.format(a=a), encoding="utf-8")
    rep = check(read(path))
    return [f.message for f in rep.findings if f.severity == "error"]


def test_rows_named_group_subtotal_close_their_group(tmp_path: Path) -> None:
    assert _table_findings(tmp_path, 11600) == []


def test_a_named_subtotal_that_its_rows_miss_is_an_error(tmp_path: Path) -> None:
    assert _table_findings(tmp_path, 11900)  # 11900 + 7500 = 19400, not 19100
