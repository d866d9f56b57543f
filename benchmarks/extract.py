"""Figure extraction: accuracy on the seed figures and throughput, in one run.

    python benchmarks/extract.py [--corpus ../shared/corpus] [--repeat 5]

Prints precision/recall against seed_figures.json (quantity kinds, optional items
neither rewarded nor penalised) and throughput of ``briefing.extract`` on already
read Documents vs. a bare regex scan of digits over the same texts, measured in
the same run.  If ``jionlp`` / ``cn2an`` are importable they are timed side by side
(they are not dependencies of briefing; absent ones are skipped with a note).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import briefing
from briefing.extraction import extract
from briefing.extraction.seed import Score, score


def _time(fn: Any, items: list[Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for x in items:
            fn(x)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    )
    ap.add_argument("--repeat", type=int, default=5)
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

    # -- throughput -----------------------------------------------------------------
    pages = [
        json.loads(x)["text"]
        for x in (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    docs = bulletins + [briefing.read_text(t) for t in pages]
    texts = [d.text for d in docs]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    for d in docs[:3]:
        extract(d)  # warm caches (data files load once)
    bare = re.compile(r"\d+(?:\.\d+)?")
    rows = [
        ("bare regex \\d+(\\.\\d+)?", _time(lambda t: bare.findall(t), texts, a.repeat)),
        ("briefing.extract", _time(extract, docs, a.repeat)),
    ]
    bull_bytes = sum(len(d.text.encode("utf-8")) for d in bulletins)
    bull_secs = _time(extract, bulletins, a.repeat)
    try:
        import jionlp  # type: ignore[import-not-found]

        rows.append(("jionlp.extract_money", _time(jionlp.extract_money, texts, a.repeat)))
    except ImportError:
        print("note: jionlp not installed - skipped (pip install jionlp to compare)")
    try:
        import cn2an  # type: ignore[import-not-found]

        rows.append(
            ("cn2an.transform cn2an", _time(lambda t: cn2an.transform(t, "cn2an"), texts, a.repeat))
        )
    except ImportError:
        print("note: cn2an not installed - skipped (pip install cn2an to compare)")
    print(f"\nthroughput over {len(docs)} texts, {nbytes / 1e6:.3f} MB UTF-8 (best of {a.repeat}):")
    base = rows[0][1]
    for label, secs in rows:
        print(f"  {label:<32} {nbytes / secs / 1e6:8.2f} MB/s  {secs * 1000 / len(docs):7.3f} ms/doc  "
              f"x{secs / base:6.1f} bare regex time")  # fmt: skip
    print(f"  {'briefing.extract (2 bulletins)':<32} {bull_bytes / bull_secs / 1e6:8.2f} MB/s  "
          f"{bull_secs * 1000 / len(bulletins):7.3f} ms/doc")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
