"""``briefing render FILE -o OUT.docx [--template NAME|PATH] [--issue N] [--date D]
[--masthead T] [--issuer I] [--appendix]``."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Read ``args.file``, render it, print the output path; errors propagate as BriefingError."""
    from briefing import read
    from briefing.io.inputs import refuse_overwriting_inputs
    from briefing.rendering import render

    refuse_overwriting_inputs([args.output], [args.file])  # E032: never over its input
    doc = read(args.file)
    out = render(
        doc,
        args.output,
        template=args.template,
        issue=args.issue,
        date=args.date,
        masthead=args.masthead,
        issuer=args.issuer,
        appendix=bool(args.appendix),
    )
    print(out)
    return 0
