"""What every reader produces: a list of raw blocks, assembled by ``briefing.structure``."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Largest input accepted (bytes on disk, or uncompressed bytes inside a .docx).
MAX_INPUT_BYTES = 64 * 1024 * 1024

# Limits on what a compressed container may expand to, enforced while inflating (never
# after: a 1 MB file may hold gigabytes).  A real bulletin stays far below each.
#: one XML part of a .docx once inflated (a 100-page report's document.xml: ~5 MB)
MAX_XML_PART_BYTES = 12 * 1024 * 1024
#: one PDF stream once decoded (page contents, an embedded font)
MAX_PDF_STREAM_BYTES = 32 * 1024 * 1024
#: all PDF streams of one file once decoded
MAX_PDF_DECODED_BYTES = 128 * 1024 * 1024
#: content-stream tokens (operators and operands) interpreted in one PDF
MAX_PDF_TOKENS = 4_000_000
#: characters laid out on one PDF page, and in a whole PDF
MAX_PDF_PAGE_CHARS = 100_000
MAX_PDF_CHARS = 3_000_000
#: characters of text extracted from one .docx or PDF (a .txt is limited by its size)
MAX_TEXT_CHARS = 32 * 1024 * 1024


@dataclass(slots=True)
class RawBlock:
    """One paragraph, heading, or table as a reader saw it.

    ``text`` is the block's plain text (no markdown markers).  ``emphasis`` holds
    (start, end) offsets of bold runs relative to ``text``.  ``style`` is the
    source style name (a .docx paragraph style, an HTML tag), ``align`` is
    "center"/"right"/None, ``kind_hint`` lets a reader that knows better say
    "title", "heading", "meta" or "table"; ``rows`` is set for tables.
    ``page_break_before`` marks a block that starts a new PDF page.
    """

    text: str
    emphasis: list[tuple[int, int]] = field(default_factory=list)
    style: str | None = None
    align: str | None = None
    kind_hint: str | None = None
    level: int | None = None
    rows: list[list[str]] | None = None
    page_break_before: bool = False


@dataclass(slots=True)
class RawDocument:
    """Reader output: blocks plus any metadata the format carries explicitly."""

    blocks: list[RawBlock]
    format: str
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)  # title, date, source, site, url
    notes: list[str] = field(default_factory=list)  # repairs made while reading, with a code
