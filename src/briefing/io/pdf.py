"""PDF reader (text layer only; needs the optional ``pdf`` extra: pdfminer.six).

pdfminer lays out characters into text lines (``LAParams``); this module does the rest
from geometry, because bulletin PDFs are single-column pages set to GB/T 9704:

* **Reading order**: lines sorted top to bottom, lines on the same row left to right.
  Virtual spaces that pdfminer infers from glyph gaps are dropped next to CJK characters
  (LibreOffice/Word put a gap between 第 and 12) and kept between Latin words.
* **Page furniture**: a line that is a page number (— 3 —, -3-, 第3页, 第3页共5页, 3/5, 3) among
  the first or last two lines of a page goes; so does a running header/footer — the same
  text (digits ignored) as the first or last lines of at least half the pages (≥ 2).
* **Paragraphs**: the body's left edge ``L`` is the most common line start, its right edge
  ``R`` a high percentile of line ends.  Line *b* continues the paragraph of line *a* unless
  b is indented (first-line indent) or on the same row, the font size changes, the
  baseline gap exceeds the usual pitch by 0.4 em, a is a centred/right-aligned line, or a
  ended short: the first word of b (one CJK character with any closing punctuation that
  may not start a line, or a run of Latin letters/digits) would have fitted after a.
  Consecutive centred lines of the same size are one block (a wrapped title).  Wrapped
  lines are joined without a space unless both sides are Latin letters/digits.
* **Page breaks**: the first block of a page is flagged ``page_break_before``, unless it
  continues the last paragraph of the previous page — the same rules as within a page,
  plus, when the document does not use first-line indents, the previous page's last line
  must not end a sentence — in which case the two are re-joined into one block.
* **Emphasis**: characters set in a bold font (name containing Bold/Heavy/Black/黑体)
  become emphasis spans.

An encrypted PDF that needs a password raises ``ReadError(name, "password-protected PDF")``;
a PDF without a text layer (a scan) raises a ReadError that says so.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import statistics
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import LimitError, ReadError
from briefing.io.base import (
    MAX_PDF_CHARS,
    MAX_PDF_DECODED_BYTES,
    MAX_PDF_PAGE_CHARS,
    MAX_PDF_STREAM_BYTES,
    MAX_PDF_TOKENS,
    RawBlock,
    RawDocument,
)
from briefing.io.safety import check_size, clean_text, is_cjk

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－―~～·•]+\s*\d{1,4}\s*[—–\-－―~～·•]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})\s*$"
)
_SENTENCE_END = "。！？!?；;…"
_CLOSERS = "，。、；：！？）》」』】〕”’,.;:!?)%％"
_BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei(?!ght)", re.I)
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(slots=True)
class _Line:
    """One text line of a PDF page with its geometry."""

    text: str
    bold: list[bool]
    widths: list[float]
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    page: int
    page_height: float = 0.0
    page_width: float = 0.0
    flags: dict[str, bool] = field(default_factory=dict)
    # pieces of the line apart by more than ~0.8 em: (text, x0, x1) — table cells
    pieces: list[tuple[str, float, float]] = field(default_factory=list)
    glyphs: list[tuple[str, float, float]] = field(default_factory=list)  # (text, x0, x1)


def read_raw(data: bytes, name: str) -> RawDocument:
    """Read a PDF's text layer into blocks.  Raises ReadError on bad or locked input."""
    check_size(len(data), name)
    if not data.lstrip()[:1024].find(b"%PDF") >= 0:
        raise ReadError(name, "not a PDF file (no %PDF header)")
    try:
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:
        raise ReadError(
            name,
            "reading PDF needs the optional pdfminer.six package (pip install 'briefing[pdf]')",
        ) from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    lines: list[_Line] = []
    heights: dict[int, float] = {}
    try:
        laparams = LAParams(line_margin=0.3, char_margin=2.0, word_margin=0.1, boxes_flow=None)
        with _bounded():
            for pno, page in enumerate(_pages(data, laparams)):
                heights[pno] = float(page.height)
                lines.extend(_page_lines(page, pno))
    except LimitError as e:
        raise LimitError(name, e.cause) from None
    except PDFPasswordIncorrect:
        raise ReadError(name, "password-protected PDF (remove the password first)") from None
    except PDFEncryptionError as e:
        raise ReadError(
            name, f"password-protected PDF (unsupported encryption: {str(e)[:60]})"
        ) from None
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(name, "damaged PDF: nested too deeply") from None
    except MemoryError:
        raise LimitError(name, "PDF too large to lay out in memory") from None
    except Exception as e:  # pdfminer raises many kinds of errors on damaged files
        msg = str(e)[:100]
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise ReadError(name, "password-protected PDF (remove the password first)") from None
        raise ReadError(name, f"damaged or unsupported PDF ({type(e).__name__}: {msg})") from None
    if not heights:
        raise ReadError(name, "damaged PDF: no pages")
    if not any(ln.text.strip() for ln in lines):
        raise ReadError(name, "PDF has no text layer (a scanned image? run OCR first)")
    lines = _drop_furniture(lines, len(heights))
    if not lines:
        raise ReadError(name, "PDF holds nothing but page numbers and running headers")
    lines, tables = _find_tables(lines)
    blocks = _Assembler(lines).blocks()
    if tables:
        blocks = [tables.get(b.text, b) for b in blocks]
    return RawDocument(blocks=blocks, format="pdf", encoding=None)


