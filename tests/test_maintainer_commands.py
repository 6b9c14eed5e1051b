"""The maintainers' commands: ``ivr check``, ``ivr simulate``, ``ivr hours``, ``ivr graph``."""

from __future__ import annotations

import os
import stat

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from ivr import graph, timetable
from ivr.cli import main
from ivr.hours import parse_now
from ivr.i18n import Catalogs
from ivr.menus import load
from ivr.simulate import Simulation, interactive, scripted

from .checking import MENUS, copy_menus, edit, line_of, set_voices

CHRISTMAS_NIGHT = "2026-12-25T21:00"
WEEKDAY_MORNING = "2026-11-25T10:00"
NIGHT = "2026-11-26T02:00"
BST_WEDNESDAY_MORNING = "2026-07-01T09:45"  # London time, British Summer Time


@pytest.fixture(scope="module")
def menus():
    return load(MENUS)


def play(
    menus, when: str, keys: str, lang: str = "en-GB", catalogs: Catalogs | None = None, dial: str = "completed"
) -> list[str]:
    out: list[str] = []
    sim = Simulation(menus, catalogs or Catalogs(None), parse_now(when), lang, out.append)
    scripted(sim, [k for k in keys.split(",") if k], dial=dial)
    return out


# --- simulate -----------------------------------------------------------------------


def test_christmas_night_a_weekday_service_is_closed_for_the_bank_holiday(menus):
    out = play(menus, CHRISTMAS_NIGHT, "1,1")
    assert out[0] == "LINE: Fixture Line."
    assert "LINE: This call is confidential and not recorded." in out  # no phone: in line.yaml, so not "free"
    assert "YOU PRESS: 1" in out
    said = "\n".join(out)
    assert "LINE: Today is a bank holiday, and they are closed." in said
    assert "LINE: They open again on Tuesday at 9 in the morning." in said  # Monday is Boxing Day observed
    assert "LINE: To be put through now, press 1." not in said
    assert out[-1] == "(end of the keys given; the line is waiting for a key)"


def test_weekday_morning_put_through_says_what_the_line_would_do_and_never_dials(menus):
    out = play(menus, WEEKDAY_MORNING, "1,1")
    assert (
        "[the line would now put you through to Weekday Helpline on 0808 157 0123, showing the line's number, not "
        "yours]" in out
    )
    assert "(the put-through call ends: completed)" in out
    assert "LINE: Your call with Weekday Helpline has ended." in out


def test_a_busy_service_as_the_script_says(menus):
    out = play(menus, WEEKDAY_MORNING, "1,1,busy")
    assert "(the put-through call ends: busy)" in out
    assert "LINE: Weekday Helpline is busy right now." in out
    assert "LINE: You can try them again later on 0 8 0 8. 1 5 7. 0 1 2 3." in out
    assert "LINE: Again: 0 8 0 8. 1 5 7. 0 1 2 3." in out


def test_at_night_only_round_the_clock_services_are_open(menus):
    said = "\n".join(play(menus, NIGHT, "5"))
    assert "LINE: Short Number Friends: to hear their number, press 1." in said
    assert "LINE: Anytime Line: to be put through, press 2." in said
    assert "Weekday Helpline:" not in said


def test_british_summer_time_is_counted(menus):
    said = "\n".join(play(menus, BST_WEDNESDAY_MORNING, "1,2"))  # the Split Hours Service: Wednesday 13:00
    assert "LINE: They open again today at 1 in the afternoon." in said
    said = "\n".join(play(menus, BST_WEDNESDAY_MORNING, "1,5,1"))
    assert "LINE: They are open now until 5 in the afternoon." in said


def test_silence_twice_ends_the_call_with_the_999_advice(menus):
    out = play(menus, NIGHT, "s,s,1")
    assert out.count("YOU: (say nothing)") == 2
    i = out.index("LINE: We did not hear a key, so we will end this call now.")
    assert out[i + 1] == "LINE: If you are in danger, hang up, dial 999 and stay on the line."
    assert out[-1] == "[the line hangs up]"


