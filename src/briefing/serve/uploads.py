"""Uploads: ``multipart/form-data`` streamed straight into a session's private folder.

Starlette's own form parser spools files to the system's temporary folder and applies
no size limit to them; this parser writes each file part as it arrives into
``<session folder>/<n>/<name>`` and stops at the first limit passed (size of one file,
number of files, total size), so nothing over a limit is ever stored.  A refused
upload is read to its end (up to :data:`DRAIN_FACTOR` times the total limit) before
the answer, so that the browser shows the explanation instead of a reset connection.

File names come from the client: only their last component is kept, without control
characters, leading dots or characters Windows forbids, and each file gets a numbered
folder of its own, so no name can reach outside the session folder.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from briefing.io.inputs import SUPPORTED_SUFFIXES

#: what the page accepts (folders given to ``check`` take the same suffixes)
ACCEPTED_SUFFIXES: tuple[str, ...] = tuple(sorted(set(SUPPORTED_SUFFIXES)))
#: a refused upload is read on up to this many times the total limit before answering
DRAIN_FACTOR = 2
_MB = 1024 * 1024
_MAX_FIELDS = 20
_MAX_FIELD_BYTES = 1024
_FORBIDDEN = set('<>:"/\\|?*')


@dataclass(frozen=True, slots=True)
class Limits:
    """Upload limits of one request."""

    max_files: int = 20
    max_file_bytes: int = 20 * _MB
    max_total_bytes: int = 100 * _MB


@dataclass(slots=True)
class Upload:
    """One uploaded file: its number in the upload (from 1), its name, where it lies."""

    n: int
    name: str
    path: Path | None  # None: refused (unsupported type), nothing stored
    size: int = 0
    problem: str | None = None  # why it was refused, in Chinese


@dataclass(slots=True)
class Received:
    """The files and form fields of one upload."""

    uploads: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


class UploadRefused(Exception):
    """An upload over a limit (HTTP 413) or malformed (HTTP 400); the message is Chinese."""

    def __init__(self, message: str, english: str, status: int = 413) -> None:
        super().__init__(message)
        self.message = message
        self.english = english
        self.status = status


def mb(n: int) -> str:
    """``20 MB`` (one decimal below 10 MB)."""
    v = n / _MB
    return f"{v:.1f} MB" if v < 10 and v != int(v) else f"{v:.0f} MB"


def safe_name(raw: str, n: int) -> str:
    """A file name from the client made safe to store and show: the last path
    component, without control or forbidden characters, no leading dots, at most 120
    characters (the suffix kept); ``file-N`` when nothing is left."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in _FORBIDDEN)
    name = name.strip().lstrip(".").strip()
    if len(name) > 120:
        stem, suffix = os.path.splitext(name)
        name = stem[: 120 - len(suffix[:16])] + suffix[:16]
    return name or f"file-{n}"


