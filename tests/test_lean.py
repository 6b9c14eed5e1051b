"""The webhook's request (ivr.web.lean) reads a form and a query exactly as werkzeug does:
the same fields in the same order, the same stream left behind, for any body, content type and
query; and it keeps only the line's own callback queries, never one that names a caller."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask import Request as FlaskRequest
from hypothesis import example, given
from hypothesis import strategies as st

from ivr.web import lean as requests
from ivr.web.body_limit import MAX_BODY
from ivr.web.lean import Request

CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "Application/X-WWW-Form-URLencoded",
    "application/x-url-encoded",
    "multipart/form-data; boundary=xyz",
    "application/json",
    "text/plain",
    "",
]
PIECES = [
    "a",
    "=",
    "&",
    "+",
    "%",
    "%2B",
    "%2b",
    "%2B%",
    "2B",
    "%3A",
    "%zz",
    "%C3%A9",
    "%FF",
    "é",
    ";",
    "From",
    "Digits",
    "1",
    " ",
]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
bodies = st.one_of(texts.map(lambda t: t.encode()), st.binary(max_size=20))


def environ(body: bytes, content_type: str, query: str, length: int | None) -> dict:
    env = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/voice",
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
    }
    if content_type:
        env["CONTENT_TYPE"] = content_type
    if length is not None:
        env["CONTENT_LENGTH"] = str(length)
    return env


def read(cls: type[FlaskRequest], env: dict, data_first: bool = False) -> tuple:
    req = cls(dict(env, **{"wsgi.input": io.BytesIO(env["wsgi.input"].getvalue())}))
    req.max_content_length = MAX_BODY
    try:
        if data_first:  # as the body limit does for a chunked body: read, kept, then parsed
            req.get_data(cache=True)
        form = list(req.form.items(multi=True))
    except Exception as exc:
        return ("raised", type(exc))
    return (form, list(req.files.items(multi=True)), req.stream.read(), type(req.form))


APP = Flask(__name__)


@given(
    body=bodies,
    content_type=st.sampled_from(CONTENT_TYPES),
    query=texts,
    length=st.sampled_from(["exact", "short", None, MAX_BODY + 1]),
    debug=st.booleans(),
    data_first=st.booleans(),
)
def test_a_form_is_read_as_werkzeug_reads_it(body, content_type, query, length, debug, data_first):
    size = {"exact": len(body), "short": max(0, len(body) - 2)}.get(length, length)  # type: ignore[arg-type]
    env = environ(body, content_type, query, size)
    APP.debug = debug
    with APP.app_context():
        assert read(Request, env, data_first) == read(FlaskRequest, env, data_first)


@given(query=st.one_of(texts, st.binary(max_size=12).map(lambda b: b.decode("latin-1"))))
def test_a_query_is_read_as_werkzeug_reads_it_the_first_time_and_after(query):
    env = environ(b"", "", query, None)

    def args(cls: type[FlaskRequest]) -> object:
        try:
            got = cls(env).args
        except Exception as exc:
            return ("raised", type(exc))
        looked_up = [(got.get(name), got.get(name, "-"), got.get(name, -1, type=int)) for name in ("a", "Digits", "")]
        return list(got.items(multi=True)), looked_up

    theirs = args(FlaskRequest)
    if theirs == ("raised", UnicodeDecodeError):  # not UTF-8: werkzeug cannot read it; the line replaces
        replaced = query.encode("latin-1").decode("utf-8", "replace").encode().decode("latin-1")
        env = environ(b"", "", replaced, None)
        theirs = args(FlaskRequest)
        env = environ(b"", "", query, None)
    assert args(Request) == theirs and args(Request) == theirs  # the second time from what was kept


def test_a_signed_request_whose_query_is_not_utf8_still_gets_twiml():
    from twilio.request_validator import RequestValidator

    from ivr.testing import AUTH_TOKEN

    from .conftest import make_app

    client = make_app("2026-11-25T10:00:00+00:00").test_client()
    form = {"CallSid": "CA" + "1" * 32, "From": "+447700900123", "To": "+441632960001", "Digits": "1"}
    for query in ("at=\xff", "lang=\xe9&at=menu:main"):
        signature = RequestValidator(AUTH_TOKEN).compute_signature(f"http://localhost/voice?{query}", form)
        answer = client.post(
            "/voice", data=form, headers={"X-Twilio-Signature": signature}, environ_overrides={"QUERY_STRING": query}
        )
        assert answer.status_code == 200 and b"<Gather" in answer.data, query


def test_only_the_lines_own_callback_queries_are_kept():
    requests._queries.clear()
    own = "at=menu%3Amain&lang=en-GB&ev=silence&s=1&err=1&t=2"
    got = Request(environ(b"", "", own, None)).args
    assert got.get("at") == "menu:main" and own.encode() in requests._queries
    # Twilio puts the caller's number in the query when a number is set to HTTP GET: never kept.
    for query in ("From=%2B447700900123&at=menu%3Amain", "at=menu%3Amain&Caller=07700900123", "x=1"):
        assert Request(environ(b"", "", query, None)).args
        assert query.encode() not in requests._queries
    assert all(b"0770" not in q for q in requests._queries)


def test_what_is_kept_is_bounded_and_cannot_be_changed():
    requests._queries.clear()
    for i in range(requests.QUERIES_KEPT + 5):
        assert Request(environ(b"", "", f"at=menu%3A{i}", None)).args
    assert len(requests._queries) <= requests.QUERIES_KEPT
    args = Request(environ(b"", "", "at=menu%3Amain", None)).args
    with pytest.raises(TypeError):
        args["at"] = "other"  # type: ignore[index]
    assert Request(environ(b"", "", "at=menu%3Amain", None)).args["at"] == "menu:main"


@given(text=st.one_of(texts, st.text(max_size=20)))
@example(text="From=%2B447700900123&Caller=%2b44+7700&To=%2B44%3A1&x=%2B%zz&%2B=%2b")
def test_fields_are_split_and_unescaped_as_parse_qsl_does(text):
    from urllib.parse import parse_qsl

    assert requests.parse(text) == parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")


def test_the_app_runs_views_and_hooks_as_flask_does_plain_or_async():
    from ivr.web.lean import App

    def plain() -> str:
        return "plain"

    async def waited() -> str:
        return "waited"

    app, flask_app = App(__name__), Flask(__name__)
    assert app.ensure_sync(plain) is plain and app.ensure_sync(plain) is flask_app.ensure_sync(plain)
    try:
        theirs: object = flask_app.ensure_sync(waited)()
    except RuntimeError as exc:  # Flask without its "async" extra
        theirs = str(exc)
    for _ in range(2):  # the second time from what was kept
        try:
            ours: object = app.ensure_sync(waited)()
        except RuntimeError as exc:
            ours = str(exc)
        assert ours == theirs and ours != waited