def test_a_key_that_does_nothing_and_back(menus):
    out = play(menus, WEEKDAY_MORNING, "7,*,2,1")
    assert "LINE: Sorry, that key does nothing here." in out
    said = "\n".join(out)
    assert "LINE: Safety tips, one at a time." in said and "LINE: First fixture topic" in said


def test_in_another_language_each_sentence_shows_the_language_it_is_said_in(menus, tmp_path):
    catalog = Catalog(locale="pl_PL")
    catalog.add("For fixture tips, press {key}.", "Porady bezpieczeństwa: naciśnij {key}.")
    folder = tmp_path / "pl_PL" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalog)
    out = play(menus, WEEKDAY_MORNING, "", lang="pl-PL", catalogs=Catalogs(tmp_path))
    assert "LINE [pl-PL]: Porady bezpieczeństwa: naciśnij 2." in out
    assert (
        "LINE [en-GB]: If you are in danger, hang up, dial 999 and stay on the line." in out
    )  # not translated: English voice


@pytest.mark.parametrize("lang", ["pl-PL", "ro-RO"])
def test_christmas_night_in_the_fixture_catalogues(menus, lang):
    """Polish is complete in the fixture; Romanian is partial, so its gaps are said in English."""
    catalogs = Catalogs(MENUS.parent / "locales")
    closed = catalogs.lookup("Today is a bank holiday, and they are closed.", lang)
    assert closed[1] == (lang if lang == "pl-PL" else "en-GB")
    out = play(menus, CHRISTMAS_NIGHT, "1,1", lang=lang, catalogs=catalogs)
    assert f"LINE [{closed[1]}]: {closed[0]}" in out
    spoken = [line for line in out if line.startswith("LINE")]
    assert all(line.startswith((f"LINE [{lang}]", "LINE [en-GB]")) for line in spoken)
    english = [line for line in spoken if line.startswith("LINE [en-GB]")]
    if lang == "pl-PL":  # only the way to English is said in English
        assert english == ["LINE [en-GB]: For English and other languages, press 9."]
    else:
        assert 1 < len(english) < len(spoken)


def test_interactive_keys_silence_dial_result_and_hanging_up(menus):
    out: list[str] = []
    answers = iter(["1", "1", "no-answer", "", "q"])
    sim = Simulation(menus, Catalogs(None), parse_now(WEEKDAY_MORNING), "en-GB", out.append)
    interactive(sim, ask=lambda prompt: next(answers))
    assert "LINE: No one at Weekday Helpline answered." in out
    assert "YOU: (say nothing)" in out
    assert out[-1] == "[you hang up]"


def test_texting_says_what_would_be_sent_and_sends_nothing(menus):
    out: list[str] = []
    sim = Simulation(menus, Catalogs(None), parse_now(WEEKDAY_MORNING), "en-GB", out.append, texting=True)
    scripted(sim, ["1", "5", "1", "3"])
    said = "\n".join(out)
    assert "LINE: To get their number by text message, press 3." in said
    assert "[the line would now send a text message to your phone: “Weekday Helpline: 0808 157 0123." in said
    assert "LINE: We have sent you a text message with their number." in said
    assert "text message" not in "\n".join(play(menus, WEEKDAY_MORNING, "1,5,1"))  # not offered unless --text


def test_words_are_said_rather_than_pressed(menus):
    out = play(menus, WEEKDAY_MORNING, "tips,*,talk to someone")
    assert "YOU SAY: tips" in out and "LINE: Safety tips, one at a time." in out
    assert "YOU SAY: talk to someone" in out
    assert "LINE: Fixture services. Choose one." in out and "LINE: Weekday Helpline: press 1." in out


def test_ivr_simulate_from_the_command_line(capsys):
    assert main(["simulate", "--menus", str(MENUS), "--at", CHRISTMAS_NIGHT, "--keys", "1,1"]) == 0
    out = capsys.readouterr().out
    assert "It is Friday 25 December 2026, 21:00 in London" in out
    assert "nothing is dialled and no text is sent" in out
    assert "LINE: Today is a bank holiday, and they are closed." in out


