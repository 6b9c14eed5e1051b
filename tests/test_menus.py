"""Maintainers' mistakes in the YAML are found, with the file, the line and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ivr.menus import MenuError, load, parse

from .conftest import MENUS, edited_menus


def line_of(folder: Path, file: str, needle: str) -> int:
    return next(i for i, line in enumerate((folder / file).read_text().splitlines(), 1) if needle in line)


CASES = [
    # file, old, new, the line holding this text, words in the message
    (
        "menus.yaml",
        "service: split",
        "service: splitt",
        "service: splitt",
        "option.no_such_service",
    ),
    (
        "menus.yaml",
        "menu: report",
        "menu: reprot",
        "menu: reprot",
        "option.no_such_menu",
    ),
    (
        "menus.yaml",
        'key: "2"\n        service: split',
        'key: "1"\n        service: split',
        "service: split",
        "option.same_key",
    ),
    (
        "menus.yaml",
        'key: "4"\n        service: short',
        'key: "A"\n        service: short',
        'key: "A"',
        "shape.form",
    ),
    (
        "menus.yaml",
        'key: "4"\n        service: short',
        'key: "0"\n        service: short',
        'key: "0"',
        "option.reserved_key",
    ),
    (
        "services.yaml",
        "fri: 09:30-12:00",
        "fri: 25:00-26:00",
        "fri: 25:00",
        "hours.opening",
    ),
    (
        "services.yaml",
        "fri: 09:30-12:00",
        "fri: 09:30-07:00",
        "fri: 09:30-07:00",
        "hours.opening",
    ),
    (
        "services.yaml",
        "number: 0808 157 0456",
        "number: 0808 157 04",
        "number: 0808 157 04",
        "service.number",
    ),
    (
        "services.yaml",
        "number: 0808 157 0789",
        "number: 999",
        "number: 999",
        "service.number",
    ),
    ("services.yaml", "number: 0808 157 0789", "number: 112", "number: 112", "service.number"),
    (
        "services.yaml",
        "    hours: always\n    needs: [support]",
        "    hours: always\n    neds: [support]",
        "neds:",
        "shape.unknown",
    ),
    ("services.yaml", "      mon-tue: 09:30-15:30", "      mon-tues: 09:30-15:30", "mon-tues", "shape.name"),
    (
        "services.yaml",
        "checked: 2026-11-29",
        "checked: last week",
        "checked: last week",
        "shape.form",
    ),
    (
        "tips.yaml",
        "  - title: Second fixture topic",
        "  - title: Second fixture topic\n    tip: oops",
        "tip: oops",
        "shape.unknown",
    ),
    ("line.yaml", "ring_timeout: 20", "ring_timeout: 500", "ring_timeout: 500", "shape.range"),
]


@pytest.mark.parametrize("file, old, new, where, code", CASES)
def test_each_mistake_is_reported_with_file_line_and_code(tmp_path, file, old, new, where, code):
    folder = edited_menus(tmp_path, file, old, new)
    menus, problems = parse(folder)
    assert menus is None
    expected_line = line_of(folder, file, where)
    if code == "option.same_key":
        expected_line -= 1  # reported on the second key, the line before its target
    matching = [p for p in problems if p.file.endswith(file) and p.code == code]
    assert matching, "\n".join(map(str, problems))
    assert any(p.line == expected_line for p in matching), (expected_line, [str(p) for p in matching])


def test_a_short_number_cannot_be_put_through(tmp_path):
    folder = edited_menus(tmp_path, "services.yaml", "put_through: false", "put_through: true")
    _, problems = parse(folder)
    assert any(p.code == "service.short_number" for p in problems)


def test_yaml_that_does_not_parse_gives_its_line(tmp_path):
    folder = edited_menus(
        tmp_path, "services.yaml", "    name: Short Number Friends", '    name: "Short Number Friends'
    )
    _, problems = parse(folder)
    assert len(problems) == 1 and problems[0].file.endswith("services.yaml")
    assert problems[0].code == "yaml.syntax"
    assert abs(problems[0].line - line_of(folder, "services.yaml", 'name: "Short Number Friends')) <= 2


def test_every_problem_at_once(tmp_path):
    edited_menus(tmp_path, "services.yaml", "number: 0808 157 0789", "number: 999")
    folder = edited_menus(tmp_path, "menus.yaml", "menu: report", "menu: nowhere")
    with pytest.raises(MenuError) as err:
        load(folder)
    text = str(err.value)
    assert "services.yaml" in text and "menus.yaml" in text


def test_missing_file(tmp_path):
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    (folder / "tips.yaml").unlink()
    _, problems = parse(folder)
    assert [str(p) for p in problems] == [f"{folder / 'tips.yaml'}:1: this file is missing [file.missing]"]


def test_times_written_without_quotes_stay_times(menus):
    split = menus.services["split"]
    assert str(split.hours.days[2][0].opens) == "13:00:00"  # Wednesday afternoon


def test_the_fixture_menus_load_with_no_problems():
    menus, problems = parse(MENUS)
    assert menus is not None and problems == []
    assert all(s.source and s.checked.year >= 2026 for s in menus.services.values())
    # Every service number was dialable or a short number; none reaches 999/112.
    assert all(s.e164 or not s.put_through for s in menus.services.values())


def test_ivr_serve_starts_on_broken_menus_and_says_where(tmp_path):
    from .serving import Served

    folder = edited_menus(tmp_path, "services.yaml", "fri: 09:30-12:00", "fri: 09:30-07:00")
    line = Served(tmp_path, "ivr serve").start()
    try:
        line.listening()
        assert "dial 999" in line.call().text  # the safe words: never a refused call
    finally:
        line.stop()
    out = line.output()
    assert f"services.yaml:{line_of(folder, 'services.yaml', 'fri: 09:30-07:00')}:" in out
    assert "Did you mean 17:00 or 19:00?" in out
