"""Answering by voice: words matched to the same options as the keys, asked again when unsure."""

from __future__ import annotations

import pytest

from ivr.speech import match, normalize, phrases
from ivr.testing import FakeTwilio

from .conftest import edited_menus, make_app

NOW = "2026-11-25T10:00:00+00:00"
CHOICES = {
    "1": ["talk to someone", "support"],
    "2": ["tips", "safety tips"],
    "5": ["open now", "who is open"],
    "*": ["back", "go back"],
}


@pytest.mark.parametrize(
    "heard, key",
    [
        ("Tips please", "2"),
        ("I want to talk to someone", "1"),
        ("safety tip", "2"),
        ("Who is open now?", "5"),
        ("GO BACK", "*"),
        ("tipps", "2"),
        ("banana", None),
        ("", None),
        ("tips and support", None),
    ],
)
def test_matching(heard, key):
    assert match(heard, CHOICES) == key


def test_normalize_and_phrases():
    assert normalize("  Ajutor,   VĂ rog! ") == "ajutor va rog"
    assert phrases("tips, safety tips,  advice") == ["tips", "safety tips", "advice"]
    assert phrases("小贴士，安全") == ["小贴士", "安全"]


def test_a_whole_call_by_voice(call_at):
    call = call_at(NOW)
    call.start()
    ans = call.say("talk to someone please")
    assert "Fixture services." in ans.text
    assert "short number friends" in ans.first("Gather").get("hints").lower()
    ans = call.say("Short Number Friends")
    assert "Short Number Friends. Fixture service on a short number." in ans.text
    assert "1 1 6. 1 1 7" in call.say("their number").text
    assert "Fixture services." in call.say("go back").text
    assert "For fixture tips, press 2." in call.say("back").text
    assert "First fixture topic" in call.say("safety tips").text
    assert "Second fixture topic" not in call.say("again").text


def test_put_through_by_voice(call_at):
    call = call_at(NOW)
    call.keys("1")
    assert call.say("weekday").first("Dial").find("Number").text == "+448081570123"  # open: straight through
    call = call_at(NOW)
    call.keys("1", "5")
    call.say("weekday")
    assert call.say("put me through").first("Dial").find("Number").text == "+448081570123"


@pytest.mark.parametrize(
    "words, confidence",
    [("safety tips", "0.1"), ("safety tips", None), ("safety tips", "nonsense"), ("blah blah", "0.95"), ("", "0.9")],
)
def test_unsure_or_unmatched_speech_asks_again(call_at, words, confidence):
    call = call_at(NOW)
    call.start()
    ans = call.say(words, confidence)
    assert ans.text.startswith("Sorry, I didn't catch that.")
    assert "For fixture tips, press 2." in ans.text and ans.first("Gather") is not None


def test_keys_alone_where_the_language_has_no_recognition(tmp_path):
    folder = edited_menus(tmp_path, "line.yaml", "\nspeech: [", "\nspeech: []\n# [")
    call = FakeTwilio(make_app(NOW, menus_dir=folder).test_client())
    gather = call.start().first("Gather")
    assert gather.get("input") == "dtmf" and gather.get("hints") is None


def test_speech_for_a_language_without_a_voice_is_refused(tmp_path):
    from ivr.menus import parse

    menus, problems = parse(edited_menus(tmp_path, "line.yaml", "\nspeech: [", "\nspeech: [xx-XX, "))
    assert menus is None and any(p.code == "line.speech_language" and "xx-XX" in p.message for p in problems)