def test_ivr_simulate_explains_a_bad_time():
    with pytest.raises(SystemExit) as caught:
        main(["simulate", "--menus", str(MENUS), "--at", "Christmas", "--keys", "1"])
    assert "is not a time" in str(caught.value)


def test_ivr_simulate_refuses_broken_menus_with_their_problems(tmp_path, capsys):
    folder = copy_menus(tmp_path)
    edit(folder, "menus.yaml", "service: short", "service: shrt")
    with pytest.raises(SystemExit) as caught:
        main(["simulate", "--menus", str(folder), "--keys", "1"])
    assert caught.value.code == 1
    assert f"menus.yaml:{line_of(folder, 'menus.yaml', 'service: shrt')}:" in capsys.readouterr().err


# --- check --------------------------------------------------------------------------


def test_ivr_check_on_good_menus_exits_0(capsys):
    assert main(["check", str(MENUS)]) == 0
    assert "No errors" in capsys.readouterr().out


def test_ivr_check_prints_file_line_and_message_and_exits_1(tmp_path, capsys):
    folder = copy_menus(tmp_path)
    edit(folder, "services.yaml", "fri: 09:30-12:00", "fri: 09:30-07:00")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    line = line_of(folder, "services.yaml", "09:30-07:00")
    assert (
        f"{folder}/services.yaml:{line}: Split Hours Service on Friday: it closes at 07:00, before it opens at "
        "09:30. Did you mean 17:00 or 19:00?" in out
    )
    assert "1 error(s)" in out


def test_ivr_check_exits_0_when_only_warnings_remain(tmp_path, capsys):
    folder = copy_menus(tmp_path)
    edit(folder, "services.yaml", "    checked: 2026-11-29", "    checked: 2020-11-29")
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{folder}/services.yaml:{line_of(folder, 'services.yaml', '2020-11-29')}: warning: the facts of Weekday "
        "Helpline" in out
    )
    assert "No errors, 1 warning(s)" in out


def test_ivr_check_counts_each_language(tmp_path, capsys):
    folder = copy_menus(tmp_path)
    set_voices(folder, {"en-GB": "Polly.Amy", "bg-BG": "Google.bg-BG-Standard-B"})
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "messages.pot").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "For fixture tips, press {key}."\nmsgstr ""\n', encoding="utf-8"
    )
    assert main(["check", str(folder)]) == 0  # the locales beside the menus folder
    out = capsys.readouterr().out
    assert "Languages:\n  bg-BG: no catalogue yet, callers hear English" in out


# --- hours --------------------------------------------------------------------------


def test_hours_table_marks_bank_holidays(menus):
    text = timetable.table(menus, parse_now("2026-12-21T10:00"), days=10)
    rows = {line[:10]: line for line in text.splitlines()}
    christmas = rows["Fri 25 Dec"]
    assert christmas.split()[3:6] == ["closed", "(BH)", "closed"]  # weekday, then split
    assert "09:00-20:00" in christmas and christmas.rstrip().endswith("Christmas Day")
    assert rows["Mon 28 Dec"].rstrip().endswith("Boxing Day (observed)")
    assert rows["Sat 26 Dec"].split()[3] == "closed"
    assert "open now: Weekday Helpline, Split Hours Service" in text


def test_hours_are_london_wall_clock_in_summer_and_on_clock_change_days(menus):
    weekday = menus.services["weekday"]
    assert timetable.day_cell(weekday, parse_now("2026-07-01T12:00").date()) == "09:00-17:00"
    for day in ("2026-03-29T12:00", "2026-10-25T12:00"):
        assert timetable.day_cell(menus.services["short"], parse_now(day).date()) == "all day"
    assert timetable.day_cell(menus.services["split"], parse_now("2026-07-01T12:00").date()) == "13:00-15:30"


def test_an_overnight_opening_shows_on_both_days(tmp_path):
    folder = copy_menus(tmp_path)
    edit(folder, "services.yaml", "      sat-sun: 11:00-16:00", "      sat: 22:00-02:00 next day")
    svc = load(folder).services["unsure"]
    assert timetable.day_cell(svc, parse_now("2026-11-28T12:00").date()) == "22:00-24:00"
    assert timetable.day_cell(svc, parse_now("2026-11-29T12:00").date()) == "00:00-02:00"
    assert timetable.summary(svc.hours) == "Mon-Fri 09:00-20:00; Sat 22:00-02:00 next day"


