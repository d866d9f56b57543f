"""The HTML report at archive size: one page against an index + a page per document.

    python benchmarks/report.py [--docs 1410] [--chromium /usr/bin/chromium]

Builds ``--docs`` documents from the invented samples in corpora/ (cycled; each checked
once), writes the report both ways and prints the bytes written, the seconds to write,
and the seconds headless Chromium takes until the page's script has run (``data-ready``).
The one-page report is the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1410)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--split-only", action="store_true", help="skip the one-page baseline")
    args = ap.parse_args(argv)

    import briefing
    from briefing.checks import check
    from briefing.extraction import extract
    from briefing.rendering.report_html import write_report

    samples = sorted(p for p in (ROOT / "corpora").glob("*.txt") if ".gb18030" not in p.name)
    base = []
    for p in samples:
        doc = briefing.read(p)
        figures = extract(doc)
        base.append((doc, figures, check(doc, figures)))
    items = [base[k % len(base)] for k in range(args.docs)]

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        modes = [("one page (baseline)", False), ("index + pages", True)]
        for label, split in modes[1:] if args.split_only else modes:
            out = Path(tmp) / f"{'split' if split else 'single'}.html"
            t0 = time.perf_counter()
            write_report(items, out, split=split)
            t_write = time.perf_counter() - t0
            folder = out.with_name(f"{out.stem}_files")
            extra = sum(p.stat().st_size for p in folder.iterdir()) if folder.is_dir() else 0
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(out.as_uri(), timeout=600_000)
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=600_000)
            t_open = time.perf_counter() - t0
            page.close()
            rows.append((label, out.stat().st_size, extra, t_write, t_open))
        browser.close()
    print(f"{args.docs} documents ({len(base)} samples cycled)")
    print(f"{'report':<22}{'first page MB':>14}{'other pages MB':>16}{'write s':>9}{'open s':>8}")
    for label, size, extra, tw, to in rows:
        print(f"{label:<22}{size / 1e6:>14.2f}{extra / 1e6:>16.2f}{tw:>9.1f}{to:>8.2f}")
    if len(rows) == 2:
        (_, s0, _, _, o0), (_, s1, _, _, o1) = rows
        print(f"first page: {s0 / s1:.0f}× smaller, opens {o0 / max(o1, 1e-9):.1f}× faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
