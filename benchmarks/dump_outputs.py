"""Dump every document, figure, relation and finding of corpora/ (run from the project folder; and the real excerpts of
../shared/corpus/pages.jsonl, when present) as JSON lines, to compare two branches.

    PYTHONPATH=src python benchmarks/dump_outputs.py OUT.jsonl
    diff <(main's OUT.jsonl) <(this branch's OUT.jsonl)   # must be empty after a speed-up

The dump holds real text only in the output file given (kept outside the repository).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import briefing

ROOT = Path.cwd()
PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages.jsonl"
SUFFIXES = (".txt", ".docx", ".html", ".pdf")


def _record(name: str, doc: briefing.Document) -> dict[str, object]:
    figures = briefing.extract(doc)
    report = briefing.check(doc, figures)
    return {
        "name": name,
        "document": doc.to_dict(),
        "figures": [f.to_dict() for f in figures],
        "report": report.to_dict(),
    }


def main(out: str) -> None:
    with open(out, "w", encoding="utf-8") as fh:
        for path in sorted((ROOT / "corpora").rglob("*")):
            if path.suffix in SUFFIXES:
                rec = _record(str(path.relative_to(ROOT)), briefing.read(path))
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        if PAGES.exists():
            for line in PAGES.read_text(encoding="utf-8").splitlines():
                page = json.loads(line)
                rec = _record(page["id"], briefing.read_text(page["text"], name=page["id"]))
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
