"""Score the checker on the hand-read relations of ../shared/corpus/relations_gold.jsonl.

    python benchmarks/real_gold.py [--verbose] [--json out.json] [--ids r0001,r0003] [--jobs N]

The protocol is the one of ../shared/corpus/README.md ("How to score"), so that figures
from different tools compare:

- *recognised*: some reported relation has a figure overlapping each of the gold
  relation's spans (all of them);
- *right verdict*: among those, one covering relation whose status is ``consistent`` for
  ``holds: true`` and ``inconsistent`` for ``holds: false`` (``rounding`` is not
  ``consistent``; a second line counts it as such);
- *real slips flagged*: an error or warning finding with a figure on a span of a core
  relation that does not hold;
- *traps fallen into*: a reported relation covering every span of a trap of two or more
  figures;
- *false errors*: error findings none of whose figures lies on a span of a relation (any
  rule) that does not hold;
- *injected slips*: for each holding core relation with ``mutable``, two mutants of that
  figure (change one digit, swap two adjacent different digits, move the decimal point
  one place), each checked alone; flagged when a new error or warning finding (its code,
  severity and figure spans absent on the unmutated text) has a figure on the relation's
  spans.  Every mutant counts.

Offsets reported by the checker index ``Document.text``; they are mapped back to the raw
excerpt by a character alignment before any comparison.  A finding without figures is
placed by its own span.
"""

from __future__ import annotations

import argparse
import atexit
import difflib
import html
import io
import json
import multiprocessing
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import briefing

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD_PATH = CORPUS / "relations_gold.jsonl"
PAGES_PATH = CORPUS / "pages.jsonl"

CORE_RULES = (
    "ratio",
    "sum",
    "subset",
    "growth",
    "time_progress",
    "enumeration",
    "repeated",
    "average",
    "difference",
    "ppoint",
)
MUTANTS_PER_FIGURE = 2
FLAG_SEVERITIES = ("error", "warning")

Span = tuple[int, int]

# -- offsets -----------------------------------------------------------------------


