"""HTML reader for government portal pages.

Steps:

1. **Charset**: a byte-order mark wins; bytes that are valid UTF-8 are UTF-8 (portals
   often keep a stale gb2312 declaration after re-encoding); otherwise the ``<meta
   charset>`` / ``http-equiv`` charset of the first 4 KB (GB2312/GBK are read as their
   superset GB18030), then GB18030.  The text is re-encoded as UTF-8 for lxml, whose parser has network access,
   huge trees and processing instructions switched off (HTML has no entity declarations).
2. **Chrome**: scripts, styles, forms, nav/header/footer/aside elements and elements whose
   id/class name a breadcrumb, share bar, print/close/font-size tool, related-links box or
   footer are dropped; so are lines that are nothing but such chrome
   (首页 > …, 【打印】【关闭】【字体：大 中 小】, 分享到, 扫一扫…).
3. **Article body**: the first known container that holds text (div#zoom, .TRS_Editor,
   #UCAP-CONTENT, .article-content, .pages_content, … , .content), else the element whose
   direct ``<p>`` children hold the most text, else ``<body>``.  A 相关阅读/相关链接
   line ends the body.
4. **Title**: h1 / .title-like elements / og:title / ``<title>`` minus the site suffix
   (“… - 某某市人民政府”).  **Meta line**: the element holding 时间/发布时间/日期 and
   来源/发布机构, turned into hints date (ISO), source, site; url from
   ``<link rel=canonical>`` / og:url.

Output: the title as a ``kind_hint="title"`` block, the meta line as ``kind_hint="meta"``,
then body blocks (paragraphs, ``h2``–``h6`` as heading hints, tables with rows).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from briefing.errors import ReadError
from briefing.io.base import RawBlock, RawDocument
from briefing.io.safety import clean_text, safe_html_parser
from briefing.text.chrome import article_resumes
from briefing.text.normalize import normalize

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
    "select", "input", "textarea", "iframe", "object", "embed", "svg", "canvas", "template",
    "link", "meta", "audio", "video", "map",
}  # fmt: skip
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:bread|crumb|breadcrumbs?|position|location|curpos|dqwz|nav|navbar|menu"
    r"|share|bdshare|jiathis|fenxiang|print|dayin|close|guanbi|fontsize|font-size|zihao|font_size"
    r"|toolbar|tools?|related|relate|xgyd|xglj|xgxx|recommend|footer|foot|bottom|copyright"
    r"|banquan|sidebar|side|header|top-bar|topbar|qrcode|ewm|erweima|search|login|comment"
    r"|pager|pagination|prev|next|sxp)(?:$|[\s_\-\d])",
    re.I,
)
# Every whitespace run is possessive (``\s*+``): a run between two tokens could otherwise
# be split between the neighbours in many ways, and a line of 【打印】 tokens separated by
# spaces that fails at its end would take time doubling with each token.
_CHROME_LINE = re.compile(
    r"""^(?:
        \s*+(?:当前位置|您的位置|你的位置|位置)\s*+[:：].*
      | \s*+首页\s*+(?:[>＞›»/→]|&gt;).*
      | (?:\s*+[【\[]\s*+(?:打印|关闭|打印本页|关闭窗口|收藏|加入收藏|返回|返回顶部|保存|纠错|分享|大|中|小
          |字体\s*+[:：]?\s*+大\s*+中\s*+小)\s*+[】\]]\s*+)+
      | \s*+(?:【\s*+)?字体\s*+[:：]?\s*+[【\[]?\s*+大\s*+[】\]]?\s*+[【\[]?\s*+中\s*+[】\]]?\s*+[【\[]?\s*+小\s*+[】\]]?(?:\s*+】)?.*
      | \s*+分享到\s*+[:：]?.*
      | \s*+扫一扫.{0,20}
      | \s*+(?:打印本页|关闭窗口|打印|关闭|返回顶部|收藏|上一篇|下一篇)(?:\s*+[|｜]?\s*+(?:打印本页|关闭窗口|打印|关闭|返回顶部|收藏))*\s*+
      | \s*+(?:浏览次数|阅读次数|访问量|点击数|阅读量)\s*+[:：]?\s*+\d*+\s*+
    )$""",
    re.X,
)
_RELATED = re.compile(
    r"^\s*+【?\s*+(?:相关阅读|相关链接|相关文章|相关新闻|相关信息|延伸阅读|猜你喜欢)\s*+】?\s*+[:：]?\s*+$"
)
_BODY_SELECTORS = [
    ("id", "zoom"),
    ("id", "Zoom"),
    ("id", "UCAP-CONTENT"),
    ("class", "TRS_Editor"),
    ("class", "TRS_UEDITOR"),
    ("class", "article-content"),
    ("class", "article_content"),
    ("class", "articleContent"),
    ("class", "pages_content"),
    ("class", "news_content"),
    ("class", "detail-content"),
    ("class", "content-text"),
    ("id", "content"),
    ("class", "content"),
    ("tag", "article"),
]
_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
_DATE_LABEL = r"(?:发布时间|发布日期|时间|日期|发文日期|成文日期)"
_META_LINE = re.compile(_DATE_LABEL + r"\s*[:：]|来源\s*[:：]|发布机构\s*[:：]|信息来源\s*[:：]")
_SOURCE = re.compile(
    r"(?:信息来源|来源|发布机构)\s*[:：]\s*(.+?)(?=\s{1,}\S{1,6}\s*[:：]|\s{2,}|【|$|\s*(?:作者|编辑|责任编辑|浏览|点击|阅读|字体|时间|发布时间|日期)\s*[:：])"
)
# starts only where a whitespace run starts: a search from inside a long run of spaces
# would otherwise rescan the rest of the run from every position (quadratic)
_SITE_SUFFIX = re.compile(r"(?<!\s)\s*+(?:[-_|｜—–]{1,2}|——)\s*+")
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "main", "pre", "center", "table", "tr", "td", "th",
    "tbody", "thead", "tfoot", "caption", "figure", "figcaption", "address", "hr", "body",
}  # fmt: skip
_BOLD_TAGS = {"b", "strong"}


def read_raw(data: bytes, name: str) -> RawDocument:
    """Read a portal page from bytes.  Raises ReadError on anything that is not HTML text."""
    text, encoding = decode_html(data, name)
    try:
        from lxml import etree, html
    except ImportError as e:  # pragma: no cover - lxml is a core dependency
        raise ReadError(name, f"reading HTML needs lxml ({e})") from None
    if "\x00" in text[:4096]:
        raise ReadError(name, "binary data, not an HTML page")
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ReadError(name, "empty HTML page")
    try:
        root = html.document_fromstring(
            text.encode("utf-8", "surrogatepass"), parser=safe_html_parser("utf-8")
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(
            name, f"not a readable HTML page ({str(e)[:80] or type(e).__name__})"
        ) from None
    try:
        return _Page(root, encoding).read(name)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(name, "HTML nested too deeply") from None
    except Exception as e:
        raise ReadError(name, f"malformed HTML ({type(e).__name__}: {str(e)[:100]})") from None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode a page: BOM, then declared charset, then UTF-8, then GB18030."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError:
                raise ReadError(
                    name, f"starts with a {enc} byte-order mark but is not {enc}"
                ) from None
    declared = None
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb2312-80"):
            declared = "gb18030"
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    # bytes that are valid UTF-8 are UTF-8 whatever the page declares (GB-encoded Chinese
    # is practically never valid UTF-8, and portals often keep a stale gb2312 declaration)
    tried = [declared] if declared else []
    for enc in ("utf-8", *tried, "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    # a declared charset that does not hold: decode leniently rather than refuse a page
    enc = declared or "utf-8"
    return data.decode(enc, "replace"), enc


def _attr_tokens(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}"


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


class _Page:
    def __init__(self, root: Any, encoding: str) -> None:
        self.root = root
        self.encoding = encoding
        self.hints: dict[str, str] = {}

    def read(self, name: str) -> RawDocument:
        root = self.root
        self._head_hints()
        title = self._title()
        body = self._find_body()
        _meta_el, meta_text = self._meta_line(body)
        self._strip_chrome(body)
        blocks = _Blocks().collect(body)
        blocks = self._clean_blocks(blocks, title, meta_text)
        out: list[RawBlock] = []
        meta = (
            [RawBlock(text=meta_text, style="meta", align="center", kind_hint="meta")]
            if meta_text
            else []
        )
        at = None
        if title:
            self.hints["title"] = title
            # the title repeated near the top of the body is the title block itself
            at = self._title_in_body(blocks, title)
            if at is None:
                out.append(RawBlock(text=title, style="title", align="center", kind_hint="title"))
            else:
                blocks[at].kind_hint = "title"
        if at is None:
            out.extend(meta)
            out.extend(blocks)
        else:  # title, then the 时间/来源 line, as the page shows them
            out.extend(blocks[: at + 1] + meta + blocks[at + 1 :])
        if not out:
            raise ReadError(name, "no article text found in the HTML page")
        del root
        return RawDocument(blocks=out, format="html", encoding=self.encoding, hints=self.hints)

    # -- head ------------------------------------------------------------------------
    def _head_hints(self) -> None:
        root = self.root
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                self.hints["url"] = link.get("href").strip()
                break
        for meta in root.iter("meta"):
            prop = (meta.get("property") or meta.get("name") or "").lower()
            content = (meta.get("content") or "").strip()
            if not content:
                continue
            if prop == "og:url" and "url" not in self.hints:
                self.hints["url"] = content
            elif prop in ("og:site_name", "sitename", "site_name") and "site" not in self.hints:
                self.hints["site"] = content
            elif prop in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time"):
                d = _iso_date(content)
                if d and "date" not in self.hints:
                    self.hints["date"] = d
            elif prop in ("contentsource", "source") and "source" not in self.hints:
                self.hints["source"] = content

    def _title(self) -> str:
        root = self.root
        head_title = ""
        t = root.find(".//title")
        if t is not None:
            head_title = clean_text(t.text_content())[0]
        candidates: list[str] = []
        for h in root.iter("h1"):
            txt = clean_text(h.text_content())[0]
            if txt and not _CHROME_ATTR.search(_attr_tokens(h)):
                candidates.append(txt)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            tokens = _attr_tokens(el)
            if re.search(
                r"(?:^|[\s_\-])(?:article[_\-]?title|arti[_\-]?title|title|biaoti|bt|newstitle|news[_\-]title|sp_title|con[_\-]title|detail[_\-]title)(?:$|[\s_\-])",
                tokens,
                re.I,
            ) and el.tag not in ("title", "head"):
                txt = clean_text(el.text_content())[0]
                if 2 <= len(txt) <= 120:
                    candidates.append(txt)
        og = ""
        for meta in root.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() in (
                "og:title",
                "articletitle",
            ):
                og = clean_text(meta.get("content") or "")[0]
        stripped = self._strip_site(head_title)
        for c in candidates:
            # prefer a visible title that agrees with <title>
            if stripped and (_norm(c) == _norm(stripped) or _norm(stripped).startswith(_norm(c))):
                return c
        if candidates:
            return candidates[0]
        return og or stripped

    def _strip_site(self, title: str) -> str:
        if not title:
            return ""
        parts = [p for p in _SITE_SUFFIX.split(title) if p.strip()]
        if len(parts) > 1:
            site = parts[-1].strip()
            if re.search(r"(?:政府|网|门户|网站|委员会|局|厅|办公室|中心|gov)", site, re.I):
                self.hints.setdefault("site", site)
                return clean_text(" ".join(parts[:-1]) if len(parts) == 2 else parts[0])[0]
        return title

    def _meta_line(self, body: Any) -> tuple[Any, str]:
        """The smallest element whose text is the 时间/来源 line.

        Searched outside the article body first; inside it only a short element that
        starts with the label counts (so 会议时间：… in the text is not taken).
        """
        inside = set(body.iter())
        best = self._meta_candidate(lambda el: el not in inside and el not in body.iterancestors())
        if best is None:
            best = self._meta_candidate(
                lambda el: (
                    el in inside
                    and el is not body
                    and len(el.text_content()) < 200
                    and bool(
                        re.match(
                            r"\s*(?:" + _DATE_LABEL + r"|来源|信息来源|发布机构)\s*[:：]",
                            el.text_content(),
                        )
                    )
                )
            )
        return self._meta_from(best)

    def _meta_candidate(self, allowed: Any) -> Any:
        best = None
        best_len = 10**9
        for el in self.root.iter():
            if not isinstance(el.tag, str) or el.tag in (
                "script",
                "style",
                "title",
                "head",
                "html",
                "body",
            ):
                continue
            txt = el.text_content()
            if len(txt) > 400 or not _META_LINE.search(txt) or not allowed(el):
                continue
            has_date = bool(re.search(_DATE_LABEL + r"\s*[:：]\s*\d{4}", txt)) or bool(
                _DATE.search(txt)
            )
            if not has_date and "来源" not in txt:
                continue
            if len(txt) < best_len or (len(txt) == best_len and best is not None):
                # prefer elements that hold both date and source
                if best is not None and _score_meta(txt) < _score_meta(best.text_content()):
                    continue
                best, best_len = el, len(txt)
        return best

    def _meta_from(self, best: Any) -> tuple[Any, str]:
        if best is None:
            return None, ""
        text = _meta_text(best)
        if not text:
            return None, ""
        m = re.search(_DATE_LABEL + r"\s*[:：]\s*([^\s]{6,}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)", text)
        d = _iso_date(m.group(1)) if m else _iso_date(text)
        if d:
            self.hints["date"] = d
        sm = _SOURCE.search(text)
        if sm:
            src = sm.group(1).strip(" ：:")
            if src:
                self.hints["source"] = src
        # text before the first label is often the site name
        lead = re.split(_DATE_LABEL + r"\s*[:：]|来源\s*[:：]", text, maxsplit=1)[0].strip()
        if lead and len(lead) <= 40 and re.search(r"(?:网|政府|门户|网站)", lead):
            self.hints.setdefault(
                "site", re.sub(r"\s+[A-Za-z0-9.\-]+\.[a-z]{2,}$", "", lead).strip()
            )
        if best.getparent() is not None:
            best.drop_tree()
        return best, text

    # -- body --------------------------------------------------------------------------
    def _find_body(self) -> Any:
        root = self.root
        for kind, value in _BODY_SELECTORS:
            matches: list[Any] = []
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                if kind == "id" and el.get("id") == value:
                    matches.append(el)
                elif kind == "class" and value in (el.get("class") or "").split():
                    matches.append(el)
                elif kind == "tag" and el.tag == value:
                    matches.append(el)
            matches = [m for m in matches if len(_norm(m.text_content())) >= 10]
            if matches:
                return max(matches, key=lambda m: len(_norm(m.text_content())))
        best, best_score = None, 0
        for el in root.iter("div", "td", "section", "article", "main"):
            score = 0
            for child in el:
                if isinstance(child.tag, str) and child.tag == "p":
                    score += len(_norm(child.text_content()))
            if score > best_score:
                best, best_score = el, score
        if best is not None:
            return best
        body = root.find("body")
        return body if body is not None else root

    def _strip_chrome(self, body: Any) -> None:
        doomed = []
        for el in body.iter():
            if el is body or not isinstance(el.tag, str):
                if not isinstance(el.tag, str) and el is not body:
                    doomed.append(el)
                continue
            if el.tag in _DROP_TAGS:
                doomed.append(el)
            elif _CHROME_ATTR.search(_attr_tokens(el)) and len(_norm(el.text_content())) < 300:
                doomed.append(el)
            elif (el.get("style") or "").replace(" ", "").lower().find("display:none") >= 0:
                doomed.append(el)
        for el in doomed:
            if el.getparent() is not None:
                el.drop_tree()

    @staticmethod
    def _title_in_body(blocks: list[RawBlock], title: str) -> int | None:
        """Index of a body block equal to the title before any long paragraph, else None."""
        want = _norm(title)
        for i, b in enumerate(blocks[:12]):
            if _norm(b.text) == want:
                return i
            if len(b.text) > 60:
                return None
        return None

    def _clean_blocks(self, blocks: list[RawBlock], title: str, meta_text: str) -> list[RawBlock]:
        out: list[RawBlock] = []
        skip_to = 0
        for i, b in enumerate(blocks):
            if i < skip_to:
                continue
            if _RELATED.match(normalize(b.text)):  # 相關閱讀 on traditional mirrors too
                k = article_resumes([x.text for x in blocks], i + 1)
                if k is None:
                    break
                skip_to = k  # the article resumes after the related list
                continue
            if _CHROME_LINE.match(b.text):
                continue
            if meta_text and _norm(b.text) == _norm(meta_text):
                continue
            out.append(b)
        return out


def _score_meta(txt: str) -> int:
    return int(bool(re.search(_DATE_LABEL + r"\s*[:：]", txt))) + int("来源" in txt)


def _meta_text(el: Any) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            if node.tail:
                parts.append(node.tail)
            return
        if node.tag in _BLOCK_TAGS or node.tag in ("span", "em", "font", "label", "a"):
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        parts.append(" ")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    text = clean_text("".join(parts))[0]
    # drop tool links that share the line: 【打印】【关闭】【字体：大 中 小】, 分享到
    text = re.sub(
        r"【\s*(?:打印|关闭|打印本页|关闭窗口|收藏|加入收藏|返回|保存|纠错|大|中|小)\s*】",
        " ",
        text,
    )
    text = re.sub(
        r"[\[【]?\s*+(?:字体|字号)\s*+[:：]?\s*+[\[【]?\s*+大\s*+[\]】]?\s*+[\[【]?\s*+中\s*+[\]】]?\s*+[\[【]?\s*+小\s*+[\]】]?\s*+[\]】]?",
        " ",
        text,
    )
    text = re.sub(r"(?:分享到|浏览次数|阅读次数|点击数|访问量|阅读量)\s*[:：]?\s*\d*", " ", text)
    text = re.sub(r"(?:打印本页|关闭窗口|\[?打印\]?|\[?关闭\]?)\s*$", " ", text)
    return clean_text(text)[0]


def _iso_date(s: str) -> str | None:
    m = _DATE.search(s)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


class _Blocks:
    """Turns an element tree into paragraph blocks: block tags and <br> end a block."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.buf: list[str] = []
        self.pos = 0
        self.spans: list[tuple[int, int]] = []
        self.align: str | None = None
        self.tag: str | None = None
        self.heading_level: int | None = None
        self.min_h = 7

    def collect(self, body: Any) -> list[RawBlock]:
        for el in body.iter("h2", "h3", "h4", "h5", "h6"):
            self.min_h = min(self.min_h, int(el.tag[1]))
        self._walk(body, bold=False, align=None)
        self._flush()
        return self.blocks

    def _add(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        if bold and text.strip():
            self.spans.append((self.pos, self.pos + len(text)))
        self.buf.append(text)
        self.pos += len(text)

    def _flush(self) -> None:
        if self.buf:
            text, spans = clean_text("".join(self.buf), self.spans)
            if text:
                hint = "heading" if self.heading_level is not None else None
                self.blocks.append(
                    RawBlock(
                        text=text,
                        emphasis=spans,
                        style=self.tag,
                        align=self.align,
                        kind_hint=hint,
                        level=self.heading_level,
                    )
                )
        self.buf, self.spans, self.pos = [], [], 0
        self.heading_level = None

    def _walk(self, el: Any, bold: bool, align: str | None) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            self._flush()
            self._table(el)
            self._add(el.tail, bold)
            return
        style = (el.get("style") or "").replace(" ", "").lower() if tag else ""
        a = (el.get("align") or "").lower() if tag else ""
        if "text-align:center" in style or a == "center" or tag == "center":
            align = "center"
        elif "text-align:right" in style or a == "right":
            align = "right"
        is_bold = (
            bold or tag in _BOLD_TAGS or "font-weight:bold" in style or "font-weight:700" in style
        )
        block = tag in _BLOCK_TAGS
        if tag == "br":
            self._flush()
            self._add(el.tail, bold)
            return
        if block:
            self._flush()
            self.align = align
            self.tag = tag
            if tag in ("h2", "h3", "h4", "h5", "h6"):
                self.heading_level = int(tag[1]) - self.min_h + 1
        if tag:
            self._add(el.text, is_bold)
            for child in el:
                self._walk(child, is_bold, align)
        if block:
            self._flush()
        self._add(el.tail, bold)

    def _table(self, table: Any) -> None:
        rows: list[list[str]] = []
        for tr in table.iter("tr"):
            # skip rows of nested tables: they are handled with their own table
            anc = tr.getparent()
            while anc is not None and anc.tag != "table":
                anc = anc.getparent()
            if anc is not table:
                continue
            cells = [
                clean_text(c.text_content())[0]
                for c in tr
                if isinstance(c.tag, str) and c.tag in ("td", "th")
            ]
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        # a one-column table, or one whose cells hold paragraphs or tables, is page
        # layout, not data: walk its cells as ordinary content
        layout = max(len(r) for r in rows) == 1 or any(
            len(_norm(x.text_content())) > 100
            for x in table.iter("p", "div", "table")
            if x is not table
        )
        if layout:
            for tr in table.iter("tr"):
                anc = tr.getparent()
                while anc is not None and anc.tag != "table":
                    anc = anc.getparent()
                if anc is not table:
                    continue
                for c in tr:
                    if isinstance(c.tag, str) and c.tag in ("td", "th"):
                        self._walk(c, False, None)
                        self._flush()
            return
        self.blocks.append(
            RawBlock(
                text="\n".join("\t".join(r) for r in rows),
                style="table",
                kind_hint="table",
                rows=rows,
            )
        )
