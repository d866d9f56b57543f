"""Every check code's message, rendered from a real finding on an invented sentence, reads
whole: a unit after every stated number, no repeated part, no English in the Chinese, no
note worded as a correction, implied values no more precise than their operands."""

from __future__ import annotations

import re

import pytest

import briefing
from briefing.rendering.review import comment_text

#: One invented sentence per code, each holding the defect its code reports.
SENTENCES = {
    "BR101": "全区事项共120个，已办结90个，办结率70%。",
    "BR102": "全年实施项目30个，其中新建项目12个，续建项目15个。",
    "BR103": "全区共有重点项目23个，其中产业项目24个。",
    "BR104": (
        "重点发展七个方向：新能源、新材料、无人机产业、生物医药、无人机产业、数字经济、高端装备。"
    ),
    "BR105": "全年完成投资300亿元，较去年同期增长153.34亿元，同比增长95.66%。",
    "BR106": "1-3月完成年度计划的30.90%，超过时间进度8.90个百分点。",
    "BR107": (
        "截至9月底，全市固定资产投资完成412.5亿元，同比增长8.2%。"
        "截至9月底，全市固定资产投资完成421.5亿元。"
    ),
    "BR108": "从2023年10月到2024年7月，用时8个月完成全部建设任务。",
    "BR109": "一是加强调度。二是优化服务。四是强化督导。",
    "BR110": "全区项目签约率达135.2%。",
    "BR201": "推动产业业发展，项目进展顺利。",
    "BR202": "推进“放管服改革，优化营商环境。",
}
IMPLIED = "全年完成投资1500.94亿元，占年度计划的15.91%。"


def _findings(sentence: str, code: str):
    doc = briefing.read_text(f"关于项目进展的情况\n{sentence}\n", name=f"{code}.txt")
    report = briefing.check(doc)
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code}: no finding on the invented sentence"
    return found, report


def _reads_whole(text: str) -> None:
    assert "None" not in text and "—→" not in text
    words = re.sub(r"BR\d{3}", "", text)  # the stable code is the one Latin word allowed
    assert not re.search(r"[A-Za-z]{2,}", words), text  # no English in the Chinese text
    assert not re.search(r"(（[^（）]+）)\1", text), text  # no part said twice
    # a number stated "in the text" carries its unit: 文中为8个月, not 文中为8
    assert not re.search(r"文中为\s*\d+(?:\.\d+)?\s*(?:$|[，。；：）])", text), text


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_every_code_message_reads_whole(code: str) -> None:
    found, report = _findings(SENTENCES[code], code)
    for f in found:
        _reads_whole(f.message)
        _reads_whole(comment_text(f, report.relations))


def test_duration_message_names_its_unit() -> None:
    (f,), _ = _findings(SENTENCES["BR108"], "BR108")
    assert f.message == "两日期相隔9个月，文中为8个月"


def test_sum_message_names_its_unit() -> None:
    (f,), _ = _findings(SENTENCES["BR102"], "BR102")
    assert f.message == "12 + 15 = 27个，文中为 30个"


def test_subset_comment_does_not_repeat_the_comparison() -> None:
    (f,), report = _findings(SENTENCES["BR103"], "BR103")
    text = comment_text(f, report.relations)
    assert text.count("24 > 23") == 1


def test_duplicate_in_a_list_is_counted_as_listed() -> None:
    (f,), _ = _findings(SENTENCES["BR104"], "BR104")
    assert "列出7项" in f.message and "“无人机产业”重复" in f.message
    assert "6个不同" not in f.message


def test_implied_value_has_the_precision_of_its_operands() -> None:
    (f,), _ = _findings(IMPLIED, "BR101")
    assert f.severity == "info"
    m = re.search(r"约\s*([\d.]+)亿元", f.message)
    assert m and m.group(1) == "9434"  # 15.91% has four significant digits, so has the whole
    _reads_whole(f.message)
    assert "应为" not in comment_text(f)
