"""Random bytes and random Unicode into every reader: only ReadError may come out."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import ReadError
from briefing.io import docx, html, pdf, read, text
from briefing.model import Document

READERS = {"txt": text, "docx": docx, "html": html, "pdf": pdf}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# bytes that look like the start of each format, so the fuzz gets past the first check
PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html><body>",
    b"\xef\xbb\xbf",
    b"\xd0\xcf\x11\xe0",
]
payloads = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=2000)),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda s: s.encode("gb18030", "replace")),
    st.text(
        alphabet=st.sampled_from("<>/=\"' 　\n\t中文。，、0123456789%pdivbrtable【】：送发"),
        max_size=400,
    ).map(lambda s: ("<div id='zoom'>" + s).encode("utf-8")),
)


def _only_read_errors(call, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        result = call()
    except ReadError as e:
        assert e.path == "fuzz"
        assert "\n" not in str(e)
    else:
        assert result is not None


@pytest.mark.parametrize("fmt", sorted(READERS))
@FUZZ
@given(data=payloads)
def test_read_raw_raises_only_read_error(fmt: str, data: bytes) -> None:
    _only_read_errors(lambda: READERS[fmt].read_raw(data, "fuzz"), data)


@pytest.mark.parametrize("fmt", sorted(READERS))
@FUZZ
@given(data=payloads)
def test_read_with_forced_format_raises_only_read_error(fmt: str, data: bytes) -> None:
    def call() -> Document:
        doc = read(data, format=fmt, name="fuzz")
        assert isinstance(doc.text, str)
        return doc

    _only_read_errors(call, data)


@FUZZ
@given(data=payloads)
def test_read_with_detected_format_raises_only_read_error(data: bytes) -> None:
    _only_read_errors(lambda: read(data, name="fuzz"), data)


@settings(max_examples=100, deadline=None)
@given(
    document=st.one_of(
        st.binary(max_size=1500), st.text(max_size=300).map(lambda s: s.encode("utf-8"))
    ),
    members=st.lists(
        st.sampled_from(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), unique=True
    ),
)
def test_docx_zip_with_random_parts_raises_only_read_error(
    document: bytes, members: list[str]
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for m in members:
            zf.writestr(m, document)
    _only_read_errors(lambda: docx.read_raw(buf.getvalue(), "fuzz"), buf.getvalue())


@settings(max_examples=100, deadline=None)
@given(body=st.text(max_size=300))
def test_docx_with_random_unicode_paragraph_text_reads(body: str) -> None:
    import docx as python_docx

    clean = "".join(c for c in body if c.isprintable() or c in "\t\n")
    clean = "".join(
        c for c in clean if not (0xD800 <= ord(c) <= 0xDFFF) and ord(c) not in (0xFFFE, 0xFFFF)
    )
    d = python_docx.Document()
    try:
        d.add_paragraph(clean)
    except ValueError:  # XML cannot hold some characters; python-docx refuses them
        return
    buf = io.BytesIO()
    d.save(buf)
    raw = docx.read_raw(buf.getvalue(), "fuzz")
    got = "".join(b.text for b in raw.blocks)
    assert "".join(got.split()) == "".join("".join(clean.split()).split("\u00ad"))
