"""The demo's JSON face: the phone's own call, step by step, without dialling anyone."""

from __future__ import annotations

import pytest

from ivr.flow import DIAL_STATUSES

NIGHT = "2026-11-26T02:00"  # a Thursday, 2 am, UK time
WEEKDAY_MORNING = "2026-11-25T10:00"  # a Wednesday
CLOSED_NAMES = ["Weekday Helpline", "Split Hours Service", "Evening Health Line"]


@pytest.fixture
def demo(app_at):
    client = app_at(None).test_client()

    def step(event: str, **body):
        return client.post("/demo/step", json={"event": event, **body})

    return step


def texts(resp) -> str:
    return " ".join(line["text"] for line in resp.json["lines"])


def walk(demo, keys: str, now: str = WEEKDAY_MORNING, lang: str = "en-GB"):
    """Start a call and press ``keys``, sending back each ``at`` as the page does."""
    resp = demo("start", now=now, lang=lang)
    for key in keys:
        resp = demo("key", digits=key, at=resp.json["next"]["at"], now=now, lang=lang)
        assert resp.status_code == 200, resp.json
    return resp


def test_start_is_the_phones_welcome_with_the_999_advice_and_keys(demo):
    resp = demo("start", now=WEEKDAY_MORNING)
    assert resp.status_code == 200
    body = resp.json
    assert body["lines"][0]["text"] == "Fixture Line."
    assert "999" in body["lines"][1]["text"] and "55" in body["lines"][2]["text"]
    # The demo's pretend number is the line's phone: (none here), so "free" is not said.
    assert "free" not in texts(resp)
    free = demo("start", now=WEEKDAY_MORNING, called="0808 157 0123")
    assert "This call is free" in texts(free)
    assert body["next"]["kind"] == "listen"
    assert body["next"]["at"] == "menu:main"
    assert set("12345") <= set(body["next"]["keys"])
    assert all(line["lang"] == "en-GB" for line in body["lines"])
    assert body["clock"].startswith("Wednesday 25 November 2026, 10:00")


def test_at_night_the_weekday_services_are_closed_and_open_now_lists_only_open_ones(demo):
    resp = walk(demo, "11", now=NIGHT)
    assert "They are closed now." in texts(resp)
    assert "To be put through now" not in texts(resp)
    resp = walk(demo, "5", now=NIGHT)
    said = texts(resp)
    assert "Short Number Friends" in said and "Anytime Line" in said
    assert not any(name in said for name in CLOSED_NAMES)


def test_a_put_through_is_shown_and_said_but_nothing_is_dialled(demo):
    resp = walk(demo, "11")
    body = resp.json
    assert body["next"]["kind"] == "connect"
    assert body["next"]["service"] == "Weekday Helpline"
    assert body["next"]["number"] == "0808 157 0123"
    assert "On a real call you would now be put through to Weekday Helpline on 0808 157 0123." in texts(resp)
    assert set(body["next"]["statuses"]) == set(DIAL_STATUSES)


@pytest.mark.parametrize(
    "status, said",
    [
        ("completed", "Your call with Weekday Helpline has ended."),
        ("busy", "is busy"),
        ("no-answer", "No one at"),
        ("failed", "did not go through"),
    ],
)
def test_the_put_through_call_ends_as_the_core_says(demo, status, said):
    at = walk(demo, "11").json["next"]["at"]
    resp = demo("dial", status=status, at=at, now=WEEKDAY_MORNING)
    assert resp.status_code == 200
    assert said in texts(resp)
    assert resp.json["next"]["kind"] == "listen"


def test_silence_twice_says_goodbye_with_the_999_advice_and_hangs_up(demo):
    first = demo("silence", silences=1, at="menu:main", now=NIGHT)
    assert first.json["next"] == {
        "kind": "listen",
        "at": "menu:main",
        "keys": first.json["next"]["keys"],
        "silences": 1,
    }
    last = demo("silence", silences=2, at="menu:main", now=NIGHT)
    assert "dial 999" in texts(last) and "55" in texts(last)
    assert last.json["next"] == {"kind": "hangup"}


