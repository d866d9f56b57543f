"""briefing side by side with JioNLP, Recognizers-Text and cn2an: accuracy and speed.

The peers are not dependencies of briefing; they live in a venv of their own, and
briefing is imported from this checkout's ``src/``.  Exact commands (from the repo root):

    python3 -m venv /tmp/peers-venv
    /tmp/peers-venv/bin/pip install jionlp recognizers-text-suite cn2an "emoji<2"
    /tmp/peers-venv/bin/python benchmarks/peers.py [--corpus ../shared/corpus] [--repeat 5]

(``emoji<2``: recognizers-text 1.0.2a2 imports ``emoji.UNICODE_EMOJI``, removed in emoji
2.0; without the pin ``import recognizers_text`` fails.)  A peer that is not importable
is skipped with a note, so the script also runs under the project's own python.

Texts, read at run time from the corpus folder (nothing is copied): the two real
bulletins (``00*.txt``, read with ``briefing.read``) and the 141 excerpts of
``pages.jsonl`` (``briefing.read_text``).  Every tool gets the same strings: the
``Document.text`` that briefing's offsets index.

Speed: CPU time (``time.process_time``) on one core, best of ``--repeat`` passes over
all texts after a warm-up, as MB/s of UTF-8 and ms per text, and as a multiple of a
bare ``\\d+(?:\\.\\d+)?`` regex scan measured in the same run (the machine is shared:
compare ratios, not absolute figures, across runs).

Accuracy, on the gold figures of the two bulletins (``seed_figures.json``, located in
``Document.text`` with ``scoring.seed.locate``) and, in a second table, on
the hand-annotated figures of all 141 excerpts of pages.jsonl (``tests/gold/pages_figures.json``,
raw offsets mapped into ``Document.text`` with ``scoring.pages_gold.align``),
per kind each tool covers:

* money   - JioNLP ``extract_money``; Recognizers currency model; briefing kind money.
* percent - Recognizers percentage model; briefing kind percent (and ppoint).
* quantity with unit (area, mass, length, volume, energy) - Recognizers dimension model.
* number  - every gold quantity figure's number: Recognizers number model; cn2an
  (``transform(text, "cn2an")``; its rewritten spans are recovered by aligning input
  and output with difflib, so it can only find numbers written in Chinese numerals and
  is scored on the gold figures that contain one); briefing: every quantity figure.

Matching: a tool's item matches a gold figure when their character spans overlap and
the values are equal (value in the gold's base unit: 9.9亿元 = 990000000, 38.45% = 38.45;
relative tolerance 1e-9; for a range or a blurred amount the lower bound).  Each gold
figure matches at most one item.  tp = matched gold figures; fn = unmatched ones;
fp = items that match no gold figure, except items overlapping a gold figure marked
``optional`` (borderline cases), which count neither way.  The gold list holds only
quantities, so a number a tool reports inside a date, an ordinal (第三期), a slogan
(六稳) or the issue number is a false positive here: that is what a quantity
extractor for cross-checking must not report.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scoring.pages_gold import align, load_gold, map_span  # noqa: E402
from scoring.seed import locate  # noqa: E402

import briefing  # noqa: E402
from briefing.extraction import QUANTITY_KINDS, extract  # noqa: E402
from briefing.model import Document  # noqa: E402

_DIMENSION_KINDS = frozenset({"area", "mass", "length", "volume", "energy"})
_KIND_ALIASES = {"weight": "mass"}
_CN_DIGIT = re.compile("[零〇一二两三四五六七八九十百千]")


@dataclass(slots=True)
class Item:
    """One thing a tool reported: span in Document.text and value in base units."""

    start: int
    end: int
    value: Decimal | None
    text: str


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fps: list[str] = field(default_factory=list)
    fns: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    kind: str
    value: Decimal
    text: str
    optional: bool


# ---------------------------------------------------------------------------
# value helpers
# ---------------------------------------------------------------------------


def _dec(s: Any) -> Decimal | None:
    if isinstance(s, list | tuple):
        s = s[0] if s else None
    if s is None:
        return None
    t = str(s).strip().rstrip("%").replace(",", "")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _same(a: Decimal | None, b: Decimal) -> bool:
    return a is not None and abs(a - b) <= abs(b) * Decimal("1e-9")


# ---------------------------------------------------------------------------
# the tools: each returns {category: [Item, ...]} for one text
# ---------------------------------------------------------------------------


def briefing_items(doc: Document) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {"money": [], "percent": [], "dimension": [], "number": []}
    for f in extract(doc):
        if f.kind not in QUANTITY_KINDS:
            continue
        it = Item(f.start, f.end, _dec(f.base_value), f.text)
        out["number"].append(it)
        if f.kind == "money":
            out["money"].append(it)
        elif f.kind in ("percent", "ppoint"):
            out["percent"].append(it)
        elif f.kind in _DIMENSION_KINDS:
            out["dimension"].append(it)
    return out


def _load_jionlp() -> Callable[[str], Any] | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a banner on import
            import jionlp  # type: ignore[import-not-found]
    except ImportError as e:
        print(f"note: jionlp not importable ({e}) - skipped")
        return None
    fn: Callable[[str], Any] = jionlp.ner.extract_money
    return fn


def jionlp_items(fn: Callable[[str], Any], text: str) -> dict[str, list[Item]]:
    items = []
    for r in fn(text):  # default arguments: with_parsing=True
        s, e = r["offset"]
        items.append(Item(s, e, _dec(r["detail"]["num"]), r["text"]))
    return {"money": items}


@dataclass
class Recognizers:
    number: Any
    percentage: Any
    currency: Any
    dimension: Any

    def all(self, text: str) -> None:
        for m in (self.number, self.percentage, self.currency, self.dimension):
            m.parse(text)


def _load_recognizers() -> Recognizers | None:
    try:
        from recognizers_number import NumberRecognizer  # type: ignore[import-not-found]
        from recognizers_number_with_unit import (  # type: ignore[import-not-found]
            NumberWithUnitRecognizer,
        )
        from recognizers_text import Culture  # type: ignore[import-not-found]
    except ImportError as e:
        print(f"note: recognizers-text not importable ({e}) - skipped")
        return None
    nr = NumberRecognizer(Culture.Chinese)
    ur = NumberWithUnitRecognizer(Culture.Chinese)
    return Recognizers(
        nr.get_number_model(),
        nr.get_percentage_model(),
        ur.get_currency_model(),
        ur.get_dimension_model(),
    )


def recognizers_items(rec: Recognizers, text: str) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for cat, model in (
        ("number", rec.number),
        ("percent", rec.percentage),
        ("money", rec.currency),
        ("dimension", rec.dimension),
    ):
        items = []
        for r in model.parse(text):
            res = r.resolution or {}
            # ModelResult.end is inclusive
            items.append(Item(r.start, r.end + 1, _dec(res.get("value")), r.text))
        out[cat] = items
    return out


def _load_cn2an() -> Callable[[str], str] | None:
    try:
        import cn2an  # type: ignore[import-not-found]
    except ImportError as e:
        print(f"note: cn2an not importable ({e}) - skipped")
        return None
    warnings.filterwarnings("ignore", module="cn2an")  # 不符合格式的数据：亿 on every 亿元

    def transform(text: str) -> str:
        out: str = cn2an.transform(text, "cn2an")
        return out

    return transform


def cn2an_items(fn: Callable[[str], str], text: str) -> dict[str, list[Item]]:
    """The spans cn2an rewrote (七 → 7, 百分之三十 → 30%), found by aligning in and out."""
    out = fn(text)
    items = []
    sm = difflib.SequenceMatcher(None, text, out, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or i1 == i2:
            continue
        items.append(Item(i1, i2, _dec(out[j1:j2]), text[i1:i2]))
    return {"number": items}


# ---------------------------------------------------------------------------
# scoring
# ---------------------------------------------------------------------------


def gold_for(doc: Document, entries: list[dict[str, Any]]) -> list[Gold]:
    out = []
    for g, at in locate(doc.text, entries):
        if at is None:
            continue
        out.append(
            Gold(
                at,
                at + len(g["text_span"]),
                _KIND_ALIASES.get(g["kind"], g["kind"]),
                Decimal(str(g["value"])),
                g["text_span"],
                bool(g.get("optional")),
            )
        )
    return out


def page_golds(pages: dict[str, str], gold_path: Path) -> list[tuple[Document, list[Gold]]]:
    """Each annotated excerpt read with ``briefing.read_text``, its gold in document offsets."""
    out = []
    for page, entries in load_gold(gold_path).items():
        raw = pages[page]
        doc = briefing.read_text(raw)
        amap = align(raw, doc.text)
        gs = []
        for g in entries:
            span = map_span(amap, g["start"], g["end"])
            if span is None:
                continue
            gs.append(
                Gold(
                    span[0],
                    span[1],
                    g["kind"],
                    Decimal(g["base_value"]),
                    g["text_span"],
                    bool(g["optional"]),
                )
            )
        out.append((doc, gs))
    return out


def _gold_in(cat: str, g: Gold, cn_only: bool) -> bool:
    if cat == "money":
        ok = g.kind == "money"
    elif cat == "percent":
        ok = g.kind in ("percent", "ppoint")
    elif cat == "dimension":
        ok = g.kind in _DIMENSION_KINDS
    else:
        ok = g.kind in QUANTITY_KINDS
    if ok and cn_only:
        ok = _CN_DIGIT.search(g.text) is not None
    return ok


def tally(
    cat: str, gold: list[Gold], items: list[Item], t: Tally, name: str, cn_only: bool = False
) -> None:
    golds = [g for g in gold if _gold_in(cat, g, cn_only)]
    optional = [g for g in gold if g.optional]
    used: set[int] = set()
    for g in golds:
        hit = None
        for k, it in enumerate(items):
            if k not in used and it.start < g.end and g.start < it.end and _same(it.value, g.value):
                hit = k
                break
        if g.optional:
            if hit is not None:
                used.add(hit)
            continue
        if hit is None:
            t.fn += 1
            t.fns.append(f"{g.text}@{g.start}")
        else:
            used.add(hit)
            t.tp += 1
    for k, it in enumerate(items):
        if k in used or any(it.start < g.end and g.start < it.end for g in optional):
            continue
        t.fp += 1
        t.fps.append(f"{it.text}={it.value}@{it.start}")


# ---------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------


def cpu_best(fn: Callable[[Any], Any], items: list[Any], repeat: int, budget: float) -> float:
    """Best CPU seconds of one pass over ``items``; stop repeating after ``budget`` s."""
    for x in items[:3]:
        fn(x)  # warm-up: lazy initialisation, data files
    best = float("inf")
    spent = 0.0
    for _ in range(repeat):
        t = time.process_time()
        for x in items:
            fn(x)
        dt = time.process_time() - t
        best = min(best, dt)
        spent += dt
        if spent > budget:
            break
    return best


def _disagreements(
    docs: list[Document],
    peers: list[tuple[str, Callable[[Document], dict[str, list[Item]]], list[str]]],
) -> None:
    """Peer items on unannotated texts that no briefing item of the kind overlaps with the
    same value: candidates for briefing's misses (and, as often, the peer's errors)."""
    print("\npeer-only money/percent items on pages.jsonl (same overlap+value rule):")
    for i, d in enumerate(docs):
        mine = briefing_items(d)
        for name, fn, _ in peers:
            theirs = fn(d)
            for cat in ("money", "percent"):
                for it in theirs.get(cat, []):
                    if any(
                        x.start < it.end and it.start < x.end and x.value == it.value
                        for x in mine[cat]
                    ):
                        continue
                    ctx = d.text[max(0, it.start - 10) : it.end + 6].replace("\n", " ")
                    print(f"  page {i:>3} {name:<22} {cat:<8} {it.text!r}={it.value}  …{ctx}…")


def _accuracy_table(
    golds: list[tuple[Document, list[Gold]]],
    tools: list[tuple[str, Callable[[Document], dict[str, list[Item]]], list[str]]],
    show: bool,
) -> None:
    print(
        f"  {'tool':<24} {'kind':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}"
    )
    for name, fn, cats in tools:
        per_doc = [fn(d) for d, _ in golds]
        for cat in cats:
            cn_only = cat.endswith("*")
            key = cat.rstrip("*")
            t = Tally()
            for (_, gs), items in zip(golds, per_doc, strict=True):
                tally(key, gs, items.get(key, []), t, name, cn_only)
            print(
                f"  {name:<24} {cat:<10} {t.tp:>4} {t.fp:>4} {t.fn:>4} "
                f"{t.precision:>10.3f} {t.recall:>8.3f}"
            )
            if show:
                if t.fns:
                    print(f"      missed: {'; '.join(t.fns)}")
                if t.fps:
                    print(f"      extra:  {'; '.join(t.fps)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--gold",
        default=str(ROOT / "tests" / "gold" / "pages_figures.json"),
        help="hand-annotated figures of pages.jsonl excerpts",
    )
    ap.add_argument(
        "--budget", type=float, default=20.0, help="CPU seconds after which a slow tool stops"
    )
    ap.add_argument("--show", action="store_true", help="list each tool's misses and extras")
    ap.add_argument(
        "--disagreements",
        action="store_true",
        help="list money/percent items a peer reports on pages.jsonl and briefing does not "
        "(no gold there: for reading, not scoring)",
    )
    a = ap.parse_args(argv)
    corpus = Path(a.corpus)
    if not (corpus / "seed_figures.json").is_file():
        print(f"error: {corpus}: no seed_figures.json (use --corpus)", file=sys.stderr)
        return 2

    entries = json.loads((corpus / "seed_figures.json").read_text(encoding="utf-8"))
    bulletins = [briefing.read(p) for p in sorted(corpus.glob("00*.txt"))]
    pages = [
        json.loads(line)["text"]
        for line in (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    docs = bulletins + [briefing.read_text(t) for t in pages]
    texts = [d.text for d in docs]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    bull_texts = [d.text for d in bulletins]
    golds = {}
    for d in bulletins:
        name = Path(d.path).stem
        golds[id(d)] = gold_for(d, [e for e in entries if e["doc"] == name])

    jio = _load_jionlp()
    rec = _load_recognizers()
    c2a = _load_cn2an()

    # -- accuracy -------------------------------------------------------------------
    tools: list[tuple[str, Callable[[Document], dict[str, list[Item]]], list[str]]] = [
        ("briefing", briefing_items, ["money", "percent", "dimension", "number"]),
    ]
    if jio is not None:
        jfn = jio
        tools.append(("JioNLP extract_money", lambda d: jionlp_items(jfn, d.text), ["money"]))
    if rec is not None:
        r = rec
        tools.append(
            (
                "Recognizers-Text (zh)",
                lambda d: recognizers_items(r, d.text),
                ["money", "percent", "dimension", "number"],
            )
        )
    if c2a is not None:
        cfn = c2a
        tools.append(("cn2an transform", lambda d: cn2an_items(cfn, d.text), ["number*"]))

    print(f"accuracy on the gold figures of {len(bulletins)} bulletins ({corpus}):")
    print("  match = spans overlap and value equal (base unit); optional gold neutral;")
    print("  number* = only gold figures written with a Chinese numeral (all cn2an can find)")
    _accuracy_table([(d, golds[id(d)]) for d in bulletins], tools, a.show)
    raw_pages = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    pg = page_golds(raw_pages, Path(a.gold))
    n_gold = sum(1 for _, gs in pg for g in gs if not g.optional)
    print(
        f"\naccuracy on the hand-annotated figures of {len(pg)} pages.jsonl excerpts "
        f"({n_gold} required figures, {a.gold}):"
    )
    _accuracy_table(pg, tools, a.show)

    if a.disagreements:
        _disagreements(docs[len(bulletins) :], tools[1:])

    # -- throughput -----------------------------------------------------------------
    bare = re.compile(r"\d+(?:\.\d+)?")
    rows: list[tuple[str, Callable[[Any], Any], bool]] = [
        ("bare regex \\d+(\\.\\d+)?", bare.findall, False),
        ("briefing.extract (read docs)", extract, True),
        ("briefing read_text+extract", lambda t: extract(briefing.read_text(t)), False),
    ]
    if jio is not None:
        rows.append(("JioNLP extract_money", jio, False))
    if rec is not None:
        rows += [
            ("Recognizers number", rec.number.parse, False),
            ("Recognizers percentage", rec.percentage.parse, False),
            ("Recognizers currency", rec.currency.parse, False),
            ("Recognizers dimension", rec.dimension.parse, False),
            ("Recognizers all four", rec.all, False),
        ]
    if c2a is not None:
        rows.append(("cn2an transform", c2a, False))
    print(
        f"\nthroughput: {len(texts)} texts, {nbytes / 1e6:.3f} MB UTF-8; CPU time, one core, "
        f"best of up to {a.repeat}"
    )
    print(
        f"  {'tool':<30} {'MB/s':>8} {'ms/text':>8} {'x bare':>8} | "
        f"{'ms/bulletin':>11} {'x bare':>8}"
    )
    base = bbase = 0.0
    for label, fn, on_docs in rows:
        items: Iterable[Any] = docs if on_docs else texts
        secs = cpu_best(fn, list(items), a.repeat, a.budget)
        # two short texts: ten times the rounds for a stable minimum (same CPU budget)
        bsecs = cpu_best(fn, bulletins if on_docs else bull_texts, a.repeat * 10, a.budget)
        if not base:
            base, bbase = secs, bsecs
        print(
            f"  {label:<30} {nbytes / secs / 1e6:>8.2f} {secs * 1000 / len(texts):>8.3f} "
            f"{secs / base:>8.1f} | {bsecs * 1000 / len(bulletins):>11.3f} {bsecs / bbase:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
