"""Speed of read + extract + check: per text, per KB from 1 KB to 10 MB, cold start.

    python benchmarks/pipeline.py [--repeat N] [--max-mb 10] [--profile STAGE]
                                  [--jionlp-python PATH] [--no-cold]
    python benchmarks/pipeline.py --huge [--huge-mb 60]

All times are CPU seconds (``time.process_time`` of this process, or of a child for the
cold start): the machine may be shared and wall time is noisy.  One run prints:

1. stages over the benchmark texts (read, extract, check, end-to-end), best of N, next
   to a bare ``re.findall(r"\\d+(?:\\.\\d+)?", text)`` pass (the baseline, so figures
   from different machines compare);
2. read + extract + check per text (ms) and MB/s, on the 141 real excerpts of
   ../shared/corpus/pages.jsonl and on the invented bulletins of corpora/ (targets:
   ≥ 1 MB/s on the bulletins);
3. ms per KB of one document of 1 KB, 10 KB, 100 KB, 1 MB, 4 MB and 10 MB made by
   concatenating the invented bulletins of corpora/ in turn (so the text is realistic;
   each as the reader keeps it, without portal chrome and 相关阅读 lists, after which
   the reader would drop the rest of the document),
   and the ratio ms/KB(4 MB) ÷ ms/KB(10 KB) (target ≤ 1.2: time per KB stays flat);
4. the cold start of ``briefing check`` on one bulletin: user + system CPU seconds of
   a fresh interpreter, in the environment as it is (median of 5; target ≤ 0.12 s);
5. JioNLP's money-only ``extract_money`` over the same bulletins and excerpts, timed in
   a venv of its own (``--jionlp-python``, default /work/bench-venv/bin/python:
   ``python -m venv /work/bench-venv && /work/bench-venv/bin/pip install jionlp``), and
   briefing's time over it; skipped with the reason when that interpreter or JioNLP is
   missing.

``--huge`` instead times ``briefing check FILE`` (text output, as a user runs it) on a
text file of ``--huge-mb`` MB (default 60) and on one a tenth of its size, both made like
the documents of 3., and prints both CPU times (user + system of the child) and their
ratio (target: about 10, the ratio of the sizes — time in proportion to the text).

Real texts are read at run time from ../shared/corpus, never copied into the project.
``--profile check`` (or read / extract / pipeline) prints the top of a cProfile instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import briefing
from briefing.model import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
SIZES_KB = (1, 10, 100, 1000, 4000, 10000)
JIONLP_PYTHON = "/work/bench-venv/bin/python"


def bulletins() -> list[tuple[str, str]]:
    """(name, text) of the invented bulletins: the UTF-8 masters of corpora/*.txt."""
    return [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "corpora").glob("*.txt"))
        if not p.name.endswith(".gb18030.txt")
    ]


def excerpts() -> list[tuple[str, str]]:
    """(id, text) of the 141 real excerpts (empty when ../shared is absent)."""
    pages = CORPUS / "pages.jsonl"
    if not pages.exists():
        return []
    out = []
    for line in pages.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append((d["id"], d["text"]))
    return out


def pipeline(name: str, text: str) -> Any:
    doc = briefing.read_text(text, name=name)
    return briefing.check(doc, briefing.extract(doc))


def mb_of(texts: list[tuple[str, str]]) -> float:
    return sum(len(t.encode("utf-8")) for _, t in texts) / 1e6


def best_of(n: int, fn: Callable[[], Any]) -> float:
    """The least CPU time of ``n`` runs of ``fn``."""
    best = float("inf")
    for _ in range(n):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def bodies(items: list[tuple[str, str]]) -> list[str]:
    """The blocks the reader keeps of each text, one per line: a portal page's
    相关阅读 list and chrome are gone, so that texts put one after another are read
    whole (the reader drops everything after a 相关阅读 line)."""
    out = []
    for name, text in items:
        doc = briefing.read_text(text, name=name)
        out.append("\n".join(doc.text[b.start : b.end] for b in doc.blocks))
    return out


def document_of(kb: int, pieces: list[str]) -> str:
    """A document of about ``kb`` KB (UTF-8): the bulletins one after another, as many
    times as it takes, cut at the last line break within the size."""
    size = kb * 1000
    parts, n, i = [], 0, 0
    while n < size:
        t = pieces[i % len(pieces)].strip() + "\n\n"
        parts.append(t)
        n += len(t.encode("utf-8"))
        i += 1
    text = "".join(parts)
    raw = text.encode("utf-8")[:size]
    cut = raw.rfind(b"\n")
    return raw[: cut if cut > 0 else len(raw)].decode("utf-8", errors="ignore")


def per_kb(kb: int, pieces: list[str], min_cpu: float = 1.0) -> tuple[float, int]:
    """CPU ms per KB of read + extract + check of a ``kb`` KB document (a small one is
    run until ``min_cpu`` seconds have passed; the least time per run is kept)."""
    text = document_of(kb, pieces)
    real_kb = len(text.encode("utf-8")) / 1000
    best, spent, runs = float("inf"), 0.0, 0
    while runs == 0 or (spent < min_cpu and runs < 50):
        t0 = time.process_time()
        pipeline(f"{kb}kb.txt", text)
        dt = time.process_time() - t0
        best, spent, runs = min(best, dt), spent + dt, runs + 1
    return 1000 * best / real_kb, runs


def cold_start(path: Path, n: int = 5) -> tuple[float, float]:
    """Median CPU seconds (user + system) of ``briefing check PATH`` in a fresh
    interpreter, and of the bare interpreter (``python -c pass``), in this environment
    as it is.  A first, untimed run writes the package's caches as any first run does:
    compiled patterns and parsed data (``briefing.recache``) and, where Python writes no
    ``__pycache__`` (PYTHONDONTWRITEBYTECODE), the modules' bytecode
    (``briefing.bytecode``)."""
    run = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def median(cmd: list[str]) -> float:
        subprocess.run(cmd, **run)  # type: ignore[call-overload]
        times = []
        for _ in range(n):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, **run)  # type: ignore[call-overload]
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return statistics.median(times)

    return median([sys.executable, "-m", "briefing.cli", "check", str(path)]), median(
        [sys.executable, "-c", "pass"]
    )


_JIONLP_TIMER = r"""
import contextlib, io, json, sys, time
with contextlib.redirect_stdout(io.StringIO()):  # a banner is printed on import
    import jionlp
texts = json.load(open(sys.argv[1], encoding="utf-8"))
fn = jionlp.ner.extract_money
for t in texts[:3]:
    fn(t)
best = float("inf")
for _ in range(int(sys.argv[2])):
    t0 = time.process_time()
    for t in texts:
        fn(t)
    best = min(best, time.process_time() - t0)
print(best)
"""


def jionlp_seconds(python: str, texts: list[str], repeat: int) -> tuple[float | None, str]:
    """Best CPU seconds of JioNLP's extract_money over ``texts`` in ``python`` (another
    venv), or None and the reason."""
    if not Path(python).exists():
        return None, f"{python} not found (python -m venv /work/bench-venv && pip install jionlp)"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "texts.json"
        data.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        r = subprocess.run(
            [python, "-c", _JIONLP_TIMER, str(data), str(repeat)],
            capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONPATH": ""},
        )  # fmt: skip
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"JioNLP did not run: {last}"
    return float(r.stdout.strip().splitlines()[-1]), ""


def check_file_cpu(path: Path) -> tuple[float, int]:
    """CPU seconds (user + system) of ``briefing check PATH`` in a fresh interpreter,
    and its exit code (the text output is discarded)."""
    cmd = [sys.executable, "-m", "briefing.cli", "check", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode > 1:
        sys.stderr.write(r.stderr.decode("utf-8", errors="replace"))
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, r.returncode


def huge(mb: float) -> int:
    """``briefing check`` on a text file of ``mb`` MB and on one of ``mb / 10`` MB."""
    pieces = bodies(bulletins())
    times = {}
    print("## `briefing check` on long text files (bulletins of corpora/ concatenated; CPU)")
    print()
    print("| size | CPU s | ms/KB | exit |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (mb / 10, mb):
            path = Path(tmp) / f"huge_{size:g}mb.txt"
            text = document_of(int(size * 1000), pieces)
            path.write_text(text, encoding="utf-8")
            kb = len(text.encode("utf-8")) / 1000
            del text
            t, rc = check_file_cpu(path)
            times[size] = t
            print(f"| {size:g} MB | {t:.1f} | {1000 * t / kb:.3f} | {rc} |")
            path.unlink()
    print()
    ratio = times[mb] / times[mb / 10]
    print(f"CPU({mb:g} MB) ÷ CPU({mb / 10:g} MB) = {ratio:.2f} (target ≈ 10: time in proportion)")
    return 0


def read_one(name: str, src: str) -> Document:
    return briefing.read_text(src, name=name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure; the best is kept")
    ap.add_argument("--max-mb", type=float, default=10, help="largest document size (MB)")
    ap.add_argument(
        "--profile", choices=["read", "extract", "check", "pipeline"], help="cProfile a stage"
    )
    ap.add_argument("--jionlp-python", default=JIONLP_PYTHON, help="interpreter with JioNLP")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start measurement")
    ap.add_argument(
        "--huge", action="store_true", help="only `briefing check` on two long text files"
    )
    ap.add_argument("--huge-mb", type=float, default=60, help="size of the longer file (MB)")
    args = ap.parse_args(argv)
    if args.huge:
        return huge(args.huge_mb)

    news = bulletins()
    real = excerpts()
    if not real:
        print(f"note: {CORPUS} is absent: the real excerpts are skipped")
    srcs = news + real
    texts = [t for _, t in srcs]
    docs = [read_one(n, s) for n, s in srcs]  # also warms caches (data files, regexes)
    figs = [briefing.extract(d) for d in docs]
    for d, f in zip(docs, figs, strict=True):
        briefing.check(d, f)

    stages: dict[str, Callable[[], Any]] = {
        "baseline": lambda: [NUMBER.findall(t) for t in texts],
        "read": lambda: [read_one(n, s) for n, s in srcs],
        "extract": lambda: [briefing.extract(d) for d in docs],
        "check": lambda: [briefing.check(d, f) for d, f in zip(docs, figs, strict=True)],
        "end-to-end": lambda: [pipeline(n, s) for n, s in srcs],
    }
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(stages["end-to-end" if args.profile == "pipeline" else args.profile])
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return 0

    mb = mb_of(srcs)
    print(
        f"## Stages: {len(srcs)} texts, {mb:.3f} MB of UTF-8 text; CPU time, best of {args.repeat}"
    )
    print()
    print("| stage | CPU s | MB/s | × baseline time |")
    print("|---|---:|---:|---:|")
    base = None
    for name, fn in stages.items():
        t = best_of(args.repeat, fn)
        base = t if base is None else base
        print(f"| {name} | {t:.4f} | {mb / t:.2f} | {t / base:.0f} |")

    print()
    print("## read + extract + check per text (CPU)")
    print()
    print("| texts | n | KB | ms per text | MB/s | target |")
    print("|---|---:|---:|---:|---:|---|")
    sets = [("invented bulletins (corpora/)", news, "≥ 1 MB/s"), ("real excerpts", real, "")]
    for label, items, target in sets:
        if not items:
            continue
        t = best_of(args.repeat, lambda items=items: [pipeline(n, s) for n, s in items])
        size = mb_of(items)
        print(
            f"| {label} | {len(items)} | {size * 1000:.1f} | {1000 * t / len(items):.2f} "
            f"| {size / t:.2f} | {target} |"
        )

    print()
    print("## ms per KB by document size (bulletins of corpora/ concatenated; CPU)")
    print()
    print("| size | ms/KB | runs |")
    print("|---|---:|---:|")
    pieces = bodies(news)
    by_size: dict[int, float] = {}
    for kb in SIZES_KB:
        if kb > args.max_mb * 1000:
            continue
        ms, runs = per_kb(kb, pieces)
        by_size[kb] = ms
        label = f"{kb} KB" if kb < 1000 else f"{kb // 1000} MB"
        print(f"| {label} | {ms:.3f} | {runs} |")
    if 10 in by_size and 4000 in by_size:
        print()
        print(f"ms/KB(4 MB) ÷ ms/KB(10 KB) = {by_size[4000] / by_size[10]:.2f} (target ≤ 1.2)")

    if not args.no_cold:
        bulletin = ROOT / "corpora" / "qinghe_zwxx_2023_057.txt"
        cs, bare = cold_start(bulletin)
        print()
        print(
            f"cold start `briefing check {bulletin.name}`: {cs:.3f} s CPU "
            f"(median of 5; target ≤ 0.12 s; the bare interpreter: {bare:.3f} s; "
            f"PYTHONDONTWRITEBYTECODE {'set' if sys.dont_write_bytecode else 'unset'}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )

    print()
    jt, why = jionlp_seconds(args.jionlp_python, texts, args.repeat)
    if jt is None:
        print(f"JioNLP comparison skipped: {why}")
    else:
        ours = best_of(args.repeat, lambda: [pipeline(n, s) for n, s in srcs])
        read_extract = best_of(
            args.repeat, lambda: [briefing.extract(read_one(n, s)) for n, s in srcs]
        )
        print(
            f"JioNLP extract_money: {jt:.3f} s CPU over the {len(texts)} texts; "
            f"briefing read + extract + check: {ours:.3f} s = **{ours / jt:.2f}×** JioNLP's "
            f"time (target ≤ 1); read + extract alone (every kind of figure, not money "
            f"only): {read_extract:.3f} s = {read_extract / jt:.2f}×"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
