"""No caller's number in any log line or output, in any format, whatever happens in the call."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ivr.web.voice as voice_module
from ivr.testing import AUTH_TOKEN, FakeTwilio, HttpClient

from .conftest import LOCALES, MENUS, make_app

CALLER = "+447700900461"
FORMS = [CALLER, CALLER[1:], "07700900461", "07700 900461", "7700900461", "%2B447700900461", "900461"]
#: What a texter writes is never logged either (``/sms``).
PRIVATE_WORDS = "zzz-private-words"
TEXTS = ["help", f"call me on {CALLER[1:]}", f"{PRIVATE_WORDS} TIPS", "NEXT 2", "ALL", "pomoc"]


def assert_no_caller_number(text: str) -> None:
    for form in FORMS:
        assert form not in text, f"the caller's number ({form}) leaked"
    assert PRIVATE_WORDS not in text, "a texter's message leaked"


def every_kind_of_call(client, base="http://localhost") -> None:
    """Whole calls through every place, dial result, silence, forgery and failure."""
    for keys in (
        ["1", "1"],
        ["1", "5", "1", "1"],
        ["1", "5", "2", "4"],
        ["2", "1", "1", "0", "*"],
        ["3", "1"],
        ["3", "3", "1", "1"],
        ["4", "1"],
        ["5", "1"],
        ["9", "#", "*"],
    ):
        call = FakeTwilio(client, base=base, caller=CALLER)
        call.keys(*keys)
        if call.last.first("Dial") is not None:
            call.dial_ends("busy")
        call.silence()
        call.silence()
    call = FakeTwilio(client, base=base, caller=CALLER, token="forged")
    assert call.start().status == 403
    FakeTwilio(client, base=base, caller=CALLER).request("/voice/fallback", {"From": CALLER, "ErrorCode": "11200"})
    texter = FakeTwilio(client, base=base, caller=CALLER)
    for body in TEXTS:
        assert texter.text(body).status == 200
    assert FakeTwilio(client, base=base, caller=CALLER, token="forged").text(PRIVATE_WORDS).status == 403


def test_no_caller_number_in_logs_or_output_in_process(caplog, capsys, monkeypatch):
    caplog.set_level(logging.DEBUG)
    app = make_app("2026-11-25T10:00:00+00:00")
    every_kind_of_call(app.test_client())

    def broken(*args, **kwargs):
        raise RuntimeError("the core failed")

    monkeypatch.setattr(voice_module, "step", broken)
    # A fresh app: this one already knows the welcome for this minute (ivr.answers), so it
    # would not call the core again.
    FakeTwilio(make_app("2026-11-25T10:00:00+00:00").test_client(), caller=CALLER).start()
    out = capsys.readouterr()
    text = caplog.text + out.out + out.err + " ".join(str(r.args) for r in caplog.records)
    assert "the core failed" in text  # the failure itself was logged
    assert_no_caller_number(text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise AssertionError(proc.communicate()[0])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.mark.parametrize("server", ["gunicorn", "ivr serve"])
def test_a_signed_call_through_a_real_server_logs_no_caller_number(server, tmp_path):
    port = _free_port()
    bindir = Path(sys.executable).parent
    cmd = {
        "gunicorn": [
            str(bindir / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--log-level",
            "debug",
            "ivr:create_app()",
        ],
        "ivr serve": [str(bindir / "ivr"), "serve", "--port", str(port)],
    }[server]
    env = {
        **os.environ,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "IVR_NOW": "2026-11-27T15:00:00+00:00",
        "IVR_MENUS": str(MENUS),
        "IVR_LOCALES": str(LOCALES),
    }  # the fixture line
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait(port, proc)
        base = f"http://127.0.0.1:{port}"
        client = HttpClient()
        call = FakeTwilio(client, base=base, caller=CALLER)
        welcome = call.start()
        assert welcome.status == 200 and "dial 999" in welcome.text
        closed = call.keys("1", "2")  # Friday afternoon: the Split Hours Service is closed until Monday
        assert "They open again on Monday at 9:30 in the morning." in closed.text
        assert call.press("4").first("Dial").get("callerId") == call.to
        every_kind_of_call(client, base=base)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "POST /voice" in output  # the server really logged requests
    assert_no_caller_number(output)
