"""Bad input for every reader, in process and through ``briefing text FILE``.

Each case must give a one-line error naming the file and the cause, exit code 2, no
traceback, and finish within a few seconds of CPU time.  Limits are on CPU time (this
process's, or the command's), not on the wall clock: a loaded machine makes a run wait
longer, not work more.  "Refused without inflating / reading" is checked directly.
"""

from __future__ import annotations

import builtins
import io
import os
import random
import resource
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_read_docx import build_bulletin

import briefing
from briefing.errors import ReadError
from briefing.io.base import MAX_INPUT_BYTES
from briefing.io.safety import check_zip

CPU_LIMIT = 10.0  # CPU seconds; a clean refusal takes well under one


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``briefing ARGS``; the result and the CPU seconds the command used."""
    t0 = _children_cpu()
    out = subprocess.run(
        [sys.executable, "-m", "briefing.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,  # only a hang reaches this (wall time on a shared machine)
    )
    return out, _children_cpu() - t0


def assert_one_line_error(path: Path, cause: str) -> None:
    out, cpu = cli("text", str(path))
    err = out.stderr
    assert out.returncode == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert str(path) in err
    assert cause.lower() in err.lower(), err
    assert out.stdout == ""
    assert cpu < CPU_LIMIT


def _docx_bytes(tmp: Path) -> bytes:
    return build_bulletin(tmp / "ok.docx").read_bytes()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Copy a zip, replacing some members (a real .docx edited like a user's tool would)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(MAX_INPUT_BYTES // len(block) + 8):
                fh.write(block)
    return buf.getvalue()


def _lying_zip_bomb() -> bytes:
    """A bomb whose headers declare a small size for a member that inflates to 70 MB."""
    data = bytearray(_zip_bomb())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("word/document.xml")
    real = info.file_size
    # rewrite the zip64 extra fields (local and central) that carry the real size
    needle = real.to_bytes(8, "little")
    count = 0
    start = 0
    while (i := data.find(needle, start)) >= 0:
        data[i : i + 8] = (4096).to_bytes(8, "little")
        start = i + 8
        count += 1
    assert count >= 1
    return bytes(data)


_XXE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)

_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
).encode()


def _ole_header() -> bytes:
    # an OLE compound file header (MS-CFB): signature, minor/major version, byte order
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + bytes.fromhex("3E000300FEFF0900")
    return head + b"\0" * (512 - len(head)) + bytes(random.Random(1).randbytes(4096))


CASES: list[tuple[str, Callable[[Path], bytes], str]] = [
    ("empty.docx", lambda t: b"", "empty"),
    ("empty.html", lambda t: b"", "empty"),
    ("empty.pdf", lambda t: b"", "empty"),
    ("empty.txt", lambda t: b"", "empty"),
    ("garbage.docx", lambda t: random.Random(0).randbytes(5000), "docx"),
    ("garbage.pdf", lambda t: random.Random(0).randbytes(5000), "pdf"),
    ("garbage.txt", lambda t: random.Random(0).randbytes(5000), "binary"),
    ("garbage.html", lambda t: random.Random(0).randbytes(5000), "html"),
    ("fake.pdf", lambda t: b"%PDF-1.7\n" + random.Random(2).randbytes(3000), "pdf"),
    ("truncated.docx", lambda t: _docx_bytes(t)[:3000], "truncated or damaged"),
    ("locked.docx", lambda t: _ole_header(), "encrypted"),
    ("bomb.docx", lambda t: _zip_bomb(), "zip bomb"),
    ("lying_bomb.docx", lambda t: _lying_zip_bomb(), ".docx"),
    ("xxe.docx", lambda t: _rezip(_docx_bytes(t), {"word/document.xml": _XXE}), "unsafe xml"),
    ("laughs.docx", lambda t: _rezip(_docx_bytes(t), {"word/document.xml": _LAUGHS}), "unsafe xml"),
]


@pytest.mark.parametrize(("fname", "make", "cause"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_in_process_is_a_read_error_naming_the_file(
    tmp_path: Path, fname: str, make: Callable[[Path], bytes], cause: str
) -> None:
    path = tmp_path / fname
    path.write_bytes(make(tmp_path))
    t0 = time.process_time()
    with pytest.raises(ReadError) as exc:
        briefing.read(path)
    assert time.process_time() - t0 < CPU_LIMIT
    assert exc.value.path == str(path)
    assert cause.lower() in str(exc.value).lower()
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(("fname", "make", "cause"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_through_the_cli_is_one_line_exit_2(
    tmp_path: Path, fname: str, make: Callable[[Path], bytes], cause: str
) -> None:
    path = tmp_path / fname
    path.write_bytes(make(tmp_path))
    assert_one_line_error(path, cause)


def test_zip_bomb_is_refused_before_inflating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _zip_bomb()
    assert len(bomb) < MAX_INPUT_BYTES // 100  # highly compressed on disk
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def recording_open(self: zipfile.ZipFile, name: Any, *args: Any, **kw: Any) -> Any:
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    with pytest.raises(ReadError, match="declares"):
        check_zip(bomb, "bomb.docx")
    assert opened == []  # header check only: no member was opened, nothing inflated


def test_lying_zip_bomb_never_yields_more_than_declared() -> None:
    with pytest.raises(ReadError) as exc:
        check_zip(_lying_zip_bomb(), "lying.docx")
    assert "lying.docx" in str(exc.value)


def test_encrypted_zip_members_are_password_protected() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", b"<x/>")
    data = bytearray(buf.getvalue())
    # set the "encrypted" general-purpose flag in the local and central headers
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + off] |= 0x01
    with pytest.raises(ReadError, match="password-protected"):
        check_zip(bytes(data), "enc.docx")


def test_external_entity_is_never_read_even_if_a_parser_saw_it(tmp_path: Path) -> None:
    # python-docx's own parser (resolve_entities=False) must not expand the entity either:
    # our guard is a second line of defence, not the only one.
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    root = etree.fromstring(_XXE, oxml_parser)
    assert "root:" not in etree.tostring(root).decode()


@pytest.mark.slow
def test_old_binary_doc_renamed_to_docx(tmp_path: Path) -> None:
    src = build_bulletin(tmp_path / "b.docx")
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "doc", "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = out / "b.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(doc.read_bytes())
    assert_one_line_error(renamed, "encrypted")
    with pytest.raises(ReadError, match=r"\.doc"):
        briefing.read(renamed)


def test_200_mb_file_errors_fast_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: no disk used, no time spent
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file: Any, *args: Any, **kw: Any) -> Any:
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real_open(file, *args, **kw)

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", recording_open)
        m.setattr(io, "open", recording_open)
        with pytest.raises(ReadError, match="too large"):
            briefing.read(big)
    assert str(big) not in opened  # refused on its size alone, never opened
    assert_one_line_error(big, "too large")
    big_docx = tmp_path / "huge.docx"
    os.rename(big, big_docx)
    assert_one_line_error(big_docx, "too large")


def test_readers_refuse_oversized_bytes_directly() -> None:
    from briefing.io import docx, pdf

    blob = b"PK" + b"\0" * (MAX_INPUT_BYTES + 10)
    with pytest.raises(ReadError, match="too large"):
        docx.read_raw(blob, "big.docx")
    with pytest.raises(ReadError, match="too large"):
        pdf.read_raw(b"%PDF" + blob, "big.pdf")


def test_folder_with_unreadable_files(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text("一、总体情况\n\n全区完成投资3.5亿元。\n", encoding="utf-8")
    dangling = folder / "dangling.txt"
    dangling.symlink_to(folder / "gone.txt")
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    sock_path = folder / "sock.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    locked = folder / "locked.txt"
    locked.write_text("全区完成投资3.5亿元。", encoding="utf-8")
    locked.chmod(0)
    try:
        assert "3.5亿元" in briefing.read(folder / "good.txt").text
        for bad, cause in [
            (dangling, "no such file"),
            (fifo, "not a regular file"),
            (sock_path, "not a regular file"),
        ]:
            with pytest.raises(ReadError, match=cause) as exc:
                briefing.read(bad)
            assert exc.value.path == str(bad)
            assert_one_line_error(bad, cause)
        if os.geteuid() != 0:  # root reads mode-000 files; everyone else must not
            with pytest.raises(ReadError, match="permission denied") as exc:
                briefing.read(locked)
            assert exc.value.path == str(locked)
    finally:
        sock.close()
        locked.chmod(0o600)
