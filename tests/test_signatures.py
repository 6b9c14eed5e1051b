"""Twilio's signature, at the edges a real deployment meets: a TLS proxy, ports, slashes,
repeated parameters, the HMAC-SHA256 SharedKey variant, and forgeries of every kind."""

from __future__ import annotations

import pytest
from twilio.request_validator import HMAC_SHA256, RequestValidator
from werkzeug.datastructures import MultiDict

from ivr import create_app
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, CALLER, LINE, parse_twiml

from .conftest import LOCALES, MENUS, make_app

NOW = "2026-11-25T10:00:00+00:00"
SHARED_KEY = "test-shared-key-fedcba9876543210"
PUBLIC = "https://line.example.org"
#: Where gunicorn sees the request behind the proxy: plain HTTP on a private address.
INSIDE = "http://10.0.0.5:8000"
SHA256_SETTINGS = {"X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"}


def params(**extra: str) -> MultiDict:
    p = MultiDict({"CallSid": "CA" + "0" * 32, "From": CALLER, "Caller": CALLER, "To": LINE, "Called": LINE})
    for k, v in extra.items():
        p.add(k, v)
    return p


def signature(url: str, form, token: str = AUTH_TOKEN, algorithm: str | None = None) -> str:
    return RequestValidator(token).compute_signature(url, form, algorithm)


def post(
    app,
    path: str,
    form,
    sig: str | None,
    base: str = "http://localhost",
    headers: dict | None = None,
    method: str = "POST",
):
    hdrs = dict(headers or {})
    if sig is not None:
        hdrs["X-Twilio-Signature"] = sig
    return app.test_client().open(
        path, method=method, data=form if method == "POST" else None, headers=hdrs, base_url=base
    )


def assert_answered(resp) -> None:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:200]
    parse_twiml(resp.get_data())


def assert_refused(resp) -> None:
    assert resp.status_code == 403
    assert resp.get_data() == b""


@pytest.fixture(scope="module")
def behind_proxy():
    return make_app(NOW, public_url=PUBLIC)


def test_behind_a_tls_proxy_the_public_https_url_is_what_is_checked(behind_proxy):
    form = params()
    assert_answered(post(behind_proxy, "/voice", form, signature(f"{PUBLIC}/voice", form), base=INSIDE))
    # What the app sees inside the proxy is not what Twilio signed: refused.
    assert_refused(post(behind_proxy, "/voice", form, signature(f"{INSIDE}/voice", form), base=INSIDE))


def test_without_ivr_public_url_a_proxy_makes_every_twilio_request_fail():
    """Why production needs IVR_PUBLIC_URL: Twilio signs https://..., the app sees http://..."""
    app = make_app(NOW)
    form = params()
    assert_refused(post(app, "/voice", form, signature(f"{PUBLIC}/voice", form), base=INSIDE))


