"""``briefing extract PATH... --format table|jsonl|csv|parquet|xlsx [-o OUT]``."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import TextIO

from briefing.errors import BriefingError, UsageError, internal_error, printable, write_error
from briefing.extraction import QUANTITY_KINDS, extract
from briefing.model import Figure

_TABLE_COLS = ("id", "text", "kind", "value", "unit", "base_value", "qualifier", "metric", "period")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _write_table(out: TextIO, doc: str, figs: list[Figure]) -> None:
    rows = [
        [("" if v is None else str(v)) for v in (getattr(f, c) for c in _TABLE_COLS)] for f in figs
    ]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(_TABLE_COLS)]
    out.write(f"== {doc} ({len(figs)} figures)\n")
    out.write(
        "  ".join(_pad(c, w) for c, w in zip(_TABLE_COLS, widths, strict=True)).rstrip() + "\n"
    )
    for r in rows:
        out.write("  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n")


def run(args: argparse.Namespace) -> int:
    from briefing.io import read
    from briefing.io.inputs import iter_inputs

    fmt = getattr(args, "format", "table") or "table"
    output = getattr(args, "output", None)
    all_kinds = bool(getattr(args, "all_kinds", False))
    if fmt in ("parquet", "xlsx") and not output:
        raise UsageError(None, f"--format {fmt} needs -o OUT")
    if fmt == "xlsx" and not str(output).lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(output, "--format xlsx writes a workbook: name it OUT.xlsx")
    errors: list[tuple[str, str]] = []  # (input, message with its code)
    results: list[tuple[str, list[Figure]]] = []
    stream = None
    out: TextIO = sys.stdout
    if output and fmt in ("table", "jsonl"):
        try:
            stream = open(output, "w", encoding="utf-8")
        except OSError as e:
            raise write_error(output, e) from None
        out = stream
    internal = False
    try:
        for name in iter_inputs(args.paths, errors):
            try:
                doc = read(name)
                figs = extract(doc)
            except BriefingError as e:
                errors.append((name, f"{e.cause} [{e.code}]"))
                continue
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as e:  # a bug on this file: report it, extract the others
                err = internal_error(name, e)
                errors.append((name, f"{err.cause} [{err.code}]"))
                internal = True
                continue
            if not all_kinds and fmt == "table":
                figs = [f for f in figs if f.kind in QUANTITY_KINDS]
            for f in figs:
                f.doc = name
            if fmt == "table":
                _write_table(out, name, figs)
            elif fmt == "jsonl":
                for f in figs:
                    out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            else:
                results.append((name, figs))
    finally:
        if stream is not None:
            stream.close()
    unwritten = False
    if fmt in ("csv", "parquet", "xlsx"):
        from briefing.extraction.frame import figures_frame

        df = figures_frame([f for _, figs in results for f in figs])
        from briefing.io.sheets import write_csv, write_xlsx_frame

        try:
            if fmt == "csv":
                write_csv(df, output or sys.stdout)
            elif fmt == "parquet":
                df.to_parquet(output, index=False)
            else:
                assert output is not None
                write_xlsx_frame(df, output, "figures")
        except OSError as e:
            print(f"briefing: error: {write_error(output, e)}", file=sys.stderr)
            unwritten = True
    for name, cause in errors:
        if "[E" not in cause:  # from iter_inputs: a missing path
            cause += " [E001]"
        print(f"briefing: error: {printable(name)}: {printable(cause)}", file=sys.stderr)
    if unwritten:
        return 4
    if internal:
        return 3
    return 2 if errors else 0
