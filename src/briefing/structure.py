"""Assemble a reader's raw blocks into a :class:`~briefing.model.Document`.

Every format goes through here, so the same bulletin read from .txt, .docx,
.html or .pdf gives the same metadata, headings and text:

1. drop portal chrome (breadcrumbs, 【打印】, share bars, footers, 相关阅读 and
   everything after it) and mirror-site pinyin debris (项(xiàng));
2. re-join paragraphs broken by a page break ("始" + "终把");
3. classify blocks: masthead (刊名, 期号, issuer, date, 栏目), title, the
   时间/来源 line, headings (一、/（一）/1./（1）), paragraphs, tables and the 版记
   (送/发, 责任编辑, 共印N份), filling :class:`~briefing.model.Meta`;
4. find inline leads (一是…) and split sentences and clauses.

The patterns used here are genre conventions (GB/T 9704 and portal page
layouts), kept in one place; the vocabulary lists live in ``data/structure.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefing import recache
from briefing.data import data_text
from briefing.io.base import RawBlock, RawDocument
from briefing.io.pipe_tables import join_pipe_fragments
from briefing.model import Block, Document, Lead, Meta, Sentence, Span
from briefing.text.chrome import article_resumes
from briefing.text.normalize import detect_script, normalize

CN_DIGITS = "零〇一二两三四五六七八九十"
_CN_NUM = f"[{CN_DIGITS}]+"

HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^({_CN_NUM}、)")),
    (2, re.compile(rf"^([（(]{_CN_NUM}[)）])")),
    (3, re.compile(r"^(\d{1,2}[.．、](?!\d))")),
    (4, re.compile(r"^([（(]\d{1,2}[)）])")),
]
LEAD_RE = re.compile(rf"(?:(?<=^)|(?<=[。；！？：\s“]))((?:{_CN_NUM})是|其{_CN_NUM}(?=[，,：:]))")
FIGURE_TAIL_START = "万亿千百元个项%％家户人名台套吨亩米倍"
TERMINAL = "。！？；：…”’」』）)】"
DATE_RES = [
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
]
_CN_DATE = re.compile(
    r"([一二三四五六七八九〇零○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
#: zero-width and soft characters that web pages scatter through text (never content)
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
PINYIN_DEBRIS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
#: one space between two visible characters: the gaps of letter-spaced text
_SINGLE_GAP = re.compile(r"(?<=\S) (?=\S)")


#: the Chinese characters (CJK unified ideographs and extension A)
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
#: a Chinese character, and one followed by a single space and another character:
#: counted by the regex engine, not a Python loop
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_SPACED = re.compile(f"[{_CJK}](?= [^ ])")
#: two Chinese characters, anything between them
_TWO_CJK = re.compile(f"[{_CJK}][^{_CJK}]*[{_CJK}]")
#: a run of unified ideographs (extension A not counted, as in the titles' test)
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")


def letter_spaced(text: str) -> bool:
    """A line whose characters are set apart one by one (``全 市 完 成 投 资``), as text
    copied out of a letter-spaced PDF arrives: most Chinese characters are followed by
    one space and another character."""
    if " " not in text:
        return False
    spaced = len(_CJK_SPACED.findall(text))
    if spaced == 0:
        return False  # (at least two Chinese characters would need at least one spaced)
    cjk = len(_CJK_CHAR.findall(text))
    return cjk >= 2 and spaced >= 0.6 * cjk


def _letter_spaced_document(lines: list[str]) -> bool:
    """Most lines with Chinese text (three at least) are letter-spaced."""
    chinese = [t for t in lines if _TWO_CJK.search(t, 0, 200)]  # (no list of them made)
    spaced = sum(1 for t in chinese if letter_spaced(t))
    return spaced >= 3 and spaced >= 0.5 * len(chinese)


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    raw = data_text("structure.toml")
    return recache.toml(raw)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = vocab()
    alt = lambda xs: "|".join(re.escape(x) for x in xs)  # noqa: E731
    return {
        "chrome_line": re.compile(
            rf"^(?:{alt(v['chrome']['line_starts'] + v['chrome']['more_line_starts'])})"
        ),
        "title_not_label": re.compile(rf"^(?:{alt(v['titles']['not_labels'])})\s?[:：]"),
        "title_label": re.compile(rf"^(?:{alt(v['titles']['labels'])})\s?[:：]?\s?"),
        "chrome_token": re.compile(rf"[【\[]\s*(?:{alt(v['chrome']['tokens'])})[^】\]]*[】\]]?"),
        "footer": re.compile(rf"^(?:{alt(v['chrome']['footer_starts'])})"),
        "footer_cut": re.compile(rf"^(?:{alt(v['chrome']['cut_after'])})\s*[:：]?"),
        "masthead": re.compile(rf"(?:{alt(v['masthead']['suffixes'])})$"),
        "issuer": re.compile(rf"(?:{alt(v['masthead']['issuer_suffixes'])})$"),
        # 发布日期：2020-06-18, 成文日期 2020年6月18日 (labels in data/structure.toml)
        "date_label": re.compile(rf"(?:{alt(v['dates']['labels'])})\s?[:：]?\s?"),
        # a full date opening a text (after the label), and one closing it (a clock time
        # or a 来源/作者 field may follow)
        "date_head": re.compile(
            r"(?:\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}|[一二三四五六七八九〇零○]{4}年)"
        ),
        "date_tail": re.compile(
            r"\d{1,2}\s?[日号]?(?:\s{1,3}\d{1,2}:\d{2}(?::\d{2})?)?"
            rf"\s*(?:(?:{alt(v['dates']['after'])})\s?[:：].{{0,60}})?$"
        ),
        "clock": re.compile(r"\s{0,3}\d{1,2}:\d{2}(?::\d{2})?"),
        "date_source": re.compile(
            r"\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}\s?[日号]?(?:\s{1,3}\d{1,2}:\d{2}(?::\d{2})?)?"
            rf"\s{{0,3}}(?={alt(v['dates']['after'])})"
        ),
        "meta_key": re.compile(
            r"(?:发布时间|时间|日期|发布日期|来源|信息来源|文章来源|发布机构|作者|浏览次数|点击数)\s*[:：]"
        ),
    }


# ---------------------------------------------------------------------------
# 1. chrome and debris
# ---------------------------------------------------------------------------


def _is_chrome(text: str) -> bool:
    if len(text) > 160:
        return False  # page chrome is short: breadcrumbs, tool bars, footers
    p = _patterns()
    t = normalize(text.strip())  # chrome of traditional-character mirrors too (首頁 >)
    if not t:
        return True
    if p["chrome_line"].match(t) or t in _chrome_lines():
        return True
    if is_breadcrumb(t) and any(w in t for w in vocab()["chrome"]["breadcrumb_words"]):
        return True
    # a line that held a chrome token ([打印]) and little else; a table cell of a pipe
    # table (9% |) holds no token and stays
    sub = p["chrome_token"].sub("", t)
    rest = sub.strip(" 　|｜/")
    if not rest or (sub != t and len(rest) <= 2):
        return True  # ||||| rules and [打印] bars are chrome
    return bool(p["footer"].match(t))


@lru_cache(maxsize=1)
def _chrome_lines() -> frozenset[str]:
    return frozenset(vocab()["chrome"]["lines"])


def _title_junk(text: str) -> bool:
    """A short line that stands where a title would but is none: a label line (转自：…,
    页数：8页, 索引号：…), a date stamp, a photo note ((资料图)), a bare number, a table
    row, or site chrome (关怀版, 打开…阅读, 本报记者 …)."""
    t = normalize(text.strip())
    v = vocab()["titles"]
    p = _patterns()
    if sum(map(len, _HAN_RUN.findall(t))) < v["min_cjk"]:  # (by runs, not characters)
        return True
    if t[0] in "|｜" or p["title_not_label"].match(t):
        return True
    if t[0] in "（(【[" and t[-1] in "）)】]" and len(t) <= 14:
        return True
    head = p["date_head"].match(t)
    if head and len(t) - head.end() <= 24:
        return True
    return len(t) <= 20 and any(w in t for w in v["chrome_words"])


_CRUMB_SEPARATORS = re.compile(r"[>＞»›]")


def is_breadcrumb(text: str) -> bool:
    """``首页 > 新闻中心 > 政务动态``: one to eight separators, each step 1–20 characters.

    A scan, not the regular expression it replaces
    (``^(?:[^>＞»›]{1,20}\\s*[>＞»›]\\s*){1,8}[^>＞»›。]{0,30}$``), whose steps could
    trade whitespace with their neighbours: a short line that failed at its end took
    exponential time (an 81-character line of ``a`` and ``>`` between spaces, 40 s).
    Accepts exactly the lines that expression accepts: the first step may not be empty,
    a later one may be whitespace only, and after the spaces that follow the last
    separator come at most 30 characters without 。.
    """
    parts = _CRUMB_SEPARATORS.split(text, maxsplit=9)  # a tenth part: too many steps
    if not 2 <= len(parts) <= 9:
        return False
    first, *middle, last = parts
    if not first or len(first.rstrip()) > 20:
        return False
    if any(not step or len(step.strip()) > 20 for step in middle):
        return False
    tail = last.lstrip()
    return len(tail) <= 30 and "。" not in tail


def _clean_blocks(raw: list[RawBlock]) -> list[RawBlock]:
    out: list[RawBlock] = []
    p = _patterns()
    skip_to = 0
    # a letter-spaced document: its lines of digits (``9 9``, ``1 0 0 %``) are spaced too
    spaced_doc = _letter_spaced_document([b.text for b in raw if b.rows is None])
    for i, b in enumerate(raw):
        if i < skip_to:
            continue
        t = b.text
        if b.rows is None:
            if p["footer_cut"].match(normalize(t.strip())) and len(t.strip()) <= 12 + len(
                t.strip().split("：")[0]
            ):
                # 相关阅读 / 相关链接: what follows is other articles, unless the article
                # itself resumes after the list (then only the list is dropped)
                k = article_resumes([x.text for x in raw], i + 1)
                if k is None:
                    if out:
                        break
                else:
                    skip_to = k
                    continue
            if _is_chrome(t):
                continue
        if b.rows is None and (spaced_doc or letter_spaced(t)) and _SINGLE_GAP.search(t):
            t, b = _cut(b, [(m.start(), m.end()) for m in _SINGLE_GAP.finditer(t)])
        if PINYIN_DEBRIS.search(t) or INVISIBLE.search(t):
            t, b = _drop_debris(b)
            if not t.strip() and b.rows is None:
                continue  # a line that held nothing but debris
        out.append(b)
    # a title repeated right after the 时间/来源 line (portal pages) is dropped later
    return out


def _drop_debris(b: RawBlock) -> tuple[str, RawBlock]:
    """Remove mirror-site pinyin annotations and invisible characters, shifting emphasis."""
    src = b.text
    cuts = [
        (m.start(), m.end())
        for m in PINYIN_DEBRIS.finditer(src)
        if m.start() > 0 and "\u4e00" <= src[m.start() - 1] <= "\u9fff"
    ]
    cuts += [(m.start(), m.end()) for m in INVISIBLE.finditer(src)]
    return _cut(b, cuts)


def _cut(b: RawBlock, cuts: list[tuple[int, int]]) -> tuple[str, RawBlock]:
    """``b`` without the spans ``cuts`` of its text, emphasis shifted to match."""
    src = b.text
    cuts.sort()
    pieces: list[str] = []
    starts: list[int] = []  # cut starts, for mapping old offsets to new ones
    removed_before: list[int] = []  # characters removed up to and including each cut
    pos = removed = 0
    for s0, e0 in cuts:
        if s0 < pos:
            continue
        pieces.append(src[pos:s0])
        removed += e0 - s0
        starts.append(s0)
        removed_before.append(removed)
        pos = e0
    pieces.append(src[pos:])
    text = "".join(pieces)

    def new_offset(i: int) -> int:
        k = bisect_right(starts, i) - 1
        if k < 0:
            return i
        # inside a cut: map to where the cut was; after it: shift by everything removed
        cut_end = starts[k] + (removed_before[k] - (removed_before[k - 1] if k else 0))
        return (
            starts[k] - (removed_before[k - 1] if k else 0)
            if i < cut_end
            else i - removed_before[k]
        )

    emph = [(new_offset(s0), new_offset(e0)) for s0, e0 in b.emphasis]
    emph = [(s0, e0) for s0, e0 in emph if e0 > s0]
    rows = b.rows
    if rows is not None:
        rows = [[INVISIBLE.sub("", PINYIN_DEBRIS.sub("", c)) for c in r] for r in rows]
    nb = RawBlock(
        text=text,
        emphasis=emph,
        style=b.style,
        align=b.align,
        kind_hint=b.kind_hint,
        level=b.level,
        rows=rows,
        page_break_before=b.page_break_before,
    )
    return text, nb


# ---------------------------------------------------------------------------
# 2. page-break joins
# ---------------------------------------------------------------------------


def heading_level(text: str) -> tuple[int, str] | None:
    for level, pat in HEADING_PATTERNS:
        m = pat.match(text)
        if m:
            return level, m.group(1)
    return None


_LEAD_ONLY = re.compile(rf"{_CN_NUM}是[：:，,]?")


def _is_lead_only(text: str) -> bool:
    return "是" in text and _LEAD_ONLY.fullmatch(text.strip()) is not None


_QUOTE_CLOSE = {"”": "“", "」": "「", "』": "『", "〞": "〝"}
_QUOTE_OPEN = frozenset(_QUOTE_CLOSE.values())


def _open_quote(t: str) -> str | None:
    """The quotation mark left open at the end of ``t`` (“ without its ”), else None."""
    depth: list[str] = []
    for c in t:
        if c in _QUOTE_OPEN:
            depth.append(c)
        elif c in _QUOTE_CLOSE and depth and depth[-1] == _QUOTE_CLOSE[c]:
            depth.pop()
    return depth[-1] if depth else None


def _should_join(prev: RawBlock, nxt: RawBlock) -> bool:
    a, b = prev.text.rstrip(), nxt.text.lstrip()
    if not a or not b or prev.rows is not None or nxt.rows is not None:
        return False
    if prev.kind_hint in ("title", "meta", "heading") or nxt.kind_hint in (
        "title",
        "meta",
        "heading",
    ):
        return False
    if _is_lead_only(a):
        return True
    if b[0] in _QUOTE_CLOSE and _open_quote(normalize(a)) == _QUOTE_CLOSE[b[0]]:
        return True  # a quotation cut by page debris: “一带一路 | ”建设
    if a[-1] in "，、," and _is_imprint(a) and not _is_imprint(b):
        return True  # a 送/发 list wrapped onto a second line (hanging indent in print)
    # the last mark as normalized (a "." after a Chinese character or "%" is a full stop)
    end = normalize(a[-4:])[-1]
    if end == "。" and a[-1] == "." and a[-2].isdigit() and b[0].isdigit():
        return True  # a decimal broken after its point: "为2." + "5亿元"
    if end in TERMINAL or end in "，、,":
        # a trailing comma never ends a paragraph in print: join only across a page break
        if end in "，、," and nxt.page_break_before:
            return not heading_level(b)
        return False
    if a[-1].isdigit() and b[0] in FIGURE_TAIL_START:
        return True  # a figure broken from its unit: "74.4" + "万亿元"
    if heading_level(a) or heading_level(b):
        return False
    if _is_metaish(b) or _is_imprint(b):
        return False
    na = normalize(a)
    # a broken paragraph already has sentence punctuation and is long; titles have none
    if not any(c in na for c in "，。；、") or len(a) < 16:
        return False
    first = normalize(b[0])
    return "\u4e00" <= first <= "\u9fff" or first.isdigit() or first in "“"


def _join_breaks(blocks: list[RawBlock]) -> list[RawBlock]:
    out: list[RawBlock] = []
    for b in blocks:
        if out and _should_join(out[-1], b):
            prev = out[-1]
            shift = len(prev.text)
            emph = list(prev.emphasis) + [(s + shift, e + shift) for s, e in b.emphasis]
            # merge touching bold runs (a lead marker split by the page break)
            merged: list[tuple[int, int]] = []
            for s, e in sorted(emph):
                if merged and s <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
                else:
                    merged.append((s, e))
            out[-1] = RawBlock(
                text=prev.text + b.text,
                emphasis=merged,
                style=prev.style,
                align=prev.align,
                kind_hint=prev.kind_hint,
                level=prev.level,
                page_break_before=prev.page_break_before,
            )
        else:
            out.append(b)
    return out


# ---------------------------------------------------------------------------
# 3. classification and metadata
# ---------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    """First date in ``text`` as ISO yyyy-mm-dd (Arabic or Chinese numerals)."""
    t = normalize(text)
    for rx in DATE_RES:
        m = rx.search(t)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2200:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    m = _CN_DATE.search(t)
    if m:
        digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
        digits.update({"零": 0, "○": 0, "Ｏ": 0})
        y = int("".join(str(digits[c]) for c in m.group(1)))
        mon, day = _small_cn(m.group(2)), _small_cn(m.group(3))
        if mon and day:
            return f"{y:04d}-{mon:02d}-{day:02d}"
    return None


def _small_cn(s: str) -> int | None:
    vals = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + vals.get(s[1], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return vals.get(a, 0) * 10 + (vals.get(b, 0) if b else 0)
    return vals.get(s)


_ISSUE_RE = re.compile(
    r"^[（(]\s*(\d{1,5})\s*[)）]$|^第\s*([0-9一二三四五六七八九十百〇零]+)\s*期(?:\s*[（(]?总第\s*[0-9一二三四五六七八九十百〇零]+\s*期[)）]?)?$"
)
_ISSUER_DATE_RE = re.compile(
    r"^(\S.{1,30}?)\s+((?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年.{1,6}月.{1,6}日)$"
)
#: a dateline in brackets closing a short line: （2021年3月5日）, a speech or report title
#: that ends with one (——在全县工作会议上的讲话（2021年3月5日）)
_DATELINE_RE = re.compile(
    r"[（(]\s*((?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日)\s*[)）]$"
)
#: a day.month.year stamp with its clock time, alone on a line (mirror sites: 17.06.2021 09:45)
_DMY_STAMP_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s{1,3}\d{1,2}:\d{2}(?::\d{2})?$")
_DATE_ONLY_RE = re.compile(
    r"^(?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$"
)
_COLUMN_RE = re.compile(r"^【([^】]{2,40})】$")
_SOURCE_RES = [
    re.compile(
        r"^[（(](?:根据|据)(.{1,40}?)(?:提供的)?(?:材料|资料|信息)?(?:整理|编辑|改编)[)）]$"
    ),
    re.compile(r"^[（(](.{1,40}?)(?:供稿|报送|提供)[)）]$"),
    re.compile(r"^(?:来源|稿件来源|信息来源)\s*[:：]\s*(.{1,40})$"),
]
_IMPRINT_RES = {
    "送": re.compile(r"^(?:抄?送|报)\s*[:：]\s*(.+)$"),
    "发": re.compile(r"^(?:发|分送|印发)\s*[:：]\s*(.+)$"),
    "editor": re.compile(r"^(?:责任编辑|责编|编辑)\s*[:：]\s*(.+)$"),
    "copies": re.compile(r"^(?:.{0,20}\s)?共印\s*(\d+)\s*份[。.]?$"),
    "other": re.compile(r"^(?:签发|审核|校对|审签|核稿|联系电话|电话)\s*[:：]"),
}


_COPIES = re.compile(r"共印\s*(\d+)\s*份")


def _is_imprint(text: str) -> bool:
    t = normalize(text.strip())
    return any(rx.match(t) for rx in _IMPRINT_RES.values()) or (
        "共印" in t and _COPIES.search(t) is not None
    )


def _is_metaish(text: str) -> bool:
    t = normalize(text)
    return len(_patterns()["meta_key"].findall(t)) >= 1 and len(t) < 120 and "。" not in t


def _split_list(s: str) -> list[str]:
    s = s.strip().rstrip("。.；;")
    parts = [x.strip() for x in re.split(r"[，,；;]", s)]
    return [x for x in parts if x]


@dataclass
class _Draft:
    """A block on its way into the Document (text plus what we learned about it)."""

    raw: RawBlock
    kind: str = "paragraph"
    level: int | None = None
    marker: str | None = None


@dataclass
class _State:
    """What the masthead reading has found so far."""

    meta: Meta = field(default_factory=Meta)


def _masthead_zone(drafts: list[_Draft], i0: int, meta: Meta) -> int:
    """Classify the short masthead lines (刊名, 期号, issuer, date, 栏目) from ``i0`` on.

    Returns the index of the first block after the zone.
    """
    p = _patterns()
    n = len(drafts)
    i = i0
    while i < min(n, i0 + 8):
        d = drafts[i]
        t = normalize(d.raw.text.strip())
        if d.raw.rows is not None or len(t) > 40 or "。" in t:
            break
        if (
            meta.masthead is None
            and i <= i0 + 1
            and len(t) <= 16
            and not any(c.isdigit() for c in t)
            and p["masthead"].search(t)
            and not heading_level(t)
        ):
            meta.masthead = d.raw.text.strip()
            d.kind = "masthead"
        elif meta.masthead is not None and meta.issue is None and _ISSUE_RE.match(t):
            m = _ISSUE_RE.match(t)
            assert m
            meta.issue = m.group(1) or _issue_number(m.group(2))
            d.kind = "masthead"
        elif meta.masthead is not None and _ISSUER_DATE_RE.match(t) and parse_date(t):
            m = _ISSUER_DATE_RE.match(t)
            assert m
            meta.issuer = d.raw.text.strip()[: len(m.group(1))].strip()
            meta.date = parse_date(t)
            d.kind = "masthead"
        elif meta.masthead is not None and _DATE_ONLY_RE.match(t) and parse_date(t):
            meta.date = parse_date(t)
            d.kind = "masthead"
        elif (
            meta.masthead is not None
            and meta.issuer is None
            and p["issuer"].search(t)
            and " " not in t.strip()
        ):
            meta.issuer = d.raw.text.strip()
            d.kind = "masthead"
        elif _COLUMN_RE.match(t) and meta.column is None:
            meta.column = _COLUMN_RE.match(t).group(1)  # type: ignore[union-attr]
            d.kind = "masthead"
        else:
            break
        i += 1
    return i


def _classify(blocks: list[RawBlock], hints: dict[str, str]) -> tuple[list[_Draft], Meta]:
    meta = Meta()
    drafts = [_Draft(b) for b in blocks]
    n = len(drafts)

    i = _masthead_zone(drafts, 0, meta)
    body_start = i

    # -- portal meta line (时间/来源) and title --------------------------------
    title_idx: int | None = None
    for j in range(body_start, min(n, body_start + 6)):
        d = drafts[j]
        if d.raw.kind_hint == "meta" or (_is_metaish(d.raw.text) and d.raw.rows is None):
            d.kind = "meta"
            _parse_meta_line(d.raw.text, meta)
            if meta.masthead is None:  # a bulletin posted on a portal: masthead after the meta line
                _masthead_zone(drafts, j + 1, meta)
            # the title is the block just before the meta line (junk lines skipped)
            k = j - 1
            while k > body_start and k >= j - 3 and _title_junk(drafts[k].raw.text):
                k -= 1
            if (
                k >= body_start
                and k < j
                and drafts[k].kind == "paragraph"
                and _title_like(drafts[k].raw.text)
                and not _title_junk(drafts[k].raw.text)
            ):
                title_idx = k
            # a title repeated after the meta line is page furniture
            if title_idx is not None and j + 1 < n:
                if normalize(drafts[j + 1].raw.text.strip()) == normalize(
                    drafts[title_idx].raw.text.strip()
                ):
                    drafts[j + 1].kind = "drop"
            break
    if title_idx is None:
        for j in range(body_start, min(n, body_start + 6)):
            d = drafts[j]
            if d.raw.kind_hint == "title" or (
                d.kind == "paragraph" and _title_like(d.raw.text) and not _title_junk(d.raw.text)
            ):
                title_idx = j
                break
            if d.kind == "paragraph" and not _title_junk(d.raw.text):
                break  # a body paragraph: the page has no title line
    if title_idx is None:
        # 原标题：… / 名称：… further down (a catalogue or repost line naming the title)
        for j in range(body_start, min(n, body_start + 10)):
            m = _patterns()["title_label"].match(normalize(drafts[j].raw.text.strip()))
            if m and drafts[j].kind == "paragraph":
                rest = drafts[j].raw.text.strip()[m.end() :]
                if _title_like(rest) and not _title_junk(rest):
                    title_idx = j
                    break
    labelled: str | None = None
    if title_idx is not None:
        m = _patterns()["title_label"].match(normalize(drafts[title_idx].raw.text.strip()))
        if m and m.end() > 0:
            labelled = drafts[title_idx].raw.text.strip()[m.end() :].strip() or None
    if title_idx is not None:
        drafts[title_idx].kind = "title"
        meta.title = re.sub(r"\s+", " ", labelled or drafts[title_idx].raw.text.strip())
        # some portal .txt saves put the column above the title
        if (
            title_idx > 0
            and drafts[title_idx - 1].kind == "paragraph"
            and _COLUMN_RE.match(normalize(drafts[title_idx - 1].raw.text.strip()))
        ):
            drafts[title_idx - 1].kind = "masthead"
            col = _COLUMN_RE.match(normalize(drafts[title_idx - 1].raw.text.strip()))
            meta.column = col.group(1) if col else None
    # anything before the title that is not masthead is page furniture (site banners)
    if title_idx is not None:
        for j in range(0, title_idx):
            if (
                drafts[j].kind == "paragraph"
                and len(drafts[j].raw.text) <= 40
                and "。" not in drafts[j].raw.text
            ):
                drafts[j].kind = "meta"

    # -- body: headings, source line, 版记 -----------------------------------
    for d in drafts:
        if d.kind != "paragraph":
            continue
        t = normalize(d.raw.text.strip())
        if d.raw.rows is not None:
            d.kind = "table"
            continue
        if _imprint(t, d.raw.text.strip(), meta):
            d.kind = "imprint"
            continue
        for rx in _SOURCE_RES:
            m = rx.match(t)
            if m:
                meta.source = meta.source or d.raw.text.strip()[m.start(1) : m.end(1)]
                d.kind = "meta"
                break
        if d.kind != "paragraph":
            continue
        hl = heading_level(t)
        if d.raw.kind_hint == "heading" or (d.raw.style or "").lower().startswith(
            ("heading", "标题")
        ):
            d.kind = "heading"
            d.level = d.raw.level or (hl[0] if hl else 1)
            d.marker = hl[1] if hl else None
        elif hl:
            d.level, d.marker = hl
            body = t[len(hl[1]) :]
            if len(t) <= 60 and "。" not in body.rstrip("。"):
                d.kind = "heading"
            # else: a run-in heading; stays a paragraph with level/marker set
        elif d.raw.kind_hint == "title" and meta.title is None:
            d.kind = "title"
            meta.title = d.raw.text.strip()
        elif meta.title is not None and _subheading_like(t):
            d.kind = "subheading"
    # short unnumbered lines are a portal article's sub-headings only when one or two of
    # them stand before a real paragraph; longer runs are table cells or a list
    k = 0
    while k < len(drafts):
        if drafts[k].kind != "subheading":
            k += 1
            continue
        run_end = k
        while run_end < len(drafts) and drafts[run_end].kind == "subheading":
            run_end += 1
        nxt = drafts[run_end] if run_end < len(drafts) else None
        ok = (
            run_end - k <= 2
            and nxt is not None
            and nxt.kind == "paragraph"
            and len(nxt.raw.text) >= 40
        )
        for d in drafts[k:run_end]:
            d.kind, d.level = ("heading", 1) if ok else ("paragraph", None)
        k = run_end
    if meta.date is not None:
        meta.date_source = meta.date_source or ("meta" if meta.masthead is None else "masthead")
    # hints from the reader (HTML <title>, meta tags) fill what the text didn't say
    for key in ("title", "date", "source", "site", "url"):
        if hints.get(key) and getattr(meta, key) is None:
            setattr(meta, key, hints[key] if key != "date" else (parse_date(hints[key]) or None))
            if key == "date" and meta.date:
                meta.date_source = "hint"
    if meta.date is None:
        _date_from_text(drafts, meta)
    return [d for d in drafts if d.kind != "drop"], meta


def _date_from_text(drafts: list[_Draft], meta: Meta) -> None:
    """The date a page states outside its masthead and meta line, with its source:
    a labelled date (发布日期：…, 成文日期：…) in any short block; a stamp line near the top
    (a short line opening or ending with a full date: ``某某日报 2021-05-18 09:40``); a
    signature date (落款) alone on one of the last lines.  Dates inside sentences are
    events, not the page's date, and are never taken."""
    p = _patterns()
    for d in drafts:
        if d.kind == "drop" or d.raw.rows is not None or len(d.raw.text) > 240:
            continue
        t = normalize(d.raw.text)
        for m in p["date_label"].finditer(t):
            date = parse_date(t[m.end() : m.end() + 24])
            if date and p["date_head"].match(t, m.end()):
                meta.date, meta.date_source = date, "label"
                return
    # a dateline: （2021年3月5日） alone on a line or closing a title line, near the top or
    # among the last lines; a line that reads as a sentence (，。；) holds an event's date
    for d in (*drafts[:8], *drafts[max(8, len(drafts) - 4) :]):
        t = normalize(d.raw.text.strip())
        if d.kind == "drop" or len(t) > 90 or d.raw.rows is not None:
            continue
        dl = _DATELINE_RE.search(t)
        if dl and not any(c in t[: dl.start()] for c in "，。；,;") and (date := parse_date(dl[1])):
            meta.date, meta.date_source = date, "dateline"
            return
    # a signature date: a date line alone among the last lines, after the body's prose
    prose = next((k for k, d in enumerate(drafts) if len(d.raw.text.strip()) >= 40), None)
    if prose is not None:
        for d in drafts[max(prose + 1, len(drafts) - 4) :]:
            t = normalize(d.raw.text.strip())
            if len(t) <= 16 and p["date_head"].match(t) and p["date_tail"].search(t):
                date = parse_date(t)
                if date:
                    meta.date, meta.date_source = date, "signature"
                    return
    for d in drafts[:12]:
        t = normalize(d.raw.text.strip())
        if d.kind == "drop" or len(t) > 90 or "。" in t:
            continue
        dmy = _DMY_STAMP_RE.match(t)
        if dmy:
            dd, mm, yy = (int(x) for x in dmy.groups())
            from briefing.extraction.periods import days_in_month

            if 1 <= mm <= 12 and 1 <= dd <= days_in_month(yy, mm):
                meta.date, meta.date_source = f"{yy:04d}-{mm:02d}-{dd:02d}", "stamp"
                return
        date = parse_date(t)
        if date is None:
            continue
        head = p["date_head"].match(t)
        if head:
            rest = t[head.end() :].lstrip("日号")
            clock = p["clock"].match(rest)
            rest = rest[clock.end() :] if clock else rest
        if p["date_tail"].search(t) or (head and (len(rest) <= 12 or rest[:1].isspace())):
            meta.date, meta.date_source = date, "stamp"
            return
    for d in drafts[:12]:
        # a title line followed by its stamp and source: … 2021-05-18 09:40 来源：…
        t = normalize(d.raw.text.strip()[:200])
        ms = p["date_source"].search(t) if d.kind != "drop" else None
        if ms and (date := parse_date(ms.group())):
            meta.date, meta.date_source = date, "stamp"
            return


