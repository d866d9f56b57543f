"""Run a hostile case in a child process under a CPU-time and address-space limit.

Every hostile case runs in its own interpreter so that a case that blows up (an
exponential pattern, a decompression bomb) is stopped by the kernel, not by the test
runner: ``RLIMIT_CPU`` ends it after ``cpu`` seconds, ``RLIMIT_AS`` refuses memory past
``address_space`` bytes, and a wall-clock guard kills a child that sleeps.  The child's
own resource usage (``os.wait4``) is returned, so a test asserts on *its* CPU seconds
and peak resident memory, not on the test runner's.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the sources the children run; HOSTILE_SRC points at another checkout's ``src`` to show
#: that a case fails on code without the guards
SRC = Path(os.environ.get("HOSTILE_SRC") or ROOT / "src")

#: what the issue allows one hostile input: 10 CPU seconds and 500 MB resident
CPU_LIMIT_S = 10.0
RSS_LIMIT_MB = 500.0
#: hard ceiling on the child's address space: enough for the interpreter and its
#: libraries, small enough that a bomb ends in MemoryError instead of swapping the machine
ADDRESS_SPACE = 3 * 1024**3


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float
    max_rss_mb: float
    killed: bool  # by the CPU limit or the wall-clock guard

    def within_limits(self) -> bool:
        return not self.killed and self.cpu_s <= CPU_LIMIT_S and self.max_rss_mb <= RSS_LIMIT_MB

    def describe(self) -> str:
        return (
            f"rc={self.returncode} cpu={self.cpu_s:.2f}s rss={self.max_rss_mb:.0f}MB "
            f"killed={self.killed}\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}"
        )


def _limits(cpu: float, address_space: int) -> None:
    cpu_s = int(cpu) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    os.setsid()


def run_limited(
    argv: list[str],
    *,
    cpu: float = CPU_LIMIT_S * 2,
    wall: float = 120.0,
    address_space: int = ADDRESS_SPACE,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run ``argv`` (``python`` is prepended when it starts with ``-c`` or ``-m``)."""
    if argv and argv[0] in ("-c", "-m"):
        argv = [sys.executable, *argv]
    full_env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": "0"}
    full_env.pop("BRIEFING_DEBUG", None)
    if env:
        full_env.update(env)
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=full_env,
        preexec_fn=lambda: _limits(cpu, address_space),
    )
    # communicate() would reap the child itself; read the pipes, then reap with wait4
    import threading

    out: dict[str, bytes] = {}

    def pump(name: str, stream) -> None:  # type: ignore[no-untyped-def]
        out[name] = stream.read()

    threads = [
        threading.Thread(target=pump, args=("stdout", proc.stdout)),
        threading.Thread(target=pump, args=("stderr", proc.stderr)),
    ]
    for t in threads:
        t.start()
    if proc.stdin is not None:
        try:
            proc.stdin.write(stdin or b"")
            proc.stdin.close()
        except BrokenPipeError:
            pass
    deadline = time.monotonic() + wall
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        killed = True
    return Outcome(
        returncode=proc.returncode,
        stdout=out.get("stdout", b"").decode("utf-8", "replace"),
        stderr=out.get("stderr", b"").decode("utf-8", "replace"),
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        killed=killed,
    )


def briefing(*args: str, **kw) -> Outcome:  # type: ignore[no-untyped-def]
    """``python -m briefing ARGS`` under the limits."""
    return run_limited(
        ["-c", "import sys; from briefing.cli import main; sys.exit(main())", *args], **kw
    )


def one_error_line(outcome: Outcome) -> str:
    """The single ``briefing: error: … [E0xx]`` line of a failed run (asserts its shape)."""
    lines = [ln for ln in outcome.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in outcome.stderr, outcome.describe()
    assert len(lines) == 1, outcome.describe()
    line = lines[0]
    assert line.startswith("briefing: "), outcome.describe()
    import re

    assert re.search(r"\[E\d{3}\]$", line), outcome.describe()
    return line
