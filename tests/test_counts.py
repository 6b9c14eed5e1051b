"""The anonymous counts: calls through the fake Twilio give exactly the expected counts, on
SQLite and on PostgreSQL; nothing in the database names a caller; a database that is down
never touches a call; old hours fold into days."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

import pytest

from ivr import db, report
from ivr.counting import DOCTOR_CALL_SID
from ivr.db.schema import WHOLE_DAY
from ivr.tally import Tally, fold
from ivr.testing import CALLER, FakeTwilio
from tests.conftest import make_app

WEDNESDAY_10 = "2026-11-25T10:00:00+00:00"  # UK time 10:00: National Ugly Mugs is open
THURSDAY_2AM = "2026-11-26T02:00:00+00:00"  # closed
SIDS = ("CA" + "a1" * 16, "CA" + "b2" * 16, "CA" + "c3" * 16)


def counted(app, first="2026-11-01", last="2026-11-30") -> dict[tuple[str, str], int]:
    tally = app.extensions["ivr"]["tally"]
    assert tally.flush()
    rows = report.read(tally.engine, dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    out: dict[tuple[str, str], int] = {}
    for _day, _hour, event, detail, n in rows:
        if n:
            out[(event, detail)] = out.get((event, detail), 0) + n
    return out


def ended(call: FakeTwilio, seconds: str) -> None:
    answer = call.request("/voice/status", call.params(CallStatus="completed", CallDuration=seconds))
    assert answer.status == 200 and answer.root is not None


def three_calls(app) -> None:
    client = app.test_client()
    one = FakeTwilio(client, call_sid=SIDS[0])
    one.keys("1", "1")  # support services, the Weekday Helpline (open): put through from the list
    one.dial_ends("busy", "0")
    ended(one, "45")
    two = FakeTwilio(client, call_sid=SIDS[1])
    two.keys("9", "2", "7")  # languages, Polish, a key that does nothing
    two.silence()
    assert two.silence().first("Hangup") is not None
    ended(two, "45")
    three = FakeTwilio(client, call_sid=SIDS[2])
    three.keys("1", "5", "1", "2", "1")  # their pages, the Weekday Helpline's, hear the number, put through
    three.dial_ends("completed", "125")
    ended(three, "700")


def test_calls_through_fake_twilio_give_exactly_the_expected_counts(database):
    app = make_app(WEDNESDAY_10, **database)
    three_calls(app)
    assert counted(app) == {
        ("call", "answered"): 3,
        ("language", "en-GB"): 2,
        ("language", "pl-PL"): 1,
        ("menu", "services"): 2,
        ("menu", "languages"): 1,
        ("service", "weekday:open"): 2,
        ("connect", "weekday"): 2,
        ("dial", "weekday:busy:0s"): 1,
        ("dial", "weekday:completed:1-5m"): 1,
        ("number", "weekday"): 1,
        ("error", "no-such-key"): 1,
        ("hangup", "silence"): 1,
        ("ended", "30s-1m"): 2,
        ("ended", "over-10m"): 1,
    }


def test_a_service_reached_while_closed_is_demand_while_closed_in_its_hour(database):
    app = make_app(THURSDAY_2AM, **database)
    FakeTwilio(app.test_client()).keys("1", "1")
    assert counted(app)[("service", "weekday:closed")] == 1
    figs = {
        f.key: f
        for f in report.figures(
            report.read(app.extensions["ivr"]["tally"].engine, dt.date(2026, 11, 26), dt.date(2026, 11, 26)),
            dt.date(2026, 11, 26),
            dt.date(2026, 11, 26),
        )
    }
    for key in ("closed", "closed-weekday"):  # all services, and this one
        thursday = dict(figs[key].rows)["Thu"]
        assert thursday[2] == 1 and sum(thursday) == 1
    assert not any(key.startswith("closed-") and key != "closed-weekday" for key in figs)
    assert dict(figs["services"].rows) == {"weekday": (0, 1)}


def stored_bytes(app, database) -> bytes:
    """Everything the database holds: the SQLite files, or PostgreSQL's pg_dump."""
    tally = app.extensions["ivr"]["tally"]
    assert tally.flush()
    if tally.engine.dialect.name == "sqlite":
        tally.engine.dispose()
        folder = database["state_dir"]
        return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(db.SQLITE_NAME))
    from tests.databases import pg_dump

    return pg_dump(database["database_url"]).encode()


