"""``briefing convert DIR... -o OUTDIR``: arguments → :func:`briefing.batch.convert.convert`.

Exit status: 0 when every file was converted, 2 when some could not be read (they
are listed in the ``errors`` table; the rest were converted).  Findings in the
bulletins are data here and do not change the exit status.
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from briefing.batch.convert import convert

    summary = convert(
        args.paths,
        args.output,
        fmt=args.format,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        resume=args.resume,
        docx=args.docx,
    )
    print(f"briefing convert: {summary.line()}", file=sys.stderr)
    if summary.errors:
        print(failed_files(args.output), file=sys.stderr)
    return 2 if summary.errors else 0


def failed_files(outdir: str, limit: int = 20) -> str:
    """The files that could not be converted, one a line (from the errors table)."""
    from briefing.batch.convert import read_table

    errors = read_table(outdir, "errors")
    lines = [f"briefing convert: {len(errors)} file(s) failed:"]
    for rec in errors.head(limit).itertuples(index=False):
        lines.append(f"  {rec.path}: {rec.message} [{rec.code}]")
    if len(errors) > limit:
        lines.append(f"  … and {len(errors) - limit} more (the errors table lists them all)")
    return "\n".join(lines)
