"""Replays of signed requests must not make the line text a phone again and again.

Texts are capped per receiving number over an hour (``IVR_TEXTS_PER_HOUR``, default 3) and
per call (by CallSid), counted under a keyed hash of the number or CallSid, in a store every
worker of one server shares (SQLite in the state folder), or in memory when there is none.
A capped caller hears the number read out instead; a broken store never breaks the call.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading
from urllib.parse import urljoin

import pytest

from ivr import create_app, text_limits
from ivr.hours import parse_now
from ivr.numbers import spoken_digits
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, FakeTwilio
from ivr.texting import TEXTS_PER_CALL, Texter

from .conftest import LOCALES, MENUS
from .test_texting import ACCOUNT, MOBILE, NOW, FakeHttp

READ_OUT = "Here is their number instead."
SENT = "We have sent you a text message with their number."


def line(state_dir, now: str = NOW, http: FakeHttp | None = None, **overrides):
    """A line that can text, keeping its state in ``state_dir``; and its fake Twilio API."""
    http = http or FakeHttp()
    settings = Settings(
        auth_token=AUTH_TOKEN,
        account_sid=ACCOUNT,
        menus_dir=MENUS,
        locales_dir=LOCALES,
        now=parse_now(now),
        state_dir=state_dir,
        **overrides,
    )
    app = create_app(settings, texter=Texter(ACCOUNT, AUTH_TOKEN, http_client=http))
    app.testing = True
    return app, http


def call(app, n: int = 0, caller: str = MOBILE) -> FakeTwilio:
    return FakeTwilio(app.test_client(), caller=caller, call_sid=f"CA{n:032d}")


def texts_to(http: FakeHttp, number: str = MOBILE) -> int:
    return sum(1 for r in http.requests if r["data"]["To"] == number)


def test_ten_replays_of_one_signed_request_send_at_most_the_calls_texts(tmp_path):
    app, http = line(tmp_path / "state", texts_per_hour=100)  # so the cap per call is what holds
    c = call(app)
    c.keys("1", "5", "1")
    action = urljoin(c.last.url, c.last.first("Gather").get("action"))
    params = c.params(Digits="3", FinishedOnKey="")
    replies = [c.request(action, params) for _ in range(10)]  # one signed request, sent ten times
    assert SENT in replies[0].text
    assert texts_to(http) == TEXTS_PER_CALL
    assert all(r.status == 200 for r in replies)
    assert READ_OUT in replies[-1].text and spoken_digits("0808 157 0123") in replies[-1].text


def test_texts_to_one_number_are_capped_across_calls_for_an_hour(tmp_path):
    app, http = line(tmp_path / "state")
    for n in range(3):
        assert SENT in call(app, n).keys("1", "5", "1", "3").text
    capped = call(app, 3).keys("1", "5", "1", "3")
    assert READ_OUT in capped.text and spoken_digits("0808 157 0123") in capped.text
    assert texts_to(http) == 3
    # Another phone is not held back by the first one's count.
    assert SENT in call(app, 4, caller="+447911123457").keys("1", "5", "1", "3").text
    # An hour later the same phone can be texted again.
    later = (parse_now(NOW) + dt.timedelta(hours=1, seconds=1)).isoformat()
    app2, _ = line(tmp_path / "state", now=later, http=http)
    assert SENT in call(app2, 5).keys("1", "5", "1", "3").text


def test_a_capped_call_stops_offering_texts():
    app, _ = line(None, texts_per_hour=1)
    c = call(app)
    assert SENT in c.keys("1", "5", "1", "3").text
    c2 = call(app, 1)
    assert READ_OUT in c2.keys("1", "5", "1", "3").text
    assert "text message, press 3" not in c2.last.text


def test_the_hourly_cap_is_a_setting(tmp_path):
    settings = Settings.from_env({"IVR_TEXTS_PER_HOUR": "1"})
    assert settings.texts_per_hour == 1
    bad = Settings.from_env({"IVR_TEXTS_PER_HOUR": "lots"})
    assert bad.texts_per_hour == text_limits.DEFAULT_PER_HOUR and any("IVR_TEXTS_PER_HOUR" in p for p in bad.problems)
    assert Settings.from_env({"IVR_TEXTS_PER_HOUR": "0"}).texts_per_hour == 0
    app, http = line(tmp_path / "state", texts_per_hour=1)
    call(app, 0).keys("1", "5", "1", "3")
    assert READ_OUT in call(app, 1).keys("1", "5", "1", "3").text
    assert texts_to(http) == 1


def test_the_workers_of_one_server_share_the_counts(tmp_path):
    """Two apps on one state folder stand for two gunicorn workers; calls race in threads."""
    http = FakeHttp()
    workers = [line(tmp_path / "state", http=http)[0] for _ in range(2)]
    answers: list[str] = []

    def one(n: int) -> None:
        answers.append(call(workers[n % 2], n).keys("1", "5", "1", "3").text)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert texts_to(http) == 3
    assert sum(SENT in a for a in answers) == 3 and sum(READ_OUT in a for a in answers) == 5


def test_the_state_folder_holds_no_number_and_a_private_key(tmp_path):
    state = tmp_path / "state"
    app, _ = line(state)
    call(app).keys("1", "5", "1", "3")
    files = [p for p in state.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for form in (MOBILE, MOBILE[1:], "7911123456", "07911123456", "0" * 32):
            assert form.encode() not in data, (path, form)
            assert form.encode("utf-16-le") not in data, (path, form)
    key = state / text_limits.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    # A restarted worker finds the same key, so its counts go on.
    before = key.read_bytes()
    app2, http2 = line(state)
    call(app2, 1).keys("1", "5", "1", "3")
    call(app2, 2).keys("1", "5", "1", "3")
    assert READ_OUT in call(app2, 3).keys("1", "5", "1", "3").text
    assert key.read_bytes() == before


def test_a_key_from_the_environment_is_used_and_nothing_is_written_for_it(tmp_path):
    settings = Settings.from_env({"IVR_TEXT_KEY": "k" * 40, "IVR_STATE_DIR": str(tmp_path / "state")})
    assert settings.text_key == "k" * 40
    app, _ = line(tmp_path / "state", text_key="k" * 40)
    call(app).keys("1", "5", "1", "3")
    assert not (tmp_path / "state" / text_limits.KEY_FILE).exists()
    hashed = text_limits.keyed_hash(("k" * 40).encode(), "to", MOBILE)
    with sqlite3.connect(tmp_path / "state" / text_limits.DB_FILE) as db:
        keys = {k for (k,) in db.execute("SELECT key FROM sent")}
    assert hashed in keys


def test_without_a_writable_state_folder_the_counts_are_kept_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app, http = line(blocker / "state")
    for n in range(5):
        call(app, n).keys("1", "5", "1", "3")
    assert texts_to(http) == 3


@pytest.mark.parametrize("damage", ["garbage", "locked"])
def test_a_broken_store_never_breaks_the_call_and_texts_nothing(tmp_path, damage, caplog):
    state = tmp_path / "state"
    app, http = line(state)
    db = state / text_limits.DB_FILE
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
        for extra in ("-wal", "-shm"):
            (state / (text_limits.DB_FILE + extra)).unlink(missing_ok=True)
        holder = None
    else:
        holder = sqlite3.connect(db, timeout=0)
        holder.execute("BEGIN EXCLUSIVE")
    try:
        ans = call(app).keys("1", "5", "1", "3")
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    assert ans.status == 200
    assert READ_OUT in ans.text and spoken_digits("0808 157 0123") in ans.text
    assert http.requests == []
    assert "reading the number out" in caplog.text
    assert MOBILE not in caplog.text and MOBILE[1:] not in caplog.text


def test_the_store_is_replaceable_behind_a_small_interface():
    counts = text_limits.MemoryCounts()
    limits = [text_limits.Limit("a", 2, 60.0), text_limits.Limit("b", 5, 60.0)]
    assert counts.take(limits, 0.0) and counts.take(limits, 1.0)
    assert not counts.take(limits, 2.0)
    assert counts.take([text_limits.Limit("b", 5, 60.0)], 2.0)  # a refused take counted nothing
    assert counts.take(limits, 61.0)  # the window moved on


def test_texts_per_call_is_defined_once():
    import ivr.simulate
    import ivr.texting
    import ivr.web.voice

    assert ivr.simulate.TEXTS_PER_CALL is TEXTS_PER_CALL
    for module in (ivr.simulate, ivr.texting, ivr.web.voice, text_limits):
        assert "TEXTS_PER_CALL =" not in open(module.__file__, encoding="utf-8").read(), module


def test_workers_starting_together_end_up_with_one_key(tmp_path):
    keys: list[bytes] = []
    threads = [threading.Thread(target=lambda: keys.append(text_limits._kept_key(tmp_path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [text_limits.KEY_FILE]  # no temporary file left
    assert os.stat(tmp_path / text_limits.KEY_FILE).st_mode & 0o077 == 0


def test_a_one_hour_count_never_clears_the_24_hour_ones(tmp_path):
    """A reply's hourly count ran the clean-up at its own window and dropped a call's (or a
    replayed message's) 24-hour rows, so a replay a few hours later was answered again."""
    counts = text_limits.SqliteCounts(tmp_path / "texts.sqlite3")
    day = text_limits.Limit("message:SM1", 1, text_limits.CALL_WINDOW)
    assert counts.take([day], 0.0)
    assert counts.take([text_limits.Limit("reply:someone", 10, text_limits.HOUR)], 2 * text_limits.HOUR)
    assert not counts.take([day], 3 * text_limits.HOUR)  # still within its day: refused
    assert counts.take([day], text_limits.CALL_WINDOW + 1)
