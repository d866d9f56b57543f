"""Rendering: the standardized Word briefing (this package), review copies, HTML reports.

    render(doc, "out.docx", template="zhengwu", issue="143", date="2020-09-08") -> Path

Templates are ``zhengwu`` (政务信息, red masthead), ``jianbao`` (plain 简报) or a path
to a .docx defining the same style names.  python-docx is imported only when
rendering.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.model import Document

__all__ = ["render", "render_bytes"]


def render(
    doc: Document, path: str | Path, template: str | Path = "zhengwu", **options: Any
) -> Path:
    """Write ``doc`` as a standardized briefing .docx to ``path`` and return the path.

    Options override ``doc.meta``: ``issue``, ``date`` (YYYY-MM-DD or 2020年9月8日),
    ``masthead``, ``issuer``, ``editor``, ``copies``, ``column``, ``recipients``;
    ``appendix=True`` adds the figures and check results (``figures``/``report`` may be
    passed in, else ``briefing.extract``/``briefing.check`` are called).
    Missing metadata stays out; nothing is invented.
    """
    from briefing.rendering.briefing import render_document

    return render_document(doc, path, template=template, **options)


def render_bytes(doc: Document, template: str | Path = "zhengwu", **options: Any) -> bytes:
    """Like :func:`render` but return the .docx bytes."""
    from briefing.rendering.briefing import render_bytes as _render_bytes

    return _render_bytes(doc, template=template, **options)
