"""The figure scanner: names, dates, ordinals, then quantities, on the norm text.

Passes run in that order over ``norm`` and mark the characters they claim, so a
numeral inside a slogan (“三个一批”), a date (2020年9月8日) or an ordinal (第三期,
一是, （二）) is never read as a quantity.  Spans index ``norm`` (= ``Document.text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from briefing.extraction import numbers as N
from briefing.extraction.rules import JUNK_CHARS, rules
from briefing.extraction.units import table

_CN_D = "一二三四五六七八九"
_CN_N = _CN_D + "十两"
_CN_ALL = N.CN_NUM_CHARS

# Not quantities: "multiple" (N倍: a relation of two values, read by the growth check),
# "ratio" (each part of 8.1:40.2:51.7), date, ordinal, name, other.
QUANTITY_KINDS = frozenset(
    {
        "money",
        "count",
        "percent",
        "ppoint",
        "area",
        "mass",
        "length",
        "energy",
        "volume",
        "duration",
        # compound units (data/units.toml): a quantity per another
        "yield",
        "price",
        "per_capita",
        "rate_per_day",
        "intensity",
        "speed",
        "density",
    }
)


@dataclass(slots=True)
class RawFigure:
    """A figure as the scanner finds it, before context and metric are attached."""

    start: int
    end: int
    kind: str
    value: str | None = None
    unit: str | None = None
    base_value: str | None = None
    base_unit: str | None = None
    decimals: int = 0
    qualifier: str | None = None
    negative: bool = False
    upper: str | None = None


# ---------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------

_QUOTE_RE = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n。；]{1,24})[”\"」』’]")
_HAS_NUMERAL_RE = re.compile(rf"[0-9{_CN_N}]")
_NAME_PATTERNS: list[tuple[str | None, re.Pattern[str]]] = [
    # (literal that must occur in the text for the pattern to match, pattern): a
    # C-speed ``in`` test skips whole passes of ``re`` over texts that cannot match.
    # 一老一小, 四比四看, 三个一批, 一村一品 (numeral X numeral Y)
    # Patterns start with a consumed character class, so ``re`` skips to candidates at C
    # speed; the width-2 lookbehind after it then tests the character before that one.
    (
        None,
        re.compile(
            rf"[{_CN_N}](?<![{_CN_ALL}].)[^\s\d{_CN_ALL}零〇是、，。；：“”（）《》]"
            rf"[{_CN_N}][^\s\d{_CN_ALL}零〇是、，。；：“”（）《》的]"
        ),
    ),
    # 五个一, 两个一流
    (
        "个一",
        re.compile(rf"[{_CN_N}](?<![{_CN_ALL}].)个一(?![个项家次件批名人户条座台套所是])"),
    ),
    # 三位一体
    ("位一体", re.compile(rf"[{_CN_N}]位一体")),
    # 3+19模式, 1+N
    ("+", re.compile(r"(?=\d)(?<![\d.])\d+(?:\+(?:\d+|[A-Za-z]))+(?![\d.])")),
    # 十四五
    ("五", re.compile(r"十[一二三四五六]五")),
]

_MONTH_CN = "(?:十[一二]|[一二三四五六七八九十])"
_DAY_CN = "(?:三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
# A leading lookahead on the possible first characters lets ``re`` skip ahead fast; the
# second one is a necessary condition every alternative meets (numerals, range marks and
# then 年/月/日/号/季 or an ISO separator within 10 characters): most numbers fail it at once.
_DATE_RE = re.compile(
    rf"(?=[\d〇零{_CN_N}第前])(?=[\d〇零{_CN_N}第前\-—–~至到 ]{{0,9}}[年月日号季/.\-])(?:"
    r"(?P<iso>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?![\d.])"
    r"|(?P<y>\d{4}|[〇零一二三四五六七八九]{4})(?:[-—–](?P<y2>\d{4}))? ?年"
    rf"(?:(?P<m>\d{{1,2}}|{_MONTH_CN})(?: ?[-—–~至到] ?(?P<m2>\d{{1,2}}))? ?月份?"
    rf"(?:(?P<d>\d{{1,2}}|{_DAY_CN})[日号]|底|初|末|[上中下]旬)?)?"
    # 1-9月, 1—9 月份, 1至9月: a period with dashes or spaces is one date figure
    rf"|(?P<m3>\d{{1,2}}|{_MONTH_CN})(?: ?[-—–~至到] ?(?P<m4>\d{{1,2}}|{_MONTH_CN}))? ?月份?"
    rf"(?:(?P<d3>\d{{1,2}}|{_DAY_CN})[日号]|底|初|末|[上中下]旬)?"
    r"|(?P<d4>\d{1,2})日(?!常|益|报|前)"
    r"|(?:第|前)?[一二三四1-4]季度"
    r")"
)
_ORDINAL_RE = re.compile(
    rf"(?=[第（\n{_CN_N}\d \t])(?:第(?:\d+|[{_CN_ALL}零]+)(?:期|批|次|个|名|位|届|轮|条|款|章|节|项|类|季度|阶段|部分|年|天|轮次)?"
    rf"|(?:(?<=^)|(?<=[\s。；：！？，*】\]）]))[{_CN_N}]{{1,3}}是"
    rf"|（(?:[{_CN_N}]{{1,3}}|\d{{1,2}})）"
    # 十七届人大三次会议, 十九届四中全会-style session numbers: 三次 is an ordinal
    rf"|(?<=[届大协])[{_CN_N}]{{1,3}}次(?=(?:全体)?会议|全会)"
    rf"|(?:(?<=^)|(?<=\n))[ \t]*(?:[{_CN_N}]{{1,3}}、|\d{{1,2}}[.、](?!\d)))",
    re.MULTILINE,
)
_ORD_DIGITS_RE = re.compile(rf"\d+|[{_CN_ALL}零]+")
_START_END = attrgetter("start", "end")
# A number token: 百分之, an Arabic number, or a run of Chinese numerals.  The pattern
# starts with a consumed character class (``re`` then skips to candidates at C speed,
# twice as fast as three alternatives); the first character tells which form it is.
_TOKEN_RE = re.compile(
    rf"[\d{_CN_ALL}](?:(?<=百)分之|(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?|[{_CN_ALL}]*(?:点[{_CN_D}零]+)?)"
)
_AR_AT = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CN_AT = re.compile(rf"[{_CN_ALL}]+(?:点[{_CN_D}零]+)?")
_RANGE_SEPS = "-~—–至到"
_CHENG_NOT_AFTER = frozenset("为立功效果本员熟交绩都型品片长年")
_PREFIX_QUALS = sorted(N.PREFIX_QUALIFIERS, key=len, reverse=True)
_SUFFIX_QUALS = sorted(N.SUFFIX_QUALIFIERS, key=len, reverse=True)


def _slogan_suffix_re() -> re.Pattern[str]:
    return re.compile(
        rf"[二三四五六七八九十两](?<![{_CN_ALL}\d].)[二三四五六七八九十两]?(?:{rules().slogan_suffix_re})"
    )


_SLOGAN_SUFFIX: list[re.Pattern[str]] = []


def _month_ok(s: str | None) -> bool:
    if s is None:
        return True
    v = N.cn_to_int(s) if not s.isdigit() else int(s)
    return v is not None and 1 <= v <= 12


def _day_ok(s: str | None) -> bool:
    if s is None:
        return True
    v = N.cn_to_int(s) if not s.isdigit() else int(s)
    return v is not None and 1 <= v <= 31


def _date_value(m: re.Match[str]) -> tuple[str | None, str | None]:
    def num(s: str | None) -> int | None:
        if s is None:
            return None
        return int(s) if s.isdigit() else N.cn_to_int(s)

    if m["iso"]:
        return f"{int(m['iso']):04d}-{int(m['im']):02d}-{int(m['id']):02d}", None
    if m["y"]:
        y = num(m["y"])
        parts = [f"{y:04d}" if y is not None else "?"]
        if m["m"]:
            parts.append(f"{num(m['m']) or 0:02d}")
            if m["d"]:
                parts.append(f"{num(m['d']) or 0:02d}")
        upper = None
        if m["y2"]:
            upper = m["y2"]
        elif m["m2"]:
            upper = f"{parts[0]}-{int(m['m2']):02d}"
        return "-".join(parts), upper
    if m["m3"]:
        v = f"--{num(m['m3']) or 0:02d}"
        if m["d3"]:
            v += f"-{num(m['d3']) or 0:02d}"
        return v, (f"--{num(m['m4']) or 0:02d}" if m["m4"] else None)
    if m["d4"]:
        return f"---{int(m['d4']):02d}", None
    return None, None


def scan(norm: str) -> list[RawFigure]:
    """Every figure candidate in ``norm`` (names, dates, ordinals, quantities), by start."""
    r = rules()
    ut = table()
    n = len(norm)
    mask = bytearray(n)
    out: list[RawFigure] = []

    def claim(s: int, e: int) -> bool:
        if mask.find(1, s, e) >= 0:
            return False
        mask[s:e] = b"\x01" * (e - s)
        return True

    # -- 0. non-quantity families (data/nonquantities.toml) ---------------------
    for fam in r.families:
        if fam.need and not any(w in norm for w in fam.need):
            continue
        for fp in fam.patterns:
            if not fp.applies(norm):
                continue
            for m in fp.finditer(norm):
                fig = _family_figure(fam, m, norm)
                if fig is None or not claim(fig.start, fig.end):
                    continue
                if fam.kind == "ratio":
                    # one figure per part (8.1 : 40.2 : 51.7), kind ratio: the checks read
                    # the parts as shares that add up to 100
                    for pm in _RATIO_PART.finditer(norm, fig.start, fig.end):
                        v = pm.group()
                        out.append(
                            RawFigure(pm.start(), pm.end(), "ratio", value=v, base_value=v,
                                      decimals=len(v.partition(".")[2]))
                        )  # fmt: skip
                elif fam.kind != "skip":
                    out.append(fig)

    # -- 1. names ----------------------------------------------------------
    for m in r.slogan_re.finditer(norm):
        if claim(m.start(), m.end()):
            out.append(RawFigure(m.start(), m.end(), "name"))
    for m in _QUOTE_RE.finditer(norm):
        inner = m.group(1)
        if _HAS_NUMERAL_RE.search(inner) and _looks_like_name(inner):
            s, e = m.start(1), m.end(1)
            if mask.find(1, s, e) < 0:
                mask[s:e] = b"\x01" * (e - s)
                out.append(RawFigure(s, e, "name"))
    if not _SLOGAN_SUFFIX:
        _SLOGAN_SUFFIX.append(_slogan_suffix_re())
    for need, pat in (*_NAME_PATTERNS, (None, _SLOGAN_SUFFIX[0])):
        if need is not None and need not in norm:
            continue
        for m in pat.finditer(norm):
            if claim(m.start(), m.end()):
                out.append(RawFigure(m.start(), m.end(), "name"))

    # -- 2. dates ------------------------------------------------------------
    for m in _DATE_RE.finditer(norm):
        s, e = m.span()
        iso, im, id_, y, _y2, mo, m2, d, m3, m4, d3, d4 = m.groups()
        b = norm[s - 1] if s else ""
        if b and (b.isdigit() or b == "." or (m3 and (b == "个" or b in _CN_ALL))):
            continue
        if iso and not (_month_ok(im) and _day_ok(id_)):
            continue
        if not (_month_ok(mo or m3) and _month_ok(m2 or m4)):
            continue
        if not _day_ok(d or d3 or d4):
            continue
        if y and not y.isdigit() and N.cn_to_int(y) is None:
            continue
        if mask.find(1, s, e) >= 0:
            continue
        value, upper = _date_value(m)
        mask[s:e] = b"\x01" * (e - s)
        out.append(RawFigure(s, e, "date", value=value, upper=upper))

    # -- 3. ordinals ---------------------------------------------------------
    for m in _ORDINAL_RE.finditer(norm):
        s, e = m.start(), m.end()
        while s < e and norm[s] in " \t":
            s += 1
        if e - s < 2 or mask.find(1, s, e) >= 0:
            continue
        digits = _ORD_DIGITS_RE.search(norm, s, e)
        value = None
        if digits:
            nm = N.numeral(digits.group())
            value = nm[0] if nm else None
        mask[s:e] = b"\x01" * (e - s)
        out.append(RawFigure(s, e, "ordinal", value=value))

    # -- 3b. fractions: 四分之一 is 25 percent ------------------------------------
    if "分之" in norm:
        for m in _FRACTION_RE.finditer(norm):
            s, e = m.span()
            if mask.find(1, s, e) >= 0 or m["d"] in ("百", "千", "万"):
                continue
            fig = _fraction(norm, m)
            mask[s:e] = b"\x01" * (e - s)  # claimed even when inexact: never two counts
            if fig is not None:
                out.append(fig)

    # -- 4. quantities -------------------------------------------------------
    pos = 0
    while True:
        tm = _TOKEN_RE.search(norm, pos)
        if tm is None:
            break
        m = tm
        pos = m.end()
        s = m.start()
        if mask[s]:
            continue
        if pos - s > N.MAX_NUMERAL_CHARS:
            continue  # a numeral of more than 40 characters is debris, not a figure
        try:
            fig = _quantity(norm, m, mask, ut, r)
        except (ArithmeticError, ValueError):  # pragma: no cover - defensive
            fig = None
        if fig is None:
            continue
        if mask.find(1, fig.start, fig.end) >= 0:
            continue
        mask[fig.start : fig.end] = b"\x01" * (fig.end - fig.start)
        out.append(fig)
        pos = max(pos, fig.end)

    out.sort(key=_START_END)
    _share_list_units(norm, out, ut)
    return out


# N分之M with Chinese or Arabic numerals; 百分之/千分之/万分之 are the percent forms the
# quantity pass reads (百分之三十), so the denominator is never a bare 百/千/万.
_FRACTION_RE = re.compile(
    rf"(?P<d>\d+|[{_CN_ALL}零]+)分之(?P<n>\d+(?:\.\d+)?|[{_CN_ALL}零]+(?:点[{_CN_D}零]+)?)"
)
_FRACTION_MAX_DEC = 4


def _fraction(norm: str, m: re.Match[str]) -> RawFigure | None:
    """A fraction as a percent figure when its percent is exact in 4 decimals (1/8 =
    12.5%); an inexact one (三分之一) is no figure: its reported precision is unknown."""
    d, nu = N.numeral(m["d"]), N.numeral(m["n"])
    if d is None or nu is None or Decimal(d[0]) == 0 or Decimal(nu[0]) > Decimal(d[0]):
        return None
    pct = Decimal(nu[0]) * 100 / Decimal(d[0])
    if pct != pct.quantize(Decimal(1).scaleb(-_FRACTION_MAX_DEC)):
        return None
    v = N.decimal_str(pct)
    s, e = m.span()
    n = len(norm)
    q = _prefix_qualifier(norm, s)
    if q is None and e < n and norm[e] in _SUFFIX_FIRST:
        q = _suffix_qualifier(norm, e)
    dec = len(v.partition(".")[2])
    return RawFigure(s, e, "percent", v, "%", v, "%", dec, q)


#: separators of a list of bare numbers that share the unit of its last member
_LIST_SEPS = ("、", "和", "及", "与", "以及")
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")


def _share_list_units(norm: str, out: list[RawFigure], ut) -> None:  # type: ignore[no-untyped-def]
    """分别拉动2.99、0.46和0.32个百分点: each bare number of a list closed by one unit
    takes that unit (and its scale), when the members are bare numbers joined only by
    list separators — not years (a 4-digit 18xx-20xx integer), dates or ordinals."""
    i = len(out) - 1
    while i > 0:
        last = out[i]
        if last.kind not in QUANTITY_KINDS or not last.unit or last.value is None:
            i -= 1
            continue
        members: list[RawFigure] = []
        j, after = i - 1, last.start
        while j >= 0:
            f = out[j]
            if f.kind != "other" or f.unit is not None or f.value is None:
                break
            gap = norm[f.end : after].strip(" ")
            if gap not in _LIST_SEPS or _YEAR_LIKE.fullmatch(f.value):
                break
            members.append(f)
            after = f.start
            j -= 1
        if members and j >= 0 and norm[out[j].end : after].strip(" ") in _LIST_SEPS:
            members = []  # 第1、2、3名: the list opens with an ordinal (or a date, a year)
        if members:
            unit, scale = last.unit, None
            if unit not in ut.units:
                for sc in N.SCALES:
                    if unit.startswith(sc) and unit[len(sc) :] in ut.units:
                        scale, unit = sc, unit[len(sc) :]
                        break
            u = ut.units.get(unit)
            if u is not None and (scale is None or u.scalable):
                neg = _is_negative(norm, members[-1].start)[0]
                for f in members:
                    f.kind = u.kind
                    f.unit = last.unit
                    f.base_value = _base_str(f.value, scale, u.factor)  # type: ignore[arg-type]
                    f.base_unit = u.base
                    f.negative = f.negative or neg
                last.negative = last.negative or neg  # 分别回落1.37和0.84个百分点
        i = j if members else i - 1


_RATIO_PART = re.compile(r"\d+(?:\.\d+)?")


def _junk_count(norm: str, s: int, e: int) -> int:
    """Mirror-noise characters in ``norm[s:e]``; a ``|`` standing alone between spaces is
    the rule of a pipe table (``| 8 | 9.5 |``), not noise."""
    n = 0
    for i in range(s, e):
        c = norm[i]
        if c in JUNK_CHARS and not (
            c == "|"
            and (i == 0 or norm[i - 1] == " ")
            and (i + 1 >= len(norm) or norm[i + 1] in " \n")
        ):
            n += 1
    return n


def _family_figure(fam, m: re.Match[str], norm: str) -> RawFigure | None:  # type: ignore[no-untyped-def]
    """The span a family match claims, as a figure (kind ``skip`` is claimed, not kept)."""
    s, e = m.span("v") if "v" in m.re.groupindex and m.group("v") is not None else m.span()
    while e > s and norm[e - 1] == " ":
        e -= 1
    if e <= s:
        return None
    if fam.junk and _junk_count(norm, s, e) < fam.junk:
        return None
    if fam.kind == "date":
        gi = m.re.groupindex
        y = m["y"] if "y" in gi else None
        if "m" not in gi:
            return RawFigure(s, e, "date", value=y) if y else None
        if _month_ok(m["m"]) and _day_ok(m["d"] if "d" in gi else None):
            md = f"{int(m['m']):02d}-{int(m['d']):02d}" if "d" in gi else f"{int(m['m']):02d}"
            return RawFigure(s, e, "date", value=f"{int(y):04d}-{md}" if y else f"--{md}")
        return None
    if fam.kind == "ratio":
        parts = _RATIO_PART.findall(norm, s, e)
        dec = max((len(x.partition(".")[2]) for x in parts), default=0)
        return RawFigure(s, e, "ratio", value=":".join(parts), decimals=dec)
    return RawFigure(s, e, "skip")


def _looks_like_name(inner: str) -> bool:
    """A quoted phrase with a numeral is a name unless it reads like a measurement."""
    if re.search(r"\d+(?:\.\d+)?\s*(?:%|亿元|万元|元|万吨|吨|平方米|亩)", inner) and len(inner) > 8:
        return False
    return True


_PREFIX_LAST = frozenset(q[-1] for q in N.PREFIX_QUALIFIERS)
_NEG_LAST = frozenset(w[-1] for w in N.NEGATIVE_WORDS) | {"了", "-"}


# 均超过年计划的60%: the qualifier governs a share of the plan written after it
_OF_PLAN_RE = re.compile(
    "(" + "|".join(sorted(N.PREFIX_QUALIFIERS, key=len, reverse=True)) + ")"
    r"(?:全年|年度|年)?(?:投资)?(?:计划|目标)(?:任务)?的$"
)


def _prefix_qualifier(norm: str, s: int) -> str | None:
    if s == 0:
        return None
    if norm[s - 1] == "的":
        qm = _OF_PLAN_RE.search(norm, max(0, s - 14), s)
        return N.PREFIX_QUALIFIERS[qm.group(1)] if qm else None
    if norm[s - 1] in rules().qualifier_links and s >= 2 and norm[s - 2] in _PREFIX_LAST:
        s -= 1  # 至少有25个, 超过了50%
    if norm[s - 1] not in _PREFIX_LAST:
        return None
    seg = norm[max(0, s - 3) : s]
    for q in _PREFIX_QUALS:
        if seg.endswith(q):
            if q == "约" and s >= 2 and norm[s - 2] in rules().approx_word_before:
                return None  # 履约1054个, 节约200吨: 约 belongs to the word before
            return N.PREFIX_QUALIFIERS[q]
    return None


def _suffix_qualifier(norm: str, e: int) -> str | None:
    for q in _SUFFIX_QUALS:
        if norm.startswith(q, e):
            return N.SUFFIX_QUALIFIERS[q]
    return None


def _is_negative(norm: str, s: int) -> tuple[bool, bool]:
    """(negative, minus sign written) for the number starting at ``s``."""
    if s == 0 or norm[s - 1] not in _NEG_LAST:
        return False, False
    if (
        s > 0
        and norm[s - 1] == "-"
        and (s < 2 or not (norm[s - 2].isascii() and norm[s - 2].isalnum()))
    ):
        return True, True
    seg = norm[max(0, s - 4) : s]
    for w in N.NEGATIVE_WORDS:
        if seg.endswith(w) or seg.endswith(w + "了"):
            return True, False
    return False, False


def _cn_numeral_at(norm: str, s: int, e: int) -> tuple[int, int, str, str | None] | None:
    """Best Chinese numeral within the run norm[s:e] ending at e: (start, end, text, scale)."""
    run = norm[s:e]
    for i in range(len(run)):
        cand = run[i:]
        if not (cand[0] == "十" or any(c in "一二三四五六七八九两" for c in cand)):
            break
        head, sc = N.split_cn_scale(cand)
        if N.cn_to_decimal(head) is not None:
            return s + i, e, head, sc
    return None


_UNIT_FIRST: list[frozenset[str]] = []


def _unit_first_chars(ut) -> frozenset[str]:  # type: ignore[no-untyped-def]
    if not _UNIT_FIRST:
        _UNIT_FIRST.append(frozenset({u[0] for u in ut.units} | set("余多-~—–至到")))
    return _UNIT_FIRST[0]


_SCALE_DEC = {k: Decimal(v) for k, v in N.SCALES.items()}
_BARE_COUNT_SCALES = frozenset({"万", "亿"})
_BARE_MONEY_SCALES = frozenset({"亿", "万亿", "千亿", "百亿"})
_BARE_COUNT_END = frozenset("，。、；,;）)\n")
_BARE_MONEY_END = frozenset("，。、；,;）)\n!！?？ ")
_CLAUSE_END = re.compile(r"[。；;！!？?\n，,]")


def _bare_scale_kind(norm: str, s: int, p: int, scale: str, r) -> str | None:  # type: ignore[no-untyped-def]
    """Kind of a number with a scale and no unit (737万, 9.2亿) from its words, or None.

    A head count when a people noun stands within 8 characters before it (新增就业737万，)
    or right after it (1700多万困难群众); money when a money metric stands before it in
    its clause (到位资金9.2亿，) or, for a number opening a line, later on that line
    (20.1万亿！外贸…).  A 以上/左右/多 or 的 may follow the number before its clause ends.
    """
    n = len(norm)
    e = p
    for q in _SUFFIX_QUALS:
        if norm.startswith(q, p):
            e = p + len(q)
            break
    ends = e >= n or norm[e] in _BARE_COUNT_END or norm[e] == "的"
    if scale in _BARE_COUNT_SCALES:
        if ends and r.bare_count_re.search(norm, max(0, s - 8), s) is not None:
            return "count"
        if scale == "万" and any(norm.startswith(w, p) for w in r.bare_count_after):
            return "count"
    if scale in _BARE_MONEY_SCALES and (e >= n or norm[e] in _BARE_MONEY_END):
        lo = max(0, s - 12)
        cut = None
        for cm in _CLAUSE_END.finditer(norm, lo, s):
            cut = cm.end()
        if r.money_scale_re.search(norm, cut if cut is not None else lo, s) is not None:
            return "money"
        if s == 0 or norm[s - 1] == "\n":
            le = norm.find("\n", p)
            le = n if le < 0 else min(le, p + 24)
            if r.money_scale_re.search(norm, p, le) is not None:
                return "money"
    return None


_ONE = Decimal(1)
_SUFFIX_FIRST = frozenset(q[0] for q in N.SUFFIX_QUALIFIERS)
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_AR_BAD_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./")
_AR_BAD_AFTER = frozenset("abcdefghijlnopqrstuvwxyzABCDEFGHIJLNOPQRSTUVWXYZ")  # not k/K/m/M


def _base_str(value: str, scale: str | None, factor: Decimal) -> str:
    """Exact ``value × scale × factor`` as a plain string (see :func:`numbers.decimal_str`)."""
    if scale is None and factor == _ONE and value[0].isdigit():
        # the common case (30.90%, 16个): no arithmetic, only the canonical spelling
        if "." in value:
            if value[0] != "0" or value[1] == ".":
                return value.rstrip("0").rstrip(".")
        elif value[0] != "0" or len(value) == 1:
            return value
    d = Decimal(value) * factor
    if scale is not None:
        d *= _SCALE_DEC[scale]
    return N.decimal_str(d)


def _quantity(norm: str, m: re.Match[str], mask: bytearray, ut, r) -> RawFigure | None:  # type: ignore[no-untyped-def]
    n = len(norm)
    s = m.start()
    is_cn = False
    pct_form = False
    scale: str | None = None
    c0 = norm[s]
    if c0.isdecimal():  # what \d matches
        if s > 0 and norm[s - 1] in _AR_BAD_BEFORE:
            return None
        p = m.end()
        if p < n and norm[p] in _AR_BAD_AFTER:
            return None
        value = m.group()
        if "," in value:
            value = value.replace(",", "")
        dec = len(value) - value.index(".") - 1 if "." in value else 0
    elif c0 == "百" and m.end() - s == 3 and norm[s + 1] == "分":
        # 百分之三十 / 百分之12.5
        p = m.end()
        t = _AR_AT.match(norm, p) or _CN_AT.match(norm, p)
        if t is None:
            return None
        nm = N.numeral(t.group())
        if nm is None:
            return None
        value, dec = nm
        p = t.end()
        pct_form = True
        is_cn = not t.group()[0].isdigit()
    else:
        if m.end() >= n or norm[m.end()] not in _unit_first_chars(ut):
            return None  # 一般, 统一, 进一步: a Chinese numeral counts only with a measure word
        found = _cn_numeral_at(norm, s, m.end())
        if found is None:
            # 近千亿元, 超万人次: a bare scale after a qualifier stands for one of it
            if norm[s : m.end()] not in _SCALE_DEC or _prefix_qualifier(norm, s) is None:
                return None
            value, dec, scale = "1", 0, norm[s : m.end()]
        else:
            s, _, head, scale = found
            if mask.find(1, s, m.end()) >= 0:
                return None
            nm = N.numeral(head)
            if nm is None:
                return None
            value, dec = nm
        p = m.end()
        is_cn = True
        if value == "1" and s > 0 and norm[s - 1] in r.one_not_count_before:
            return None

    qualifier: str | None = None
    upper: str | None = None
    c = norm[p] if p < n else ""
    # internal 余/多 (10余个, 2300余万)
    if (c == "余" or c == "多") and not pct_form:
        qualifier = "over"
        p += 1
        c = norm[p] if p < n else ""
    # range: 10-15亿元, 3至5个
    elif c and c in _RANGE_SEPS and p + 1 < n:
        t2 = (_CN_AT if is_cn else _AR_AT).match(norm, p + 1)
        if pct_form and norm.startswith("百分之", p + 1):
            t2 = (_AR_AT.match(norm, p + 4) or _CN_AT.match(norm, p + 4)) if p + 4 < n else None
        if t2 is not None:
            tv = t2.group()
            sc2 = None
            if is_cn:
                tv, sc2 = N.split_cn_scale(tv)
            nm2 = N.numeral(tv)
            if nm2 is not None:
                upper = nm2[0].replace(",", "")
                p = t2.end()
                if sc2:
                    scale = sc2
    unit_name = ""
    unit_obj = None
    if pct_form:
        unit_name = "%"
        unit_obj = ut.units["%"]
    else:
        if not is_cn and p + 1 < n and norm[p] == " ":
            # "90 份", "4.8 %" in PDF and mirror text: one space between number and unit
            # (not before other ASCII units: "2020 km" is more often debris than a length)
            u = ut.unit_re.match(norm, p + 1)
            if u is not None and (not norm[p + 1].isascii() or norm[p + 1] == "%"):
                p += 1
            elif u is None:
                sm = ut.scale_re.match(norm, p + 1)
                if sm is not None and ut.unit_re.match(norm, sm.end()) is not None:
                    p += 1  # "86.37 万件"
        u = ut.unit_re.match(norm, p)
        if u is None and not is_cn:
            sm = ut.scale_re.match(norm, p)
            if sm is not None:
                scale = sm.group()
                p = sm.end()
                if p < n and norm[p] in "余多" and not qualifier:
                    qualifier = "over"
                    p += 1
                u = ut.unit_re.match(norm, p)
        if u is not None:
            cand = ut.units[u.group()]
            ue = u.end()
            ok = True
            if scale and not cand.scalable:
                ok = False
            elif is_cn and not cand.cn:
                ok = False
            else:
                name = cand.name
                if name == "大" and (not is_cn or value in ("1", "0")):
                    ok = False
                elif name == "年" and not is_cn and "." not in value and int(value) >= 1000:
                    ok = False
                elif name == "成" and ue < n and norm[ue] in _CHENG_NOT_AFTER:
                    ok = False
                elif is_cn and ue < n and norm[ue] in r.not_count_after:
                    ok = False
                elif (
                    is_cn and name in r.place_name_units and ue < n and norm[ue] in r.place_suffixes
                ):
                    ok = False  # 三元区, 五里镇: a place name, not money or a length
            if ok:
                unit_obj = cand
                unit_name = cand.name
                p = ue
                if p < n and norm[p] == "余" and not qualifier:
                    qualifier = "over"
                    p += 1
    if unit_obj is None:
        if is_cn:
            return None
        if scale is None:
            return RawFigure(s, p, "other", value=value, decimals=dec, upper=upper)
        bare = _bare_scale_kind(norm, s, p, scale, r)
        if bare is not None:
            # 新增就业737万，用户3.4亿、: a head count whose noun went before it;
            # 到位资金9.2亿，: money with its 元 left out
            sq = _suffix_qualifier(norm, p) if p < n and norm[p] in _SUFFIX_FIRST else None
            return RawFigure(
                s,
                p,
                bare,
                value=value,
                unit=scale,
                base_value=_base_str(value, scale, _ONE),
                base_unit="元" if bare == "money" else None,
                decimals=dec,
                qualifier=_prefix_qualifier(norm, s) or sq or qualifier,
                upper=upper,
            )
        return RawFigure(
            s,
            p,
            "other",
            value=value,
            unit=scale,
            base_value=_base_str(value, scale, _ONE),
            decimals=dec,
            qualifier=qualifier,
            upper=upper,
        )
    if is_cn and s:
        if value == "1" and unit_name in r.one_indefinite_units:
            return None  # 一批重大工程: "a number of"
        if value == "1" and any(norm.endswith(w, 0, s) for w in r.one_indefinite_after):
            return None  # 走出了一条新路: "a"
        if unit_obj.kind == "duration" and norm[s - 1] in r.duration_not_after:
            return None  # 这十年
    e = p
    pq = _prefix_qualifier(norm, s) if s else None
    sq = _suffix_qualifier(norm, e) if e < n and norm[e] in _SUFFIX_FIRST else None
    q: str | None
    if sq == "over" and norm[max(0, s - 2) : s] in ("达到", "达"):
        q = "at_least"
    else:
        q = pq or sq
    if q is None:
        q = qualifier
    negative = minus = False
    if s and norm[s - 1] in _NEG_LAST:
        negative, minus = _is_negative(norm, s)
        if minus:
            s -= 1
            value = "-" + value
    return RawFigure(
        s,
        e,
        unit_obj.kind,
        value,
        scale + unit_name if scale else unit_name,
        _base_str(value, scale, unit_obj.factor),
        unit_obj.base,
        dec,
        q,
        negative,
        upper,
    )
