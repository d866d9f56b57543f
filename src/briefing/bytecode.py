"""The package's compiled modules kept in the cache folder when Python writes no
``__pycache__`` (cold start).

Python keeps the bytecode of a module it compiles beside the source, in
``__pycache__``, unless told not to (``PYTHONDONTWRITEBYTECODE=1``, ``python -B``):
then every process compiles the package's modules from source again, and a cold
``briefing check`` spends more than half of its CPU in the compiler (about 0.3 s of
compiling for the modules a check imports).  With bytecode writing turned off,
:func:`install` keeps the code of the ``briefing`` modules in the package's cache folder
(``briefing.recache``: ``$BRIEFING_CACHE_DIR``, ``$XDG_CACHE_HOME/briefing`` or
``~/.cache/briefing``), never beside the sources, so the source tree stays as clean as
the setting asked; other packages' modules are loaded as usual.  When Python writes
``__pycache__`` itself, or ``BRIEFING_NO_CACHE=1``, nothing is installed.

A cached module is used only while its source file has the same size and modification
time (in nanoseconds) and the interpreter the same bytecode magic number; a file is
written whole under a temporary name and renamed, and any failure to read or write
falls back to compiling the source.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from importlib.machinery import PathFinder, SourceFileLoader
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

_PREFIX = "briefing."
_state: dict[str, Any] = {}


def cache_dir() -> str | None:
    """The package's cache folder, or None when the cache is turned off
    (``BRIEFING_NO_CACHE``)."""
    if os.environ.get("BRIEFING_NO_CACHE"):
        return None
    explicit = os.environ.get("BRIEFING_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "briefing")


def _header(st: os.stat_result) -> bytes:
    return MAGIC_NUMBER + st.st_mtime_ns.to_bytes(8, "little") + st.st_size.to_bytes(8, "little")


class CachedLoader(SourceFileLoader):
    """A source loader that keeps the module's code in the cache folder."""

    def get_code(self, fullname: str) -> CodeType:  # type: ignore[override]
        path = self.path
        folder = _state.get("folder")
        try:
            st = os.stat(path)
        except OSError:
            folder = None
        if folder is None:
            return super().get_code(fullname)  # type: ignore[return-value]
        stem = f"{fullname}-{zlib.crc32(os.fsencode(path)):08x}.pyc"
        cached = os.path.join(folder, stem)
        header = _header(st)
        try:
            with open(cached, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        if data[: len(header)] == header:
            try:
                code = marshal.loads(memoryview(data)[len(header) :])
                if isinstance(code, CodeType):
                    return code
            except (EOFError, ValueError, TypeError):
                pass
        code = self.source_to_code(self.get_data(path), path)
        tmp = f"{cached}.{os.getpid()}.tmp"
        try:
            os.makedirs(folder, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(header + marshal.dumps(code))
            os.replace(tmp, cached)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return code


class CachedFinder:
    """Finds ``briefing`` modules as the path finder does, with :class:`CachedLoader`."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if not name.startswith(_PREFIX):
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and type(spec.loader) is SourceFileLoader:
            spec.loader = CachedLoader(spec.loader.name, spec.loader.path)
        return spec


def install() -> bool:
    """Keep the package's bytecode in the cache folder when Python writes none beside
    the sources (idempotent); whether the finder is installed."""
    if CachedFinder in sys.meta_path:
        return True
    folder = cache_dir()
    if not sys.dont_write_bytecode or folder is None:
        return False
    _state["folder"] = os.path.join(folder, f"pyc-{sys.implementation.cache_tag}")
    sys.meta_path.insert(0, CachedFinder)  # type: ignore[arg-type]
    return True
