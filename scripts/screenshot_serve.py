"""Screenshot the review page of ``briefing serve`` in headless Chromium: docs/img/serve.png.

    python scripts/screenshot_serve.py [PATH ...] [-o docs/img/serve.png]

Starts the app with uvicorn on a free port in this process, uploads the project's own
sample bulletins (corpora/docx, invented text) through the page as an editor would and
takes the picture of the top of the review page.  Uses Debian's /usr/bin/chromium
through Playwright (no browser download).
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

from screenshot_report import CHROMIUM_ARGS, ROOT  # one set of headless Chromium flags


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "img" / "serve.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=1250)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from briefing.serve.app import create_app
    from briefing.serve.cli import listen

    paths = args.paths or [
        ROOT / "corpora" / "docx" / "qinghe_zwxx_2023_057.docx",
        ROOT / "corpora" / "docx" / "linjiang_portal_2022_03.docx",
    ]
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(url)
            page.set_input_files("#files", [str(p) for p in paths])
            with page.expect_navigation(timeout=300_000):
                page.click("#go")
            page.wait_for_selector("body[data-jump-ready='1']")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
