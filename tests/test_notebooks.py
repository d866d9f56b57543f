"""The researcher notebooks run top to bottom in a fresh kernel, and their plots show Chinese.

The notebooks are jupytext percent scripts (notebooks/*.py, the source) paired with .ipynb
files committed with their outputs (tables and plots visible in any viewer; built by
scripts/build_notebooks.py).  Each test converts a script to a notebook and executes it with
nbclient, with a kernel that runs this interpreter; a cell that raises fails the test with
that cell's traceback.  The re-executed text outputs must equal the committed ones (after
normalising temporary paths), so a stale .ipynb fails; plots are compared by presence.

Tofu check: matplotlib warns "Glyph N (…) missing from font(s) …" for every character it
draws without a glyph.  The executed notebook's outputs must hold no such warning, and a
control notebook that draws Chinese with DejaVu Sans shows the check would catch it.  The
font itself is checked on pixels: two different Chinese labels drawn with the CJK font differ,
drawn with DejaVu Sans they are the same row of empty boxes.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import jupytext  # the `notebooks` extra: CI must have it, so no importorskip
import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "build_notebooks", ROOT / "scripts" / "build_notebooks.py"
)
assert _spec is not None and _spec.loader is not None
BUILD = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(BUILD)
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "briefing-test-python"
MISSING_GLYPH = re.compile(r"Glyph \d+ .*missing from (?:current )?font")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kernelspec running this interpreter, so the kernel sees the same packages."""
    root = tmp_path_factory.mktemp("kernels")
    spec = root / KERNEL
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_json = {"argv": argv, "display_name": "briefing tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(spec_json), encoding="utf-8")
    return root


def execute(nb: nbformat.NotebookNode, workdir: Path, kernel_dir: Path) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in ``workdir``; raises on the first failure."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    km = KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    )
    client = nbclient.NotebookClient(
        nb, km=km, timeout=600, resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def run_notebook(
    name: str, tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[nbformat.NotebookNode, Path]:
    """Convert notebooks/<name>.py and execute it in a temp folder; returns (notebook, outdir)."""
    source = NOTEBOOKS / f"{name}.py"
    nb = jupytext.read(source)
    workdir = tmp_path / "work"
    out = tmp_path / "out"
    workdir.mkdir()
    monkeypatch.setenv("BRIEFING_REPO", str(ROOT))
    monkeypatch.setenv("BRIEFING_NOTEBOOK_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    execute(nb, workdir, kernel_dir)
    nbformat.write(nb, tmp_path / f"{name}.ipynb")  # kept for inspection on failure
    return nb, out


def output_texts(nb: nbformat.NotebookNode) -> list[str]:
    """Every stream, text and HTML output of the executed notebook."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            data = output.get("data", {})
            for mime in ("text/plain", "text/html"):
                if mime in data:
                    texts.append(data[mime])
    return texts


def missing_glyph_warnings(nb: nbformat.NotebookNode) -> list[str]:
    return [line for t in output_texts(nb) for line in t.splitlines() if MISSING_GLYPH.search(line)]


NAMES = ("01_quickstart", "02_archive_study", "03_archive_audit")


def test_notebooks_are_percent_scripts_paired_with_executed_ipynb() -> None:
    scripts = sorted(p.stem for p in NOTEBOOKS.glob("*.py"))
    assert set(NAMES) <= set(scripts)
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == scripts
    for name in scripts:
        nb = jupytext.read(NOTEBOOKS / f"{name}.py")
        kinds = {c.cell_type for c in nb.cells}
        assert kinds == {"markdown", "code"}, name
        assert sum(c.cell_type == "code" for c in nb.cells) >= 8, name
        assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent", name
        stored = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        # the pair is in sync: same cells, same sources
        assert [(c.cell_type, c.source) for c in stored.cells] == [
            (c.cell_type, c.source) for c in nb.cells
        ], f"{name}.ipynb is out of date with {name}.py: run scripts/build_notebooks.py"
        # and it was executed: every code cell ran, tables and plots are in it
        code = [c for c in stored.cells if c.cell_type == "code"]
        assert all(c.get("execution_count") for c in code), name
        outputs = [o for c in code for o in c.get("outputs", [])]
        if name != "01_quickstart":  # the quickstart draws no plot
            assert any("image/png" in o.get("data", {}) for o in outputs), name
        assert any("text/html" in o.get("data", {}) for o in outputs), name


def assert_outputs_current(name: str, executed: nbformat.NotebookNode) -> None:
    """The committed .ipynb shows what the script gives now (text outputs, normalised)."""
    stored = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    now, then = BUILD.text_outputs(executed), BUILD.text_outputs(stored)
    assert len(now) == len(then)
    for i, (a, b) in enumerate(zip(now, then, strict=True)):
        assert a == b, (
            f"{name}.ipynb code cell {i} has stale outputs: run scripts/build_notebooks.py\n"
            f"now:    {a!r:.600}\nstored: {b!r:.600}"
        )


def test_quickstart_runs_top_to_bottom(
    tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    nb, out = run_notebook("01_quickstart", tmp_path, kernel_dir, monkeypatch)
    assert_outputs_current("01_quickstart", nb)
    texts = "\n".join(output_texts(nb))
    # metadata, the displaCy span markup, the arithmetic of the planted BR101 error
    assert "青河政务信息" in texts
    assert "spans" in texts and "40.18%" in texts
    assert "11.6 ÷ 31.2" in texts
    assert not missing_glyph_warnings(nb)
    rendered = out / "qinghe_zwxx_2023_057.docx"
    paragraphs = [p.text for p in docx.Document(str(rendered)).paragraphs]
    assert any("东城区重点项目建设跑出加速度" in p for p in paragraphs)


def test_archive_study_runs_and_exports(
    tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.image as mpimg
    import pandas as pd

    monkeypatch.delenv("BRIEFING_REAL_ARCHIVE", raising=False)
    nb, out = run_notebook("02_archive_study", tmp_path, kernel_dir, monkeypatch)
    assert_outputs_current("02_archive_study", nb)
    texts = "\n".join(output_texts(nb))
    assert "illustrative" in "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "CJK font:" in texts

    # Plots: written, non-trivial, and drawn with no missing glyph (no tofu boxes).
    assert not missing_glyph_warnings(nb), missing_glyph_warnings(nb)[:3]
    for png in ("completion_rates.png", "findings_by_severity.png"):
        image = mpimg.imread(out / png)
        height, width = image.shape[:2]
        assert width >= 600 and height >= 300, png
        ink = (image[..., :3].mean(axis=2) < 0.5).mean()
        assert 0.005 < ink < 0.5, (png, ink)

    # Parquet: one file per corpus table, of the invented samples only (the stored outputs
    # carry no real bulletin: a real archive is read only when BRIEFING_REAL_ARCHIVE names it)
    parquet = out / "parquet"
    tables = {p.stem: pd.read_parquet(p) for p in parquet.glob("*.parquet")}
    assert set(tables) == {
        "documents",
        "figures",
        "relations",
        "relation_operands",
        "findings",
        "errors",
        "archive_findings",
    }
    paths = tables["documents"]["path"].tolist()
    # paths relative to the checkout (the notebook works from it), so outputs are portable
    assert paths and all(p.startswith("corpora/") for p in paths)
    assert tables["errors"].empty
    codes = set(tables["findings"]["code"])
    assert {"BR101", "BR104", "BR106"} <= codes  # planted in corpora/ (corpora/README.md)


def test_missing_glyph_check_catches_tofu(
    tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control: Chinese drawn with DejaVu Sans in a notebook is caught by the same check."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "plt.rcParams['font.family'] = ['DejaVu Sans']\n"
            "fig, ax = plt.subplots()\nax.set_title('完成投资')\nfig.savefig('tofu.png')"
        )
    ]
    monkeypatch.setenv("MPLBACKEND", "Agg")
    execute(nb, tmp_path, kernel_dir)
    assert (tmp_path / "tofu.png").is_file()
    assert missing_glyph_warnings(nb)


def _draw(label: str, family: str) -> Any:
    """Grey levels (0 black … 255 white) of ``label`` drawn alone in ``family``."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 0.8), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.05, 0.3, label, fontfamily=family, fontsize=20)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].mean(axis=2)


def test_cjk_font_draws_distinct_glyphs_where_dejavu_draws_tofu() -> None:
    import warnings

    import numpy as np

    from briefing.plotting import missing_glyphs, use_cjk_font

    family = use_cjk_font()
    assert missing_glyphs("完成投资开工项目 12.5%", family) == ""
    assert missing_glyphs("完成投资", "DejaVu Sans") == "完成投资"

    a, b = _draw("完成投资", family), _draw("开工项目", family)
    assert (a < 128).sum() > 200  # ink on the canvas
    assert np.abs(a - b).mean() > 3  # different characters, different pixels

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the glyph warnings are the point here
        ta, tb = _draw("完成投资", "DejaVu Sans"), _draw("开工项目", "DejaVu Sans")
    assert np.abs(ta - tb).mean() < 0.5  # four identical boxes either way
    assert np.abs(a - ta).mean() > 3


def test_missing_font_error_names_the_debian_package() -> None:
    from briefing.plotting import MissingFontError, cjk_font_family

    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        cjk_font_family(families=["No Such Font Family"])


def test_archive_study_works_without_district_and_separates_errors_from_notes(
    tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real excerpts name no district: notebook 02 keeps them under （未注明）, and its
    chart of 发现问题数 draws info notes apart from errors and warnings."""
    stored = nbformat.read(NOTEBOOKS / "02_archive_study.ipynb", as_version=4)
    source = "\n".join(c.source for c in stored.cells if c.cell_type == "code")
    assert "notna().all()" not in source and "json.loads" not in source
    assert "relation_operands" in source
    texts = "\n".join(output_texts(stored))
    # bulletins without a district are kept under （未注明）, counted, not asserted away
    assert 'master["place"].fillna(UNKNOWN)' in source and "bulletins name no district" in texts
    severity_table = [t for t in output_texts(stored) if "error" in t and "info" in t]
    assert severity_table, "the findings per severity are shown as a table"


def test_archive_audit_runs_and_marks_the_planted_inconsistencies(
    tmp_path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.image as mpimg

    nb, out = run_notebook("03_archive_audit", tmp_path, kernel_dir, monkeypatch)
    assert_outputs_current("03_archive_audit", nb)
    texts = "\n".join(output_texts(nb))
    assert "3 findings across 3 bulletins" in texts
    for code in ("BR301", "BR302", "BR303"):
        assert code in texts
    assert not missing_glyph_warnings(nb), missing_glyph_warnings(nb)[:3]
    image = mpimg.imread(out / "archive_audit.png")
    assert image.shape[1] >= 900


def test_a_stream_split_by_timing_compares_equal_to_one_stream() -> None:
    # the kernel may send one print() as two stream messages ("text", then "\n")
    one = nbformat.v4.new_notebook()
    one.cells = [nbformat.v4.new_code_cell("print('65 files')")]
    one.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="65 files\n")]
    two = nbformat.v4.new_notebook()
    two.cells = [nbformat.v4.new_code_cell("print('65 files')")]
    two.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="65 files"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning\n"),
        nbformat.v4.new_output("stream", name="stdout", text="\n"),
    ]
    assert BUILD.text_outputs(one) == BUILD.text_outputs(two) == [["65 files"]]
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_code_cell("print('66 files')")]
    other.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="66 files\n")]
    assert BUILD.text_outputs(other) != BUILD.text_outputs(one)
