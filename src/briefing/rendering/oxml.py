"""Raw WordprocessingML patches python-docx has no API for.

Everything that touches XML directly lives here: East Asian font names
(``w:rFonts/@w:eastAsia``), character-unit indents, exact line pitch and the
document grid, paragraph rules (``w:pBdr``), frames anchored to the foot of the
type area, ``PAGE`` field footers, odd/even footers in ``settings.xml``, table
borders, and a deterministic zip writer so a rendered file is byte-for-byte
reproducible.

All functions take python-docx objects (or their ``_element``) and import
python-docx lazily, so importing this module costs nothing.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20
EMU_PER_MM = 36000

# Child order of w:pPr and w:rPr (ECMA-376 Part 1, 17.3.1.26 / 17.3.2.28).  Word rejects
# files whose children are out of order, so every insertion goes through _insert().
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as _qn

    return str(_qn(tag))


def _insert(parent: Any, local: str, order: list[str]) -> Any:
    """Get or create ``w:<local>`` under ``parent`` at its schema position."""
    from docx.oxml import OxmlElement

    existing = parent.find(qn(f"w:{local}"))
    if existing is not None:
        return existing
    child = OxmlElement(f"w:{local}")
    idx = order.index(local)
    successors = {qn(f"w:{t}") for t in order[idx + 1 :]}
    for i, sib in enumerate(parent):
        if sib.tag in successors:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _replace(parent: Any, local: str, order: list[str]) -> Any:
    old = parent.find(qn(f"w:{local}"))
    if old is not None:
        parent.remove(old)
    return _insert(parent, local, order)


def ppr(obj: Any) -> Any:
    """The ``w:pPr`` of a paragraph or paragraph style (created if absent)."""
    el = getattr(obj, "_element", obj)
    return el.get_or_add_pPr()


def rpr(obj: Any) -> Any:
    """The ``w:rPr`` of a run or style (created if absent)."""
    el = getattr(obj, "_element", obj)
    return el.get_or_add_rPr()


# -- fonts ---------------------------------------------------------------------------------------


def set_fonts(rpr_el: Any, latin: str | None, east_asia: str | None) -> None:
    """Name the Latin (ascii/hAnsi/cs) and East Asian fonts; drop theme font references.

    Theme attributes (``w:asciiTheme`` …) override explicit names in Word, so they go.
    """
    fonts = _insert(rpr_el, "rFonts", RPR_ORDER)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    if latin:
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)
        fonts.set(qn("w:hint"), "eastAsia")


def east_asia_font(rpr_el: Any) -> str | None:
    if rpr_el is None:
        return None
    fonts = rpr_el.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def set_size(rpr_el: Any, pt: float) -> None:
    """Font size for Latin and complex scripts (``w:sz``/``w:szCs`` in half points)."""
    half = str(round(pt * 2))
    _insert(rpr_el, "sz", RPR_ORDER).set(qn("w:val"), half)
    _insert(rpr_el, "szCs", RPR_ORDER).set(qn("w:val"), half)


def set_char_spacing(rpr_el: Any, twips: int) -> None:
    """Character spacing (``w:spacing/@w:val``, twips; negative condenses)."""
    _insert(rpr_el, "spacing", RPR_ORDER).set(qn("w:val"), str(twips))


def set_color(rpr_el: Any, hex_rgb: str) -> None:
    _insert(rpr_el, "color", RPR_ORDER).set(qn("w:val"), hex_rgb.upper())


def set_bold(rpr_el: Any, on: bool = True) -> None:
    for tag in ("b", "bCs"):
        el = _insert(rpr_el, tag, RPR_ORDER)
        if on:
            el.attrib.pop(qn("w:val"), None)
        else:
            el.set(qn("w:val"), "0")


def clear_run_props(rpr_el: Any, keep: tuple[str, ...] = ("rFonts",)) -> None:
    """Remove inherited decoration (colour, italics, theme sizes) from a style's rPr."""
    for child in list(rpr_el):
        local = child.tag.rsplit("}", 1)[-1]
        if local not in keep:
            rpr_el.remove(child)


