"""clean_text (the paragraph whitespace rule of the .docx, .html and .pdf readers)
against the character-by-character loop it replaced, on random text and spans."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from briefing.io.safety import (
    _CLEAN_TOKENS,
    _WS_CHARS,
    _ZERO_WIDTH,
    clean_text,
    is_cjk,
    merge_spans,
)


# the loop clean_text replaced, kept as the reference
def reference_clean_text(
    text: str, spans: list[tuple[int, int]] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace the way a paragraph reads, and move ``spans`` along.

    Leading/trailing whitespace (including full-width indent spaces) goes; a run of
    whitespace containing a line break vanishes between two CJK characters and becomes
    one space otherwise; any other run becomes one space.  Zero-width characters and soft
    hyphens go; control characters become spaces.  Returns the text and the spans
    re-mapped onto it (empty spans dropped, adjacent ones merged).
    """
    out: list[str] = []
    # new_index[i] = position in output where input char i lands (or would land)
    new_index: list[int] = []
    n = len(text)
    i = 0
    pos = 0
    while i < n:
        ch = text[i]
        if ch in _ZERO_WIDTH:
            new_index.append(pos)
            i += 1
            continue
        if ch.isspace() or ch in "\u3000\u00a0" or unicodedata.category(ch) == "Cc":
            j = i
            has_break = False
            while j < n and (
                text[j].isspace()
                or text[j] in "\u3000\u00a0"
                or unicodedata.category(text[j]) == "Cc"
            ):
                if text[j] in "\n\r\u2028\u2029\x0b\x0c":
                    has_break = True
                j += 1
            prev = out[-1] if out else ""
            nxt = text[j] if j < n else ""
            if not out or j >= n:
                sep = ""
            elif has_break and (is_cjk(prev) or is_cjk(nxt)):
                sep = ""
            else:
                sep = " "
            for _ in range(i, j):
                new_index.append(pos)
            if sep:
                out.append(sep)
                pos += 1
            i = j
            continue
        new_index.append(pos)
        out.append(ch)
        pos += 1
        i += 1
    new_index.append(pos)
    result = "".join(out)
    mapped: list[tuple[int, int]] = []
    for s, e in merge_spans(spans or []):
        s2 = new_index[max(0, min(s, n))]
        e2 = new_index[max(0, min(e, n))]
        # trim spaces at the edges of a span
        while s2 < e2 and result[s2] == " ":
            s2 += 1
        while e2 > s2 and result[e2 - 1] == " ":
            e2 -= 1
        if e2 <= s2:
            continue
        if mapped and s2 <= mapped[-1][1]:
            mapped[-1] = (mapped[-1][0], max(e2, mapped[-1][1]))
        else:
            mapped.append((s2, e2))
    return result, mapped


_ALPHABET = "ab 1,。中文（）\n\r\t\u3000\u00a0\u200b\u00ad\ufeff\x00\x1f\x85\u2028\u2029“”—"


def test_the_whitespace_class_is_isspace_and_the_control_characters() -> None:
    import re

    cls = re.compile(f"[{_WS_CHARS}]")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        expected = ch.isspace() or unicodedata.category(ch) == "Cc"
        assert (cls.match(ch) is not None) == expected, hex(cp)
    assert all(_CLEAN_TOKENS.fullmatch(z) for z in _ZERO_WIDTH)


@given(
    st.text(alphabet=_ALPHABET, max_size=60),
    st.lists(st.tuples(st.integers(-2, 64), st.integers(-2, 64)), max_size=5),
)
def test_clean_text_agrees_with_the_loop_it_replaced(
    text: str, spans: list[tuple[int, int]]
) -> None:
    assert clean_text(text, spans) == reference_clean_text(text, spans)


def test_clean_text_on_a_paragraph_with_every_kind_of_run() -> None:
    text = "\u3000\u3000全市\n投资 \t 12亿元\u200b，\n同比\x00增长 5%。 \n"
    spans = [(2, 4), (8, 14), (30, 40)]
    assert clean_text(text, spans) == reference_clean_text(text, spans)
    assert clean_text(text)[0] == "全市投资 12亿元，同比 增长 5%。"
