"""Cold start: what ``briefing check`` imports, and the cache of compiled patterns and
parsed data (briefing.recache) that spares a fresh process the regex compiler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BULLETIN = ROOT / "corpora" / "nanhu_zwxx_2021_11.txt"
HEAVY = ("pandas", "spacy", "docx", "pyarrow", "jieba", "opencc", "lxml", "openpyxl", "zipfile")


def _python(
    code: str, cache: Path | None, *args: str, off: bool = False
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("BRIEFING_NO_CACHE", None)
    if cache is not None:
        env["BRIEFING_CACHE_DIR"] = str(cache)
    if cache is None or off:
        env["BRIEFING_NO_CACHE"] = "1"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


_CHECK = """
import io, json, sys, contextlib
from briefing.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(["check", "--format", "json", "--severity", "info", sys.argv[1]])
heavy = sorted(m for m in sys.argv[2].split(",") if m in sys.modules)
inspect = type(sys.modules.get("inspect")).__name__
print(json.dumps({"status": status, "report": out.getvalue(), "heavy": heavy, "inspect": inspect}))
"""


def _check(cache: Path | None) -> dict[str, object]:
    out = _python(_CHECK, cache, str(BULLETIN), ",".join(HEAVY))
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_check_of_a_text_bulletin_imports_no_heavy_library(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result["heavy"] == []
    assert result["status"] == 1  # the bulletin's planted error was found


def test_check_of_a_text_bulletin_leaves_unneeded_standard_modules_unloaded(
    tmp_path: Path,
) -> None:
    # tomllib: data files come parsed from the cache; calendar (and its locale): a
    # month's days are counted in briefing.extraction.periods; threading and signal:
    # only a --time-limit needs them; inspect: only a class without a docstring would
    out = _python(_CHECK, tmp_path, str(BULLETIN), "tomllib,calendar,threading,signal")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)  # the second run: the cache is written by the first
    out = _python(_CHECK, tmp_path, str(BULLETIN), "tomllib,calendar,threading,signal")
    result = json.loads(out.stdout)
    assert result["heavy"] == []
    assert result["inspect"] == "Deferred"  # a stand-in, never loaded


def test_every_dataclass_of_the_package_has_a_docstring() -> None:
    """dataclasses calls inspect.signature (and loads inspect) for a class without one."""
    import ast

    missing = []
    for path in sorted((ROOT / "src" / "briefing").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            names = {
                (d.func if isinstance(d, ast.Call) else d).id
                for d in node.decorator_list
                if isinstance(d.func if isinstance(d, ast.Call) else d, ast.Name)
            }
            if "dataclass" in names and ast.get_docstring(node) is None:
                missing.append(f"{path.name}:{node.name}")
    assert missing == []


def test_cached_patterns_and_data_give_the_same_report(tmp_path: Path) -> None:
    uncached = _check(None)
    first = _check(tmp_path)  # writes the cache file
    (cache_file,) = tmp_path.glob("re-*.bin")
    assert cache_file.stat().st_size > 0
    second = _check(tmp_path)  # served from it
    assert uncached["report"] == first["report"] == second["report"]
    assert json.loads(str(second["report"]))["findings"]


_COMPARE = """
import json, re, sys
from pathlib import Path
from briefing import recache
recache._load(Path(sys.argv[1]))
patterns = 0
for (pattern, flags), args in recache._entries.items():
    assert recache.rebuild(pattern, args) == re.compile(pattern, flags), pattern
    patterns += 1
import tomllib
from briefing.data import FOLDER
tables = 0
for path in FOLDER.glob("*.toml"):
    text = path.read_text(encoding="utf-8")
    hit = recache._data.get("toml\\0" + text)
    if hit is not None:
        import marshal
        assert marshal.loads(hit) == tomllib.loads(text), path.name
        tables += 1
