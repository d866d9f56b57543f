"""Figure extraction: accuracy on the seed figures and throughput, in one run.

    python benchmarks/extract.py [--corpus ../shared/corpus] [--repeat 10]

Prints precision/recall against seed_figures.json (quantity kinds, optional items
neither rewarded nor penalised) and, per kind, against the hand-annotated figures of all
141 pages.jsonl excerpts (tests/gold/pages_figures.json), then both together: the
development set (141 excerpts + 2 seed bulletins; the rules were developed on it, so it
measures fit, not accuracy on unseen text).  Then CPU time (``time.process_time``, one core) of
``briefing.extract`` on already read Documents, of the whole pipeline from a string
(read_text + extract, and + check), next to a bare ``\\d+(?:\\.\\d+)?`` regex scan of the
same texts.  The rows are timed in interleaved rounds and each keeps its best round, so
load from other processes on a shared machine hits all rows alike: read the ``x bare``
column (time / bare regex time), not the absolute MB/s, when comparing runs.

Texts: the two real bulletins (``00*.txt``) and the 141 excerpts of ``pages.jsonl``,
read at run time.  Peers (JioNLP, Recognizers-Text, cn2an) are compared in
``benchmarks/peers.py``, which runs in a venv of its own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scoring.pages_gold import format_table, load_gold, score_pages
from scoring.seed import Score, score

import briefing
from briefing.extraction import extract


def _rounds(
    rows: list[tuple[str, Callable[[Any], Any], list[Any]]], rounds: int
) -> dict[str, float]:
    """Best CPU seconds of one pass over its items, per row, rows interleaved per round."""
    for _, fn, items in rows:
        for x in items[:3]:
            fn(x)  # warm-up: data files load once, lazy imports
    best = {label: float("inf") for label, _, _ in rows}
    for _ in range(rounds):
        for label, fn, items in rows:
            t = time.process_time()
            for x in items:
                fn(x)
            best[label] = min(best[label], time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    )
    ap.add_argument("--repeat", type=int, default=10, help="interleaved timing rounds")
    a = ap.parse_args(argv)
    corpus = Path(a.corpus)

    # -- accuracy ---------------------------------------------------------------
    gold = json.loads((corpus / "seed_figures.json").read_text(encoding="utf-8"))
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by[g["doc"]].append(g)
    total = Score()
    bulletins = []
    for name, gs in sorted(by.items()):
        doc = briefing.read(corpus / f"{name}.txt")
        bulletins.append(doc)
        sc = score(doc.text, extract(doc), gs)
        total.add(sc)
        print(f"{name}: tp={sc.tp} fp={sc.fp} fn={sc.fn}")
    print(f"seed figures: precision {total.precision:.4f}  recall {total.recall:.4f}  "
          f"(tp {total.tp}, fp {total.fp}, fn {total.fn})")  # fmt: skip
    for label, items in (
        ("missed", total.missed),
        ("wrong", total.wrong),
        ("spurious", total.spurious),
    ):
        if items:
            print(f"  {label}: {'; '.join(items)}")

    gold_path = Path(__file__).resolve().parents[1] / "tests" / "gold" / "pages_figures.json"
    ks = score_pages(gold_path, corpus / "pages.jsonl")
    pt = ks.total
    print(
        f"\npages gold ({gold_path.name}, {len(load_gold(gold_path))} excerpts): "
        f"precision {pt.precision:.4f}  recall {pt.recall:.4f}"
    )
    print(format_table(ks))
    for label, items in (("missed", pt.missed), ("wrong", pt.wrong), ("spurious", pt.spurious)):
        if items:
            print(f"  {label}: {'; '.join(i.replace(chr(10), ' ') for i in items)}")
    dev = Score()
    dev.add(total)
    dev.add(pt)
    print(
        f"\ndevelopment set ({len(load_gold(gold_path))} pages.jsonl excerpts + {len(by)} seed "
        f"bulletins): precision {dev.precision:.4f}  recall {dev.recall:.4f}  "
        f"(tp {dev.tp}, fp {dev.fp}, fn {dev.fn})"
    )

    # -- throughput -----------------------------------------------------------------
    pages = [
        json.loads(x)["text"]
        for x in (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    docs = bulletins + [briefing.read_text(t) for t in pages]
    texts = [d.text for d in docs]
    btexts = [d.text for d in bulletins]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    bbytes = sum(len(t.encode("utf-8")) for t in btexts)
    bare = re.compile(r"\d+(?:\.\d+)?")

    def pipeline(t: str) -> None:
        d = briefing.read_text(t)
        briefing.check(d, extract(d))

    rows: list[tuple[str, Callable[[Any], Any], list[Any]]] = [
        ("bare regex \\d+(\\.\\d+)?", bare.findall, texts),
        ("briefing.extract", extract, docs),
        ("read_text + extract", lambda t: extract(briefing.read_text(t)), texts),
        ("read_text + extract + check", pipeline, texts),
    ]
    brows = [(label, fn, btexts if items is texts else bulletins) for label, fn, items in rows]
    best = _rounds(rows, a.repeat)
    bbest = _rounds(brows, a.repeat * 5)  # two short texts: more rounds for a stable minimum
    print(
        f"\nCPU time, one core, best of {a.repeat} interleaved rounds: {len(docs)} texts "
        f"({nbytes / 1e6:.3f} MB UTF-8); the 2 bulletins ({bbytes / 1e6:.4f} MB), best of "
        f"{a.repeat * 5}"
    )
    print(
        f"  {'':<30} {'MB/s':>7} {'ms/text':>8} {'x bare':>7} | "
        f"{'MB/s':>7} {'ms/bulletin':>11} {'x bare':>7}"
    )
    base, bbase = best[rows[0][0]], bbest[rows[0][0]]
    for label, _, _ in rows:
        s, sb = best[label], bbest[label]
        print(
            f"  {label:<30} {nbytes / s / 1e6:7.2f} {s * 1000 / len(docs):8.3f} {s / base:7.1f} | "
            f"{bbytes / sb / 1e6:7.2f} {sb * 1000 / len(bulletins):11.3f} {sb / bbase:7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
