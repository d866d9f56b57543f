"""Guards that run before untrusted bytes reach a parser, and text clean-up shared by readers.

Zip containers (.docx) are checked *before* python-docx sees them:

* an OLE compound file (``D0 CF 11 E0``) is an encrypted .docx or an old binary .doc;
* the declared uncompressed size of all members, and the bytes actually inflated while
  streaming each member, must stay under :data:`~briefing.io.base.MAX_INPUT_BYTES`
  (a zip bomb is refused after at most that many bytes of work, never held in memory);
* a member with the "encrypted" flag is refused;
* XML members must not carry a DTD (``<!DOCTYPE``/``<!ENTITY``): OOXML never needs one,
  and a DTD is how external-entity (XXE) and billion-laughs attacks are delivered.
  python-docx 1.2 parses with ``resolve_entities=False`` (and lxml's default
  ``no_network=True``), which already keeps entities unexpanded; refusing DTDs up front
  turns such a file into a clear error instead of silently empty text.

:func:`safe_xml_parser` / :func:`safe_html_parser` give lxml parsers with network access,
entity resolution and huge trees switched off.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import TYPE_CHECKING, Any

from briefing.errors import LimitError, ReadError, UnsafeInputError
from briefing.io.base import MAX_INPUT_BYTES, MAX_XML_PART_BYTES, RawDocument

if TYPE_CHECKING:
    import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_MEMBERS = 5000
_CHUNK = 1 << 16
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_MARKERS_16 = tuple(
    m.decode().encode(enc) for m in _DTD_MARKERS for enc in ("utf-16-le", "utf-16-be")
)


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def check_size(n: int, name: str, what: str = "file") -> None:
    """Refuse inputs larger than MAX_INPUT_BYTES."""
    if n > MAX_INPUT_BYTES:
        raise LimitError(name, f"{what} too large ({_mb(n)}; the limit is {_mb(MAX_INPUT_BYTES)})")


def check_zip(data: bytes, name: str, *, kind: str = ".docx", limit: int = MAX_INPUT_BYTES) -> None:
    """Validate a zip container before a library opens it; raise ReadError on anything unsafe.

    Sizes are checked while each member is inflated (a member never exceeds its limit in
    memory): all members together at most ``limit``, one XML part at most
    :data:`~briefing.io.base.MAX_XML_PART_BYTES`.  Every XML part is searched for a DTD,
    whatever its name: a member is XML when its name says so (.xml, .rels, .vml), when
    ``[Content_Types].xml`` declares an XML content type for it (by part name or by
    extension), or when it starts with an XML declaration.
    """
    check_size(len(data), name)
    if data.startswith(OLE_MAGIC[:4]):
        raise ReadError(
            name,
            "encrypted or old .doc format (an OLE container, not a zip): "
            f"save it as {kind} without a password",
        )
    if not data.startswith(b"PK"):
        raise ReadError(name, f"not a {kind} file (no zip signature)")
    import zipfile  # here, not at import: a plain-text check never opens a zip

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(name, f"truncated or damaged {kind} (not a complete zip archive)") from None
    except Exception as e:  # zipfile raises assorted errors on crafted headers
        raise ReadError(name, f"damaged {kind} ({type(e).__name__})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise LimitError(name, f"{kind} holds {len(infos)} parts (limit {MAX_ZIP_MEMBERS})")
        declared = sum(i.file_size for i in infos)
        if declared > limit:
            raise LimitError(
                name,
                f"zip bomb refused: declares {_mb(declared)} uncompressed "
                f"(the limit is {_mb(limit)})",
            )
        if any(i.flag_bits & 0x1 for i in infos):
            raise ReadError(name, f"password-protected {kind} (encrypted zip members)")
        # [Content_Types].xml first: it says which other parts are XML
        infos.sort(key=lambda i: i.filename != "[Content_Types].xml")
        xml_names: set[str] = set()
        xml_exts: set[str] = set()
        budget = [limit]
        for info in infos:
            if info.is_dir():
                continue
            ext = info.filename.rsplit(".", 1)[-1].lower() if "." in info.filename else ""
            by_type = info.filename.lower() in xml_names or ext in xml_exts
            head = _inflate_member(
                zf, info, name, kind, budget, xml=_is_xml_part(info.filename) or by_type
            )
            if info.filename == "[Content_Types].xml" and head is not None:
                xml_names, xml_exts = _xml_content_types(head)


def _inflate_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    kind: str,
    budget: list[int],
    *,
    xml: bool,
) -> bytes | None:
    """Inflate one member in chunks, charging ``budget``; refuse a DTD in an XML part.

    Returns the member's bytes when it is [Content_Types].xml (kept to read it), else None.
    """
    import zipfile

    keep = info.filename == "[Content_Types].xml"
    kept: list[bytes] = []
    size = 0
    window = b""
    try:
        with zf.open(info) as fh:
            first = True
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise LimitError(
                        name,
                        f"zip bomb refused: inflates past {_mb(MAX_INPUT_BYTES)} "
                        "(more than its headers declare)",
                    )
                if first:
                    xml = xml or _looks_like_xml(chunk)
                    first = False
                if xml:
                    if size > MAX_XML_PART_BYTES:
                        raise LimitError(
                            name,
                            f"{info.filename} inflates past {_mb(MAX_XML_PART_BYTES)} "
                            f"(the limit for one part of a {kind})",
                        )
                    # a DTD can only precede the root element; keep a window across chunks
                    window = window[-16:] + chunk
                    if _has_dtd(window):
                        raise UnsafeInputError(
                            name,
                            f"unsafe XML in {info.filename}: a DTD/entity declaration "
                            "(possible external-entity or billion-laughs attack)",
                        )
                if keep and size <= (1 << 20):
                    kept.append(chunk)
    except ReadError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ReadError(
            name, f"truncated or damaged {kind} ({info.filename}: {str(e)[:80]})"
        ) from None
    except Exception as e:  # zlib.error, NotImplementedError (unknown compression)
        raise ReadError(name, f"damaged {kind} ({info.filename}: {type(e).__name__})") from None
    return b"".join(kept) if keep else None


def _is_xml_part(member: str) -> bool:
    return member.lower().endswith((".xml", ".rels", ".vml"))


def _has_dtd(chunk: bytes) -> bool:
    return any(m in chunk for m in _DTD_MARKERS) or any(m in chunk for m in _DTD_MARKERS_16)


def _looks_like_xml(head: bytes) -> bool:
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if h.startswith(b"<?xml"):
        return True
    return head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"<\x00?\x00", b"\x00<\x00?"))


def _xml_content_types(data: bytes) -> tuple[set[str], set[str]]:
    """Member names and extensions that [Content_Types].xml declares as XML."""
    names: set[str] = set()
    exts: set[str] = set()
    try:
        from lxml import etree

        root = etree.fromstring(data, parser=safe_xml_parser(recover=True))
    except Exception:
        return names, exts
    if root is None:
        return names, exts
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ctype = (el.get("ContentType") or "").lower()
        if not (ctype.endswith("xml") or "+xml" in ctype):
            continue
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "Override" and el.get("PartName"):
            names.add(el.get("PartName").lstrip("/").lower())
        elif tag == "Default" and el.get("Extension"):
            exts.add(el.get("Extension").lower())
    return names, exts


def safe_xml_parser(**extra: Any) -> Any:
    """An lxml XMLParser that never touches the network, never expands entities."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        **extra,
    )


