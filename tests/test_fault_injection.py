"""Faults: the line's own code raising, the clock jumping, a corrupt catalogue, the menus
folder vanishing after start. Each time the caller still hears valid TwiML with the 999
advice (or the real menus), and the log says what is wrong without any caller's number."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

import ivr.flow
import ivr.web.voice
from ivr import create_app
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.store import Store
from ivr.testing import AUTH_TOKEN, CALLER, FakeTwilio

from .conftest import LOCALES, MENUS, make_app

NOW = "2026-11-25T10:00:00+00:00"
SAFE = "Sorry, this line has a problem right now."


def app_with(menus_dir: Path = MENUS, locales_dir: Path = LOCALES, when: str = NOW, poll: float | None = None):
    """The line on these folders; ``poll=0`` looks for edited files on every request."""
    settings = Settings(auth_token=AUTH_TOKEN, menus_dir=menus_dir, locales_dir=locales_dir, now=parse_now(when))
    store = Store(menus_dir, locales_dir, poll_seconds=poll) if poll is not None else None
    app = create_app(settings, store)
    app.testing = True
    return app


def no_caller_number_in(caplog) -> None:
    for record in caplog.records:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert CALLER not in text and CALLER.lstrip("+") not in text and "07700 900123" not in text


# --- the core raises ------------------------------------------------------------------


def test_when_the_core_raises_the_caller_hears_999_advice_then_goes_back_to_the_menu_once(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the core is broken")

    monkeypatch.setattr(ivr.flow, "step", broken)
    monkeypatch.setattr(ivr.web.voice, "step", broken)
    call = FakeTwilio(make_app(NOW).test_client())
    with caplog.at_level(logging.DEBUG):
        ans = call.start()
        assert ans.status == 200
        assert ans.text.startswith(SAFE) and "dial 999" in ans.text and "press 55" in ans.text
        assert "err=1" in ans.first("Redirect").text
        ans = call.follow()  # still broken: the call ends with the safe words instead of looping
        assert ans.status == 200 and "dial 999" in ans.text
        assert ans.first("Hangup") is not None and ans.first("Redirect") is None
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name == "ivr.voice"]
    assert len(failures) == 2 and "the core is broken" in caplog.text
    no_caller_number_in(caplog)


def test_when_twiml_rendering_raises_the_caller_still_gets_the_safe_words(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("cannot render")

    monkeypatch.setattr(ivr.web.voice.twiml, "render", broken)
    with caplog.at_level(logging.INFO):
        ans = FakeTwilio(make_app(NOW).test_client()).start()
    assert ans.status == 200 and ans.text.startswith(SAFE)
    assert "cannot render" in caplog.text
    no_caller_number_in(caplog)


def test_the_fallback_url_needs_nothing_that_can_break(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("no menus")

    app = make_app(NOW)
    monkeypatch.setattr(app.extensions["ivr"]["store"], "current", broken)
    call = FakeTwilio(app.test_client())
    with caplog.at_level(logging.INFO):
        ans = call.request("/voice/fallback", call.params(ErrorCode="11200"))
        assert ans.status == 200 and "dial 999" in ans.text
        ans = call.start()
        assert ans.status == 200 and ans.text.startswith(SAFE)
    assert "11200" in caplog.text
    no_caller_number_in(caplog)


# --- the clock jumps ------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        "1900-01-01T10:00:00+00:00",
        "1970-01-01T00:00:00+00:00",
        "1990-06-01T10:00:00+00:00",
        "2038-01-19T03:14:08+00:00",
        "2090-12-25T10:00:00+00:00",
        "2100-03-28T01:30:00+00:00",
    ],
)
def test_a_clock_far_in_the_past_or_future_still_gives_the_real_menus(when, caplog):
    app = make_app(when)
    with caplog.at_level(logging.WARNING):
        call = FakeTwilio(app.test_client())
        ans = call.start()
        assert "dial 999" in ans.text and SAFE not in ans.text
        for keys in [("5",), ("1", "1"), ("1", "2"), ("1", "3"), ("1", "4"), ("1", "5"), ("2", "1"), ("3",), ("4",)]:
            ans = FakeTwilio(app.test_client()).keys(*keys)
            assert ans.status == 200 and SAFE not in ans.text, (keys, ans.text)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00+00:00"])
def test_a_clock_at_the_ends_of_time_answers_the_safe_words_and_says_why(when, caplog):
    with caplog.at_level(logging.INFO):
        call = FakeTwilio(make_app(when).test_client())
        ans = call.start()
        assert ans.status == 200
        assert "dial 999" in ans.text  # the welcome or the safe words: either way the advice
        ans = FakeTwilio(make_app(when).test_client()).keys("5")
        assert ans.status == 200 and "dial 999" in ans.text
    no_caller_number_in(caplog)


def test_a_bad_ivr_now_is_explained_and_the_real_clock_used(caplog):
    settings = Settings.from_env({"IVR_NOW": "the year 1990", "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "IVR_MENUS": str(MENUS)})
    assert settings.now is None and any("IVR_NOW" in p for p in settings.problems)
    with caplog.at_level(logging.WARNING):
        app = create_app(settings)
    assert "IVR_NOW" in caplog.text
    assert FakeTwilio(app.test_client()).start().status == 200


# --- a corrupt catalogue --------------------------------------------------------------


@pytest.fixture
def menus_with_polish(tmp_path: Path) -> Path:
    """The real menus, with a Polish voice, so a caller can ask for ``lang=pl-PL``."""
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    line = folder / "line.yaml"
    text = line.read_text(encoding="utf-8")
    if "pl-PL:" not in text:
        line.write_text(text.replace("\nvoices:\n", "\nvoices:\n  pl-PL: Polly.Ewa\n", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\x00" * 3,
        b"not a catalogue at all",
        b"\xde\x12\x04\x95" + b"\xff" * 40,
        b"\x95\x04\x12\xde" + b"\x00\x00\x00\x00" + b"\xff\xff\xff\x7f" * 5,
    ],
    ids=["empty", "nul", "text", "bad-offsets-le", "bad-offsets-be"],
)
def test_a_corrupt_catalogue_is_logged_once_and_the_caller_hears_english(tmp_path, menus_with_polish, garbage, caplog):
    locales = tmp_path / "locales"
    (locales / "pl_PL" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "pl_PL" / "LC_MESSAGES" / "messages.mo").write_bytes(garbage)
    (locales / "pl_PL" / "LC_MESSAGES" / "messages.po").write_bytes(b'msgid "x\n\xff\xfe garbage')

    def complaints() -> list[logging.LogRecord]:
        return [
            r
            for r in caplog.records
            if r.levelno >= logging.WARNING and ("pl_PL" in r.getMessage() or "pl-PL" in r.getMessage())
        ]

    counts = []
    with caplog.at_level(logging.DEBUG):
        app = app_with(menus_with_polish, locales)
        for _ in range(3):
            call = FakeTwilio(app.test_client())
            ans = call.request("/voice?at=menu%3Amain&lang=pl-PL", call.params(Digits="1"))
            assert ans.status == 200 and SAFE not in ans.text
            assert "Weekday Helpline" in ans.text
            assert {s.get("language") for s in ans.says} == {"en-GB"}  # English words in an English voice
            counts.append(len(complaints()))
    # Said as a warning or worse (at start and at first use), and not again on every call.
    assert counts[0] >= 1 and counts[0] == counts[-1], counts
    assert any("catalogue" in r.getMessage() for r in complaints())
    no_caller_number_in(caplog)


def test_a_missing_locales_folder_means_english(tmp_path, menus_with_polish):
    app = app_with(menus_with_polish, tmp_path / "nowhere")
    call = FakeTwilio(app.test_client())
    ans = call.request("/voice?at=menu%3Amain&lang=pl-PL", call.params(Digits="2"))
    assert ans.status == 200 and "tip" in ans.text.lower() and SAFE not in ans.text


# --- the menus folder goes away after start -------------------------------------------


@pytest.mark.parametrize("fault", ["vanishes", "becomes a file", "garbage", "emptied"])
def test_the_running_line_keeps_its_last_good_menus_and_says_what_is_wrong(tmp_path, caplog, fault):
    """The menus folder breaks while the line runs, and the line looks for edits on every request."""
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    app = app_with(folder, poll=0)
    before = FakeTwilio(app.test_client()).keys("1", "5", "1").text
    if fault in ("vanishes", "becomes a file"):
        shutil.rmtree(folder)
        if fault == "becomes a file":
            folder.write_bytes(b"not a folder")
    else:
        for f in folder.iterdir():
            f.write_bytes(b"\xff\xfe: [ {{{ garbage" if fault == "garbage" else b"")
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            call = FakeTwilio(app.test_client())
            assert call.keys("1", "5", "1").text == before  # the last good version, word for word
            assert call.press("2").status == 200
        assert app.test_client().get("/healthz").status_code == 200
    said = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("ivr")]
    assert said, "the log must say that the menus cannot be used"
    assert len(said) <= 2  # once, not on every request
    no_caller_number_in(caplog)


def test_a_line_starting_on_broken_menus_answers_the_safe_words_and_says_why(tmp_path, caplog):
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    (folder / "services.yaml").write_text("services: [ {{{", encoding="utf-8")
    app = create_app(
        Settings(
            auth_token=AUTH_TOKEN,
            menus_dir=folder,
            locales_dir=LOCALES,
            now=parse_now(NOW),
            state_dir=tmp_path / "state",
        )
    )
    answer = FakeTwilio(app.test_client()).start()
    assert answer.status == 200 and "dial 999" in answer.text
    assert "services.yaml:1: " in caplog.text and str(folder) not in caplog.text
