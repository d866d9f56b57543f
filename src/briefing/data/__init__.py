"""The package's language knowledge: TOML tables and word lists (see each file's header)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def data_text(name: str) -> str:
    """The text of the data file ``name`` (read as UTF-8; without importlib.resources,
    whose import costs the cold start more than the read)."""
    return (FOLDER / name).read_text(encoding="utf-8")
