"""Build the house-style .docx templates in templates/ from their layout specs.

    python scripts/build_templates.py            # writes templates/zhengwu.docx, jianbao.docx
    python scripts/build_templates.py --check    # exit 1 if a committed template is stale

Each templates/<name>.toml names its fonts, sizes and style names; the .docx is python-docx's
default package with those styles defined (East Asian fonts on w:eastAsia, exact line pitch,
character indents).  The output is byte-for-byte reproducible: fixed core properties and
fixed zip timestamps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.rendering.template import BUILTIN_TEMPLATES, build_template_docx, spec_from_file

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify instead of writing")
    ap.add_argument("--dir", type=Path, default=ROOT / "templates")
    args = ap.parse_args(argv)
    stale = []
    for name in BUILTIN_TEMPLATES:
        spec = spec_from_file(args.dir / f"{name}.toml")
        data = build_template_docx(spec)
        out = args.dir / spec.data.get("docx", f"{name}.docx")
        if args.check:
            if not out.is_file() or out.read_bytes() != data:
                stale.append(out)
            continue
        out.write_bytes(data)
        print(f"wrote {out} ({len(data)} bytes)")
    for path in stale:
        print(f"stale: {path} (run python scripts/build_templates.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
