"""Letter-spaced text (``全 市 完 成 投 资 9 . 9 亿 元``, as a letter-spaced PDF's text
layer is copied out) reads like the text it spaces out."""

from __future__ import annotations

import briefing
from briefing.structure import letter_spaced

LINES = [
    "一、项目建设总体情况",
    "1-6月份，全市累计完成投资9.9亿元，占年度计划投资25.75亿元的38.45%。",
    "其中新开工项目25个，续建项目55个，合计80个。",
    "二、存在问题",
    "部分项目开工率低于序时进度，需要进一步加大协调力度。",
]


def _spaced(lines: list[str]) -> str:
    return "\n".join(" ".join(line) for line in lines)


def test_a_letter_spaced_bulletin_reads_as_the_bulletin() -> None:
    plain = briefing.read_text("\n".join(LINES))
    spaced = briefing.read_text(_spaced(LINES))
    assert spaced.text == plain.text
    assert [b.kind for b in spaced.blocks] == [b.kind for b in plain.blocks]
    figs = [f.text for f in briefing.extract(spaced)]
    assert figs == [f.text for f in briefing.extract(plain)]
    assert "9.9亿元" in figs and "38.45%" in figs


def test_a_letter_spaced_bulletin_is_checked_like_the_bulletin() -> None:
    report = briefing.check(briefing.read_text(_spaced(LINES)))
    formulas = [r.formula for r in report.relations]
    assert any("9.9 ÷ 25.75" in f for f in formulas), formulas
    assert any("25 + 55 = 80" in f for f in formulas), formulas
    assert not [f for f in report.findings if f.severity == "error"]


def test_a_short_spaced_heading_is_read_in_a_spaced_document() -> None:
    doc = briefing.read_text(_spaced(LINES))
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert "二、存在问题" in headings


def test_ordinary_lines_are_not_letter_spaced() -> None:
    assert letter_spaced("全 市 完 成 投 资 9 . 9 亿 元")
    assert not letter_spaced("全市完成投资 9.9 亿元，同比增长 12%")
    assert not letter_spaced("住建局 86 79 0 0 7")
    assert not letter_spaced("The province completed 9.9 billion yuan")
    doc = briefing.read_text("全市完成投资 9.9 亿元，新开工项目 25 个。\n住建局 86 79")
    assert "9.9 亿元" in doc.text


def test_word_gaps_of_a_spaced_line_survive() -> None:
    # two spaces or more between words of letter-spaced text stay one gap
    doc = briefing.read_text("报 送 单 位   市 发 改 委\n" + _spaced(LINES[1:]))
    assert doc.text.startswith("报送单位")
    assert "报送单位   市发改委" in doc.text or "报送单位 市发改委" in doc.text


def test_letter_spacing_is_judged_as_by_counting_character_by_character() -> None:
    """letter_spaced counts with two patterns; it decides as the plain count does."""
    import random

    def plain(text: str) -> bool:
        cjk = spaced = 0
        n = len(text)
        for i, c in enumerate(text):
            if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
                cjk += 1
                if i + 2 < n and text[i + 1] == " " and text[i + 2] != " ":
                    spaced += 1
        return cjk >= 2 and spaced >= 0.6 * cjk

    rng = random.Random(64)
    alphabet = ["全", "市", "\u3400", "\u4dbf", "9", ".", "a", " ", " ", "\u3000", "\n"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert letter_spaced(s) == plain(s), repr(s)
