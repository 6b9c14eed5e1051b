"""No caller's number reaches any log, file or output, whatever happens in a call.

Many whole calls (every key at every place, silences, every dial result, the line
failing, forged requests, the fallback URL) at several times of day, with the caller's
number in every format Twilio or an attacker might send, while every logger (``ivr``,
``werkzeug``, ``twilio``, the root) records at DEBUG and stdout/stderr are captured; some
calls go through a real HTTP server so werkzeug's request log is included.
"""

from __future__ import annotations

import http.client
import logging
import threading
from collections import deque
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlsplit

import pytest
from werkzeug.serving import make_server

import ivr.web.voice
from ivr.model import KEYPAD
from ivr.testing import AUTH_TOKEN, FakeTwilio

from .conftest import make_app

#: One number (Ofcom's drama range), written the ways it may arrive.
FORMATS = [
    "+447700900123",
    "07700 900123",
    "447700900123",
    "%2B447700900123",
    "07700900123",
    "+44 7700 900123",
    "sip:+447700900123@sip.example.com",
]
#: What would give it away in any of those formats (digits after the trunk prefix).
NEEDLES = ["7700900123", "7700 900123", "7700%20900123", "77009 00123"]
#: A valid mobile (phonenumbers rejects the drama range), for the calls that get texts.
MOBILE = "+447911123456"
NEEDLES += ["7911123456", "7911 123456", "7911%20123456"]
TIMES = ["2026-11-25T10:00:00+00:00", "2026-11-26T02:00:00+00:00", "2026-12-28T10:00:00+00:00"]
#: Things a caller might say, their own number among them, with Twilio's confidence.
SPEECH = [
    ("tips", "0.92"),
    ("talk to someone", "0.4"),
    ("my number is 07700 900123", "0.95"),
    ("plus 44 7700 900123", "0.2"),
    ("", ""),
]
#: Bounds the walk: every place is reached well within this.
MAX_REQUESTS_PER_CALL_TREE = 1000


