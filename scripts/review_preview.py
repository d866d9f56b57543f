"""Picture of a review copy: .docx with comments → LibreOffice PDF → PNG of page 1.

    python scripts/review_preview.py [FILE] [-o docs/img/review_page1.png]

By default the review copy is made from one of the project's own sample bulletins
(corpora/docx, invented text) so the README picture shows no third-party document.
Comments show as note icons at their anchors and error figures highlighted.  Needs
soffice and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "corpora" / "docx" / "linjiang_portal_2022_03.docx"
# comments become PDF annotations (a note icon at each anchor); LibreOffice 7.4 headless
# ignores ExportNotesInMargin, so the comment texts are printed by this script instead
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "img" / "review_page1.png")
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)

    import briefing
    from briefing.checks import check
    from briefing.extraction import extract
    from briefing.rendering.review import write_review

    doc = briefing.read(args.file)
    report = check(doc, extract(doc))
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        review = write_review(doc, report, t / "review.docx")
        from briefing.rendering.fonts import fontconfig_xml

        fc = t / "fonts.conf"  # stand-ins for the official fonts (see briefing.rendering.fonts)
        fc.write_text(fontconfig_xml(), encoding="utf-8")
        res = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(t / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                PDF_FILTER,
                "--outdir",
                str(t),
                str(review),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "FONTCONFIG_FILE": str(fc)},
        )
        pdf = t / "review.pdf"
        if res.returncode != 0 or not pdf.is_file():
            print(f"LibreOffice failed: {res.stderr.strip()}", file=sys.stderr)
            return 1
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", str(pdf), str(t / "p")],
            check=True,
        )
        page = next(t.glob("p*.png"))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, args.out)
    print(f"{args.out} ({len(report.findings)} comments from {args.file.name})")
    for f in report.findings:
        print(f"  {f.code} {f.severity}: {f.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
