"""Read throughput per format on corpora/, next to the bare library read, in one run.

    python benchmarks/read.py [--repeat 7] [--corpora corpora]

For each format (.txt, .html, .docx, .pdf under ``corpora/``) it times ``briefing.read``
(reader, repairs, chrome removal, document model) against the bare read the reader is
built on, on the same files in interleaved rounds (CPU time, one core, best round):

    .txt   bytes decoded as UTF-8 (or GB18030) and split into lines
    .html  ``lxml.html`` parse + ``text_content()``
    .docx  ``python-docx`` open + every paragraph's text
    .pdf   ``pdfminer.six`` ``extract_text``

It prints MB/s of input (file bytes) and of output (``Document.text`` in UTF-8), ms a
file, and ``x bare`` (time / bare read time).  Load from other processes hits both rows
alike, so compare runs by ``x bare``, not by absolute MB/s.  Run it with another
``PYTHONPATH`` (an older checkout's ``src``) to compare revisions on the same machine.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

import briefing

ROOT = Path(__file__).resolve().parents[1]


def _bare_txt(raw: bytes) -> int:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    return len(text.splitlines())


def _bare_html(raw: bytes) -> int:
    from lxml import html

    return len(html.fromstring(raw).text_content())


def _bare_docx(raw: bytes) -> int:
    import docx

    return sum(len(p.text) for p in docx.Document(io.BytesIO(raw)).paragraphs)


def _bare_pdf(raw: bytes) -> int:
    from pdfminer.high_level import extract_text

    return len(extract_text(io.BytesIO(raw)))


BARE: dict[str, Callable[[bytes], int]] = {
    ".txt": _bare_txt,
    ".html": _bare_html,
    ".docx": _bare_docx,
    ".pdf": _bare_pdf,
}


def _files(corpora: Path) -> dict[str, list[Path]]:
    return {
        ".txt": sorted(corpora.glob("*.txt")),
        ".html": sorted((corpora / "html").glob("*.html")),
        ".docx": sorted((corpora / "docx").glob("*.docx")),
        ".pdf": sorted((corpora / "pdf").glob("*.pdf")),
    }


def _best(rows: list[tuple[str, Callable[[], object]]], rounds: int) -> dict[str, float]:
    """Best CPU seconds of one call per row, rows interleaved in each round."""
    for _, fn in rows:
        fn()  # warm-up: lazy imports, data files
    best = {label: float("inf") for label, _ in rows}
    for _ in range(rounds):
        for label, fn in rows:
            t = time.process_time()
            fn()
            best[label] = min(best[label], time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="interleaved timing rounds")
    ap.add_argument("--corpora", default=str(ROOT / "corpora"))
    a = ap.parse_args(argv)
    files = _files(Path(a.corpora))
    print(
        f"briefing from {Path(briefing.__file__).parent}; CPU time, one core, best of "
        f"{a.repeat} interleaved rounds"
    )
    print(
        f"  {'format':<6} {'files':>5} {'in KB':>7} {'out KB':>7} | {'read MB/s in':>12} "
        f"{'out':>6} {'ms/file':>8} | {'bare MB/s in':>12} {'ms/file':>8} | {'x bare':>6}"
    )
    for ext, paths in files.items():
        if not paths:
            print(f"  {ext:<6} no files")
            continue
        raws = [p.read_bytes() for p in paths]
        n_in = sum(len(r) for r in raws)
        n_out = sum(len(briefing.read(p).text.encode("utf-8")) for p in paths)
        bare = BARE[ext]
        rows: list[tuple[str, Callable[[], object]]] = [
            ("bare", lambda raws=raws, bare=bare: [bare(r) for r in raws]),  # type: ignore[misc]
            ("read", lambda paths=paths: [briefing.read(p) for p in paths]),  # type: ignore[misc]
        ]
        best = _best(rows, a.repeat)
        r, b = best["read"], best["bare"]
        k = len(paths)
        print(
            f"  {ext:<6} {k:>5} {n_in / 1e3:7.1f} {n_out / 1e3:7.1f} | {n_in / r / 1e6:12.3f} "
            f"{n_out / r / 1e6:6.3f} {r * 1e3 / k:8.2f} | {n_in / b / 1e6:12.3f} "
            f"{b * 1e3 / k:8.2f} | {r / b:6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