def test_ivr_public_url_read_from_the_environment_with_a_trailing_slash():
    settings = Settings.from_env({"IVR_PUBLIC_URL": PUBLIC + "/", "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    assert settings.public_url == PUBLIC and not settings.problems
    app = make_app(NOW, public_url=settings.public_url)
    form = params()
    assert_answered(post(app, "/voice", form, signature(f"{PUBLIC}/voice", form), base=INSIDE))


@pytest.mark.parametrize("signed_as", [f"{PUBLIC}/voice", "https://line.example.org:443/voice"])
@pytest.mark.parametrize("public", [PUBLIC, "https://line.example.org:443"])
def test_twilio_may_sign_with_or_without_the_default_port(signed_as, public):
    app = make_app(NOW, public_url=public)
    form = params()
    assert_answered(post(app, "/voice", form, signature(signed_as, form), base=INSIDE))


def test_an_explicit_non_default_port():
    """twilio's validator also tries the URL without its port; the host must still match."""
    app = make_app(NOW, public_url="https://line.example.org:8443")
    form = params()
    assert_answered(post(app, "/voice", form, signature("https://line.example.org:8443/voice", form), base=INSIDE))
    assert_answered(post(app, "/voice", form, signature(f"{PUBLIC}/voice", form), base=INSIDE))
    assert_refused(post(app, "/voice", form, signature("https://line.example.org:8444/voice", form), base=INSIDE))
    assert_refused(post(app, "/voice", form, signature("https://other.example.org:8443/voice", form), base=INSIDE))


def test_a_malformed_host_port_is_refused_not_a_500():
    app = make_app(NOW)
    form = params()
    url = "http://line.example.org:99999/voice"
    resp = app.test_client().post(
        "/voice", data=form, headers={"Host": "line.example.org:99999", "X-Twilio-Signature": signature(url, form)}
    )
    assert_refused(resp)


def test_ports_on_a_direct_connection():
    """No proxy: the Host header (with its port) is the URL Twilio used."""
    app = make_app(NOW)
    form = params()
    assert_answered(
        post(
            app,
            "/voice",
            form,
            signature("http://line.example.org:8080/voice", form),
            base="http://line.example.org:8080",
        )
    )
    assert_answered(
        post(app, "/voice", form, signature("http://line.example.org/voice", form), base="http://line.example.org:80")
    )


@pytest.mark.parametrize("path", ["/voice/", "/voice/fallback/"])
def test_a_webhook_url_configured_with_a_trailing_slash_still_answers(behind_proxy, path):
    form = params()
    resp = post(behind_proxy, path, form, signature(f"{PUBLIC}{path}", form), base=INSIDE)
    assert_answered(resp)
    assert "9 9 9" in resp.get_data(as_text=True)
    # ...but the slash is part of what Twilio signed.
    other = path.rstrip("/")
    assert_refused(post(behind_proxy, path, form, signature(f"{PUBLIC}{other}", form), base=INSIDE))


def test_repeated_parameters_are_all_signed(behind_proxy):
    form = params(Digits="1")
    form.add("Digits", "2")
    form.add("Custom", "b")
    form.add("Custom", "a")
    assert_answered(
        post(
            behind_proxy,
            "/voice?at=menu%3Amain&lang=en-GB",
            form,
            signature(f"{PUBLIC}/voice?at=menu%3Amain&lang=en-GB", form),
            base=INSIDE,
        )
    )
    # A signature over only the first of the repeated values does not cover the request.
    first_only = {k: form.get(k) for k in form}
    assert_refused(post(behind_proxy, "/voice", form, signature(f"{PUBLIC}/voice", first_only), base=INSIDE))


def test_sha256_shared_key_variant():
    app = make_app(NOW, public_url=PUBLIC, shared_key=SHARED_KEY)
    form = params()
    url = f"{PUBLIC}/voice"
    assert_answered(
        post(app, "/voice", form, signature(url, form, SHARED_KEY, HMAC_SHA256), base=INSIDE, headers=SHA256_SETTINGS)
    )
    # The Auth Token still signs requests that do not name the shared key's algorithm.
    assert_answered(post(app, "/voice", form, signature(url, form), base=INSIDE))
    # Mixing secrets and algorithms is refused.
    assert_refused(
        post(app, "/voice", form, signature(url, form, AUTH_TOKEN, HMAC_SHA256), base=INSIDE, headers=SHA256_SETTINGS)
    )
    assert_refused(post(app, "/voice", form, signature(url, form, SHARED_KEY), base=INSIDE))
    assert_refused(post(app, "/voice", form, signature(url, form, SHARED_KEY), base=INSIDE, headers=SHA256_SETTINGS))
    unsupported = {"X-Twilio-Webhooks-Signature-Settings": "key=k,algorithm=HMAC_SHA512"}
    assert_refused(
        post(app, "/voice", form, signature(url, form, SHARED_KEY, HMAC_SHA256), base=INSIDE, headers=unsupported)
    )


@pytest.mark.parametrize(
    "forgery",
    [
        "wrong token",
        "missing header",
        "empty header",
        "another url",
        "another host",
        "tampered at",
        "tampered digits",
        "added field",
        "garbage",
    ],
)
def test_forgeries_get_a_bare_403(behind_proxy, forgery):
    form = params(Digits="1")
    path = "/voice?at=menu%3Amain&lang=en-GB"
    url = f"{PUBLIC}{path}"
    sig = signature(url, form)
    base = INSIDE
    if forgery == "wrong token":
        sig = signature(url, form, "not-the-auth-token")
    elif forgery == "missing header":
        sig = None
    elif forgery == "empty header":
        sig = ""
    elif forgery == "another url":
        sig = signature(f"{PUBLIC}/voice/fallback", form)
    elif forgery == "another host":
        sig = signature(f"https://evil.example.com{path}", form)
    elif forgery == "tampered at":
        path = "/voice?at=menu%3Amain%2Fdial%3Anum&lang=en-GB&ev=dial"
    elif forgery == "tampered digits":
        form.setlist("Digits", ["2"])
    elif forgery == "added field":
        form.add("DialCallStatus", "completed")
    elif forgery == "garbage":
        sig = "é" * 28
    assert_refused(post(behind_proxy, path, form, sig, base=base))


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND"])
def test_unsigned_requests_of_any_method_and_any_path_under_voice_get_403(behind_proxy, method):
    for path in ["/voice", "/voice/fallback", "/voice/", "/voice/anything"]:
        assert_refused(post(behind_proxy, path, params(), None, base=INSIDE, method=method))


def test_get_webhooks_are_signed_over_the_url_alone(behind_proxy):
    path = "/voice?at=menu%3Amain&lang=en-GB&Digits=2"
    assert_answered(post(behind_proxy, path, {}, signature(f"{PUBLIC}{path}", {}), base=INSIDE, method="GET"))


def test_a_signed_request_twilio_would_never_send_still_gets_safe_twiml(behind_proxy):
    """A mistyped URL or method in the number's configuration: the caller hears the 999 advice."""
    resp = post(behind_proxy, "/voice/typo", {}, signature(f"{PUBLIC}/voice/typo", {}), base=INSIDE, method="PUT")
    assert_answered(resp)
    assert "dial 9 9 9" in resp.get_data(as_text=True)


def test_no_auth_token_refuses_everything():
    app = create_app(Settings(auth_token="", menus_dir=MENUS, locales_dir=LOCALES, now=parse_now(NOW)))
    form = params()
    assert_refused(post(app, "/voice", form, signature("http://localhost/voice", form, "")))
    assert_refused(post(app, "/voice", form, signature("http://localhost/voice", form)))
