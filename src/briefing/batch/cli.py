"""``briefing convert DIR... -o OUTDIR``: arguments → :func:`briefing.batch.convert.convert`.

Exit status: 0 when every file was converted, 2 when some could not be read (they
are listed in the ``errors`` table, as are files over ``--time-limit``; the rest were
converted).  A second convert into a folder that a running one holds: E031, exit 2.  Findings in the
bulletins are data here and do not change the exit status.
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from briefing.batch.budget import parse_time_limit
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
        time_limit=parse_time_limit(getattr(args, "time_limit", "300")),
    )
    print(f"briefing convert: {summary.line()}", file=sys.stderr)
    return 2 if summary.errors else 0
