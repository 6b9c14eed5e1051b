"""Only Twilio drives a call: every webhook refuses a request it cannot prove came from Twilio."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from ivr.testing import AUTH_TOKEN, FakeTwilio

from .conftest import make_app

NOW = "2026-11-25T10:00:00+00:00"
WEBHOOKS = ["/voice", "/voice?at=menu%3Amain&lang=en-GB", "/voice/fallback"]


@pytest.mark.parametrize("path", WEBHOOKS)
def test_unsigned_requests_get_a_bare_403(path):
    client = make_app(NOW).test_client()
    resp = client.post(path, data=FakeTwilio(client).params())
    assert resp.status_code == 403 and resp.get_data() == b""


@pytest.mark.parametrize("path", WEBHOOKS)
def test_forged_signature_and_wrong_token_get_403(path):
    client = make_app(NOW).test_client()
    forged = FakeTwilio(client, token="not-the-token")
    assert forged.request(path, forged.params()).status == 403
    honest = FakeTwilio(client)
    sig = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost" + path, honest.params())
    tampered = {**honest.params(), "Digits": "1"}  # a parameter added after signing
    resp = client.post(path, data=tampered, headers={"X-Twilio-Signature": sig})
    assert resp.status_code == 403


def test_get_with_a_valid_signature_is_answered():
    client = make_app(NOW).test_client()
    sig = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/voice?lang=en-GB", {})
    resp = client.get("/voice?lang=en-GB", headers={"X-Twilio-Signature": sig})
    assert resp.status_code == 200 and b"<Gather" in resp.get_data()


def test_without_an_auth_token_every_webhook_refuses(caplog):
    app = make_app(NOW, auth_token="")
    assert "TWILIO_AUTH_TOKEN is not set" in caplog.text
    call = FakeTwilio(app.test_client(), token="")
    assert call.start().status == 403


def test_signature_checked_against_the_public_url_behind_a_tls_proxy():
    app = make_app(NOW, public_url="https://line.example.org")
    via_proxy = FakeTwilio(app.test_client(), base="https://line.example.org")
    # The proxy forwards to plain http://localhost; Flask sees that, Twilio signed the https URL.
    params = via_proxy.params()
    sig = RequestValidator(AUTH_TOKEN).compute_signature("https://line.example.org/voice", params)
    resp = app.test_client().post("/voice", data=params, headers={"X-Twilio-Signature": sig})
    assert resp.status_code == 200
    sig_for_inner_url = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/voice", params)
    resp = app.test_client().post("/voice", data=params, headers={"X-Twilio-Signature": sig_for_inner_url})
    assert resp.status_code == 403


def test_hmac_sha256_shared_key_variant():
    app = make_app(NOW, shared_key="shared-key-secret")
    client = app.test_client()
    params = FakeTwilio(client).params()
    url = "http://localhost/voice"
    good = RequestValidator("shared-key-secret").compute_signature(url, params, algorithm="HMAC_SHA256")
    settings_header = {"X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"}
    assert (
        client.post("/voice", data=params, headers={"X-Twilio-Signature": good, **settings_header}).status_code == 200
    )
    sha1_with_shared = RequestValidator("shared-key-secret").compute_signature(url, params)
    assert (
        client.post(
            "/voice", data=params, headers={"X-Twilio-Signature": sha1_with_shared, **settings_header}
        ).status_code
        == 403
    )
    unknown = {"X-Twilio-Webhooks-Signature-Settings": "algorithm=HMAC_MD5"}
    assert client.post("/voice", data=params, headers={"X-Twilio-Signature": good, **unknown}).status_code == 403


def test_site_pages_need_no_signature_and_show_no_secret():
    client = make_app(NOW).test_client()
    page = client.get("/")
    assert page.status_code == 200 and b"/voice/fallback" in page.data and AUTH_TOKEN.encode() not in page.data
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "ok" and len(health.json["version"]) == 12
