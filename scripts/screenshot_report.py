"""Screenshot the HTML report in headless Chromium: docs/img/report.png.

    python scripts/screenshot_report.py [PATH ...] [-o docs/img/report.png]

By default the report covers the project's own sample bulletins (corpora/*.txt, invented
text), so the picture in the README shows no third-party document.  Uses Debian's
/usr/bin/chromium through Playwright (no browser download).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=1300)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)

    import briefing
    from briefing.checks import check
    from briefing.extraction import extract
    from briefing.rendering.report_html import write_report

    paths = (
        args.paths
        or sorted(p for p in (ROOT / "corpora").glob("*.txt") if ".gb18030" not in p.name)[:4]
    )
    if not paths:
        print("no input bulletins", file=sys.stderr)
        return 2
    items = []
    for p in paths:
        doc = briefing.read(p)
        figures = extract(doc)
        items.append((doc, figures, check(doc, figures)))

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        html = write_report(items, Path(tmp) / "report.html")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"{args.out} ({len(items)} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
