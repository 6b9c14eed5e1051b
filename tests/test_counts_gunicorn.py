"""Counts from a real gunicorn with two workers writing one SQLite file: every call counted,
including those still in a worker's batch when gunicorn is stopped (graceful stop)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from ivr import db, report
from ivr.testing import AUTH_TOKEN, FakeTwilio, HttpClient
from tests.conftest import FIXTURE
from tests.test_privacy import _free_port, _wait


def test_two_gunicorn_workers_count_every_call_and_flush_when_stopped(tmp_path):
    port = _free_port()
    state = tmp_path / "state"
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--graceful-timeout",
        "10",
        "ivr:create_app()",
    ]
    env = {
        **os.environ,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "IVR_NOW": "2026-11-27T15:00:00+00:00",
        "IVR_STATE_DIR": str(state),
        "IVR_MENUS": str(FIXTURE / "menus"),
        "IVR_LOCALES": str(FIXTURE / "locales"),
    }
    env.pop("IVR_DATABASE_URL", None)
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait(port, proc)
        for _ in range(12):
            call = FakeTwilio(HttpClient(), base=f"http://127.0.0.1:{port}")
            assert "Fixture services" in call.keys("1").text
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "cannot be written" not in output and "cannot be reached" not in output, output
    rows = report.read(
        db.engine_for(f"sqlite:///{state / db.SQLITE_NAME}"), dt.date(2026, 11, 27), dt.date(2026, 11, 27)
    )
    totals = {(e, d): n for _, _, e, d, n in rows}
    assert totals[("call", "answered")] == 12 and totals[("menu", "services")] == 12