# -- bounded decoding ------------------------------------------------------------------
#
# pdfminer inflates a whole stream with ``zlib.decompress`` and lays out every glyph of a
# page before returning it, so a 1 MB file whose content stream inflates to 1 GiB, or
# holds 200 MB of text operators, would take gigabytes.  While this reader runs, the
# inflaters pdfminer calls are replaced by ones that count what they produce and stop at
# the limits of briefing.io.base; the layout device counts glyphs and the content parser
# counts tokens.  Outside the reader (another user of pdfminer) nothing is limited.


class _Budget(threading.local):
    def __init__(self) -> None:
        self.active = False
        self.decoded = 0
        self.tokens = 0
        self.chars = 0


_BUDGET = _Budget()
_INFLATE_CHUNK = 1 << 20


def _charge(n: int, stream_total: int) -> None:
    if not _BUDGET.active:
        return
    if stream_total > MAX_PDF_STREAM_BYTES:
        raise LimitError(
            None,
            f"PDF stream inflates past {MAX_PDF_STREAM_BYTES // 1048576} MB "
            "(a decompression bomb, or not a bulletin)",
        )
    _BUDGET.decoded += n
    if _BUDGET.decoded > MAX_PDF_DECODED_BYTES:
        raise LimitError(
            None, f"PDF streams inflate past {MAX_PDF_DECODED_BYTES // 1048576} MB in all"
        )