def offset_map(raw: str, text: str) -> list[int]:
    """For each index of ``text`` (plus one past the end) the matching index of ``raw``.

    Equal blocks of the alignment map one to one; replaced blocks are interpolated
    linearly; characters of ``text`` absent from ``raw`` map to the raw position where
    they were inserted (clamped inside ``raw``)."""
    out = [0] * (len(text) + 1)
    last = max(len(raw) - 1, 0)
    sm = difflib.SequenceMatcher(None, raw, text, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                out[j1 + k] = i1 + k
        elif tag == "replace":
            n, m = i2 - i1, j2 - j1
            for k in range(m):
                out[j1 + k] = i1 + (k * n) // m
        elif tag == "insert":
            for k in range(j1, j2):
                out[k] = min(i1, last)
    out[len(text)] = len(raw)
    return out


def map_span(m: list[int], start: int, end: int) -> Span:
    """Map the half-open span [start, end) of ``text`` to ``raw`` with ``offset_map``."""
    n = len(m) - 1
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if end == start:
        return (m[start], m[start])
    return (m[start], m[end - 1] + 1)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _on(spans: list[Span], targets: list[Span]) -> bool:
    return any(overlaps(s, t) for s in spans for t in targets)


def _covers(spans: list[Span], targets: list[Span]) -> bool:
    """Some span of ``spans`` overlaps each of ``targets``."""
    return bool(targets) and all(any(overlaps(s, t) for s in spans) for t in targets)


# -- mutants -----------------------------------------------------------------------

_DIGITS = "0123456789"
_WIDE = "０１２３４５６７８９"


def _is_digit(c: str) -> bool:
    return c in _DIGITS or c in _WIDE


def _digit_set(c: str) -> str:
    return _WIDE if c in _WIDE else _DIGITS


def _number_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each number written with digits and at most one decimal point
    (runs with thousands separators are left out: no decimal point to move)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if not _is_digit(text[i]):
            i += 1
            continue
        j = i
        seen_point = False
        while j < len(text):
            c = text[j]
            if _is_digit(c):
                j += 1
            elif c in ".．" and not seen_point and j + 1 < len(text) and _is_digit(text[j + 1]):
                seen_point = True
                j += 1
            else:
                break
        if not (
            j < len(text) and text[j] in ",，" and j + 1 < len(text) and _is_digit(text[j + 1])
        ):
            if not (i > 0 and text[i - 1] in ",，"):
                runs.append((i, j))
        i = j
    return runs


def _leading_zero(text: str, pos: int) -> bool:
    """Would a 0 at ``pos`` start a multi-digit integer part (029)?"""
    if pos > 0 and (_is_digit(text[pos - 1]) or text[pos - 1] in ".．,，"):
        return False
    return pos + 1 < len(text) and _is_digit(text[pos + 1])


def _change_digit(text: str, rng: random.Random) -> str | None:
    pos = [i for i, c in enumerate(text) if _is_digit(c)]
    if not pos:
        return None
    i = rng.choice(pos)
    ds = _digit_set(text[i])
    choices = [d for d in ds if d != text[i] and not (d == ds[0] and _leading_zero(text, i))]
    return text[:i] + rng.choice(choices) + text[i + 1 :]


def _swap_digits(text: str, rng: random.Random) -> str | None:
    pos = [
        i
        for i in range(len(text) - 1)
        if _is_digit(text[i]) and _is_digit(text[i + 1]) and text[i] != text[i + 1]
    ]
    pos = [i for i in pos if not (text[i + 1] in "0０" and _leading_zero(text, i))]
    if not pos:
        return None
    i = rng.choice(pos)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _move_point(text: str, rng: random.Random) -> str | None:
    """Move the decimal point of one number one place left or right.  An integer has its
    point after the last digit (629 → 62.9, 3 → 0.3); a move never invents a digit
    (no 629 → 6290)."""
    options: list[str] = []
    for s, e in _number_runs(text):
        num = text[s:e]
        wide = any(c in _WIDE for c in num)
        point = "．" if "．" in num else "."
        digits = num.replace(".", "").replace("．", "")
        p = num.index(point) if point in num else len(digits)
        zero = _WIDE[0] if wide else "0"
        for q in (p - 1, p + 1):
            if q < 0 or q > len(digits):
                continue
            whole, frac = digits[:q], digits[q:]
            whole = whole.lstrip(zero) or zero
            new = whole + (point + frac if frac else "")
            if new != num:
                options.append(text[:s] + new + text[e:])
    return rng.choice(options) if options else None


MUTATIONS = {"digit": _change_digit, "swap": _swap_digits, "point": _move_point}


def mutants(figure: str, seed: str, n: int = MUTANTS_PER_FIGURE) -> list[tuple[str, str]]:
    """``n`` distinct mutants (kind, text) of ``figure``, deterministic in ``seed``.

    Each mutant picks one of the kinds that apply (change one digit, swap two adjacent
    different digits, move the decimal point one place).  A figure without Arabic digits
    has none."""
    if not any(_is_digit(c) for c in figure):
        return []
    rng = random.Random(seed)
    kinds = [k for k, f in MUTATIONS.items() if f(figure, random.Random(0)) is not None]
    out: list[tuple[str, str]] = []
    for _ in range(200):
        if len(out) == n:
            break
        kind = rng.choice(kinds)
        new = MUTATIONS[kind](figure, rng)
        if new is None or new == figure or any(new == t for _, t in out):
            continue
        out.append((kind, new))
    return out


# -- checking ----------------------------------------------------------------------


def _run(raw: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read and check ``raw``; relations and findings with spans in raw offsets."""
    mode = _LAYOUT["mode"]
    if mode == "pdf":
        doc = briefing.read(_PDFS[raw])
    elif mode in FORMATS:
        doc = briefing.read(as_file(raw, mode), format=mode.split("-")[0], name=f"excerpt.{mode}")
    else:
        doc = briefing.read_text(layout(raw, mode) if mode else raw)
    report = briefing.check(doc)
    m = offset_map(raw, doc.text) if doc.text != raw else None

    def to_raw(s: int, e: int) -> Span:
        return map_span(m, s, e) if m is not None else (s, e)

    rels = [
        {
            "rule": r.rule,
            "status": r.status,
            "code": r.code,
            "formula": r.formula,
            "spans": [to_raw(f.start, f.end) for f in r.figures],
        }
        for r in report.relations
    ]
    finds = [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "spans": [to_raw(x.start, x.end) for x in f.figures] or [to_raw(f.start, f.end)],
        }
        for f in report.findings
    ]
    return rels, finds


def _finding_key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["code"], f["severity"], tuple(sorted(f["spans"])))


def _shift_back(x: int, ms: int, old_end: int, new_end: int) -> int:
    """An offset of the mutated text back to the unmutated text."""
    if x <= ms:
        return x
    if x >= new_end:
        return x - (new_end - old_end)
    return min(x, old_end)


def _score_page(args: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    pid, raw, gold = args
    rels, finds = _run(raw)
    out: dict[str, Any] = {
        "id": pid,
        "relations": [],
        "traps": [],
        "false_errors": [],
        "mutants": [],
    }
    broken = [[tuple(s) for s in g["spans"]] for g in gold["relations"] if not g["holds"]]
    for gi, g in enumerate(gold["relations"]):
        spans = [(s[0], s[1]) for s in g["spans"]]
        covering = [r for r in rels if _covers(r["spans"], spans)]
        want = "consistent" if g["holds"] else "inconsistent"
        statuses = sorted({r["status"] for r in covering})
        flagged = [f for f in finds if f["severity"] in FLAG_SEVERITIES and _on(f["spans"], spans)]
        out["relations"].append(
            {
                "index": gi,
                "rule": g["rule"],
                "core": g["core"],
                "holds": g["holds"],
                "texts": g["texts"],
                "note": g.get("note"),
                "recognised": bool(covering),
                "statuses": statuses,
                "right": want in statuses,
                "right_rounding_ok": want in statuses or (g["holds"] and "rounding" in statuses),
                "flagged": sorted({f["code"] for f in flagged}),
                "covering": [f"{r['rule']}:{r['status']} {r['formula']}" for r in covering],
            }
        )
    for t in gold["traps"]:
        spans = [(s[0], s[1]) for s in t["spans"]]
        if len(spans) < 2:
            continue
        covering = [r for r in rels if _covers(r["spans"], spans)]
        # a trap whose figures all belong to one gold relation is covered by any relation
        # that recognises that gold relation: counted by the protocol, listed apart here
        wholes = [
            [(s[0], s[1]) for s in g["spans"]]
            for g in gold["relations"]
            if set(spans) <= {(s[0], s[1]) for s in g["spans"]}
        ]
        beside = [r for r in covering if not any(_covers(r["spans"], w) for w in wholes)]
        out["traps"].append(
            {
                "texts": t["texts"],
                "why": t["why"],
                "fallen": bool(covering),
                "fallen_beside_gold": bool(beside),
                "fallen_verified": any(r["status"] != "unverifiable" for r in covering),
                "by": [f"{r['rule']}:{r['status']} {r['formula']}" for r in covering],
            }
        )
    for f in finds:
        if f["severity"] == "error" and not any(_on(f["spans"], b) for b in broken):
            out["false_errors"].append({"code": f["code"], "message": f["message"]})

    base_keys = {_finding_key(f) for f in finds}
    for gi, g in enumerate(gold["relations"]):
        if not (g["core"] and g["holds"] and g.get("mutable")) or _LAYOUT["mode"] == "pdf":
            continue  # (no mutants of the PDF variant: a PDF a mutant would take hours)
        ms, me = g["mutable"]
        spans = [(s[0], s[1]) for s in g["spans"]]
        for kind, new in mutants(raw[ms:me], f"{pid}:{ms}"):
            mtext = raw[:ms] + new + raw[me:]
            new_end = ms + len(new)
            _, mfinds = _run(mtext)
            fresh = []
            for f in mfinds:
                if f["severity"] not in FLAG_SEVERITIES:
                    continue
                back = {
                    **f,
                    "spans": [
                        (_shift_back(s, ms, me, new_end), _shift_back(e, ms, me, new_end))
                        for s, e in f["spans"]
                    ],
                }
                if _finding_key(back) not in base_keys:
                    fresh.append(back)
            hits = [f for f in fresh if _on(f["spans"], spans)]
            out["mutants"].append(
                {
                    "index": gi,
                    "rule": g["rule"],
                    "kind": kind,
                    "old": raw[ms:me],
                    "new": new,
                    "flagged": bool(hits),
                    "codes": sorted({f["code"] for f in hits}),
                    "elsewhere": sorted({f["code"] for f in fresh if f not in hits}),
                }
            )
    return out


# -- the score ---------------------------------------------------------------------


# Variants of the excerpts, to see how the figures carry over to the bulletins the
# hidden test set holds (traditional-character mirrors, broken punctuation).  Each
# replaces one character by one character, so the gold spans stay valid.
_ASCII_PUNCT = str.maketrans("，。；：（）％！？", ",.;:()%!?")
# digits, % and the decimal point in their full-width forms (０-９, ％, ．)
_FULLWIDTH = str.maketrans("0123456789%.", "０１２３４５６７８９％．")


def _simplified_to_traditional() -> dict[int, str]:
    """One traditional character for each simplified one of ``data/t2s.txt`` (the first
    pair in the file; a bulletin that OpenCC would write otherwise reads the same)."""
    table: dict[int, str] = {}
    path = ROOT / "src" / "briefing" / "data" / "t2s.txt"
    for line in path.read_text("utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#") and line[0] != line[1]:
            table.setdefault(ord(line[1]), line[0])
    return table


VARIANTS = (
    "none",
    "traditional",
    "ascii-punct",
    "fullwidth",
    "wrapped",
    "wrapped-width",
    "spaced",
    "html-gbk",
    "docx",
    "pdf",
)

# The ``wrapped`` variants are read from the text as a PDF or a fixed-width copy gives
# it: hard line breaks every ``WRAP_WIDTH`` characters (``wrapped``) or every
# ``WRAP_DISPLAY`` columns of display width, CJK characters taking two, with each
# paragraph indented by two full-width spaces (``wrapped-width``, as pdftotext gives
# it), wherever the break falls (inside a number, a unit, a word), and a page number
# line after every ``PAGE_LINES`` lines.  The reader must undo both; spans are mapped
# back to the excerpt by aligning the text it keeps.
WRAP_WIDTH = 29
WRAP_DISPLAY = 60
PAGE_LINES = 22
_LAYOUT = {"mode": ""}
#: variants applied when the text is read, not character for character
LAYOUTS = ("wrapped", "wrapped-width", "spaced")
#: variants read from another file format
FORMATS = ("html-gbk", "docx")

# A portal page around the excerpt: navigation, breadcrumb and footer the reader must drop.
_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>工作动态 - 人民政府门户网站</title></head>
<body><div class="top"><a href="/">首页</a> <a href="/zwgk">政务公开</a>
<a href="/zwdt">政务动态</a> <a href="/hdjl">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwdt">政务动态</a> &gt; 工作动态</div>
<div class="article">
{body}
</div>
<div class="footer"><p>主办单位：人民政府办公室 版权所有</p><p>网站标识码：0000000000</p></div>
</body></html>
"""


def as_file(text: str, fmt: str) -> bytes:
    """``text`` as a file of ``fmt``: ``html-gbk``, a portal page encoded in GB18030 with
    each line a paragraph; ``docx``, a Word document with each line a paragraph."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if fmt == "html-gbk":
        body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines)
        return _PAGE.format(body=body).encode("gb18030")
    import docx  # python-docx, imported only for this variant

    d = docx.Document()
    for ln in lines:
        d.add_paragraph(_XML_SAFE.sub("", ln))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


#: the PDF of each excerpt's text (variant ``pdf``), made once by one LibreOffice run
_PDFS: dict[str, Path] = {}


def _make_pdfs(texts: list[str]) -> None:
    """Write the PDF of each text with LibreOffice (A4, its default font) into a
    temporary folder that lives as long as the process."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("the pdf variant needs LibreOffice (soffice) on the PATH")
    folder = Path(tempfile.mkdtemp(prefix="real_gold_pdf_"))
    atexit.register(shutil.rmtree, folder, True)
    names = []
    for k, t in enumerate(texts):
        (folder / f"x{k:04d}.txt").write_text(t, "utf-8")
        names.append(str(folder / f"x{k:04d}.txt"))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--infilter=Text (encoded):UTF8,LF,,,",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *names,
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    for k, t in enumerate(texts):
        _PDFS[t] = folder / f"x{k:04d}.pdf"


_XML_SAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cols(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def _wrap_display(line: str, width: int) -> list[str]:
    pieces: list[str] = []
    cur, used = "\u3000\u3000", 4
    for c in line:
        if used + _cols(c) > width:
            pieces.append(cur)
            cur, used = "", 0
        cur += c
        used += _cols(c)
    pieces.append(cur)
    return pieces


def layout(text: str, mode: str) -> str:
    """``text`` as ``mode`` lays it out: hard-wrapped (see ``wrap``) or ``spaced``, every
    character of a line set apart by one space, as a letter-spaced PDF's text layer
    gives it (``全 市 完 成 投 资 9 . 9 亿 元``)."""
    if mode == "spaced":
        # (the excerpts' pipe tables are a scraper's, not a PDF's: left as they are)
        return "\n".join(line if "|" in line else " ".join(line) for line in text.split("\n"))
    return wrap(text, mode)


def wrap(text: str, mode: str = "wrapped", page_lines: int = PAGE_LINES) -> str:
    """``text`` hard-wrapped as ``mode`` says (see above) with a ``- N -`` page number
    line after every ``page_lines`` lines."""
    out: list[str] = []
    for line in text.split("\n"):
        if mode == "wrapped-width" and len(line.strip()) > 20 and "|" not in line:
            out.extend(_wrap_display(line, WRAP_DISPLAY))
        else:
            w = WRAP_WIDTH
            out.extend(line[i : i + w] for i in range(0, max(len(line), 1), w))
    pages: list[str] = []
    for k, line in enumerate(out):
        if k and k % page_lines == 0:
            pages.append(f"- {k // page_lines} -")
        pages.append(line)
    return "\n".join(pages)


def transform(text: str, variant: str) -> str:
    """``text`` rewritten as ``variant`` (same length, character for character)."""
    if variant == "traditional":
        return text.translate(_simplified_to_traditional())
    if variant == "ascii-punct":
        return text.translate(_ASCII_PUNCT)
    if variant == "fullwidth":
        return text.translate(_FULLWIDTH)
    return text  # "wrapped" is applied when the text is read (see ``wrap``)


def load(
    ids: list[str] | None = None, variant: str = "none"
) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, raw text, gold record) for every excerpt, or those of ``ids``, in file order;
    the text rewritten as ``variant`` (see ``transform``)."""
    pages = {}
    for line in PAGES_PATH.read_text("utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            pages[p["id"]] = transform(p["text"], variant)
    out = []
    for line in GOLD_PATH.read_text("utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            if ids is None or g["id"] in ids:
                out.append((g["id"], pages[g["id"]], g))
    if ids is not None:
        missing = set(ids) - {x[0] for x in out}
        if missing:
            raise KeyError(f"ids not in {GOLD_PATH.name}: {sorted(missing)}")
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _table_rules(rels: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Recognised / right verdict of the gold relations on a table (notes "table …" or "… = table …")."""
    out: dict[str, dict[str, int]] = {}
    for r in rels:
        note = r.get("note") or ""
        if not (note.startswith("table") or "= table" in note):
            continue
        d = out.setdefault(r["rule"], {"total": 0, "recognised": 0, "right": 0})
        d["total"] += 1
        d["recognised"] += r["recognised"]
        d["right"] += r["recognised"] and r["right"]
    return out


def score(ids: list[str] | None = None, jobs: int = 1, variant: str = "none") -> dict[str, Any]:
    """Score every excerpt (or those of ``ids``); the numbers and per-item details."""
    t0 = time.perf_counter()
    work = load(ids, variant)
    _LAYOUT["mode"] = variant if variant in (*LAYOUTS, *FORMATS, "pdf") else ""
    if variant == "pdf":
        _make_pdfs([w[1] for w in work])
    if jobs > 1 and len(work) > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pages = pool.map(_score_page, work, chunksize=1)
    else:
        pages = [_score_page(w) for w in work]

    rels = [dict(r, id=p["id"]) for p in pages for r in p["relations"]]
    core = [r for r in rels if r["core"]]
    recog = [r for r in core if r["recognised"]]
    slips = [r for r in core if not r["holds"]]
    traps = [dict(t, id=p["id"]) for p in pages for t in p["traps"]]
    fallen = [t for t in traps if t["fallen"]]
    false_errors = [dict(f, id=p["id"]) for p in pages for f in p["false_errors"]]
    muts = [dict(m, id=p["id"]) for p in pages for m in p["mutants"]]
    mutable = [
        r for w in work for r in w[2]["relations"] if r["core"] and r["holds"] and r.get("mutable")
    ]
    no_digits = sum(
        1
        for w in work
        for r in w[2]["relations"]
        if r["core"]
        and r["holds"]
        and r.get("mutable")
        and not any(_is_digit(c) for c in w[1][r["mutable"][0] : r["mutable"][1]])
    )

    by_rule: dict[str, dict[str, int]] = {}
    for r in rels:
        d = by_rule.setdefault(r["rule"], {"total": 0, "recognised": 0, "right": 0})
        d["total"] += 1
        d["recognised"] += r["recognised"]
        d["right"] += r["recognised"] and r["right"]
    mut_kinds: dict[str, dict[str, int]] = {}
    for m in muts:
        d = mut_kinds.setdefault(m["kind"], {"total": 0, "flagged": 0})
        d["total"] += 1
        d["flagged"] += m["flagged"]
    mut_rules: dict[str, dict[str, int]] = {}
    for m in muts:
        d = mut_rules.setdefault(m["rule"], {"total": 0, "flagged": 0})
        d["total"] += 1
        d["flagged"] += m["flagged"]

    n_right = sum(r["right"] for r in recog)
    n_right_r = sum(r["right_rounding_ok"] for r in recog)
    n_flag = sum(bool(r["flagged"]) for r in slips)
    n_mut = sum(m["flagged"] for m in muts)
    other = [r for r in rels if not r["core"]]
    return {
        "excerpts": len(work),
        "core": len(core),
        "recognised": len(recog),
        "recognised_rate": _ratio(len(recog), len(core)),
        "right_verdict": n_right,
        "right_verdict_rate": _ratio(n_right, len(recog)),
        "right_verdict_rounding_ok": n_right_r,
        "real_slips": len(slips),
        "real_slips_flagged": n_flag,
        "traps": len(traps),
        "traps_all": sum(len(w[2]["traps"]) for w in work),
        "traps_fallen": len(fallen),
        "traps_fallen_verified": sum(t["fallen_verified"] for t in traps),
        "traps_fallen_beside_gold": sum(t["fallen_beside_gold"] for t in traps),
        "false_errors": len(false_errors),
        "mutable_relations": len(mutable),
        "mutable_without_digits": no_digits,
        "mutants": len(muts),
        "mutants_flagged": n_mut,
        "mutants_rate": _ratio(n_mut, len(muts)),
        "other": len(other),
        "other_recognised": sum(r["recognised"] for r in other),
        # relations on a table (their gold notes say "table"), by rule
        "tables": _table_rules(rels),
        "by_rule": by_rule,
        "mutants_by_kind": mut_kinds,
        "mutants_by_rule": mut_rules,
        "seconds": round(time.perf_counter() - t0, 2),
        "details": {
            "missed": [r for r in core if not r["recognised"]],
            "wrong_verdict": [r for r in recog if not r["right"]],
            "slips_missed": [r for r in slips if not r["flagged"]],
            "traps_fallen": fallen,
            "false_errors": false_errors,
            "mutants_missed": [m for m in muts if not m["flagged"]],
        },
    }


# -- printing ----------------------------------------------------------------------


def _frac(a: int, b: int) -> str:
    return f"{a} / {b} = {a / b:.2f}" if b else f"{a} / 0"


def table(s: dict[str, Any]) -> str:
    rows = [
        (
            "core relations recognised (every gold figure covered by one relation)",
            _frac(s["recognised"], s["core"]),
            "≥ 0.90",
        ),
        (
            "right verdict among those recognised",
            f"{s['right_verdict']} / {s['recognised']}",
            "≥ 0.97",
        ),
        (
            "  (same, `rounding` counted as consistent)",
            f"{s['right_verdict_rounding_ok']} / {s['recognised']}",
            "",
        ),
        (
            "real inconsistencies flagged (error or warning on their figures)",
            f"{s['real_slips_flagged']} / {s['real_slips']}",
            "≥ 16 / 17" if s["real_slips"] == 17 else "all but one",
        ),
        (
            "traps fallen into (a relation over a misleading figure group)",
            f"{s['traps_fallen']} / {s['traps']}",
            "≤ 5",
        ),
        (
            "  (same, by a relation whose status is not `unverifiable`)",
            f"{s['traps_fallen_verified']} / {s['traps']}",
            "",
        ),
        (
            "  (same, not counting a relation that recognises a gold relation holding the trap)",
            f"{s['traps_fallen_beside_gold']} / {s['traps']}",
            "",
        ),
        ("error findings on figures that hold", str(s["false_errors"]), "0"),
        (
            "injected slips flagged (new error/warning on the relation's figures)",
            _frac(s["mutants_flagged"], s["mutants"]),
            "≥ 0.90",
        ),
    ]
    lines = ["| measure | value | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def breakdown(s: dict[str, Any]) -> str:
    lines = ["| rule | recognised | right verdict |", "|---|---|---|"]
    order = [*CORE_RULES, "other"]
    for rule in sorted(s["by_rule"], key=lambda r: (order.index(r) if r in order else 99, r)):
        d = s["by_rule"][rule]
        name = rule if rule != "other" else "other (not core)"
        lines.append(f"| {name} | {d['recognised']} / {d['total']} | {d['right']} |")
    lines.append("")
    lines.append(
        "| relations on a table (gold notes: table …, = table …) | recognised | right verdict |"
    )
    lines.append("|---|---|---|")
    for rule, d in sorted(s.get("tables", {}).items()):
        lines.append(f"| {rule} | {d['recognised']} / {d['total']} | {d['right']} |")
    lines.append("")
    lines.append("| mutant kind | flagged |")
    lines.append("|---|---|")
    for k, d in sorted(s["mutants_by_kind"].items()):
        lines.append(f"| {k} | {d['flagged']} / {d['total']} |")
    lines.append("")
    lines.append("| mutated relation rule | flagged |")
    lines.append("|---|---|")
    for k, d in sorted(s["mutants_by_rule"].items(), key=lambda kv: -kv[1]["total"]):
        lines.append(f"| {k} | {d['flagged']} / {d['total']} |")
    return "\n".join(lines)


def details(s: dict[str, Any]) -> str:
    d = s["details"]
    out: list[str] = []

    def head(title: str, n: int) -> None:
        out.append("")
        out.append(f"## {title} ({n})")

    head("core relations not recognised", len(d["missed"]))
    for r in d["missed"]:
        out.append(f"- {r['id']} {r['rule']}: {' | '.join(r['texts'])} — {r['note']}")
    head("recognised with a wrong verdict", len(d["wrong_verdict"]))
    for r in d["wrong_verdict"]:
        want = "holds" if r["holds"] else "does not hold"
        out.append(
            f"- {r['id']} {r['rule']} ({want}): {' | '.join(r['texts'])} — got "
            f"{'; '.join(r['covering'])}"
        )
    head("real slips not flagged", len(d["slips_missed"]))
    for r in d["slips_missed"]:
        out.append(f"- {r['id']} {r['rule']}: {' | '.join(r['texts'])} — {r['note']}")
    head("traps fallen into", len(d["traps_fallen"]))
    for t in d["traps_fallen"]:
        out.append(
            f"- {t['id']}: {' | '.join(t['texts'])} — by {'; '.join(t['by'])} — why: {t['why']}"
        )
    head("error findings on figures that hold", len(d["false_errors"]))
    for f in d["false_errors"]:
        out.append(f"- {f['id']} {f['code']}: {f['message']}")
    head("injected slips not flagged", len(d["mutants_missed"]))
    for m in d["mutants_missed"]:
        extra = f" (new elsewhere: {', '.join(m['elsewhere'])})" if m["elsewhere"] else ""
        out.append(f"- {m['id']} {m['rule']} {m['kind']}: {m['old']} → {m['new']}{extra}")
    return "\n".join(out)


def describe(variant: str) -> str:
    """What ``variant`` does to the excerpts, in a few words."""
    how = {
        "none": "the excerpts as they are",
        "traditional": "simplified characters turned traditional",
        "ascii-punct": "，。；：（）％！？ written in ASCII",
        "fullwidth": "digits, % and point written full-width",
        "wrapped": f"hard line breaks every {WRAP_WIDTH} characters",
        "wrapped-width": f"hard line breaks every {WRAP_DISPLAY} columns, indented paragraphs",
        "spaced": "every character of a line set apart by one space",
        "html-gbk": "a portal page in GB18030, one paragraph a line",
        "docx": "a Word document, one paragraph a line",
        "pdf": "a PDF LibreOffice writes of the text; no mutants",
    }[variant]
    if variant.startswith("wrapped"):
        how += f", a page number every {PAGE_LINES} lines"
    return how


def variants_table(ids: list[str] | None, jobs: int) -> str:
    """One row of the main measures for each variant of the excerpts."""
    rows = [
        "| variant | recognised | right verdict | real slips flagged | false errors "
        "| injected slips flagged |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for v in VARIANTS:
        s = score(ids, jobs=jobs, variant=v)
        rows.append(
            f"| `{v}` ({describe(v)}) | {_frac(s['recognised'], s['core'])} "
            f"| {s['right_verdict']} / {s['recognised']} "
            f"| {s['real_slips_flagged']} / {s['real_slips']} | {s['false_errors']} "
            f"| {_frac(s['mutants_flagged'], s['mutants'])} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--ids", help="comma-separated excerpt ids (default: all)")
    ap.add_argument("--json", metavar="PATH", help="write all numbers and details as JSON")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument(
        "--variant",
        choices=(*VARIANTS, "all"),
        default="none",
        help="score the excerpts as another site would give them: traditional characters, "
        "ASCII punctuation, full-width digits, hard-wrapped with page numbers, letter-spaced; "
        "'all' prints one row for each",
    )
    a = ap.parse_args(argv)
    if not GOLD_PATH.is_file() or not PAGES_PATH.is_file():
        print(f"corpus missing: {GOLD_PATH}", file=sys.stderr)
        return 2
    ids = [x.strip() for x in a.ids.split(",") if x.strip()] if a.ids else None
    if a.variant == "all":
        print(variants_table(ids, a.jobs))
        return 0
    s = score(ids, jobs=a.jobs, variant=a.variant)
    print(
        f"{s['excerpts']} excerpts, {s['core']} core relations, {s['traps']} traps of 2+ "
        f"figures (of {s['traps_all']}), {s['mutants']} mutants of {s['mutable_relations']} "
        f"mutable figures ({s['mutable_without_digits']} without Arabic digits, not mutated)"
    )
    if a.variant != "none":
        print(f"variant: {a.variant} ({describe(a.variant)})")
    print()
    print(table(s))
    print()
    print(breakdown(s))
    if a.verbose:
        print(details(s))
    print()
    print(f"elapsed {s['seconds']:.1f} s ({a.jobs} job{'s' if a.jobs != 1 else ''})")
    if a.json:
        Path(a.json).write_text(json.dumps(s, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
