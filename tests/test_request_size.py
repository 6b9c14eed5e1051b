"""Requests are small: a body past the limit gets 413 at once, never read or parsed.

Twilio's webhooks are a few KB and the demo's JSON smaller still; a 100 MB body, signed or
not, must neither hold a worker while it arrives nor raise its memory for good.
"""

from __future__ import annotations

import io
import socket
import threading
import time

from ivr.testing import AUTH_TOKEN, FakeTwilio, HttpClient
from ivr.web.body_limit import MAX_BODY

from . import servers
from .conftest import make_app

NOW = "2026-11-25T10:00:00+00:00"
HUGE = 100 * 1024 * 1024


class CountingStream(io.RawIOBase):
    """A body that never ends, counting what the server reads of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # werkzeug's test client asks where the stream starts
        return 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def readinto(self, buffer) -> int:
        n = len(buffer)
        buffer[:n] = b"a" * n
        self.read_bytes += n
        return n


def test_a_huge_content_length_is_refused_without_reading_the_body():
    app = make_app(NOW)
    for path, ctype in (
        ("/voice", "application/x-www-form-urlencoded"),
        ("/demo/step", "application/json"),
        ("/voice/fallback", "application/x-www-form-urlencoded"),
        ("/", "text/plain"),
    ):
        body = CountingStream()
        resp = app.test_client().post(
            path,
            input_stream=body,
            content_type=ctype,
            environ_overrides={"CONTENT_LENGTH": str(HUGE)},
            headers={"X-Twilio-Signature": "x"},
        )
        assert resp.status_code == 413, (path, resp.status_code)
        assert body.read_bytes == 0, path


def test_a_chunked_body_is_read_no_further_than_the_limit():
    app = make_app(NOW)
    for path, ctype in (("/voice", "application/x-www-form-urlencoded"), ("/demo/step", "application/json")):
        body = CountingStream()
        resp = app.test_client().post(
            path,
            input_stream=body,
            content_type=ctype,
            environ_overrides={"wsgi.input_terminated": True},
            headers={"X-Twilio-Signature": "x", "Transfer-Encoding": "chunked"},
        )
        assert resp.status_code == 413, (path, resp.status_code)
        assert body.read_bytes <= 2 * MAX_BODY + 65536, (path, body.read_bytes)


def test_a_megabyte_of_json_to_the_demo_is_refused():
    app = make_app(NOW)
    body = '{"event": "start", "pad": "' + "x" * (1024 * 1024) + '"}'
    resp = app.test_client().post("/demo/step", data=body, content_type="application/json")
    assert resp.status_code == 413
    assert "error" in resp.get_json()


def test_twilios_largest_real_requests_still_pass():
    """A long speech result and every field Twilio sends stay well under the limit."""
    call = FakeTwilio(make_app(NOW).test_client())
    call.start()
    ans = call.request(
        call.last.first("Gather").get("action"),
        call.params(SpeechResult="words " * 300, Confidence="0.9", **{f"X{i}": "y" * 40 for i in range(40)}),
    )
    assert ans.status == 200


def _head(data: bytes) -> str:
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def test_gunicorn_answers_413_at_once_to_a_huge_body_it_has_not_received(tmp_path):
    with servers.gunicorn(tmp_path, IVR_NOW=NOW) as server:
        for path in ("/voice", "/demo/step"):
            head = (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"X-Twilio-Signature: x\r\nContent-Length: {HUGE}\r\n\r\n"
            ).encode()
            start = time.monotonic()
            # The answer's head arrives at once; gevent's worker may then keep the connection
            # (reading and discarding what the client still sends) until it goes idle.
            answer = server.head(head + b"a" * 1000, timeout=5)
            assert _head(answer).startswith("HTTP/1.1 413 "), (path, answer[:200])
            assert time.monotonic() - start < 3
        # Still answering afterwards.
        call = FakeTwilio(HttpClient(), base=server.base, token=AUTH_TOKEN)
        assert call.start().status == 200


def test_gunicorn_stops_reading_a_chunked_body_past_the_limit(tmp_path):
    with servers.gunicorn(tmp_path, IVR_NOW=NOW) as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(
            b"POST /voice HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"X-Twilio-Signature: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        sent = 0
        stop = threading.Event()

        def trickle() -> None:
            nonlocal sent
            chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
            try:
                while not stop.is_set() and sent < HUGE:
                    sock.sendall(chunk)
                    sent += 0x10000
            except OSError:
                pass

        sender = threading.Thread(target=trickle)
        sender.start()
        try:
            answer = b""
            while b"\r\n" not in answer:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
        finally:
            stop.set()
            sock.close()
            sender.join(10)
        assert _head(answer).startswith("HTTP/1.1 413 "), answer[:200]
        assert sent < 20 * 1024 * 1024  # answered long before the client had sent it all


def test_gunicorn_limits_request_lines_and_headers(tmp_path):
    with servers.gunicorn(tmp_path, IVR_NOW=NOW) as server:
        long_line = server.raw(b"GET /?" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _head(long_line).split()[1] in ("400", "414"), long_line[:100]
        many = b"".join(b"X-%d: y\r\n" % i for i in range(60))
        assert _head(server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")).split()[1] in ("400", "431")
        big = b"X-Big: " + b"y" * 6000 + b"\r\n"
        assert _head(server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + big + b"\r\n")).split()[1] in ("400", "431")
        ok = server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _head(ok) == "HTTP/1.1 200 OK"
