"""``briefing serve``: the local review page.

In-process tests with Starlette's TestClient (limits, sessions kept apart, bad files
named, temporary folders removed), the command's own behaviour (missing extra, port in
use) and one end-to-end run in a real Chromium against uvicorn.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is part of briefing[test]")
with warnings.catch_warnings():  # starlette 1.x prefers httpx2 over httpx; both work
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from briefing.serve.app import create_app
from briefing.serve.uploads import Limits, safe_name

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "corpora" / "docx" / "qinghe_zwxx_2023_057.docx"  # planted BR101 on 40.18%
OTHER = ROOT / "corpora" / "docx" / "linjiang_portal_2022_03.docx"  # planted BR104, BR102
TXT = ROOT / "corpora" / "dongcheng_progress_2021_08.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Clock:
    """A clock the test moves by hand: session expiry without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _client(tmp_path: Path, **kw: Any) -> TestClient:
    """The app in-process.  Files are processed in threads unless ``isolate=True`` (the
    server's default, worker processes): each app starts its own workers, which costs
    seconds, so only the tests of processing itself use them."""
    kw.setdefault("warm", False)
    kw.setdefault("isolate", False)
    app = create_app(tmp_root=tmp_path, **kw)
    return TestClient(app, raise_server_exceptions=False)


def _file(path: Path, name: str | None = None) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name or path.name, path.read_bytes(), "application/octet-stream"))


def _upload(c: TestClient, files: list[Any], **data: str) -> str:
    """Upload ``files``; the address of the session's page."""
    r = c.post("/upload", files=files, data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    loc = r.headers["location"]
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{40,}/", loc)
    return loc


def _session_folders(c: TestClient) -> list[Path]:
    return sorted(p for p in c.app.state.sessions.root.iterdir() if p.is_dir())  # type: ignore[attr-defined]


def _anchored(path: Path) -> dict[str, str]:
    """comment text → the text of the runs it is anchored on."""
    import docx

    document = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in document.comments}
    open_ids: set[int] = set()
    anchored: dict[int, list[str]] = {i: [] for i in texts}
    for el in document.element.body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(int(el.get(W + "id")))
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(int(el.get(W + "id")))
        elif el.tag == W + "t":
            for i in open_ids:
                anchored[i].append(el.text or "")
    return {texts[i]: "".join(anchored[i]) for i in texts}


# ---------------------------------------------------------------------------
# pages and processing
# ---------------------------------------------------------------------------


def test_upload_page_is_chinese_with_a_drop_zone_and_the_limits(tmp_path: Path) -> None:
    limits = Limits(max_files=7, max_file_bytes=3 * 1024 * 1024, max_total_bytes=9 * 1024 * 1024)
    with _client(tmp_path, limits=limits) as c:
        r = c.get("/")
    assert r.status_code == 200
    assert 'lang="zh-CN"' in r.text and "把文件拖放到这里" in r.text
    assert 'type="file" id="files" name="files" multiple' in r.text
    assert "一次最多 7 个" in r.text and "3 MB" in r.text and "9 MB" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "no-referrer"


def test_upload_shows_the_finding_beside_the_highlighted_figure(tmp_path: Path) -> None:
    with _client(tmp_path, isolate=True) as c:
        loc = _upload(c, [_file(DOCX)])
        r = c.get(loc)
    assert r.status_code == 200
    page = r.text
    # the finding in the side list, and the figure underlined as an error in the text
    assert re.search(r'<li class="finding sev-error"[^>]*data-code="BR101"', page)
    assert re.search(r'class="fig k-percent fnd sev-error"[^>]*>40\.18%', page)
    # named by the uploaded file's name, never by the temporary folder
    assert "qinghe_zwxx_2023_057.docx" in page
    assert str(c.app.state.sessions.root) not in page  # type: ignore[attr-defined]
    assert 'href="1/review.docx"' in page and 'href="1/briefing.docx"' in page


