"""``ivr check``: a broken copy of the fixture menus for every kind of problem, with its file,
line and words; and the line itself refusing what the check calls an error."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import get_args

import pytest

from ivr import menus as loader
from ivr.inspect import schema
from ivr.menus import MenuError, load, parse
from ivr.model import Line, Service, Target

from .checking import MENUS, TODAY, check, copy_menus, edit, find, line_of, set_voices


@pytest.fixture
def folder(tmp_path):
    return copy_menus(tmp_path)


def test_the_fixture_menus_have_no_errors_and_no_warnings(folder):
    report = check(folder)
    assert report.ok
    assert report.problems == []


# --- reading the YAML ---------------------------------------------------------------


def test_yaml_that_does_not_parse(folder):
    edit(folder, "services.yaml", "    name: Split Hours Service", "    name: Split Hours Service\n    source Guidance")
    report = check(folder)
    assert not report.ok
    find(report, "services.yaml", line_of(folder, "services.yaml", "source Guidance"), "yaml.syntax")
    assert len(report.errors) == 1  # nothing else is blamed on the file that cannot be read


def test_an_unclosed_quote_is_reported_where_it_starts(folder):
    edit(folder, "services.yaml", "    name: Split Hours Service", '    name: "Split Hours Service')
    opened = line_of(folder, "services.yaml", '"Split Hours Service')
    p = find(check(folder), "services.yaml", opened, "yaml.syntax")
    assert "noticed at line" in p.message


def test_a_tab_used_to_indent(folder):
    edit(folder, "tips.yaml", "      - Fixture tip three.", "\t- Fixture tip three.")
    find(check(folder), "tips.yaml", line_of(folder, "tips.yaml", "Fixture tip three"), "yaml.tab")


def test_a_key_written_twice(folder):
    edit(folder, "services.yaml", "    bank_holidays: closed\n", "    bank_holidays: closed\n    bank_holidays: open\n")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "bank_holidays: open"), "yaml.duplicate_key")


def test_a_misspelt_key_gets_the_near_one(folder):
    edit(folder, "services.yaml", "    put_through: true", "    put_trough: true")
    p = find(check(folder), "services.yaml", line_of(folder, "services.yaml", "put_trough"), "shape.unknown")
    assert "the service “weekday”" in p.message


def test_a_misspelt_key_with_a_list_under_it_points_at_the_key(folder):
    edit(folder, "services.yaml", "    needs: [support, report]\n", "    neeeds:\n      - support\n")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "neeeds:"), "shape.unknown")


def test_a_missing_required_field(folder):
    edit(folder, "services.yaml", "    about: Fixture service open on weekdays.\n", "")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "  weekday:"), "shape.missing")


def test_a_service_with_no_source_is_refused(folder):
    edit(
        folder, "services.yaml", '    source: "Test fixture content (tests/fixture), not a real service"\n', ""
    )  # the first: weekday
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "  weekday:"), "shape.missing")


# --- numbers ------------------------------------------------------------------------


def test_a_number_that_is_not_a_uk_number(folder):
    edit(folder, "services.yaml", "number: 0808 157 0123", "number: 0808 157 01233")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "0808 157 01233"), "service.number")


@pytest.mark.parametrize("number", ["999", "112", "999 123"])
def test_a_service_that_would_dial_999_or_112(folder, number):
    edit(folder, "services.yaml", "number: 0808 157 0789", f'number: "{number}"')
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", f'"{number}"'), "service.number")


def test_a_short_number_cannot_be_put_through(folder):
    edit(folder, "services.yaml", "    put_through: false", "    put_through: true  # edited")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "# edited"), "service.short_number")


# --- hours --------------------------------------------------------------------------


def test_hours_that_are_not_times(folder):
    edit(folder, "services.yaml", "mon-fri: 09:00-17:00", "mon-fri: 9am-5pm")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "9am-5pm"), "hours.opening")


def test_closes_before_it_opens_with_a_guess(folder):
    edit(folder, "services.yaml", "fri: 09:30-12:00", "fri: 09:30-05:00")
    p = find(check(folder), "services.yaml", line_of(folder, "services.yaml", "09:30-05:00"), "hours.opening")
    assert "next day" in p.message


def test_overlapping_openings(folder):
    edit(folder, "services.yaml", "      mon-tue: 09:30-15:30", "      mon-tue: 09:30-15:30\n      tue: 14:00-18:00")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "    hours:", nth=2) + 1, "hours.overlap")


def test_a_day_name_that_is_not_a_day(folder):
    edit(folder, "services.yaml", "      wed: 13:00-15:30", "      wednesday: 13:00-15:30")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "wednesday"),
        "shape.name",
    )


# --- menus and keys -----------------------------------------------------------------


def test_an_option_leading_to_a_service_that_does_not_exist(folder):
    edit(folder, "menus.yaml", "service: short", "service: shrt")
    find(check(folder), "menus.yaml", line_of(folder, "menus.yaml", "service: shrt"), "option.no_such_service")


def test_an_option_leading_to_a_menu_that_does_not_exist(folder):
    edit(folder, "menus.yaml", "menu: report", "menu: reports")
    find(check(folder), "menus.yaml", line_of(folder, "menus.yaml", "menu: reports"), "option.no_such_menu")


def test_an_option_leading_to_tips_when_there_are_none(folder):
    text = (folder / "tips.yaml").read_text(encoding="utf-8")
    (folder / "tips.yaml").write_text(text[: text.index("topics:")] + "topics: []\n", encoding="utf-8")
    report = check(folder)
    find(report, "tips.yaml", line_of(folder, "tips.yaml", "topics: []"), "shape.empty")
    find(
        report,
        "menus.yaml",
        line_of(folder, "menus.yaml", 'key: "2"'),
        "reach.no_tips",
    )


def test_two_options_on_one_key(folder):
    edit(folder, "menus.yaml", '      - key: "2"\n        service: split', '      - key: "1"\n        service: split')
    line = line_of(folder, "menus.yaml", 'key: "1"', nth=3)
    find(check(folder), "menus.yaml", line, "option.same_key")


@pytest.mark.parametrize(
    "key, code",
    [('"A"', "shape.form"), ('"12"', "shape.form"), ("12", "shape.range"), ('"0"', "option.reserved_key")],
)
def test_a_key_outside_the_keypad_or_kept_for_back_and_again(folder, key, code):
    edit(
        folder, "menus.yaml", '      - key: "4"\n        service: short', f"      - key: {key}\n        service: short"
    )
    report = check(folder)
    find(report, "menus.yaml", line_of(folder, "menus.yaml", f"key: {key}"), code)
    assert len(report.problems) == 1, report.problems  # the option is still read: no “service in no menu”


def test_a_menu_name_with_capitals_is_said_once_at_its_line(folder):
    edit(folder, "menus.yaml", "menu: report", "menu: Report")
    edit(folder, "menus.yaml", "\n  report:\n", "\n  Report:\n")
    report = check(folder)
    find(
        report,
        "menus.yaml",
        line_of(folder, "menus.yaml", "  Report:"),
        "shape.name",
    )
    assert len(report.errors) == 1


def test_a_menu_no_key_leads_to(folder):
    edit(
        folder,
        "menus.yaml",
        "\n  report:\n",
        '\n  lost:\n    options:\n      - key: "1"\n        service: weekday\n\n  report:\n',
    )
    find(check(folder), "menus.yaml", line_of(folder, "menus.yaml", "  lost:"), "reach.unreachable_menu")


def test_a_menu_with_no_way_on(folder):
    edit(
        folder,
        "menus.yaml",
        'dial 999.\n    options:\n      - key: "1"\n        service: anytime',
        "dial 999.\n    options: []",
    )
    find(check(folder), "menus.yaml", line_of(folder, "menus.yaml", "options: []"), "reach.dead_end")


def test_a_main_menu_with_no_way_on(folder):
    (folder / "menus.yaml").write_text("menus:\n  main:\n    intro: []\n    options: []\n", encoding="utf-8")
    find(check(folder), "menus.yaml", 4, "reach.main_dead_end")


def test_a_service_no_menu_offers_is_a_warning(folder):
    edit(
        folder, "menus.yaml", '      - key: "3"\n        service: unsure', '      - key: "3"\n        service: weekday'
    )
    report = check(folder)
    assert report.ok
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "  unsure:"),
        "reach.service_in_no_menu",
        severity="warning",
    )


# --- warnings -----------------------------------------------------------------------


def test_a_menu_with_more_than_five_options_is_a_warning(folder):
    edit(
        folder,
        "menus.yaml",
        '      - key: "4"\n        service: short',
        '      - key: "4"\n        service: short\n      - key: "5"\n        service: anytime\n      - key: "6"\n    '
        "    open_now: true\n        say: Open now, press {key}.",
    )
    report = check(folder)
    assert report.ok
    find(
        report,
        "menus.yaml",
        line_of(folder, "menus.yaml", "    options:", nth=2),
        "prompts.too_many_options",
        severity="warning",
    )


def test_a_sentence_that_takes_more_than_20_seconds_is_a_warning(folder):
    long_tip = " ".join(["Always keep your phone charged and with you."] * 7)  # 56 words
    edit(folder, "tips.yaml", "      - Fixture tip three.", f"      - {long_tip}")
    report = check(folder)
    assert report.ok
    find(report, "tips.yaml", line_of(folder, "tips.yaml", long_tip[:40]), "prompts.too_long", severity="warning")


def test_a_tip_or_name_a_text_carries_must_not_name_sex_work(folder):
    """Texts carry tips, their topics and service names to a phone others may read (issue 15)."""
    tip = "Keep in touch with other sex workers online."
    edit(folder, "tips.yaml", "      - Fixture tip three.", f"      - {tip}")
    report = check(folder)
    assert report.ok  # a warning: the call still says it safely
    find(report, "tips.yaml", line_of(folder, "tips.yaml", tip), "texts.names_sex_work", severity="warning")
    assert [p.code for p in report.problems] == ["texts.names_sex_work"]


def test_a_notice_a_text_carries_must_not_name_sex_work(folder):
    with (folder / "line.yaml").open("a", encoding="utf-8") as f:
        f.write("notices:\n  2026-12-01 to 2026-12-03: Closed for sex work outreach training.\n")
    report = check(folder)
    assert [p.code for p in report.problems] == ["texts.names_sex_work"]


def test_sexual_health_is_not_sex_work(folder):
    edit(folder, "tips.yaml", "      - Fixture tip three.", "      - Ask the sexual health helpline about PEP.")
    assert check(folder).problems == []


def test_facts_checked_more_than_six_months_ago_are_a_warning(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2026-04-01")
    report = check(folder)
    assert report.ok
    find(report, "services.yaml", line_of(folder, "services.yaml", "2026-04-01"), "facts.stale", severity="warning")


def test_facts_checked_in_the_future_are_a_warning(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2027-11-29")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "2027-11-29"),
        "facts.checked_in_future",
        severity="warning",
    )


def test_a_date_that_is_not_a_date(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 29/11/2026")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "29/11/2026"),
        "shape.form",
    )


# --- voices -------------------------------------------------------------------------


def test_a_voice_that_does_not_speak_its_language(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "pl-PL": "Polly.Camila"})
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "pl-PL"), "voice.unknown")


def test_a_language_code_twilio_writes_differently(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "zh-CN": "Polly.Zhiyu"})
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "zh-CN"), "voice.unknown")


def test_a_language_twilio_has_no_voice_for(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "ti-ER": "Polly.Lea"})
    line = line_of(folder, "line.yaml", "ti-ER")
    assert [p for p in check(folder).problems if p.line == line and p.code == "voice.unknown" and p.severity == "error"]


def test_any_language_in_twilios_table_is_accepted(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "fr-FR": "Polly.Lea", "de-DE": "Polly.Vicki"})
    edit(folder, "line.yaml", "\nspeech: [", "\nspeech: [de-DE]\n# [")
    assert not [
        p for p in check(folder).problems if "line.yaml" in p.file and p.code.startswith(("voice.", "line.speech"))
    ]


def test_a_line_number_whose_language_has_no_voice(folder):
    set_voices(folder, {"en-GB": "Polly.Amy"})
    edit(folder, "line.yaml", "voices:", 'numbers:\n  "+441134960000": ro-RO\nvoices:')
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "+441134960000"), "line.number_language")


# --- the schema ---------------------------------------------------------------------


def test_the_schema_says_what_reading_does_not(folder):
    edit(folder, "tips.yaml", 'source: "Test fixture', 'source: 42\n# "Test fixture')
    report = check(folder)
    find(report, "tips.yaml", line_of(folder, "tips.yaml", "source: 42"), "shape.type")


def test_the_schema_says_a_wrong_type_in_plain_words(folder):
    edit(folder, "line.yaml", "name: Fixture Line", "name: [Fixture, Line]")
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "name: [Fixture"), "shape.type")


def test_a_file_whose_header_does_not_name_its_schema_is_a_warning(folder):
    edit(folder, "tips.yaml", "# yaml-language-server: $schema=../../../ivr/schema/tips.json\n", "")
    find(check(folder), "tips.yaml", 1, "shape.header", severity="warning")


def test_every_yaml_file_names_the_schema_ivr_check_uses():
    """Of the fixture here; of the shipped menus in test_shipped_content.py."""
    for name in loader.FILES:
        first = (MENUS / name).read_text(encoding="utf-8").splitlines()[0]
        named = first.removeprefix(schema.HEADER)
        assert (MENUS / named).resolve() == schema.schema_path(name).resolve()


def test_the_schemas_describe_every_field_the_model_reads():
    """The schema owns the shape: each field it describes is one the model holds, and the
    kinds of option are the model's (``Target``), not a list kept beside it."""
    services = json.loads(schema.schema_path("services.yaml").read_text())
    assert set(services["$defs"]["service"]["properties"]) == {f.name for f in fields(Service)} - {"id", "e164"}
    line = json.loads(schema.schema_path("line.yaml").read_text())
    assert set(line["properties"]) == {f.name for f in fields(Line)}
    menus = json.loads(schema.schema_path("menus.yaml").read_text())
    assert set(menus["$defs"]["option"]["properties"]) - {"key", "say", "words"} == set(get_args(Target))
    assert loader.TARGETS == get_args(Target)
    for name in loader.FILES:
        schema.validator(name)  # each is a valid JSON Schema


