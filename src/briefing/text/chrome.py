"""Page chrome helpers shared by the readers (io) and the structure pass."""

from __future__ import annotations

from collections.abc import Sequence

_SENTENCE_ENDS = frozenset("。！？")
_CLAUSE_MARKS = frozenset("；，,")


def article_resumes(texts: Sequence[str], start: int) -> int | None:
    """Index (from ``start``) of the first block that reads as article prose, else None.

    Under a 相关阅读 / 相關閱讀 line a portal lists links (short lines without sentence
    punctuation); when a long sentence-bearing paragraph follows them, the article goes
    on (mirror sites put the related list in the middle) and only the list is chrome.
    """
    for k in range(start, len(texts)):
        t = texts[k].strip()
        # link titles are short and carry no full stop; prose does
        if len(t) >= 30 and any(c in _SENTENCE_ENDS for c in t):
            return k
        if len(t) >= 50 and any(c in _CLAUSE_MARKS for c in t):
            return k
    return None