def test_bad_files_are_named_with_their_problem_and_the_others_processed(tmp_path: Path) -> None:
    files = [
        ("files", ("损坏.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")),
        ("files", ("照片.png", b"\x89PNG\r\n\x1a\n", "image/png")),
        ("files", ("空白.txt", b"", "text/plain")),
        _file(DOCX),
    ]
    with _client(tmp_path) as c:
        loc = _upload(c, files)
        r = c.get(loc)
    assert r.status_code == 200
    errors = dict(re.findall(r'<li data-file="([^"]+)"><b>[^<]+</b>：([^<]+)</li>', r.text))
    assert set(errors) == {"损坏.docx", "照片.png", "空白.txt"}
    assert "无法读取" in errors["损坏.docx"] and "[E001]" in errors["损坏.docx"]
    assert "不支持的文件类型 .png" in errors["照片.png"]
    assert "empty file" in errors["空白.txt"]
    assert "Traceback" not in r.text
    # the good file of the same upload is there with its finding and its downloads
    assert 'data-code="BR101"' in r.text
    assert 'href="4/review.docx"' in r.text
    assert 'href="1/review.docx"' not in r.text  # no download for a file that failed


def test_file_over_its_cpu_budget_is_named_and_the_server_goes_on(tmp_path: Path) -> None:
    # a bulletin repeated to about 200 KB takes a second or more of CPU time to read and
    # check (about 6 ms a KB), whatever the worker already has cached: far over a budget
    # of 50 ms, enforced in the worker process.  (A single bulletin, tens of milliseconds
    # cold, can fit in a tiny budget once a forked worker inherits warm caches.)
    slow = TXT.read_bytes() * max(1, 200_000 // len(TXT.read_bytes()))
    with _client(tmp_path, isolate=True, time_limit=0.05) as c:
        r = c.get(_upload(c, [("files", ("慢.txt", slow, "text/plain"))]))
        assert r.status_code == 200
        assert re.search(r'<li data-file="慢.txt"><b>慢.txt</b>：处理超时[^<]*\[E030\]', r.text)
        assert c.get("/").status_code == 200


def _die_on_second_file(n: int, name: str, path: Path, *rest: Any) -> Any:
    """Stands in for briefing.serve.work.analyse in the worker: the worker process dies on
    file 2 (as one killed for its memory would), the other files are read for real."""
    from briefing.serve.work import analyse

    if n == 2:
        os._exit(3)
    return analyse(n, name, path, *rest)


def test_a_worker_that_dies_costs_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.serve.app as app_module

    monkeypatch.setattr(app_module, "analyse", _die_on_second_file)
    with _client(tmp_path, isolate=True) as c:
        r = c.get(
            _upload(c, [_file(DOCX, "一.docx"), _file(TXT, "二.txt"), _file(OTHER, "三.docx")])
        )
    assert r.status_code == 200
    assert re.search(r'<li data-file="二.txt"><b>二.txt</b>：处理时出错[^<]*\[E900\]', r.text)
    assert 'data-code="BR101"' in r.text and 'data-code="BR104"' in r.text


def test_severity_chosen_at_upload_decides_the_findings_shown(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        everything = c.get(_upload(c, [_file(DOCX)], severity="warning")).text
        errors_only = c.get(_upload(c, [_file(DOCX)], severity="error")).text
    assert 'data-code="BR201"' in everything  # the doubled character: a warning
    assert 'data-code="BR201"' not in errors_only
    assert 'data-code="BR101"' in errors_only


def test_review_copy_download_has_the_comment_on_the_figure(tmp_path: Path) -> None:
    with _client(tmp_path, isolate=True) as c:
        loc = _upload(c, [_file(DOCX, "第57期.docx")])
        r = c.get(loc + "1/review.docx")
        b = c.get(loc + "1/briefing.docx")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''%E7%AC%AC57%E6%9C%9F.review.docx" in r.headers["content-disposition"]
    out = tmp_path / "review.docx"
    out.write_bytes(r.content)
    anchored = _anchored(out)
    br101 = [text for comment, text in anchored.items() if "BR101" in comment]
    assert br101 == ["40.18%"]
    assert b.status_code == 200 and b.content[:2] == b"PK"
    import docx

    body = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(b.content)).paragraphs)
    assert "40.18%" in body


