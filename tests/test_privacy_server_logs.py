"""No line the server writes holds a phone number, in any form it might be written.

gunicorn quotes a malformed request line whole in its error log, and a number can be written
with spaces, dashes, dots, brackets, percent-encoded or as ``+44 (0)7…``. One function,
:func:`ivr.logsafe.scrub`, finds them all; gunicorn's logs (through ``gunicorn.conf.py``),
werkzeug's (``ivr serve``) and the app's own lines go through it. Tested on real servers on
loopback, with raw request lines sent over a socket.
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivr import logsafe

from . import servers

NSN = "7700900123"  # the caller's number without its country code or trunk 0
#: The caller's number as it could reach a log line.
FORMS = [
    "+447700900123",
    "447700900123",
    "07700900123",
    "7700900123",
    "07700 900123",
    "07700 900 123",
    "0 7 7 0 0 9 0 0 1 2 3",
    "07700-900-123",
    "07700.900.123",
    "(07700) 900123",
    "+44 (0)7700 900123",
    "+44 (0) 7700 900 123",
    "+44 7700 900123",
    "0044 7700 900123",
    "%2B447700900123",
    "%2b44%207700%20900123",
    "+44+7700+900123",
    "%2B44+7700+900123",
    "07700%2D900%2D123",
    "%2807700%29%20900123",
    "%30%37%37%30%30%39%30%30%31%32%33",
    "０７７００９００１２３",
    "07700\u2013900\u2013123",
    "07700\u00a0900\u00a0123",
    "0,7,7,0,0,9,0,0,1,2,3",
    "07700/900/123",
    "07700_900_123",
    "tel:+447700900123",
    "+44-7700-900-123",
]
#: Lines that hold no number and must stay readable.
KEEP = [
    "Listening at: http://127.0.0.1:8000 (12345)",
    "Booting worker with pid: 48213",
    "Worker exiting (pid: 4821)",
    "2026-11-29 13:00:00",
    "IVR_NOW='2026-12-25T21:00:00+00:00' is not a time",
    "status=200 size=1234B time=5ms",
    '[29/Nov/2026:13:21:38 +0000] "POST /voice" 200 size=1234B 12ms',
    "menus version a06e106a3a1d+5c9d36f3",
    "error 11200",
]


#: What can stand between the digits of one written number (anything else ends it).
BETWEEN = re.compile(r"[^\d\s\-\u2010-\u2015\u2212.,/+_()\u0080-\u00ff]+")


def leaked(text: str) -> list[str]:
    """Lines of ``text`` from which seven digits in a row of the number can be read back,
    whatever was written between them."""
    found = []
    for line in text.splitlines():
        for chunk in BETWEEN.split(unicodedata.normalize("NFKC", unquote(line))):
            digits = re.sub(r"\D", "", chunk)
            if any(NSN[i : i + 7] in digits for i in range(len(NSN) - 6)):
                found.append(line)
                break
    return found


@pytest.mark.parametrize("form", FORMS)
def test_scrub_hides_every_form_of_a_number(form):
    for text in (
        form,
        f"From={form}&To=x",
        f"GET /voice?From={form} HTTP/1.1",
        f"Invalid request line: 'POST /voice/{form}'",
        f"({form})",
    ):
        out = logsafe.scrub(text)
        assert not leaked(out), (text, out)
        assert "#" in out


@pytest.mark.parametrize("line", KEEP)
def test_scrub_leaves_lines_without_numbers_alone(line):
    assert logsafe.scrub(line) == line


def test_loggable_hides_a_number_written_with_spaces():
    assert not leaked(logsafe.loggable("0 7 7 0 0 9 0 0 1 2 3"))
    assert logsafe.loggable("menu:main/tip:3") == "menu:main/tip:3"


def test_the_filter_cleans_messages_arguments_and_tracebacks():
    stream = __import__("io").StringIO()
    handler = logging.StreamHandler(stream)
    logsafe.guard(handler)
    logger = logging.getLogger("test.privacy.filter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("caller %s rang about %r", "+44 (0)7700 900123", {"From": "07700-900-123"})
        try:
            int("0 7 7 0 0 9 0 0 1 2 3")
        except ValueError:
            logger.exception("failed on %s", "%2B447700900123")
        logger.warning("GET /voice?From=%2B447700900123 HTTP/1.1")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "caller # rang" in text and "ValueError" in text and "GET /voice HTTP/1.1" in text
    assert not leaked(text), text


def raw_lines() -> list[bytes]:
    """Request lines a careless or hostile client could send, each carrying the number."""
    lines = []
    for form in FORMS:
        wire = form.encode("utf-8")
        lines.append(b"GET /voice?From=" + wire + b" HTTP/1.1 junk\r\nHost: x\r\n\r\n")  # malformed: quoted whole
        lines.append(b"POST /voice/" + wire + b"/x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")  # a path, logged
        lines.append(b"GET /voice?From=" + wire + b"\r\n\r\n")  # no version
        lines.append(b"GET\t/voice?From=" + wire + b"\x00 HTTP/1.1\r\n\r\n")  # bad characters in the line
    lines.append(b"GET /voice?From=%2B447700900123 HTTP/9.9\r\n\r\n")
    lines.append(b"GET /voice HTTP/1.1\r\nX-Caller+447700900123: y\r\n\r\n")  # a bad header name
    lines.append(b"GET /voice HTTP/1.1\r\nHost: x\r\nX-From: 07700 900123\x00\r\n\r\n")  # a bad header value
    lines.append(b"\x16\x03\x01 07700 900123\r\n\r\n")  # not HTTP at all
    return lines


def test_gunicorn_writes_no_number_in_any_form(tmp_path):
    with servers.gunicorn(tmp_path) as server:
        for data in raw_lines():
            server.raw(data, timeout=3)
    out = server.output()
    assert "Invalid" in out or "invalid" in out  # gunicorn did log the bad request lines ...
    assert "/voice" in out  # ... and the requests it served
    assert not leaked(out), "\n".join(leaked(out))[:3000]


def test_ivr_serve_writes_no_number_in_any_form(tmp_path):
    with servers.ivr_serve(tmp_path) as server:
        for data in raw_lines():
            server.raw(data, timeout=3)
    out = server.output()
    # ivr serve runs gunicorn with the same logger as gunicorn.conf.py (ivr.server.settings), so
    # the lines it writes are the ones the gunicorn tests above read.
    assert "Listening at: http://127.0.0.1:" in out
    assert not leaked(out), "\n".join(leaked(out))[:3000]


def test_gunicorn_keeps_its_useful_lines(tmp_path):
    with servers.gunicorn(tmp_path) as server:
        server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    out = server.output()
    assert f"Listening at: http://127.0.0.1:{server.port}" in out
    assert re.search(r'"GET /healthz" (status=)?200', out), out[-2000:]
    assert sys.executable  # the server ran under this interpreter


def test_the_apps_own_lines_under_gunicorn_go_through_the_filter(tmp_path):
    """A setting the line cannot use is quoted in its warning: with a number in it, not the number."""
    with servers.gunicorn(
        tmp_path, IVR_NOW="+44 (0)7700 900123", IVR_PUBLIC_URL="https://x.org/?From=%2B447700900123"
    ) as server:
        pass
    out = server.output()
    assert "setting: IVR_NOW=" in out and "setting: IVR_PUBLIC_URL=" in out  # the app's warnings were written
    assert not leaked(out), "\n".join(leaked(out))


separators = st.sampled_from(["", "", " ", "-", ".", " - ", "%20", "+", "\u00a0", "\u2013", ", ", "/", "_"])


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A UK mobile number written as a person, a form or a URL encoder might: (digits, as written)."""
    national = "7" + draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    start = draw(st.sampled_from(["0", "+44", "+44 (0)", "0044", "%2B44", "44", "(0", "+44-"]))
    sep = draw(separators)
    groups = draw(st.sampled_from([(4, 6), (4, 3, 3), (1,) * 10, (2, 4, 4), (10,), (3, 3, 4)]))
    parts, i = [], 0
    for size in groups:
        parts.append(national[i : i + size])
        i += size
    body = sep.join(parts)
    if start == "(0":
        body = "(0" + parts[0] + ")" + sep + sep.join(parts[1:])
        start = ""
    else:
        body = start + (sep if start and not start.endswith(("(0)", "-")) and draw(st.booleans()) else "") + body
    if draw(st.booleans()):
        body = "".join(f"%{ord(ch):02X}" if ch.isdigit() and draw(st.booleans()) else ch for ch in body)
    return national, body


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    number=written_numbers(),
    before=st.sampled_from(["", "From=", "GET /voice?Caller=", "'", "(", "tel:", "x "]),
    after=st.sampled_from(["", "&To=1", " HTTP/1.1", "'", ")", "/x", " junk"]),
)
def test_scrub_hides_numbers_however_they_are_written(number, before, after):
    national, written = number
    out = logsafe.scrub(before + written + after)
    for chunk in BETWEEN.split(unicodedata.normalize("NFKC", unquote(out))):
        digits = re.sub(r"\D", "", chunk)
        assert not any(national[i : i + 7] in digits for i in range(len(national) - 6)), (written, out)
