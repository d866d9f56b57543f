"""Enumerations: a stated count with the list it counts — the one list finder.

:func:`listings` finds every shape below on the norm text (figures only name the
values of a year range); :func:`find_enumerations` is its public form (the
:class:`~briefing.model.Enumeration` of ``briefing.extraction.enumerations``), and
BR104 (``briefing.checks.enumeration``) judges the same listings.

Shapes recognised:

* list before the count: ``A、B、C和D七个方向``, ``利源、顺成、鑫磊三家企业``,
  ``A、B、C等3个市州`` (open: the count may exceed the list), ``A、B和C，这3个省份``,
  ``“A、B”两个零接触`` (quoted list), ``淄博、烟台…7市`` (a collective noun as measure);
* list after the count: ``六项保障：一是…二是…``, ``三个方面：A、B、C。``,
  ``为4项，分别为A、B、C、D。``, ``A：x件；B：y件`` (a semicolon list), and items
  spread over the rest of the block that end in the noun's characters
  (``十大园区：…以织布产业园、染整产业园…为抓手``);
* list in brackets after the count: ``有3（A、B、C）``, ``“两区一带”（城东片区、城西片区、沿河带）``;
* ranking phrases: ``位居前四的类别为：A、B、C、D``;
* quoted compound slogans, each part against its items: ``“一多三高”：一是…多。二是…高``,
  ``“三下降、两平稳”`` with later paragraphs ``“三下降”是：A下降，…。B下降…``;
* year ranges against one value per year: ``2013至2018年…分别为a、b、c、d、e、f``;
* a count of items that all reach one value: ``“4个100%”目标，即A达100%、B达100%…``.

Each listing says whether its boundaries are *certain* (a list closed by its count or
by brackets, short items, no 等): only then is a mismatch an error (BR104).  ``lo`` and
``hi`` bound the admissible item counts: an item joined by 和/及 may be one or two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

from briefing import recache
from briefing.data import data_text
from briefing.extraction.numbers import MAX_NUMERAL_CHARS, cn_to_int
from briefing.extraction.rules import rules
from briefing.model import Document, Enumeration, Figure, Span

_CLAUSE_BREAK = "，,。；;：:！？\n（）()"
_CN_NUM = "[一二两三四五六七八九十]"
# an Arabic number starts where its digit run starts and keeps all of it (possessive): a
# search from inside a long run of digits would rescan the rest of it from every digit
_NUM = rf"(?<!\d)\d++(?:\.\d++)?|{_CN_NUM}{{1,3}}"
_ORD_RE = re.compile(r"([一二三四五六七八九十]{1,2})是")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_QUANTITY_IN_ITEM = re.compile(r"\d+(?:\.\d+)?(?:%|万|亿|元|个|项|家|人|次|件|吨|亩|公里|米)")
_SLOGAN_PART = re.compile(rf"({_CN_NUM}|(?<!\d)\d++)([^\d一二两三四五六七八九十个、]{{1,2}})")
_MAX_ITEM = 16  # characters of an item whose list boundaries count as certain
_STRONG_INTRO = ("分别为", "分别是", "依次为", "依次是", "具体为", "具体是", "包括", "即")


@dataclass(slots=True)
class Listing:
    """A stated count and the items it counts (offsets index ``Document.norm``)."""

    count: tuple[int, int]  # the stated count as written: 七个方向, 7市, 前四, 三高
    stated: Fraction  # its value (a slip may make it fractional)
    noun: str
    items: list[tuple[int, int]]
    lo: int  # fewest items a reader may count (an item joined by 和 counted once)
    hi: int  # most items (each such item counted twice)
    certain: bool  # list boundaries certain: a mismatch is an error, not a warning
    open: bool = False  # closed by 等: the count may exceed the items listed
    shape: str = "before"
    value: str | None = None  # “4个100%”: the value every item must state
    count_figure: str | None = field(default=None)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = data_text("enumeration.toml")
    return recache.toml(text)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = _data()
    return {
        "count": re.compile(
            rf"(?P<num>{_NUM})(?:(?P<coll>{_alt(d['collectives'])})|(?P<cls>{_alt(d['classifiers'])}))"
        ),
        "paren": re.compile(rf"(?<=[有为])(?P<num>\d+(?:\.\d+)?|{_CN_NUM}{{1,3}})(?=（)"),
        "intro": re.compile(rf"[，,]?(?P<w>{_alt(d['introducers'])})?[：:]?"),
        "join": re.compile(_alt(d["joins"])),
        "last_join": re.compile(_alt([j for j in d["joins"] if j != "与"])),
        "ranking": re.compile(
            rf"(?:{_alt(d['ranking'])})前(?P<num>\d+|{_CN_NUM}{{1,2}})(?:位|名)?"
            r"(?:的(?P<noun>[\u4e00-\u9fff]{1,8}?))?(?:依次为|分别为|分别是|为|是)?[：:]"
        ),
        "years": re.compile(r"(?<![\d.])(?P<y1>\d+(?:\.\d+)?)年?(?:至|到|—|–|-|~)(?P<y2>\d{4})年"),
        "per_year": re.compile(_alt(d["per_year"])),
        "same": re.compile(
            rf"(?P<num>(?<!\d)\d++(?:\.\d++)?|{_CN_NUM}{{1,2}})个(?P<val>\d++(?:\.\d++)?%)”?"
            rf"[\u4e00-\u9fff]{{0,4}}[，,]?(?:{_alt(d['same_value_intro'])})[：:]?"
        ),
        "collective": re.compile(_alt(d["collectives"])),
        "demonstrative": re.compile(rf"(?:{_alt(d['demonstratives'])})$"),
    }


def _value(num: str) -> Fraction | None:
    if len(num) > MAX_NUMERAL_CHARS:
        return None  # debris, and past Python's int-conversion limit
    if num[0].isdigit():
        # (a whole number without Fraction's string parser: int reads every digit \d does)
        return Fraction(int(num)) if num.isdecimal() else Fraction(num)
    v = cn_to_int(num)
    return Fraction(v) if v is not None else None


def _strip(norm: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces and quotes, keeping quotes that pair inside the item (“一老一小”民生事业),
    and a bracketed remark or figure at the item's end (装备制造（285.46亿元））."""
    while s < e and norm[s] in " \t":
        s += 1
    while e > s and norm[e - 1] in " \t":
        e -= 1
    if e > s and norm[e - 1] in "）)":
        k = max(norm.rfind("（", s, e), norm.rfind("(", s, e))
        if k > s:
            e = k
    if s < e and norm[s] in '“‘《"' and not any(c in '”’》"' for c in norm[s + 1 : e]):
        s += 1
    if s < e and norm[e - 1] in '”’》"' and not any(c in '“‘《"' for c in norm[s : e - 1]):
        e -= 1
    return s, e