class _BoundedDecompressor:
    """A zlib decompressor that charges its output to the budget as it goes."""

    def __init__(self, inner: Any) -> None:
        self._d = inner
        self._total = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out: list[bytes] = []
        buf = data
        while True:
            chunk = self._d.decompress(buf, _INFLATE_CHUNK)
            self._total += len(chunk)
            _charge(len(chunk), self._total)
            out.append(chunk)
            buf = self._d.unconsumed_tail
            if not buf:
                break
        return b"".join(out)

    def flush(self, *args: Any) -> bytes:
        chunk = self._d.flush(*args)
        self._total += len(chunk)
        _charge(len(chunk), self._total)
        return bytes(chunk)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._d, attr)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    error = zlib.error

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _BoundedDecompressor:
        return _BoundedDecompressor(zlib.decompressobj(*args, **kwargs))

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        d = _BoundedDecompressor(zlib.decompressobj(*args, **kwargs))
        out = d.decompress(data) + d.flush()
        if not d.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def __getattr__(self, attr: str) -> Any:
        return getattr(zlib, attr)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a stream with a bad checksum, linear and bounded.

    (pdfminer's own feeds one byte at a time and concatenates the growing result:
    quadratic in the output.)
    """
    d = _BoundedZlib.decompressobj()
    out: list[bytes] = []
    try:
        out.append(d.decompress(data))
    except zlib.error:
        # the checksum or the tail is damaged: keep what inflated before it
        step = 4096
        d = _BoundedZlib.decompressobj()
        out = []
        for i in range(0, len(data), step):
            try:
                out.append(d.decompress(data[i : i + step]))
            except zlib.error:
                if i < len(data) - 3 - step:
                    raise
                break
    return b"".join(out)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    total = 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        total += len(chunk)
        _charge(len(chunk), total)
        out.append(chunk)
    return b"".join(out)


_INSTALLED = False


def _install() -> None:
    """Swap the bounded inflaters and the counting content parser into pdfminer (once)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from pdfminer import pdfinterp, pdftypes

    class CountingContentParser(pdfinterp.PDFContentParser):  # type: ignore[misc]
        def nextobject(self) -> Any:
            obj = super().nextobject()
            if _BUDGET.active:
                _BUDGET.tokens += 1
                if _BUDGET.tokens > MAX_PDF_TOKENS:
                    raise LimitError(
                        None,
                        f"PDF content holds more than {MAX_PDF_TOKENS:,} operators and "
                        "operands (not a bulletin, or built to exhaust a reader)",
                    )
            return obj

    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    pdfinterp.PDFContentParser = CountingContentParser  # type: ignore[misc]
    _INSTALLED = True


@contextlib.contextmanager
def _bounded() -> Iterator[None]:
    _install()
    _BUDGET.active, _BUDGET.decoded, _BUDGET.tokens, _BUDGET.chars = True, 0, 0, 0
    try:
        yield
    finally:
        _BUDGET.active = False