# -- paragraph geometry ---------------------------------------------------------------------------


def set_spacing(
    ppr_el: Any,
    *,
    line_twips: int | None = None,
    rule: str = "exact",
    before_twips: int = 0,
    after_twips: int = 0,
) -> None:
    """Line pitch (exact by default) and space before/after, in twips."""
    sp = _replace(ppr_el, "spacing", PPR_ORDER)
    sp.set(qn("w:before"), str(before_twips))
    sp.set(qn("w:after"), str(after_twips))
    if line_twips is not None:
        sp.set(qn("w:line"), str(line_twips))
        sp.set(qn("w:lineRule"), rule)


def set_indent_chars(
    ppr_el: Any,
    *,
    first_line_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    char_pt: float = 16,
) -> None:
    """Indents in character units (``w:firstLineChars`` in hundredths of a character).

    The twip values are written too, for readers that ignore the character units.
    """
    ind = _replace(ppr_el, "ind", PPR_ORDER)
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(round(first_line_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(first_line_chars * char_pt * TWIPS_PER_PT)))
    if left_chars:
        ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
        ind.set(qn("w:left"), str(round(left_chars * char_pt * TWIPS_PER_PT)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
        ind.set(qn("w:right"), str(round(right_chars * char_pt * TWIPS_PER_PT)))
    if not first_line_chars:  # override an indent inherited from the base style
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")
    if not left_chars:
        ind.set(qn("w:leftChars"), "0")
        ind.set(qn("w:left"), "0")


def set_hanging_chars(
    ppr_el: Any, *, left_chars: float, hanging_chars: float, char_pt: float = 16
) -> None:
    """A hanging indent: lines start ``left_chars`` in, the first ``hanging_chars`` less."""
    ind = _replace(ppr_el, "ind", PPR_ORDER)
    ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
    ind.set(qn("w:left"), str(round(left_chars * char_pt * TWIPS_PER_PT)))
    ind.set(qn("w:hangingChars"), str(round(hanging_chars * 100)))
    ind.set(qn("w:hanging"), str(round(hanging_chars * char_pt * TWIPS_PER_PT)))


def set_jc(ppr_el: Any, value: str) -> None:
    """Alignment: left, center, right, both."""
    _replace(ppr_el, "jc", PPR_ORDER).set(qn("w:val"), value)


def set_flag(ppr_el: Any, local: str, on: bool = True) -> None:
    """Boolean paragraph properties such as keepNext, keepLines, widowControl, snapToGrid."""
    el = _insert(ppr_el, local, PPR_ORDER)
    if on:
        el.attrib.pop(qn("w:val"), None)
    else:
        el.set(qn("w:val"), "0")


def set_outline_level(ppr_el: Any, level: int | None) -> None:
    """Outline level 0..8 (heading 1 → 0); ``None`` removes it (body text)."""
    old = ppr_el.find(qn("w:outlineLvl"))
    if old is not None:
        ppr_el.remove(old)
    if level is not None:
        _insert(ppr_el, "outlineLvl", PPR_ORDER).set(qn("w:val"), str(level))


def add_tab(ppr_el: Any, pos_twips: int, align: str = "right") -> None:
    tabs = _insert(ppr_el, "tabs", PPR_ORDER)
    from docx.oxml import OxmlElement

    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), align)
    tab.set(qn("w:pos"), str(pos_twips))
    tabs.append(tab)


def set_border(ppr_el: Any, side: str, width_mm: float, color: str = "000000") -> None:
    """A rule above (``top``) or below (``bottom``) the paragraph, width in mm.

    ``w:sz`` is in eighths of a point: 0.35 mm → 8 (1 pt), 0.25 mm → 6 (0.75 pt).
    """
    from docx.oxml import OxmlElement

    bdr = _insert(ppr_el, "pBdr", PPR_ORDER)
    order = ["top", "left", "bottom", "right", "between", "bar"]
    old = bdr.find(qn(f"w:{side}"))
    if old is not None:
        bdr.remove(old)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(max(2, round(width_mm / MM_PER_PT * 8))))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color.upper())
    successors = {qn(f"w:{t}") for t in order[order.index(side) + 1 :]}
    for i, sib in enumerate(bdr):
        if sib.tag in successors:
            bdr.insert(i, el)
            break
    else:
        bdr.append(el)


