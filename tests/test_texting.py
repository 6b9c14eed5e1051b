"""Key 3 on a service: their number by text, only when safe and possible, never leaking the caller."""

from __future__ import annotations

import json
import logging

import pytest
from twilio.http import HttpClient
from twilio.http.response import Response

from ivr import create_app
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, FakeTwilio
from ivr.texting import Texter

from .conftest import LOCALES, MENUS, edited_menus

ACCOUNT = "AC" + "a" * 32
MOBILE = "+447911123456"
NOW = "2026-11-25T10:00:00+00:00"  # Wednesday morning


class FakeHttp(HttpClient):
    """Twilio's HTTP layer replaced: records each request, answers as told."""

    def __init__(self, answer: str = "ok"):
        super().__init__(logging.getLogger("fake-http"), False, 4)
        self.answer = answer
        self.requests: list[dict] = []

    def request(
        self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        self.requests.append({"method": method, "uri": uri, "data": data, "auth": auth, "timeout": timeout})
        if self.answer == "timeout":
            raise TimeoutError("read timed out")
        if self.answer == "refused":
            body = {
                "code": 21211,
                "message": f"The 'To' number {data['To']} is not a valid phone number.",
                "status": 400,
            }
            return Response(400, json.dumps(body))
        return Response(
            201, json.dumps({"sid": "SM" + "0" * 32, "status": "queued", "to": data["To"], "body": data["Body"]})
        )


def texting_call(answer: str = "ok", caller: str = MOBILE, texter: bool = True):
    http = FakeHttp(answer)
    settings = Settings(
        auth_token=AUTH_TOKEN,
        account_sid=ACCOUNT if texter else "",
        menus_dir=MENUS,
        locales_dir=LOCALES,
        now=parse_now(NOW),
    )
    app = create_app(settings, texter=Texter(ACCOUNT, AUTH_TOKEN, http_client=http) if texter else None)
    return FakeTwilio(app.test_client(), caller=caller), http


def test_offered_with_a_warning_to_a_mobile_caller_when_texting_is_set_up():
    call, _ = texting_call()
    ans = call.keys("1", "5", "1")
    assert (
        "To get their number by text message, press 3. Only choose this if a text arriving on this phone is safe for "
        "you." in ans.text
    )


@pytest.mark.parametrize(
    "caller", ["anonymous", "+266696687", "", "restricted", "+442079460000", "sip:someone@example.com"]
)
def test_not_offered_to_withheld_or_landline_callers(caller):
    call, http = texting_call(caller=caller)
    ans = call.keys("1", "5", "1")
    assert "text message" not in ans.text
    assert call.press("3").text.startswith("Sorry, that key does nothing here.")
    assert http.requests == []


def test_not_offered_without_twilio_account_settings():
    call, _ = texting_call(texter=False)
    assert "text message" not in call.keys("1", "5", "1").text


def test_the_text_is_sent_from_the_lines_number_with_neutral_words():
    call, http = texting_call()
    call.keys("1", "5", "2")
    ans = call.press("3")
    assert "We have sent you a text message with their number." in ans.text
    assert ans.first("Gather") is not None  # and the service's options again
    (req,) = http.requests
    assert req["method"] == "POST"
    assert req["uri"] == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert req["data"]["To"] == MOBILE and req["data"]["From"] == call.to
    body = req["data"]["Body"]
    assert (
        body == "Split Hours Service: 0808 157 0456. Open Mon–Tue 09:30–15:30; Wed 13:00–15:30; Thu 09:30–15:30; "
        "Fri 09:30–12:00. Closed on bank holidays."
    )
    assert "sex" not in body.lower()
    assert req["timeout"] is None or req["timeout"] <= 5


def test_round_the_clock_service_text():
    call, http = texting_call()
    call.keys("3", "3", "1", "3")
    assert http.requests[0]["data"]["Body"] == "Anytime Line: 0808 157 0789. Open 24 hours, every day."


def test_at_most_three_texts_a_call():
    call, http = texting_call()
    call.keys("1", "5", "1")
    for _ in range(3):
        assert "press 3" in call.last.text
        call.press("3")
    assert "text message, press 3" not in call.last.text
    assert call.press("3").text.startswith("Sorry, that key does nothing here.")
    assert len(http.requests) == 3
    # The count travels in the URL, so a back-and-forth does not reset it.
    call.press("*")
    assert "text message" not in call.press("2").text


@pytest.mark.parametrize("answer", ["refused", "timeout"])
def test_when_twilio_refuses_or_times_out_the_caller_hears_the_number(answer, caplog):
    caplog.set_level(logging.DEBUG)
    call, http = texting_call(answer)
    call.keys("1", "5", "1")
    ans = call.press("3")
    assert "Sorry, we could not send the text message. Here is their number instead." in ans.text
    assert "0 8 0 8. 1 5 7. 0 1 2 3" in ans.text
    assert len(http.requests) == 1
    assert "text message" in caplog.text  # the failure is logged ...
    for form in (MOBILE, MOBILE[1:], "07911123456", "7911123456"):  # ... with no caller number
        assert form not in caplog.text


def test_no_caller_number_logged_when_a_text_is_sent(caplog):
    caplog.set_level(logging.DEBUG)
    call, _ = texting_call()
    call.keys("1", "5", "1", "3")
    assert "accepted by Twilio" in caplog.text
    assert MOBILE not in caplog.text and MOBILE[1:] not in caplog.text


def test_a_text_message_template_mentioning_sex_work_is_refused(tmp_path):
    from ivr.menus import parse

    folder = edited_menus(
        tmp_path,
        "line.yaml",
        'text_message: "{name}: {number}. {hours}"',
        'text_message: "Sex work help: {name} {number}"',
    )
    menus, problems = parse(folder)
    assert menus is None and any(p.code == "line.text_message_words" for p in problems)