def _pages(data: bytes, laparams: Any) -> Iterator[Any]:
    """pdfminer's ``extract_pages`` with a layout device that counts glyphs."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class CountingAggregator(PDFPageAggregator):  # type: ignore[misc]
        page_chars = 0

        def begin_page(self, page: Any, ctm: Any) -> None:
            self.page_chars = 0
            super().begin_page(page, ctm)

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.page_chars += 1
            _BUDGET.chars += 1
            if self.page_chars > MAX_PDF_PAGE_CHARS:
                raise LimitError(
                    None, f"a PDF page holds more than {MAX_PDF_PAGE_CHARS:,} characters"
                )
            if _BUDGET.chars > MAX_PDF_CHARS:
                raise LimitError(None, f"PDF holds more than {MAX_PDF_CHARS:,} characters")
            return float(super().render_char(*args, **kwargs))

    rsrc = PDFResourceManager(caching=True)
    device = CountingAggregator(rsrc, laparams=laparams)
    interpreter = PDFPageInterpreter(rsrc, device)
    for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
        interpreter.process_page(page)
        yield device.get_result()


# -- lines ---------------------------------------------------------------------------


def _page_lines(page: Any, pno: int) -> list[_Line]:
    """Rebuild text lines from glyphs grouped by baseline.

    pdfminer's own lines split off glyphs set in another font with another box height
    (LibreOffice sets “ ” in a Latin font beside CJK text), so lines are rebuilt here:
    glyphs whose baselines agree within a third of the font size form a row; a row is
    cut into segments where the horizontal gap exceeds three em (issuer | date), and
    segments of one row are flagged ``shared_row``.
    """
    from pdfminer.layout import LTChar

    glyphs: list[Any] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, LTChar):
            glyphs.append(obj)  # real space glyphs too: 抓前期 促开工 keeps its spaces
            return
        try:
            children = list(obj)
        except TypeError:
            return
        for child in children:
            walk(child)

    walk(page)
    if not glyphs:
        return []
    glyphs.sort(key=lambda g: (-round(float(g.matrix[5]), 1), float(g.x0)))
    rows: list[list[Any]] = []
    for g in glyphs:
        base = float(g.matrix[5])
        if rows:
            ref = rows[-1]
            ref_base = statistics.median(float(x.matrix[5]) for x in ref[:8])
            tol = 0.35 * max(float(g.size), float(ref[0].size))
            if abs(base - ref_base) <= tol:
                ref.append(g)
                continue
        rows.append([g])
    out: list[_Line] = []
    for row in rows:
        row = [g for g in row if g.get_text().strip()] and row
        row.sort(key=lambda g: float(g.x0))
        while row and not row[0].get_text().strip():
            row.pop(0)
        while row and not row[-1].get_text().strip():
            row.pop()
        if not row:
            continue
        segments: list[list[Any]] = [[row[0]]]
        for prev, g in itertools.pairwise(row):
            gap = float(g.x0) - float(prev.x1)
            if gap > 3 * max(float(prev.size), 1.0):
                segments.append([g])
            else:
                segments[-1].append(g)
        for k, seg in enumerate(segments):
            chars: list[str] = []
            bold: list[bool] = []
            widths: list[float] = []
            for j, g in enumerate(seg):
                t = g.get_text()
                if j:
                    prev = seg[j - 1]
                    gap = float(g.x0) - float(prev.x1)
                    pc, nc = chars[-1] if chars else "", t[:1]
                    if (
                        gap > 0.25 * float(g.size)
                        and pc
                        and not is_cjk(pc)
                        and not is_cjk(nc)
                        and pc not in _CLOSERS
                    ):
                        chars.append(" ")
                        bold.append(bool(bold and bold[-1]))
                        widths.append(0.0)
                for ch in t:
                    chars.append(ch)
                    bold.append(bool(_BOLD_FONT.search(g.fontname or "")))
                    widths.append(float(g.width) / max(1, len(t)))
            sizes = [float(g.size) for g in seg]
            pieces = _pieces(seg)
            out.append(
                _Line(
                    text="".join(chars),
                    bold=bold,
                    widths=widths,
                    x0=min(float(g.x0) for g in seg),
                    x1=max(float(g.x1) for g in seg),
                    y0=min(float(g.y0) for g in seg),
                    y1=max(float(g.y1) for g in seg),
                    size=statistics.median(sizes),
                    page=pno,
                    page_height=float(page.height),
                    page_width=float(page.width),
                    flags={"row_start": k == 0, "shared_row": len(segments) > 1},
                    pieces=pieces,
                    glyphs=[(g.get_text(), float(g.x0), float(g.x1)) for g in seg],
                )
            )
    return out


def _drop_furniture(lines: list[_Line], n_pages: int) -> list[_Line]:
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    edge: set[int] = set()
    for pl in by_page.values():
        for ln in pl[:2] + pl[-2:]:
            edge.add(id(ln))
    # running headers/footers: same text (digits ignored) at a page edge on many pages
    counts: dict[str, set[int]] = {}
    for ln in lines:
        if id(ln) in edge:
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))
            counts.setdefault(key, set()).add(ln.page)
    running = {
        k for k, pages in counts.items() if n_pages >= 2 and len(pages) >= max(2, n_pages / 2)
    }
    kept = []
    for ln in lines:
        if id(ln) in edge:
            if _PAGE_NUMBER.match(ln.text) and _in_margin(ln):
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))
            if key in running:
                continue
        kept.append(ln)
    return kept


def _in_margin(ln: _Line) -> bool:
    """In the top or bottom fifth of the page (page numbers never sit mid-page)."""
    h = ln.page_height or 842.0
    return ln.y1 < 0.2 * h or ln.y0 > 0.8 * h


# -- paragraphs ------------------------------------------------------------------------


def _mode(values: list[float]) -> float:
    buckets: dict[int, int] = {}
    for v in values:
        buckets[round(v)] = buckets.get(round(v), 0) + 1
    best = max(buckets.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    near = [v for v in values if abs(v - best) <= 1.0]
    return min(near) if near else float(best)


class _Assembler:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        sizes = [ln.size for ln in lines]
        self.size = statistics.median(sizes)
        body = [ln for ln in lines if abs(ln.size - self.size) <= 0.15 * self.size] or lines
        self.left = _mode([ln.x0 for ln in body])
        ends = sorted(ln.x1 for ln in body if abs(ln.x0 - self.left) < 0.8 * self.size) or sorted(
            ln.x1 for ln in body
        )
        self.right = ends[int(0.9 * (len(ends) - 1))]
        if ends[-1] - self.right > 1.5 * self.size:
            # the longest lines end well past the estimate: lines of a text that are mostly
            # one-line paragraphs, none of them wrapped.  The measure is then the page's,
            # its right margin taken as wide as the left one.
            width = max((ln.page_width for ln in body), default=0.0)
            self.right = max(ends[-1], width - self.left) if width else ends[-1] + self.size
        self.mid = (self.left + self.right) / 2
        pitches = [
            a.y0 - b.y0
            for a, b in itertools.pairwise(lines)
            if a.page == b.page and abs(a.size - b.size) < 0.5 and 0 < a.y0 - b.y0 < 3 * a.size
        ]
        self.pitch = statistics.median(pitches) if pitches else 1.5 * self.size
        indent = [ln for ln in body if 1.5 * self.size <= ln.x0 - self.left <= 2.6 * self.size]
        self.uses_indent = len(indent) >= 2

    # geometry predicates
    def indented(self, ln: _Line) -> bool:
        return ln.x0 > self.left + 0.8 * ln.size

    def centred(self, ln: _Line) -> bool:
        return (
            self.indented(ln)
            and abs((ln.x0 + ln.x1) / 2 - self.mid) < 1.0 * ln.size
            and ln.x1 < self.right - 0.8 * ln.size + 1
        )

    def standalone(self, ln: _Line) -> bool:
        """A centred or right-aligned line: never the start of a wrapped paragraph."""
        return ln.x0 > self.left + 3 * ln.size

    def align(self, ln: _Line) -> str | None:
        if self.standalone(ln) or self.centred(ln):
            if abs(ln.x1 - self.right) < 0.8 * ln.size and not self.centred(ln):
                return "right"
            if abs((ln.x0 + ln.x1) / 2 - self.mid) < 1.5 * ln.size:
                return "center"
            return "right" if ln.x1 > self.mid else None
        return None

    def first_word_width(self, ln: _Line) -> float:
        text = ln.text
        if not text:
            return 0.0
        i = 0
        if not is_cjk(text[0]) and not text[0].isspace():
            # a word a line breaker keeps whole: a run of Latin letters, digits and marks
            # (9.9, 12345, (xù), GDP)
            while i < len(text) and not is_cjk(text[i]) and not text[i].isspace():
                i += 1
        else:
            i = 1
        while i < len(text) and text[i] in _CLOSERS:
            i += 1
        return sum(ln.widths[:i]) or ln.size

    def ended_short(self, a: _Line, b: _Line) -> bool:
        slack = self.right - a.x1
        return slack > self.first_word_width(b) + 0.6 * a.size

    def continues(self, a: _Line, b: _Line) -> bool:
        """Does line b continue the paragraph that line a is in?"""
        if b.flags.get("shared_row") or a.flags.get("shared_row"):  # (and table placeholders)
            return False
        if abs(a.size - b.size) > 0.15 * max(a.size, b.size):
            return False
        if a.page == b.page and a.y0 - b.y0 > self.pitch * a.size / self.size + 0.4 * a.size:
            return False
        if self.centred(b) and (
            self.centred(a)
            or (
                abs((a.x0 + a.x1) / 2 - self.mid) < a.size
                and (a.x0 > self.left + 0.2 * a.size or a.size > 1.15 * self.size)
            )
        ):
            # a wrapped centred title; a long first line is centred but almost full width
            return a.page == b.page and a.text.rstrip()[-1:] not in _SENTENCE_END
        if self.indented(b) or self.standalone(a):
            return False
        if self.ended_short(a, b):
            return False
        if a.page != b.page and not self.uses_indent and a.text.rstrip()[-1:] in _SENTENCE_END:
            return False
        return True

    def blocks(self) -> list[RawBlock]:
        groups: list[list[_Line]] = []
        for ln in self.lines:
            if groups and self.continues(groups[-1][-1], ln):
                groups[-1].append(ln)
            else:
                groups.append([ln])
        out: list[RawBlock] = []
        prev_page = self.lines[0].page if self.lines else 0
        for g in groups:
            pieces: list[str] = []
            spans: list[tuple[int, int]] = []
            pos = 0
            for ln in g:
                t = ln.text.strip()
                lead = len(ln.text) - len(ln.text.lstrip())
                if pieces:
                    prev = pieces[-1][-1:]
                    sep = " " if _LATIN.match(prev or "") and _LATIN.match(t[:1]) else ""
                    pieces.append(sep)
                    pos += len(sep)
                for k in range(len(t)):
                    if ln.bold[lead + k]:
                        spans.append((pos + k, pos + k + 1))
                pieces.append(t)
                pos += len(t)
            text, emphasis = clean_text("".join(pieces), _merge_touching(spans))
            if not text:
                continue
            first = g[0]
            out.append(
                RawBlock(
                    text=text,
                    emphasis=emphasis,
                    style=f"{first.size:g}pt",
                    align=self.align(g[-1])
                    if len(g) > 1 and self.centred(g[-1])
                    else self.align(first),
                    page_break_before=first.page != prev_page,
                )
            )
            prev_page = g[-1].page
        return out


def _merge_touching(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# -- tables ----------------------------------------------------------------------------
#
# A table of a PDF comes out of pdfminer as rows of glyphs: the cells of a row share a
# baseline and stand apart by the cell padding (about one em), far more than the glyphs
# of a word.  A run of three or more rows cut into the same number (≥ 2) of pieces, whose
# pieces line up in columns (no column's x-range overlaps its neighbour's) and whose
# rows below the first hold numbers, is read as one table block with rows of cells.
# Rows with wrapped cells, merged cells or a header of another width are left as they
# were (paragraphs), never guessed.

_TABLE_PLACEHOLDER = "\ue000"
_CELL_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]?$")


def _pieces(seg: list[Any]) -> list[tuple[str, float, float]]:
    out: list[tuple[str, float, float]] = []
    cur: list[Any] = []
    for g in seg:
        if cur and float(g.x0) - float(cur[-1].x1) > 0.8 * max(float(g.size), 1.0):
            out.append(_piece(cur))
            cur = []
        cur.append(g)
    if cur:
        out.append(_piece(cur))
    return [p for p in out if p[0]]


def _piece(glyphs: list[Any]) -> tuple[str, float, float]:
    text = "".join(g.get_text() for g in glyphs).strip()
    return text, float(glyphs[0].x0), float(glyphs[-1].x1)


def _find_tables(lines: list[_Line]) -> tuple[list[_Line], dict[str, RawBlock]]:
    """Runs of table rows replaced by one placeholder line each, and the table blocks."""
    rows: list[list[int]] = []  # physical rows: indexes into lines
    for i, ln in enumerate(lines):
        if rows and not ln.flags.get("row_start") and lines[rows[-1][0]].page == ln.page:
            rows[-1].append(i)
        else:
            rows.append([i])
    cells = [[p for i in r for p in lines[i].pieces] for r in rows]
    tables: dict[str, RawBlock] = {}
    drop: dict[int, str] = {}  # first line of a table → placeholder key
    skip: set[int] = set()
    k = 0
    while k < len(rows):
        n = len(cells[k])
        j = k + 1
        if n >= 2:
            while (
                j < len(rows)
                and len(cells[j]) == n
                and lines[rows[j][0]].page == lines[rows[k][0]].page
            ):
                j += 1
        if n >= 2 and j - k >= 3 and _is_table(cells[k:j]):
            key = f"{_TABLE_PLACEHOLDER}{len(tables)}"
            body = [[c[0] for c in row] for row in cells[k:j]]
            h = _header_above(lines, rows, k, cells[k:j])
            if h is not None:
                top, head = h
                body.insert(0, head)
                for r in rows[top:k]:
                    skip.update(r)
                k0 = top
            else:
                k0 = k
            tables[key] = RawBlock(
                text="\n".join("\t".join(row) for row in body),
                style="table",
                kind_hint="table",
                rows=body,
            )
            drop[rows[k0][0]] = key
            for r in rows[k:j]:
                skip.update(r)
            k = j
            continue
        k += 1
    if not tables:
        return lines, {}
    out: list[_Line] = []
    for i, ln in enumerate(lines):
        if i in drop:
            key = drop[i]
            out.append(
                _Line(
                    text=key,
                    bold=[False] * len(key),
                    widths=[ln.size] * len(key),
                    x0=ln.x0,
                    x1=ln.x1,
                    y0=ln.y0,
                    y1=ln.y1,
                    size=ln.size,
                    page=ln.page,
                    page_height=ln.page_height,
                    page_width=ln.page_width,
                    flags={"row_start": True, "shared_row": True},
                )
            )
        elif i not in skip:
            out.append(ln)
    return out, tables


def _is_table(rows: list[list[tuple[str, float, float]]]) -> bool:
    n = len(rows[0])
    spans = [(min(r[c][1] for r in rows), max(r[c][2] for r in rows)) for c in range(n)]
    if any(spans[c][1] >= spans[c + 1][0] for c in range(n - 1)):
        return False  # pieces that do not line up in columns
    numeric = sum(any(_CELL_NUMBER.match(p[0]) for p in r[1:]) for r in rows[1:])
    return numeric * 2 >= len(rows) - 1


def _header_above(
    lines: list[_Line], rows: list[list[int]], k: int, body: list[list[tuple[str, float, float]]]
) -> tuple[int, list[str]] | None:
    """Header rows right above a table body whose cells are not cut apart (a head that
    fills its cell, a head wrapped over two lines): their glyphs are placed in the body's
    columns.  Rows are taken while every glyph stays inside one column and the row is
    near the one below it; a caption running across columns stops them."""
    n = len(body[0])
    spans = [(min(r[c][1] for r in body), max(r[c][2] for r in body)) for c in range(n)]
    first = lines[rows[k][0]]
    # heads may run past the last column's figures (left-aligned numbers), not before
    # the first column
    lo = spans[0][0] - 2 * first.size
    top = k
    below = first
    while top > 0 and k - top < 4:
        r = [lines[i] for i in rows[top - 1]]
        if r[0].page != first.page or r[0].y0 - below.y1 > 1.2 * first.size:
            break
        gl = [g for ln in r for g in ln.glyphs if g[0].strip()]
        if not gl or any(g[1] < lo for g in gl):
            break
        top -= 1
        below = r[0]
    cuts: list[float] | None = None
    while top < k:
        gl = [g for t in range(top, k) for i in rows[t] for g in lines[i].glyphs if g[0].strip()]
        cuts = _free_cuts(spans, gl)
        if cuts is not None:
            break
        top += 1  # a caption running across the columns: not a header row
    if top == k or cuts is None:
        return None
    head = [""] * n
    for t in range(top, k):
        for ln in (lines[i] for i in rows[t]):
            for text, x0, x1 in ln.glyphs:
                mid = (x0 + x1) / 2
                c = sum(mid > x for x in cuts)
                head[c] += text
    head = [h.strip() for h in head]
    return (top, head) if sum(1 for h in head if h) >= 2 else None


def _free_cuts(
    spans: list[tuple[float, float]], glyphs: list[tuple[str, float, float]]
) -> list[float] | None:
    """Column boundaries between the body's columns that no header glyph straddles (the
    rightmost free position of each gap: heads fill their cells up to the padding)."""
    cuts = []
    for c in range(len(spans) - 1):
        x = spans[c + 1][0] - 0.01
        moved = True
        while moved:
            moved = False
            for _, x0, x1 in glyphs:
                if x0 < x < x1:
                    x = x0 - 0.01
                    moved = True
        if x < spans[c][1]:
            return None
        cuts.append(x)
    return cuts
