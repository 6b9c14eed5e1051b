"""``ivr twilio connect``: the exact requests to Twilio's API through twilio's own client, with
its HTTP client replaced by a fake (tests/twilio_api.py): never the network."""

from __future__ import annotations

import re

import pytest
import requests

import ivr.twilio_number
from ivr.cli import main
from tests.conftest import LOCALES, MENUS
from tests.twilio_api import ACCOUNT, API, TOKEN, FakeTwilioAPI, Seen, number

PN = "PN" + "1" * 32
LINE = "https://line.example.org"
WANTED = {
    "VoiceUrl": f"{LINE}/voice",
    "VoiceFallbackUrl": f"{LINE}/voice/fallback",
    "VoiceFallbackMethod": "POST",
    "StatusCallback": f"{LINE}/voice/status",
}


@pytest.fixture
def api(monkeypatch):
    """The fake API, with the line's number on it, and the settings to reach it."""
    fake = FakeTwilioAPI(numbers={PN: number(voice_fallback_method="GET")})
    monkeypatch.setattr(ivr.twilio_number, "TwilioHttpClient", lambda **kw: fake)
    for name, value in {
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "IVR_PUBLIC_URL": LINE + "/",
        "IVR_MENUS": str(MENUS),
        "IVR_LOCALES": str(LOCALES),
    }.items():
        monkeypatch.setenv(name, value)
    return fake


LOOKUP = Seen("GET", f"{API}/IncomingPhoneNumbers.json", {"PhoneNumber": "+448001234567", "PageSize": 20}, {})


def test_shows_the_change_then_sets_every_webhook_with_post(api, capsys):
    assert main(["twilio", "connect", "--number", "+44 800 123 4567", "--yes"]) == 0
    assert api.seen == [LOOKUP, Seen("POST", f"{API}/IncomingPhoneNumbers/{PN}.json", {}, WANTED)]
    out = capsys.readouterr().out
    assert "A call comes in" in out and f"https://demo.twilio.com/welcome/voice/  →  {LINE}/voice" in out
    assert re.search(r"its HTTP method +GET  →  POST", out)
    assert f"Done: Twilio now sends the calls of +448001234567 to {LINE}/voice" in out
    # Run again: Twilio has it all, so nothing is sent.
    assert main(["twilio", "connect", "--number", "08001234567", "--yes"]) == 0
    assert api.seen[2:] == [LOOKUP]
    assert "nothing to change" in capsys.readouterr().out


def test_asks_first_and_a_no_changes_nothing(api, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda q: "n")
    assert main(["twilio", "connect", "--number", "+448001234567"]) == 1
    assert [s.method for s in api.seen] == ["GET"]
    assert "Nothing changed" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda q: "yes")
    assert main(["twilio", "connect", "--number", "+448001234567"]) == 0
    assert [s.method for s in api.seen] == ["GET", "GET", "POST"]


def test_without_a_terminal_it_changes_nothing_unless_told_yes(api, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["twilio", "connect", "--number", "+448001234567"]) == 1
    assert [s.method for s in api.seen] == ["GET"]


def test_a_twiml_app_on_the_number_is_cleared_since_it_would_override_the_urls(api, capsys):
    api.numbers[PN].update(voice_application_sid="AP" + "9" * 32, voice_fallback_method="POST")
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert api.seen[-1].data == {
        **{k: v for k, v in WANTED.items() if k != "VoiceFallbackMethod"},
        "VoiceApplicationSid": "",
    }
    assert "TwiML App for calls" in capsys.readouterr().out


def test_a_get_webhook_is_turned_to_post(api):
    api.numbers[PN].update(
        voice_url=f"{LINE}/voice",
        voice_method="GET",
        voice_fallback_url=f"{LINE}/voice/fallback",
        voice_fallback_method="POST",
        status_callback=f"{LINE}/voice/status",
    )
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert api.seen[-1].data == {"VoiceMethod": "POST"}


@pytest.mark.parametrize("url", ["http://line.example.org", "ftp://line.example.org"])
def test_refuses_a_public_url_that_is_not_https(api, monkeypatch, capsys, url):
    monkeypatch.setenv("IVR_PUBLIC_URL", url)
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    assert api.seen == []
    assert "not an https address" in capsys.readouterr().err


def test_refuses_without_a_public_url(api, monkeypatch, capsys):
    monkeypatch.delenv("IVR_PUBLIC_URL")
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    assert api.seen == [] and "IVR_PUBLIC_URL is not set" in capsys.readouterr().err


def test_a_number_not_on_the_account(api, capsys):
    assert main(["twilio", "connect", "--number", "+448081570000", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "+448081570000 is not a number of this Twilio account" in err
    assert [s.method for s in api.seen] == ["GET"]


def test_not_a_phone_number(api, capsys):
    assert main(["twilio", "connect", "--number", "line", "--yes"]) == 1
    assert api.seen == [] and "is not a phone number" in capsys.readouterr().err


def test_bad_credentials(api, monkeypatch, capsys):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "c" * 32)
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "Twilio refused the account SID and Auth Token (HTTP 401)" in err and "Traceback" not in err


def test_missing_credentials(api, monkeypatch, capsys):
    monkeypatch.delenv("TWILIO_ACCOUNT_SID")
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    assert api.seen == [] and "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must both be set" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (requests.exceptions.ConnectionError("no route"), "cannot be reached from here"),
        (requests.exceptions.ReadTimeout("slow"), "did not answer within"),
        (503, "Twilio answered HTTP 503"),
    ],
)
def test_no_network_or_twilio_down(api, capsys, failure, says):
    api.fail = failure
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    assert says in capsys.readouterr().err


def test_a_number_on_a_sip_trunk_is_left_alone(api, capsys):
    api.numbers[PN]["trunk_sid"] = "TK" + "1" * 32
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 1
    assert [s.method for s in api.seen] == ["GET"] and "Elastic SIP trunk" in capsys.readouterr().err


def test_texts_switched_on_also_set_the_messaging_webhook(api, monkeypatch):
    """With IVR_SMS=on the number's texts go to /sms too, by POST; with texts off it is left alone."""
    api.numbers[PN]["sms_method"] = "GET"
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert api.seen[-1].data == WANTED
    monkeypatch.setenv("IVR_SMS", "on")
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert api.seen[-1].data == {"SmsUrl": f"{LINE}/sms", "SmsMethod": "POST"}  # the voice ones are set already


def test_says_when_the_number_is_not_the_lines_own_in_line_yaml(api, capsys, tmp_path, monkeypatch):
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert "Note: +448001234567 is not the line's number" in capsys.readouterr().out  # the fixture sets none
    import shutil

    shutil.copytree(MENUS, tmp_path / "menus")
    with (tmp_path / "menus" / "line.yaml").open("a", encoding="utf-8") as f:
        f.write("phone: 0800 123 4567\n")
    monkeypatch.setenv("IVR_MENUS", str(tmp_path / "menus"))
    assert main(["twilio", "connect", "--number", "+448001234567", "--yes"]) == 0
    assert "Note:" not in capsys.readouterr().out
