"""The menus checked in a child process (ivr.checked), as a server worker has them checked: the
same result as checking them here, the line never depending on the child, and no caller
waiting while an edit is checked."""

from __future__ import annotations

import logging
import shutil
import sys
import time

import pytest

from ivr import checked, cldr, snapshot
from ivr.i18n import Catalogs
from ivr.store import Store, Unavailable

from .checking import BROKEN, copy_menus, edit
from .conftest import LOCALES, MENUS


@pytest.fixture
def as_worker(no_cut):
    """This process as a server worker: menus checked by a child; no cut left behind."""
    checked.use_child_process()
    yield
    checked.use_child_process(False)


def same(a: checked.Checked, b: checked.Checked) -> None:
    assert a.menus == b.menus
    assert a.problems == b.problems and a.in_catalogues == b.in_catalogues
    assert a.catalogues_id == b.catalogues_id and a.version_id == b.version_id
    assert a.compiled == b.compiled


def test_a_child_finds_what_this_process_finds():
    here, there = checked.check(MENUS, LOCALES), checked.in_child(MENUS, LOCALES)
    same(here, there)
    assert there.menus is not None and not there.errors
    assert set(there.compiled) == set(there.menus.line.voices)  # every language, compiled when checked
    assert there.compiled["en-GB"] is None and there.compiled["pl-PL"]
    assert here.cut is None and there.cut is not None  # only a child cuts Babel's data
    assert set(there.cut.names) == set(there.menus.line.voices)
    assert set(there.cut.data) == {*there.cut.names.values(), cldr.ENGLISH}


def test_a_child_finds_the_same_errors_in_broken_menus(tmp_path):
    folder = copy_menus(tmp_path)
    edit(folder, "services.yaml", *BROKEN)
    here, there = checked.check(folder, LOCALES), checked.in_child(folder, LOCALES)
    same(here, there)
    assert there.menus is None and any(p.file.endswith("services.yaml") for p in there.errors)
    assert there.cut is None and not there.compiled


def test_a_child_checks_menus_without_catalogues():
    there = checked.in_child(MENUS, None)
    assert there.menus is not None and there.catalogues_id == snapshot.catalogues_fingerprint(None)
    assert set(there.compiled.values()) == {None}


CHILDREN_THAT_FAIL = {
    "ends-badly": "import sys; sys.exit(3)",
    "says-nonsense": "print('not a pickle')",
    "answers-something-else": "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(('ok', 42)))",
    "hangs": "import time; time.sleep(60)",
    "is-killed": "import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
}


@pytest.mark.parametrize("code", CHILDREN_THAT_FAIL.values(), ids=CHILDREN_THAT_FAIL.keys())
def test_a_child_that_fails_leaves_the_worker_checking_the_files_itself(code, as_worker, monkeypatch, caplog):
    monkeypatch.setattr(checked, "_CHILD", code)
    monkeypatch.setattr(checked, "CHILD_SECONDS", 2.0)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="ivr.checked"):
        found = checked.read(MENUS, LOCALES)
    assert time.monotonic() - started < 10
    same(found, checked.check(MENUS, LOCALES))
    assert found.cut is None  # checked here: Babel's own data, nothing cut
    said = [r.getMessage() for r in caplog.records]
    assert any("could not be checked in a child process" in s for s in said), said


def test_after_a_child_fails_the_worker_checks_the_files_itself_for_a_while(as_worker, monkeypatch):
    started = []
    run = checked.subprocess.run

    def counted(*args, **kwargs):
        started.append(args)
        return run(*args, **kwargs)

    monkeypatch.setattr(checked.subprocess, "run", counted)
    monkeypatch.setattr(checked, "_CHILD", "import time; time.sleep(60)")
    monkeypatch.setattr(checked, "CHILD_SECONDS", 0.5)
    checked.read(MENUS, LOCALES)  # waits for one stuck child
    assert checked.read(MENUS, LOCALES).menus is not None  # and not for a second one
    assert len(started) == 1
    monkeypatch.setattr(checked, "AFTER_FAILURE_SECONDS", 0.0)  # the while has passed
    checked.read(MENUS, LOCALES)
    assert len(started) == 2


def test_a_worker_whose_python_cannot_start_a_child_checks_the_files_itself(as_worker, monkeypatch, caplog):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    with caplog.at_level(logging.WARNING, logger="ivr.checked"):
        found = checked.read(MENUS, LOCALES)
    assert found.menus is not None and "FileNotFoundError" in caplog.text