def hashes_of(forms: set[str]) -> set[str]:
    return {getattr(hashlib, algo)(form.encode()).hexdigest() for form in forms for algo in ("md5", "sha1", "sha256")}


def test_nothing_in_the_database_names_a_caller_or_a_call(database):
    """The caller's number in every form, hashes of it, the CallSids: none in the file or dump."""
    app = make_app(WEDNESDAY_10, **database)
    three_calls(app)
    FakeTwilio(app.test_client(), call_sid=SIDS[0]).keys("1", "5", "1", "3")  # texting is off: a no-such-key
    stored = stored_bytes(app, database)
    assert b"weekday:open" in stored  # the counts are there
    national = "0" + CALLER[3:]
    forms = {CALLER, CALLER[1:], national, CALLER[3:], "+44 7700 900123", "07700 900123", "07700900123"}
    for needle in forms | hashes_of(forms) | set(SIDS) | {"900123"}:
        assert needle.encode() not in stored, needle


def test_every_place_of_every_call_at_every_time_leaves_no_number_or_callsid_in_the_database(database):
    """The privacy walk (every key at every place, silences, every dial result, the number in
    every format), then a status callback for each call: the database holds counts only."""
    from tests.test_privacy_everything import FORMATS, NEEDLES, TIMES, walk

    sids = []
    stored = b""
    for i, when in enumerate(TIMES):
        app = make_app(when, **database)
        for j, number in enumerate(FORMATS):
            sid = f"CA{i:02d}{j:02d}" + "f00d" * 7
            sids.append(sid)
            call = FakeTwilio(app.test_client(), caller=number, call_sid=sid)
            walk(call, budget=400 if j == 0 else 20)
            ended(call, str(37 * (j + 1)))
        stored += stored_bytes(app, database)
    assert b"answered" in stored and b"closed" in stored and b"no-answer" in stored
    for needle in [*NEEDLES, *FORMATS, *sids, *hashes_of(set(FORMATS) | {"+447700900123", "447700900123"})]:
        assert needle.encode() not in stored, needle


def test_a_database_that_is_down_never_touches_a_call_and_is_logged_once_a_minute(tmp_path, caplog):
    clock = [0.0]
    broken = Tally(
        db.engine_for(f"sqlite:///{tmp_path}/missing/folder/line.db"), flush_seconds=0, clock=lambda: clock[0]
    )
    app = make_app(WEDNESDAY_10, state_dir=tmp_path / "state")
    app.extensions["ivr"]["tally"] = broken
    caplog.set_level(logging.WARNING, logger="ivr.tally")
    for _ in range(3):
        call = FakeTwilio(app.test_client())
        assert "Fixture services" in call.keys("1").text
        assert not broken.flush()
    clock[0] = 61.0
    call = FakeTwilio(app.test_client())
    call.keys("1")
    assert not broken.flush()
    complaints = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(complaints) == 2  # the first, and one more after a minute: not one per call
    assert broken.dropped == 4 * 3  # each call: answered, its language, its choice
    assert CALLER not in caplog.text


def test_a_line_whose_database_cannot_be_reached_still_starts_and_answers(tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="ivr")
    app = make_app(WEDNESDAY_10, database_url="postgresql://nobody@127.0.0.1:1/none")
    assert "Fixture services" in FakeTwilio(app.test_client()).keys("1").text
    assert "cannot be reached" in caplog.text


def test_counting_that_raises_never_breaks_a_call(tmp_path, monkeypatch):
    app = make_app(WEDNESDAY_10, state_dir=tmp_path / "state")

    class Exploding:
        def add(self, *args):
            raise RuntimeError("boom")

    app.extensions["ivr"]["tally"] = Exploding()
    call = FakeTwilio(app.test_client())
    assert "Fixture services" in call.keys("1").text
    assert "safe" not in call.last.text.lower() and "problem" not in call.last.text


