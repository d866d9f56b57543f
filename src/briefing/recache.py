"""Compiled regular expressions and parsed data files of the package, cached across
processes (cold start).

CPython compiles a pattern in two steps: a pure-Python parser and code generator
(``re._parser``, ``re._compiler``), which cost about a millisecond a pattern here (the
rules' CJK character classes are expanded one code point at a time), and a fast C
constructor (``_sre.compile``) that takes the generated code.  The package compiles
about 300 patterns, so a cold ``briefing check`` spent more than half of its CPU in
the first step.  This module keeps the generated code of the package's own patterns
in one file and hands it to ``_sre.compile`` in later processes.  The same file keeps
the parsed contents of the TOML data files (:func:`toml`, keyed by the text), whose pure-Python parsing cost another tenth of the cold start.

Safety: an entry is stored only after the pattern it rebuilds compared equal to the
one ``re`` compiled itself (pattern equality compares flags, pattern text and the
whole generated code); the file is keyed by the interpreter's version and the regex
engine's magic number, carries a CRC-32 of its contents, and is replaced atomically;
``_sre.compile`` validates code it is given.  Any failure falls back to ``re``.

The file lives in ``$BRIEFING_CACHE_DIR`` or ``$XDG_CACHE_HOME/briefing`` (default
``~/.cache/briefing``); ``BRIEFING_NO_CACHE=1`` turns the cache off.  Only patterns
compiled by ``briefing`` modules are stored; other patterns are compiled as usual.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

_MAGIC = b"briefing-cache-3\n"
_MAX_ENTRIES = 5000
_VERSIONS = ((3, 11), (3, 12), (3, 13))  # whose re._compiler.compile this mirrors

T = TypeVar("T")
Key = tuple[str, int]
Args = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]  # code as array("I") bytes

_entries: dict[Key, Args] = {}  # regular expressions read from the file
_new: dict[Key, Args] = {}  # compiled in this process
_data: dict[str, bytes] = {}  # marshalled results of memo() by kind and source text
_new_data: dict[str, bytes] = {}
_state: dict[str, Any] = {}


def cache_dir() -> Path | None:
    """The folder of the cache file, or None when the cache is turned off."""
    from briefing import bytecode

    folder = bytecode.cache_dir()
    return None if folder is None else Path(folder)


def cache_file(folder: Path) -> Path:
    """The cache file in ``folder`` for this interpreter and regex engine."""
    import _sre

    stamp = f"{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
    digest = zlib.crc32(stamp.encode())
    return folder / f"re-{sys.implementation.cache_tag}-{digest:08x}.bin"


def _load(path: Path) -> None:
    try:
        raw = path.read_bytes()
    except OSError:
        return
    head = len(_MAGIC) + 4
    if not raw.startswith(_MAGIC) or len(raw) < head:
        return
    payload = raw[head:]
    if zlib.crc32(payload).to_bytes(4, "big") != raw[len(_MAGIC) : head]:
        return
    try:
        loaded = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return
    if isinstance(loaded, tuple) and len(loaded) == 2:
        patterns, data = loaded
        if isinstance(patterns, dict) and isinstance(data, dict):
            _entries.update(patterns)
            _data.update(data)


def _merged(old: dict[Any, Any], new: dict[Any, Any]) -> dict[Any, Any]:
    merged = dict(old) if len(old) + len(new) <= _MAX_ENTRIES else {}
    merged.update(new)
    return merged


def _save() -> None:
    path = _state.get("path")
    if not (_new or _new_data) or path is None:
        return
    try:
        payload = marshal.dumps((_merged(_entries, _new), _merged(_data, _new_data)))
    except ValueError:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def everything() -> None:
    """Cache every pattern this process compiles, the standard library's included (for
    the ``briefing`` command, whose process is all ours; a program that imports the
    package keeps its own patterns out of the file)."""
    _state["everything"] = True


def _ours() -> bool:
    """Whether the pattern (or dataclass) being compiled comes from a ``briefing`` module."""
    if _state.get("everything"):
        return True
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name not in ("re", "dataclasses") and not name.startswith("re."):
            return name == "briefing" or name.startswith("briefing.")
        frame = frame.f_back
    return False


def rebuild(pattern: str, args: Args) -> Any:
    """The compiled pattern from a cache entry (``_sre`` validates the code)."""
    import _sre

    final, code, groups, groupindex, indexgroup = args
    return _sre.compile(pattern, final, array("I", code).tolist(), groups, groupindex, indexgroup)


def install() -> None:
    """Serve the package's patterns from the cache file (idempotent; a no-op when the
    cache is off or the interpreter is not one whose ``re`` internals are known)."""
    if _state.get("installed"):
        return
    _state["installed"] = True
    folder = cache_dir()
    if (
        folder is None
        or sys.implementation.name != "cpython"
        or sys.version_info[:2] not in _VERSIONS
    ):
        return
    import _sre
    import re

    if array("I").itemsize != _sre.CODESIZE:
        return
    from re import _compiler, _parser  # type: ignore[attr-defined]

    path = cache_file(folder)
    _state["path"] = path
    _load(path)
    original = _compiler.compile
    debug = re.DEBUG.value

    def build(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], Any]:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for k, i in parsed.state.groupdict.items():
            indexgroup[i] = k
        return (  # plain ints: the generator's opcodes are int subclasses
            int(flags | parsed.state.flags),
            [int(c) for c in code],
            int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in parsed.state.groupdict.items()},
            tuple(indexgroup),
        )

    def compile(p: Any, flags: int = 0) -> Any:
        if type(p) is not str or type(flags) is not int or flags & debug or not _ours():
            return original(p, flags)
        key = (p, flags)
        args = _entries.get(key)
        if args is not None:
            try:
                return rebuild(p, args)
            except Exception:
                del _entries[key]
        compiled = original(p, flags)
        try:
            final, code, groups, groupindex, indexgroup = build(p, flags)
            if _sre.compile(p, final, code, groups, groupindex, indexgroup) == compiled:
                packed = array("I", code).tobytes()  # unmarshalled at once, unlike a list
                _new[key] = (final, packed, groups, groupindex, indexgroup)
        except Exception:
            pass
        return compiled

    _compiler.compile = compile
    _cache_dataclass_methods()
    atexit.register(_save)


def _cache_dataclass_methods() -> None:
    """Serve the methods ``dataclasses`` generates from cached code objects.

    ``dataclasses`` writes the source of ``__init__``, ``__repr__``, ``__eq__``… of every
    class and compiles it with ``exec`` when the class is defined: a third of a cold
    ``briefing check`` went to compiling the package's 40 dataclasses.  ``exec`` is
    looked up as a global of the ``dataclasses`` module, so a module attribute of that
    name takes the call; it compiles the same text the same way (``dont_inherit``: no
    ``__future__`` flags of this module leak in) once, then runs the cached code.
    """
    import builtins
    import dataclasses

    if "exec" in vars(dataclasses):
        return
    run = builtins.exec

    def exec(source: Any, globals: Any = None, locals: Any = None) -> None:
        if type(source) is not str or not _ours():
            run(source, globals, locals)
            return
        key = f"code\0{source}"
        code = None
        hit = _data.get(key)
        if hit is not None:
            try:
                code = marshal.loads(hit)
            except (EOFError, ValueError, TypeError):
                del _data[key]
        if code is None:
            code = builtins.compile(source, "<string>", "exec", dont_inherit=True)
            _new_data[key] = _data[key] = marshal.dumps(code)
        run(code, globals, locals)

    dataclasses.exec = exec  # type: ignore[attr-defined]


def memo(kind: str, source: str, build: Callable[[], T]) -> T:
    """``build()``, served from the cache file when it was computed before from the same
    ``source`` text (a data file, a word list) for the same ``kind`` of result.  The
    result must be made of what ``marshal`` holds (else it is built every time); a hit
    is a fresh copy, so callers may change what they get."""
    key = f"{kind}\0{source}"
    hit = _data.get(key)
    if hit is not None:
        try:
            return marshal.loads(hit)  # type: ignore[no-any-return]
        except (EOFError, ValueError, TypeError):
            del _data[key]
    value = build()
    if _state.get("path") is not None:
        try:
            _new_data[key] = _data[key] = marshal.dumps(value)  # type: ignore[arg-type]
        except ValueError:  # a value marshal cannot hold (a date)
            pass
    return value


def toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, served from the cache file (see :func:`memo`)."""

    def parse() -> dict[str, Any]:
        import tomllib

        return tomllib.loads(text)

    return memo("toml", text, parse)