def test_a_checker_that_crashes_in_the_child_is_not_run_again_here(as_worker, monkeypatch, caplog):
    crash = "import ivr.checked as c\ndef boom(*a, **k):\n    raise KeyError('x')\nc.check = boom\nc.child_main()"
    monkeypatch.setattr(checked, "_CHILD", crash)

    def not_here(*_a, **_k):
        raise AssertionError("the files were checked again in this process")

    monkeypatch.setattr(checked, "check", not_here)
    with pytest.raises(checked.CheckCrashed) as crashed:
        checked.read(MENUS, LOCALES)
    assert crashed.value.kind == "KeyError" and "boom" in crashed.value.trace
    # A line starting so answers the safe words, and says why, as for a crash in-process.
    with caplog.at_level(logging.ERROR, logger="ivr.store"):
        store = Store(MENUS, LOCALES)
    with pytest.raises(Unavailable):
        store.current()
    assert [p.code for p in store.problems] == ["menus.uncheckable"] and "KeyError" in store.problems[0].message
    assert "boom" in caplog.text


def test_what_a_checker_prints_or_logs_in_the_child_does_not_spoil_its_answer(as_worker, monkeypatch, caplog):
    noisy = (
        "import logging, ivr.checked as c\nreal = c.check\n"
        "def noisy(*a, **k):\n    print('noise')\n    logging.getLogger('ivr.somewhere').warning('a warning')\n"
        "    return real(*a, **k)\nc.check = noisy\nc.child_main()"
    )
    monkeypatch.setattr(checked, "_CHILD", noisy)
    with caplog.at_level(logging.WARNING, logger="ivr.checked"):
        found = checked.read(MENUS, LOCALES)
    assert found.cut is not None  # from the child, not checked again here
    said = [r.getMessage() for r in caplog.records]
    assert "the check's child process: ivr.somewhere: a warning" in said
    assert "the check's child process: noise" in said
    assert not any("could not be checked" in s for s in said)


def test_a_worker_serves_the_child_s_version_with_babel_s_data_cut(as_worker):
    store = Store(MENUS, LOCALES)
    version = store.current()
    assert version.id == checked.check(MENUS, LOCALES).version_id
    assert type(cldr.locale("pl_PL")) is not cldr.Locale  # the cut, installed with the version
    assert version.catalogs.lookup("Press {key}.", "pl-PL") == Catalogs(LOCALES).lookup("Press {key}.", "pl-PL")


def wait_for(condition, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.05)


def test_in_a_worker_no_caller_waits_while_an_edit_is_checked(tmp_path, as_worker, monkeypatch):
    folder = copy_menus(tmp_path)
    store = Store(folder, LOCALES, poll_seconds=0)
    before = store.current()
    edit(folder, "line.yaml", "name: Fixture Line", "name: Safe Haven Line")
    # A child that takes 2 s to start: the request that finds the edit does not wait for it.
    monkeypatch.setattr(checked, "_CHILD", "import time; time.sleep(2)\n" + checked._CHILD)
    started = time.monotonic()
    assert store.current() is before
    assert time.monotonic() - started < 0.5
    assert store.current() is before  # still checking: the version served stays
    wait_for(lambda: store.current().menus.line.name == "Safe Haven Line")
    assert store.current().id != before.id


def test_in_a_worker_a_broken_edit_is_refused_and_the_last_good_version_kept(tmp_path, as_worker):
    folder = copy_menus(tmp_path)
    store = Store(folder, LOCALES, poll_seconds=0)
    before = store.current()
    edit(folder, "services.yaml", *BROKEN)
    store.current()
    wait_for(lambda: store.rejected is not None)
    assert store.current() is before and store.rejected.errors >= 1


def test_a_worker_starting_on_a_broken_edit_serves_the_last_good_version_checked_by_a_child(tmp_path, as_worker):
    folder, state = copy_menus(tmp_path), tmp_path / "state"
    good = Store(folder, LOCALES, state_dir=state).current()
    edit(folder, "services.yaml", *BROKEN)
    restarted = Store(folder, LOCALES, state_dir=state)
    assert restarted.current().id == good.id and restarted.current().menus == good.menus
    assert restarted.rejected is not None


def test_a_version_says_what_was_checked_even_if_a_catalogue_changes_before_its_first_call(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    store = Store(MENUS, locales, poll_seconds=None)  # no reload: the version stays
    po = locales / "pl_PL" / "LC_MESSAGES" / "messages.po"
    polish = Catalogs(locales).lookup("Press {key}.", "pl-PL")
    assert polish[1] == "pl-PL"
    changed = po.read_text(encoding="utf-8").replace(f'msgstr "{polish[0]}"', 'msgstr "Zmienione."')
    po.write_text(changed, encoding="utf-8")
    assert Catalogs(locales).lookup("Press {key}.", "pl-PL") == ("Zmienione.", "pl-PL")  # the edit, unchecked
    assert store.current().catalogs.lookup("Press {key}.", "pl-PL") == polish  # what was checked


def test_a_language_whose_catalogue_could_not_be_compiled_is_not_read_again_at_its_first_call(tmp_path):
    catalogs = Catalogs(LOCALES, compiled={"pl-PL": None})
    assert catalogs.translations("pl-PL") is None  # English, as the check found
    assert Catalogs(LOCALES).translations("pl-PL") is not None
