"""Inputs that expand under the size limit end in one error line, within 10 s and 500 MB.

Each file is generated into tmp_path; ``briefing check`` runs in a child process whose
CPU seconds and peak resident memory (``os.wait4``) are asserted on.  Before the limits
were enforced while inflating, these peaked at 2.1 GB (the PDF bomb) and ran past 180 s
above 1.2 GB (the text operators, the 60 MB document.xml).
"""

from __future__ import annotations

from pathlib import Path

import hostile_files as H
import pytest
from hostile_support import briefing, one_error_line

CASES = {
    "pdf_stream_inflating_to_1gib.pdf": (H.pdf_bomb_1gib, "E003"),
    "pdf_200mb_of_text_operators.pdf": (H.pdf_text_operators, "E003"),
    "docx_60mb_document_xml.docx": (H.docx_60mb_document, "E003"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_expanding_input_is_refused_within_limits(tmp_path: Path, name: str) -> None:
    make, code = CASES[name]
    f = tmp_path / name
    f.write_bytes(make())
    assert f.stat().st_size < 1_200_000  # small on disk: the expansion is the attack
    out = briefing("check", str(f))
    assert out.returncode == 2, out.describe()
    assert out.within_limits(), out.describe()
    line = one_error_line(out)
    assert line.endswith(f"[{code}]") and name in line, line


def test_small_pdf_and_docx_still_read(tmp_path: Path) -> None:
    """The limits leave ordinary files alone (same generators, sound sizes)."""
    pdf = tmp_path / "ok.pdf"
    pdf.write_bytes(H.pdf_ok(b"Total 12 units"))
    out = briefing("text", str(pdf))
    assert out.returncode == 0 and "Total 12 units" in out.stdout, out.describe()
    docx = tmp_path / "ok.docx"
    docx.write_bytes(H.docx_package(H.document_xml(["全市完成投资12亿元，同比增长5%。"])))
    out = briefing("text", str(docx))
    assert out.returncode == 0 and "全市完成投资12亿元" in out.stdout, out.describe()


def test_dtd_in_a_renamed_document_part_is_refused(tmp_path: Path) -> None:
    """word/document.dat, declared the main part in [Content_Types].xml, carrying an entity.

    Before, the DTD check looked at names only: the entity went past it, the paragraph
    was cut silently and the run exited 0.
    """
    dtd = '<!DOCTYPE w:document [<!ENTITY x "12">]>'
    doc = H.document_xml(["全市完成投资&x;亿元，同比增长5%。"], dtd=dtd)
    f = tmp_path / "renamed.docx"
    f.write_bytes(H.docx_package(doc, part="document.dat"))
    out = briefing("check", str(f))
    assert out.returncode == 2, out.describe()
    line = one_error_line(out)
    assert line.endswith("[E004]") and "word/document.dat" in line, line


def test_renamed_document_part_without_dtd_reads(tmp_path: Path) -> None:
    """Guarding by content does not refuse a sound package with an unusual part name."""
    doc = H.document_xml(["全市完成投资12亿元，同比增长5%。"])
    f = tmp_path / "renamed_ok.docx"
    f.write_bytes(H.docx_package(doc, part="document.dat"))
    out = briefing("text", str(f))
    assert out.returncode == 0 and "全市完成投资12亿元" in out.stdout, out.describe()
