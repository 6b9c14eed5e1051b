"""The line as it is served (``ivr serve`` or gunicorn with ``gunicorn.conf.py``), started on
127.0.0.1 on a free port by a test, and always stopped by it."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from ivr.testing import AUTH_TOKEN, CALLER, LINE, Answer, parse_twiml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes ``pid`` forked (gunicorn's workers), as Linux lists them."""
    try:
        return sorted(int(kid) for kid in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return []


def wait_listening(proc: subprocess.Popen, port: int, within: float, log: Path) -> None:
    """Wait until ``port`` accepts connections; fail at once if ``proc`` exits."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listened within {within} s:\n{log.read_text(errors='replace')[-3000:]}")


class Served:
    """One server of the line on copies of the menus, with its own state folder."""

    def __init__(
        self,
        folder: Path,
        how: str = "gunicorn",
        port: int | None = None,
        workers: int = 2,
        env: dict[str, str] | None = None,
    ):
        self.folder = folder
        self.menus = folder / "menus"
        if not self.menus.exists():
            shutil.copytree(ROOT / "tests" / "fixture" / "menus", self.menus)
        self.state = folder / "state"
        self.how = how
        self.port = port or free_port()
        self.workers = workers
        self.env = env or {}
        self.log = folder / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Served:
        env = {
            **os.environ,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "IVR_MENUS": str(self.menus),
            "IVR_LOCALES": str(ROOT / "tests" / "fixture" / "locales"),
            "IVR_STATE_DIR": str(self.state),
            "IVR_NOW": "2026-11-25T10:00:00+00:00",
            "IVR_WORKERS": str(self.workers),
            **self.env,
        }
        if self.how == "gunicorn":
            cmd = [
                str(BIN / "gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "ivr:create_app()",
            ]
        else:
            cmd = [str(BIN / "ivr"), "serve", "--port", str(self.port)]
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, cwd=self.folder, env=env, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        return self

    def listening(self, within: float = 20) -> None:
        """Wait until the port accepts connections (the master has bound it)."""
        wait_listening(self.proc, self.port, within, self.log)

    def ready(self, within: float = 20) -> Served:
        self.listening(within)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                status, _ = self.get("/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"no answer within {within} s:\n{self.output()[-3000:]}")

    def workers_pids(self) -> list[int]:
        return children(self.proc.pid)

    def kill_workers(self, sig: int = signal.SIGKILL) -> list[int]:
        pids = self.workers_pids()
        for pid in pids:
            os.kill(pid, sig)
        return pids

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        workers = self.workers_pids()
        self.proc.send_signal(sig)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        for pid in workers:  # after a SIGKILL of the master, its workers are orphans
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    # --- requests -------------------------------------------------------------------

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            return resp.status, resp.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def call(self, timeout: float = 5, port: int | None = None) -> Answer:
        """A new call's first request, signed as Twilio signs it; TwiML parsed strictly.
        ``port``: where to send it (a proxy in front), if not to this server."""
        port = port or self.port
        params = {
            "CallSid": "CA" + "0" * 32,
            "AccountSid": "AC" + "1" * 32,
            "From": CALLER,
            "Caller": CALLER,
            "To": LINE,
            "Called": LINE,
            "CallStatus": "ringing",
            "Direction": "inbound",
        }
        url = f"http://127.0.0.1:{port}/voice"
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request(
                "POST",
                "/voice",
                body=urlencode(params),
                headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
            )
            resp = conn.getresponse()
            body = resp.read().decode("utf-8")
        finally:
            conn.close()
        return Answer(url, resp.status, body, parse_twiml(body) if resp.status == 200 else None)


def nginx_binary() -> str | None:
    """Debian's nginx, also where a user's PATH does not look (/usr/sbin)."""
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


class Nginx:
    """Debian's nginx in front of a server, with the shipped ``deploy/line.conf``, on 127.0.0.1."""

    def __init__(self, folder: Path, upstream_port: int, port: int | None = None):
        self.port = port or free_port()
        self.folder = folder / "nginx"
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(f"""
daemon off;
pid {self.folder}/nginx.pid;
error_log stderr warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    upstream safety_line {{ server 127.0.0.1:{upstream_port}; }}
    server {{
        listen 127.0.0.1:{self.port};
        include {ROOT / "deploy" / "line.conf"};
    }}
}}
""")
        self.log = self.folder / "nginx.log"
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [nginx_binary() or "nginx", "-e", "stderr", "-p", str(self.folder), "-c", str(conf)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        wait_listening(self.proc, self.port, 10, self.log)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