def _issue_number(s: str | None) -> str | None:
    if s is None:
        return None
    if s.isdigit():
        return str(int(s))
    v = _small_cn(s) if len(s) <= 3 else None
    return str(v) if v is not None else s


def _title_like(text: str) -> bool:
    t = normalize(text.strip())
    if not t or len(t) > 60 or heading_level(t):
        return False
    if t.endswith(("。", "；", "：", "，")) or "。" in t:
        return False
    return not _is_metaish(t) and not _is_imprint(t)


def _subheading_like(t: str) -> bool:
    return (
        _title_like(t)
        and 4 <= len(t) <= 30
        and not any(c in t for c in "，。；：、！？%")
        and not any(c.isdigit() for c in t)
    )


def _join_cell_lines(cell: str) -> str:
    """A table cell on one line: whitespace runs holding a line break vanish.

    What ``re.sub(r"\\s*\\n\\s*", "", cell).strip()`` does, without its quadratic
    rescanning of long runs of spaces that hold no line break.
    """
    if "\n" not in cell:
        return cell.strip()
    parts = cell.split("\n")
    inner = [p.strip() for p in parts[1:-1]]
    return (parts[0].rstrip() + "".join(inner) + parts[-1].lstrip()).strip()


# a host name starts where a word starts (a search from inside a long word would rescan
# the rest of it from every position); its labels are possessive
_SITE_URL = re.compile(r"(?:https?://)?(?<![\w-])[\w-]++(?:\.[\w-]++)+\.(?:cn|com|net|org)\b\S*")


