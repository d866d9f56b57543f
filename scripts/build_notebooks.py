"""Execute the notebooks and write their paired .ipynb with outputs.

    python scripts/build_notebooks.py            # every notebooks/*.py → notebooks/*.ipynb
    python scripts/build_notebooks.py 03_archive_audit

The jupytext percent scripts (notebooks/*.py) are the source; each is executed top to
bottom in a fresh kernel (this interpreter) with the checkout as its folder, and the
executed notebook — tables, printed text and plots — is written beside it as .ipynb, so
that any notebook viewer shows the results.  tests/test_notebooks.py re-executes the
scripts and compares their text outputs with the committed .ipynb (:func:`normalised`),
so an output that is stale fails.  Run this script after editing a notebook.

Plots are compared by presence, not bytes (fonts and anti-aliasing differ between
machines); text outputs are compared after :func:`normalised` removes what legitimately
differs between runs (temporary folders, object addresses).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "briefing-notebooks-python"


def kernel_dir(root: Path) -> Path:
    """A kernelspec in ``root`` running this interpreter (so the kernel sees its packages)."""
    spec = root / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_json = {"argv": argv, "display_name": "Python 3 (ipykernel)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(spec_json), encoding="utf-8")
    return root


def execute(nb: Any, workdir: Path, kernels: Path, timeout: int = 900) -> Any:
    """Run every cell of ``nb`` in a fresh kernel started in ``workdir``; raises on the
    first cell that fails (nbclient's CellExecutionError, with the traceback)."""
    import nbclient
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    km = KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)])
    )
    client = nbclient.NotebookClient(
        nb, km=km, timeout=timeout, resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def run_script(name: str, out: Path, kernels: Path) -> Any:
    """notebooks/<name>.py executed; plots and exports go to ``out``."""
    import jupytext

    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    env = {"BRIEFING_REPO": str(ROOT), "BRIEFING_NOTEBOOK_OUT": str(out), "MPLBACKEND": "Agg"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        execute(nb, ROOT, kernels)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


_VOLATILE = [
    (re.compile(r"/tmp/[\w./-]+|/var/folders/[\w./-]+"), "<tmp>"),
    (re.compile(r" at 0x[0-9a-f]+"), " at 0x…"),
]


def normalised(text: str) -> str:
    for pattern, repl in _VOLATILE:
        text = pattern.sub(repl, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def text_outputs(nb: Any) -> list[list[str]]:
    """Per code cell, its normalised stream and text/plain outputs, and a marker per
    image (compared by presence: pixels differ across machines)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs: list[str] = []
        stdout = False  # the last output kept was stdout: a stream split by timing joins it
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                if output.get("name") == "stderr":
                    continue  # warnings of libraries vary with their versions
                text = (
                    "".join(output["text"]) if isinstance(output["text"], list) else output["text"]
                )
                if stdout:
                    outs[-1] += text
                else:
                    outs.append(text)
                stdout = True
                continue
            if stdout:
                outs[-1] = normalised(outs[-1])
                stdout = False
            data = output.get("data", {})
            if "text/plain" in data and "image/png" not in data:
                outs.append(normalised(data["text/plain"]))
            if "image/png" in data:
                outs.append("<image/png>")
        if stdout:
            outs[-1] = normalised(outs[-1])
        cells.append(outs)
    return cells


def strip_volatile_metadata(nb: Any) -> Any:
    """Execution timestamps and counts out, so that a rebuild without changes is no diff."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def build(name: str) -> Path:
    import jupytext
    import nbformat

    with tempfile.TemporaryDirectory() as tmp:
        kernels = kernel_dir(Path(tmp) / "kernels")
        nb = run_script(name, Path(tmp) / "out", kernels)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    target = NOTEBOOKS / f"{name}.ipynb"
    nbformat.write(strip_volatile_metadata(nb), target)
    # the pairing stays in sync: the script's header names the same formats
    assert jupytext.read(NOTEBOOKS / f"{name}.py").metadata["jupytext"]["formats"] == (
        "ipynb,py:percent"
    )
    return target


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in NOTEBOOKS.glob("*.py"))
    for name in names:
        print(f"{name}: executing …", flush=True)
        print(f"  → {build(name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
