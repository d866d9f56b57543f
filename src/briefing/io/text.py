"""Plain-text reader: encoding detection, line endings, ``**bold**`` leads.

Encodings are detected, not assumed: a BOM (UTF-8, UTF-16, UTF-32) wins; then UTF-16
without a BOM (its zero bytes sit on one side of every pair); then strict UTF-8; then
UTF-8 with a few invalid byte sequences (at least ten valid non-ASCII characters for each),
which are replaced by U+FFFD with a note naming the first offset; then strict GB18030 (a
superset of GBK and GB2312).  Other binary data is refused before decoding.
"""

from __future__ import annotations

import codecs
import re

from briefing.errors import ReadError
from briefing.io.base import RawBlock, RawDocument
from briefing.io.unwrap import unwrap_lines

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
    text, encoding, _ = decode_with_notes(data, name)
    return text, encoding


def decode_with_notes(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode ``data``: (text, encoding name, notes on repairs made).

    A BOM wins; then UTF-16 without a BOM (recognised by its zero bytes); then UTF-8;
    then UTF-8 with a few invalid byte sequences (replaced by U+FFFD, with a note naming
    the first offset) when the rest is clearly UTF-8; then GB18030.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc, []
            except UnicodeDecodeError as e:
                raise ReadError(
                    name,
                    f"starts with a {enc} byte-order mark but is not valid {enc} "
                    f"({e.reason} at byte {e.start + len(bom)})",
                ) from None
    sample = data[:65536]
    if sample and b"\x00" in sample:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text, enc = utf16
            return text, enc, [f"UTF-16 ({enc}) without a byte-order mark [W003]"]
    if sample:
        ctrl = sum(sample.count(bytes([c])) for c in _CONTROL)
        if b"\x00" in sample or ctrl / len(sample) > 0.01:
            raise ReadError(
                name, "binary data, not a text bulletin (use .docx, .html, .pdf or a text file)"
            )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        first_bad = e.start
    damaged = _damaged_utf8(data, first_bad)
    if damaged is not None:
        return damaged
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise ReadError(
            name,
            f"cannot decode text: not UTF-8 (invalid byte at offset {first_bad}) and not "
            f"GB18030 (invalid byte at offset {e.start})",
        ) from None
    # GB18030 decodes most byte soups; insist on mostly-CJK or ASCII output.
    if text and _odd_share(text) > 0.3:
        raise ReadError(
            name,
            f"cannot decode text: not UTF-8 (invalid byte at offset {first_bad}), "
            "and as GB18030 it is not Chinese text",
        )
    return text, "gb18030", []


def _plausible(c: str) -> bool:
    return (
        c.isascii()
        or "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
        or c in "“”‘’—…·"
    )


def _odd_share(text: str) -> float:
    sample = text[:65536]
    return sum(1 for c in sample if not _plausible(c)) / max(1, len(sample))


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: zero bytes mostly on one parity, decoding to CJK/ASCII."""
    if len(data) < 4:
        return None
    head = data[:65536]
    head = head[: len(head) - len(head) % 2]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    pairs = len(head) // 2
    # ASCII (digits, punctuation, line breaks) puts a zero in every other byte; bulletins
    # carry enough of it.  Require the zeros to sit on one side only.
    if max(even, odd) < 0.05 * pairs or min(even, odd) > 0.1 * max(even, odd):
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    body = data[: len(data) - len(data) % 2]
    try:
        text = body.decode(enc)
    except UnicodeDecodeError:
        return None
    if _odd_share(text) > 0.05 or "\x00" in text[:65536]:
        return None
    return text, enc


#: a damaged UTF-8 file has at least this many valid non-ASCII characters per invalid
#: sequence; GB18030 read as UTF-8 has almost none (nearly every character is invalid)
_MIN_VALID_PER_DAMAGE = 10


def _damaged_utf8(data: bytes, first_bad: int) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few invalid sequences: decode with U+FFFD, or None if it is not UTF-8."""
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = sum(1 for c in text if not c.isascii()) - replaced
    # GB18030 read as UTF-8 yields an invalid sequence for almost every character
    if replaced <= 0 or non_ascii < _MIN_VALID_PER_DAMAGE * replaced:
        return None
    note = (
        f"{replaced} invalid UTF-8 byte sequence{'s' if replaced != 1 else ''} replaced by "
        f"U+FFFD (the first at byte offset {first_bad}) [W001]"
    )
    return text, "utf-8", [note]


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
    """One block per non-empty line (hard-wrapped lines joined back, page-number lines
    dropped: see ``briefing.io.unwrap``); blank lines mark page or paragraph breaks."""
    blocks: list[RawBlock] = []
    blank_before = False
    for raw in unwrap_lines(split_lines(text)):
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
    text, encoding, notes = decode_with_notes(data, name)
    return RawDocument(blocks=blocks_from_text(text), format="txt", encoding=encoding, notes=notes)
