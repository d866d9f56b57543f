"""The official GB/T 9704 fonts and their stand-ins, for Word and for LibreOffice.

A briefing names the official faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) on
``w:rFonts/@w:eastAsia``.  Most machines lack some of them; what each program then draws
depends on what the document and the machine say:

* **Word** looks the name up in the document's font table (``word/fontTable.xml``) and
  tries its ``w:altName`` alternates: :func:`declare_fonts` writes one entry per official
  face with the alternates of ``data/fonts.toml`` (仿宋 → 仿宋, FangSong, Noto Serif CJK SC…),
  the GB2312 character set and a family class, instead of python-docx's defaults (ＭＳ 明朝).
* **LibreOffice** ignores ``w:altName`` and asks fontconfig, which falls back to the one
  default sans face for every unknown name.  :func:`fontconfig_xml` writes the same
  alternates as fontconfig aliases; install it once per user::

      python -m briefing.rendering.fonts > ~/.config/fontconfig/conf.d/60-briefing.conf

  (``scripts/render_preview.py`` passes it to LibreOffice through ``FONTCONFIG_FILE``.)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from briefing import recache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: w:charset of the GB2312 code page (Windows charset 134).
GB2312_CHARSET = "86"
#: The system configuration a generated fontconfig file includes first.
SYSTEM_FONTS_CONF = "/etc/fonts/fonts.conf"


@dataclass(frozen=True, slots=True)
class FontFallback:
    """A font of the template and the fonts that may stand in for it."""

    name: str
    alternates: tuple[str, ...]
    family: str  # w:family class: roman, swiss, modern, script, decorative, auto
    weight: str  # regular or bold: the weight a stand-in needs to look like the original


@lru_cache(maxsize=1)
def fallbacks() -> dict[str, FontFallback]:
    """{official font name: its stand-ins}, from ``data/fonts.toml`` (read once)."""
    raw = resources.files("briefing.data").joinpath("fonts.toml").read_text(encoding="utf-8")
    table = recache.toml(raw).get("docx_fonts", {})
    return {
        name: FontFallback(
            name,
            tuple(entry.get("alternates", ())),
            str(entry.get("family", "auto")),
            str(entry.get("weight", "regular")),
        )
        for name, entry in table.items()
    }


def font_entry_xml(name: str) -> str:
    """One ``w:font`` element (without namespace declaration) for ``name``."""
    fb = fallbacks().get(name)
    alt = (
        f'<w:altName w:val="{escape(",".join(fb.alternates), {chr(34): "&quot;"})}"/>' if fb else ""
    )
    family = fb.family if fb else "auto"
    charset = GB2312_CHARSET if fb else "00"
    return (
        f'<w:font w:name="{escape(name, {chr(34): "&quot;"})}">{alt}'
        f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        '<w:pitch w:val="variable"/></w:font>'
    )


def font_table_xml(names: Iterable[str]) -> bytes:
    """A complete ``word/fontTable.xml`` declaring ``names`` (in the order given)."""
    seen: dict[str, None] = dict.fromkeys(n for n in names if n)
    body = "".join(font_entry_xml(n) for n in seen)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{W_NS}">{body}</w:fonts>'
    ).encode()


def used_fonts(document: Any) -> list[str]:
    """Every font name set on a style or the document defaults (Latin first, then East Asian)."""
    latin: dict[str, None] = {}
    east: dict[str, None] = {}
    for el in document.styles.element.iter(f"{{{W_NS}}}rFonts"):
        for attr in ("ascii", "hAnsi", "cs"):
            v = el.get(f"{{{W_NS}}}{attr}")
            if v:
                latin[v] = None
        v = el.get(f"{{{W_NS}}}eastAsia")
        if v:
            east[v] = None
    return [*latin, *east]


def declare_fonts(document: Any) -> None:
    """Replace the font table of a python-docx ``document`` with the fonts its styles use."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = font_table_xml(used_fonts(document))
            return


def fontconfig_xml(include: str | None = SYSTEM_FONTS_CONF) -> str:
    """A fontconfig file mapping each official name to its stand-ins (see module doc).

    ``include``: the configuration to load first (the system one for a standalone
    ``FONTCONFIG_FILE``); ``None`` for a ``conf.d`` snippet.
    """
    out = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<!-- briefing: stand-ins for the GB/T 9704 fonts (python -m briefing.rendering.fonts) -->",
        "<fontconfig>",
    ]
    if include:
        out.append(f'  <include ignore_missing="yes">{escape(include)}</include>')
    for fb in fallbacks().values():
        alts = "".join(f"<string>{escape(a)}</string>" for a in fb.alternates)
        out.append(
            f'  <match target="pattern"><test name="family"><string>{escape(fb.name)}</string>'
            f'</test><edit name="family" mode="append" binding="strong">{alts}</edit>'
            + (
                '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>'
                if fb.weight == "bold"
                else ""
            )
            + "</match>"
        )
    out.append("</fontconfig>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the fontconfig snippet (``--standalone``: a whole FONTCONFIG_FILE)."""
    args = sys.argv[1:] if argv is None else argv
    sys.stdout.write(fontconfig_xml(SYSTEM_FONTS_CONF if "--standalone" in args else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
