"""``briefing check PATH... [--format text|json|xlsx] [--review OUT.docx] [--report OUT.html]``.

Exit codes: 0 clean, 1 findings of severity error, 2 bad usage or unreadable input,
3 internal error on an input, 4 an output could not be written (``briefing.errors``).
A file that cannot be read, or that meets an internal error, becomes one error line
(``briefing: error: FILE: cause [Ennn]``) and every other file is still checked; the
summary line counts it.  Document text reaches the terminal without control characters
(no escape sequences from a document).
Text output groups findings by file: the sentence with its figures highlighted
(ANSI colour only on a terminal or with ``--color always``), the arithmetic, and a
one-line summary.  JSON output is one Report object per document, one per line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from briefing.errors import (
    BriefingError,
    UsageError,
    internal_error,
    printable,
    write_error,
)
from briefing.model import Document, Figure, Finding, Report

_SEV_COLOUR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[36m"}
_HL = "\x1b[1;4m"
_RESET = "\x1b[0m"


def _prefixes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip().upper() for v in value.split(",") if v.strip()]


def _sentence_span(doc: Document, f: Finding) -> tuple[int, int]:
    start = doc.sentence_at(f.start)
    end = doc.sentence_at(max(f.start, f.end - 1))
    if start is None or end is None:
        return max(0, f.start - 30), min(len(doc.text), f.end + 30)
    return doc.sentences[start].start, doc.sentences[end].end


def _excerpt(doc: Document, f: Finding, colour: bool) -> str:
    s, e = _sentence_span(doc, f)
    if e - s > 240:
        s, e = max(s, f.start - 80), min(e, f.end + 80)
    marks = sorted({(r.start, r.end) for r in f.figures if s <= r.start and r.end <= e})
    out, pos = [], s
    for a, b in marks:
        if a < pos:
            continue
        out.append(_safe(doc.text[pos:a]))
        seg = _safe(doc.text[a:b])
        out.append(f"{_HL}{seg}{_RESET}" if colour else f"[{seg}]")
        pos = b
    out.append(_safe(doc.text[pos:e]))
    return "".join(out).replace("\n", " ").strip()


def _safe(text: str) -> str:
    """Document text for the terminal: control characters and bidi overrides escaped."""
    return printable(text)


def _line_col(doc: Document, offset: int) -> tuple[int, int]:
    line = doc.text.count("\n", 0, offset) + 1
    col = offset - (doc.text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def write_text(doc: Document, report: Report, out: TextIO, colour: bool) -> None:
    if not report.findings:
        return
    out.write(f"{_HL if colour else ''}{_safe(doc.path)}{_RESET if colour else ''}\n")
    for f in report.findings:
        line, col = _line_col(doc, f.start)
        sev = f"{_SEV_COLOUR[f.severity]}{f.severity}{_RESET}" if colour else f.severity
        out.write(f"  {line}:{col} {f.code} {sev} {_safe(f.message)}\n")
        out.write(f"      {_safe(f.message_en)}\n")
        out.write(f"      │ {_excerpt(doc, f, colour)}\n")
    out.write("\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _review_dir(review: str, n_inputs: int) -> Path | None:
    """``--review`` names a file for one input; a folder (existing or ending in /) for many."""
    target = Path(review)
    if review.endswith(("/", os.sep)) or target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return target
    if n_inputs > 1:
        raise UsageError(review, "--review with several inputs needs a folder (end it with /)")
    return None


def _review_name(path: str) -> str:
    stem = Path(path).stem if path != "-" else "stdin"
    return f"{stem}.review.docx"


_RANK = {"error": 0, "warning": 1, "info": 2}


def at_least(report: Report, severity: str) -> Report:
    """The report with only the findings of ``severity`` or graver (relations kept)."""
    limit = _RANK[severity]
    kept = [f for f in report.findings if _RANK.get(f.severity, 2) <= limit]
    return Report(doc=report.doc, relations=report.relations, findings=kept)


def _error(exc: BriefingError) -> None:
    print(f"briefing: error: {exc}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from briefing import read
    from briefing.checks import check, figures_for
    from briefing.io.inputs import iter_inputs

    select, ignore = _prefixes(args.select), _prefixes(args.ignore)
    severity = getattr(args, "severity", "warning")
    fmt = args.format
    if fmt == "xlsx" and not args.output:
        raise UsageError(None, "--format xlsx needs -o OUT.xlsx")
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    errors: list[tuple[str, str]] = []
    n_files = n_err = n_warn = n_failed = 0
    items: list[tuple[Document, list[Figure], Report]] = []
    bad_input = internal = unwritten = False
    paths = list(iter_inputs(args.paths, errors))
    try:
        review_dir = _review_dir(args.review, len(paths)) if args.review else None
    except OSError as e:
        raise write_error(args.review, e) from None
    for path in paths:
        try:
            doc = read(path)
            for note in doc.notes:
                print(f"briefing: note: {printable(path)}: {printable(note)}", file=sys.stderr)
            figures = figures_for(doc)
            report = at_least(check(doc, figures, select=select, ignore=ignore), severity)
        except BriefingError as e:
            _error(e)
            bad_input = True
            n_failed += 1
            continue
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # a bug on this file: report it, check the others
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            _error(internal_error(path, e))
            internal = True
            n_failed += 1
            continue
        n_files += 1
        n_err += len(report.errors)
        n_warn += len(report.warnings)
        if fmt == "json":
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "text":
            write_text(doc, report, sys.stdout, colour)
        items.append((doc, figures, report))
        if args.review:
            from briefing.rendering.review import write_review

            target = args.review if review_dir is None else review_dir / _review_name(path)
            try:
                write_review(doc, report, target, all_relations=bool(getattr(args, "all", False)))
            except BriefingError as e:
                _error(e)
                unwritten = True
            except OSError as e:
                _error(write_error(target, e))
                unwritten = True
            except Exception as e:
                if os.environ.get("BRIEFING_DEBUG"):
                    raise
                _error(internal_error(str(target), e))
                internal = True
    for p, cause in errors:
        print(f"briefing: error: {printable(p)}: {printable(cause)} [E001]", file=sys.stderr)
        bad_input = True
        n_failed += 1
    if args.report:
        from briefing.rendering.report_html import write_report

        unwritten |= not _write_out(args.report, lambda: write_report(items, args.report))
    if fmt == "xlsx":
        from briefing.rendering.triage import write_xlsx

        unwritten |= not _write_out(args.output, lambda: write_xlsx(items, args.output))
    if fmt == "text":
        failed = f", {n_failed} not checked" if n_failed else ""
        sys.stdout.write(
            f"{_plural(n_files, 'file')}, {_plural(n_err, 'error')}, "
            f"{_plural(n_warn, 'warning')}{failed}\n"
        )
    if unwritten:
        return 4
    if internal:
        return 3
    if bad_input:
        return 2
    return 1 if n_err else 0


def _write_out(target: str, write: object) -> bool:
    """Run ``write()``; an unwritable target becomes one error line.  True when written."""
    try:
        write()  # type: ignore[operator]
    except BriefingError as e:
        _error(e)
        return False
    except OSError as e:
        _error(write_error(target, e))
        return False
    return True
