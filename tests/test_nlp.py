"""The spaCy pipeline: figure spans with extension attributes, jieba without its main dictionary."""

from __future__ import annotations

import subprocess
import sys

from briefing import nlp as bnlp


def test_figures_become_spans_with_attributes() -> None:
    nlp = bnlp.load()
    doc = nlp("今年以来完成投资9.9亿元，占年度计划投资的38.45%，“三个一批”项目12个。")
    spans = {s.text: s for s in doc.spans["figures"]}
    money = spans["9.9亿元"]
    assert (money._.kind, money._.value, money._.unit, money._.metric) == (
        "money",
        "9.9",
        "亿元",
        "完成投资",
    )
    assert money.label_ == "money"
    assert spans["38.45%"]._.kind == "percent"
    assert spans["三个一批"]._.kind == "name"
    assert spans["12个"]._.value == "12"


def test_every_figure_is_a_whole_token_span() -> None:
    nlp = bnlp.load()
    text = "截至8月底，全县已签约亿元以上招商项目34个，其中开工项目19个，到位市外资金57亿元。"
    doc = nlp(text)
    assert doc.text == text
    for s in doc.spans["figures"]:
        assert text[s.start_char : s.end_char] == s.text == s._.figure.text


def test_domain_segmenter_keeps_domain_words() -> None:
    words = bnlp.cut("年度计划投资完成率较高")
    assert "年度计划投资" in words


def test_jieba_main_dictionary_is_not_loaded() -> None:
    code = "import jieba, briefing.nlp as n; n.cut('完成投资9.9亿元');print(jieba.dt.initialized)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_spacy_not_imported_by_extraction() -> None:
    code = (
        "import sys, briefing; from briefing.extraction import extract;"
        "extract(briefing.read_text('完成投资9.9亿元'));"
        "print('spacy' in sys.modules, 'jieba' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False False"