def safe_html_parser(encoding: str = "utf-8") -> Any:
    """An lxml HTMLParser with network access and huge trees off, comments and PIs dropped."""
    from lxml import html

    return html.HTMLParser(
        encoding=encoding,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )


# ---------------------------------------------------------------------------
# Text clean-up shared by the .docx, .html and .pdf readers.

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def is_cjk(ch: str) -> bool:
    """A CJK ideograph, kana, or full-width/CJK punctuation: no spaces needed between them."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
        or ch in "“”‘’—…·"
    )


# What clean_text treats as whitespace: every character str.isspace() accepts, and the
# control characters (category Cc: U+0000-U+001F, U+007F-U+009F); a test checks the
# class against that definition over every code point.
_WS_CHARS = "\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CLEAN_TOKENS = re.compile(f"[{_WS_CHARS}]+|[{_ZERO_WIDTH}]")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c")


def clean_text(
    text: str, spans: list[tuple[int, int]] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace the way a paragraph reads, and move ``spans`` along.

    Leading/trailing whitespace (including full-width indent spaces) goes; a run of
    whitespace containing a line break vanishes between two CJK characters and becomes
    one space otherwise; any other run becomes one space.  Zero-width characters and soft
    hyphens go; control characters become spaces.  Returns the text and the spans
    re-mapped onto it (empty spans dropped, adjacent ones merged).

    The text is copied piece by piece between whitespace runs and zero-width characters
    (found by one regex), not character by character.
    """
    n = len(text)
    out: list[str] = []
    pos = 0  # length of the output so far
    last = ""  # its last character
    # pieces of the input: [seg_in[k], seg_in[k+1]) lands at seg_out[k] onwards, one to
    # one when seg_copy[k], else every character at seg_out[k] (a removed run)
    seg_in: list[int] = []
    seg_out: list[int] = []
    seg_copy: list[bool] = []
    i = 0
    for m in _CLEAN_TOKENS.finditer(text):
        a, b = m.span()
        if a > i:
            seg_in.append(i)
            seg_out.append(pos)
            seg_copy.append(True)
            out.append(text[i:a])
            pos += a - i
            last = text[a - 1]
        seg_in.append(a)
        seg_out.append(pos)
        seg_copy.append(False)
        i = b
        if text[a] in _ZERO_WIDTH:
            continue
        if pos == 0 or b >= n:
            continue  # leading or trailing whitespace goes
        if not _LINE_BREAKS.isdisjoint(m.group()) and (is_cjk(last) or is_cjk(text[b])):
            continue  # a line break between CJK characters vanishes
        out.append(" ")
        pos += 1
        last = " "
    if i < n:
        seg_in.append(i)
        seg_out.append(pos)
        seg_copy.append(True)
        out.append(text[i:])
        pos += n - i
    result = "".join(out)

    def new_index(k: int) -> int:
        if k >= n:
            return pos
        t = bisect.bisect_right(seg_in, k) - 1
        return seg_out[t] + (k - seg_in[t] if seg_copy[t] else 0)

    mapped: list[tuple[int, int]] = []
    for s, e in merge_spans(spans or []):
        s2 = new_index(max(0, min(s, n)))
        e2 = new_index(max(0, min(e, n)))
        # trim spaces at the edges of a span
        while s2 < e2 and result[s2] == " ":
            s2 += 1
        while e2 > s2 and result[e2 - 1] == " ":
            e2 -= 1
        if e2 <= s2:
            continue
        if mapped and s2 <= mapped[-1][1]:
            mapped[-1] = (mapped[-1][0], max(e2, mapped[-1][1]))
        else:
            mapped.append((s2, e2))
    return result, mapped


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching spans."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


# ---------------------------------------------------------------------------
# Characters that XML 1.0 (so .docx and .xlsx) cannot hold.

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with every character XML 1.0 forbids replaced by a space, and their count.

    Control characters other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF
    would make python-docx and openpyxl refuse to write the file.  A space keeps every
    offset and emphasis span in place.
    """
    if _XML_FORBIDDEN.search(text) is None:
        return text, 0
    return _XML_FORBIDDEN.subn(" ", text)


def scrub_raw(raw: RawDocument) -> int:
    """Make every block, table cell and hint of ``raw`` XML-safe; note the count (W002)."""
    total = 0
    for b in raw.blocks:
        b.text, n = xml_safe(b.text)
        total += n
        if b.rows is not None:
            for row in b.rows:
                for i, cell in enumerate(row):
                    row[i], n = xml_safe(cell)
                    total += n
    for k, v in list(raw.hints.items()):
        raw.hints[k], n = xml_safe(v)
        total += n
    if total:
        raw.notes.append(
            f"{total} character{'s' if total != 1 else ''} that Word and Excel files cannot "
            "hold (control characters, U+FFFE, U+FFFF) replaced by spaces [W002]"
        )
    return total
