"""Generators of hostile inputs, written into a test's tmp_path (nothing big is committed).

Each generator does work proportional to the file it writes, not to what the file
expands to: a deflate stream of 1 GiB of spaces is built from one compressed mebibyte
repeated (a full flush makes every repetition the same bytes).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MiB = 1 << 20


def deflate_repeated(unit: bytes, reps: int) -> bytes:
    """A zlib stream that inflates to ``unit * reps``, built by compressing ``unit`` once."""
    co = zlib.compressobj(9)
    first = co.compress(unit) + co.flush(zlib.Z_FULL_FLUSH)
    again = co.compress(unit) + co.flush(zlib.Z_FULL_FLUSH)
    adler = zlib.adler32(b"")
    for _ in range(reps):
        adler = zlib.adler32(unit, adler)
    # an empty final block (fixed Huffman), then the checksum of everything
    return first + again * (reps - 1) + b"\x03\x00" + struct.pack(">I", adler)


def pdf(contents: list[bytes]) -> bytes:
    """A PDF of one page per entry of ``contents`` (zlib streams, already compressed)."""
    n = len(contents)
    font_id = 3 + 2 * n
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
            + f"] /Count {n} >>"
        ).encode(),
    ]
    for i, stream in enumerate(contents):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return bytes(out)


def pdf_bomb_1gib() -> bytes:
    """About 1 MB on disk; its content stream inflates to 1 GiB of spaces."""
    return pdf([deflate_repeated(b" " * MiB, 1024)])


def pdf_text_operators(total_mb: int = 200) -> bytes:
    """A small PDF whose content stream holds ``total_mb`` MB of text-showing operators."""
    unit = b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj " * (MiB // 7) + b"ET\n"
    return pdf([deflate_repeated(unit, total_mb)])


def pdf_ok(text: bytes = b"Total 12 units") -> bytes:
    """A small sound PDF with one line of Latin text (its font needs no embedding)."""
    return pdf([zlib.compress(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET")])


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/{doc}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/{doc}"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_package(document_xml: bytes, *, part: str = "document.xml") -> bytes:
    """A minimal .docx whose main part is ``word/<part>`` holding ``document_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT.format(doc=part))
        z.writestr("_rels/.rels", _RELS.format(doc=part))
        z.writestr(f"word/{part}", document_xml)
    return buf.getvalue()


def document_xml(paragraphs: list[str], *, dtd: str = "") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{dtd}'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_60mb_document() -> bytes:
    """About 240 KB on disk; word/document.xml inflates to 60 MB of short paragraphs."""
    para = "<w:p><w:r><w:t>全市完成投资12亿元，同比增长5%。</w:t></w:r></w:p>".encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    body = para * ((60 * MiB) // len(para))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT.format(doc="document.xml"))
        z.writestr("_rels/.rels", _RELS.format(doc="document.xml"))
        z.writestr("word/document.xml", head + body + tail)
    return buf.getvalue()
