"""Real servers on loopback for the tests: gunicorn with the repo's ``gunicorn.conf.py``, and
``ivr serve``. Each is bound to 127.0.0.1 on a free port, its output kept in a file, and
stopped (its whole process group) when the test ends."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ivr.testing import AUTH_TOKEN

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def raw(self, data: bytes, timeout: float = 5.0) -> bytes:
        """Send bytes as they are and read the whole answer (until the server closes or goes quiet)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            with contextlib.suppress(socket.timeout, ConnectionResetError):
                while chunk := s.recv(65536):
                    chunks.append(chunk)
            return b"".join(chunks)

    def head(self, data: bytes, timeout: float = 5.0) -> bytes:
        """Send bytes as they are and read only the answer's status line and headers."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            got = b""
            with contextlib.suppress(socket.timeout, ConnectionResetError):
                while b"\r\n\r\n" not in got and (chunk := s.recv(65536)):
                    got += chunk
            return got


@contextlib.contextmanager
def _run(command: list[str], port: int, tmp: Path, env: dict[str, str]) -> Iterator[Server]:
    log = tmp / "server.log"
    fixture = ROOT / "tests" / "fixture"  # the behaviour tests' own line, never the shipped content
    full_env = {
        **os.environ,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "IVR_STATE_DIR": str(tmp / "state"),
        "IVR_MENUS": str(fixture / "menus"),
        "IVR_LOCALES": str(fixture / "locales"),
        **env,
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(port, log, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{server.output()[-3000:]}")
            time.sleep(0.1)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def gunicorn(tmp: Path, **env: str) -> contextlib.AbstractContextManager[Server]:
    """gunicorn as documented (``gunicorn 'ivr:create_app()'`` in the checkout), one worker."""
    port = free_port()
    env = {"IVR_BIND": f"127.0.0.1:{port}", "IVR_WORKERS": "1", **env}
    return _run([sys.executable, "-m", "gunicorn", "ivr:create_app()"], port, tmp, env)


def ivr_serve(tmp: Path, **env: str) -> contextlib.AbstractContextManager[Server]:
    """``ivr serve`` (werkzeug's server), as a maintainer runs it."""
    port = free_port()
    return _run([sys.executable, "-m", "ivr.cli", "serve", "--host", "127.0.0.1", "--port", str(port)], port, tmp, env)