def _parse_meta_line(text: str, meta: Meta) -> None:
    t = normalize(text)
    date = parse_date(t)
    if date and meta.date is None:
        meta.date = date
    m = re.search(r"(?:信息来源|文章来源|来源|发布机构)\s*[:：]\s*([^\s|｜]+)", t)
    if m and meta.source is None:
        meta.source = text[m.start(1) : m.end(1)].strip()
    first = _patterns()["meta_key"].search(t)
    if first and first.start() > 0 and meta.site is None:
        site = text[: first.start()].strip(" |｜")
        url = _SITE_URL.search(site)
        if url:
            if meta.url is None and url.group(0).startswith("http"):
                meta.url = url.group(0)
            site = (site[: url.start()] + site[url.end() :]).strip()
        meta.site = site or None


def _imprint(t: str, raw: str, meta: Meta) -> bool:
    m = _IMPRINT_RES["copies"].match(t) or (_COPIES.search(t) if "共印" in t else None)
    if m and len(t) <= 40:
        meta.copies = int(m.group(1))
        return True
    if len(t) > 300:
        return False
    for key in ("送", "发"):
        m = _IMPRINT_RES[key].match(t)
        if m:
            meta.recipients.setdefault(key, []).extend(_split_list(raw[m.start(1) : m.end(1)]))
            return True
    m = _IMPRINT_RES["editor"].match(t)
    if m and len(t) <= 40:
        meta.editor = raw[m.start(1) : m.end(1)].strip().rstrip("。")
        return True
    return bool(_IMPRINT_RES["other"].match(t)) and len(t) <= 60


