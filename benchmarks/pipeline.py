"""Speed of the pipeline, stage by stage: read, extract, check and end-to-end.

    python benchmarks/pipeline.py [--repeat N] [--profile STAGE]

Texts: the UTF-8 masters in corpora/*.txt (the *.gb18030.txt copies are skipped),
the two real bulletins of ../shared/corpus and the 141 excerpts of
../shared/corpus/pages.jsonl (read at run time, never copied into the project).

For each stage the CPU time (``time.process_time``, one core) over the whole set is
measured N times and the best run is kept; throughput is UTF-8 megabytes of text per
CPU second.  A baseline measured in the same run — one bare
``re.findall(r"\\d+(?:\\.\\d+)?", text)`` pass over the same texts — is printed with the
ratio of each stage to it, so figures from different machines can be compared.
Finally the cold start of ``briefing check`` on one bulletin (a fresh process, wall
time, median of 5) is printed; the target (DESIGN.md) is < 0.5 s.

``--profile check`` (or read / extract) prints the top of a cProfile of that stage.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import briefing
from briefing.model import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sources() -> list[tuple[str, Path | str]]:
    """(name, path or text) of every benchmark text."""
    out: list[tuple[str, Path | str]] = []
    for p in sorted((ROOT / "corpora").glob("*.txt")):
        if not p.name.endswith(".gb18030.txt"):
            out.append((p.name, p))
    bulletins = sorted(CORPUS.glob("0*.txt"))
    pages = CORPUS / "pages.jsonl"
    if not bulletins or not pages.exists():
        sys.exit(f"the real corpus is missing: {CORPUS}")
    out += [(p.name, p) for p in bulletins]
    for line in pages.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append((d["id"], d["text"]))
    return out


def read_one(name: str, src: Path | str) -> Document:
    if isinstance(src, Path):
        return briefing.read(src)
    return briefing.read_text(src, name=name)


def best_of(n: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The least CPU time of ``n`` runs of ``fn`` and the last result."""
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t0)
    return best, result


def cold_start(path: Path, n: int = 5) -> float:
    """Median wall time of ``briefing check PATH`` in a fresh interpreter."""
    cmd = [sys.executable, "-m", "briefing.cli", "check", str(path)]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per stage; the best is kept")
    ap.add_argument("--profile", choices=["read", "extract", "check"], help="cProfile a stage")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start measurement")
    args = ap.parse_args(argv)

    srcs = sources()
    texts = [read_one(n, s).text for n, s in srcs]  # also warms caches (data files, regexes)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    docs = [read_one(n, s) for n, s in srcs]
    figs = [briefing.extract(d) for d in docs]
    for d, f in zip(docs, figs, strict=True):
        briefing.check(d, f)

    stages: dict[str, Callable[[], Any]] = {
        "baseline": lambda: [NUMBER.findall(t) for t in texts],
        "read": lambda: [read_one(n, s) for n, s in srcs],
        "extract": lambda: [briefing.extract(d) for d in docs],
        "check": lambda: [briefing.check(d, f) for d, f in zip(docs, figs, strict=True)],
        "end-to-end": lambda: [briefing.check(d, briefing.extract(d)) for d in stages["read"]()],
    }
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(stages[args.profile])
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return 0

    print(f"{len(texts)} texts, {mb:.3f} MB of UTF-8 text; CPU time, best of {args.repeat}")
    print()
    print("| stage | CPU s | MB/s | × baseline time |")
    print("|---|---:|---:|---:|")
    base = None
    for name, fn in stages.items():
        t, _ = best_of(args.repeat, fn)
        base = t if base is None else base
        print(f"| {name} | {t:.4f} | {mb / t:.2f} | {t / base:.0f} |")
    if not args.no_cold:
        bulletin = sorted(CORPUS.glob("004_*.txt"))[0]
        cs = cold_start(bulletin)
        print()
        print(
            f"cold start `briefing check {bulletin.name}`: {cs:.3f} s (median of 5; target < 0.5 s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
