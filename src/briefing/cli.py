"""The ``briefing`` command.

argparse, not typer/click: it is in the standard library and costs nothing at
start-up, which keeps ``briefing check`` on one bulletin well under 0.5 s cold.
Each verb's work lives in the module that owns it; this file only parses
arguments, expands inputs and maps errors to exit codes (``briefing.errors.EXIT_CODES``):

    0  clean                       1  findings of severity error
    2  bad usage or unreadable input (the other inputs were processed)
    3  internal error on an input (the other inputs were processed)
    4  an output could not be written             130  interrupted

No error prints a traceback: each is one line ``briefing: error: WHERE: cause [Ennn]``.
Set ``BRIEFING_DEBUG=1`` to get the traceback of an internal error.
"""

from __future__ import annotations

import gc
import sys
from typing import Any


def _defer_inspect() -> None:
    """Load the standard library's ``inspect`` on first use, not when ``dataclasses``
    imports it (7% of a cold ``briefing check``): ``dataclasses`` only calls
    ``inspect.signature`` for a class without a docstring, and every class of the
    package has one.  The command's process only; a program that imports the package
    gets the usual module.

    ``sys.modules["inspect"]`` holds a stand-in until an attribute of it is asked for:
    then the real module is imported, its namespace copied into the stand-in (which
    ``dataclasses`` keeps) and the real one put in ``sys.modules``.
    (``importlib.util.LazyLoader`` cannot serve: ``import inspect`` reads the module's
    ``__spec__``, which loads a lazy module at once.)"""
    if "inspect" in sys.modules or "dataclasses" in sys.modules:
        return
    from importlib.machinery import PathFinder
    from types import ModuleType

    spec = PathFinder.find_spec("inspect")
    if spec is None:
        return

    class Deferred(ModuleType):
        def __getattr__(self, name: str) -> Any:
            if sys.modules.get("inspect") is self:
                del sys.modules["inspect"]
            import inspect

            vars(self).update(vars(inspect))
            return getattr(inspect, name)

    stand_in = Deferred("inspect")
    stand_in.__spec__ = spec
    sys.modules["inspect"] = stand_in


_defer_inspect()

from briefing import recache  # noqa: E402

# The command's process is all ours: serve compiled patterns, parsed data files and the
# methods dataclasses generates from the cache file (briefing.recache), for the standard
# library's patterns too.  A program that imports the package keeps the standard
# library unpatched: only the command installs the cache.
recache.install()
recache.everything()
# a short-lived process that allocates much and frees little in cycles: collect the
# young generation every 50,000 allocations, not 700 (7% of a cold check went to it)
gc.set_threshold(50_000, 10, 10)

import argparse  # noqa: E402
import os  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from briefing.errors import (  # noqa: E402
    BriefingError,
    InternalError,
    UsageError,
    WriteError,
    internal_error,
    write_error,
)

# iter_inputs lives in briefing.io.inputs (lower layers use it); re-exported here
from briefing.io.inputs import SUPPORTED_SUFFIXES, iter_inputs  # noqa: F401, E402


def _cmd_text(args: argparse.Namespace) -> int:
    from briefing.io import read

    doc = read(args.file)
    sys.stdout.write(doc.text)
    if not doc.text.endswith("\n"):
        sys.stdout.write("\n")
    return 0


def _cmd_parse(args: argparse.Namespace) -> int:
    from briefing.io import read

    doc = read(args.file)
    if args.format == "json":
        sys.stdout.write(doc.to_json() + "\n")
        return 0
    m = doc.meta
    import dataclasses

    for key in (f.name for f in dataclasses.fields(m) if f.name != "recipients"):
        val = getattr(m, key)
        if val is not None:
            print(f"{key:<10} {val}")
    for k, v in m.recipients.items():
        print(f"{k:<10} {'，'.join(v)}")
    print()
    for b in doc.blocks:
        if b.kind == "heading":
            print(f"{'  ' * ((b.level or 1) - 1)}{doc.text[b.start : b.end]}")
    print(
        f"\n{len(doc.blocks)} blocks, {len(doc.sentences)} sentences, {len(doc.text)} characters ({doc.format}, {doc.encoding or '-'})"
    )
    return 0