def _cut_opener(norm: str, s: int, e: int, openers: list[str]) -> int:
    """Start of the first item: after the last list opener inside norm[s:e]."""
    best = s
    seg = norm[s:e]
    for op in openers:
        i = seg.rfind(op)
        if i >= 0 and i + len(op) < len(seg):
            best = max(best, s + i + len(op))
    return best


def _pieces(norm: str, s: int, e: int, sep: str = "、") -> list[tuple[int, int]]:
    out, pos = [], s
    for piece in norm[s:e].split(sep):
        out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


def _split_items(
    norm: str, s: int, e: int, *, openers: list[str] | None, split_last: bool = True
) -> tuple[list[tuple[int, int]], int, int] | None:
    """Items of the 、-list norm[s:e] and the (lo, hi) readings of their number.

    The first item starts after the last opener (when ``openers``); the last is split at
    its last 和/及 (``A、B和C``).  An item holding 和/及/与 may be read as two."""
    p = _patterns()
    parts = _pieces(norm, s, e)
    if openers is not None:
        s0, e0 = parts[0]
        parts[0] = (_cut_opener(norm, s0, e0, openers), e0)
    joined = False
    if split_last:
        ls, le = parts[-1]
        joins = list(p["last_join"].finditer(norm, ls, le))
        m = joins[-1] if joins else None
        if m is not None and ls < m.start() and m.end() < le:
            parts[-1] = (ls, m.start())
            parts.append((m.end(), le))
            joined = True
            if len(parts) == 2 and openers is not None:
                parts[0] = (_cut_opener(norm, parts[0][0], parts[0][1], openers), parts[0][1])
    items = [_strip(norm, a, b) for a, b in parts]
    items = [(a, b) for a, b in items if b > a]
    if len(items) < 2 and not (len(items) == 1 and openers is None and not split_last):
        return None
    inner = sum(1 for a, b in items if p["join"].search(norm, a, b))
    lo = len(items) - (1 if joined else 0)
    return items, lo, len(items) + inner


