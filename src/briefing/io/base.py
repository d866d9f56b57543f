"""What every reader produces: a list of raw blocks, assembled by ``briefing.structure``."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Largest input accepted (bytes on disk, or uncompressed bytes inside a .docx).
MAX_INPUT_BYTES = 64 * 1024 * 1024


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
