"""``ivr doctor``: each check, its blocker and its warning, with fakes and never the network:
Twilio's API is tests/twilio_api.py behind twilio's own client, and the signed self-request goes
to the real app (made with the server's settings) through Flask's test client."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import urllib.error
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import ivr.doctor
import ivr.twilio_number
from ivr.cli import main
from ivr.doctor import Doctor, Level, Reply, verdict
from ivr.settings import Settings
from tests.conftest import LOCALES, MENUS, make_app
from tests.twilio_api import ACCOUNT, TOKEN, FakeTwilioAPI, number

LINE = "https://line.example.org"
PN = "PN" + "1" * 32
NOW = dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.UTC)


class World:
    """A deployment as the doctor finds it: the environment, the menus, Twilio's API and the
    server behind the public address; each test breaks one thing."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.menus = tmp_path / "line" / "menus"
        shutil.copytree(MENUS, self.menus)
        with (self.menus / "line.yaml").open("a", encoding="utf-8") as f:
            f.write("phone: 0800 123 4567\n")
        self.state = tmp_path / "state"
        self.env = {
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "IVR_PUBLIC_URL": LINE,
            "IVR_MENUS": str(self.menus),
            "IVR_LOCALES": str(LOCALES),
            "IVR_STATE_DIR": str(self.state),
            "IVR_DEMO": "off",
            "IVR_WORKERS": "2",
        }
        self.api = FakeTwilioAPI(
            numbers={
                PN: number(
                    voice_url=f"{LINE}/voice",
                    voice_fallback_url=f"{LINE}/voice/fallback",
                    status_callback=f"{LINE}/voice/status",
                )
            },
            date=format_datetime(NOW, usegmt=True),
        )
        monkeypatch.setattr(ivr.twilio_number, "TwilioHttpClient", lambda **kw: self.api)
        #: The server behind the public address: its own settings, the same as ours unless a test says.
        self.server = {"auth_token": TOKEN, "public_url": LINE}
        self.reachable: BaseException | None = None
        self.sent: list[tuple[str, dict[str, str]]] = []
        monkeypatch.setattr(ivr.doctor, "http_post", self.post)
        for name in list(self.env) + ["IVR_NOW", "IVR_TEXTS_PER_HOUR"]:
            monkeypatch.delenv(name, raising=False)

    def post(self, url: str, form: dict[str, str], headers: dict[str, str], timeout: float) -> Reply:
        assert timeout <= 10
        self.sent.append((url, form))
        if self.reachable is not None:
            raise self.reachable
        app = make_app(menus_dir=self.menus, state_dir=self.state, **self.server)
        answer = app.test_client().post(urlsplit(url).path, data=form, headers=headers)
        body = answer.get_data(as_text=True)
        return Reply(answer.status_code, self.api.date, "<Response" in body)

    def live(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """For ``ivr doctor`` itself: this environment, and Twilio's clock the real one."""
        for name, value in self.env.items():
            monkeypatch.setenv(name, value)
        self.api.date = format_datetime(dt.datetime.now(dt.UTC), usegmt=True)

    def findings(self, clock: dt.datetime = NOW, cpus: int = 2) -> list:
        settings = Settings.from_env(self.env)
        return Doctor(settings, self.env, clock=lambda: clock, cpus=cpus).run()

    def about(self, topic: str, **kw) -> list[tuple[Level, str]]:
        return [(f.level, f.says) for f in self.findings(**kw) if f.topic == topic]


@pytest.fixture
def world(tmp_path, monkeypatch):
    return World(tmp_path, monkeypatch)


def levels(found) -> set[Level]:
    return {level for level, _ in found}


def test_a_ready_line_has_no_blocker(world, monkeypatch, capsys):
    found = world.findings()
    # The fixture's Romanian is half translated on purpose: ivr check's one warning.
    assert [f.topic for f in found if f.level >= Level.WARNING] == ["Menus"]
    assert {f.topic for f in found if f.level == Level.OK} >= {
        "Auth Token", "Public address", "The line's number", "Texts", "Twilio number",
        "Signed request", "Clock", "State folder", "Workers",
    }  # fmt: skip
    # The command: exit 0, and the same words.
    world.live(monkeypatch)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("Nothing blocks going live; 1 warning(s) to look at.")
    assert "ok       Signed request: https://line.example.org/voice accepted" in out


def test_the_only_numbers_it_prints_are_the_lines_own(world, monkeypatch, capsys):
    world.live(monkeypatch)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "c" * 32)  # everything refused: the most it says
    main(["doctor"])
    out = capsys.readouterr().out
    assert set(re.findall(r"\+\d{6,}", out)) == {"+448001234567"}
    assert world.sent and all(form["From"] == "anonymous" for _, form in world.sent)