def _short(norm: str, items: list[tuple[int, int]], limit: int = _MAX_ITEM) -> bool:
    return all(2 <= b - a <= limit and not re.search(r"\d", norm[a:b]) for a, b in items)


@lru_cache(maxsize=1)
def _actions() -> tuple[frozenset[str], tuple[str, ...]]:
    d = _data()
    return frozenset(d["actions"]), tuple(d["action_leads"])


def _is_action(item: str) -> bool:
    """``item`` is one of the data's verbs of what is done to things (新建, 计划改扩建)."""
    actions, leads = _actions()
    for _ in range(2):  # at most two leads: 计划年内新建
        if item in actions:
            return True
        lead = next((w for w in leads if item.startswith(w) and len(item) > len(w)), None)
        if lead is None:
            return False
        item = item[len(lead) :]
    return item in actions


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ITEM_NAME = re.compile(r"[^\d，,：:（(]+")


def _noun(norm: str, pos: int) -> tuple[str, int]:
    m = _HAN_RUN.match(norm, pos)
    if m is None:
        return "", pos
    run = m.group()
    cut = run.find("的")
    if cut > 0:
        run = run[:cut]
    if len(run) > 4:
        run = run[:2]
    return run, pos + len(run)


# -- list before its count --------------------------------------------------------


