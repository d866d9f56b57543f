"""BR107 across languages (briefing.checks.mirror): an English translation after a
Chinese passage restates its figures; a copy that differs is a warning.

Invented sentences in the genre of bilingual portal pages.
"""

from __future__ import annotations

import briefing

_ZH = (
    "省统计局日前发布消息，全省经济运行总体平稳。前三季度全省新增城镇就业38.6万人，"
    "完成全年50万人目标的77.2%。农村劳动力转移就业12.6万人，完成年度目标任务20万人的63%。"
    "9月末城镇登记失业率为3.2%。"
)
_EN = (
    " The provincial statistics bureau said recently that the economy of the province "
    "ran steadily on the whole. In the first three quarters {a} new urban jobs were "
    "created in the province, completing 77.2% of the annual target of 500,000. "
    "Rural workers moving to jobs reached {b}, or 63% of the annual target of 200,000. "
    "At the end of September the registered urban unemployment rate was 3.2%."
)


def _mirror(text: str) -> list[tuple[str, list[str]]]:
    """BR107 relations from a Chinese figure to an English one."""
    doc = briefing.read_text(text)
    english = doc.text.find(" The ")
    report = briefing.check(doc)
    return [
        (r.status, [f.text for f in r.figures])
        for r in report.relations
        if r.code == "BR107" and r.figures[0].start < english <= r.figures[-1].start
    ]


def _warnings(text: str) -> list[tuple[str, list[str]]]:
    report = briefing.check(briefing.read_text(text))
    return [(f.severity, [x.text for x in f.figures]) for f in report.findings if f.code == "BR107"]


def test_translation_pairs_every_figure_with_its_chinese_copy() -> None:
    text = _ZH + _EN.format(a="386,000", b="126,000")
    pairs = _mirror(text)
    assert ("consistent", ["38.6万人", "386,000"]) in pairs
    assert ("consistent", ["50万人", "500,000"]) in pairs
    assert ("consistent", ["12.6万人", "126,000"]) in pairs
    assert ("consistent", ["20万人", "200,000"]) in pairs
    assert ("consistent", ["77.2%", "77.2%"]) in pairs
    assert ("consistent", ["63%", "63%"]) in pairs
    assert ("consistent", ["3.2%", "3.2%"]) in pairs
    assert not _warnings(text)


def test_scale_words_in_the_translation() -> None:
    text = _ZH + _EN.format(a="0.386 million", b="0.126 million")
    assert ("consistent", ["38.6万人", "0.386 million"]) in _mirror(text)


def test_a_copy_that_differs_is_a_warning() -> None:
    text = _ZH + _EN.format(a="368,000", b="126,000")
    assert ("rounding", ["38.6万人", "368,000"]) in _mirror(text)
    assert ("warning", ["38.6万人", "368,000"]) in _warnings(text)


def test_a_percentage_that_differs_is_a_warning() -> None:
    text = _ZH + _EN.format(a="386,000", b="126,000").replace("63%", "36%")
    assert ("warning", ["63%", "36%"]) in _warnings(text)


def test_translation_cut_short_pairs_what_it_states() -> None:
    text = _ZH + _EN.format(a="386,000", b="126,000").split(" Rural")[0]
    pairs = _mirror(text)
    assert ("consistent", ["38.6万人", "386,000"]) in pairs
    assert ("consistent", ["77.2%", "77.2%"]) in pairs
    assert not any(p[1][0] == "12.6万人" for p in pairs)


def test_english_text_that_does_not_follow_the_chinese_is_not_paired() -> None:
    # an English passage about other figures: its kinds do not follow the Chinese
    other = (
        " The museum received 2.5 million visitors last year, and 40% of them were "
        "students from other provinces, the curator told reporters on Monday afternoon."
    )
    assert _mirror(_ZH + other) == []
    assert not _warnings(_ZH + other)


def test_two_differences_are_not_a_translation() -> None:
    # all but one figure must agree: a passage with two that differ is another text
    text = _ZH + _EN.format(a="368,000", b="142,000")
    assert _mirror(text) == []


def test_english_numeral_ending_a_sentence_is_read() -> None:
    from briefing.extraction.english import english_numbers

    found = english_numbers("the annual target of 500,000. Jobs rose by 2.5 million.")
    assert [(n.text, n.value) for n in found] == [("500,000", 500000), ("2.5 million", 2500000)]
