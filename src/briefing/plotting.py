"""Chinese labels in matplotlib plots: find an installed CJK font and make it the default.

    from briefing.plotting import use_cjk_font
    use_cjk_font()            # -> "Noto Sans CJK SC"
    plt.title("各区完成投资")  # renders Chinese, no tofu boxes

matplotlib's default DejaVu Sans has no Chinese glyphs: every character becomes an empty
box ("tofu") and matplotlib warns "Glyph … missing from font(s) DejaVu Sans".  The font
families tried, in order, and the Debian packages that provide them are listed in
``data/fonts.toml``.  matplotlib is imported only inside these functions.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from briefing.errors import BriefingError

__all__ = ["MissingFontError", "cjk_font_family", "missing_glyphs", "use_cjk_font"]


class MissingFontError(BriefingError, RuntimeError):
    """No CJK font is installed that matplotlib can use."""

    code = "E040"


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    raw = resources.files("briefing.data").joinpath("fonts.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def _installed_families() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _register_font_files() -> None:
    """Add known CJK font files that matplotlib's (older) font cache does not list yet."""
    from matplotlib import font_manager

    wanted = set(_config()["files"])
    known = {os.path.basename(f.fname) for f in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts(fontext="ttf"):  # .ttf, .otf and .ttc
        name = os.path.basename(path)
        if name in wanted and name not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable font file: skip it
                continue


def cjk_font_family(prefer: str | None = None, *, families: Sequence[str] | None = None) -> str:
    """Name of the first installed CJK font family: ``prefer``, then ``families``
    (default: the list in data/fonts.toml).

    Raises :class:`MissingFontError` naming the Debian packages to install when none is found.
    """
    candidates = _config()["families"] if families is None else families
    order: list[str] = ([prefer] if prefer else []) + list(candidates)
    for attempt in range(2):
        installed = _installed_families()
        for family in order:
            if family in installed:
                return family
        if attempt == 0:
            _register_font_files()
    packages = " ".join(_config()["packages"])
    raise MissingFontError(
        None,
        "未找到可显示中文的字体 (no CJK font found for matplotlib; tried "
        f"{', '.join(order)}). Install one, e.g. `apt-get install {packages}`, "
        "then delete matplotlib's font cache (~/.cache/matplotlib) and restart Python.",
    )


def use_cjk_font(prefer: str | None = None) -> str:
    """Make an installed CJK font matplotlib's default; returns the family name.

    The CJK family comes first and DejaVu Sans stays as a fallback for any glyph the
    CJK font lacks.  ``axes.unicode_minus`` is switched off because several CJK fonts
    have no U+2212 MINUS SIGN.
    """
    import matplotlib as mpl

    family = cjk_font_family(prefer)
    mpl.rcParams["font.family"] = "sans-serif"
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["axes.unicode_minus"] = False
    return family


def missing_glyphs(text: str, family: str | None = None) -> str:
    """The characters of ``text`` (other than whitespace) that ``family`` cannot draw.

    ``family`` defaults to the CJK font :func:`cjk_font_family` finds.  An empty string
    means every character has a glyph.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    name = family or cjk_font_family()
    path = font_manager.findfont(
        font_manager.FontProperties(family=name), fallback_to_default=False
    )
    font = FT2Font(path)
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and font.get_char_index(ord(ch)) == 0:
            seen.setdefault(ch)
    return "".join(seen)
