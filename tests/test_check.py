"""``ivr check``: a broken copy of the fixture menus for every kind of problem, with its file,
line and words; and the line itself refusing what the check calls an error."""

from __future__ import annotations

import json

import pytest

from ivr import menus as loader
from ivr.inspect import schema
from ivr.menus import MenuError, load, parse

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
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "source Guidance"),
        "the YAML here cannot be read",
        "check the indentation, colons and quotes",
    )
    assert len(report.errors) == 1  # nothing else is blamed on the file that cannot be read


def test_an_unclosed_quote_is_reported_where_it_starts(folder):
    edit(folder, "services.yaml", "    name: Split Hours Service", '    name: "Split Hours Service')
    opened = line_of(folder, "services.yaml", '"Split Hours Service')
    p = find(check(folder), "services.yaml", opened, "cannot be read", "quotes")
    assert "noticed at line" in p.message


def test_a_tab_used_to_indent(folder):
    edit(folder, "tips.yaml", "      - Fixture tip three.", "\t- Fixture tip three.")
    find(
        check(folder),
        "tips.yaml",
        line_of(folder, "tips.yaml", "Fixture tip three"),
        "starts with a tab",
        "replace the tab with spaces",
    )


def test_a_key_written_twice(folder):
    edit(folder, "services.yaml", "    bank_holidays: closed\n", "    bank_holidays: closed\n    bank_holidays: open\n")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "bank_holidays: open"),
        "“bank_holidays” is written twice",
    )


def test_a_misspelt_key_gets_the_near_one(folder):
    edit(folder, "services.yaml", "    put_through: true", "    put_trough: true")
    p = find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "put_trough"),
        "“put_trough”",
        "Did you mean “put_through”?",
    )
    assert "the service “weekday”" in p.message


def test_a_misspelt_key_with_a_list_under_it_points_at_the_key(folder):
    edit(folder, "services.yaml", "    needs: [support, report]\n", "    neeeds:\n      - support\n")
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "neeeds:"), "Did you mean “needs”?")


def test_a_missing_required_field(folder):
    edit(folder, "services.yaml", "    about: Fixture service open on weekdays.\n", "")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "  weekday:"),
        "the service “weekday” is missing “about”",
    )


def test_a_service_with_no_source_is_refused(folder):
    edit(
        folder, "services.yaml", '    source: "Test fixture content (tests/fixture), not a real service"\n', ""
    )  # the first: weekday
    find(check(folder), "services.yaml", line_of(folder, "services.yaml", "  weekday:"), "is missing “source”")


# --- numbers ------------------------------------------------------------------------


def test_a_number_that_is_not_a_uk_number(folder):
    edit(folder, "services.yaml", "number: 0808 157 0123", "number: 0808 157 01233")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "0808 157 01233"),
        "not a valid UK phone number",
        "Copy the number again",
    )


@pytest.mark.parametrize("number", ["999", "112", "999 123"])
def test_a_service_that_would_dial_999_or_112(folder, number):
    edit(folder, "services.yaml", "number: 0808 157 0789", f'number: "{number}"')
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", f'"{number}"'),
        "reaches the emergency services",
        "never dial",
    )


def test_a_short_number_cannot_be_put_through(folder):
    edit(folder, "services.yaml", "    put_through: false", "    put_through: true  # edited")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "# edited"),
        "Short Number Friends has a short number (116 117)",
        "put_through: false",
    )


# --- hours --------------------------------------------------------------------------


def test_hours_that_are_not_times(folder):
    edit(folder, "services.yaml", "mon-fri: 09:00-17:00", "mon-fri: 9am-5pm")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "9am-5pm"),
        "“9am” in “9am-5pm” is not a time of day",
        "like 09:30",
    )


def test_closes_before_it_opens_with_a_guess(folder):
    edit(folder, "services.yaml", "fri: 09:30-12:00", "fri: 09:30-05:00")
    p = find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "09:30-05:00"),
        "Split Hours Service on Friday",
        "closes at 05:00, before it opens at 09:30",
        "Did you mean 15:00 or 17:00?",
    )
    assert "next day" in p.message


def test_overlapping_openings(folder):
    edit(folder, "services.yaml", "      mon-tue: 09:30-15:30", "      mon-tue: 09:30-15:30\n      tue: 14:00-18:00")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "    hours:", nth=2) + 1,
        "Split Hours Service on Tuesday overlap",
    )


def test_a_day_name_that_is_not_a_day(folder):
    edit(folder, "services.yaml", "      wed: 13:00-15:30", "      wednesday: 13:00-15:30")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "wednesday"),
        "“wednesday”",
        "is not a day",
        "Did you mean “wed”?",
    )


