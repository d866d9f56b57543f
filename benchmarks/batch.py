"""Batch throughput and memory: ``briefing convert`` on a scaled corpus.

    python benchmarks/batch.py            # 10,000 bulletins (a few minutes on 2 cores)
    python benchmarks/batch.py --quick    # 1,000 bulletins

Builds the corpus in a temporary folder from the .txt samples in corpora/ and in
../shared/corpus (read at run time, never copied into the repository): each file
is one sample with every number varied (same digit count, years kept), so no two
files are alike.  Then runs ``convert`` in a fresh process per configuration —
1 process, N processes (``--jobs``, default all cores), Dask LocalCluster — and
prints a markdown table of files/s, MB/s (UTF-8 bytes of input) and MB/s per core,
the speed-up over 1 process, and the peak RSS of the single-process run at the
small and the full corpus size (flat memory: it must not grow with the corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIRS = [ROOT / "corpora", ROOT.parent / "shared" / "corpus"]
NUMBER = re.compile(r"\d+(?:\.\d+)?")
YEAR = re.compile(r"(?:19|20)\d\d")


def samples() -> list[str]:
    texts = []
    for d in SAMPLE_DIRS:
        for p in sorted(d.rglob("*.txt")) if d.is_dir() else []:
            if p.name.lower() == "readme.txt":
                continue
            from briefing.io import read

            texts.append(read(p).text)  # decoded (some samples are GB18030)
    if not texts:
        sys.exit(f"no .txt samples found in {', '.join(map(str, SAMPLE_DIRS))}")
    return texts


def vary(text: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if YEAR.fullmatch(s):
            return s
        out = [
            c if not c.isdigit() else str(rng.randint(1 if i == 0 else 0, 9))
            for i, c in enumerate(s)
        ]
        return "".join(out)

    return NUMBER.sub(repl, text)


def build(folder: Path, n: int, texts: list[str], seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = vary(texts[i % len(texts)], rng).encode("utf-8")
        (sub / f"b{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_one(args: argparse.Namespace) -> None:
    """(child) one conversion; prints its summary and peak RSS as JSON."""
    from briefing.batch.convert import convert

    s = convert(
        [args.src],
        args.out,
        jobs=args.jobs,
        engine=args.engine,
        progress=False,
    )
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kb, child_kb = me.ru_maxrss, kids.ru_maxrss
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(
        json.dumps(
            {
                "files": s.files,
                "ok": s.ok,
                "errors": s.errors,
                "seconds": s.seconds,
                "bytes": s.bytes,
                "files_per_s": s.files_per_s,
                "mb_per_s": s.mb_per_s,
                "rss_mb": self_kb / 1024,
                "worker_rss_mb": child_kb / 1024,
                "cpu_s": cpu,
                "load": os.getloadavg()[0],
            }
        )
    )


def measure(src: Path, out: Path, engine: str, jobs: int) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, __file__, "--_child", "--src", str(src), "--out", str(out)]
    cmd += ["--engine", engine, "--jobs", str(jobs)]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit(f"benchmark run failed ({engine}, {jobs}):\n{r.stderr[-2000:]}")
    result: dict[str, float] = json.loads(r.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 files instead of 10,000")
    ap.add_argument("--files", type=int, default=None, help="corpus size (default 10000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--_child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        run_one(args)
        return

    big = args.files or (1000 if args.quick else 10000)
    small = max(big // 10, 50)
    texts = samples()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        t = Path(tmp)
        small_bytes = build(t / "small", small, texts)
        big_bytes = build(t / "big", big, texts)
        print(
            f"corpus: {big} files, {big_bytes / 1e6:.1f} MB "
            f"(from {len(texts)} samples, {big_bytes / big / 1000:.1f} kB a file); "
            f"{os.cpu_count()} cores",
            file=sys.stderr,
        )
        rows = []
        one_small = measure(t / "small", t / "out", "local", 1)
        one = measure(t / "big", t / "out", "local", 1)
        rows.append(("1 process", 1, one))
        if args.jobs > 1:
            rows.append(
                (
                    f"{args.jobs} processes",
                    args.jobs,
                    measure(t / "big", t / "out", "local", args.jobs),
                )
            )
        if not args.no_dask:
            rows.append(
                (
                    f"Dask LocalCluster ({args.jobs} workers)",
                    args.jobs,
                    measure(t / "big", t / "out", "dask", args.jobs),
                )
            )

    base = one["files_per_s"]
    print(
        f"\n`python benchmarks/batch.py{' --quick' if args.quick else ''}` — {big} txt bulletins, "
        f"{big_bytes / 1e6:.1f} MB; read + extract + check + write Parquet\n"
    )
    # MB per CPU-second counts the CPU time of the run and all its worker processes
    # (start-up included): unlike wall-clock rates it does not depend on other load.
    print("| engine | files/s | MB/s | MB/s per core | speed-up | MB per CPU-s | load avg |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, cores, r in rows:
        print(
            f"| {name} | {r['files_per_s']:.0f} | {r['mb_per_s']:.2f} | "
            f"{r['mb_per_s'] / cores:.2f} | {r['files_per_s'] / base:.2f}× | "
            f"{r['bytes'] / 1e6 / r['cpu_s']:.2f} | {r['load']:.1f} |"
        )
    print()
    print("| corpus size | peak RSS, 1 process |")
    print("|---:|---:|")
    print(f"| {small} files ({small_bytes / 1e6:.1f} MB) | {one_small['rss_mb']:.0f} MB |")
    print(f"| {big} files ({big_bytes / 1e6:.1f} MB) | {one['rss_mb']:.0f} MB |")
    growth = one["rss_mb"] / one_small["rss_mb"]
    print(f"\nRSS growth {small}→{big} files: {growth:.2f}×")


if __name__ == "__main__":
    main()