print(json.dumps([patterns, tables]))
"""


def test_every_cached_pattern_equals_the_one_re_compiles(tmp_path: Path) -> None:
    _check(tmp_path)
    (cache_file,) = tmp_path.glob("re-*.bin")
    # compared in a process without the cache, so re.compile is the standard one
    out = _python(_COMPARE, None, str(cache_file))
    assert out.returncode == 0, out.stderr
    patterns, tables = json.loads(out.stdout)
    assert patterns > 100  # the package's rules, argparse's and the other modules'
    assert tables >= 5


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    expected = _check(None)["report"]
    _check(tmp_path)
    (cache_file,) = tmp_path.glob("re-*.bin")
    raw = bytearray(cache_file.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one flipped byte: the checksum no longer matches
    cache_file.write_bytes(bytes(raw))
    assert _check(tmp_path)["report"] == expected
    cache_file.write_bytes(raw[: len(raw) // 3])  # cut short
    assert _check(tmp_path)["report"] == expected
    cache_file.write_bytes(b"")
    assert _check(tmp_path)["report"] == expected


def test_no_cache_file_when_the_cache_is_off(tmp_path: Path) -> None:
    out = _python(_CHECK, tmp_path, str(BULLETIN), "", off=True)
    assert out.returncode == 0, out.stderr
    assert list(tmp_path.iterdir()) == []  # neither patterns nor bytecode


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _check(blocker / "cache")  # cannot be created: the run goes on uncached
    assert result["status"] == 1


def test_memo_builds_once_and_hands_out_fresh_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import recache

    # an empty cache of this test's own (nothing read from or written to the user's)
    monkeypatch.setattr(recache, "_data", {})
    monkeypatch.setattr(recache, "_new_data", {})
    monkeypatch.setitem(recache._state, "path", tmp_path / "cache.bin")
    built = []

    def build() -> dict[str, list[int]]:
        built.append(1)
        return {"a": [1, 2]}

    first = recache.memo("test-fresh-copy", "source", build)
    first["a"].append(3)
    second = recache.memo("test-fresh-copy", "source", build)
    assert len(built) == 1  # served from the cache the second time
    assert second == {"a": [1, 2]}  # not the first caller's changed copy


def test_importing_the_library_leaves_the_standard_library_unpatched() -> None:
    code = (
        "import re, dataclasses\n"
        "from re import _compiler\n"
        "before = _compiler.compile\n"
        "import briefing, briefing.checks, briefing.extraction.figures\n"
        "assert _compiler.compile is before, 're patched by import briefing'\n"
        "assert 'exec' not in vars(dataclasses), 'dataclasses patched by import briefing'\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


_IMPORT = """
import sys
import briefing
from briefing import bytecode
compiled = []
source_to_code = bytecode.CachedLoader.source_to_code
def counting(self, data, path):
    compiled.append(path)
    return source_to_code(self, data, path)
bytecode.CachedLoader.source_to_code = counting
import briefing.checks, briefing.extraction
print(briefing.checks.__spec__.loader.__class__.__name__, len(compiled), sys.argv[1])
"""


def _import_without_pycache(tree: Path, cache: Path, marker: str = "-") -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(tree), BRIEFING_CACHE_DIR=str(cache))
    env.pop("BRIEFING_NO_CACHE", None)
    out = subprocess.run(
        [sys.executable, "-B", "-c", _IMPORT, marker],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def _copy_of_the_package(tmp_path: Path) -> Path:
    import shutil

    tree = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "briefing", tree / "briefing", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tree


def test_without_pycache_the_modules_are_compiled_once_into_the_cache_folder(
    tmp_path: Path,
) -> None:
    tree = _copy_of_the_package(tmp_path)
    cache = tmp_path / "cache"
    loader, compiled, _ = _import_without_pycache(tree, cache)
    assert loader == "CachedLoader"
    assert int(compiled) > 20  # the first process compiles the modules
    kept = {p.name.split("-")[0] for p in cache.glob("pyc-*/*.pyc")}
    assert {"briefing.checks", "briefing.extraction.figures", "briefing.model"} <= kept
    assert int(_import_without_pycache(tree, cache)[1]) == 0  # the next one compiles none
    assert not list(tree.rglob("__pycache__"))  # nothing written beside the sources


def test_a_changed_module_is_compiled_again(tmp_path: Path) -> None:
    tree = _copy_of_the_package(tmp_path)
    cache = tmp_path / "cache"
    _import_without_pycache(tree, cache)
    module = tree / "briefing" / "checks" / "__init__.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\nimport sys\nsys.argv[1] = 'changed'\n",
        encoding="utf-8",
    )
    _, compiled, marker = _import_without_pycache(tree, cache, "unchanged")
    assert (compiled, marker) == ("1", "changed")


def test_no_bytecode_cache_when_python_writes_pycache_or_the_cache_is_off(
    tmp_path: Path,
) -> None:
    code = "import sys, briefing.checks; print(briefing.checks.__spec__.loader.__class__.__name__)"
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("BRIEFING_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for flags, extra in (([], {}), (["-B"], {"BRIEFING_NO_CACHE": "1"})):
        out = subprocess.run(
            [sys.executable, *flags, "-c", code],
            capture_output=True,
            text=True,
            timeout=300,
            env={**env, **extra},
            check=False,
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() != "CachedLoader"
    assert not list(tmp_path.glob("cache/pyc-*"))


def test_the_verbs_are_those_of_the_parser() -> None:
    from briefing.cli import VERBS, build_parser

    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.dest == "command"]
    assert tuple(subparsers.choices) == VERBS  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "argv",
    [
        ["text", "a.txt"],
        ["parse", "a.txt", "--format", "json"],
        ["extract", "a.txt", "b.docx", "--format", "jsonl", "--all-kinds"],
        ["check", "a.txt", "--format", "json", "--severity", "info", "--time-limit", "5"],
        ["render", "a.txt", "-o", "a.docx", "--template", "jianbao"],
        ["convert", "in", "-o", "out", "--engine", "dask", "--jobs", "2"],
        ["serve", "--port", "0"],
    ],
)
def test_a_parser_of_one_verb_reads_its_command_line_as_the_whole_parser_does(
    argv: list[str],
) -> None:
    from briefing.cli import build_parser

    whole = vars(build_parser().parse_args(argv))
    one = vars(build_parser(argv[0]).parse_args(argv))
    assert whole.pop("func").__qualname__ == one.pop("func").__qualname__
    assert whole == one


def test_a_parser_of_one_verb_gives_the_help_of_that_verb(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from briefing.cli import build_parser

    texts = []
    for parser in (build_parser(), build_parser("check")):
        with pytest.raises(SystemExit):
            parser.parse_args(["check", "--help"])
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1]
    assert "--time-limit" in texts[0]


_COUNT_COMPILED = """
import io, contextlib, json, sys
from re import _parser
parse = _parser.parse
ours = []
def counting(pattern, flags=0, state=None):
    frame = sys._getframe(1)
    while frame is not None:  # the module whose re.compile this is
        name = frame.f_globals.get("__name__", "")
        if not (name == "re" or name.startswith("re.") or name == "briefing.recache"):
            break
        frame = frame.f_back
    if name.startswith("briefing"):
        ours.append(name)
    return parse(pattern, flags) if state is None else parse(pattern, flags, state)
