"""Rendering speed: median milliseconds per bulletin, python-docx only (no LibreOffice).

    python benchmarks/render.py [--repeat 30]

Measures (CPU time of this process) briefing.render_bytes on the two real bulletins in ../shared/corpus against a
baseline measured in the same run: python-docx writing the same paragraphs into its
default document with no styling at all.  Target (DESIGN.md): < 50 ms per bulletin.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def baseline(texts: list[str]) -> bytes:
    from docx import Document

    d = Document()
    for t in texts:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: imports, template cache
    times = []
    for _ in range(repeat):
        t = time.process_time()  # CPU time: stable when other jobs share the cores
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    import briefing
    from briefing.rendering import render_bytes

    files = sorted(CORPUS.glob("0*.txt"))
    if not files:
        print(f"no bulletins in {CORPUS}", file=sys.stderr)
        return 2
    print(f"{'bulletin':<28} {'chars':>6} {'render ms':>10} {'baseline ms':>12} {'ratio':>6}")
    worst = 0.0
    for f in files:
        doc = briefing.read(f)
        texts = [doc.text[b.start : b.end] for b in doc.blocks]
        r = median_ms(lambda doc=doc: render_bytes(doc), args.repeat)
        b = median_ms(lambda texts=texts: baseline(texts), args.repeat)
        worst = max(worst, r)
        print(f"{f.name:<28} {len(doc.text):>6} {r:>10.1f} {b:>12.1f} {r / b:>6.2f}")
    print(
        f"slowest median {worst:.1f} ms per bulletin (target < 50 ms): "
        f"{'ok' if worst < 50 else 'SLOW'}"
    )
    return 0 if worst < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
