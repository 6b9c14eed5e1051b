"""Always an answer: nonsense, tampering and bugs still give the caller valid TwiML and a way on."""

from __future__ import annotations

import pytest

import ivr.web.voice as voice_module
from ivr.testing import FakeTwilio

from .conftest import make_app

NOW = "2026-11-25T10:00:00+00:00"


@pytest.fixture
def call():
    return FakeTwilio(make_app(NOW).test_client())


@pytest.mark.parametrize("digits", ["", "abc", "99999", "*#", "ñ", "1" * 500, " ", "\x00", "1\n2"])
def test_nonsense_digits_get_a_menu(call, digits):
    call.start()
    ans = call.press(digits)
    assert ans.status == 200 and ans.first("Gather") is not None


@pytest.mark.parametrize(
    "at",
    [
        "nowhere",
        "menu:main/menu:nope",
        "menu:services",
        "menu:main/service:ghost",
        "menu:main/tip:999",
        "menu:main/tip:-1",
        "menu:main/" + "menu:services/" * 20,
        "%00",
        "menu:main/dial:ghost",
        "open",
    ],
)
def test_tampered_place_goes_to_the_main_menu(call, at):
    ans = call.request(f"/voice?at={at}&lang=en-GB", call.params(Digits="1"))
    assert ans.status == 200
    assert "For fixture tips, press 2." in ans.text


@pytest.mark.parametrize(
    "query", ["lang=xx-XX", "lang=", "ev=silence&s=abc", "ev=silence&s=99999999", "ev=dial", "err=zz", "ev=bogus"]
)
def test_odd_query_values_still_answer(call, query):
    ans = call.request(f"/voice?at=menu%3Amain&{query}", call.params())
    assert (
        ans.status == 200
        and ans.root is not None
        and (ans.first("Gather") is not None or ans.first("Hangup") is not None)
    )


def test_unknown_dial_status_is_treated_as_failed(call):
    call.keys("1", "1")
    ans = call.dial_ends("something-new")
    assert "did not go through" in ans.text and ans.first("Gather") is not None


def test_a_bug_in_the_core_still_gives_the_999_advice_and_the_way_back(call, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(voice_module, "step", broken)
    ans = call.start()
    assert ans.status == 200
    assert "dial 999" in ans.text and "press 55" in ans.text
    redirect = ans.first("Redirect")
    assert redirect is not None and "menu%3Amain" in redirect.text and "err=1" in redirect.text
    # Still broken on the retry: end with the safe words rather than loop forever.
    again = call.follow()
    assert again.first("Hangup") is not None and "dial 999" in again.text
    assert "boom" in caplog.text  # the maintainer can see what went wrong


def test_the_way_back_after_an_error_keeps_the_callers_language(call, monkeypatch):
    monkeypatch.setattr(voice_module, "step", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    ans = call.request("/voice?at=menu%3Amain&lang=pl-PL", call.params(Digits="1"))
    assert "lang=pl-PL" in ans.first("Redirect").text


def test_after_one_error_a_working_line_carries_on(call):
    ans = call.request("/voice?at=menu%3Amain&err=1", call.params())
    assert "For fixture tips, press 2." in ans.text
    assert "err=" not in ans.first("Gather").get("action")


def test_fallback_still_answers_when_the_menus_are_gone(call, monkeypatch):
    store = call.client.application.extensions["ivr"]["store"]
    monkeypatch.setattr(store, "current", lambda: (_ for _ in ()).throw(OSError("menus unreadable")))
    assert "dial 999" in call.request("/voice/fallback", call.params()).text
    ans = call.start()  # the main webhook also answers, with the safe words
    assert ans.status == 200 and "dial 999" in ans.text


def test_invalid_menus_never_stop_the_line_it_answers_the_safe_words(tmp_path):
    from ivr import create_app
    from ivr.settings import Settings
    from ivr.testing import AUTH_TOKEN

    from .conftest import edited_menus

    folder = edited_menus(tmp_path, "services.yaml", "number: 0808 157 0789", "number: 999")
    app = create_app(Settings(auth_token=AUTH_TOKEN, menus_dir=folder, state_dir=tmp_path / "state"))
    answer = FakeTwilio(app.test_client()).start()
    assert answer.status == 200 and "dial 999" in answer.text and "Samaritans" in answer.text
    problems = app.test_client().get("/healthz").get_json()["problems"]
    assert any(p.startswith("services.yaml:") and "emergency" in p for p in problems)


def test_a_language_without_its_catalogue_is_named_at_start(tmp_path, caplog):
    make_app(NOW, locales_dir=tmp_path / "no-locales")
    assert "no translation catalogue for pl-PL, ro-RO" in caplog.text and "hear English" in caplog.text
    caplog.clear()
    make_app(NOW)
    assert "no translation catalogue" not in caplog.text