def _before(norm: str, cs: int, openers: list[str]) -> tuple[Any, ...] | None:
    """(items, lo, hi, certain, open) of a list ending right before the count at ``cs``."""
    end = cs
    open_ = via_comma = False
    if end > 0 and norm[end - 1] == "等":
        open_, end = True, end - 1
    else:
        d = _patterns()["demonstrative"].search(norm, max(0, end - 4), end)
        if d is not None and d.start() > 0:
            end = d.start()
            if norm[end - 1] in "，,":
                end, via_comma = end - 1, True
    if end <= 0 or norm[end - 1] in _CLAUSE_BREAK + "、":
        return None
    quoted = norm[end - 1] in '”"’'
    start = end - 1
    limit = max(0, end - 400)
    while start > limit and norm[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    if quoted:
        q = norm.rfind("“", start, end - 1)
        if q < 0:
            return None
        start, end = q + 1, end - 1
    seg = norm[start:end]
    if "、" not in seg and not _patterns()["last_join"].search(seg):
        return None
    got = _split_items(norm, start, end, openers=None if quoted else openers, split_last=not quoted)
    if got is None:
        return None
    items, lo, hi = got
    if any(b - a < 2 or _QUANTITY_IN_ITEM.search(norm, a, b) for a, b in items):
        return None
    last = norm[items[-1][0] : items[-1][1]]
    if any(last.endswith(op) for op in openers):
        return None  # 第二、第三产业先后有3个项目: the count is not the list's
    if all(_is_action(norm[a:b]) for a, b in items):
        return None  # 新建、改扩建25所学校: what is done to the things counted
    if quoted:
        lo = hi = len(items)
    certain = not open_ and not via_comma and _short(norm, items)
    return items, lo, hi, certain, open_


# -- list after its count ---------------------------------------------------------


def _block_end(doc: Document, at: int) -> int:
    bi = doc.block_at(at)
    if bi is None:
        return len(doc.norm)
    end = doc.blocks[bi].end
    if doc.blocks[bi].kind == "heading" and bi + 1 < len(doc.blocks):
        end = doc.blocks[bi + 1].end
    return end


def _leads(norm: str, pos: int, end: int, near: int | None = 4) -> list[tuple[int, int]]:
    """The first clause of each lead 一是…二是… from ``pos`` (the first within ``near``)."""
    items: list[tuple[int, int]] = []
    expect = 1
    for m in _ORD_RE.finditer(norm, pos, end):
        if _CN.get(m.group(1)) != expect:
            if expect > 1:
                break
            continue
        if expect == 1 and near is not None and m.start() - pos > near:
            break
        if expect == 1 and m.start() > pos and norm[m.start() - 1] not in "：:。；;\n*“ ":
            continue
        s = e = m.end()
        while e < end and norm[e] not in "。；;，,！\n":
            e += 1
        items.append(_strip(norm, s, e))
        expect += 1
    return items


def _after(doc: Document, pos: int, noun: str, colon: bool) -> tuple[Any, ...] | None:
    """(items, lo, hi, certain, open) of the list that follows a count ending at ``pos``
    (``colon``: a colon came between them — only then may semicolons or the noun's
    characters delimit the items)."""
    norm = doc.norm
    block_end = _block_end(doc, pos)
    # (b) 一是…二是…
    leads = _leads(norm, pos, block_end)
    if len(leads) >= 2:
        return leads, len(leads), len(leads), False, False
    # (a) A、B、C。 right after
    e = pos
    while e < block_end and norm[e] not in "。；;！\n":
        e += 1
    if "、" in norm[pos:e]:
        open_ = norm[pos:e].rstrip("）)").endswith("等")
        got = _split_items(norm, pos, e - (1 if open_ else 0), openers=None)
        if got is not None:
            items, lo, hi = got
            if all(b - a <= 30 for a, b in items):
                ends = e == block_end or norm[e] in "。\n"
                return items, lo, hi, ends and not open_ and _short(norm, items, 20), open_
    # (a2) A：x件；B：y件；C：z件。 — one item a semicolon clause, named by its start
    if not colon:
        return None
    e = pos
    while e < block_end and norm[e] not in "。！\n":
        e += 1
    if "；" in norm[pos:e] or ";" in norm[pos:e]:
        items = []
        for a, b in _pieces(norm, pos, e, "；" if "；" in norm[pos:e] else ";"):
            m = _ITEM_NAME.match(norm, a, b)
            if m is not None:
                items.append(_strip(norm, a, m.end()))
        if len(items) >= 2 and all(2 <= b - a <= 20 for a, b in items):
            return items, len(items), len(items), False, False
    # (c) lists in the rest of the block whose items end with the noun's characters
    if not noun:
        return None
    found = _headed(norm, pos, block_end, set(noun))
    return (found, len(found), len(found), False, False) if len(found) >= 2 else None


def _headed(norm: str, pos: int, end: int, heads: set[str]) -> list[tuple[int, int]]:
    """Items of the 、-lists in norm[pos:end] that end with one of ``heads``."""
    openers = rules().list_openers
    found: list[tuple[int, int]] = []
    clause_start = pos
    for i in range(pos, end + 1):
        if i == end or norm[i] in "，。；：！？\n":
            if norm.count("、", clause_start, i) >= 1:
                parts = _pieces(norm, clause_start, i)
                s0, e0 = parts[0]
                parts[0] = (_cut_opener(norm, s0, e0, openers), e0)
                ls, le = parts[-1]
                k = max((j for j in range(ls, le) if norm[j] in heads), default=-1)
                if k >= 0:
                    parts[-1] = (ls, k + 1)
                cleaned = [_strip(norm, s, e) for s, e in parts]
                if all(e > s and norm[e - 1] in heads for s, e in cleaned):
                    found.extend(cleaned)
            clause_start = i + 1
    return found


def _counts(doc: Document) -> list[Listing]:
    norm = doc.norm
    p = _patterns()
    openers = rules().list_openers
    out: list[Listing] = []
    for m in p["count"].finditer(norm):
        num = m.group("num")
        before = norm[m.start() - 1] if m.start() else ""
        if num[0].isdigit():
            if before and (
                before.isdigit() or before in ".．%" or (before.isascii() and before.isalpha())
            ):
                continue
        elif before in "第之一二三四五六七八九十百千万" or (len(num) > 1 and num[0] in "两"):
            continue
        if before in "“‘":
            continue  # “三个一批”, “三位一体”: a name
        stated = _value(num)
        if stated is None or stated > 60:
            continue
        if m.group("coll"):
            noun, after = m.group("coll"), m.end()
        else:
            noun, after = _noun(norm, m.end())
            coll = p["collective"].match(norm, m.end())
            truncated = len(noun) == 2 and after < len(norm) and "\u4e00" <= norm[after] <= "\u9fff"
            if coll is not None and truncated and norm[after] != "的":
                noun, after = coll.group(), coll.end()  # 3个县率先: the noun is 县
            cls = m.group("cls")
            if cls == "方面":
                noun = cls + noun
            if noun[:1] == "一":
                continue  # 三个一批, 三位一体: a name
        shape = "before"
        got = _before(norm, m.start(), openers) if noun else None
        if got is None and norm[after : after + 1] == "（":
            continue  # 13个乡镇（街道）, 19个省（自治区、直辖市）: a gloss of the noun
        if got is None:
            im = p["intro"].match(norm, after)
            w = im.group("w") if im else None
            if im is not None and ("：" in im.group() or ":" in im.group() or w in _STRONG_INTRO):
                got, shape = (
                    _after(doc, im.end(), noun, "：" in im.group() or ":" in im.group()),
                    "after",
                )
        if got is None:
            continue
        items, lo, hi, certain, open_ = got
        if stated < 2 and not num[0].isdigit():
            continue  # 一个: often "a", not a count
        out.append(Listing((m.start(), after), stated, noun, items, lo, hi, certain, open_, shape))
    for m in p["paren"].finditer(norm):
        got = _bracketed(norm, m.end())
        stated = _value(m.group("num"))
        if got is not None and stated is not None:
            items, lo, hi, certain, open_ = got
            out.append(
                Listing(
                    (m.start() - 1, m.end()), stated, "", items, lo, hi, certain, open_, "paren"
                )
            )
    return out


def _bracketed(norm: str, at: int) -> tuple[Any, ...] | None:
    """Items inside the brackets opening at ``at``: （A、B、C）."""
    close = norm.find("）", at, at + 160)
    if close < 0 or "（" in norm[at + 1 : close] or re.search(r"\d", norm[at + 1 : close]):
        return None
    got = _split_items(norm, at + 1, close, openers=None, split_last=False)
    if got is None or not all(b - a >= 2 for a, b in got[0]):
        return None
    items, lo, hi = got
    return items, lo, hi, len(items) >= 2, False


# -- rankings, slogans, year ranges, one value for all ---------------------------


def _rankings(doc: Document) -> list[Listing]:
    out = []
    for m in _patterns()["ranking"].finditer(doc.norm):
        stated = _value(m.group("num"))
        got = _after(doc, m.end(), "", True)
        if stated is None or got is None:
            continue
        items, lo, hi, _certain, open_ = got
        cs = doc.norm.find("前", m.start())
        count = (cs, cs + 1 + len(m.group("num")))
        out.append(
            Listing(count, stated, m.group("noun") or "", items, lo, hi, False, open_, "ranking")
        )
    return out


def _slogans(doc: Document) -> list[Listing]:
    """“一多三高”, “三下降、两平稳”, “三沿一环”（…）, “十园”: each part against its items."""
    norm = doc.norm
    out: list[Listing] = []
    for q in re.finditer(r"“([^”“]{2,12})”", norm):
        parts = []
        for piece in _pieces(norm, q.start(1), q.end(1)):
            pos = piece[0]
            for pm in _SLOGAN_PART.finditer(norm, piece[0], piece[1]):
                if pm.start() != pos:
                    break
                pos = pm.end()
                parts.append(pm)
            if pos != piece[1]:
                parts = []
                break
        if not parts:
            continue
        found: list[tuple[Any, list[tuple[int, int]]]] = []
        for pm in parts:
            n = _value(pm.group(1))
            if n is None:
                break
            items = _slogan_items(doc, q.end(), pm.group(0), pm.group(2))
            if not items:
                break
            found.append((pm, items))
        if len(found) != len(parts):
            continue
        for pm, items in found:
            n = _value(pm.group(1)) or Fraction(0)
            k = len(items)
            at = (q.start(), q.end()) if len(parts) == 1 else (pm.start(), pm.end())
            out.append(Listing(at, n, pm.group(2), items, k, k, False, shape="slogan"))
    return out


def _slogan_items(doc: Document, qe: int, part: str, x: str) -> list[tuple[int, int]]:
    norm = doc.norm
    if norm[qe : qe + 1] == "（":
        close = norm.find("）", qe, qe + 80)
        if close < 0:
            return []
        return [
            (a, b)
            for a, b in (_strip(norm, a, b) for a, b in _pieces(norm, qe + 1, close))
            if b - a > len(x) and (norm.startswith(x, a) or norm.endswith(x, a, b))
        ]
    # a later paragraph of its own: “三下降”是：…
    bi = doc.block_at(qe)
    dedicated = None
    if bi is not None:
        head_re = re.compile(rf"\s*“{re.escape(part)}”(?:是|即|为)?[：:]")
        for blk in doc.blocks[bi : bi + 5]:
            head = head_re.match(norm, blk.start, blk.end)
            if head and (blk.start > qe or head.end() > qe):
                dedicated = (head.end(), blk.end)
                break
    lo, hi = dedicated or (qe, _block_end(doc, qe))
    leads = _leads(norm, lo, hi, near=None)
    if len(leads) >= 2:
        return [(a, b) for a, b in leads if norm.endswith(x, a, b) and b - a > len(x)]
    keep = {it for it in _headed(norm, lo, hi, set(x[-1])) if norm.endswith(x, *it)}
    if dedicated:
        for a, b in _pieces_of(norm, lo, hi, "，,。；;：:！？\n"):
            a, b = _strip(norm, a, b)
            if norm.endswith(x, a, b) and len(x) < b - a <= 24 and not re.search(r"\d", norm[a:b]):
                keep.add((a, b))
    return sorted(
        it for it in keep if it[1] - it[0] > len(x) and not re.search(r"\d", norm[it[0] : it[1]])
    )


def _pieces_of(norm: str, s: int, e: int, breaks: str) -> list[tuple[int, int]]:
    out, pos = [], s
    for i in range(s, e + 1):
        if i == e or norm[i] in breaks:
            if i > pos:
                out.append((pos, i))
            pos = i + 1
    return out


def _years(doc: Document, figures: list[Figure]) -> list[Listing]:
    """2013至2018年 … 分别为 a、b、c、d、e、f: one value a year."""
    norm = doc.norm
    p = _patterns()
    quantities = sorted(
        (f for f in figures if f.kind not in ("date", "ordinal", "name", "other")),
        key=lambda f: f.start,
    )
    out = []
    for m in p["years"].finditer(norm):
        end = m.end()
        while end < len(norm) and norm[end] not in "。；;！\n":
            end += 1
        w = p["per_year"].search(norm, m.end(), end)
        if w is None:
            continue
        run: list[Figure] = []
        for f in quantities:
            if f.start < w.end() or f.end > end:
                continue
            gap = norm[(run[-1].end if run else w.end()) : f.start].strip("，,、")
            if run and gap not in ("", "和", "及"):
                break
            if not run and len(gap) > 2:
                break
            run.append(f)
        if len(run) < 2:
            continue
        y1, y2 = m.group("y1"), int(m.group("y2"))
        first = int(y1) if y1.isdigit() else None
        n = y2 - first + 1 if first is not None and 1900 <= first < y2 else 0
        items = [(f.start, f.end) for f in run]
        out.append(
            Listing((m.start(), m.end()), Fraction(n), "年", items, len(items), len(items), False,
                    shape="years")
        )  # fmt: skip
    return out


def _same_value(doc: Document) -> list[Listing]:
    """“4个100%”目标，即A达100%、B达100%…: N items, each stating the value."""
    norm = doc.norm
    out = []
    for m in _patterns()["same"].finditer(norm):
        stated = _value(m.group("num"))
        end = m.end()
        while end < len(norm) and norm[end] not in "。；;！\n":
            end += 1
        if stated is None or "、" not in norm[m.end() : end]:
            continue
        got = _split_items(norm, m.end(), end, openers=None)
        if got is None:
            continue
        items, lo, hi = got
        cs = m.start()
        out.append(
            Listing((cs, cs + len(m.group("num")) + 1 + len(m.group("val"))), stated, "", items,
                    lo, hi, False, shape="value", value=m.group("val"))
        )  # fmt: skip
    return out


def listings(doc: Document, figures: list[Figure]) -> list[Listing]:
    """Every stated count with the items it counts, in text order."""
    found = [
        *_counts(doc),
        *_rankings(doc),
        *_slogans(doc),
        *_years(doc, figures),
        *_same_value(doc),
    ]
    starts = {f.start: f.id for f in figures}
    for x in found:
        x.count_figure = starts.get(x.count[0])
    found.sort(key=lambda x: (x.count[0], x.count[1]))
    return found


def find_enumerations(doc: Document, figures: list[Figure]) -> list[Enumeration]:
    """The listings whose count names a whole number of items (open lists only when the
    count is that of the items listed)."""
    out: list[Enumeration] = []
    for x in listings(doc, figures):
        if x.stated.denominator != 1 or x.shape in ("years", "value"):
            continue
        if x.open and not x.lo <= x.stated <= x.hi:
            continue
        start = min(x.items[0][0], x.count[0])
        end = max(x.items[-1][1], x.count[1])
        noun_at = x.count[1] - len(x.noun) - (doc.norm[x.count[1] - 1] == "”")
        out.append(
            Enumeration(
                start=start,
                end=end,
                count_figure=x.count_figure,
                stated=int(x.stated),
                noun=doc.text[noun_at : noun_at + len(x.noun)] if x.noun else "",
                items=[Span(s, e) for s, e in x.items],
                item_texts=[doc.text[s:e] for s, e in x.items],
            )
        )
    return out