def test_the_status_callback_is_signed_like_every_webhook(tmp_path):
    app = make_app(WEDNESDAY_10, state_dir=tmp_path / "state")
    call = FakeTwilio(app.test_client())
    answer = call.request("/voice/status", call.params(CallStatus="completed", CallDuration="20"), signed=False)
    assert answer.status == 403 and answer.body == ""
    ended(call, "20")
    ended(call, "not a number")
    live = call.request("/voice/status", call.params(CallStatus="ringing"))  # set as the voice URL by mistake
    assert "Fixture Line" in live.text and live.first("Gather") is not None
    assert counted(app) == {
        ("ended", "under-30s"): 1,
        ("ended", "unknown"): 1,
        ("call", "answered"): 1,
        ("language", "en-GB"): 1,
    }


def test_old_hours_fold_into_days_and_keep_their_totals(database):
    engine = db.engine_from(make_app(WEDNESDAY_10, **database).extensions["ivr"]["settings"])
    tally = Tally(engine, flush_seconds=0)
    old, recent = (
        dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
    )
    for hour in (0, 3, 5):
        tally.add(old + dt.timedelta(hours=hour), [("call", "answered", 2)])
    tally.add(recent, [("call", "answered", 1)])
    assert tally.flush()
    assert fold(engine, 90, today=dt.date(2026, 11, 25)) == 1
    rows = sorted(report.read(engine, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert rows == [
        (dt.date(2026, 6, 1), WHOLE_DAY, "call", "answered", 6),
        (dt.date(2026, 11, 20), 9, "call", "answered", 1),
    ]
    tally.add(old, [("call", "answered", 1)])  # a late count for a folded day still adds up
    tally.flush()
    assert fold(engine, 90, today=dt.date(2026, 11, 25)) == 1
    assert sorted(report.read(engine, dt.date(2026, 6, 1), dt.date(2026, 6, 1))) == [
        (dt.date(2026, 6, 1), WHOLE_DAY, "call", "answered", 7)
    ]


def test_small_counts_are_shown_as_fewer_than_5():
    assert [report.shown(n) for n in (0, 1, 4, 5, 12, -1)] == ["0", "fewer than 5", "fewer than 5", "5", "12", "0"]
    fig = report.Figure("x", "X", "bars", ("n",), (("a", (3,)), ("b", (7,))))
    assert report.csv_text([fig]).splitlines()[1:] == ["X,a,n,fewer than 5", "X,b,n,7"]


@pytest.mark.parametrize(
    "seconds, band",
    [("0", "0s"), ("59", "under-1m"), ("300", "1-5m"), ("901", "over-15m"), ("", "unknown"), ("١٢", "unknown")],
)
def test_put_through_durations_are_only_coarse_bands(seconds, band):
    from ivr.counting import DIAL_BANDS
    from ivr.counting import band as band_of

    assert band_of(seconds, DIAL_BANDS) == band


def _worker_counts(path: str) -> bool:
    tally = Tally(db.engine_for(f"sqlite:///{path}"), flush_seconds=0)
    ok = True
    for _ in range(20):
        tally.add(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), [("call", "answered", 1)])
        ok = tally.flush() and ok
    return ok


def test_workers_writing_one_sqlite_file_together_lose_nothing(tmp_path):
    import multiprocessing

    path = str(tmp_path / "line.db")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert all(pool.map(_worker_counts, [path] * 4, chunksize=1))
    rows = report.read(db.engine_for(f"sqlite:///{path}"), dt.date(2026, 11, 25), dt.date(2026, 11, 25))
    assert rows == [(dt.date(2026, 11, 25), 10, "call", "answered", 80)]


def _fold_in_worker(url: str) -> int:
    return fold(db.engine_for(url), 90, today=dt.date(2026, 11, 25))


def test_workers_folding_at_once_never_count_a_day_twice(database):
    import multiprocessing

    from ivr.settings import Settings

    engine = db.engine_from(Settings(**database))
    tally = Tally(engine, flush_seconds=0)
    for day in range(1, 21):
        for hour in range(0, 24, 6):
            tally.add(dt.datetime(2026, 5, day, hour, tzinfo=dt.UTC), [("call", "answered", 3)])
    assert tally.flush()
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        folded = pool.map(_fold_in_worker, [url] * 4, chunksize=1)
    assert sorted(folded) == [0, 0, 0, 20]
    rows = report.read(engine, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert {r[1] for r in rows} == {WHOLE_DAY} and sum(r[4] for r in rows) == 20 * 4 * 3


def test_each_worker_folds_old_hours_by_itself(tmp_path):
    engine = db.engine_for(f"sqlite:///{tmp_path}/line.db")
    tally = Tally(engine, flush_seconds=0, keep_hours_days=30)
    tally.add(dt.datetime.now(dt.UTC) - dt.timedelta(days=40), [("call", "answered", 1)])
    tally.add(dt.datetime.now(dt.UTC), [("call", "answered", 1)])
    assert tally.flush()
    hours = sorted(r[1] == WHOLE_DAY for r in report.read(engine, dt.date(2000, 1, 1), dt.date(2099, 1, 1)))
    assert hours == [False, True]


@pytest.mark.parametrize("answer, outcome", [("ok", "sent"), ("refused", "failed"), ("timeout", "failed")])
def test_texts_are_counted_sent_or_failed_and_the_database_holds_no_mobile(answer, outcome, tmp_path):
    from ivr import create_app
    from ivr.hours import parse_now
    from ivr.settings import Settings
    from ivr.testing import AUTH_TOKEN
    from ivr.texting import Texter
    from tests.conftest import LOCALES, MENUS
    from tests.test_texting import ACCOUNT, MOBILE, NOW, FakeHttp

    settings = Settings(
        auth_token=AUTH_TOKEN,
        account_sid=ACCOUNT,
        menus_dir=MENUS,
        locales_dir=LOCALES,
        now=parse_now(NOW),
        state_dir=tmp_path / "state",
    )
    app = create_app(settings, texter=Texter(ACCOUNT, AUTH_TOKEN, http_client=FakeHttp(answer)))
    FakeTwilio(app.test_client(), caller=MOBILE).keys("1", "5", "1", "3")
    counts = counted(app)
    assert counts[("text", outcome)] == 1 and ("text", "sent" if outcome == "failed" else "failed") not in counts
    stored = stored_bytes(app, {"state_dir": tmp_path / "state"})
    for needle in (MOBILE, MOBILE[1:], "07911123456", "7911123456", *hashes_of({MOBILE, MOBILE[1:], "07911123456"})):
        assert needle.encode() not in stored, needle


def test_errors_and_safe_words_are_counted(tmp_path, monkeypatch):
    import ivr.web.voice

    app = make_app(WEDNESDAY_10, state_dir=tmp_path / "state")
    call = FakeTwilio(app.test_client())
    call.start()
    call.say("something else entirely", confidence="0.2")  # not understood
    call.request("/voice?at=menu%3Amain%2Fnowhere&lang=en-GB", call.params(Digits="1"))  # a tampered place
    call.request("/voice/fallback", call.params(ErrorCode="11200"))

    def broken(*args, **kwargs):
        raise RuntimeError("the core is broken")

    monkeypatch.setattr(ivr.web.voice, "step", broken)
    assert "problem" in call.request("/voice?at=menu%3Amain&lang=en-GB", call.params(Digits="1")).text
    counts = counted(app)
    assert {k: v for k, v in counts.items() if k[0] in ("error", "safe-words")} == {
        ("error", "not-heard"): 1,
        ("error", "lost-place"): 1,
        ("error", "fallback"): 1,
        ("error", "webhook"): 1,
        ("safe-words", "goodbye"): 1,
        ("safe-words", "retry"): 1,
    }


def test_ivr_doctors_self_request_is_answered_but_never_counted_as_a_call(tmp_path):
    app = make_app(WEDNESDAY_10, state_dir=tmp_path)
    client = app.test_client()
    doctor = FakeTwilio(client, call_sid=DOCTOR_CALL_SID).start()
    assert doctor.first("Gather") is not None  # the doctor hears the line as a caller would
    assert counted(app) == {}
    FakeTwilio(client, call_sid=SIDS[0]).start()
    assert counted(app) == {("call", "answered"): 1, ("language", "en-GB"): 1}