def test_star_goes_back_and_a_dead_key_says_so(demo):
    resp = walk(demo, "1*")
    assert resp.json["next"]["at"] == "menu:main"
    resp = walk(demo, "7")
    assert texts(resp).startswith("Sorry, that key does nothing here.")


def test_a_tampered_place_goes_to_the_main_menu(demo):
    resp = demo("key", digits="1", at="menu:main/service:nonsense", now=NIGHT)
    assert resp.status_code == 200
    assert resp.json["next"]["at"] == "menu:main"


@pytest.mark.parametrize(
    "body, words",
    [
        ({"event": "start", "now": "tomorrow-ish"}, "is not a date and time"),
        ({"event": "start", "now": "1066-10-14T09:00"}, "between 2000 and 2099"),
        ({"event": "start", "now": "9999-12-31T23:59"}, "between 2000 and 2099"),
        ({"event": "start", "lang": "xx-XX"}, "does not speak"),
        ({"event": "dance"}, "“event” should be one of"),
        ({"event": "key", "digits": "A", "at": "menu:main"}, "Send one key"),
        ({"event": "dial", "status": "exploded", "at": "menu:main"}, "ends as one of"),
        ({"event": "start", "now": 12}, None),  # not text: taken as now
    ],
)
def test_bad_requests_get_a_clear_message_never_a_500(app_at, body, words):
    resp = app_at(None).test_client().post("/demo/step", json=body)
    if words is None:
        assert resp.status_code == 200
        return
    assert resp.status_code == 400
    assert words in resp.json["error"]


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b"null", b""])
def test_a_body_that_is_not_a_json_object_is_refused_plainly(app_at, payload):
    resp = app_at(None).test_client().post("/demo/step", data=payload, content_type="application/json")
    assert resp.status_code == 400
    assert "JSON object" in resp.json["error"]


def test_the_demo_can_be_switched_off(app_at):
    client = app_at(None, demo=False).test_client()
    assert client.get("/demo").status_code == 404
    assert client.get("/demo/static/demo.js").status_code == 404
    assert client.post("/demo/step", json={"event": "start"}).status_code == 404
    assert client.get("/card").status_code == 200  # cards hold no more than a poster


def test_the_demo_reads_no_caller_data_and_no_signature(app_at):
    """It needs no Twilio signature and ignores From/Caller entirely."""
    client = app_at(WEEKDAY_MORNING + ":00+00:00").test_client()
    resp = client.post("/demo/step", json={"event": "start", "From": "+447700900123", "Caller": "+447700900123"})
    assert resp.status_code == 200
    assert "7700900123" not in resp.get_data(as_text=True)


def test_the_page_and_its_assets_are_all_served_by_the_app(app_at):
    client = app_at(None).test_client()
    html = client.get("/demo").get_data(as_text=True)
    assert "http://" not in html and "https://" not in html  # no CDN, no web fonts
    for asset in ("/demo/static/demo.css", "/demo/static/demo.js"):
        assert asset in html
        resp = client.get(asset)
        assert resp.status_code == 200
        assert "http" not in resp.get_data(as_text=True).replace("http-equiv", "")


def test_ivr_serve_prints_the_demo_address(monkeypatch, capsys):
    import ivr.server
    from ivr.cli import main
    from tests.conftest import LOCALES, MENUS

    monkeypatch.setenv("IVR_MENUS", str(MENUS))
    monkeypatch.setenv("IVR_LOCALES", str(LOCALES))
    monkeypatch.delenv("IVR_DEMO", raising=False)
    monkeypatch.setattr(ivr.server, "serve", lambda bind, workers=None: None)
    assert main(["serve", "--port", "5055"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:5055/demo" in out and "http://127.0.0.1:5055/card" in out
    monkeypatch.setenv("IVR_DEMO", "off")
    assert main(["serve", "--port", "5055"]) == 0
    assert "/demo" not in capsys.readouterr().out


def test_the_servers_home_page_links_to_the_demo_and_cards(app_at):
    html = app_at(None).test_client().get("/").get_data(as_text=True)
    assert 'href="demo"' in html and 'href="card"' in html
    assert 'href="demo"' not in app_at(None, demo=False).test_client().get("/").get_data(as_text=True)
