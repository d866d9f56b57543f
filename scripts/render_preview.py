"""Render a bulletin in the house layout and save page 1 as a PNG (for the README).

    python scripts/render_preview.py [FILE] [-o docs/img/briefing_page1.png] [--template zhengwu]

FILE defaults to the invented 政务信息 sample corpora/nanhu_zwxx_2021_11.txt (real
bulletins stay out of the repository, pictures of them included).  The chain is the one a
person would use: briefing.render → LibreOffice headless → PDF → pdftoppm.
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
SAMPLE = ROOT / "corpora" / "nanhu_zwxx_2021_11.txt"


def docx_to_pdf(docx: Path, outdir: Path, timeout: float = 180) -> Path:
    """Convert with a fresh LibreOffice profile (no interference with a running instance)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    from briefing.rendering.fonts import fontconfig_xml

    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        # the stand-ins for the official fonts (LibreOffice ignores the docx's w:altName)
        fc = Path(profile) / "fonts.conf"
        fc.write_text(fontconfig_xml(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(fc)}
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
            env=env,
        )
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise SystemExit(f"{docx}: LibreOffice produced no PDF")
    return pdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "docs/img/briefing_page1.png")
    ap.add_argument("--template", default="zhengwu")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)
    src = args.file or SAMPLE
    if not src.is_file():
        raise SystemExit(f"{src}: no such file")

    import briefing

    doc = briefing.read(src)
    with tempfile.TemporaryDirectory(prefix="briefing-preview-") as tmp:
        tmpdir = Path(tmp)
        docx = briefing.render(doc, tmpdir / "briefing.docx", template=args.template)
        pdf = docx_to_pdf(docx, tmpdir)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        prefix = tmpdir / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(args.dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        shutil.copyfile(prefix.with_suffix(".png"), args.output)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
