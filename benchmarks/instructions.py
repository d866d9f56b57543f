"""Instructions per stage (read, extract, check) over the benchmark texts, counted by
valgrind's callgrind: a figure that does not move with the load of a shared machine.

    python benchmarks/instructions.py [--base REV] [--stages read,extract,check]

The texts are those of ``benchmarks/pipeline.py`` (the invented bulletins of corpora/
and the real excerpts of ../shared/corpus/pages.jsonl, read at run time).  Each stage is
counted in its own child interpreter under ``valgrind --tool=callgrind``: the child reads,
extracts and checks every text once (warm caches, compiled patterns, loaded data), then
runs the stage once more over all texts.  A child that stops after the warm pass is
counted too, and the stage's instructions are the difference.  With ``--base REV`` the
same is done on a checkout of that revision (a temporary git worktree), and the ratios
of this tree over it are printed: the speed-up of a change measured in one run, whatever
else the machine is doing.  Needs valgrind (Debian package ``valgrind``); each child runs
about 50 times slower under it (a few minutes in all).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys
sys.path[:0] = [{src!r}, {bench!r}]
import briefing
import pipeline as P
srcs = P.bulletins() + P.excerpts()
docs = [P.read_one(n, s) for n, s in srcs]
figs = [briefing.extract(d) for d in docs]
for d, f in zip(docs, figs):
    briefing.check(d, f)
stage = {stage!r}
if stage == "read":
    for n, s in srcs:
        P.read_one(n, s)
elif stage == "extract":
    for d in docs:
        briefing.extract(d)
elif stage == "check":
    for d, f in zip(docs, figs):
        briefing.check(d, f)
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def count(tree: Path, stage: str) -> int:
    """Instructions of a child that warms up on ``tree`` and then runs ``stage``."""
    code = CHILD.format(src=str(tree / "src"), bench=str(tree / "benchmarks"), stage=stage)
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/cg.out",
                sys.executable,
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            cwd=tree,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    m = _COLLECTED.search(out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"callgrind run failed ({tree}, {stage}):\n{out.stderr[-2000:]}")
    return int(m.group(1))


def warm(tree: Path) -> None:
    """One plain run of the warm-only child, so that the caches the package keeps on disk
    (compiled patterns, bytecode) are written before any counted child: otherwise the
    first counted child pays for them and the differences are meaningless."""
    code = CHILD.format(src=str(tree / "src"), bench=str(tree / "benchmarks"), stage="none")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tree, capture_output=True)


def stages_of(tree: Path, stages: list[str], pool: ThreadPoolExecutor) -> dict[str, int]:
    """Instructions of each stage on ``tree`` (child minus the warm-only child)."""
    warm(tree)
    futures = {s: pool.submit(count, tree, s) for s in ["none", *stages]}
    base = futures["none"].result()
    return {s: futures[s].result() - base for s in stages}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", help="a git revision to compare with (e.g. HEAD~5)")
    ap.add_argument("--stages", default="read,extract,check")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    stages = [s for s in args.stages.split(",") if s]
    with ThreadPoolExecutor(args.jobs) as pool, tempfile.TemporaryDirectory() as tmp:
        base_tree = None
        if args.base:
            base_tree = Path(tmp) / "base"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
                check=True,
                capture_output=True,
            )
            # the real excerpts are found beside the checkout, as ../shared
            shared = ROOT.parent / "shared"
            if shared.exists():
                (Path(tmp) / "shared").symlink_to(shared)
        try:
            here = stages_of(ROOT, stages, pool)
            there = stages_of(base_tree, stages, pool) if base_tree else None
        finally:
            if base_tree is not None:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                    capture_output=True,
                )
    print("## Instructions per stage (callgrind), over the texts of benchmarks/pipeline.py\n")
    if there is None:
        print("| stage | instructions |\n|---|---:|")
        for s in stages:
            print(f"| {s} | {here[s]:,} |")
        print(f"| all | {sum(here.values()):,} |")
        return 0
    print(f"| stage | {args.base} | this tree | base ÷ this (speed-up) |\n|---|---:|---:|---:|")
    for s in stages:
        print(f"| {s} | {there[s]:,} | {here[s]:,} | {there[s] / here[s]:.3f}× |")
    a, b = sum(there.values()), sum(here.values())
    print(f"| all | {a:,} | {b:,} | {a / b:.3f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
