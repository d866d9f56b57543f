"""The README works for a newcomer: a Chinese quick start first, links that stay inside
the repository, and a notebooks extra that installs what it takes to open them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_links_stay_inside_the_repository() -> None:
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    assert targets, "the README links its pictures and docs"
    for t in targets:
        assert not re.match(r"[a-z]+://", t), t
        path = (ROOT / t.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), t
        assert path.exists(), t
    assert "../" not in README  # no path outside the repository, linked or not


def test_readme_starts_with_a_chinese_quick_start_for_editors() -> None:
    heads = re.findall(r"^## (.+)$", README, re.M)
    assert heads[0].startswith("快速上手")
    quick = README[README.index("## 快速上手") : README.index(f"## {heads[1]}")]
    for command in ("pip install", "briefing check", "--review", "--report", "briefing render"):
        assert command in quick, command
    assert "【错误】" in quick and "处理意见" in quick


def test_notebooks_extra_installs_jupyter_and_the_readme_says_so() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = " ".join(project["optional-dependencies"]["notebooks"])
    assert "jupyterlab" in extra and "jupytext" in extra
    notebooks = README[README.index("## Notebooks") :]
    assert "pip install -e '.[notebooks]'" in notebooks and "jupyter lab" in notebooks
