"""Texting the line: one text in, one short reply out, from the same content as a call.

Driven through :class:`ivr.testing.FakeTwilio`, which signs Messaging requests as Twilio does
and parses the answer strictly as Messaging TwiML.
"""

from __future__ import annotations

import logging

import pytest

from ivr import sms
from ivr.flow import SAFE_TEXT
from ivr.hours import parse_now
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, Speaker, language_name
from ivr.menus import load
from ivr.segments import GSM7, UCS2, fold, segments
from ivr.speech import phrases
from ivr.testing import CALLER, LINE, FakeTwilio, TwiMLError, parse_messaging_twiml
from ivr.web import sms as sms_face

from .conftest import LOCALES, MENUS, SHIPPED_LOCALES, SHIPPED_MENUS, edited_menus, make_app

WEDNESDAY = "2026-11-25T10:00:00+00:00"
SATURDAY = "2026-11-28T12:00:00+00:00"
NIGHT = "2026-11-26T02:00:00+00:00"
BANK_HOLIDAY = "2026-12-28T10:00:00+00:00"  # the substitute Boxing Day, a Monday
MOMENTS = [WEDNESDAY, SATURDAY, NIGHT, BANK_HOLIDAY]


def texter(when: str = WEDNESDAY, **settings) -> FakeTwilio:
    return FakeTwilio(make_app(when, **settings).test_client())


def only_message(ans) -> str:
    assert ans.status == 200, ans.body
    assert len(ans.messages) == 1, ans.body
    return ans.messages[0]


# --- the webhook -----------------------------------------------------------------------------


def test_a_text_gets_one_message_of_messaging_twiml():
    ans = texter().text("hello")
    assert ans.root is not None and [el.tag for el in ans.root] == ["Message"]
    reply = only_message(ans)
    assert reply.startswith("Fixture Line.")  # neutral: the line's name, not the danger words
    assert "Dial 999" in reply and "18000" in reply and "register to 999" in reply
    assert "Reply TIPS, REPORT, FORCED, ALL or a language." in reply


def test_a_text_not_signed_by_twilio_gets_a_bare_403():
    fake = texter()
    ans = fake.request("/sms", {"From": CALLER, "To": LINE, "Body": "help"}, signed=False)
    assert (ans.status, ans.body) == (403, "")
    fake.token = "not-the-token"
    assert fake.text("help").status == 403


def test_a_signed_text_to_a_path_beside_sms_still_gets_an_answer():
    fake = texter()
    ans = fake.request("/sms/x", {"From": CALLER, "To": LINE, "Body": "help"})
    assert ans.status == 200
    assert "999" in " ".join(parse_messaging_twiml(ans.body).itertext())


def test_the_strict_parser_refuses_voice_verbs_and_the_old_sms_verb():
    for body in (
        "<Response><Say>hi</Say></Response>",
        "<Response><Sms>hi</Sms></Response>",
        "<Response><Message></Message></Response>",
        "<Response><Message bogus='1'>hi</Message></Response>",
        "<Message>hi</Message>",
    ):
        with pytest.raises(TwiMLError):
            parse_messaging_twiml(body)


