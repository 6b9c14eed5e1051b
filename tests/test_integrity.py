"""The line obeys only what Twilio signed, and never answers 500 to odd input.

For GET, Twilio's signature covers the URL alone: a form body added to a captured signed GET
must change nothing. For POST it covers the URL and the form fields.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from ivr.testing import AUTH_TOKEN, LINE, parse_twiml

from .conftest import make_app

NOW = "2026-11-25T10:00:00+00:00"


def signed_get(app, query: dict, body: dict | None = None, method: str = "GET"):
    url = "http://localhost/voice?" + urlencode(query)
    sig = RequestValidator(AUTH_TOKEN).compute_signature(url, {})
    return app.test_client().open(url, method=method, data=body, headers={"X-Twilio-Signature": sig})


def test_a_signed_get_ignores_digits_added_in_an_unsigned_body():
    app = make_app(NOW)
    query = {"at": "menu:main", "lang": "en-GB", "To": LINE}
    plain = signed_get(app, query)
    tampered = signed_get(app, query, {"Digits": "1"})
    assert plain.status_code == tampered.status_code == 200
    assert "Weekday Helpline" not in tampered.get_data(as_text=True)  # key 1 was not obeyed
    assert tampered.get_data() == plain.get_data()


def test_a_signed_get_reads_to_and_from_from_its_url_only():
    """A body ``To`` on a signed GET must not become the caller ID of a <Dial>."""
    app = make_app(NOW)
    query = {"at": "menu:main/menu:services/service:weekday", "lang": "en-GB", "Digits": "1"}
    tampered = signed_get(app, query, {"To": LINE, "From": "+447911123456"})
    assert parse_twiml(tampered.get_data()).find("Dial") is None  # no line number signed: no caller ID
    signed = signed_get(app, {**query, "To": LINE})
    assert parse_twiml(signed.get_data()).find("Dial").get("callerId") == LINE


def test_a_signed_get_obeys_what_its_url_says():
    app = make_app(NOW)
    ans = signed_get(app, {"at": "menu:main", "lang": "en-GB", "Digits": "1", "To": LINE})
    assert "Weekday Helpline" in ans.get_data(as_text=True)


@pytest.mark.parametrize("err", ["²", "١", "１", "³³", "-1", "1e3", "", "99999"])
def test_odd_error_counts_in_a_signed_url_give_twiml_not_500(err):
    app = make_app(NOW)
    ans = signed_get(app, {"at": "menu:main", "lang": "en-GB", "err": err, "t": err, "ev": "silence", "s": err})
    assert ans.status_code == 200
    parse_twiml(ans.get_data())


def test_deeply_nested_json_to_the_demo_is_a_clean_400():
    app = make_app(NOW)
    for body in ("[" * 10_000 + "]" * 10_000, '{"a":' * 5_000 + "1" + "}" * 5_000):  # deep, yet under the size limit
        resp = app.test_client().post("/demo/step", data=body, content_type="application/json")
        assert resp.status_code == 400, resp.status_code
        assert "JSON object" in resp.get_json()["error"]
