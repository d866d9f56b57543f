"""Audit every regular expression the readers and extractors run on untrusted text.

Records each pattern compiled from ``briefing.io``, ``briefing.structure``,
``briefing.extraction`` and ``briefing.text`` (module constants and the inline
``re.search(r"…", …)`` calls reached while reading and extracting the test fixtures),
then feeds each one strings built by repeating short units made of its own characters
(with and without a character that makes the match fail at the end) at two lengths.
A pattern whose time grows more than ``--ratio`` times between length L and 4L, or
that does not finish within ``--timeout`` seconds, is printed.

    python scripts/audit_patterns.py [--length 400] [--ratio 8] [--timeout 3]

Each pattern runs in a forked child, so a catastrophic one is killed, not waited for.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WATCHED = tuple(
    str(ROOT / "src" / "briefing" / p) for p in ("io", "structure.py", "extraction", "text")
)

#: patterns the probe flags that are linear where they are used (pattern: why)
BOUNDED = {
    r"\s+[A-Za-z0-9.\-]+\.[a-z]{2,}$": "html.py: re.sub on a site name of at most 40 characters",
    "[零〇一二两三四五六七八九十]+是[：:，,]?": "structure._is_lead_only: re.fullmatch, linear",
}

_seen: dict[tuple[str, int], str] = {}
_orig_compile = re._compile  # type: ignore[attr-defined]


def _recording_compile(pattern, flags=0):  # type: ignore[no-untyped-def]
    if isinstance(pattern, str) and (pattern, int(flags)) not in _seen:
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename.endswith(("re/__init__.py", "functools.py")):
            f = f.f_back
        if f is not None and f.f_code.co_filename.startswith(WATCHED):
            where = f"{Path(f.f_code.co_filename).relative_to(ROOT / 'src')}:{f.f_lineno}"
            _seen[(pattern, int(flags))] = where
    return _orig_compile(pattern, flags)


def literal_patterns() -> dict[tuple[str, int], str]:
    """Patterns written as string literals in ``re.<fn>(...)`` calls (reached or not)."""
    import ast

    out: dict[tuple[str, int], str] = {}
    fns = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
    for top in WATCHED:
        files = [Path(top)] if top.endswith(".py") else sorted(Path(top).rglob("*.py"))
        for path in files:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("re", "regex")
                    and node.func.attr in fns
                    and node.args
                ):
                    continue
                try:
                    pattern = ast.literal_eval(node.args[0])
                except ValueError:
                    continue
                if not isinstance(pattern, str):
                    continue
                flags = 0
                for kw in node.keywords:
                    if kw.arg == "flags":
                        flags = eval(compile(ast.Expression(kw.value), "<f>", "eval"), {"re": re})
                where = f"{path.relative_to(ROOT / 'src')}:{node.lineno}"
                out.setdefault((pattern, flags), where)
    return out


def collect() -> dict[tuple[str, int], str]:
    re._compile = _recording_compile  # type: ignore[attr-defined]
    try:
        import briefing.extraction as ex
        import briefing.io as bio
        import briefing.io.docx
        import briefing.io.html
        import briefing.io.pdf
        import briefing.io.text
        import briefing.structure as st
        import briefing.text.normalize

        st._patterns()
        # patterns built from data files at first use
        import importlib
        import pkgutil

        import briefing

        for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
            if not info.name.startswith(("briefing.io", "briefing.extraction", "briefing.text")):
                continue
            try:
                mod = importlib.import_module(info.name)
            except ImportError:
                continue
            for attr in ("_patterns", "patterns", "rules", "_data"):
                fn = getattr(mod, attr, None)
                if callable(fn) and hasattr(fn, "cache_info"):
                    try:
                        fn()
                    except TypeError:
                        pass
        fixtures = sorted((ROOT / "tests" / "fixtures").rglob("*"))
        for p in fixtures:
            if p.suffix.lower() in (".txt", ".docx", ".html", ".pdf") and p.is_file():
                try:
                    doc = bio.read(p)
                    ex.extract(doc)
                except Exception:
                    pass
        for sample in ("一、总体情况\n全市完成投资12.5亿元，同比增长8.3%，占全年计划的45%。",):
            ex.extract(bio.read_string(sample))
    finally:
        re._compile = _orig_compile  # type: ignore[attr-defined]
    return dict(_seen)


def units_for(pattern: str, rng: random.Random, limit: int) -> list[str]:
    chars = {c for c in pattern if not c.isascii() or c in "<>/|-_.:,;!?()[]{}#%*+=&@$\"'"}
    chars |= {"a", "1", " ", "一", "。", "\n", "\t"}
    chars = sorted(chars)
    if len(chars) > 48:
        chars = sorted([*rng.sample(chars, 48), "a", "1", " ", "一", "。"])
    units = set(chars)
    units |= {c + " " for c in chars} | {c + " " * 9 for c in chars}
    words = sorted({w for w in re.findall(r"[^\x00-\x7f]{2,}", pattern) if len(w) <= 8})
    rng.shuffle(words)
    for w in words[:30]:
        units |= {w, w + " ", "【" + w + "】", "[" + w + "]", "【" + w + "】 "}
    pairs = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(pairs)
    units |= set(pairs[: limit // 2])
    triples = [a + " " * 9 + b + " " * 9 for a in chars for b in chars if a != b]
    rng.shuffle(triples)
    units |= set(triples[: limit // 4])
    out = sorted(units)
    rng.shuffle(out)
    return out[:limit]


def _time(fn, s: str) -> float:  # type: ignore[no-untyped-def]
    t = time.process_time()
    fn(s)
    return time.process_time() - t


def probe(pattern: str, flags: int, length: int, q: mp.Queue) -> None:
    rng = random.Random(len(pattern) * 7919 + sum(map(ord, pattern[:50])))
    rx = re.compile(pattern, flags)
    worst: tuple[float, float, str] = (0.0, 0.0, "")
    for unit in units_for(pattern, rng, 120):
        for tail in ("", "\x00", "!"):
            for opname, op in (("match", rx.match), ("search", rx.search)):
                k = max(1, length // len(unit))
                what = f"{opname} {unit!r}*{k}+{tail!r}"
                q.put(("start", what))
                small, big = unit * k + tail, unit * (4 * k) + tail
                t1 = min(_time(op, small) for _ in range(2))
                t4 = min(_time(op, big) for _ in range(2))
                if t4 > 0.01 and t4 / max(t1, 1e-4) > worst[0]:
                    worst = (t4 / max(t1, 1e-4), t4, what)
    q.put(("done", worst))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--length", type=int, default=400)
    ap.add_argument("--ratio", type=float, default=8.0)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--only", default=None, help="substring of the source location")
    args = ap.parse_args()
    seen = literal_patterns()
    for key, where in collect().items():
        seen.setdefault(key, where)
    print(f"{len(seen)} patterns from {', '.join(Path(w).name for w in WATCHED)}")
    ctx = mp.get_context("fork")
    bad = 0
    for (pattern, flags), where in sorted(seen.items(), key=lambda kv: kv[1]):
        if args.only and args.only not in where:
            continue
        q: mp.Queue = ctx.Queue()
        proc = ctx.Process(target=probe, args=(pattern, flags, args.length, q))
        proc.start()
        last, result = "", None
        while result is None:
            try:
                kind, val = q.get(timeout=args.timeout)
            except Exception:
                break
            if kind == "done":
                result = val
            else:
                last = val
        proc.kill()
        proc.join()
        if result is None:
            bad += 1
            print(f"TIMEOUT {where}: on {last} :: {pattern[:120]!r}")
            continue
        r, t4, what = result
        if r > args.ratio and pattern not in BOUNDED:
            bad += 1
            print(f"x{r:5.1f} {t4 * 1000:7.1f} ms {where}: {what} :: {pattern[:100]!r}")
    print(f"{bad} suspicious")
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(3)
