"""Plain-text reader: encoding detection, line endings, ``**bold**`` leads.

Encodings are detected, not assumed: a BOM (UTF-8, UTF-16, UTF-32) wins; then
strict UTF-8; then strict GB18030 (a superset of GBK and GB2312).  Binary data
is refused before decoding.
"""

from __future__ import annotations

import codecs
import re

from briefing.errors import ReadError
from briefing.io.base import RawBlock, RawDocument

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding name)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError as e:
                raise ReadError(
                    name,
                    f"starts with a {enc} byte-order mark but is not valid {enc} ({e.reason} at byte {e.start})",
                ) from None
    sample = data[:65536]
    if sample:
        ctrl = sum(sample.count(bytes([c])) for c in _CONTROL)
        if b"\x00" in sample or ctrl / len(sample) > 0.01:
            raise ReadError(
                name, "binary data, not a text bulletin (use .docx, .html, .pdf or a text file)"
            )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise ReadError(
            name, f"cannot decode text: neither UTF-8 nor GB18030 ({e.reason} at byte {e.start})"
        ) from None
    # GB18030 decodes most byte soups; insist on mostly-CJK or ASCII output.
    odd = sum(
        1
        for c in text
        if not (
            c.isascii()
            or "\u4e00" <= c <= "\u9fff"
            or "\u3000" <= c <= "\u303f"
            or "\uff00" <= c <= "\uffef"
            or c in "“”‘’—…·"
        )
    )
    if text and odd / len(text) > 0.3:
        raise ReadError(
            name, "cannot decode text: not UTF-8, and as GB18030 it is not Chinese text"
        )
    return text, "gb18030"


def split_lines(text: str) -> list[str]:
    """Split on any line ending (\\r\\n, \\r, \\n, form feed, U+2028/2029)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text.split("\n")


def strip_markdown(line: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove ``**bold**`` markers, returning the text and the bold spans in it."""
    line = _MD_HEADING.sub("", line)
    if "**" not in line and "__" not in line:
        return line, []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _BOLD.finditer(line):
        before = line[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), spans


def blocks_from_text(text: str) -> list[RawBlock]:
    """One block per non-empty line; blank lines mark page or paragraph breaks."""
    blocks: list[RawBlock] = []
    blank_before = False
    for raw in split_lines(text):
        line = raw.strip(" \t\u3000\u00a0\ufeff")
        if not line:
            blank_before = True
            continue
        clean, spans = strip_markdown(line)
        clean = clean.strip(" \t\u3000")
        if not clean:
            continue
        blocks.append(RawBlock(text=clean, emphasis=spans, page_break_before=blank_before))
        blank_before = False
    return blocks


def read_raw(data: bytes, name: str) -> RawDocument:
    text, encoding = decode(data, name)
    return RawDocument(blocks=blocks_from_text(text), format="txt", encoding=encoding)