def test_no_auth_token_blocks(world):
    world.env.pop("TWILIO_AUTH_TOKEN")
    assert levels(world.about("Auth Token")) == {Level.BLOCKER}
    assert verdict(world.findings())[0] == 1


def test_an_auth_token_of_the_wrong_shape_warns(world):
    world.env["TWILIO_AUTH_TOKEN"] = "my token"
    assert levels(world.about("Auth Token")) == {Level.WARNING}


@pytest.mark.parametrize("url", [None, "http://line.example.org", "line.example.org"])
def test_a_public_address_that_is_not_https_blocks(world, url):
    if url is None:
        world.env.pop("IVR_PUBLIC_URL")
    else:
        world.env["IVR_PUBLIC_URL"] = url
    found = world.about("Public address")
    assert levels(found) == {Level.BLOCKER}
    assert world.sent == []  # nothing sent to an address that is not https


def test_a_server_with_another_auth_token_refuses_the_signed_request(world):
    world.server["auth_token"] = "d" * 32
    ((level, says),) = world.about("Signed request")
    assert level == Level.BLOCKER and "HTTP 403" in says
    assert world.sent[0][0] == f"{LINE}/voice"


def test_a_server_that_thinks_it_is_elsewhere_refuses_the_signed_request(world):
    world.server["public_url"] = "https://other.example.org"
    assert levels(world.about("Signed request")) == {Level.BLOCKER}


def test_a_proxy_answering_an_error_blocks(world, monkeypatch):
    monkeypatch.setattr(World, "post", lambda self, *a: Reply(502, "", False))
    monkeypatch.setattr(ivr.doctor, "http_post", lambda *a: Reply(502, "", False))
    ((level, says),) = world.about("Signed request")
    assert level == Level.BLOCKER and "HTTP 502" in says


def test_an_unreachable_public_address_is_a_note_not_a_verdict(world):
    world.reachable = urllib.error.URLError("Name or service not known")
    ((level, says),) = world.about("Signed request")
    assert level == Level.NOTE and "cannot be reached from here" in says


def test_a_certificate_twilio_would_refuse_blocks(world):
    import ssl

    bad = ssl.SSLCertVerificationError(1, "certificate verify failed")
    bad.verify_message = "self-signed certificate"
    world.reachable = urllib.error.URLError(bad)
    ((level, says),) = world.about("Signed request")
    assert level == Level.BLOCKER and "self-signed certificate" in says


def test_a_number_that_is_not_freephone_warns_that_the_welcome_will_not_say_free(world):
    text = (world.menus / "line.yaml").read_text().replace("phone: 0800 123 4567", "phone: 0300 123 4567")
    (world.menus / "line.yaml").write_text(text)
    ((level, says),) = world.about("The line's number")
    assert level == Level.WARNING and "will not say the call is free" in says


def test_no_number_set_warns(world):
    text = (world.menus / "line.yaml").read_text().replace("phone: 0800 123 4567\n", "")
    (world.menus / "line.yaml").write_text(text)
    assert levels(world.about("The line's number")) == {Level.WARNING}


def test_texting_off_is_a_note_and_on_says_what_it_costs(world):
    found = world.about("Texts")
    assert levels(found) == {Level.OK} and "charged to the Twilio account" in found[0][1]
    assert "at most 3 a call and 3 to one phone an hour" in found[0][1]
    world.env.pop("TWILIO_ACCOUNT_SID")
    assert levels(world.about("Texts")) == {Level.NOTE}


def test_a_number_that_cannot_text_warns_when_texting_is_on(world):
    world.api.numbers[PN]["capabilities"] = {"voice": True, "sms": False}
    assert Level.WARNING in levels(world.about("Texts"))


def test_broken_menus_block(world):
    (world.menus / "line.yaml").write_text("ring_timeout: soon\n")
    ((level, says),) = world.about("Menus")
    assert level == Level.BLOCKER and "ivr check" in says


def test_an_unwritable_state_folder_blocks(world, tmp_path):
    (tmp_path / "a-file").write_text("")
    world.env["IVR_STATE_DIR"] = str(tmp_path / "a-file" / "state")
    assert levels(world.about("State folder")) == {Level.BLOCKER}


def test_no_state_folder_set_warns(world):
    world.env.pop("IVR_STATE_DIR")
    assert levels(world.about("State folder")) == {Level.WARNING}