# ---------------------------------------------------------------------------
# 4. text, leads, sentences
# ---------------------------------------------------------------------------

SENT_END = re.compile(
    r"[。！？!?]+[”’」』)）]*|；(?=\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]))"
)
_OPENERS = "“（(《【「"
_CLOSERS = "”）)》】」"
_CLAUSE_PUNCT = re.compile(r"[“（(《【「”）)》】」，；：]")


def _sentences(norm: str, start: int, end: int, block: int) -> list[Sentence]:
    bounds: list[int] = []  # start, end of each sentence, in order
    s = start
    for m in SENT_END.finditer(norm, start, end):
        e = m.end()
        if e > s:
            bounds.append(s)
            bounds.append(e)
        s = e
    if s < end and norm[s:end].strip():
        bounds.append(s)
        bounds.append(end)
    if not bounds:
        return []
    # the clause marks of the whole block at once, walked with the sentences
    marks = [(m.start(), m.group()) for m in _CLAUSE_PUNCT.finditer(norm, bounds[0], end)]
    n_marks = len(marks)
    k = 0
    out: list[Sentence] = []
    for i in range(0, len(bounds), 2):
        ss, se = bounds[i], bounds[i + 1]
        # trim leading spaces
        while ss < se and norm[ss].isspace():
            ss += 1
        sent = Sentence(ss, se, block)
        out.append(sent)
        clauses = sent.clauses
        while k < n_marks and marks[k][0] < ss:
            k += 1
        cs = ss
        depth = 0
        while k < n_marks and marks[k][0] < se:
            ms, c = marks[k]
            k += 1
            if c in _OPENERS:
                depth += 1
            elif c in _CLOSERS:
                depth = max(0, depth - 1)
            elif depth == 0 and ms > cs:
                clauses.append(Span(cs, ms + 1))
                cs = ms + 1
        if cs < se:
            clauses.append(Span(cs, se))
    return out


