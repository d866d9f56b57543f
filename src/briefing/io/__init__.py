"""Readers: one module per format, all producing the same :class:`~briefing.model.Document`.

``read(source)`` takes a path, ``"-"`` for stdin, or bytes; detects the format
from the suffix and the content, and hands the reader's raw blocks to
:func:`briefing.structure.assemble`.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from briefing.errors import LimitError, ReadError
from briefing.io.base import MAX_INPUT_BYTES, RawDocument
from briefing.io.safety import scrub_raw
from briefing.model import Document

_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
FORMATS = ("txt", "docx", "html", "pdf")


def sniff(data: bytes, name: str) -> str:
    """Guess the format from the first bytes; ``txt`` when nothing else fits."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            name,
            "an encrypted (password-protected) .docx or an old binary .doc file; save it as .docx without a password",
        )
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        low.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in low
        or b"<div" in low
        or b"<p>" in low
    ):
        return "html"
    return "txt"


def _load(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        if len(data) > MAX_INPUT_BYTES:
            raise LimitError(name or "<bytes>", _too_large(len(data)))
        return data, name or "<bytes>"
    src = str(source)
    if src == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise LimitError(name or "<stdin>", _too_large(len(data)))
        return data, name or "<stdin>"
    label = name or src
    if "\x00" in src:
        raise ReadError(label, "invalid file name: it contains a NUL character")
    path = Path(src)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReadError(label, "no such file") from None
    except ValueError as e:  # a name the system cannot take
        raise ReadError(label, f"invalid file name ({e})") from None
    except OSError as e:
        raise ReadError(label, e.strerror or str(e)) from None
    if path.is_dir():
        raise ReadError(
            label, "is a folder, not a file (use `briefing check FOLDER` or `briefing convert`)"
        )
    if not path.is_file():  # a FIFO would block open() forever; sockets/devices fail oddly
        raise ReadError(label, "not a regular file (a pipe, socket or device)")
    if st.st_size > MAX_INPUT_BYTES:
        raise LimitError(label, _too_large(st.st_size))
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except PermissionError:
        raise ReadError(label, "permission denied") from None
    except OSError as e:
        raise ReadError(label, e.strerror or str(e)) from None
    if len(data) > MAX_INPUT_BYTES:
        raise LimitError(label, _too_large(len(data)))
    return data, label


def _too_large(n: int) -> str:
    return f"file too large ({n / 1048576:.0f} MB; the limit is {MAX_INPUT_BYTES // 1048576} MB)"


def read_raw(
    source: str | Path | bytes, *, format: str | None = None, name: str | None = None
) -> RawDocument:
    data, label = _load(source, name)
    if not data.strip():
        raise ReadError(label, "empty file")
    fmt = format
    if fmt is None:
        suffix = os.path.splitext(label)[1].lower()
        fmt = _SUFFIX.get(suffix) or sniff(data, label)
        if fmt in ("txt", "html"):
            sniffed = sniff(data, label)
            if sniffed in ("docx", "pdf"):
                fmt = sniffed
        elif fmt == "docx" and data.startswith(b"\xd0\xcf\x11\xe0"):
            sniff(data, label)  # raises the encrypted/.doc error
    if fmt not in FORMATS:
        raise ReadError(label, f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    try:
        mod = importlib.import_module(f"briefing.io.{'text' if fmt == 'txt' else fmt}")
    except ImportError as e:
        raise ReadError(
            label,
            f"reading {fmt} needs an optional dependency: {e.name} (pip install 'briefing[{fmt}]')",
        ) from None
    try:
        raw: RawDocument = mod.read_raw(data, label)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(label, f"malformed {fmt}: nested too deeply") from None
    except MemoryError:
        raise ReadError(label, f"malformed {fmt}: too large to process") from None
    except Exception as e:  # a reader library choked on malformed input
        raise ReadError(
            label, f"malformed {fmt} file ({type(e).__name__}: {str(e)[:120]})"
        ) from None
    scrub_raw(raw)
    return raw


def read(
    source: str | Path | bytes, *, format: str | None = None, name: str | None = None
) -> Document:
    """Read a bulletin into a Document.  Raises ReadError naming the file and the cause."""
    from briefing.structure import assemble

    raw = read_raw(source, format=format, name=name)
    label = name or (str(source) if not isinstance(source, (bytes, bytearray)) else "<bytes>")
    if label == "-":
        label = "<stdin>"
    return assemble(raw, label)


def read_string(text: str, *, name: str = "<string>") -> Document:
    """A Document from a plain-text string, as the .txt reader would build it."""
    from briefing.io.text import blocks_from_text
    from briefing.structure import assemble

    raw = RawDocument(blocks=blocks_from_text(text), format="txt", encoding=None)
    scrub_raw(raw)
    return assemble(raw, name)
