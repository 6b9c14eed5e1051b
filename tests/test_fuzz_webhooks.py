"""Hostile input, generated: every route of the app, any method, query, form and signature.

For the phone webhooks the answer is always either a bare HTTP 403 (not signed by Twilio)
or HTTP 200 with TwiML Twilio accepts; for every route never a 500, never a traceback, and
always quickly. Half the generated requests are signed properly, so the line's own code is
reached, not only the signature check.

Hypothesis runs derandomized with no example database, so CI sees the same cases each run,
and ``max_examples`` keeps the added time to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import HMAC_SHA1, HMAC_SHA256, RequestValidator
from werkzeug.datastructures import MultiDict

from ivr import create_app
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, CALLER, LINE, parse_messaging_twiml, parse_twiml
from ivr.texting import Texter

from .conftest import LOCALES, MENUS

SHARED_KEY = "test-shared-key-fedcba9876543210"
ACCOUNT = "AC" + "a" * 32
MOBILE = "+447911123456"
NOW = "2026-11-25T10:00:00+00:00"
#: A webhook answer slower than this, on a loaded CI machine, is a fault in itself.
SLOW = 2.0
FUZZ = settings(
    max_examples=200,
    deadline=dt.timedelta(seconds=SLOW),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

METHODS = ["GET", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PROPFIND", "BREW"]
#: Parameters the line reads (query) and Twilio sends (form), mixed with anything at all.
QUERY_KEYS = ["at", "lang", "ev", "s", "err", "t", "Digits", "DialCallStatus", "SpeechResult", "bodySHA256"]
FORM_KEYS = [
    "Digits",
    "SpeechResult",
    "Confidence",
    "DialCallStatus",
    "To",
    "Called",
    "From",
    "Caller",
    "CallSid",
    "ErrorCode",
    "FinishedOnKey",
    "at",
    "lang",
    "Body",
    "MessageSid",
]
PLACES = [
    "menu:main",
    "menu:main/menu:services",
    "menu:main/menu:services/service:weekday",
    "menu:main/service:weekday",
    "menu:main/dial:weekday",
    "menu:main/dial:short",
    "menu:main/open",
    "menu:main/tip:0",
    "menu:main/tip:999",
    "menu:main/tip:-1",
    "menu:main/" + "menu:services/" * 20 + "open",
    "menu:nope",
    "service:weekday",
    "../../etc/passwd",
    "menu:main//",
    "menu:main/dial:",
    "menu:main/tip:٣",
    "menu:main/tip:00000001",
]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
digits = st.text(alphabet="0123456789*#wW ", max_size=6) | st.sampled_from(
    ["", "1", "55", "٣", "１", "\x00", "0" * 500]
)
#: Characters ``str.isdigit`` takes but ``int`` may refuse (``²``), and other numerals.
unicode_digits = st.text(
    st.characters(whitelist_categories=("Nd", "No", "Nl")), min_size=1, max_size=4
) | st.sampled_from(["²", "³³", "١", "１２", "⑨", "Ⅻ", "𝟗"])
statuses = st.sampled_from(["completed", "busy", "no-answer", "failed", "canceled", "", "ringing", "COMPLETED"]) | text
values = st.one_of(
    text,
    digits,
    unicode_digits,
    statuses,
    st.sampled_from(PLACES),
    st.sampled_from(
        [
            "en-GB",
            "pl-PL",
            "xx",
            "en-GB\x00",
            "silence",
            "dial",
            "-1",
            "99",
            "1e9",
            "",
            "%ff",
            LINE,
            "+999",
            "112",
            "sip:a@b",
        ]
    ),
)


@st.composite
def fuzzed_request(draw: st.DrawFn) -> dict:
    method = draw(st.sampled_from(METHODS))
    query_pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS) | text, values), max_size=6))
    if draw(st.booleans()):
        query = urlencode(query_pairs)
    else:  # raw bytes, as a hostile client could send, still percent-encoded on the wire
        query = quote_from_bytes(draw(st.binary(max_size=30)), safe="=&")
    form = MultiDict(draw(st.lists(st.tuples(st.sampled_from(FORM_KEYS) | text, values), max_size=8)))
    if draw(st.booleans()):
        form.setlist("To", [LINE])
        form.setlist("From", [draw(st.sampled_from([CALLER, MOBILE]))])
    sign = draw(st.sampled_from(["sha1", "none", "sha256", "wrong", "sha1", "garbage"]))  # half signed properly
    settings_header = draw(
        st.sampled_from(
            [None, "key=k1,algorithm=HMAC_SHA256", "algorithm=", "algorithm=MD5", ",,,=", "key=k1,algorithm=hmac_sha1"]
        )
    )
    return {"method": method, "query": query, "form": form, "sign": sign, "settings_header": settings_header}


class QuietTwilioApi(HttpClient):
    """twilio's HTTP layer replaced, so a fuzzed call that asks for a text gets one 'sent'."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("fuzz-http"), False, 4)

    def request(
        self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        return TwilioResponse(201, json.dumps({"sid": "SM" + "0" * 32, "status": "queued"}))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The line with everything switched on: a SharedKey, texts (through a fake HTTP layer)."""
    settings = Settings(
        auth_token=AUTH_TOKEN,
        shared_key=SHARED_KEY,
        account_sid=ACCOUNT,
        menus_dir=MENUS,
        locales_dir=LOCALES,
        now=parse_now(NOW),
        state_dir=tmp_path_factory.mktemp("state"),
    )
    app = create_app(settings, texter=Texter(ACCOUNT, AUTH_TOKEN, http_client=QuietTwilioApi()))
    app.testing = True
    return app


def webhook_paths(app) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("voice."))


def concrete_paths(app) -> list[str]:
    """Every route of the app, with its converters filled in."""
    return sorted({re.sub(r"<[^>]+>", "x", rule.rule) for rule in app.url_map.iter_rules()})


def send(client, path: str, req: dict):
    """Send a generated request; signed as Twilio would sign it when ``sign`` says so."""
    full = f"http://localhost{path}" + (f"?{req['query']}" if req["query"] else "")
    headers = {}
    params = req["form"] if req["method"] == "POST" else {}
    algo = HMAC_SHA1
    if req["sign"] == "sha256":
        headers["X-Twilio-Webhooks-Signature-Settings"] = "key=k1,algorithm=HMAC_SHA256"
        algo = HMAC_SHA256
    elif req["settings_header"] is not None:
        headers["X-Twilio-Webhooks-Signature-Settings"] = req["settings_header"]
    if req["sign"] == "sha1":
        headers.pop("X-Twilio-Webhooks-Signature-Settings", None)
        headers["X-Twilio-Signature"] = RequestValidator(AUTH_TOKEN).compute_signature(full, params)
    elif req["sign"] == "sha256":
        headers["X-Twilio-Signature"] = RequestValidator(SHARED_KEY).compute_signature(full, params, algo)
    elif req["sign"] == "wrong":
        headers["X-Twilio-Signature"] = RequestValidator("not-the-token").compute_signature(full, params)
    elif req["sign"] == "garbage":
        headers["X-Twilio-Signature"] = "\u00e9\u00ff==;"
    target = path + (f"?{req['query']}" if req["query"] else "")
    start = time.perf_counter()
    resp = client.open(target, method=req["method"], data=req["form"] if req["form"] else None, headers=headers)
    return resp, time.perf_counter() - start


def check_webhook_answer(resp, req: dict, elapsed: float) -> None:
    body = resp.get_data(as_text=True)
    assert elapsed < SLOW
    assert "Traceback" not in body
    assert CALLER not in body and MOBILE not in body
    properly_signed = req["sign"] in ("sha1", "sha256")
    if not properly_signed:
        assert resp.status_code == 403, (resp.status_code, body[:300])
        assert body == ""
        return
    assert resp.status_code == 200, (resp.status_code, body[:300])
    assert resp.mimetype == "text/xml"
    if req["method"] == "HEAD":
        return  # the same headers as GET, and by HTTP no body
    root = parse_twiml(body)
    # Something is said, and the call never ends in silence: it waits, is put through or ends.
    assert any((s.text or "").strip() for s in root.iter("Say"))
    assert list(root)[-1].tag in ("Redirect", "Dial", "Hangup")
    for dial in root.iter("Dial"):
        # Put through only with the line's own number as caller ID, never to 999/112.
        assert dial.get("callerId") == req["form"].get("To") == LINE
        assert dial.get("record") == "do-not-record"
        for number in dial.iter("Number"):
            assert number.text.strip().lstrip("+") not in ("999", "112", "44999", "44112")


@FUZZ
@given(req=fuzzed_request(), which=st.integers(min_value=0, max_value=10))
def test_webhooks_answer_403_or_valid_twiml_whatever_they_are_sent(app, req, which):
    paths = webhook_paths(app)
    assert "/voice" in paths and "/voice/fallback" in paths
    path = paths[which % len(paths)]
    resp, elapsed = send(app.test_client(), path, req)
    check_webhook_answer(resp, req, elapsed)


@FUZZ
@given(
    req=fuzzed_request(),
    which=st.integers(min_value=0, max_value=50),
    tail=st.sampled_from(["", "/", "/x", "/%ff", "//", "/../voice"]),
)
def test_every_route_survives_anything(app, req, which, tail):
    """Every route, whoever adds it (demo, site...), and paths beside them: no 500, no traceback."""
    paths = concrete_paths(app)
    path = paths[which % len(paths)] + tail
    path = path.replace("//", "/") if path.startswith("//") else path
    resp, elapsed = send(app.test_client(), quote(path, safe="/%."), req)
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, (path, req["method"], resp.status_code, body[:300])
    assert "Traceback" not in body and 'File "' not in body
    assert CALLER not in body
    assert elapsed < SLOW


@FUZZ
@given(req=fuzzed_request(), tail=st.sampled_from(["", "", "/", "/x"]))
def test_the_text_webhook_answers_403_or_one_message_whatever_it_is_sent(app, req, tail):
    """``/sms`` (texts): a bare 403 unless signed; else Messaging TwiML, a reply or, past the
    cap on one phone, nothing; never a voice verb, never a 500."""
    resp, elapsed = send(app.test_client(), "/sms" + tail, req)
    body = resp.get_data(as_text=True)
    assert elapsed < SLOW
    assert "Traceback" not in body and CALLER not in body and MOBILE not in body
    if req["sign"] not in ("sha1", "sha256"):
        assert (resp.status_code, body) == (403, ""), (resp.status_code, body[:300])
        return
    assert resp.status_code == 200 and resp.mimetype == "text/xml", (resp.status_code, body[:300])
    if req["method"] != "HEAD":
        root = parse_messaging_twiml(body)
        assert all(m.text and "999" in m.text for m in root.iter("Message")) or not tail, body[:300]


def test_the_fuzzer_reaches_the_line_not_only_the_signature_check(app):
    """A generated request signed as Twilio signs it is answered with a menu, not a 403."""
    req = {
        "method": "POST",
        "query": "at=menu%3Amain&lang=en-GB",
        "form": MultiDict({"Digits": "1", "To": LINE}),
        "sign": "sha1",
        "settings_header": None,
    }
    resp, _ = send(app.test_client(), "/voice", req)
    assert resp.status_code == 200 and "Weekday Helpline" in resp.get_data(as_text=True)
    # A phone of its own: the fuzzing above may have used up MOBILE's replies for the hour.
    text = {**req, "form": MultiDict({"Body": "TIPS", "From": "+447911123999", "To": LINE})}
    assert "Fixture tip one." in send(app.test_client(), "/sms", text)[0].get_data(as_text=True)
    req["sign"] = "sha256"
    resp, _ = send(app.test_client(), "/voice", req)
    assert resp.status_code == 200 and "Weekday Helpline" in resp.get_data(as_text=True)
    req["sign"] = "wrong"
    assert send(app.test_client(), "/voice", req)[0].status_code == 403


# --- the browser demo: JSON of every shape and depth ---------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | text
    | unicode_digits
    | st.sampled_from(["start", "key", "silence", "dial", "en-GB", "now", "menu:main"])
)
json_values = st.recursive(
    json_leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=30
)
DEMO_KEYS = ["event", "at", "lang", "digits", "silences", "status", "now"]
demo_steps = st.dictionaries(st.sampled_from(DEMO_KEYS) | text, json_values | st.sampled_from(PLACES), max_size=8)


@st.composite
def deep_json(draw: st.DrawFn) -> str:
    """Arrays or objects nested to any depth, past what the json module can parse."""
    depth = draw(st.integers(min_value=1, max_value=3000) | st.sampled_from([999, 1000, 1001, 5000]))
    inner = draw(st.sampled_from(["1", "[]", "{}", '"x"', "null", ""]))
    if draw(st.booleans()):
        return "[" * depth + inner + "]" * depth
    return '{"event":' * depth + inner + "}" * depth


demo_bodies = st.one_of(
    demo_steps.map(json.dumps),
    json_values.map(json.dumps),
    deep_json(),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        ["", "{", "[1,", '{"event": "key", "digits": "²"}', '{"event": "silence", "silences": "١"}', "NaN", '"\\ud800"']
    ),
)


@FUZZ
@given(
    body=demo_bodies,
    ctype=st.sampled_from(
        [
            "application/json",
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json; charset=latin-1",
        ]
    ),
)
def test_the_demo_answers_any_json_with_a_clean_answer(app, body, ctype):
    start = time.perf_counter()
    resp = app.test_client().post("/demo/step", data=body.encode("utf-8", "surrogatepass"), content_type=ctype)
    elapsed = time.perf_counter() - start
    assert resp.status_code in (200, 400, 413), (resp.status_code, body[:200])
    payload = resp.get_json()
    assert isinstance(payload, dict) and ("lines" in payload or "error" in payload)
    assert elapsed < SLOW


# --- every page anyone can open: odd hosts, queries and headers ------------------------------

header_text = text.map(lambda t: re.sub(r"[\r\n]", "", t))  # a header holds no line break
hosts = (
    st.sampled_from(["localhost", "127.0.0.1:5000", "[::1]:80", "", "a" * 300, "éx.org", "x:y:z", "localhost:99999999"])
    | header_text
)


@FUZZ
@given(
    path=st.sampled_from(
        ["/", "/healthz", "/card", "/demo", "/demo/", "/demo/static/demo.js", "/voice", "/voice/fallback", "/sms"]
    ),
    query=st.lists(st.tuples(st.sampled_from(["lang", "sheet", "at", "err", "t"]) | text, values), max_size=4),
    host=hosts,
    lang_header=header_text,
)
def test_the_site_pages_survive_odd_hosts_queries_and_headers(app, path, query, host, lang_header):
    resp = app.test_client().get(
        path, query_string=urlencode(query), headers={"Host": host, "Accept-Language": lang_header}
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, (path, query, host, resp.status_code, body[:300])
    assert "Traceback" not in body