def test_workers(world):
    world.env["IVR_WORKERS"] = "lots"
    assert Level.WARNING in levels(world.about("Workers"))
    world.env["IVR_WORKERS"] = "16"
    assert levels(world.about("Workers", cpus=2)) == {Level.WARNING}
    assert levels(world.about("Workers", cpus=8)) == {Level.OK}


def test_timeouts_follow_the_server_settings(world, monkeypatch):
    import ivr.server

    real = ivr.server.settings
    monkeypatch.setattr(ivr.server, "settings", lambda bind, workers: {**real(bind, workers), "timeout": 10})
    assert levels(world.about("Timeouts")) == {Level.WARNING}


@pytest.mark.parametrize(
    ("off", "level"),
    [
        (dt.timedelta(seconds=2), Level.OK),
        (dt.timedelta(seconds=45), Level.WARNING),
        (dt.timedelta(minutes=9), Level.BLOCKER),
    ],
)
def test_the_clock_is_compared_with_twilios(world, off, level):
    ((found, says),) = world.about("Clock", clock=NOW + off)
    assert found == level and "Twilio's API" in says


def test_without_twilio_the_clock_is_compared_with_the_public_address(world):
    world.env.pop("TWILIO_ACCOUNT_SID")
    ((level, says),) = world.about("Clock", clock=NOW + dt.timedelta(minutes=9))
    assert level == Level.BLOCKER and LINE in says


def test_when_nothing_answers_the_clock_is_not_checked_and_it_says_so(world):
    world.env.pop("TWILIO_ACCOUNT_SID")
    world.reachable = TimeoutError("timed out")
    ((level, says),) = world.about("Clock")
    assert level == Level.NOTE and "could not check the clock" in says


def test_a_frozen_clock_blocks(world):
    world.env["IVR_NOW"] = "2026-12-25T21:00"
    assert Level.BLOCKER in levels(world.about("Clock"))


def test_webhooks_pointing_elsewhere_block_and_name_the_fix(world):
    world.api.numbers[PN]["voice_url"] = "https://demo.twilio.com/welcome/voice/"
    ((level, says),) = world.about("Twilio number")
    assert level == Level.BLOCKER and "ivr twilio connect --number +448001234567" in says


def test_a_get_webhook_blocks(world):
    world.api.numbers[PN]["voice_method"] = "GET"
    assert levels(world.about("Twilio number")) == {Level.BLOCKER}


def test_only_the_status_callback_missing_warns(world):
    world.api.numbers[PN]["status_callback"] = ""
    assert levels(world.about("Twilio number")) == {Level.WARNING}


def test_a_number_not_on_the_account_blocks(world):
    world.api.numbers[PN]["phone_number"] = "+448000000000"
    ((level, says),) = world.about("Twilio number")
    assert level == Level.BLOCKER and "is not a number of this Twilio account" in says


def test_credentials_twilio_refuses_block(world):
    world.env["TWILIO_AUTH_TOKEN"] = "e" * 32
    ((level, says),) = world.about("Twilio number")
    assert level == Level.BLOCKER and "refused the account SID and Auth Token" in says


def test_no_network_to_twilio_is_a_note(world):
    import requests

    world.api.fail = requests.exceptions.ConnectionError("no route to host")
    ((level, says),) = world.about("Twilio number")
    assert level == Level.NOTE and "Not checked" in says


def test_the_verdict_says_when_checks_could_not_be_made():
    from ivr.doctor import Finding, verdict

    ok = Finding(Level.OK, "Auth Token", "set.")
    assert verdict([ok]) == (0, "Nothing blocks going live.")
    code, last = verdict([ok, Finding(Level.NOTE, "Twilio number", "cannot be reached. Not checked.", unchecked=True)])
    assert code == 0 and "1 check(s) could not be made" in last and not last.startswith("Nothing blocks")


def test_texts_sent_elsewhere_block_going_live_when_the_cards_promise_texting(world):
    world.env["IVR_SMS"] = "on"
    found = world.about("Twilio number")
    assert Level.BLOCKER in levels(found) and any("A message comes in" in says for _, says in found)


def test_a_public_demo_is_a_note(world):
    world.env["IVR_DEMO"] = "on"
    assert levels(world.about("Demo")) == {Level.NOTE}


def test_exit_code_is_1_with_a_blocker_and_0_with_only_warnings(world, monkeypatch, capsys):
    world.live(monkeypatch)
    monkeypatch.delenv("IVR_STATE_DIR")  # one more warning only
    assert main(["doctor"]) == 0
    assert "Nothing blocks going live; 2 warning(s)" in capsys.readouterr().out
    monkeypatch.setenv("IVR_NOW", "2026-12-25T21:00")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "BLOCKER  Clock: IVR_NOW freezes" in out and "1 blocker(s)" in out
