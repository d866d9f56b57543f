"""Word (.docx) reader: body paragraphs and tables in document order.

The body XML is walked child by child (``w:p``, ``w:tbl``, ``w:sdt`` content controls),
so paragraphs and tables keep their order.  Headers, footers, footnotes and comments are
not part of the body and are ignored.  Text boxes anchored in a paragraph (a masthead is
often typed in one) come out as paragraphs before the anchoring paragraph; only the
DrawingML copy is read, not its VML fallback duplicate.

Each paragraph gives a :class:`RawBlock` with its style name, alignment, bold runs as
``emphasis`` and, for the built-in Title / Heading N styles, a ``kind_hint``.

Tables give ``RawBlock(kind_hint="table", rows=[[cell, ...], ...])`` whose text is the
cells joined by a tab, rows by a newline (merged cells appear once).  **Layout tables**
are the exception: bulletins often type the masthead (刊名 / 期号 / issuer | date) or the
版记 (送：… / 发：… / 责任编辑 / 共印N份) into one- or two-column tables to get rules and
left/right alignment.  Such a table comes out as ordinary paragraphs, one per cell
paragraph, so :mod:`briefing.structure` recognises it exactly as if it were typed as
paragraphs.  The rule (decided by content, see :func:`is_layout_table`):

* at most two distinct cells in every row, at most 8 rows, and
* at least one cell line is a 版记/masthead line, or a row is "issuer | date", (送：/发：/报：/抄送：, 责任编辑, 共印N份,
  a 期号 like 第12期 or （143）, a 刊名 ending in 政务信息/简报/动态/专报/快报…), and
* every other non-empty cell line is short (≤ 40 characters) or such a line too,
  and no cell looks like a number column (mostly digits).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from briefing.errors import ReadError
from briefing.io.base import RawBlock, RawDocument
from briefing.io.safety import check_zip, clean_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# the children of a run that make its text (python-docx's CT_R.text, in document order)
_RUN_TEXT = tuple(_W + t for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))

# 版记 and masthead lines (GB/T 9704-2012 版记; 简报 masthead conventions).
# whitespace runs are possessive (``\s*+``) so that no run is split two ways
_LAYOUT_LINE = re.compile(
    r"""^\s*+(?:
        (?:送|发|报|抄送|抄报|分送|印发|主送)\s*+[:：]
      | 责任编辑 | 编\s*+辑\s*+[:：] | 签\s*+发\s*+[:：] | 审\s*+核\s*+[:：] | 校\s*+对\s*+[:：]
      | .*共印\s*+[0-9０-９一二三四五六七八九十百千]+\s*+份
      | 第?\s*+[（(]?\s*+[0-9０-９〇一二三四五六七八九十百]+\s*+[)）]?\s*+期\s*+$
      | [（(]\s*+[0-9０-９]+\s*+[)）]\s*+$
      | 第\s*+[0-9０-９]+\s*+期.*
      | .{0,12}(?:政务信息|简报|簡報|动态|動態|专报|專報|快报|快報|要情|参阅|通讯|通訊|信息)\s*+$
      | [0-9０-９〇一二三四五六七八九十]{4}\s*+年\s*+[0-9０-９一二三四五六七八九十]{1,2}\s*+月
        \s*+[0-9０-９一二三四五六七八九十]{1,3}\s*+日(?:\s*+印发)?\s*+$
    )""",
    re.VERBOSE,
)
# 共印N份 within the first 200 characters, N at most 40 characters: bounded work per
# 共印 (``.*共印\s*\S+\s*份`` rescanned the rest of a long line from each 共印)
_STRONG_LINE = re.compile(
    r"^\s*+(?:(?:送|发|报|抄送|抄报|分送|主送)\s*+[:：]|责任编辑|.{0,200}共印\s*+\S{1,40}\s*+份"
    r"|第\s*+[0-9０-９〇一二三四五六七八九十百]+\s*+期|[（(]\s*+[0-9０-９]+\s*+[)）]\s*+$"
    r"|.{0,12}(?:政务信息|简报|簡報|动态|動態|专报|專報|快报|快報)\s*+$)"
)
_DATE_LINE = re.compile(
    r"^\s*+[0-9０-９〇一二三四五六七八九十]{4}\s*+年\s*+[0-9０-９一二三四五六七八九十]{1,2}\s*+月"
    r"\s*+[0-9０-９一二三四五六七八九十]{1,3}\s*+日\s*+$"
)
_NUMERIC = re.compile(r"[0-9０-９.%％,，]")


def read_raw(data: bytes, name: str) -> RawDocument:
    """Read a .docx from bytes.  Raises ReadError on anything that is not a sound .docx."""
    check_zip(data, name, kind=".docx")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - python-docx is a core dependency
        raise ReadError(name, f"reading .docx needs python-docx ({e})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise ReadError(name, "not a Word .docx package (no word/document.xml)") from None
    except KeyError as e:
        raise ReadError(name, f"damaged .docx: missing part {e}") from None
    except ValueError as e:
        raise ReadError(name, f"not a Word document: {str(e)[:100]}") from None
    except Exception as e:
        raise ReadError(name, f"damaged .docx ({type(e).__name__}: {str(e)[:100]})") from None
    try:
        reader = _Reader(document)
        blocks = list(reader.blocks())
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(name, "damaged .docx: nested too deeply") from None
    except Exception as e:
        raise ReadError(name, f"damaged .docx ({type(e).__name__}: {str(e)[:100]})") from None
    hints: dict[str, str] = {}
    try:
        title = (document.core_properties.title or "").strip()
    except Exception:
        title = ""
    if title:
        hints["title"] = title
    return RawDocument(blocks=blocks, format="docx", encoding=None, hints=hints)


#: Tag of the content control holding the appendix of a briefing rendered by briefing
#: (``briefing render --appendix``; see briefing.rendering.briefing.APPENDIX_TAG).
GENERATED_APPENDIX_TAG = "briefing:appendix"


def _is_generated_appendix(sdt: Any) -> bool:
    pr = sdt.find(_W + "sdtPr")
    tag = None if pr is None else pr.find(_W + "tag")
    return tag is not None and tag.get(_W + "val") == GENERATED_APPENDIX_TAG


class _Reader:
    def __init__(self, document: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.document = document
        self._align_map = {
            WD_ALIGN_PARAGRAPH.CENTER: "center",
            WD_ALIGN_PARAGRAPH.RIGHT: "right",
        }
        self._style_cache: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._run_cache: dict[str, bool] = {}
        self._page_break = False

    # -- walking ---------------------------------------------------------------
    def blocks(self) -> Iterator[RawBlock]:
        body = self.document.element.body
        yield from self._container(body, self.document)

    def _container(self, element: Any, parent: Any) -> Iterator[RawBlock]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                para = Paragraph(child, parent)
                yield from self._textboxes(child, parent)
                block = self._paragraph(para)
                if block is not None:
                    yield block
            elif tag == _W + "tbl":
                yield from self._table(Table(child, parent))
            elif tag in (_W + "sdt",):
                if _is_generated_appendix(child):
                    continue  # briefing's own appendix: the bulletin ends before it
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from self._container(content, parent)
            elif tag in (_W + "customXml", _W + "ins", _W + "smartTag"):
                yield from self._container(child, parent)

    def _textboxes(self, p_el: Any, parent: Any) -> Iterator[RawBlock]:
        for tb in p_el.iter(_W + "txbxContent"):
            if any(anc.tag == _MC_FALLBACK for anc in tb.iterancestors()):
                continue
            yield from self._container(tb, parent)

    # -- paragraphs ----------------------------------------------------------------
    def _paragraph(self, para: Any) -> RawBlock | None:
        from docx.text.hyperlink import Hyperlink
        from docx.text.run import Run

        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        page_break = False
        # para.iter_inner_content() and run.text, by walking children: python-docx
        # answers both with an XPath query compiled on every call (most of a long
        # document's reading time)
        for child in para._p.iterchildren(_W + "r", _W + "hyperlink"):
            runs = (
                [Run(child, para)] if child.tag == _W + "r" else list(Hyperlink(child, para).runs)
            )
            for run in runs:
                if any(br.get(_W + "type") == "page" for br in run._r.iterchildren(_W + "br")):
                    page_break = True
                t = "".join(str(e) for e in run._r.iterchildren(*_RUN_TEXT))
                if not t:
                    continue
                if self._run_bold(run):
                    spans.append((pos, pos + len(t)))
                pieces.append(t)
                pos += len(t)
        pending_break = self._page_break
        self._page_break = page_break
        text, emphasis = clean_text("".join(pieces), spans)
        if not text:
            # a paragraph holding only a page break moves the break to the next block
            self._page_break = self._page_break or pending_break
            return None
        style_name, kind_hint, _ = self._style_info(para)
        level: int | None = None
        if kind_hint == "heading" and style_name:
            m = re.search(r"(?<!\d)(\d++)\s*+$", style_name)
            level = int(m.group(1)) if m else None
        ppr = para._p.pPr
        page_before = pending_break or bool(
            ppr is not None and ppr.find(_W + "pageBreakBefore") is not None
        )
        return RawBlock(
            text=text,
            emphasis=emphasis,
            style=style_name,
            align=self._align(para),
            kind_hint=kind_hint,
            level=level,
            page_break_before=page_before,
        )

    def _run_bold(self, run: Any) -> bool:
        b = run.bold
        if b is not None:
            return bool(b)
        sid = run._r.style  # character style id, or None
        if sid is None:
            return False
        key = "r:" + sid
        if key not in self._run_cache:
            bold = False
            try:
                st = run.style
                while st is not None:
                    if st.font.bold is not None:
                        bold = bool(st.font.bold)
                        break
                    st = st.base_style
            except Exception:
                bold = False
            self._run_cache[key] = bold
        return self._run_cache[key]

    def _style_info(self, para: Any) -> tuple[str | None, str | None, str | None]:
        """(style name, kind hint, style alignment), cached per style id.

        python-docx resolves ``paragraph.style`` by scanning every style, so the lookup
        is done once per style id, not once per paragraph.
        """
        sid = para._p.style or ""  # pStyle id; "" = the default paragraph style
        if sid in self._style_cache:
            return self._style_cache[sid]
        try:
            style = para.style
        except Exception:
            style = None
        if style is None:
            info: tuple[str | None, str | None, str | None] = (None, None, None)
            self._style_cache[sid] = info
            return info
        name = style.name
        hint: str | None = None
        st = style
        depth = 0
        while st is not None and depth < 10:  # headings based on a Heading style
            n = (st.name or "").lower()
            if n in ("title", "标题"):
                hint = "title"
                break
            if re.fullmatch(r"(heading|标题)\s*\d", n):
                hint = "heading"
                if st is not style:
                    name = st.name  # report the level of the built-in style
                break
            st = st.base_style
            depth += 1
        align = None
        try:
            st = style
            while st is not None and align is None:
                align = st.paragraph_format.alignment
                st = st.base_style
        except Exception:
            align = None
        info = (name, hint, self._align_map.get(align) if align is not None else None)
        self._style_cache[sid] = info
        return info

    def _align(self, para: Any) -> str | None:
        a = para.alignment
        if a is not None:
            return self._align_map.get(a)
        return self._style_info(para)[2]

    # -- tables -------------------------------------------------------------------
    def _table(self, table: Any) -> Iterator[RawBlock]:
        grid: list[list[Any]] = []  # rows of distinct cells
        for tr in table._tbl.tr_lst:
            # a horizontally merged cell is one w:tc; a vertically merged continuation
            # cell is an empty w:tc and drops out below with the other empty cells
            grid.append(list(tr.tc_lst))
        from docx.table import _Cell

        cells = [[_Cell(tc, table) for tc in row] for row in grid]
        if is_layout_table([[self._cell_lines(c) for c in row] for row in cells]):
            for row in cells:
                for cell in row:
                    yield from self._container(cell._tc, cell)
            return
        rows: list[list[str]] = []
        for row in cells:
            texts = []
            for cell in row:
                lines = self._cell_lines(cell)
                texts.append(clean_text(" ".join(lines))[0] if lines else "")
            if any(texts):
                rows.append(texts)
        nested: list[RawBlock] = []
        for row in cells:
            for cell in row:
                for inner in cell._tc.iterchildren(_W + "tbl"):
                    from docx.table import Table

                    nested.extend(self._table(Table(inner, cell)))
        if rows:
            text = "\n".join("\t".join(r) for r in rows)
            yield RawBlock(text=text, style=_table_style(table), kind_hint="table", rows=rows)
        yield from nested

    def _cell_lines(self, cell: Any) -> list[str]:
        lines = []
        for p in cell._tc.iterchildren(_W + "p"):
            from docx.text.paragraph import Paragraph

            t = clean_text(Paragraph(p, cell).text)[0]
            if t:
                lines.append(t)
        return lines


def _table_style(table: Any) -> str | None:
    try:
        return table.style.name if table.style is not None else None
    except Exception:
        return None


def is_layout_table(rows: list[list[list[str]]]) -> bool:
    """True when a table (rows of cells of lines) is a masthead/版记 typed as a table.

    See the module docstring for the rule.
    """
    if not rows or len(rows) > 8:
        return False
    if any(len(r) > 2 for r in rows):
        return False
    lines = [ln for r in rows for c in r for ln in c if ln.strip()]
    if not lines:
        return False
    issuer_date_row = any(
        len(r) == 2
        and len(r[1]) == 1
        and _DATE_LINE.match(r[1][0])
        and sum(len(x) for x in r[0]) <= 30
        for r in rows
    )
    if not issuer_date_row and not any(_STRONG_LINE.match(ln) for ln in lines):
        return False
    for ln in lines:
        if _LAYOUT_LINE.match(ln):
            continue
        if len(ln) > 40:
            return False
        digits = len(_NUMERIC.findall(ln))
        if digits and digits / len(ln) > 0.5:
            return False
    return True
