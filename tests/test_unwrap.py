"""Hard-wrapped plain text (a PDF's text layer, a fixed-width copy) reads like the
text it was wrapped from: lines joined back, page-number lines dropped."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import briefing
from briefing.io.unwrap import is_page_number, unwrap_lines

ROOT = Path(__file__).resolve().parents[1]

PARAGRAPHS = [
    "今年以来，全市重点项目建设进展顺利，1-6月份累计完成投资9.9亿元，占年度计划投资25.75亿元的38.45%，"
    "其中新开工项目25个，续建项目55个，合计80个。",
    "下一步，我们将坚持问题导向，强化要素保障，加快推进项目前期工作，确保全年目标任务圆满完成，"
    "力争新签约项目12个、总投资150亿元。",
    "二、存在的问题",
    "部分项目融资困难，征地拆迁进度偏慢，个别项目开工率低于序时进度，需要进一步加大协调力度。",
]


def _wrap_chars(paragraphs: list[str], width: int) -> str:
    lines: list[str] = []
    for p in paragraphs:
        lines += [p[i : i + width] for i in range(0, len(p), width)]
    return "\n".join(lines)


def _wrap_display(paragraphs: list[str], width: int) -> str:
    # the benchmark's own wrapping by display width (CJK two columns, paragraphs indented)
    spec = importlib.util.spec_from_file_location("real_gold", ROOT / "benchmarks" / "real_gold.py")
    assert spec is not None and spec.loader is not None
    rg = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("real_gold", rg)
    spec.loader.exec_module(rg)
    return "\n".join(line for p in paragraphs for line in rg._wrap_display(p, width))


def _figures(text: str) -> list[str]:
    return [f.text for f in briefing.extract(briefing.read_text(text))]


def test_text_wrapped_every_n_characters_reads_as_its_paragraphs() -> None:
    for width in (17, 23, 29, 31):
        wrapped = _wrap_chars(PARAGRAPHS, width)
        assert wrapped.count("\n") > len(PARAGRAPHS)
        assert unwrap_lines(wrapped.split("\n")) == PARAGRAPHS, width


def test_text_wrapped_by_display_width_with_indents_reads_as_its_paragraphs() -> None:
    wrapped = _wrap_display(PARAGRAPHS, 60)
    out = unwrap_lines(wrapped.split("\n"))
    assert [ln.strip("\u3000") for ln in out] == PARAGRAPHS


def test_a_number_broken_by_the_wrap_is_one_figure_again() -> None:
    whole = _figures("\n".join(PARAGRAPHS))
    # width 31 breaks 9.9亿元 after its point, width 22 25.75亿元 before it, width 17
    # 38.45% inside its digits
    for width, broken in ((31, "9.\n9亿"), (22, "25\n.75"), (17, "3\n8.45")):
        wrapped = _wrap_chars(PARAGRAPHS, width)
        assert broken in wrapped
        assert _figures(wrapped) == whole, width
    assert "9.9亿元" in whole and "38.45%" in whole


def test_page_number_lines_are_dropped_and_the_paragraph_goes_on() -> None:
    lines = _wrap_chars(PARAGRAPHS, 23).split("\n")
    lines.insert(3, "- 2 -")
    lines.insert(7, "—3—")
    assert is_page_number("- 2 -") and is_page_number(" 第 4 页 共 9 页")
    assert not is_page_number("2、存在的问题") and not is_page_number("- 2 - 项目")
    assert unwrap_lines(lines) == PARAGRAPHS
    report = briefing.check(briefing.read_text("\n".join(lines)))
    assert not [f for f in report.findings if f.severity == "error"]
    assert any("38.45" in r.formula for r in report.relations)


def test_a_list_of_equal_lines_is_not_taken_for_wrapped_text() -> None:
    lines = [f"重点项目建设情况通报 _第{i}页" for i in range(1, 8)]
    assert unwrap_lines(lines) == lines


def test_sentences_of_one_length_each_ending_a_sentence_stay_apart() -> None:
    lines = [
        "一、全市完成固定资产投资120亿元。",
        "二、全市新开工重点项目45个完成。",
        "三、全市新签约招商项目30个落地。",
        "四、全市实现规上工业增加值增长8%。",
    ]
    assert unwrap_lines(lines) == lines


def test_latin_words_keep_their_space_across_the_join() -> None:
    text = "The province completed 9.9 billion\n yuan of investment in the first h\nalf of the year, up 12 percent fro\nm the same period last year, and 80\n projects started."
    out = unwrap_lines(text.split("\n"))
    assert out == [text.replace("\n", "")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="项目投资亿元万个，。；、123456789.% 　-第页", max_size=80), max_size=30
    )
)
def test_unwrapping_never_loses_a_character(lines: list[str]) -> None:
    out = unwrap_lines(lines)
    kept = [ln for ln in lines if not is_page_number(ln)]
    squeeze = str.maketrans("", "", " \t\u3000\u00a0\ufeff")
    assert "".join(out).translate(squeeze) == "".join(kept).translate(squeeze)


def test_a_short_paragraph_of_three_wrapped_lines_is_joined() -> None:
    text = PARAGRAPHS[0]
    width = 24
    assert len(text) // width == 3
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    assert unwrap_lines(lines) == [text]


def test_display_width_counts_wide_characters_as_unicodedata_does() -> None:
    import unicodedata

    from briefing.io.unwrap import _width

    def by_character(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    lines = [
        "",
        "plain ASCII line, 42 items",
        "全区完成投资１２．５亿元，同比增长８％。",
        "ｶﾀｶﾅ半角与カタカナ全角、ひらがな",
        "℃ ± × ÷ ① Ⅻ ㎡ 〇 ﹏ ︰ ￥ ￦",
        "𠀀𪚥 emoji 😀 and ﾟ halfwidth",
    ]
    for line in lines:
        assert _width(line) == by_character(line)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_display_width_of_any_text_matches_unicodedata(line: str) -> None:
    import unicodedata

    from briefing.io.unwrap import _width

    assert _width(line) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