_parser.parse = counting
import briefing.cli
at_import = len(ours)
if sys.argv[1] != "-":
    with contextlib.redirect_stdout(io.StringIO()):
        briefing.cli.main(["check", sys.argv[1]])
print(json.dumps([at_import, len(ours)]))
"""


def test_importing_the_command_compiles_almost_no_pattern_of_the_package(
    tmp_path: Path,
) -> None:
    out = _python(_COUNT_COMPILED, None, "-")  # no cache: every pattern is compiled
    assert out.returncode == 0, out.stderr
    at_import, _ = json.loads(out.stdout)
    assert at_import <= 2  # the rules' patterns are compiled when a verb imports them


def test_a_warm_check_compiles_no_pattern_of_the_package(tmp_path: Path) -> None:
    first = _python(_COUNT_COMPILED, tmp_path, str(BULLETIN))  # fills the cache
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)[1] > 100  # compiled once…
    second = _python(_COUNT_COMPILED, tmp_path, str(BULLETIN))
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == [0, 0]  # …then rebuilt from the cache


_LAZY = """
import json
from briefing import recache
recache.install()  # as the briefing command does
from briefing import read_text
from briefing.extraction import extract
from briefing.extraction import rules
from briefing.text import normalize
doc = read_text("全市完成投资12.5亿元，同比增长8.3%。")
extract(doc)
print(json.dumps({
    "script": doc.script,
    "traditional_built": normalize._traditional_re.cache_info().currsize,
    "table_built": normalize._table.cache_info().currsize,
    "families": sum(len(f.patterns) for f in rules.rules().families),
    "compiled": len(rules._COMPILED),
}))
"""


def test_a_simplified_text_builds_neither_the_t2s_table_nor_the_traditional_pattern(
    tmp_path: Path,
) -> None:
    # counts work, not time: a plain simplified text changes no character through the
    # t2s table, so neither the table (4,000 entries) nor the traditional-character
    # pattern is built once the cache holds the characters the table changes; only the
    # family patterns its literals let through are compiled
    _python(_LAZY, tmp_path)  # the first run fills the cache
    out = _python(_LAZY, tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["script"] == "simplified"
    assert result["traditional_built"] == 0
    assert result["table_built"] == 0
    assert result["compiled"] < result["families"] // 2


def test_a_traditional_text_is_still_converted_and_detected() -> None:
    from briefing import read_text

    doc = read_text("全縣完成投資12.5億元，同比增長8.3%。")
    assert doc.script == "traditional"
    assert doc.norm == "全县完成投资12.5亿元，同比增长8.3%。"
    assert doc.text == "全縣完成投資12.5億元，同比增長8.3%。"
