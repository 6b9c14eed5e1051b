"""The ``ivr`` command as one: every sub-command takes ``--menus``/``--locales`` and reads the
folders by one rule (:mod:`ivr.commands.options`); ``ivr check FOLDER`` still works."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from ivr.commands import main, parser
from ivr.commands.options import folders
from ivr.settings import Settings
from tests.conftest import LOCALES, MENUS


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every leaf sub-command's parser by its words (``db upgrade``, ``check``...)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[" ".join(words)] = p
        for action in subs:
            for name, child in action.choices.items():
                walk(child, (*words, name))

    walk(parser(), ())
    return found


def test_every_subcommand_takes_menus_and_locales():
    commands = subcommands()
    assert {"serve", "card", "check", "simulate", "hours", "graph", "doctor", "twilio connect", "stats"} <= set(
        commands
    )
    for words, p in commands.items():
        options = {o for a in p._actions for o in a.option_strings}
        assert {"--menus", "--locales"} <= options, words
        args = p.parse_args(
            [
                *(["--number", "+448001234567"] if words == "twilio connect" else []),
                *(["x"] if words in ("staff add", "staff remove") else []),
                "--menus",
                "M",
                "--locales",
                "L",
            ]
        )
        assert (args.menus, args.locales) == ("M", "L"), words


def test_the_folders_rule(tmp_path):
    ns = argparse.Namespace
    env = {"IVR_MENUS": "/srv/menus", "IVR_LOCALES": "/srv/locales"}
    assert folders(ns(menus=None, locales=None), env) == (Path("/srv/menus"), Path("/srv/locales"))
    assert folders(ns(menus="a/menus", locales="b"), env) == (Path("a/menus"), Path("b"))
    # A menus folder given brings the locales beside it (none there: English only).
    given = ns(menus=str(tmp_path / "menus"), locales=None)
    assert folders(given, env) == (tmp_path / "menus", tmp_path / "locales")
    assert folders(ns(menus=None, locales="b"), env) == (Path("/srv/menus"), Path("b"))
    assert folders(ns(menus=None, locales=None), {}) == (Settings().menus_dir, Settings().locales_dir)


def a_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the fixture line with its catalogues in a folder of their own, not beside it."""
    root = tmp_path / "copy"
    shutil.copytree(MENUS, root / "menus")
    other = tmp_path / "elsewhere"
    shutil.copytree(LOCALES, other)
    return root / "menus", other


@pytest.mark.parametrize("command", [["hours", "--days", "1"], ["graph"], ["simulate", "--keys", "0"]])
def test_commands_read_the_menus_given(command, tmp_path, capsys):
    menus, locales = a_copy(tmp_path)
    assert main([*command, "--menus", str(menus), "--locales", str(locales)]) == 0
    capsys.readouterr()
    (menus / "line.yaml").write_text("ring_timeout: soon\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main([*command, "--menus", str(menus), "--locales", str(locales)])
    assert stopped.value.code == 1 and "line.yaml" in capsys.readouterr().err


def test_check_and_card_read_the_same_catalogues(tmp_path, capsys, monkeypatch):
    """Before, ``ivr check`` looked beside the menus and ``ivr card`` at IVR_LOCALES: now both
    take --locales, and the card is printed from the catalogues checked."""
    monkeypatch.delenv("IVR_LOCALES", raising=False)
    menus, locales = a_copy(tmp_path)
    assert main(["check", "--estimate", "--menus", str(menus), "--locales", str(locales)]) == 0
    assert f"can use {menus} and {locales}" in capsys.readouterr().out
    assert main(["card", "--menus", str(menus), "--locales", str(locales), "--lang", "pl-PL"]) == 0
    assert "W niebezpieczeństwie? Zadzwoń pod 999." in capsys.readouterr().out


def test_check_still_takes_the_menus_folder_as_a_word(tmp_path, capsys):
    assert main(["check", "--estimate", str(MENUS)]) == 0
    assert f"can use {MENUS} and {LOCALES}" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["check", str(MENUS), "--menus", str(tmp_path)])
    assert "two menus folders" in capsys.readouterr().err


def test_card_without_out_prints_the_page(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["card", "--menus", str(MENUS), "--locales", str(LOCALES), "--lang", "en-GB"]) == 0
    said = capsys.readouterr()
    assert said.out.startswith("<!doctype html>") and "For fixture tips, press <b>2</b>." in said.out
    assert list(tmp_path.iterdir()) == []  # no file left behind
    assert "Wrote" not in said.out + said.err


def test_card_with_out_says_where_it_wrote(tmp_path, capsys):
    out = tmp_path / "card.html"
    assert main(["card", "--menus", str(MENUS), "--locales", str(LOCALES), "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out and out.is_file()
