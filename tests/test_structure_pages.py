"""Portal reading (issue 13): titles, dates with their source, chrome, related lists,
quotations cut by page debris, and the bracket check on portal punctuation.

All pages here are invented in the shape of portal and mirror-site pages.
"""

from __future__ import annotations

import pytest

import briefing
from briefing.checks.brackets import check as brackets_check
from briefing.checks.engine import Context

_PARA = "今年以来，全县上下围绕重点项目建设持续发力，一批项目顺利开工，投资进度稳步加快，为全年目标打下了坚实基础。"


def test_repost_note_is_no_title_and_the_original_title_is() -> None:
    doc = briefing.read_text(f"转自：某某网\n原标题：某县前三季度签约项目四十个\n{_PARA}\n")
    assert doc.meta.title == "某县前三季度签约项目四十个"


def test_library_file_facts_are_no_title() -> None:
    page = f"页数：6页\n大小：32.10 KB\n某县二〇二〇年政府工作报告摘要\n{_PARA}\n"
    assert briefing.read_text(page).meta.title == "某县二〇二〇年政府工作报告摘要"


def test_photo_note_and_bare_number_are_no_title() -> None:
    assert briefing.read_text(f"（资料图）\n{_PARA}\n").meta.title is None
    assert briefing.read_text(f"1\n{_PARA}\n").meta.title is None


def test_index_line_is_no_title() -> None:
    page = f"索引号：11340000/2021-00012 分类：综合政务\n某县关于重点项目进展情况的通报\n{_PARA}\n"
    assert briefing.read_text(page).meta.title == "某县关于重点项目进展情况的通报"


def test_date_from_a_label_anywhere_near_the_top() -> None:
    page = "某县重点项目进展顺利\n" + f"{_PARA}\n" * 7 + "成文日期：2021-05-06\n"
    doc = briefing.read_text(page)
    assert (doc.meta.date, doc.meta.date_source) == ("2021-05-06", "label")


def test_date_from_a_stamp_line_with_a_paper_name() -> None:
    page = f"某县重点项目进展顺利\n某某日报 2019-04-15 08:30\n{_PARA}\n"
    doc = briefing.read_text(page)
    assert (doc.meta.date, doc.meta.date_source) == ("2019-04-15", "stamp")


def test_date_from_a_signature_line() -> None:
    page = f"某县重点项目进展顺利\n{_PARA}\n某县发展和改革委员会\n2022年3月18日\n"
    doc = briefing.read_text(page)
    assert (doc.meta.date, doc.meta.date_source) == ("2022-03-18", "signature")


def test_a_date_inside_a_sentence_is_not_the_page_date() -> None:
    page = "某县重点项目进展顺利\n2021年4月6日，全县召开重点项目推进会，部署下一阶段工作，要求各乡镇加快进度。\n"
    assert briefing.read_text(page).meta.date is None


# (page, date, source): where portal pages and bulletins state their own date
_TITLE = "某县重点项目进展情况"
_PAGE_DATES = [
    (f"{_TITLE}\n发布日期：2019-05-06 09:12\n{_PARA}", "2019-05-06", "meta"),
    (f"{_TITLE}\n来源：某县发改局 时间：2021-03-05\n{_PARA}", "2021-03-05", "meta"),
    (f"{_TITLE}\n来源：某县发改局　发布时间：2021年03月05日 10:20　浏览次数：352\n{_PARA}",
     "2021-03-05", "meta"),
    (f"{_TITLE}\n日期：2021/3/5\n{_PARA}", "2021-03-05", "meta"),
    (f"{_TITLE}\n發佈日期：2021-03-05\n{_PARA}", "2021-03-05", "meta"),
    (f"{_TITLE}\n更新时间：2021-03-05 10:20:11\n{_PARA}", "2021-03-05", "meta"),
    (f"{_TITLE}\n（2021年3月5日）\n{_PARA}", "2021-03-05", "dateline"),
    (f"{_TITLE}\n{_PARA}\n（2021年3月5日）", "2021-03-05", "dateline"),
    (f"在全县重点项目推进会上的讲话（2021年3月5日）\n{_PARA}", "2021-03-05", "dateline"),
    (f"{_TITLE}\n（二〇二一年三月五日）\n{_PARA}", "2021-03-05", "dateline"),
    (f"{_TITLE}\n\n05.03.2021  12:20\n\n{_PARA}", "2021-03-05", "stamp"),
    (f"{_TITLE}\n{_PARA}\n某县发展和改革局\n2021年3月5日", "2021-03-05", "signature"),
    (f"{_TITLE}\n{_PARA}\n某县人民政府办公室\n成文日期：2021年3月5日", "2021-03-05", "meta"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "date", "source"), _PAGE_DATES)