@pytest.mark.parametrize(
    "file, old, new, said",
    [
        ("line.yaml", "ring_timeout: 20", "ring_timeout: 99", ["“ring_timeout”", "from 5 to 60", "not 99"]),
        ("line.yaml", "ring_timeout: 20", "ring_timeout: soon", ["“ring_timeout”", "whole number", "5 to 60"]),
        ("services.yaml", "bank_holidays: unknown", "bank_holidays: maybe", ["“unsure”", "closed, open, unknown"]),
        ("menus.yaml", "say: For fixture tips, press {key}.", "say: For tips press two.", ["option 2", "{key}"]),
    ],
)
def test_a_shape_error_says_where_and_what_is_allowed(folder, file, old, new, said):
    """Messages a maintainer reads: the place in their words and what the schema allows."""
    edit(folder, file, old, new)
    (problem,) = check(folder).problems
    assert problem.file.endswith(file) and problem.line == line_of(folder, file, new)
    assert problem.code.startswith("shape.")
    for words in said:
        assert words in problem.message, problem


# --- one source of truth ------------------------------------------------------------


def test_the_line_refuses_what_check_calls_an_error(folder):
    edit(
        folder,
        "menus.yaml",
        "\n  report:\n",
        '\n  lost:\n    options:\n      - key: "1"\n        service: weekday\n\n  report:\n',
    )
    with pytest.raises(MenuError) as caught:
        load(folder)
    assert any(p.code == "reach.unreachable_menu" for p in caught.value.problems)
    menus, problems = parse(folder, today=TODAY)
    assert menus is None and [p for p in problems if p.severity == "error"] == check(folder).errors


def test_warnings_do_not_stop_the_line(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2020-01-01")
    assert load(folder).services["weekday"].checked.year == 2020


def test_every_problem_is_reported_at_once(folder):
    edit(folder, "services.yaml", "number: 0808 157 0123", "number: 0808 157 01233")
    edit(folder, "menus.yaml", "service: short", "service: shrt")
    edit(folder, "services.yaml", "fri: 09:30-12:00", "fri: 09:30-05:00")
    assert len(check(folder).errors) == 3
