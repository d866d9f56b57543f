"""Batch cost and throughput: ``briefing convert`` against the plain pipeline.

    python benchmarks/batch.py            # 10,000 bulletins (long on 2 shared cores)
    python benchmarks/batch.py --quick    # 1,000 bulletins
    python benchmarks/batch.py --files 2000

Builds the corpus in a temporary folder from the .txt samples in corpora/ and in
../shared/corpus (read at run time, never copied into the repository): each file
is one sample with every number varied (same digit count, years kept), so no two
files are alike.  Then runs, each in a fresh process, on the same files:

* the plain pipeline — ``read`` + ``extract`` + ``check`` of every file in one process,
  no output (the baseline);
* ``convert`` with 1 process, with ``--jobs`` processes, and on a Dask LocalCluster of
  ``--jobs`` worker processes.

Every figure that matters is a ratio of CPU time of the whole process tree (the run
and all its workers, start-up included: ``getrusage`` of the process and of its reaped
children), measured in the same run: wall time on a shared machine says more about
the neighbours than about the code.  Printed:

* CPU per file of ``convert`` (1 process) over the pipeline's (issue 16: ≤ 1.1);
* the CPU of N processes over 1 process (≤ 1.05) and their wall-clock speed-up
  (≥ 1.8 on an idle two-core machine; meaningless when the load average is high);
* Dask over 1 local process (CPU ratio and wall speed-up);
* the peak RSS of a 1-process convert at a tenth of the corpus and at the whole of it
  (flat memory: it must not grow with the corpus).
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


def _usage() -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "rss_mb": me.ru_maxrss / 1024,
        "worker_rss_mb": kids.ru_maxrss / 1024,
        "load": os.getloadavg()[0],
    }


def run_one(args: argparse.Namespace) -> None:
    """(child) one run; prints its counts, wall time and CPU time as JSON."""
    import time

    t0 = time.perf_counter()
    if args.engine == "warm":
        print(json.dumps(warm_ratio(args.src)))
        return
    if args.engine == "pipeline":
        from briefing import check, extract, read
        from briefing.io.inputs import iter_inputs

        files = nbytes = 0
        for path in iter_inputs([args.src]):
            doc = read(path)
            check(doc, extract(doc))
            files += 1
            nbytes += os.path.getsize(path)
        result: dict[str, float] = {"files": files, "bytes": nbytes}
    else:
        from briefing.batch.convert import convert

        s = convert([args.src], args.out, jobs=args.jobs, engine=args.engine, progress=False)
        result = {"files": s.files, "ok": s.ok, "errors": s.errors, "bytes": s.bytes}
    result["seconds"] = time.perf_counter() - t0
    result.update(_usage())
    print(json.dumps(result))


def warm_ratio(src: str, files: int = 40, rounds: int = 2) -> dict[str, float]:
    """(child) CPU per file of a worker's part over the bare pipeline, in one warm process
    (start-up, imports and loading excluded), alternating the two on the same files."""
    import tempfile
    import time

    from briefing import check, extract, read
    from briefing.batch.budget import warm_up
    from briefing.batch.convert import TABLES, Task, arrow_schema, stage_part
    from briefing.io.inputs import iter_inputs

    paths = list(iter_inputs([src]))[:files]
    warm_up()
    for t in TABLES:
        arrow_schema(t)
    pipe = part = 0.0
    with tempfile.TemporaryDirectory() as staging:
        for _ in range(rounds):
            t0 = time.process_time()
            for p in paths:
                doc = read(p)
                check(doc, extract(doc))
            t1 = time.process_time()
            stage_part(Task("w", paths), staging=staging, fmt="parquet", ext=".parquet")
            t2 = time.process_time()
            pipe, part = pipe + t1 - t0, part + t2 - t1
    n = rounds * len(paths)
    return {"files": len(paths), "pipeline_ms": 1000 * pipe / n, "part_ms": 1000 * part / n}


def measure(src: Path, out: Path, engine: str, jobs: int) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, __file__, "--_child", "--src", str(src), "--out", str(out)]
    cmd += ["--engine", engine, "--jobs", str(jobs)]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit(f"benchmark run failed ({engine}, {jobs}):\n{r.stderr[-2000:]}")
    result: dict[str, float] = json.loads(r.stdout.strip().splitlines()[-1])
    print(
        f"  {engine} × {jobs}: {result['seconds']:.1f} s, {result['cpu_s']:.1f} CPU-s",
        file=sys.stderr,
    )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 files instead of 10,000")
    ap.add_argument("--files", type=int, default=None, help="corpus size (default 10000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument(
        "--runs",
        default="pipeline,one,many,dask",
        help="which runs, of pipeline,one,many,dask (one, 1 local process, is always run)",
    )
    ap.add_argument("--_child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        run_one(args)
        return

    big = args.files or (1000 if args.quick else 10000)
    small = max(big // 10, min(50, big // 2))
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
        runs: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        wanted = set(args.runs.split(",")) | {"one"}
        configs = [("one", "local", 1)]
        if "pipeline" in wanted:
            configs.insert(0, ("pipeline", "pipeline", 1))
        if args.jobs > 1 and "many" in wanted:
            configs.append(("many", "local", args.jobs))
        if not args.no_dask and "dask" in wanted:
            configs.append(("dask", "dask", args.jobs))
        for key, engine, jobs in configs:
            runs[key] = (
                measure(t / "small", t / "out", engine, jobs),
                measure(t / "big", t / "out", engine, jobs),
            )
        r = subprocess.run(
            [sys.executable, __file__, "--_child", "--src", str(t / "big"), "--engine", "warm"],
            capture_output=True,
            text=True,
            check=True,
        )
        warm = json.loads(r.stdout.strip().splitlines()[-1])
    names = {
        "pipeline": "pipeline: read + extract + check, no output",
        "one": "convert, 1 process",
        "many": f"convert, {args.jobs} processes",
        "dask": f"convert, Dask LocalCluster ({args.jobs} workers)",
    }
    rows = [(names[k], 1, big_run) for k, (_small_run, big_run) in runs.items()]
    pipe, one = runs["pipeline"][1] if "pipeline" in runs else None, runs["one"][1]
    one_small = runs["one"][0]
    many = runs["many"][1] if "many" in runs else None
    dask = runs["dask"][1] if "dask" in runs else None

    def marginal(key: str) -> float:
        """CPU per file beyond the run's fixed cost (start-up, imports, workers), from
        the two corpus sizes."""
        a, b = runs[key]
        return (b["cpu_s"] - a["cpu_s"]) / (b["files"] - a["files"])

    def fixed(key: str) -> float:
        a, _ = runs[key]
        return a["cpu_s"] - marginal(key) * a["files"]

    load = max(r["load"] for _, _, r in rows)
    print(
        f"\n`python benchmarks/batch.py{' --quick' if args.quick else ''}"
        f"{f' --files {args.files}' if args.files else ''}` — {big} txt bulletins, "
        f"{big_bytes / 1e6:.1f} MB; {os.cpu_count()} cores, load average up to {load:.1f}\n"
    )
    print("| run | files | wall s | CPU s (process tree) | CPU ms/file | load avg |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _cores, r in rows:
        print(
            f"| {name} | {r['files']:.0f} | {r['seconds']:.1f} | {r['cpu_s']:.1f} | "
            f"{1000 * r['cpu_s'] / r['files']:.2f} | {r['load']:.1f} |"
        )
    print()

    def per_file(r: dict[str, float]) -> float:
        return r["cpu_s"] / r["files"]

    print(f"| run | fixed CPU s (start-up) | CPU ms per further file ({small}→{big} files) |")
    print("|---|---:|---:|")
    for key in runs:
        print(f"| {names[key]} | {fixed(key):.1f} | {1000 * marginal(key):.1f} |")
    print()
    cores = os.cpu_count() or 1
    print(
        f"- the machine: {cores} cores, shared with other work (load average up to "
        f"{load:.1f} during the runs): CPU times of the process trees are the measure; "
        "wall-clock speed-ups depend on the neighbours"
    )
    if pipe is not None:
        print(
            f"- convert CPU per file over the pipeline's: "
            f"**{per_file(one) / per_file(pipe):.3f}×** in total (target ≤ 1.1), "
            f"**{marginal('one') / marginal('pipeline'):.3f}×** per further file (start-up "
            f"excluded), **{warm['part_ms'] / warm['pipeline_ms']:.3f}×** in one warm "
            f"process ({warm['part_ms']:.1f} vs {warm['pipeline_ms']:.1f} ms a file, "
            f"{warm['files']:.0f} files alternated)"
        )
    if many is not None:
        print(
            f"- {args.jobs} processes over 1: CPU **{many['cpu_s'] / one['cpu_s']:.3f}×** "
            f"(target ≤ 1.05), **{marginal('many') / marginal('one'):.3f}×** per further "
            f"file; wall speed-up {one['seconds'] / many['seconds']:.2f}× "
            f"(target ≥ 1.8 on an idle machine)"
        )
    if dask is not None:
        print(
            f"- Dask ({args.jobs} workers) over 1 local process: CPU "
            f"**{dask['cpu_s'] / one['cpu_s']:.3f}×** in total, "
            f"**{marginal('dask') / marginal('one'):.3f}×** per further file, wall speed-up "
            f"{one['seconds'] / dask['seconds']:.2f}×; the speed-up {args.jobs} idle cores "
            f"would give (1 process's CPU × {args.jobs} ÷ Dask's CPU): "
            f"**{one['cpu_s'] * args.jobs / dask['cpu_s']:.2f}×** (target ≥ 1.5)"
            + (
                f"; over {args.jobs} local processes: CPU {dask['cpu_s'] / many['cpu_s']:.3f}×, "
                f"wall {many['seconds'] / dask['seconds']:.2f}×"
                if many is not None
                else ""
            )
        )
    if load > 0.5 * (os.cpu_count() or 1):
        print(
            f"- the load average reached {load:.1f} on {os.cpu_count()} cores: other work "
            "shared the machine, so the wall-clock speed-ups above are not meaningful; "
            "the CPU ratios are"
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
