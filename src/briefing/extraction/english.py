"""English numerals on bilingual pages: a translated passage restates the Chinese
figures in English words (``5.82 million`` for 582万人, ``830,000`` for 83万人).

:func:`english_numbers` reads digits with thousands separators and a following scale
word (thousand, million, billion, trillion) in runs of Latin text; a figure then reads
as its exact value with the precision it was written at (``5.82 million`` stands for
5,820,000 ± 5,000).  Percentages are left to the main scanner, which reads ``65%``
already.

    >>> [(n.text, n.value, n.step) for n in english_numbers(
    ...     "new jobs reached 5.82 million, 65% of the target of 9 million; 830,000 people")]
    [('5.82 million', Fraction(5820000, 1), Fraction(10000, 1)), ('9 million', Fraction(9000000, 1), Fraction(1000000, 1)), ('830,000', Fraction(830000, 1), Fraction(1, 1))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(thousand|million|billion|trillion)s?\b)?(?![\d%]|[.,]\d)",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class EnglishNumber:
    """A number written in English (six point nine four million) and its span."""

    start: int
    end: int
    text: str
    written: str  # the numeral without separators ("6.94", "950000")
    scale: int  # 1, 10**3, 10**6 ...

    @property
    def value(self) -> Fraction:
        return Fraction(self.written) * self.scale

    @property
    def step(self) -> Fraction:
        """One unit of the last written digit."""
        places = len(self.written) - self.written.find(".") - 1 if "." in self.written else 0
        return Fraction(self.scale, 10**places)


def english_numbers(text: str, start: int = 0, end: int | None = None) -> list[EnglishNumber]:
    """Numbers written in English in ``text[start:end]``: only those inside Latin prose
    (an English word within 20 characters on either side, no Chinese character right
    next to them), so Chinese figures and dates are never read twice.  A bare numeral
    without separators or a scale word (a year, a day) is left out."""
    stop = len(text) if end is None else end
    out: list[EnglishNumber] = []
    for m in _NUMBER.finditer(text, start, stop):
        num, word = m.group(1), m.group(2)
        if word is None and "," not in num:
            continue
        near = text[max(0, m.start() - 20) : m.start()] + " " + text[m.end() : m.end() + 20]
        if not _LATIN_WORD.search(near):
            continue
        edge = text[max(0, m.start() - 1) : m.start()] + text[m.end() : m.end() + 1]
        if _CJK.search(edge):
            continue
        scale = SCALES[word.lower()] if word else 1
        out.append(EnglishNumber(m.start(), m.end(), m.group(), num.replace(",", ""), scale))
    return out
