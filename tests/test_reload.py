"""Live reload: an edit that passes the checks is served within seconds, one that fails is
not, and the last good version keeps answering calls."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from ivr import create_app
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.store import Store, Unavailable
from ivr.testing import AUTH_TOKEN, FakeTwilio

from .checking import copy_menus, edit, line_of, set_voices

WEEKDAY_MORNING = "2026-11-25T10:00:00+00:00"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def app_on(folder: Path, locales: Path, clock=time.monotonic, poll: float = 2.0):
    store = Store(folder, locales, poll_seconds=poll, clock=clock)
    settings = Settings(auth_token=AUTH_TOKEN, menus_dir=folder, locales_dir=locales, now=parse_now(WEEKDAY_MORNING))
    app = create_app(settings, store)
    app.testing = True
    return app


@pytest.fixture
def line(tmp_path):
    folder = copy_menus(tmp_path)
    clock = Clock()
    return folder, tmp_path / "locales", clock, app_on(folder, tmp_path / "locales", clock)


def welcome(app) -> str:
    return FakeTwilio(app.test_client()).start().text


def health(app) -> dict:
    return app.test_client().get("/healthz").get_json()


def test_an_edit_that_passes_is_served_within_two_seconds(line):
    folder, _, clock, app = line
    assert welcome(app).startswith("Fixture Line.")
    before = health(app)["served"]["version"]
    edit(folder, "line.yaml", "name: Fixture Line", "name: Safe Haven Line")
    clock.t += 1.0
    assert welcome(app).startswith("Fixture Line.")  # not looked yet
    clock.t += 1.0
    assert welcome(app).startswith("Safe Haven Line.")
    now = health(app)
    assert now["served"]["version"] != before and now["last_rejected"] is None and now["serving_latest_edit"] is True


def test_an_edit_that_fails_is_not_served_and_the_old_version_keeps_answering(line, caplog):
    folder, _, clock, app = line
    before = health(app)
    edit(folder, "line.yaml", "name: Fixture Line", "name: Broken Line")
    edit(folder, "services.yaml", "number: 0808 157 0789", "number: 999")
    clock.t += 2.0
    with caplog.at_level(logging.WARNING, logger="ivr.store"):
        call = FakeTwilio(app.test_client())
        assert call.start().text.startswith("Fixture Line.")
        ans = call.keys("3", "1")  # report, the Anytime Line (open): put through, still on the old, good number
        assert ans.first("Dial").find("Number").text == "+448081570789"
        clock.t += 5.0
        welcome(app)  # looks again: nothing new, so nothing logged again
    refused = [r for r in caplog.records if "was refused" in r.getMessage()]
    assert len(refused) == 1
    assert "services.yaml" in refused[0].getMessage() and "emergency services" in refused[0].getMessage()
    now = health(app)
    assert now["served"] == before["served"]
    assert now["serving_latest_edit"] is False
    rejected = now["last_rejected"]
    assert rejected["errors"] == 1
    assert rejected["where"] == [f"services.yaml:{line_of(folder, 'services.yaml', 'number: 999')}"]
    assert str(folder) not in str(now)  # no folders of the server in a public answer


def test_a_fixed_edit_is_then_served(line):
    folder, _, clock, app = line
    edit(folder, "services.yaml", "number: 0808 157 0789", "number: 999")
    clock.t += 2.0
    assert welcome(app).startswith("Fixture Line.")
    edit(folder, "services.yaml", "number: 999", "number: 0808 157 0789")
    edit(folder, "line.yaml", "name: Fixture Line", "name: Fixed Line")
    clock.t += 2.0
    assert welcome(app).startswith("Fixed Line.")
    assert health(app)["last_rejected"] is not None  # the last refused edit stays visible
    assert health(app)["serving_latest_edit"] is True


def test_a_call_in_progress_at_a_place_that_is_gone_goes_on_from_the_main_menu(line):
    folder, _, clock, app = line
    call = FakeTwilio(app.test_client())
    assert "Fixture forced menu." in call.keys("4").text
    text = (folder / "menus.yaml").read_text(encoding="utf-8")
    text = re.sub(
        r'      - key: "4"\n        menu: forced\n(        .*\n)*', "", text
    )  # the option, whatever its fields
    (folder / "menus.yaml").write_text(text[: text.index("\n  forced:")] + "\n", encoding="utf-8")
    edit(
        folder,
        "services.yaml",
        "needs: [support, report, forced]",
        "needs: [support, report, forced]  # no forced menu now",
    )
    clock.t += 2.0
    ans = call.press("1")
    assert ans.status == 200 and "press 4" not in ans.text and "For fixture tips, press 2." in ans.text


def test_with_a_real_clock_an_edit_is_served_within_seconds(tmp_path):
    folder = copy_menus(tmp_path)
    app = app_on(folder, tmp_path / "locales")
    assert welcome(app).startswith("Fixture Line.")
    edit(folder, "line.yaml", "name: Fixture Line", "name: Quick Line")
    deadline = time.monotonic() + 5
    while not welcome(app).startswith("Quick Line.") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert welcome(app).startswith("Quick Line.")


def test_each_process_reloads_by_itself(tmp_path):
    folder = copy_menus(tmp_path)
    clock = Clock()
    apps = [app_on(folder, tmp_path / "locales", clock) for _ in range(2)]
    edit(folder, "line.yaml", "name: Fixture Line", "name: Worker Line")
    clock.t += 2.0
    assert [welcome(a)[:12] for a in apps] == ["Worker Line."] * 2


def _catalogue(locales: Path, translation: str) -> None:
    catalog = Catalog(locale="pl_PL")
    catalog.add("For fixture tips, press {key}.", translation)
    folder = locales / "pl_PL" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalog)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, catalog)


def test_edited_translations_are_served_fresh(tmp_path):
    folder = copy_menus(tmp_path)
    set_voices(folder, {"en-GB": "Polly.Amy", "pl-PL": "Polly.Ewa"})
    locales = tmp_path / "locales"
    _catalogue(locales, "Porady bezpieczeństwa: naciśnij {key}.")
    clock = Clock()
    app = app_on(folder, locales, clock)
    polish = lambda: FakeTwilio(app.test_client()).request("/voice?lang=pl-PL", FakeTwilio(None).params()).text  # noqa: E731
    assert "Porady bezpieczeństwa: naciśnij 2." in polish()
    _catalogue(locales, "Wskazówki: naciśnij {key}.")
    clock.t += 2.0
    assert "Wskazówki: naciśnij 2." in polish()
    _catalogue(locales, "Wskazówki: naciśnij {klawisz}.")  # broken: refused
    clock.t += 2.0
    assert "Wskazówki: naciśnij 2." in polish()
    po = (locales / "pl_PL" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").splitlines()
    line = po.index('msgid "For fixture tips, press {key}."') + 1
    assert health(app)["last_rejected"]["where"] == [f"pl_PL/LC_MESSAGES/messages.po:{line}"]


def test_a_line_starting_on_broken_menus_serves_no_menus(tmp_path):
    folder = copy_menus(tmp_path)
    edit(folder, "services.yaml", "number: 0808 157 0789", "number: 112")
    store = Store(folder, None)  # starts: nothing good kept (no state folder), nothing to serve
    with pytest.raises(Unavailable) as caught:
        store.current()
    assert "emergency services" in str(caught.value)


def test_the_line_starts_with_a_broken_catalogue_but_never_reloads_into_one(tmp_path, caplog):
    folder = copy_menus(tmp_path)
    set_voices(folder, {"en-GB": "Polly.Amy", "pl-PL": "Polly.Ewa"})
    locales = tmp_path / "locales"
    _catalogue(locales, "Porady: naciśnij {klawisz}.")  # wrong placeholder
    clock = Clock()
    with caplog.at_level(logging.ERROR, logger="ivr.store"):
        app = app_on(folder, locales, clock)
    assert any("different {placeholders}" in r.getMessage() for r in caplog.records)
    polish = FakeTwilio(app.test_client()).request("/voice?lang=pl-PL", FakeTwilio(None).params())
    assert "For fixture tips, press 2." in polish.text  # said in English, never broken
    edit(folder, "line.yaml", "name: Fixture Line", "name: Other Line")
    clock.t += 2.0
    assert welcome(app).startswith("Fixture Line.")  # the catalogue still has its error
    assert health(app)["last_rejected"]["errors"] == 1