def _delegate(module: str) -> object:
    def run(args: argparse.Namespace) -> int:
        import importlib

        mod = importlib.import_module(module)
        return int(mod.run(args))

    return run


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, measuring the terminal once: argparse makes one for every
    argument it adds (and imports shutil to measure), a tenth of a cold ``check``."""

    columns: int | None = None

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            if _Formatter.columns is None:
                _Formatter.columns = _terminal_columns() - 2
            width = _Formatter.columns
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors ending in the E002 code like every other error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"briefing: error: {message} [{UsageError.code}]\n")


def exit_code(exc: BriefingError) -> int:
    """The exit status for an error that ends a command."""
    if isinstance(exc, WriteError):
        return 4
    if isinstance(exc, InternalError):
        return 3
    return 2


#: the verbs, in the order of ``briefing --help`` (a test compares them with the parser)
VERBS = ("text", "parse", "extract", "check", "render", "convert", "serve")


class _Unused:
    """Stands in for the parser of a verb not on the command line (see build_parser)."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def set_defaults(self, **kwargs: Any) -> None:
        pass


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``verb``, one that parses only that verb's command
    lines (the others' arguments are not built: argparse spends a fiftieth of a cold
    ``briefing check`` on them)."""
    from briefing import __version__

    p = _Parser(
        prog="briefing",
        description="Read, check and re-typeset Chinese government bulletins (政务信息/简报).",
    )
    p.add_argument("--version", action="version", version=f"briefing {__version__}")
    subparsers = p.add_subparsers(dest="command", metavar="COMMAND")

    def add_parser(name: str, **kwargs: Any) -> Any:
        if verb is None or name == verb:
            return subparsers.add_parser(name, **kwargs)
        return _Unused()

    s = add_parser("text", help="print the plain text that offsets refer to")
    s.add_argument("file", help="a bulletin (.txt .docx .html .pdf) or - for stdin")
    s.set_defaults(func=_cmd_text)

    s = add_parser("parse", help="print the document model")
    s.add_argument("file")
    s.add_argument("--format", choices=["json", "text"], default="text")
    s.set_defaults(func=_cmd_parse)

    s = add_parser("extract", help="list every figure with unit, precision and metric")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument(
        "--format", choices=["table", "jsonl", "csv", "parquet", "xlsx"], default="table"
    )
    s.add_argument("-o", "--output", help="output file (required for parquet and xlsx)")
    s.add_argument("--all-kinds", action="store_true", help="include dates, ordinals and names")
    s.set_defaults(func=_delegate("briefing.extraction.cli"))

    s = add_parser("check", help="cross-check the arithmetic; exit 1 on errors")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    s.add_argument("-o", "--output", help="output file (required for xlsx)")
    s.add_argument("--review", metavar="OUT.docx", help="write a Word review copy with comments")
    s.add_argument("--report", metavar="OUT.html", help="write a self-contained HTML report")
    s.add_argument("--all", action="store_true", help="also comment verified relations (已核对)")
    s.add_argument("--select", default=None, help="only codes with these prefixes, comma-separated")
    s.add_argument("--ignore", default=None, help="skip codes with these prefixes, comma-separated")
    s.add_argument(
        "--severity",
        choices=["error", "warning", "info"],
        default="warning",
        help="lowest severity shown in the output, review copy, report and xlsx "
        "(default warning: info notes such as implied wholes are hidden)",
    )
    s.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    s.add_argument(
        "--archive",
        action="store_true",
        help="also check the documents against each other: the same figure restated "
        "differently, running totals that fall, 同比 rates against last year (BR301-BR303)",
    )
    s.add_argument(
        "--time-limit",
        default=None,
        metavar="SECONDS",
        help="CPU seconds each file may take; a file over it is reported (E030) and "
        "the others are still checked (default: no limit)",
    )
    s.set_defaults(func=_delegate("briefing.commands.check"))

    s = add_parser("render", help="write a standardized Word briefing")
    s.add_argument("file")
    s.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    s.add_argument("--template", default="zhengwu", help="zhengwu, jianbao, or a .docx path")
    s.add_argument("--issue", help="期号")
    s.add_argument("--date", help="date (YYYY-MM-DD)")
    s.add_argument("--masthead", help="刊名")
    s.add_argument("--issuer", help="编发单位")
    s.add_argument("--appendix", action="store_true", help="append figures and check results")
    s.set_defaults(func=_delegate("briefing.rendering.cli"))

    s = add_parser("convert", help="convert an archive to tables (Parquet/CSV/XLSX/JSONL)")
    s.add_argument("paths", nargs="+", metavar="DIR")
    s.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    s.add_argument("--jobs", type=int, default=None)
    s.add_argument("--format", choices=["parquet", "csv", "xlsx", "jsonl"], default="parquet")
    s.add_argument("--docx", action="store_true", help="also render each bulletin to .docx")
    s.add_argument("--resume", action="store_true", help="skip files already converted")
    s.add_argument("--engine", choices=["local", "dask"], default="local")
    s.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://…)")
    s.add_argument(
        "--time-limit",
        default="300",
        metavar="SECONDS",
        help="CPU seconds each file may take; a file over it becomes an error row (E030) "
        "and the run goes on (default 300; 0: no limit)",
    )
    s.set_defaults(func=_delegate("briefing.batch.cli"))

    s = add_parser(
        "serve",
        help="start the review page for editors in the browser (needs briefing[serve])",
        description="A local review page: drop Word/PDF/HTML/text files, see the findings "
        "beside the text, download the review copy with Word comments.",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free port)")
    s.add_argument("--max-files", type=int, default=20, help="files per upload (default 20)")
    s.add_argument(
        "--max-file-mb", type=float, default=20, help="size of one file in MB (default 20)"
    )
    s.add_argument(
        "--max-total-mb", type=float, default=100, help="size of one upload in MB (default 100)"
    )
    s.add_argument(
        "--time-limit",
        default="120",
        metavar="SECONDS",
        help="CPU seconds each file may take; a file over it is named on the page (E030) "
        "(default 120; 0: no limit)",
    )
    s.set_defaults(func=_delegate("briefing.serve.cli"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        if argv is None:
            # the command's process ends here: what is left needs no search for cycles
            # (the interpreter's collections at exit took a tenth of a cold check)
            gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words and words[0] in VERBS else None)
    args = parser.parse_args(argv)
    if not os.environ.get("BRIEFING_DEBUG"):
        # a library object cleaned up after an error (an openpyxl zip on a full disk)
        # must not print "Exception ignored in ...": the error was reported already
        sys.unraisablehook = lambda unraisable: None
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except BriefingError as e:
        print(f"briefing: error: {e}", file=sys.stderr)
        return exit_code(e)
    except BrokenPipeError:
        # output piped into `head` and closed: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as e:  # an output the system would not let us write
        unwritten = write_error(getattr(args, "output", None), e)
        print(f"briefing: error: {unwritten}", file=sys.stderr)
        return exit_code(unwritten)
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except (Exception, RecursionError, MemoryError) as e:  # a bug: one line, not a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        err = internal_error(None, e)
        err.cause += "; BRIEFING_DEBUG=1 shows the traceback"
        print(f"briefing: error: {err}", file=sys.stderr)
        return exit_code(err)


if __name__ == "__main__":
    sys.exit(main())
