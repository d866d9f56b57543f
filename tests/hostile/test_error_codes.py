"""Every error and note code is defined in briefing/errors.py and listed in the README."""

from __future__ import annotations

import re
import sys

from hostile_support import ROOT

sys.path.insert(0, str(ROOT / "src"))

from briefing.errors import CODES, EXIT_CODES, NOTES


def _readme_errors() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Errors")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_readme_lists_every_code() -> None:
    section = _readme_errors()
    listed = set(re.findall(r"^\| `([EW]\d{3})` \|", section, re.M))
    assert listed == set(CODES) | set(NOTES)
    for status in EXIT_CODES:
        assert f"`{status}`" in section, status


def test_every_code_in_the_sources_is_defined_in_errors_py() -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "briefing").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""code = "(E\d{3})\"""", text))
        used |= set(re.findall(r"\[(W\d{3})\]", text))
    assert used, "no codes found: the pattern is stale"
    used.discard("E000")  # the abstract base class, never raised
    assert used <= set(CODES) | set(NOTES), used - set(CODES) - set(NOTES)
