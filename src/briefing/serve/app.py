"""The web application: :func:`create_app` builds it (tests run it in-process).

Routes::

    GET  /                          the upload page
    POST /upload                    files in, a new session, 303 to its page
    GET  /s/<id>/                   the session's review page
    GET  /s/<id>/<n>/review.docx    the review copy of file n (Word comments)
    GET  /s/<id>/<n>/briefing.docx  the standardized briefing of file n

Reading, checking and rendering run in worker processes (``isolate``; threads
otherwise), at most ``jobs`` at a time, so the event loop keeps serving pages; in a
process each file has ``time_limit`` seconds of CPU time (E030 beyond).  Uploads over a limit get HTTP 413 and a page
saying which limit; a file that cannot be read is named on the review page with its
problem while the other files of the upload are processed.  No error shows a
traceback: unexpected ones become a 500 page in plain words.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from briefing.serve.sessions import Session, Sessions
from briefing.serve.uploads import Limits, UploadRefused, receive
from briefing.serve.work import Result, analyse, stem, write_briefing, write_review_copy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEVERITIES = ("error", "warning", "info")
#: response headers of every page: nothing fetched from elsewhere, no framing, the
#: session id in the address never sent on as a referrer, nothing cached
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def create_app(
    *,
    limits: Limits | None = None,
    ttl: float = 2 * 3600,
    max_sessions: int = 64,
    jobs: int = 2,
    isolate: bool = True,
    time_limit: float | None = 120.0,
    clock: Callable[[], float] = time.monotonic,
    tmp_root: str | Path | None = None,
    allowed_hosts: Sequence[str] | None = None,
    warm: bool = True,
) -> Any:
    """The Starlette application of ``briefing serve``.

    ``limits`` bound each upload; a session is removed ``ttl`` seconds after its last
    use (``clock`` tells the time; tests pass their own) and all are removed at
    shutdown; at most ``jobs`` files are processed at once, in worker processes with
    ``isolate`` (each file then has ``time_limit`` seconds of CPU time) or in threads
    without it; ``allowed_hosts`` (the
    Host header) guards a loopback server against DNS rebinding; ``warm`` loads the
    checker's tables at startup so the first upload does not pay for it.
    """
    import anyio
    import anyio.to_process
    import anyio.to_thread
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    from briefing.serve import pages

    limits = limits or Limits()
    sessions = Sessions(ttl=ttl, max_sessions=max_sessions, clock=clock, root=tmp_root)
    state: dict[str, Any] = {}

    def limiter() -> Any:
        if "limiter" not in state:
            state["limiter"] = anyio.CapacityLimiter(max(1, jobs))
        return state["limiter"]

    async def off_loop(fn: Callable[..., Any], *args: Any) -> Any:
        if isolate:
            return await anyio.to_process.run_sync(fn, *args, limiter=limiter())
        return await anyio.to_thread.run_sync(fn, *args, limiter=limiter())

    def page(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)

    def not_found() -> HTMLResponse:
        return page(
            pages.message_page(
                "找不到此页面",
                "找不到此页面或文件：地址有误，或者这次上传已过期，文件已删除。请重新上传。",
                "not found: a wrong address, or the session expired and its files were removed",
            ),
            404,
        )

    async def home(request: Request) -> Response:
        sessions.sweep()
        return page(pages.upload_page(limits, ttl / 3600))

    async def upload(request: Request) -> Response:
        session = sessions.new()
        session.busy += 1
        try:
            try:
                received = await receive(request.headers, request.stream(), session.folder, limits)
            except UploadRefused as e:
                sessions.discard(session)
                title = "文件过大或过多" if e.status == 413 else "上传未成功"
                return page(pages.message_page(title, e.message, e.english), e.status)
            if not received.uploads:
                sessions.discard(session)
                return page(
                    pages.message_page(
                        "没有选择文件", "请先选择或拖放至少一个文件。", "no file was uploaded"
                    ),
                    400,
                )
            severity = received.fields.get("severity", "warning")
            session.severity = severity if severity in SEVERITIES else "warning"
            for up in received.uploads:
                if up.path is None:
                    session.results.append(Result(up.n, up.name, None, problem=up.problem))
                    continue
                try:
                    result = await off_loop(
                        analyse, up.n, up.name, up.path, session.severity, time_limit
                    )
                except Exception as e:  # the worker itself failed (killed, out of memory)
                    from briefing.errors import internal_error

                    err = internal_error(up.name, e)
                    result = Result(
                        up.n, up.name, up.path, problem=f"处理时出错（{err.cause}）[{err.code}]"
                    )
                session.results.append(result)
        finally:
            session.busy -= 1
        return RedirectResponse(f"/s/{session.sid}/", status_code=303, headers=SECURITY_HEADERS)

    def session_of(request: Request) -> Session | None:
        return sessions.get(str(request.path_params["sid"]))

    async def review(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return not_found()
        return page(pages.review_page(session.results))

    def download(kind: str) -> Callable[[Request], Any]:
        writer = write_review_copy if kind == "review" else write_briefing

        async def handler(request: Request) -> Response:
            session = session_of(request)
            n = int(request.path_params["n"])
            result = next((r for r in session.results if r.n == n), None) if session else None
            if session is None or result is None or not result.ok:
                return not_found()
            out = session.folder / f"{n:03d}" / "out" / f"{kind}.docx"
            session.busy += 1
            if session.lock is None:
                session.lock = anyio.Lock()
            try:
                async with session.lock:  # two clicks on one link render it once
                    await off_loop(writer, result, out)
            except Exception as e:
                from briefing.errors import internal_error

                err = internal_error(result.name, e)
                what = "审读稿" if kind == "review" else "规范简报"
                return page(
                    pages.message_page(
                        f"无法生成{what}",
                        f"“{result.name}”的{what}未能生成（{err.cause}）[{err.code}]。",
                        f"{result.name}: the {kind} copy could not be written",
                        back=f"/s/{session.sid}/",
                    ),
                    500,
                )
            finally:
                session.busy -= 1
            return FileResponse(
                out,
                media_type=DOCX,
                filename=f"{stem(result.name)}.{kind}.docx",
                headers=SECURITY_HEADERS,
            )

        return handler

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        if code == 404:
            return not_found()
        if code == 405:
            return page(pages.message_page("不支持的操作", "请从上传页面开始。", str(exc)), 405)
        return page(pages.message_page("出错了", "请求无法完成。", str(exc)), int(code))

    async def server_error(request: Request, exc: Exception) -> Response:
        from briefing.errors import internal_error

        err = internal_error(None, exc)
        return page(
            pages.message_page(
                "内部错误", f"服务器处理请求时出错（{err.cause}）[{err.code}]。", str(err)
            ),
            500,
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        if warm:
            from briefing.batch.budget import warm_up

            await off_loop(warm_up)  # in a worker process: it starts one, warmed up

        async def sweeper() -> None:  # an idle server removes expired sessions too
            while True:
                await anyio.sleep(min(60.0, max(1.0, ttl / 10)))
                sessions.sweep()

        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(sweeper)
                yield
                tasks.cancel_scope.cancel()
        finally:
            sessions.close()

    middleware = []
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/upload", upload, methods=["POST"]),
            Route("/s/{sid}/", review, methods=["GET"]),
            Route("/s/{sid}/{n:int}/review.docx", download("review"), methods=["GET"]),
            Route("/s/{sid}/{n:int}/briefing.docx", download("briefing"), methods=["GET"]),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.sessions = sessions
    app.state.limits = limits
    return app
