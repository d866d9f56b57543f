"""``briefing serve [--host H] [--port N]``: start the review page on this machine.

Listens on 127.0.0.1 (this computer only) unless ``--host`` says otherwise, and warns
when the address is not a loopback one: anyone who can reach it may upload files.
Without the ``serve`` extra installed it says how to install it (exit code 2).
"""

from __future__ import annotations

import argparse
import importlib
import ipaddress
import socket
import sys

from briefing.errors import UsageError
from briefing.serve import REQUIREMENTS

MISSING_MESSAGE = (
    "briefing serve 需要可选组件 {names}，当前未安装。请先运行：\n"
    "    pip install 'briefing[serve]'\n"
    "（在源码目录中：pip install -e '.[serve]'）\n"
    "briefing serve needs the optional dependencies of the 'serve' extra "
    "(missing: {names}); install them with: pip install 'briefing[serve]'\n"
)


def missing() -> list[str]:
    """Distributions of the ``serve`` extra that cannot be imported."""
    out = []
    for module, dist in REQUIREMENTS:
        try:
            importlib.import_module(module)
        except ImportError:
            out.append(dist)
    return out


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free one); UsageError when it cannot be."""
    where = f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise UsageError(where, f"unknown host ({e.strerror})") from None
    family, kind, proto, _, addr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as e:
        sock.close()
        raise UsageError(where, f"cannot listen there: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    if shown in ("0.0.0.0", "[::]"):
        shown = socket.gethostname()
    return f"http://{shown}:{port}/"


def run(args: argparse.Namespace) -> int:
    absent = missing()
    if absent:
        sys.stderr.write(MISSING_MESSAGE.format(names="、".join(absent)))
        return 2
    from briefing.batch.budget import parse_time_limit
    from briefing.serve.uploads import Limits

    time_limit = parse_time_limit(getattr(args, "time_limit", None))

    if args.port < 0 or args.port > 65535:
        raise UsageError("--port", f"{args.port} is not a port number (0-65535)")
    for name in ("max_files", "max_file_mb", "max_total_mb"):
        if getattr(args, name) <= 0:
            raise UsageError(f"--{name.replace('_', '-')}", "must be a positive number")
    loopback = is_loopback(args.host)
    if not loopback:
        print(
            f"briefing: warning: 监听 {args.host}：同一网络中的其他电脑也能打开此页面并上传文件。"
            f"只在本机使用时请去掉 --host。 / listening on {args.host}, not only on this "
            "computer: anyone who can reach it may upload files",
            file=sys.stderr,
        )
    sock = listen(args.host, args.port)
    import uvicorn

    from briefing.serve.app import create_app

    limits = Limits(
        max_files=args.max_files,
        max_file_bytes=int(args.max_file_mb * 1024 * 1024),
        max_total_bytes=int(args.max_total_mb * 1024 * 1024),
    )
    port = sock.getsockname()[1]
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    if hosts and args.host not in hosts:
        hosts.append(args.host)
    app = create_app(limits=limits, allowed_hosts=hosts, time_limit=time_limit)
    print(
        f"briefing serve: 请在浏览器中打开 {url(sock)} （按 Ctrl-C 停止） / open {url(sock)}",
        flush=True,
    )
    config = uvicorn.Config(app, log_level="warning", port=port)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0