def test_text_upload_gets_a_review_copy_rendered_from_the_text(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        loc = _upload(c, [_file(TXT)])
        r = c.get(loc + "1/review.docx")
    out = tmp_path / "t.docx"
    out.write_bytes(r.content)
    assert any("BR101" in comment for comment in _anchored(out))


# ---------------------------------------------------------------------------
# limits
# ---------------------------------------------------------------------------


def test_too_many_files_are_refused_with_413_and_a_readable_page(tmp_path: Path) -> None:
    with _client(tmp_path, limits=Limits(max_files=2)) as c:
        r = c.post("/upload", files=[_file(TXT, f"{i}.txt") for i in range(3)])
        assert r.status_code == 413
        assert "一次最多上传 2 个文件" in r.text and "too many files" in r.text
        assert _session_folders(c) == []  # nothing kept of a refused upload


def test_file_over_the_size_limit_is_refused_and_named(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=4096, max_total_bytes=10**6)
    big = ("files", ("大文件.txt", "数字".encode() * 4000, "text/plain"))
    with _client(tmp_path, limits=limits) as c:
        r = c.post("/upload", files=[_file(TXT, "small.txt"), big])
        assert r.status_code == 413
        assert "大文件.txt" in r.text and "超过单个文件" in r.text
        assert _session_folders(c) == []


def test_upload_over_the_total_limit_is_refused(tmp_path: Path) -> None:
    size = TXT.stat().st_size
    limits = Limits(max_file_bytes=size + 1, max_total_bytes=int(size * 2.5))
    with _client(tmp_path, limits=limits) as c:
        r = c.post("/upload", files=[_file(TXT, f"{i}.txt") for i in range(3)])
        assert r.status_code == 413
        assert "合计超过" in r.text
        ok = c.post("/upload", files=[_file(TXT, f"{i}.txt") for i in range(2)])
        assert ok.status_code == 200  # followed to the page: two files are within the limit


def test_empty_and_malformed_uploads_get_a_message_not_an_error(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        none = c.post("/upload", files=[("files", ("", b"", "application/octet-stream"))])
        assert none.status_code == 400 and "没有选择文件" in none.text
        plain = c.post("/upload", content=b"x=1", headers={"content-type": "text/plain"})
        assert plain.status_code == 400 and "请从页面上选择文件上传" in plain.text
        cut = c.post(
            "/upload",
            content=b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"'
            b"\r\n\r\nabc",
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        assert cut.status_code == 400 and "不完整" in cut.text
        assert "Traceback" not in none.text + plain.text + cut.text


# ---------------------------------------------------------------------------
# sessions: apart, private, removed
# ---------------------------------------------------------------------------


def test_sessions_are_kept_apart(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        a = _upload(c, [_file(DOCX, "甲.docx")])
        b = _upload(c, [_file(OTHER, "乙.docx")])
        assert a != b
        page_a, page_b = c.get(a).text, c.get(b).text
        assert "甲.docx" in page_a and "乙.docx" not in page_a
        assert "乙.docx" in page_b and "甲.docx" not in page_b
        # file 1 of session A is A's file, whatever B holds
        out = tmp_path / "a.docx"
        out.write_bytes(c.get(a + "1/review.docx").content)
        comments = " ".join(_anchored(out))
        assert "BR101" in comments and "BR104" not in comments
        # an id that is not a session's, even one character off, finds nothing
        sid_b = b.split("/")[2]
        other = sid_b[:-1] + ("A" if sid_b[-1] != "A" else "B")
        for url in (f"/s/{other}/", f"/s/{other}/1/review.docx", "/s/x/1/review.docx"):
            r = c.get(url)
            assert r.status_code == 404 and "已过期" in r.text
        assert c.get(a + "2/review.docx").status_code == 404  # A has one file only


def test_paths_that_try_to_leave_the_session_get_404(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        a = _upload(c, [_file(DOCX)])
        b = _upload(c, [_file(OTHER)])
        sid_b = b.split("/")[2]
        folder = c.app.state.sessions.get(a.split("/")[2]).folder  # type: ignore[attr-defined]
        attempts = [
            a + "..%2f..%2f..%2fetc%2fpasswd",
            a + "1/..%2f..%2f..%2f..%2fetc%2fpasswd",
            a + "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            a + f"..%2f..%2f{sid_b}%2f1%2freview.docx",
            a + "1/review.docx%00.txt",
            a + "001/" + DOCX.name,  # the stored upload is never served by its name
            a + "1/out/review.docx",
            f"/s/..%2f{folder.name}/1/review.docx",
            a + "-1/review.docx",
        ]
        for url in attempts:
            r = c.get(url)
            assert r.status_code == 404, url
            assert b"root:" not in r.content and r.content[:2] != b"PK", url


def test_uploaded_names_cannot_leave_the_session_folder(tmp_path: Path) -> None:
    assert safe_name("../../../etc/passwd", 1) == "passwd"
    assert safe_name("..\\..\\evil.txt", 1) == "evil.txt"
    assert safe_name("...", 3) == "file-3"
    assert safe_name("a\x00b\x1b[31m.txt", 1) == "ab[31m.txt"
    assert len(safe_name("长" * 300 + ".docx", 1)) == 120
    with _client(tmp_path) as c:
        loc = _upload(c, [_file(TXT, "../../逃逸.txt")])
        session = c.app.state.sessions.get(loc.split("/")[2])  # type: ignore[attr-defined]
        stored = [p for p in session.folder.rglob("*") if p.is_file()]
        assert [p.name for p in stored] == ["逃逸.txt"]
        assert not list(tmp_path.glob("逃逸.txt")) and not list(tmp_path.parent.glob("逃逸.txt"))
        assert "逃逸.txt" in c.get(loc).text


def test_session_folder_is_private_and_removed_when_the_session_expires(tmp_path: Path) -> None:
    clock = Clock()
    with _client(tmp_path, clock=clock, ttl=600) as c:
        loc = _upload(c, [_file(DOCX)])
        (folder,) = _session_folders(c)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(c.app.state.sessions.root.stat().st_mode) == 0o700  # type: ignore[attr-defined]
        clock.now += 599
        assert c.get(loc).status_code == 200  # in use: its clock restarts
        clock.now += 599
        assert c.get(loc + "1/review.docx").status_code == 200
        assert folder.is_dir()
        clock.now += 601
        assert c.get("/").status_code == 200  # any request sweeps expired sessions
        assert not folder.exists()
        assert c.get(loc).status_code == 404


def test_oldest_sessions_are_removed_beyond_the_maximum(tmp_path: Path) -> None:
    clock = Clock()
    with _client(tmp_path, clock=clock, max_sessions=2) as c:
        first = _upload(c, [_file(TXT)])
        clock.now += 1
        second = _upload(c, [_file(TXT)])
        clock.now += 1
        third = _upload(c, [_file(TXT)])
        assert len(_session_folders(c)) == 2
        assert c.get(first).status_code == 404
        assert c.get(second).status_code == 200 and c.get(third).status_code == 200


def test_every_temporary_file_is_removed_when_the_server_stops(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        loc = _upload(c, [_file(DOCX), _file(TXT)])
        assert c.get(loc + "1/review.docx").status_code == 200
        root = c.app.state.sessions.root  # type: ignore[attr-defined]
        assert any(root.rglob("*.docx"))
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []


def test_foreign_host_header_is_refused_when_hosts_are_given(tmp_path: Path) -> None:
    with _client(tmp_path, allowed_hosts=["127.0.0.1", "localhost"]) as c:
        assert c.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert c.get("/", headers={"host": "rebound.example:8000"}).status_code == 400


def test_nothing_below_the_serve_layer_imports_it() -> None:
    import ast

    src = ROOT / "src" / "briefing"
    offenders = []
    for path in src.rglob("*.py"):
        if "serve" in path.relative_to(src).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("briefing.serve")]
    assert offenders == []


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------


def _run_cli(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("BRIEFING_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from briefing.cli import main; sys.exit(main(['serve', '--port', '0']))"
    )
    p = _run_cli(code)
    assert p.returncode == 2
    assert "pip install 'briefing[serve]'" in p.stderr
    assert "未安装" in p.stderr and "uvicorn" in p.stderr
    assert "Traceback" not in p.stderr


def test_cli_does_not_import_the_web_stack_until_serve_runs() -> None:
    code = (
        "import sys; from briefing.cli import build_parser; build_parser().parse_args(['serve'])\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'python_multipart', 'anyio') "
        "if m in sys.modules))"
    )
    p = _run_cli(code)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    from briefing.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = _run_cli(
            "import sys; from briefing.cli import main; sys.exit(main(sys.argv[1:]))",
            "serve",
            "--port",
            str(port),
        )
    assert p.returncode == 2
    assert f"127.0.0.1:{port}: cannot listen there" in p.stderr and "[E002]" in p.stderr
    assert main(["serve", "--port", "70000"]) == 2


def test_loopback_addresses_are_recognised() -> None:
    from briefing.serve.cli import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.5", "::", "example.org"))


def test_non_loopback_host_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.cli import main

    # an address that cannot be listened on: the warning comes first, then the error
    assert main(["serve", "--host", "192.0.2.1", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "warning" in err and "192.0.2.1" in err and "其他电脑也能打开" in err
    assert "cannot listen there" in err


# ---------------------------------------------------------------------------
# end to end: uvicorn and a real Chromium
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from briefing.serve.cli import listen

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_app(
        tmp_root=tmp_path_factory.mktemp("serve"),
        allowed_hosts=["127.0.0.1", "localhost"],
        # small limits, so that a file over them is quick to make in the browser
        limits=Limits(max_files=5, max_file_bytes=512 * 1024, max_total_bytes=2 * 1024 * 1024),
    )
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    # readiness: uvicorn sets `started` once the lifespan has run and it accepts
    # connections; the deadline only turns a hang into a failure, it decides nothing
    deadline = time.monotonic() + 120
    while not srv.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 120 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(timeout=60)
    sock.close()
    assert not app.state.sessions.root.exists()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.mark.slow
def test_editor_uploads_sees_filters_jumps_and_downloads_in_chromium(
    server: str, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    # a generous ceiling for each wait (the upload is read and checked before the page
    # answers, on a machine shared with other tests): it only turns a hang into a failure
    context.set_default_timeout(180_000)
    context.set_default_navigation_timeout(180_000)
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    page.set_input_files("#files", [str(DOCX), str(TXT)])
    assert "qinghe_zwxx_2023_057.docx" in page.inner_text("#chosen")
    with page.expect_navigation():
        page.click("#go")
    assert re.search(r"/s/[A-Za-z0-9_-]{40,}/$", page.url)
    page.wait_for_selector("body[data-jump-ready='1']")

    doc = page.locator("section.doc", has_text="qinghe_zwxx_2023_057.docx")
    finding = doc.locator("li.finding[data-code='BR101']")
    assert finding.is_visible()
    assert "40.18%" in finding.inner_text()
    mark = doc.locator(".fnd.sev-error", has_text="40.18%").first
    assert mark.is_visible()

    def shown() -> set[str]:
        return {
            f"{li.get_attribute('data-code')}:{li.get_attribute('data-sev')}"
            for li in page.locator("li.finding").all()
            if li.is_visible()
        }

    before = shown()
    assert "BR101:error" in before and "BR201:warning" in before
    page.uncheck(".f-sev[value='error']")
    after = shown()
    assert not any(s.endswith(":error") for s in after)
    assert "BR201:warning" in after and after < before
    assert not finding.is_visible()
    page.check(".f-sev[value='error']")
    assert shown() == before

    # jump between findings: the bar counts what is shown and marks the current one
    page.click("#jump-next")
    assert page.inner_text("#jump-pos") == f"1 / {len(before)}"
    assert page.locator("li.finding.current").count() == 1
    page.click("#jump-prev")
    assert page.inner_text("#jump-pos") == f"{len(before)} / {len(before)}"

    with page.expect_download() as info:
        doc.locator("a.dl.review").click()
    download = info.value
    assert download.suggested_filename == "qinghe_zwxx_2023_057.review.docx"
    out = tmp_path / download.suggested_filename
    download.save_as(out)
    anchored = _anchored(out)
    br101 = [text for comment, text in anchored.items() if "BR101" in comment]
    assert len(br101) == 1 and "40.18%" in br101[0]
    context.close()


def test_readme_quick_start_installs_and_starts_the_page_with_one_command() -> None:
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme[
        readme.index("## 快速上手") : readme.index("\n## ", readme.index("## 快速上手") + 5)
    ]
    assert "pip install -e '.[pdf,serve]' && briefing serve" in quick
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    serve = " ".join(extras["serve"])
    assert all(name in serve for name in ("starlette", "uvicorn", "python-multipart"))
    # CI installs .[test], which reaches the serve extra through all
    assert "briefing[all]" in extras["test"] and "serve" in extras["all"][0]
    assert "httpx" in " ".join(extras["test"])  # starlette's TestClient
    assert "'.[test]'" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_editors_uploading_at_once_each_get_their_own_files(server: str) -> None:
    import httpx

    pages: dict[str, httpx.Response] = {}

    def upload(name: str, path: Path) -> None:
        with httpx.Client(base_url=server, timeout=300) as c:
            files = [("files", (name, path.read_bytes(), "application/octet-stream"))]
            pages[name] = c.post("/upload", files=files, follow_redirects=True)

    editors = [
        threading.Thread(target=upload, args=("甲.docx", DOCX)),
        threading.Thread(target=upload, args=("乙.docx", OTHER)),
    ]
    for t in editors:
        t.start()
    for t in editors:
        t.join()
    a, b = pages["甲.docx"], pages["乙.docx"]
    assert a.status_code == b.status_code == 200
    assert a.url != b.url
    assert "甲.docx" in a.text and "乙.docx" not in a.text and 'data-code="BR101"' in a.text
    assert "乙.docx" in b.text and "甲.docx" not in b.text and 'data-code="BR104"' in b.text


@pytest.mark.slow
def test_raw_dot_segments_sent_to_the_server_find_nothing(server: str) -> None:
    host, port = server.split("//")[1].rstrip("/").split(":")
    for target in ("/s/x/../../../../etc/passwd", "/../../etc/passwd", "/s/../upload"):
        with socket.create_connection((host, int(port)), timeout=60) as s:
            s.sendall(
                f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
            )
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 404") or data.startswith(b"HTTP/1.1 405"), target
        assert b"root:" not in data


@pytest.mark.slow
def test_files_dropped_on_the_box_are_uploaded(server: str, browser: Any) -> None:
    context = browser.new_context()
    context.set_default_timeout(180_000)
    context.set_default_navigation_timeout(180_000)
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    assert page.is_disabled("#go")  # nothing chosen yet
    text = TXT.read_text(encoding="utf-8")
    # a drop as the browser delivers it: a DataTransfer holding File objects
    page.evaluate(
        """([text]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], '拖进来的.txt', {type: 'text/plain'}));
            dt.items.add(new File(['x'], '图片.png', {type: 'image/png'}));
            const zone = document.getElementById('drop');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""",
        [text],
    )
    assert page.evaluate("document.getElementById('files').files.length") == 2
    chosen = page.inner_text("#chosen")
    assert "拖进来的.txt" in chosen and "图片.png" in chosen and "不支持的类型" in chosen
    assert not page.is_disabled("#go")
    with page.expect_navigation():
        page.click("#go")
    page.wait_for_selector("body[data-jump-ready='1']")
    assert "拖进来的.txt" in page.inner_text("section.doc h2 + p.file")
    assert "不支持的文件类型 .png" in page.inner_text("#upload-errors")
    assert page.locator("li.finding[data-code='BR101']").count() == 1
    context.close()


@pytest.mark.slow
def test_the_page_refuses_to_send_files_over_the_limit(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    limit = int(page.get_attribute("#drop", "data-max-file-bytes") or 0)
    page.set_input_files(
        "#files", [{"name": "大.txt", "mimeType": "text/plain", "buffer": b"0" * (limit + 1)}]
    )
    assert "超过单个文件" in page.inner_text("#limit-msg")
    assert page.is_disabled("#go")
    page.close()