def border_width_mm(ppr_el: Any, side: str) -> float | None:
    bdr = None if ppr_el is None else ppr_el.find(qn("w:pBdr"))
    el = None if bdr is None else bdr.find(qn(f"w:{side}"))
    if el is None:
        return None
    return int(el.get(qn("w:sz"))) / 8 * MM_PER_PT


def mark_rpr(ppr_el: Any) -> Any:
    """The paragraph mark's run properties (``w:pPr/w:rPr``)."""
    return _insert(ppr_el, "rPr", PPR_ORDER)


# -- runs and fields ------------------------------------------------------------------------------


def add_page_field(paragraph: Any, before: str, after: str) -> None:
    """Append ``before`` PAGE ``after`` to ``paragraph`` as runs (a real PAGE field)."""
    from docx.oxml import OxmlElement

    def fld(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    if before:
        paragraph.add_run(before)
    for part in ("begin", "instr", "separate", "1", "end"):
        run = paragraph.add_run()
        if part == "instr":
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif part == "1":
            run.text = "1"
        else:
            run._r.append(fld(part))
    if after:
        paragraph.add_run(after)


# -- section, settings, tables --------------------------------------------------------------------


def set_doc_grid(sectpr: Any, line_pitch_twips: int, char_space: int | None = None) -> None:
    """Document grid with the given line pitch.

    With ``char_space`` the grid is ``linesAndChars`` (``w:charSpace``: deviation from the
    Normal font size in 4096ths of a point) — Word honours it, but LibreOffice (7.x)
    mis-imports a negative ``charSpace`` and sets each character in two grid cells.  The
    renderer therefore uses a ``lines`` grid (``char_space=None``) and reaches the
    characters-per-line through character spacing in the styles (:func:`set_char_spacing`),
    which both Word and LibreOffice lay out the same way.
    """
    grid = _replace(sectpr, "docGrid", SECTPR_ORDER)
    grid.set(qn("w:type"), "lines" if char_space is None else "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch_twips))
    if char_space is not None:
        grid.set(qn("w:charSpace"), str(char_space))


def enable_even_odd_footers(settings: Any) -> None:
    """``w:evenAndOddHeaders`` in settings.xml, so odd and even pages get their own footer."""
    settings.odd_and_even_pages_header_footer = True


def set_table_borders(table: Any, width_mm: float = 0.25, color: str = "000000") -> None:
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(max(2, round(width_mm / MM_PER_PT * 8))))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    # tblBorders comes after tblStyle/tblpPr/tblOverlap/bidiVisual/tblStyleRowBandSize/
    # tblStyleColBandSize/tblW/jc/tblCellSpacing/tblInd; append then move before tblLayout etc.
    later = {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption")}
    for i, sib in enumerate(tblpr):
        if sib.tag in later:
            tblpr.insert(i, borders)
            break
    else:
        tblpr.append(borders)


def float_table_at_foot(table: Any, width_twips: int, left_twips: int) -> None:
    """Position ``table`` at the bottom of the type area, full type width (版记 placement).

    Horizontally the table is placed ``left_twips`` from the page edge (the left margin),
    not centred in the margins: LibreOffice (writerfilter's FloatingTableConversion) keeps
    a margin-anchored table as wide as the type area in the text flow, and only a
    page-anchored one becomes the frame that sits at the foot of the page.
    """
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    pos = OxmlElement("w:tblpPr")
    for k, v in (
        ("leftFromText", "0"),
        ("rightFromText", "0"),
        ("topFromText", "0"),
        ("bottomFromText", "0"),
        ("vertAnchor", "margin"),
        ("horzAnchor", "page"),
        ("tblpX", str(left_twips)),
        ("tblpYSpec", "bottom"),
    ):
        pos.set(qn(f"w:{k}"), v)
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        style.addnext(pos)
    else:
        tblpr.insert(0, pos)
    fix_table_width(table, width_twips)


def fix_table_width(table: Any, width_twips: int) -> None:
    """Table width = ``width_twips`` (dxa), fixed layout, zero left/right cell margins."""
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    order = (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
        "tblDescription"
    ).split()
    w = _insert(tblpr, "tblW", order)
    w.set(qn("w:w"), str(width_twips))
    w.set(qn("w:type"), "dxa")
    _insert(tblpr, "tblLayout", order).set(qn("w:type"), "fixed")
    mar = _replace(tblpr, "tblCellMar", order)
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)


def set_rule_borders(table: Any, outer_mm: float, inner_mm: float, color: str = "000000") -> None:
    """Horizontal rules only: thick top and bottom, thin between rows (GB/T 9704 版记)."""
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side, width in (
        ("top", outer_mm),
        ("left", 0.0),
        ("bottom", outer_mm),
        ("right", 0.0),
        ("insideH", inner_mm),
        ("insideV", 0.0),
    ):
        el = OxmlElement(f"w:{side}")
        if width:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(max(2, round(width / MM_PER_PT * 8))))
            el.set(qn("w:color"), color)
        else:
            el.set(qn("w:val"), "nil")
        el.set(qn("w:space"), "0")
        borders.append(el)
    later = {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption")}
    for i, sib in enumerate(tblpr):
        if sib.tag in later:
            tblpr.insert(i, borders)
            break
    else:
        tblpr.append(borders)


def table_rule_widths(table: Any) -> dict[str, float]:
    """{side: width in mm} of a table's ``w:tblBorders`` (sides without a line omitted)."""
    out: dict[str, float] = {}
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is None:
        return out
    for el in borders:
        if el.get(qn("w:val")) not in (None, "nil", "none"):
            out[el.tag.rsplit("}", 1)[-1]] = int(el.get(qn("w:sz"))) / 8 * MM_PER_PT
    return out


# -- reproducible packages ------------------------------------------------------------------------

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed member timestamps and attributes (same member order).

    python-docx stamps every member with the current local time; this removes the
    only source of nondeterminism left once core properties are fixed.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


class _FixedTimeZipWriter:
    """python-docx's physical package writer, with fixed timestamps (deterministic bytes)."""

    def __init__(self, stream: Any) -> None:
        self._zipf = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        zi = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_ZIP_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o600 << 16
        zi.create_system = 0
        self._zipf.writestr(zi, blob, compresslevel=1)  # fast; still deterministic

    def close(self) -> None:
        self._zipf.close()


def wrap_in_content_control(elements: list[Any], tag: str, alias: str) -> Any:
    """Move consecutive body ``elements`` into one block content control (``w:sdt``)
    tagged ``tag``; returns the ``w:sdt``."""
    from docx.oxml import OxmlElement

    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    a = OxmlElement("w:alias")
    a.set(qn("w:val"), alias)
    t = OxmlElement("w:tag")
    t.set(qn("w:val"), tag)
    pr.append(a)
    pr.append(t)
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    if elements:
        elements[0].addprevious(sdt)
    for el in elements:
        content.append(el)
    return sdt


def save_reproducible(document: Any) -> bytes:
    """Serialize a python-docx Document to deterministic .docx bytes in one pass.

    Uses python-docx's PackageWriter steps with our zip writer; if those internals ever
    change, falls back to saving normally and rewriting the zip.
    """
    package = document.part.package
    buf = io.BytesIO()
    try:
        from docx.opc.pkgwriter import PackageWriter

        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        writer = _FixedTimeZipWriter(buf)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
        writer.close()
        return buf.getvalue()
    except AttributeError:
        buf = io.BytesIO()
        document.save(buf)
        return reproducible_zip(buf.getvalue())
