"""Non-quantities reported as figures, by family, and dates found, on all 141 excerpts.

    python benchmarks/pages_families.py [--corpus ../shared/corpus] [--list FAMILY]

For every excerpt of ``pages.jsonl``: read it (``briefing.read_text``), extract, and
classify each figure of a quantity kind or of kind ``other`` by what surrounds it in
``Document.norm``: a figure inside a document number (〔2023〕7号), a portal time stamp
(09:12), a hotline name (12345热线), a reference code (索引号, ICP备, a phone number, a
URL), page furniture (页数, 浏览次数, KB), a figure or annex number (图1, 附件2), a ratio
part (8.1:40.2:51.7), a period written with spaces or dashes (1—9 月份), mirror-site
debris (``S( C+ d0``), a 倍 multiple filed as a percentage, a sector name tagged as an
ordinal (第二产业).  The classifier here is written independently of the extractor's
data files (simple context tests), so a family that the extractor stops reporting
drops to zero here without the two sharing a pattern.  ``other`` figures in no family
are counted apart (bare numbers without a unit: not all are wrong).

Also prints how many excerpts get a document date (``Document.meta.date``) and a title.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import briefing
from briefing.extraction import QUANTITY_KINDS, extract
from briefing.model import Document, Figure

_LINE_LABEL = re.compile(
    r"(?:索引号|文号|ICP|备案|ID|编号|电话|手机|传真|邮编|邮箱|网站标识码|公网安备)\s*[:：][^\n]{0,24}$"
)
_FURNITURE = re.compile(r"(?:页数|大小|浏览|阅读量|阅读|点击|次数|访问|共|字号)[:：\s]*$")
_FURNITURE_AFTER = re.compile(r"^\s*(?:KB|MB|页|字)")
_DOCNO = re.compile(r"[〔\[［(（﹝【]\s*\d{4}\s*[〕\]］)）﹞】]?\s*\d{1,5}\s*号")
_TIME = re.compile(r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d.])")
_RATIO = re.compile(r"\d(?:\.\d+)?\s*[:：∶︰]\s*\d")
_URLISH = re.compile(
    r"[A-Za-z0-9_./:@\-]*(?:https?:|www\.|\.html?|\.com|\.cn|@)[A-Za-z0-9_./:@\-]*"
)
_HOTLINE_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:热线|专线|服务台|前台)")
_PERIOD_AFTER = re.compile(r"^\s*(?:月|季度|年)")
_NUMBERING = re.compile(r"(?:图|表|附件|附表)\s*$")
_JUNK = re.compile(r"[$^{}\\@+_|&*#<>=~!\[\]'\"`]")


def family(text: str, f: Figure) -> str | None:
    """The non-quantity family a figure belongs to, or None for a plausible quantity."""
    s, e = f.start, f.end
    before = text[max(0, s - 30) : s]
    line_before = before.rsplit("\n", 1)[-1]
    after = text[e : e + 12]
    if f.kind == "ordinal" and re.match(r"第[一二三]产业", text[s : s + 4]):
        return "sector name as ordinal"
    if f.kind == "percent" and (f.unit or "").endswith("倍"):
        return "倍 multiple as percent"
    if f.kind not in QUANTITY_KINDS and f.kind != "other":
        return None
    for m in _DOCNO.finditer(text, max(0, s - 12), min(len(text), e + 8)):
        if m.start() <= s and e <= m.end():
            return "document number"
    for m in _TIME.finditer(text, max(0, s - 6), min(len(text), e + 6)):
        if m.start() <= s and e <= m.end():
            return "time stamp"
    for m in _URLISH.finditer(text, max(0, s - 40), min(len(text), e + 40)):
        if m.start() <= s and e <= m.end():
            return "url or email"
    if re.search(r"^\d{3}-?\d{7,8}$|^1[3-9]\d{9}$", f.text) or _LINE_LABEL.search(line_before):
        return "reference code or phone"
    if (f.text.startswith("123") and len(f.text) == 5) or _HOTLINE_AFTER.match(after):
        return "hotline name"
    if _RATIO.search(text, max(0, s - 2), min(len(text), e + 3)):
        return "ratio part"
    if _FURNITURE.search(line_before) and (f.kind == "other" or _FURNITURE_AFTER.match(after)):
        return "page furniture"
    if _FURNITURE_AFTER.match(after) and f.kind == "other":
        return "page furniture"
    if _NUMBERING.search(before):
        return "figure or annex number"
    if f.kind == "other" and re.search(r"[—\-~至到]", f.text) and _PERIOD_AFTER.match(after):
        return "period with dash or space"
    if len(_JUNK.findall(text[max(0, s - 8) : e + 8])) >= 4:
        return "mirror debris"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    )
    ap.add_argument("--list", default=None, help="print the figures of one family")
    a = ap.parse_args(argv)
    lines = (Path(a.corpus) / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    pages = [json.loads(x) for x in lines if x.strip()]
    fams: Counter[str] = Counter()
    n_date = n_title = n_other = 0
    for p in pages:
        doc: Document = briefing.read_text(p["text"])
        n_date += doc.meta.date is not None
        n_title += doc.meta.title is not None
        text = doc.norm  # simplified, same offsets as doc.text (號 → 号)
        for f in extract(doc):
            fam = family(text, f)
            if fam is None:
                n_other += f.kind == "other"
                fam = "(other, no family)" if f.kind == "other" else None
            if fam is None:
                continue
            fams[fam] += 1
            if a.list and a.list in fam:
                ctx = text[max(0, f.start - 12) : f.end + 8].replace("\n", "⏎")
                print(f"  {p['id']} {f.kind:<8} {f.text!r:<16} {ctx}")
    print(f"{len(pages)} excerpts: non-quantities reported as figures, by family")
    total = 0
    for fam, k in sorted(fams.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {fam:<28} {k:>5}")
        if not fam.startswith("("):
            total += k
    print(f"  {'all families':<28} {total:>5}")
    print(f"dates found: {n_date}/{len(pages)}   titles found: {n_title}/{len(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
