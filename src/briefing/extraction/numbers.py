"""Number grammar: Arabic, Chinese and mixed numerals with scale, range and qualifiers.

Everything works on the simplified, half-width ``Document.norm`` text, so 億/萬/兩
and full-width digits arrive as 亿/万/两 and ASCII digits.  Values are exact
:class:`decimal.Decimal`; ``value`` strings are the number *as written* in Arabic
digits before its scale (``2300余万`` → ``"2300"``, scale 万).

Public API:

* :func:`cn_to_decimal` — 二十一 → 21, 一百零五 → 105, 两千三百 → 2300, 三点五 → 3.5
* :func:`parse` — a whole number expression (约2300余万, 10-15亿, 百分之三十, 三成,
  下降5.2个百分点) → :class:`Number`, or ``None`` when the string is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

CN_DIGIT_CHARS = "".join(CN_DIGITS)
CN_NUM_CHARS = CN_DIGIT_CHARS + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)


def _load_scales() -> dict[str, int]:
    from briefing.extraction.units import data

    table = data()["scales"]
    return {k: int(v) for k, v in sorted(table.items(), key=lambda kv: -len(kv[0]))}


#: Scales that may follow a number (longest first): the [scales] table of
#: ``data/units.toml``, the one list of scale words of the package.
SCALES: dict[str, int] = _load_scales()

AR_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
CN_NUM = rf"[{CN_NUM_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
NUM = rf"(?:{AR_NUM}|{CN_NUM})"
SCALE_RE = "|".join(SCALES)
RANGE_SEP = r"(?:-|~|—|–|至|到)"

PREFIX_QUALIFIERS: dict[str, str] = {
    "大约": "approx",
    "约": "approx",
    "将近": "under",
    "接近": "under",
    "近": "under",
    "不足": "under",
    "不到": "under",
    "不超过": "under",
    "超过": "over",
    "逾": "over",
    "超": "over",
    "多于": "over",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
}
SUFFIX_QUALIFIERS: dict[str, str] = {
    "左右": "approx",
    "上下": "approx",
    "以上": "over",
    "以内": "under",
    "以下": "under",
}
NEGATIVE_WORDS = ("下降", "减少", "降低", "下滑", "回落", "负增长")

_PARSE_RE = re.compile(
    rf"""
    (?P<pq>{"|".join(PREFIX_QUALIFIERS)})?
    (?P<neg>{"|".join(NEGATIVE_WORDS)}|-)?
    (?:
        百分之(?P<pct>{NUM})(?:{RANGE_SEP}(?:百分之)?(?P<pct2>{NUM}))?
      |
        (?P<n1>{NUM})(?P<q1>[余多])?
        (?:{RANGE_SEP}(?P<n2>{NUM}))?
        (?P<scale>{SCALE_RE})?(?P<q2>[余多])?
        (?P<unit>%|‰|个百分点|百分点|成)?
    )
    (?P<sq>{"|".join(SUFFIX_QUALIFIERS)})?
    """,
    re.VERBOSE,
)


@dataclass(slots=True, frozen=True)
class Number:
    """A number as written and read: digits, decimals, scale, range, qualifier, sign."""

    value: str  # as written, Arabic digits, before scale: "2300"
    decimals: int
    scale: str | None = None  # "万"
    multiplier: int = 1
    upper: str | None = None  # range upper bound as written
    qualifier: str | None = None
    negative: bool = False
    unit: str | None = None  # only percent-like units parse() knows: %, ‰, 成, 个百分点

    @property
    def exact(self) -> Decimal:
        """value × scale, exact."""
        return scaled(self.value, self.multiplier)


def scaled(value: str, multiplier: int | Decimal) -> Decimal:
    d = Decimal(value) * Decimal(multiplier)
    return d


def decimal_str(d: Decimal) -> str:
    """Plain exact string of a Decimal: no exponent, no trailing zeros after the point."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _cn_section(s: str) -> int | None:
    """Value of a section below 万 (e.g. 两千三百零五); None when malformed."""
    if not s:
        return 0
    total = 0
    digit: int | None = None
    last_unit = 100_000
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                return None  # two digits in a row (一一): not a numeral
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            u = CN_SMALL_UNITS[ch]
            if u >= last_unit:
                return None
            if digit is None:
                if u != 10 or total:
                    return None
                digit = 1  # 十五 = 15
            total += digit * u
            digit = None
            last_unit = u
        else:
            return None
    if digit:
        total += digit
    return total


#: the longest numeral read as a number (characters, separators included).  No bulletin
#: writes a 41-digit figure; longer runs are debris, and converting them would meet
#: Python's 4,300-digit int limit (a ValueError) or take quadratic time.
MAX_NUMERAL_CHARS = 40


