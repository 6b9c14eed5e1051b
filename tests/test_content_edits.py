"""The content-edit drill of ``.ci/run`` (``tests/content_edits.py``) really edits: on a copy of
the fixture line, each edit changes what it says and leaves content ``ivr check`` accepts."""

from __future__ import annotations

import shutil

from ivr.inspect import inspect
from ivr.menus import load

from .conftest import LOCALES, MENUS
from .content_edits import EDITS, NEW_SERVICE


def test_each_edit_of_the_drill_changes_the_content_and_passes_the_check(tmp_path):
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    before = load(folder)
    for what, edit in EDITS:
        said = edit(folder)
        report = inspect(folder, LOCALES)
        assert report.ok, (what, [str(p) for p in report.errors])
        assert said, what
    after = load(folder)
    assert NEW_SERVICE in after.services and any(o.ref == NEW_SERVICE for m in after.menus.values() for o in m.options)
    removed = set(before.services) - set(after.services)
    assert len(removed) == 1 and not any(o.ref in removed for m in after.menus.values() for o in m.options)
    assert len({t.topic for t in after.tips}) == len({t.topic for t in before.tips}) + 1
    assert after.tips[0].text != before.tips[0].text
    changed = [
        s for s in before.services if s in after.services and after.services[s].hours != before.services[s].hours
    ]
    assert len(changed) == 1