# --- menus and keys -----------------------------------------------------------------


def test_an_option_leading_to_a_service_that_does_not_exist(folder):
    edit(folder, "menus.yaml", "service: short", "service: shrt")
    find(
        check(folder),
        "menus.yaml",
        line_of(folder, "menus.yaml", "service: shrt"),
        "the service “shrt”, which is not in services.yaml",
        "Did you mean “short”?",
    )


def test_an_option_leading_to_a_menu_that_does_not_exist(folder):
    edit(folder, "menus.yaml", "menu: report", "menu: reports")
    find(
        check(folder),
        "menus.yaml",
        line_of(folder, "menus.yaml", "menu: reports"),
        "the menu “reports”, which is not in this file",
        "Did you mean “report”?",
    )


def test_an_option_leading_to_tips_when_there_are_none(folder):
    text = (folder / "tips.yaml").read_text(encoding="utf-8")
    (folder / "tips.yaml").write_text(text[: text.index("topics:")] + "topics: []\n", encoding="utf-8")
    report = check(folder)
    find(report, "tips.yaml", line_of(folder, "tips.yaml", "topics: []"), "“topics” should be a list")
    find(
        report,
        "menus.yaml",
        line_of(folder, "menus.yaml", 'key: "2"'),
        "leads to the safety tips, but tips.yaml has none",
    )


def test_two_options_on_one_key(folder):
    edit(folder, "menus.yaml", '      - key: "2"\n        service: split', '      - key: "1"\n        service: split')
    line = line_of(folder, "menus.yaml", 'key: "1"', nth=3)
    find(check(folder), "menus.yaml", line, "key 1 in the menu “services” is used twice", f"also on line {line - 2}")


@pytest.mark.parametrize(
    "key, words",
    [
        ('"A"', "“A” in the menu “services” is not a key on a phone"),
        ('"12"', "“12” in the menu “services” is not a key on a phone"),
        ('"0"', "key 0 in the menu “services” is kept everywhere to hear this again"),
    ],
)
def test_a_key_outside_the_keypad_or_kept_for_back_and_again(folder, key, words):
    edit(
        folder, "menus.yaml", '      - key: "4"\n        service: short', f"      - key: {key}\n        service: short"
    )
    find(check(folder), "menus.yaml", line_of(folder, "menus.yaml", f"key: {key}"), words)


def test_a_menu_name_with_capitals_is_said_once_at_its_line(folder):
    edit(folder, "menus.yaml", "menu: report", "menu: Report")
    edit(folder, "menus.yaml", "\n  report:\n", "\n  Report:\n")
    report = check(folder)
    find(
        report,
        "menus.yaml",
        line_of(folder, "menus.yaml", "  Report:"),
        "the menu name “Report” should be lower-case letters",
    )
    assert len(report.errors) == 1


def test_a_menu_no_key_leads_to(folder):
    edit(
        folder,
        "menus.yaml",
        "\n  report:\n",
        '\n  lost:\n    options:\n      - key: "1"\n        service: weekday\n\n  report:\n',
    )
    find(
        check(folder),
        "menus.yaml",
        line_of(folder, "menus.yaml", "  lost:"),
        "no key leads to the menu “lost”, so callers can never hear it",
    )


def test_a_menu_with_no_way_on(folder):
    edit(
        folder,
        "menus.yaml",
        'dial 999.\n    options:\n      - key: "1"\n        service: anytime',
        "dial 999.\n    options: []",
    )
    find(
        check(folder),
        "menus.yaml",
        line_of(folder, "menus.yaml", "options: []"),
        "the menu “forced” has no options: callers could only go back",
    )


def test_a_main_menu_with_no_way_on(folder):
    (folder / "menus.yaml").write_text("menus:\n  main:\n    intro: []\n    options: []\n", encoding="utf-8")
    find(check(folder), "menus.yaml", 4, "the main menu has no options", "nowhere to go")


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
        "no menu offers the service “unsure”",
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
        "the menu “services” has 6 options",
        severity="warning",
    )


def test_a_sentence_that_takes_more_than_20_seconds_is_a_warning(folder):
    long_tip = " ".join(["Always keep your phone charged and with you."] * 7)  # 56 words
    edit(folder, "tips.yaml", "      - Fixture tip three.", f"      - {long_tip}")
    report = check(folder)
    assert report.ok
    find(
        report,
        "tips.yaml",
        line_of(folder, "tips.yaml", long_tip[:40]),
        "this tip takes about 22 seconds to say",
        severity="warning",
    )


def test_facts_checked_more_than_six_months_ago_are_a_warning(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2026-04-01")
    report = check(folder)
    assert report.ok
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "2026-04-01"),
        "the facts of Weekday Helpline were last checked on 2026-04-01",
        "about 8 months ago",
        severity="warning",
    )


