"""A minimal figure scanner, used only when ``briefing.extract`` cannot be imported.

STOPGAP: figure extraction (``briefing.extract``) is written in parallel; until it
lands, and as a safety net should it fail to import, the checks fall back to this
scanner so they can be developed and tested.  It knows Arabic numbers with
scale and unit, percentages, 个百分点, and Chinese-numeral counts (七个, 三家).
"""

from __future__ import annotations

import re

from briefing.model import Document, Figure

_CN = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = (
    "个百分点|百分点|%|万亿元|亿元|千万元|百万元|万元|元|万人次|人次|万人|人|万户|户|万件|件|个月|个|项|家|座|所|宗|条|"
    "批次|批|万平方米|平方米|万亩|亩|万吨|吨|公里|千米|米|万千瓦|千瓦|天|起|位|名|台|套|处"
)
_ARABIC = re.compile(
    r"(?P<pre>约|近|超过|不足|逾)?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<post>余|多)?"
    r"(?P<unit>" + _UNITS + r")(?P<post2>左右|以上|以内)?"
)
_CHINESE = re.compile(r"(?P<num>[一二两三四五六七八九十]{1,3})(?P<unit>个|项|家|大|位|名|条|批)")


def cn_int(s: str) -> int | None:
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN.get(a, 1) if a else 1
        ones = _CN.get(b, 0) if b else 0
        return tens * 10 + ones
    if len(s) == 1 and s in _CN:
        return _CN[s]
    return None


def scan(doc: Document) -> list[Figure]:
    text, norm = doc.text, doc.norm
    out: list[Figure] = []
    for m in _ARABIC.finditer(norm):
        if m.start("num") > 0 and norm[m.start("num") - 1] in "第":
            continue
        num = m.group("num").replace(",", "")
        unit = m.group("unit")
        kind = "count"
        if unit == "%":
            kind = "percent"
        elif unit.endswith("百分点"):
            kind, unit = "ppoint", "个百分点"
        elif unit.endswith("元"):
            kind = "money"
        q = None
        if m.group("pre") in ("约",) or m.group("post2") == "左右":
            q = "approx"
        elif m.group("pre") in ("超过", "逾") or m.group("post") or m.group("post2") == "以上":
            q = "over"
        elif m.group("pre") in ("近", "不足") or m.group("post2") == "以内":
            q = "under"
        dec = len(num.split(".")[1]) if "." in num else 0
        out.append(_fig(len(out), m.start(), m.end(), text, kind, num, unit, dec, q))
    for m in _CHINESE.finditer(norm):
        n = cn_int(m.group("num"))
        if n is None:
            continue
        prev = norm[m.start() - 1] if m.start() else ""
        nxt = norm[m.end()] if m.end() < len(norm) else ""
        if prev in '第“"' or nxt in '”"' or (prev and prev in "一二三四五六七八九十"):
            continue
        unit = m.group("unit")
        out.append(_fig(len(out), m.start(), m.end(), text, "count", str(n), unit, 0, None))
    out.sort(key=lambda f: f.start)
    for i, f in enumerate(out):
        f.id = f"f{i + 1}"
    return out


def _fig(
    i: int, s: int, e: int, text: str, kind: str, num: str, unit: str, dec: int, q: str | None
) -> Figure:
    return Figure(
        id=f"f{i}",
        start=s,
        end=e,
        text=text[s:e],
        kind=kind,
        value=num,
        unit=unit,
        base_value=None,
        base_unit=None,
        decimals=dec,
        qualifier=q,
    )