def cn_to_int(s: str) -> int | None:
    """Chinese integer numeral → int; None if ``s`` is not a well-formed numeral.

    Also accepts digit-by-digit forms such as 二〇二〇 (years).  None as well for a
    numeral longer than :data:`MAX_NUMERAL_CHARS`.
    """
    if not s or len(s) > MAX_NUMERAL_CHARS:
        return None
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        # 二〇二〇 style: only when written digit by digit with a zero or 4 digits
        if len(s) >= 3 or any(CN_DIGITS[c] == 0 for c in s):
            return int("".join(str(CN_DIGITS[c]) for c in s))
        return None
    total = 0
    rest = s
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big in rest or (big == "亿" and "亿" in head):
                return None
            if head == "" and total == 0:
                return None
            hv = cn_to_int(head) if ("万" in head) else _cn_section(head)
            if hv is None:
                return None
            total += hv * CN_BIG_UNITS[big]
    sv = _cn_section(rest)
    if sv is None:
        return None
    return total + sv


def cn_to_decimal(s: str) -> Decimal | None:
    """Chinese numeral with optional 点 decimals → Decimal (三点五 → 3.5)."""
    if "点" in s:
        ip, _, fp = s.partition("点")
        iv = cn_to_int(ip)
        if iv is None or not fp or any(c not in CN_DIGITS for c in fp):
            return None
        return Decimal(f"{iv}.{''.join(str(CN_DIGITS[c]) for c in fp)}")
    v = cn_to_int(s)
    return None if v is None else Decimal(v)


def numeral(s: str) -> tuple[str, int] | None:
    """A single numeral (Arabic or Chinese) → (value as Arabic string, decimals).

    None for a numeral longer than :data:`MAX_NUMERAL_CHARS` characters.
    """
    if not s or len(s) > MAX_NUMERAL_CHARS:
        return None
    if s[0].isascii() and s[0].isdigit():
        t = s.replace(",", "")
        try:
            Decimal(t)
        except InvalidOperation:
            return None
        dec = len(t.partition(".")[2])
        return t, dec
    d = cn_to_decimal(s)
    if d is None:
        return None
    t = format(d, "f")
    return t, len(t.partition(".")[2])


def split_cn_scale(s: str) -> tuple[str, str | None]:
    """两千三百万 → (两千三百, 万); 三亿五千万 stays whole (亿 above 万)."""
    for sc in ("万亿", "亿", "万"):
        if s.endswith(sc) and len(s) > len(sc):
            head = s[: -len(sc)]
            if "万" in head or "亿" in head:
                return s, None
            if cn_to_int(head) is not None or cn_to_decimal(head) is not None:
                return head, sc
    return s, None


def parse(s: str) -> Number | None:
    """Parse a whole number expression; ``None`` if ``s`` is not one.

    >>> parse("2300余万").exact
    Decimal('23000000')
    """
    from briefing.text.normalize import normalize

    s = normalize(s.strip())
    if not s or len(s) > 64:
        return None
    m = _PARSE_RE.fullmatch(s)
    if m is None:
        return None
    qual = PREFIX_QUALIFIERS.get(m["pq"] or "") or SUFFIX_QUALIFIERS.get(m["sq"] or "")
    if m["pq"] and m["sq"]:
        qual = "at_least" if m["sq"] == "以上" else qual
    neg = m["neg"] is not None
    if m["pct"] is not None:
        n = numeral(m["pct"])
        if n is None:
            return None
        upper = None
        if m["pct2"] is not None:
            u = numeral(m["pct2"])
            if u is None:
                return None
            upper = u[0]
        value = n[0]
        if m["neg"] == "-":
            value = "-" + value
        return Number(value, n[1], upper=upper, qualifier=qual, negative=neg, unit="%")
    raw1 = m["n1"]
    scale = m["scale"]
    is_cn = not raw1[0].isdigit()
    if is_cn and scale is None and m["n2"] is None:
        raw1, scale = split_cn_scale(raw1)
    n = numeral(raw1)
    if n is None:
        return None
    upper = None
    if m["n2"] is not None:
        raw2 = m["n2"]
        if not raw2[0].isdigit() and scale is None:
            raw2, scale = split_cn_scale(raw2)
        u = numeral(raw2)
        if u is None:
            return None
        upper = u[0]
    if m["q1"] or m["q2"]:
        qual = qual or "over"
    value = n[0]
    if m["neg"] == "-":
        value = "-" + value
    return Number(
        value,
        n[1],
        scale=scale,
        multiplier=SCALES[scale] if scale else 1,
        upper=upper,
        qualifier=qual,
        negative=neg,
        unit=m["unit"],
    )