def test_facts_checked_in_the_future_are_a_warning(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2027-11-29")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "2027-11-29"),
        "in the future",
        severity="warning",
    )


def test_a_date_that_is_not_a_date(folder):
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 29/11/2026")
    find(
        check(folder),
        "services.yaml",
        line_of(folder, "services.yaml", "29/11/2026"),
        "“checked” of Weekday Helpline should be the date",
        "like 2026-11-29",
    )


# --- voices -------------------------------------------------------------------------


def test_a_voice_that_does_not_speak_its_language(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "pl-PL": "Polly.Camila"})
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "pl-PL"), "Polly.Camila", "for pl-PL", "Polly.Ewa")


def test_a_language_code_twilio_writes_differently(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "zh-CN": "Polly.Zhiyu"})
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "zh-CN"), "zh-CN", "cmn-CN")


def test_a_language_twilio_has_no_voice_for(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "ti-ER": "Polly.Lea"})
    line = line_of(folder, "line.yaml", "ti-ER")
    assert [
        p
        for p in check(folder).problems
        if p.line == line and "ti-ER" in p.message and "voice" in p.message and p.severity == "error"
    ]


def test_any_language_in_twilios_table_is_accepted(folder):
    set_voices(folder, {"en-GB": "Polly.Amy", "fr-FR": "Polly.Lea", "de-DE": "Polly.Vicki"})
    edit(folder, "line.yaml", "\nspeech: [", "\nspeech: [de-DE]\n# [")
    assert not [
        p for p in check(folder).problems if "line.yaml" in p.file and "voice" in p.message and p.severity == "error"
    ]


def test_a_line_number_whose_language_has_no_voice(folder):
    set_voices(folder, {"en-GB": "Polly.Amy"})
    edit(folder, "line.yaml", "voices:", 'numbers:\n  "+441134960000": ro-RO\nvoices:')
    find(
        check(folder), "line.yaml", line_of(folder, "line.yaml", "+441134960000"), "+441134960000", "ro-RO", "no voice"
    )


# --- the schema ---------------------------------------------------------------------


def test_the_schema_says_what_reading_does_not(folder):
    edit(folder, "tips.yaml", 'source: "Test fixture', 'source: 42\n# "Test fixture')
    report = check(folder)
    find(report, "tips.yaml", line_of(folder, "tips.yaml", "source: 42"), "source should be some words, not “42”")


def test_the_schema_says_a_wrong_type_in_plain_words(folder):
    edit(folder, "line.yaml", "name: Fixture Line", "name: [Fixture, Line]")
    find(check(folder), "line.yaml", line_of(folder, "line.yaml", "name: [Fixture"), "should be some words")


def test_a_file_whose_header_does_not_name_its_schema_is_a_warning(folder):
    edit(folder, "tips.yaml", "# yaml-language-server: $schema=../../../ivr/schema/tips.json\n", "")
    find(check(folder), "tips.yaml", 1, "$schema=../ivr/schema/tips.json", severity="warning")


def test_every_yaml_file_names_the_schema_ivr_check_uses():
    """Of the fixture here; of the shipped menus in test_shipped_content.py."""
    for name in loader.FILES:
        first = (MENUS / name).read_text(encoding="utf-8").splitlines()[0]
        named = first.removeprefix(schema.HEADER)
        assert (MENUS / named).resolve() == schema.schema_path(name).resolve()


def test_the_schemas_and_the_reader_know_the_same_fields():
    services = json.loads(schema.schema_path("services.yaml").read_text())
    svc = services["$defs"]["service"]
    assert set(svc["properties"]) == loader.SERVICE_FIELDS
    menus = json.loads(schema.schema_path("menus.yaml").read_text())
    # The language menu (key 9) comes with the translations; the schema knows it already.
    assert set(menus["$defs"]["option"]["properties"]) == loader.OPTION_FIELDS | {"languages"}
    for name in loader.FILES:
        schema.validator(name)  # each is a valid JSON Schema


def test_the_schema_of_line_yaml_knows_every_field_the_reader_knows(folder):
    """A field added to the reader but not to the schema would be refused by the check."""
    edit(folder, "line.yaml", "name: Fixture Line", "name: Fixture Line\nqqqqqqqq: 1")
    said = next(p.message for p in check(folder).errors if p.message.startswith("line.yaml has “qqqqqqqq”"))
    known = set(said.split("Allowed here: ")[1].rstrip(".").split(", "))
    assert set(json.loads(schema.schema_path("line.yaml").read_text())["properties"]) == known


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
    assert any("no key leads to the menu “lost”" in p.message for p in caught.value.problems)
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