def test_ivr_hours_from_the_command_line(capsys):
    assert main(["hours", "--menus", str(MENUS), "--days", "3", "--at", "2026-12-24T12:00"]) == 0
    out = capsys.readouterr().out
    assert [line[:10] for line in out.splitlines() if line[:3] in ("Thu", "Fri", "Sat")] == [
        "Thu 24 Dec",
        "Fri 25 Dec",
        "Sat 26 Dec",
    ]


# --- graph --------------------------------------------------------------------------


def test_graph_has_every_menu_key_and_service_with_hours(menus):
    text = graph.mermaid(menus)
    assert text.startswith("flowchart")
    for mid, menu in menus.menus.items():
        assert f"menu_{mid}[" in text
        for o in menu.options:
            assert f'menu_{mid} -->|"{o.key}"|' in text
    for svc in menus.services.values():
        assert svc.name in text and svc.number in text
    assert (
        "Split Hours Service<br/>0808 157 0456<br/>Mon-Tue 09:30-15:30; Wed 13:00-15:30; Thu 09:30-15:30; Fri "
        "09:30-12:00<br/>closed on bank holidays (ENG)" in text
    )
    assert "Short Number Friends<br/>116 117<br/>24 hours, every day<br/>number read out only" in text
    assert "Languages<br/>1: en-GB<br/>2: pl-PL" in text and 'menu_main -->|"9"| languages' in text


def test_graph_writes_svg_with_graphviz(menus, tmp_path, monkeypatch, capsys):
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\ncat > "$(dirname "$0")/input.dot"\necho "<svg>drawn</svg>"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out_svg, out_mmd = tmp_path / "line.svg", tmp_path / "line.mmd"
    assert main(["graph", "--menus", str(MENUS), "--out", str(out_mmd), "--svg", str(out_svg)]) == 0
    assert out_svg.read_text() == "<svg>drawn</svg>\n"
    dot = (fake.parent / "input.dot").read_text()
    assert dot.startswith("digraph line {") and 'menu_main -> menu_services [label="1"]' in dot
    assert "Weekday Helpline\\n0808 157 0123" in dot
    assert out_mmd.read_text() == graph.mermaid(menus)


def test_graph_without_graphviz_still_gives_the_mermaid_text(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["graph", "--menus", str(MENUS), "--svg", str(tmp_path / "x.svg")]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("flowchart")
    assert "Graphviz is not installed" in captured.err
    assert not (tmp_path / "x.svg").exists()


def test_hours_and_graph_say_what_the_line_says_of_unconfirmed_bank_holiday_hours(menus):
    """The Evening Health Line's bank-holiday hours are unknown: the line says they may differ."""
    svc = menus.services["unsure"]
    assert svc.bank_holidays == "unknown"
    christmas = timetable.day_cell(svc, parse_now("2026-12-25T12:00").date())
    assert "09:00-20:00" in christmas and "may differ" in christmas
    assert "may differ" not in timetable.day_cell(svc, parse_now("2026-12-23T12:00").date())
    assert "may differ" in timetable.table(menus, parse_now("2026-12-21T10:00"), days=10)
    label = " ".join(graph.service_label(svc))
    assert "closed on bank holidays" not in label and "may differ on bank holidays" in label


def test_simulate_says_free_only_for_a_freephone_number_called(menus):
    free, costs = [], []
    scripted(
        Simulation(menus, Catalogs(None), parse_now(WEEKDAY_MORNING), "en-GB", free.append, called="0808 157 0123"), []
    )
    scripted(
        Simulation(menus, Catalogs(None), parse_now(WEEKDAY_MORNING), "en-GB", costs.append, called="+441632960001"), []
    )
    assert "LINE: This call is free, confidential and not recorded." in free
    assert "LINE: This call is confidential and not recorded." in costs
