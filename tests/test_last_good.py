"""The line never fails to start because of its content: each version served is kept in the
state folder; a store that starts on broken files serves the last one kept, and with none it
answers the safe words and says what is wrong. (In-process; real servers: test_outages.py.)"""

from __future__ import annotations

import json

import pytest

from ivr import create_app, snapshot, twiml
from ivr.hours import parse_now
from ivr.menus import load
from ivr.settings import Settings
from ivr.store import Store, Unavailable
from ivr.testing import AUTH_TOKEN, FakeTwilio

from .checking import BROKEN, copy_menus, edit, line_of
from .conftest import LOCALES, MENUS, SHIPPED_MENUS

NOW = "2026-11-25T10:00:00+00:00"


def app_on(menus, state):
    settings = Settings(
        auth_token=AUTH_TOKEN, menus_dir=menus, locales_dir=LOCALES, now=parse_now(NOW), state_dir=state
    )
    app = create_app(settings)
    app.testing = True
    return app


def welcome(app) -> str:
    return FakeTwilio(app.test_client()).start().text


def test_a_good_version_is_kept_whole_and_named(tmp_path):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    version = Store(menus, LOCALES, state_dir=state).current()
    pointer = json.loads((state / snapshot.POINTER).read_text())
    assert pointer["id"] == version.id
    kept = snapshot.latest(state)
    assert kept is not None and kept.id == version.id
    assert (kept.menus_dir / "services.yaml").read_bytes() == (menus / "services.yaml").read_bytes()
    assert (kept.locales_dir / "pl_PL" / "LC_MESSAGES" / "messages.po").is_file()
    leftovers = [p.name for p in state.rglob(".*")]
    assert leftovers == [], "no half-written files or folders are left behind"


def test_a_failed_write_leaves_the_last_good_pointer_as_it_was(tmp_path, monkeypatch):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    first = Store(menus, LOCALES, state_dir=state).current().id
    edit(menus, "line.yaml", "name: Fixture Line", "name: Other Line")

    def disk_full(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.os, "replace", disk_full)
    Store(menus, LOCALES, state_dir=state)  # serves the edit from disk; cannot keep it
    monkeypatch.undo()
    assert json.loads((state / snapshot.POINTER).read_text())["id"] == first
    assert snapshot.latest(state).id == first


def test_a_worker_starting_on_a_broken_edit_serves_the_last_good_version_with_its_id(tmp_path):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    good = app_on(menus, state)
    before, good_id = welcome(good), good.test_client().get("/healthz").get_json()["served"]["version"]
    edit(menus, "services.yaml", *BROKEN)
    restarted = app_on(menus, state)  # as a gunicorn worker boots after a crash
    assert welcome(restarted) == before
    health = restarted.test_client().get("/healthz").get_json()
    assert health["status"] == "ok" and health["served"]["version"] == good_id
    assert health["serving_latest_edit"] is False
    assert health["last_rejected"]["where"] == [f"services.yaml:{line_of(menus, 'services.yaml', 'number: 112')}"]


def test_a_restored_line_picks_up_the_fixed_edit(tmp_path):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    Store(menus, LOCALES, state_dir=state)
    edit(menus, "services.yaml", *BROKEN)
    store = Store(menus, LOCALES, poll_seconds=0, state_dir=state)
    edit(menus, "services.yaml", "number: 112", "number: 0808 157 0789")
    edit(menus, "line.yaml", "name: Fixture Line", "name: Fixed Line")
    assert store.current().menus.line.name == "Fixed Line"


@pytest.mark.parametrize("damage", ["pointer", "file", "folder"])
def test_a_damaged_snapshot_is_ignored(tmp_path, damage):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    Store(menus, LOCALES, state_dir=state)
    kept = snapshot.latest(state)
    if damage == "pointer":
        (state / snapshot.POINTER).write_text('{"id": "3f2a')
    elif damage == "file":
        (kept.menus_dir / "services.yaml").write_text("services: [ {{{")
    else:
        for p in kept.menus_dir.iterdir():
            p.unlink()
    assert snapshot.latest(state) is None
    edit(menus, "services.yaml", *BROKEN)
    with pytest.raises(Unavailable):
        Store(menus, LOCALES, state_dir=state).current()


def test_a_snapshot_that_fails_todays_checks_is_not_served(tmp_path):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    Store(menus, LOCALES, state_dir=state)
    kept = snapshot.latest(state)
    # As if a new release checked more strictly: the kept files are whole but now refused.
    path = kept.menus_dir / "services.yaml"
    path.write_text(path.read_text().replace(*BROKEN, 1))
    (state / snapshot.POINTER).write_text(
        json.dumps({"id": snapshot.fingerprint(kept.menus_dir, kept.locales_dir), "folder": kept.menus_dir.parent.name})
    )
    edit(menus, "services.yaml", *BROKEN)
    with pytest.raises(Unavailable):
        Store(menus, LOCALES, state_dir=state).current()


def test_with_no_good_version_ever_the_line_answers_the_safe_words_and_says_why(tmp_path, caplog):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    edit(menus, "services.yaml", *BROKEN)
    app = app_on(menus, state)  # never raises
    call = FakeTwilio(app.test_client())
    answer = call.start()
    assert answer.status == 200 and "dial 999" in answer.text
    # In the TwiML as the voice gets it (.text turns the voice's "5 5" back into "55").
    assert "0 8 0 0. 5 5 5. 1 1 1." in answer.body and "1 1 6. 1 2 3." in answer.text
    assert answer.root.find("Hangup") is not None
    mid_call = call.request("/voice?at=menu%3Amain&lang=en-GB", call.params(Digits="1"))  # a call already going
    assert mid_call.status == 200 and "Samaritans: 1 1 6. 1 2 3." in mid_call.text
    where = f"services.yaml:{line_of(menus, 'services.yaml', 'number: 112')}"
    health = app.test_client().get("/healthz")
    assert health.status_code == 200
    body = health.get_json()
    assert body["status"] == "degraded"
    assert any(p.startswith(where + ": ") and "emergency" in p for p in body["problems"])
    assert str(tmp_path) not in health.get_data(as_text=True)
    assert where in caplog.text and "safe words" in caplog.text
    assert app.test_client().get("/").status_code == 503
    assert app.test_client().get("/voice/fallback").status_code == 403  # signatures still checked


def test_a_line_with_no_good_version_starts_serving_once_the_edit_is_fixed(tmp_path):
    menus, state = copy_menus(tmp_path), tmp_path / "state"
    edit(menus, "services.yaml", *BROKEN)
    store = Store(menus, LOCALES, poll_seconds=0, state_dir=state)
    with pytest.raises(Unavailable):
        store.current()
    edit(menus, "services.yaml", "number: 112", "number: 0808 157 0789")
    assert store.current().menus.line.name == "Fixture Line"
    assert store.problems == () and snapshot.latest(state) is not None


def test_an_unwritable_state_folder_never_stops_the_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    app = app_on(MENUS, blocker / "state")
    assert welcome(app).startswith("Fixture Line.")


def test_the_safe_services_agree_with_the_shipped_menus_wherever_both_name_them():
    """The safe words are built in (they must work with no menus at all); where the shipped
    menus list the same number, it is a free service open day and night there too."""
    services = {s.number: s for s in load(SHIPPED_MENUS).services.values()}
    for _, number in twiml.SAFE_SERVICES:
        if number in services:
            assert services[number].hours.always and services[number].free, number