def test_the_page_states_its_date(page: str, date: str, source: str) -> None:
    doc = briefing.read_text(page)
    assert (doc.meta.date, doc.meta.date_source) == (date, source)


@pytest.mark.parametrize(
    "page",
    [
        # an event's date in a sentence, with or without its year
        f"{_TITLE}\n2021年3月5日，某县召开重点项目推进会。{_PARA}",
        f"{_TITLE}\n3月5日，某县召开重点项目推进会。{_PARA}",
        f"{_TITLE}\n{_PARA}\n下一步，将于2021年4月10日前完成验收。",
        # a bracketed date inside a sentence, or closing a sentence-like line
        f"某县召开推进会（2021年3月5日）上，县长指出要加快进度。\n{_PARA}",
        f"{_TITLE}\n会议听取了汇报，部署了工作（2021年3月5日）\n{_PARA}",
        # a news dateline without its year is no date (never guessed)
        f"{_TITLE}\n新华社北京3月5日电 {_PARA}",
        # a day.month.year stamp that is no calendar date
        f"{_TITLE}\n\n31.02.2021  12:20\n\n{_PARA}",
    ],
)
def test_an_event_date_is_not_the_page_date(page: str) -> None:
    assert briefing.read_text(page).meta.date is None


def test_portal_chrome_lines_are_dropped() -> None:
    page = f"某县重点项目进展顺利\n{_PARA}\nVIP课程推荐\nAPP专享直播\n热门推荐\n"
    text = briefing.read_text(page).text
    assert "VIP课程推荐" not in text and "热门推荐" not in text
    assert "投资进度稳步加快" in text


def test_short_cells_of_a_pipe_table_are_kept_and_rules_dropped() -> None:
    # one cell per line (a portal table flattened): 9% | is data, not a chrome bar
    page = (
        f"某县热线办件情况通报\n{_PARA}\n单位 |\n不满意数 |\n不满意率 |\n|||||\n"
        "城建局 |\n7 |\n8% |\n交通局 |\n12 |\n15% |\n【打印】 |\n"
    )
    text = briefing.read_text(page).text
    assert "\n7 |\n8% |" in text and "\n12 |\n15% |" in text
    assert "|||||" not in text and "打印" not in text


def test_related_list_in_the_middle_keeps_the_article_after_it() -> None:
    page = (
        f"某县重点项目进展顺利\n{_PARA}\n相關閱讀\n某地召开会议\n某县开展培训\n"
        "下一步，全县将继续强化要素保障，紧盯年度目标任务，确保重点项目全面完成年度投资计划。\n"
    )
    text = briefing.read_text(page).text
    assert "继续强化要素保障" in text
    assert "某地召开会议" not in text


def test_related_list_at_the_end_is_cut() -> None:
    page = f"某县重点项目进展顺利\n{_PARA}\n相关阅读\n某地召开会议\n某县开展培训\n"
    text = briefing.read_text(page).text
    assert "某地召开会议" not in text and "投资进度稳步加快" in text


def test_quotation_cut_between_blocks_is_joined() -> None:
    page = (
        "某县重点项目进展顺利\n全县深入推进“放管服\n”改革，优化营商环境，新增市场主体一千余户，"
        "营商环境持续改善，企业满意度不断提升。\n"
    )
    doc = briefing.read_text(page)
    assert "“放管服”改革" in doc.text
    assert not list(brackets_check(Context(doc, [])))


def _bracket_findings(body: str) -> list[str]:
    doc = briefing.read_text(f"某县重点项目进展顺利\n{body}\n")
    return [f.stated or "" for f in brackets_check(Context(doc, []))]


def test_vertical_quotes_are_quotes() -> None:
    assert (
        _bracket_findings(
            "全县开展〝放心消费〞行动，覆盖商户一千二百户，群众满意度明显提升，效果良好。"
        )
        == []
    )


def test_missing_inner_bracket_is_blamed_not_the_outer_closer() -> None:
    found = _bracket_findings(
        "根据《某县实施方案》（某政办〔2021 5号）要求，全县开展专项整治，取得明显成效。"
    )
    assert found == ["〔"]