class Everything(logging.Handler):
    """Keeps every record, formatted with its traceback, from every logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))


@pytest.fixture
def every_log():
    handler = Everything()
    names = ["", "ivr", "werkzeug", "twilio", "flask", "gunicorn", *logging.root.manager.loggerDict]
    loggers = [logging.getLogger(n) for n in dict.fromkeys(names)]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
        lg.addHandler(handler)  # also catches loggers that do not propagate
    yield handler
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled
        lg.removeHandler(handler)


def walk(call: FakeTwilio, budget: int = MAX_REQUESTS_PER_CALL_TREE, places: set | None = None) -> int:
    """Press every key at every place reachable from the welcome; follow silences and dials."""
    start = call.start()
    queue = deque([start])
    seen: set[str] = set()
    sent = 1
    statuses = ["completed", "busy", "no-answer", "failed", "canceled", "weird"]
    while queue and sent < budget:
        ans = queue.popleft()
        if ans.root is None:
            continue
        gather, redirect, dial = ans.first("Gather"), ans.first("Redirect"), ans.first("Dial")
        moves: list[tuple[str, dict]] = []
        if gather is not None:
            action = urljoin(ans.url, gather.get("action"))
            moves += [(action, {"Digits": k}) for k in KEYPAD]
            if "speech" in (gather.get("input") or ""):
                moves += [(action, {"SpeechResult": said, "Confidence": c}) for said, c in SPEECH]
        if redirect is not None:
            moves.append((urljoin(ans.url, redirect.text.strip()), {}))
        if dial is not None:
            action = urljoin(ans.url, dial.get("action"))
            moves += [(action, {"DialCallStatus": s, "DialCallDuration": "42"}) for s in statuses]
        for url, extra in moves:
            # A place once whatever the language (the URLs also carry lang): every language
            # is reached through the language menu, every place in the first language that gets there.
            query = {k: v for k, v in parse_qs(urlsplit(url).query).items() if k != "lang"}
            key = urlsplit(url).path + repr(sorted(query.items())) + repr(sorted(extra.items()))
            if key in seen or sent >= budget:
                continue
            seen.add(key)
            call.history = [ans]
            queue.append(call.request(url, call.params(**extra)))
            sent += 1
            if places is not None:
                places.update(parse_qs(urlsplit(url).query).get("at", []))
    return sent


def forged(call: FakeTwilio, in_path: bool = True) -> None:
    """Requests Twilio never sends, carrying the number in the form and the query string.

    ``in_path``: also in the path. The line's own logs must not repeat it; a server's access
    log does (a path is the requester's own text, never a caller's number from Twilio).
    """
    number = call.caller
    for signed in (False, True):
        call.request(
            "/voice?" + urlencode({"From": number, "Caller": number, "at": number}),
            call.params(Digits=number),
            signed=signed,
        )
        call.request("/voice/fallback?" + urlencode({"From": number}), call.params(ErrorCode=number), signed=signed)
        if in_path:
            call.request(f"/voice/{number}", call.params(), signed=signed)
        call.request(
            "/voice?at=menu%3Amain&lang=" + number, call.params(Digits="1", DialCallStatus=number), signed=signed
        )
    call.request("/voice", call.params(), signed=False, headers={"X-Twilio-Signature": number})


def assert_nowhere(texts: list[str]) -> None:
    whole = "\n".join(texts)
    for needle in NEEDLES:
        assert needle not in whole, f"{needle!r} found in:\n" + "\n".join(t for t in texts if needle in t)[:2000]


def test_no_caller_number_in_any_log_or_output_across_every_call(every_log, capfd, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # anything written to the current folder would show up here
    total = 0
    places: set[str] = set()
    for when in TIMES:
        app = make_app(when)
        for number in FORMATS:
            call = FakeTwilio(app.test_client(), caller=number)
            # Every place once per time of day; the other formats on the first few places.
            total += walk(call, budget=MAX_REQUESTS_PER_CALL_TREE if number == FORMATS[0] else 30, places=places)
            forged(call)
    # Every language the line speaks, a few keys each.
    app = make_app(TIMES[0])
    call = FakeTwilio(app.test_client())
    for lang in app.extensions["ivr"]["store"].current().menus.line.voices:
        for key in "123459":
            call.request(f"/voice?at=menu%3Amain&lang={lang}", call.params(Digits=key))
        call.request(f"/voice?lang={lang}", call.params())
    # Texts: twilio's real REST client, its HTTP session answering as Twilio would (sent,
    # refused with the number in the error, timed out), for every call that asks for one.
    sent = texting_walks(monkeypatch)
    assert sent >= 3
    # The line failing in the middle of calls: its error log must not carry request data.

    def broken(*args, **kwargs):
        raise RuntimeError("the core is broken")

    with monkeypatch.context() as m:
        m.setattr(ivr.web.voice, "step", broken)
        for number in FORMATS:
            call = FakeTwilio(app.test_client(), caller=number)
            call.start()
            call.follow()
            call.request("/voice/fallback", call.params(ErrorCode="11200"))
    out, err = capfd.readouterr()
    assert total > 1500 and len(places) > 30  # the walk really went everywhere (the fixture line has 38 places)
    assert any("the voice webhook failed" in line for line in every_log.lines)  # and logging was on
    assert_nowhere([*every_log.lines, out, err])
    assert list(tmp_path.iterdir()) == []


def texting_walks(monkeypatch) -> int:
    """Walk whole calls on a line that can text, with the caller's number as a mobile."""
    import json

    import requests

    from ivr import create_app
    from ivr.hours import parse_now
    from ivr.settings import Settings
    from ivr.texting import Texter

    from .conftest import LOCALES, MENUS

    answers = iter(["ok", "refused", "timeout"] * 1000)
    texts: list[str] = []

    def send(session, prepared, **kwargs):
        texts.append(prepared.body if isinstance(prepared.body, str) else (prepared.body or b"").decode())
        answer = next(answers)
        if answer == "timeout":
            raise requests.exceptions.ReadTimeout("read timed out")
        resp = requests.Response()
        resp.url = prepared.url
        resp.encoding = "utf-8"
        resp.headers.update({"Content-Type": "application/json", "Twilio-Request-Id": "RQ" + "0" * 32})
        if answer == "refused":
            resp.status_code = 400
            resp._content = json.dumps(
                {"code": 21211, "status": 400, "message": f"The 'To' number {MOBILE} is not a valid phone number."}
            ).encode()
        else:
            resp.status_code = 201
            resp._content = json.dumps(
                {"sid": "SM" + "0" * 32, "status": "queued", "to": MOBILE, "body": "..."}
            ).encode()
        return resp

    monkeypatch.setattr(requests.Session, "send", send)
    account = "AC" + "a" * 32
    settings = Settings(
        auth_token=AUTH_TOKEN, account_sid=account, menus_dir=MENUS, locales_dir=LOCALES, now=parse_now(TIMES[0])
    )
    app = create_app(settings, texter=Texter(account, AUTH_TOKEN))
    app.testing = True
    for number in (MOBILE, "07911 123456"):
        call = FakeTwilio(app.test_client(), caller=number)
        walk(call)
        for keys in (("1", "5", "1", "3"), ("1", "5", "2", "3"), ("1", "5", "1", "3", "3", "3", "3")):
            FakeTwilio(app.test_client(), caller=number).keys(*keys)
    return len(texts)


class HttpClient:
    """FakeTwilio's client over a real socket, so werkzeug's own request log runs."""

    def __init__(self, port: int) -> None:
        self.port = port

    def post(self, path: str, data: dict, headers: dict, base_url: str):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = urlencode(data)
        conn.request(
            "POST",
            quote(path, safe="/?=&%:+@"),
            body=body,
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded", "Host": urlsplit(base_url).netloc},
        )
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        return _Resp(resp.status, payload, resp.getheader("Content-Type", ""))


class _Resp:
    def __init__(self, status: int, payload: bytes, ctype: str) -> None:
        self.status_code, self.payload = status, payload
        self.mimetype = ctype.split(";")[0].strip()

    def get_data(self, as_text: bool = False):
        return self.payload.decode() if as_text else self.payload


def test_no_caller_number_in_werkzeugs_request_log_even_in_query_strings(every_log, capfd):
    app = make_app(TIMES[0])
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        for number in FORMATS:
            call = FakeTwilio(HttpClient(server.server_port), base=base, caller=number, token=AUTH_TOKEN)
            walk(call, budget=40)
            forged(call, in_path=False)
            # A number set to HTTP GET: Twilio puts From in the query string.
            query = urlencode(call.params())
            call.request("/voice?" + query, {}, signed=True)
    finally:
        server.shutdown()
        thread.join(5)
    out, err = capfd.readouterr()
    assert any("POST /voice" in line for line in every_log.lines)  # the request log was recorded
    assert_nowhere([*every_log.lines, out, err])


def test_gunicorns_access_log_names_paths_only():
    """gunicorn.conf.py: %(U)s is the path; the request line, query, referer or headers could hold From."""
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    fmt = conf["access_log_format"]
    assert "%(U)s" in fmt
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%({"):
        assert leaky not in fmt, leaky
