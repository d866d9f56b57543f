"""``briefing check PATH... [--format text|json|xlsx] [--review OUT.docx] [--report OUT.html]``.

Exit codes: 0 clean, 1 findings of severity error, 2 bad usage or unreadable input,
3 internal error on an input, 4 an output could not be written (``briefing.errors``).
A file over ``--time-limit`` (E030) is reported like an unreadable one; no output may
name an input (E032: refused before any work).
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
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from briefing.collector import paused as collector_paused
from briefing.errors import (
    BriefingError,
    UsageError,
    internal_error,
    printable,
    write_error,
)
from briefing.io.inputs import refuse_overwriting_inputs
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


class _Lines:
    """Where each line of a text starts, found once: the line and column of an offset
    by bisection (counting the line breaks before each finding again rescanned the
    document once per finding, quadratic on a long document with many findings)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``: the line breaks before it, plus one."""
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


_NEWLINE = re.compile("\n")


def write_text(doc: Document, report: Report, out: TextIO, colour: bool) -> None:
    if not report.findings:
        return
    out.write(f"{_HL if colour else ''}{_safe(doc.path)}{_RESET if colour else ''}\n")
    lines = _Lines(doc.text)
    for f in report.findings:
        line, col = lines.line_col(f.start)
        sev = f"{_SEV_COLOUR[f.severity]}{f.severity}{_RESET}" if colour else f.severity
        out.write(f"  {line}:{col} {f.code} {sev} {_safe(f.message)}\n")
        out.write(f"      {_safe(f.message_en)}\n")
        out.write(f"      │ {_excerpt(doc, f, colour)}\n")
    out.write("\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(n_files: int, n_err: int, n_warn: int, unreadable: Sequence[str]) -> str:
    """``2 files, 1 error, 1 warning``; unreadable inputs are named, never counted as clean.

    ``briefing check bad.pdf`` says ``nothing checked: 1 file could not be read: bad.pdf``
    instead of a reassuring ``0 files, 0 errors``.
    """
    counts = f"{_plural(n_files, 'file')}, {_plural(n_err, 'error')}, {_plural(n_warn, 'warning')}"
    if not unreadable:
        return counts
    shown = ", ".join(unreadable[:5]) + (
        f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
    )
    failed = f"{_plural(len(unreadable), 'file')} could not be read: {shown}"
    if n_files == 0:
        return f"nothing checked: {failed}"
    return f"{counts}; {failed}"


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


def review_names(paths: list[str]) -> dict[str, str]:
    """Relative name of each input's review copy in a ``--review DIR/`` folder, unique.

    ``<stem>.review.docx`` when the stems are unique; otherwise the inputs' paths
    relative to their common folder are kept (``a/x.review.docx``, ``b/x.review.docx``)
    and, where two files of one folder share a stem, the whole file name
    (``x.txt.review.docx``, ``x.docx.review.docx``).
    """
    plain = {p: _review_name(p) for p in paths}
    if len(set(plain.values())) == len(set(paths)):
        return plain
    files = [p for p in paths if p != "-"]
    absolute = {p: os.path.abspath(p) for p in files}
    root = os.path.commonpath([os.path.dirname(a) for a in absolute.values()]) if files else ""
    names: dict[str, str] = {"-": "stdin.review.docx"} if "-" in paths else {}
    rel = {p: os.path.relpath(absolute[p], root) for p in files}
    stems: dict[str, int] = {}
    for p in files:
        key = os.path.splitext(rel[p])[0]
        stems[key] = stems.get(key, 0) + 1
    for p in files:
        key = os.path.splitext(rel[p])[0]
        base = rel[p] if stems[key] > 1 else key
        names[p] = f"{base}.review.docx"
    return names


_RANK = {"error": 0, "warning": 1, "info": 2}


def at_least(report: Report, severity: str) -> Report:
    """The report with only the findings of ``severity`` or graver (relations kept)."""
    limit = _RANK[severity]
    kept = [f for f in report.findings if _RANK.get(f.severity, 2) <= limit]
    return Report(doc=report.doc, relations=report.relations, findings=kept)


def _archive(
    items: list[tuple[Document, list[Figure], Report]],
    fmt: str,
    colour: bool,
    select: list[str] | None,
    ignore: list[str] | None,
    severity: str,
) -> tuple[int, int]:
    """``--archive``: the checks across documents, written after the per-document
    output; returns the numbers of errors and warnings among them."""
    from briefing.batch.corpus import tables_for
    from briefing.checks.archive import check_archive

    tables = tables_for(items)
    found = [
        f
        for f in check_archive(tables["documents"], tables["figures"])
        if (select is None or f.code.startswith(tuple(select)))
        and not (ignore and f.code.startswith(tuple(ignore)))
        and _RANK[f.severity] <= _RANK[severity]
    ]
    if fmt == "json":
        sys.stdout.write(
            __import__("json").dumps({"archive": [f.to_dict() for f in found]}, ensure_ascii=False)
            + "\n"
        )
    elif fmt == "text" and found:
        docs = {doc.path: doc for doc, _, _ in items}
        indexes: dict[str, _Lines] = {}
        out = sys.stdout
        out.write(
            f"{_HL if colour else ''}archive: {len(items)} documents{_RESET if colour else ''}\n"
        )
        for f in found:
            sev = f"{_SEV_COLOUR[f.severity]}{f.severity}{_RESET}" if colour else f.severity
            out.write(f"  {f.code} {sev} {f.message}\n      {f.message_en}\n")
            for path, start, text in (
                (f.path, f.start, f.text),
                (f.other_path, f.other_start, f.other_text),
            ):
                if path in docs and path not in indexes:
                    indexes[path] = _Lines(docs[path].text)
                line, col = indexes[path].line_col(start) if path in docs else (0, 0)
                out.write(f"      │ {path}:{line}:{col} {text}\n")
        out.write("\n")
    return sum(f.severity == "error" for f in found), sum(f.severity == "warning" for f in found)


def _error(exc: BriefingError) -> None:
    print(f"briefing: error: {exc}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from briefing import read
    from briefing.batch.budget import (
        OverBudget,
        cpu_budget,
        over_budget,
        parse_time_limit,
        warm_up,
    )
    from briefing.checks import check, figures_for
    from briefing.errors import ReadError
    from briefing.io.inputs import iter_inputs

    select, ignore = _prefixes(args.select), _prefixes(args.ignore)
    severity = getattr(args, "severity", "warning")
    fmt = args.format
    if fmt == "xlsx" and not args.output:
        raise UsageError(None, "--format xlsx needs -o OUT.xlsx")
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    errors: list[tuple[str, str]] = []
    n_files = n_err = n_warn = 0
    items: list[tuple[Document, list[Figure], Report]] = []
    bad_input = internal = unwritten = False
    unreadable: list[str] = []
    paths = list(iter_inputs(args.paths, errors))
    try:
        review_dir = _review_dir(args.review, len(paths)) if args.review else None
    except OSError as e:
        raise write_error(args.review, e) from None
    names = review_names(paths) if review_dir is not None else {}
    outputs = [args.report, args.output] + ([args.review] if review_dir is None else [])
    outputs += [str(review_dir / n) for n in names.values()] if review_dir is not None else []
    refuse_overwriting_inputs(outputs, paths)
    time_limit = parse_time_limit(getattr(args, "time_limit", None))
    if time_limit:
        warm_up()  # loaded before any budget runs (see briefing.batch.budget)
    for path in paths:
        try:
            with cpu_budget(time_limit):
                doc = read(path)
                for note in doc.notes:
                    print(f"briefing: note: {printable(path)}: {printable(note)}", file=sys.stderr)
                with collector_paused():
                    figures = figures_for(doc)
                    found = check(doc, figures, select=select, ignore=ignore)
        except BriefingError as e:
            _error(e)
            bad_input = True
            unreadable.append(path)
            continue
        except OverBudget:
            _error(over_budget(path, time_limit or 0))
            bad_input = True
            unreadable.append(path)
            continue
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # a bug on this file: report it, check the others
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            _error(internal_error(path, e))
            internal = True
            unreadable.append(path)
            continue
        report = at_least(found, severity)
        n_files += 1
        n_err += len(report.errors)
        n_warn += len(report.warnings)
        if fmt == "json":
            sys.stdout.write(__import__("json").dumps(report.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "text":
            write_text(doc, report, sys.stdout, colour)
        items.append((doc, figures, report))
        if args.review:
            from briefing.rendering.review import write_review

            target = args.review if review_dir is None else review_dir / names[path]
            try:
                if review_dir is not None:
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
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
        print(f"briefing: error: {printable(str(ReadError(p, cause)))}", file=sys.stderr)
        bad_input = True
        unreadable.append(p)
    if getattr(args, "archive", False):
        a_err, a_warn = _archive(items, fmt, colour, select, ignore, severity)
        n_err, n_warn = n_err + a_err, n_warn + a_warn
    if args.report:
        from briefing.rendering.report_html import write_report

        unwritten |= not _write_out(args.report, lambda: write_report(items, args.report))
    if fmt == "xlsx":
        from briefing.rendering.triage import write_xlsx

        unwritten |= not _write_out(args.output, lambda: write_xlsx(items, args.output))
    if fmt == "text":
        sys.stdout.write(summary_line(n_files, n_err, n_warn, unreadable) + "\n")
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
