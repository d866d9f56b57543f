"""House-style templates: a layout spec (TOML) plus a .docx holding the styles.

``templates/<name>.toml`` is the single source of the numbers (page, fonts, sizes,
rules, formats); ``templates/<name>.docx`` is built from it by
``scripts/build_templates.py`` (:func:`build_template_docx`), so the template is
reproducible from the repository.  A user's own .docx works as a template if it
defines every style name listed in the spec's ``[styles]`` table; its layout spec is
the .toml next to it when there is one, else the default spec (zhengwu).
"""

from __future__ import annotations

import io
import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.errors import UsageError

DEFAULT_TEMPLATE = "zhengwu"
BUILTIN_TEMPLATES = ("zhengwu", "jianbao")

#: The fixed creation time stamped into template files (reproducible builds).
TEMPLATE_EPOCH = "2020-01-01T00:00:00Z"


def templates_dir() -> Path:
    """The built-in templates, shipped inside the package (``templates/`` at the repo root
    is a link to the same folder)."""
    return Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True, slots=True)
class Spec:
    """A parsed layout spec with derived measures."""

    name: str
    data: dict[str, Any] = field(repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def styles(self) -> dict[str, str]:
        return dict(self.data["styles"])

    @property
    def type_width_pt(self) -> float:
        p = self.data["page"]
        return float(p["width_mm"] - p["left_mm"] - p["right_mm"]) / 25.4 * 72

    @property
    def type_height_pt(self) -> float:
        p = self.data["page"]
        return float(p["height_mm"] - p["top_mm"] - p["bottom_mm"]) / 25.4 * 72

    @property
    def line_pitch_twips(self) -> int:
        """Exact line pitch fitting ``lines_per_page`` lines in the type area (floor, twips)."""
        return math.floor(self.type_height_pt / self.data["page"]["lines_per_page"] * 20)

    @property
    def line_pitch_pt(self) -> float:
        return self.line_pitch_twips / 20

    @property
    def char_space(self) -> int:
        """``w:docGrid/@w:charSpace``: character pitch minus body size, in 1/4096 pt."""
        pitch = self.type_width_pt / self.data["page"]["chars_per_line"]
        return math.floor((pitch - self.data["sizes"]["body"]) * 4096)

    def char_spacing_twips(self, size_pt: float) -> int:
        """Character spacing that sets ``chars_per_line`` characters of ``size_pt`` a line.

        0 when the size already fits; otherwise the largest condensing (whole twips,
        rounded towards more room) so that ``chars_per_line`` full-width characters fit.
        """
        pitch = self.type_width_pt / self.data["page"]["chars_per_line"]
        return min(0, math.floor((pitch - size_pt) * 20))

    @property
    def type_width_twips(self) -> int:
        return math.floor(self.type_width_pt * 20)


def _parse_spec(path: Path) -> Spec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UsageError(str(path), f"cannot read layout spec: {e}") from None
    for section in ("page", "fonts", "sizes", "styles", "masthead", "page_number", "imprint"):
        if section not in data:
            raise UsageError(str(path), f"layout spec has no [{section}] table")
    return Spec(name=str(data.get("name", path.stem)), data=data)


@lru_cache(maxsize=16)
def _load(key: str, mtime: float) -> tuple[Spec, bytes]:
    """(spec, template bytes) for a built-in name or a .docx path; cached per file mtime."""
    if key in BUILTIN_TEMPLATES:
        base = templates_dir()
        spec = _parse_spec(base / f"{key}.toml")
        docx_path = base / spec.data.get("docx", f"{key}.docx")
        if not docx_path.is_file():
            raise UsageError(
                str(docx_path), "template not built; run python scripts/build_templates.py"
            )
        return spec, docx_path.read_bytes()
    path = Path(key)
    sibling = path.with_suffix(".toml")
    spec = (
        _parse_spec(sibling)
        if sibling.is_file()
        else _parse_spec(templates_dir() / f"{DEFAULT_TEMPLATE}.toml")
    )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(str(path), f"cannot read template: {e.strerror or e}") from None
    return spec, data


def load_template(template: str | Path) -> tuple[Spec, bytes]:
    """Resolve ``template`` (``zhengwu``, ``jianbao`` or a .docx path) to (spec, docx bytes)."""
    key = str(template)
    if key in BUILTIN_TEMPLATES:
        toml = templates_dir() / f"{key}.toml"
        mtime = toml.stat().st_mtime if toml.exists() else 0.0
        return _load(key, mtime)
    path = Path(key)
    if path.suffix.lower() != ".docx":
        names = ", ".join(BUILTIN_TEMPLATES)
        raise UsageError(key, f"unknown template; use {names} or a .docx file")
    if not path.is_file():
        raise UsageError(key, "template file not found")
    return _load(str(path.resolve()), path.stat().st_mtime)


def missing_styles(docx_document: Any, spec: Spec) -> list[str]:
    """Style names the spec needs that the .docx does not define."""
    have = {s.name for s in docx_document.styles}
    return sorted({v for v in spec.styles.values() if v not in have})


# -- building the template .docx from the spec ---------------------------------------------------


def build_template_docx(spec: Spec) -> bytes:
    """A .docx whose styles implement ``spec`` (python-docx default package + our styles)."""
    import datetime as dt

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    from briefing.rendering import oxml

    d = Document()
    fonts, sizes, styles = spec["fonts"], spec["sizes"], spec.styles
    pitch = spec.line_pitch_twips
    body_pt = float(sizes["body"])
    latin = fonts["latin"]

    # document defaults: every style inherits the body fonts instead of theme fonts
    defaults = d.styles.element.find(oxml.qn("w:docDefaults"))
    rpr_default = defaults.find(oxml.qn("w:rPrDefault")).find(oxml.qn("w:rPr"))
    oxml.set_fonts(rpr_default, latin, fonts["body"])
    oxml.set_size(rpr_default, body_pt)
    lang = rpr_default.find(oxml.qn("w:lang"))
    if lang is not None:
        lang.set(oxml.qn("w:eastAsia"), "zh-CN")
    ppr_default = defaults.find(oxml.qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)

    def style(key: str) -> Any:
        name = styles[key]
        try:
            st = d.styles[name]
        except KeyError:
            st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = d.styles["Normal"]
        st.hidden = False
        st.quick_style = True
        st.unhide_when_used = False
        el = st.element
        rpr = el.get_or_add_rPr()
        oxml.clear_run_props(rpr, keep=())
        ppr = el.get_or_add_pPr()
        for child in list(ppr):
            if child.tag != oxml.qn("w:pStyle"):
                ppr.remove(child)
        return st

    def para(
        st: Any,
        font: str,
        size: float,
        *,
        line: int | None = pitch,
        rule: str = "exact",
        jc: str = "both",
        first: float = 0,
        left: float = 0,
        before: int = 0,
        after: int = 0,
        color: str | None = None,
        outline: int | None = None,
        keep_next: bool = False,
        snap: bool = True,
        grid: bool = False,
    ) -> None:
        ppr = st.element.get_or_add_pPr()
        rpr = st.element.get_or_add_rPr()
        if keep_next:
            oxml.set_flag(ppr, "keepNext")
        oxml.set_flag(ppr, "widowControl")
        # w:overflowPunct on is Word's own default (hanging punctuation allowed, as in Word's
        # Chinese setup); written explicitly because LibreOffice 7.x imports it inverted and,
        # without it, hangs a line-final ，。 a full character past the type area.
        oxml.set_flag(ppr, "overflowPunct", on=True)
        if not snap:
            oxml.set_flag(ppr, "snapToGrid", on=False)
        oxml.set_spacing(ppr, line_twips=line, rule=rule, before_twips=before, after_twips=after)
        oxml.set_indent_chars(ppr, first_line_chars=first, left_chars=left, char_pt=size)
        oxml.set_jc(ppr, jc)
        oxml.set_outline_level(ppr, outline)
        oxml.set_fonts(rpr, latin, font)
        oxml.set_size(rpr, size)
        oxml.set_bold(rpr, on=False)
        oxml.set_color(rpr, color or "000000")
        if grid:
            oxml.set_char_spacing(rpr, spec.char_spacing_twips(size))

    first = float(spec["body"]["first_line_chars"])
    hfirst = float(spec["body"]["heading_first_line_chars"])
    para(style("body"), fonts["body"], body_pt, first=first, grid=True)
    # the title keeps its exact pitch: off the grid, or LibreOffice gives each 2号 line two
    para(
        style("title"),
        fonts["title"],
        sizes["title"],
        jc="center",
        after=pitch,
        keep_next=True,
        snap=False,
    )
    for lvl in range(1, 5):
        para(
            style(f"heading{lvl}"),
            fonts[f"heading{lvl}"],
            sizes["heading"],
            first=hfirst,
            outline=lvl - 1,
            keep_next=True,
            grid=True,
        )
    mast = spec["masthead"]
    para(
        style("masthead"),
        fonts["masthead"],
        sizes["masthead"],
        line=None,
        rule="auto",
        jc="center",
        color=mast["color"],
        snap=False,
        before=0,
        after=round(pitch / 2),
    )
    para(style("issue"), fonts["body"], sizes["issue"], jc="center")
    st = style("masthead_meta")
    para(st, fonts["body"], sizes["masthead_meta"], jc="left", after=round(pitch / 2))
    oxml.add_tab(st.element.get_or_add_pPr(), spec.type_width_twips, "right")
    para(style("byline"), fonts["body"], sizes["imprint"], jc="center", after=pitch)
    para(style("column"), fonts["heading1"], sizes["column"], jc="left", keep_next=True)
    para(style("source"), fonts["body"], body_pt, first=first, grid=True)
    imp = spec["imprint"]
    para(
        style("imprint"),
        fonts["body"],
        sizes["imprint"],
        line=round(sizes["imprint"] * 1.6 * 20),
        jc="left",
        left=float(imp["indent_chars"]),
    )
    para(
        style("page_number"),
        fonts["page_number"],
        sizes["page_number"],
        line=None,
        rule="auto",
        jc="left",
        snap=False,
    )
    para(
        style("table"),
        fonts["body"],
        sizes["table"],
        line=None,
        rule="auto",
        jc="left",
        snap=False,
    )
    para(style("appendix_title"), fonts["heading1"], sizes["heading"], jc="left", keep_next=True)

    from briefing.rendering.fonts import declare_fonts

    declare_fonts(d)
    cp = d.core_properties
    when = dt.datetime.fromisoformat(TEMPLATE_EPOCH.replace("Z", "+00:00"))
    cp.created = cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.author = cp.last_modified_by = "briefing"
    cp.title = f"{spec['label']} template"
    buf = io.BytesIO()
    d.save(buf)
    return oxml.reproducible_zip(buf.getvalue())


def spec_from_file(path: str | Path) -> Spec:
    return _parse_spec(Path(path))