def test_any_failure_answers_the_safe_words(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError(f"boom with {CALLER} and a secret body")

    monkeypatch.setattr(sms, "reply", broken)
    with caplog.at_level(logging.DEBUG):
        reply = only_message(texter().text("my secret body"))
    assert reply == fold(" ".join(SAFE_TEXT)) and "hang up" not in reply
    assert "secret" not in caplog.text and CALLER not in caplog.text


def test_no_menus_at_all_answers_the_safe_words(tmp_path):
    broken = tmp_path / "menus"
    broken.mkdir()
    (broken / "line.yaml").write_text("name: [\n")
    reply = only_message(texter(menus_dir=broken, state_dir=tmp_path / "state").text("help"))
    assert "999" in reply


def test_replies_to_one_phone_are_capped_and_a_replayed_message_is_never_answered_twice(caplog):
    caplog.set_level(logging.DEBUG)
    fake = texter()
    first = fake.text("help", message_sid="SM" + "7" * 32)
    assert only_message(first)
    replay = fake.text("help", message_sid="SM" + "7" * 32)
    assert replay.status == 200 and replay.messages == []
    for _ in range(sms_face.REPLIES_PER_HOUR - 1):
        assert only_message(fake.text("help"))
    capped = fake.text("help")
    assert capped.status == 200 and capped.messages == []
    # Another phone is not held back by the first one's count.
    assert only_message(fake.text("help", sender="+447700900456"))
    # Each unanswered text is logged, and the line that says so names no phone.
    assert caplog.text.count("a text was not answered") == 2
    assert "7700" not in caplog.text and "900123" not in caplog.text and "900456" not in caplog.text


def test_texts_are_counted_by_kind_and_language_only():
    app = make_app(WEDNESDAY)
    fake = FakeTwilio(app.test_client())
    fake.text("TIPS")
    fake.text("pomoc")
    tally = app.extensions["ivr"]["tally"]
    assert tally.flush()
    from ivr import report

    day = parse_now(WEDNESDAY).date()
    rows = {(event, detail): n for _, _, event, detail, n in report.read(tally.engine, day, day)}
    assert rows[("texted", "tips:en-GB")] == 1 and rows[("texted", "help:pl-PL")] == 1


def test_nothing_about_the_texter_reaches_the_log(caplog):
    fake = texter()
    bodies = ["help me at 07700 900123", "pomoc", "TIPS", "NEXT 2", "REPORT", "zzz secret words"]
    with caplog.at_level(logging.DEBUG):
        for body in bodies:
            fake.text(body)
        fake.text("x" * 5000)
    logged = caplog.text
    assert CALLER not in logged and "7700" not in logged and "900123" not in logged
    for body in bodies:
        assert body not in logged
    assert "secret" not in logged


# --- what the reply says ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def line():
    return load(MENUS), Catalogs(LOCALES)


def answer(line, body: str, when: str = WEDNESDAY, default: str = SOURCE_LANGUAGE) -> sms.Reply:
    menus, catalogs = line
    return sms.reply(menus, catalogs, body, parse_now(when), default)


def test_the_first_reply_lists_the_services_open_now_and_only_those(line):
    day = answer(line, "hi").text
    assert "Weekday Helpline 0808 157 0123" in day and "Open now:" in day
    night = answer(line, "hi", NIGHT).text
    assert "Weekday Helpline" not in night and "Short Number Friends 116 117" in night


def test_an_03_number_is_never_passed_off_as_free(line):
    text = answer(line, "hi", SATURDAY).text
    assert "Evening Health Line 0306 999 0123 (It costs the same as an ordinary call)" in text


def test_report_says_when_a_closed_service_opens_again(line):
    reply = answer(line, "report", SATURDAY)
    assert reply.kind == "report"
    assert "Weekday Helpline 0808 157 0123: Closed now. Opens again on Monday at 09:00." in reply.text
    assert "Anytime Line" in reply.text and "Dial 999" in reply.text


def test_report_counts_bank_holidays(line):
    text = answer(line, "REPORT", BANK_HOLIDAY).text
    assert "Weekday Helpline 0808 157 0123: Bank holiday today. Closed now. Opens again tomorrow at 09:00." in text


def test_forced_lists_the_forced_menus_services(line):
    reply = answer(line, "forced")
    assert reply.kind == "forced" and "Anytime Line" in reply.text and "Weekday Helpline" not in reply.text
    assert reply.text.startswith("Fixture Line. You are not in trouble. You can get help.")


def test_all_gives_every_service_with_its_hours(line):
    reply = answer(line, "all")
    menus, _ = line
    assert reply.kind == "all"
    for svc in menus.services.values():
        assert f"{svc.name} {svc.number}:" in reply.text
    assert "Open Mon-Fri 09:00-17:00. Closed on bank holidays." in reply.text  # en dashes folded to GSM-7


def test_tips_come_one_at_a_time_and_next_carries_the_place(line):
    menus, _ = line
    first = answer(line, "TIPS")
    assert first.kind == "tips" and menus.tips[0].text in first.text and first.text.endswith("reply NEXT 2.")
    second = answer(line, "next 2")
    assert menus.tips[1].text in second.text and second.text.endswith("reply NEXT 3.")
    assert menus.tips[2].text in answer(line, "3").text  # a number alone is a tip too
    last = answer(line, f"NEXT {len(menus.tips)}")
    assert "That was the last tip. To start again, reply TIPS." in last.text
    assert menus.tips[-1].text in answer(line, "NEXT 999").text


def test_a_dated_closure_is_told_as_on_the_call(tmp_path):
    menus_dir = edited_menus(
        tmp_path,
        "services.yaml",
        "    bank_holidays: closed\n    needs: [support, report]",
        "    bank_holidays: closed\n    exceptions:\n      2026-11-25 to 2026-11-27: closed (training)\n"
        "    needs: [support, report]",
    )
    reply = sms.reply(load(menus_dir), Catalogs(LOCALES), "REPORT", parse_now(WEDNESDAY), SOURCE_LANGUAGE)
    assert "Weekday Helpline 0808 157 0123: Closed now. Opens again on Monday at 09:00." in reply.text


def test_the_language_comes_from_the_texters_words_else_the_numbers_default(line):
    assert answer(line, "pomoc").lang == "pl-PL"
    assert answer(line, "POMOCY prosze").lang == "pl-PL"
    assert answer(line, "help").lang == SOURCE_LANGUAGE
    assert answer(line, "zzz", default="pl-PL").lang == "pl-PL"
    assert answer(line, "zzz").lang == SOURCE_LANGUAGE
    switched = answer(line, "Polski")
    assert switched.lang == "pl-PL" and switched.kind == "help"
    assert answer(line, "polish").lang == "pl-PL"
    assert answer(line, "English", default="pl-PL").lang == SOURCE_LANGUAGE


def test_a_languages_code_is_not_taken_for_its_name(shipped):
    menus, catalogs = shipped
    texted = sms.reply(menus, catalogs, "ayuda estoy en peligro", parse_now(WEDNESDAY), "en-GB")
    assert texted.lang == "es-ES"


def test_keywords_work_in_the_texters_language(line):
    tips = answer(line, "PORADY")
    assert (tips.lang, tips.kind) == ("pl-PL", "tips") and tips.text.endswith("DALEJ 2.")
    assert answer(line, "dalej 2").kind == "tips"
    assert answer(line, "zgłoś").kind == "report"
    assert answer(line, "ZGLOS").kind == "report"  # typed without accents on a basic phone


# --- segments ----------------------------------------------------------------------------------


def test_segments_are_counted_as_the_network_counts_them():
    assert segments("") == segments("")  # no crash on nothing
    assert (segments("a" * 160).encoding, segments("a" * 160).count) == (GSM7, 1)
    assert segments("a" * 161).count == 2
    assert segments("a" * 306).count == 2 and segments("a" * 307).count == 3
    assert segments("€" * 80).units == 160 and segments("€" * 80).count == 1  # two septets each
    assert segments("€" * 81).count == 2
    assert (segments("ą" * 70).encoding, segments("ą" * 70).count) == (UCS2, 1)
    assert segments("ą" * 71).count == 2 and segments("ą" * 134).count == 2 and segments("ą" * 135).count == 3
    assert segments("😀" * 35).units == 70  # a surrogate pair is two units


def test_fold_keeps_gsm_letters_and_drops_only_what_costs_ucs2():
    assert fold("Mon–Fri 9:00–17:00 “quoted” it’s") == 'Mon-Fri 9:00-17:00 "quoted" it\'s'
    assert fold("Zadzwoń, proszę: łatwo") == "Zadzwon, prosze: latwo"
    assert fold("Sună la 999 ș ț ă î â") == "Suna la 999 s t a i a"
    assert fold("señor café über") == "señor café über"  # in GSM-7 already
    assert fold("Набери 999") == "Набери 999"  # another script needs UCS-2: kept as written
    assert fold("拨打999") == "拨打999"


@pytest.mark.parametrize("when", MOMENTS)
def test_every_english_reply_is_gsm7(line, when):
    for body in ("help", "TIPS", "NEXT 2", "NEXT 3", "NEXT 4", "REPORT", "FORCED", "ALL"):
        assert segments(answer(line, body, when).text).encoding == GSM7, body


# --- the shipped line, in all nine languages -----------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load(SHIPPED_MENUS), Catalogs(SHIPPED_LOCALES)


def own_help_word(catalogs: Catalogs, lang: str) -> str:
    """The first of the words a caller in danger may say in ``lang`` ("pomoc", "ajutor")."""
    return phrases(Speaker(catalogs, lang)._(sms.HELP_WORDS).text)[0]


def test_texting_works_in_every_language_of_the_line(shipped):
    menus, catalogs = shipped
    app = make_app(WEDNESDAY, menus_dir=SHIPPED_MENUS, locales_dir=SHIPPED_LOCALES)
    fake = FakeTwilio(app.test_client())
    for lang in menus.line.voices:
        sp = Speaker(catalogs, lang)
        if lang != SOURCE_LANGUAGE and sp._(sms.HELP_WORDS).lang != lang:
            continue  # a language whose catalogue lacks the words: the texter is answered in English
        word = own_help_word(catalogs, lang)
        reply = only_message(fake.text(word, sender=f"+4477009001{len(fake.history):02d}"))
        danger = fold(sp._("In danger now? Dial 999.").text)
        assert danger in reply, (lang, word, reply[:120])
        assert reply.startswith(fold(sp.say(menus.line.name).text)), lang
        assert "18000" in reply and "999" in reply
        assert sms.reply(menus, catalogs, word, parse_now(WEDNESDAY), SOURCE_LANGUAGE).lang == lang
        tips = sms.reply(menus, catalogs, sms.keyword(sp, sms.TIPS).text, parse_now(WEDNESDAY), SOURCE_LANGUAGE)
        assert (tips.lang, tips.kind) == (lang, "tips"), lang
        assert f"{fold(sms.keyword(sp, sms.NEXT).text)} 2" in tips.text, (lang, tips.text)
        switched = sms.reply(menus, catalogs, language_name(lang), parse_now(NIGHT), "en-GB")
        assert switched.lang == lang


@pytest.mark.parametrize("when", MOMENTS)
def test_shipped_replies_are_short_and_english_ones_gsm7(shipped, when):
    """Every reply, any valid content: it starts with the line's name, never says "sex work"
    (tips aside: the texter asked for them), and English is GSM-7. What each costs is measured
    by bench/texts.py (docs/performance.md), not bounded here: content decides it."""
    menus, catalogs = shipped
    for lang in menus.line.voices:
        sp = Speaker(catalogs, lang)
        for word in (sms.TIPS, sms.REPORT, sms.FORCED):
            reply = sms.reply(menus, catalogs, sms.keyword(sp, word).text, parse_now(when), lang)
            assert reply.text.startswith(fold(sp.say(menus.line.name).text))
            assert "sex work" not in reply.text.lower() or word == sms.TIPS
        first = sms.reply(menus, catalogs, "?", parse_now(when), lang)
        if lang == SOURCE_LANGUAGE:
            assert segments(first.text).encoding == GSM7
        assert "sex work" not in first.text.lower()


def test_ivr_simulate_sms_shows_each_reply_and_its_segments(capsys):
    from ivr.cli import main

    args = ["simulate", "--menus", str(MENUS), "--at", "2026-11-28T12:00", "--sms", "help", "--sms", "pomoc"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "YOU TEXT: help" in out and "LINE TEXTS [en-GB, help; " in out and "segments (GSM-7," in out
    assert "LINE TEXTS [pl-PL, help; " in out and "Open now:" in out
    assert "nothing is sent" in out
    assert main(["simulate", "--menus", str(MENUS), "--sms", "STOP"]) == 0
    assert "THE LINE SENDS NO REPLY: Twilio answers this word itself" in capsys.readouterr().out


def test_the_card_says_or_text_help_only_when_the_line_answers_texts(tmp_path):
    menus_dir = edited_menus(tmp_path, "line.yaml", "ring_timeout: 20", "ring_timeout: 20\nphone: 0808 157 0999")
    on = make_app(WEDNESDAY, menus_dir=menus_dir, sms=True).test_client()
    assert "Or text any word to 0808 157 0999." in on.get("/card").get_data(as_text=True)
    assert "Albo wyślij SMS POMOC na 0808 157 0999." in on.get("/card?lang=pl-PL").get_data(as_text=True)
    off = make_app(WEDNESDAY, menus_dir=menus_dir).test_client()
    assert "Or text" not in off.get("/card").get_data(as_text=True)


def test_ivr_sms_is_a_setting_explained_when_wrong():
    from ivr.settings import Settings

    assert Settings.from_env({"IVR_SMS": "on"}).sms is True
    assert Settings.from_env({}).sms is False
    wrong = Settings.from_env({"IVR_SMS": "maybe"})
    assert wrong.sms is False and any("IVR_SMS" in p for p in wrong.problems)


def test_the_demo_has_a_text_the_line_panel_that_sends_nothing():
    client = make_app(WEDNESDAY).test_client()
    page = client.get("/demo").get_data(as_text=True)
    assert 'id="text-form"' in page and "demo_texts.js" in page
    assert client.get("/demo/static/demo_texts.js").status_code == 200
    answer = client.post("/demo/text", json={"body": "pomoc", "lang": "en-GB", "now": "2026-11-28T02:00"}).get_json()
    assert answer["lang"] == "pl-PL" and answer["kind"] == "help" and answer["reply"].startswith("Linia testowa.")
    assert answer["segments"]["encoding"] == GSM7 and answer["segments"]["count"] >= 1
    assert "Weekday Helpline" not in answer["reply"]  # 2 am on a Saturday: the pretend time is used
    stop = client.post("/demo/text", json={"body": " stop ", "lang": "en-GB"}).get_json()
    assert stop["reply"] == "" and stop["kind"] == "stop" and "until it texts START" in stop["note"]
    assert answer["note"] == ""
    assert client.post("/demo/text", json={"body": "x", "now": "soon"}).status_code == 400
    assert client.post("/demo/text", data="[[[").status_code == 400
    assert client.post("/demo/text", json={"body": 5}).status_code == 400
    off = make_app(WEDNESDAY, demo=False).test_client()
    assert off.post("/demo/text", json={"body": "help"}).status_code == 404


# --- found in review: a cry for help outranks keywords; numbers; opt-out words -----------------


@pytest.mark.parametrize(
    "body",
    ["police please he is next to me, tips", "help he is next door REPORT", "ALL danger", "pomoc TIPS"]
    + ["999", "55", "112"],
)
def test_a_cry_for_help_or_an_emergency_number_gets_the_999_advice_whatever_else_is_said(line, body):
    reply = answer(line, body)
    assert reply.kind == "help" and "999" in reply.text.split(".")[1] + reply.text.split(".")[2], reply.text


def test_a_bare_number_is_a_tip_only_when_there_is_such_a_tip(line):
    menus, _ = line
    assert answer(line, "2").kind == "tips"
    assert answer(line, str(len(menus.tips))).kind == "tips"
    assert answer(line, str(len(menus.tips) + 1)).kind == "help"
    assert answer(line, "0").kind == "help"


def test_only_03_numbers_are_said_to_cost_as_an_ordinary_call(tmp_path):
    """The call says it only of 03 numbers; a texted 0845 number gets no claim either way."""
    folder = edited_menus(tmp_path, "services.yaml", "number: 0306 999 0123", "number: 0845 999 0123")
    reply = sms.reply(load(folder), Catalogs(LOCALES), "ALL", parse_now(SATURDAY), SOURCE_LANGUAGE)
    assert "0845 999 0123" in reply.text and "ordinary call" not in reply.text


@pytest.mark.parametrize("body", ["STOP", " stop ", "Unsubscribe", "QUIT"])
def test_an_opt_out_word_alone_gets_no_reply_from_the_line(line, body):
    """Twilio answers it itself and refuses any reply after it (docs/sources.md)."""
    assert answer(line, body).kind == "stop"
    ans = texter().text(body)
    assert ans.status == 200 and ans.messages == [] and ans.root is not None


def test_stop_in_a_sentence_is_not_an_opt_out(line):
    assert answer(line, "please stop him").kind == "help"


def test_a_replayed_message_is_refused_even_without_a_from():
    fake = texter()
    sid = "SM" + "8" * 32
    first = fake.text("hi", sender="", message_sid=sid)
    assert only_message(first)
    again = fake.text("hi", sender="", message_sid=sid)
    assert again.status == 200 and again.messages == []


def test_an_unsigned_text_too_large_gets_a_bare_413():
    client = make_app(WEDNESDAY).test_client()
    resp = client.post("/sms", data={"Body": "x" * 40_000})
    assert resp.status_code == 413 and resp.get_data() == b""


def test_a_service_open_until_midnight_on_another_day_names_the_day_it_ends(tmp_path):
    hours = "      wed: 20:00-24:00\n      thu: 00:00-24:00\n"
    folder = edited_menus(tmp_path, "services.yaml", "      mon-fri: 09:00-17:00\n", hours)
    wednesday_night = parse_now("2026-11-25T21:00:00+00:00")
    answer = sms.reply(load(folder), Catalogs(LOCALES), "REPORT", wednesday_night, SOURCE_LANGUAGE)
    # Open through Thursday: it closes as Friday begins, never "Thursday 00:00" (Thursday's start).
    assert "Weekday Helpline 0808 157 0123: Open now until Friday 00:00." in answer.text, answer.text