class _Parser:
    """python-multipart callbacks writing file parts into ``folder``."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = limits
        self.out = Received()
        self.total = 0
        self.n = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._current: Upload | None = None
        self._fh: IO[bytes] | None = None
        self._field: str | None = None
        self._field_data = bytearray()
        self._skip = False
        self.ended = False  # the closing boundary was seen

    # -- callbacks ---------------------------------------------------------------------
    def on_part_begin(self) -> None:
        self._disposition = b""
        self._current = None
        self._field = None
        self._field_data = bytearray()
        self._skip = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self._disposition)
        if b"filename" not in options:
            if len(self.out.fields) >= _MAX_FIELDS:
                raise UploadRefused("表单字段过多。", "too many form fields", 400)
            self._field = _decode(options.get(b"name", b""))
            return
        raw = _decode(options[b"filename"])
        if not raw:  # the file input was left empty: browsers still send a part
            self._skip = True
            return
        self.n += 1
        if self.n > self.limits.max_files:
            raise UploadRefused(
                f"一次最多上传 {self.limits.max_files} 个文件，本次超过了这个数量。请分批上传。",
                f"too many files: at most {self.limits.max_files} per upload",
            )
        name = safe_name(raw, self.n)
        upload = Upload(self.n, name, None)
        self.out.uploads.append(upload)
        self._current = upload
        if os.path.splitext(name)[1].lower() not in ACCEPTED_SUFFIXES:
            shown = os.path.splitext(name)[1] or "（无扩展名）"
            upload.problem = (
                f"不支持的文件类型 {shown}：请上传 .docx、.pdf、.html 或 .txt 文件"
                f"（unsupported file type; use {', '.join(ACCEPTED_SUFFIXES)}）"
            )
            return
        sub = self.folder / f"{self.n:03d}"
        sub.mkdir(mode=0o700)
        target = sub / name
        if target.resolve().parent != sub.resolve():  # cannot happen after safe_name
            raise UploadRefused("文件名无效。", "invalid file name", 400)
        upload.path = target
        self._fh = open(target, "xb")  # closed in on_part_end or close()

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        n = end - start
        if self._skip:
            return
        if self._current is None:
            if len(self._field_data) + n > _MAX_FIELD_BYTES:
                raise UploadRefused("表单字段过长。", "form field too long", 400)
            self._field_data += data[start:end]
            return
        self._current.size += n
        self.total += n
        if self._current.size > self.limits.max_file_bytes:
            raise UploadRefused(
                f"文件“{self._current.name}”超过单个文件 {mb(self.limits.max_file_bytes)} "
                "的上限，未处理。",
                f"{self._current.name}: file over the limit of "
                f"{mb(self.limits.max_file_bytes)} per file",
            )
        if self.total > self.limits.max_total_bytes:
            raise UploadRefused(
                f"本次上传的文件合计超过 {mb(self.limits.max_total_bytes)} 的上限，未处理。"
                "请分批上传。",
                f"upload over the total limit of {mb(self.limits.max_total_bytes)}",
            )
        if self._fh is not None:
            self._fh.write(data[start:end])

    def on_part_end(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._field is not None:
            self.out.fields[self._field] = _decode(bytes(self._field_data))
        self._current = None
        self._field = None

    def on_end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }


def _decode(value: bytes) -> str:
    """Header parameters arrive as latin-1 of what browsers send as UTF-8."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


async def receive(
    headers: Any, stream: AsyncIterator[bytes], folder: Path, limits: Limits
) -> Received:
    """Read a multipart body from ``stream`` into ``folder``; raise :class:`UploadRefused`."""
    import python_multipart
    from python_multipart.multipart import parse_options_header

    ctype, params = parse_options_header(headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadRefused(
            "请求格式不对：请从页面上选择文件上传。", "not a multipart/form-data upload", 400
        )
    cap = DRAIN_FACTOR * limits.max_total_bytes + _MB
    length = headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > cap:
        # far over the limit: refuse without reading it
        raise UploadRefused(
            f"本次上传的文件合计超过 {mb(limits.max_total_bytes)} 的上限，未处理。请分批上传。",
            f"upload over the total limit of {mb(limits.max_total_bytes)}",
        )
    parser = _Parser(folder, limits)
    mp = python_multipart.MultipartParser(boundary, parser.callbacks())
    read = 0
    try:
        async for chunk in stream:
            read += len(chunk)
            mp.write(chunk)
        mp.finalize()
        if not parser.ended:
            raise ValueError("the body ends before its closing boundary")
    except UploadRefused:
        parser.close()
        async for chunk in stream:  # read the rest, so the browser sees the answer
            read += len(chunk)
            if read > cap:
                break
        raise
    except Exception as e:  # a malformed body (python-multipart's errors)
        parser.close()
        raise UploadRefused(
            "上传的数据不完整或格式有误，请重新上传。", f"malformed upload ({e})", 400
        ) from None
    finally:
        parser.close()
    return parser.out