_LEAD_STOP = re.compile(r"[。；！？]")


def _leads(norm: str, blk: Block, index: int, emphasis: list[Span]) -> list[Lead]:
    out: list[Lead] = []
    for m in LEAD_RE.finditer(norm, blk.start, blk.end):
        marker = norm[m.start(1) : m.end(1)]
        digits = marker[:-1] if marker.endswith("是") else marker[1:]
        ordinal = _small_cn(digits)
        if ordinal is None:
            continue
        end = None
        for e in emphasis:
            if e.start <= m.start(1) < e.end:
                end = e.end
                break
        if end is None:
            stop = _LEAD_STOP.search(norm, m.end(1), blk.end)
            end = stop.end() if stop else blk.end
        out.append(Lead(start=m.start(1), end=end, ordinal=ordinal, marker=marker, block=index))
    return out


def assemble(raw: RawDocument, name: str) -> Document:
    """Build a Document from a reader's raw blocks (see module docstring)."""
    # a pipe table broken one cell a line is table content, not chrome: joined first
    blocks = _clean_blocks(join_pipe_fragments(raw.blocks))
    blocks = _join_breaks(blocks)
    drafts, meta = _classify(blocks, raw.hints)

    parts: list[str] = []
    out_blocks: list[Block] = []
    emphasis: list[Span] = []
    pos = 0
    for d in drafts:
        if parts:
            parts.append("\n")
            pos += 1
        start = pos
        if d.raw.rows is not None:
            rows: list[list[Span]] = []
            for r, cells in enumerate(d.raw.rows):
                if r:
                    parts.append("\n")
                    pos += 1
                spans = []
                for c, cell in enumerate(cells):
                    if c:
                        parts.append("\t")
                        pos += 1
                    cell = _join_cell_lines(cell)
                    spans.append(Span(pos, pos + len(cell)))
                    parts.append(cell)
                    pos += len(cell)
                rows.append(spans)
            out_blocks.append(
                Block(kind="table", start=start, end=pos, rows=rows, style=d.raw.style)
            )
            continue
        text = d.raw.text
        lstrip = len(text) - len(text.lstrip())
        text = text.strip()
        parts.append(text)
        pos += len(text)
        for s, e in d.raw.emphasis:
            s2, e2 = max(0, s - lstrip), min(len(text), e - lstrip)
            if e2 > s2:
                emphasis.append(Span(start + s2, start + e2))
        kind = (
            d.kind
            if d.kind in ("masthead", "title", "meta", "heading", "paragraph", "imprint")
            else "paragraph"
        )
        out_blocks.append(
            Block(
                kind=kind,  # type: ignore[arg-type]
                start=start,
                end=pos,
                level=d.level,
                marker=d.marker,
                style=d.raw.style,
            )
        )

    text = "".join(parts)
    norm = normalize(text)
    sentences: list[Sentence] = []
    leads: list[Lead] = []
    for idx, b in enumerate(out_blocks):
        if b.kind in ("masthead", "meta", "imprint"):  # metadata lines hold no sentences
            continue
        if b.kind == "table" and b.rows:
            for row in b.rows:
                if row:
                    sent = Sentence(
                        row[0].start, row[-1].end, idx, clauses=[Span(c.start, c.end) for c in row]
                    )
                    sentences.append(sent)
            continue
        sentences.extend(_sentences(norm, b.start, b.end, idx))
        if b.kind == "paragraph":
            leads.extend(_leads(norm, b, idx, emphasis))
    return Document(
        text=text,
        norm=norm,
        path=name,
        format=raw.format,
        meta=meta,
        blocks=out_blocks,
        leads=leads,
        sentences=sentences,
        emphasis=emphasis,
        script=detect_script(text),  # type: ignore[arg-type]
        encoding=raw.encoding,
        notes=list(raw.notes),
    )
