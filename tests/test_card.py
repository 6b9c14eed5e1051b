"""Wallet cards: the line's number, free and confidential, 999 and 55, and every main-menu key."""

from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ivr.card import card
from ivr.cli import main
from ivr.i18n import Catalogs
from ivr.menus import MenuError, load
from ivr.web.cards import render
from ivr.web.langs import languages
from tests.conftest import LOCALES, MENUS


class Page(HTMLParser):
    """The card page's text per element class, and each key item's key and words."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._key: str | None = None
        self._words: list[str] = []
        self.cards = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "data-key" in a:
            self._key, self._words = a["data-key"], []
        if tag == "section" and "card" in (a.get("class") or ""):
            self.cards += 1

    def handle_endtag(self, tag):
        if tag == "li" and self._key is not None:
            self.keys.append((self._key, "".join(self._words)))
            self._key = None

    def handle_data(self, data):
        self.text.append(data)
        if self._key is not None:
            self._words.append(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    return p


def with_line(tmp_path: Path, extra: str) -> Path:
    """A copy of the real menus with lines added to line.yaml."""
    folder = tmp_path / "menus"
    shutil.copytree(MENUS, folder)
    with (folder / "line.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return folder


def test_every_configured_language_gets_a_card_listing_every_main_menu_key(menus):
    catalogs = Catalogs(LOCALES)
    main_keys = [o.key for o in menus.menus["main"].options]
    assert main_keys, "the main menu has options"
    for lang in languages(menus):
        page = parse(render(menus, catalogs, lang.code))
        assert [k for k, _ in page.keys] == main_keys, lang.code
        for key, words in page.keys:
            assert key in words, (lang.code, key, words)  # the sentence says which key
        text = "".join(page.text)
        assert "999" in text and "55" in text


def test_each_key_says_what_the_main_menu_option_does(menus):
    c = card(menus, Catalogs(LOCALES), "en-GB")
    said = {k.key: k.text for k in c.keys}
    assert said["2"] == "For fixture tips, press 2."
    assert "press 5" in said["5"]
    # Without a number on the card, nothing says the call is free.
    assert "free" not in c.welcome.text and "confidential" in c.welcome.text


@pytest.mark.parametrize("lang", ["en-GB", "pl-PL"])
def test_a_card_is_read_not_heard_it_never_says_hang_up_and_gives_the_truthful_55_advice(menus, lang):
    catalogs = Catalogs(LOCALES)
    c = card(menus, catalogs, lang)
    english = card(menus, catalogs, "en-GB")
    assert english.danger[0].text == "In danger now? Dial 999."
    assert "hang up" not in " ".join(s.text for s in english.danger).lower()
    assert "stay on the line" in english.danger[1].text and "On a mobile, press 55" in english.danger[1].text
    assert c.danger[0].lang == lang and "999" in c.danger[0].text
    assert "55" in c.danger[1].text and "999" not in c.danger[1].text.split("55")[1]


def test_a_card_says_free_only_for_an_0800_or_0808_number(tmp_path):
    free = card(load(with_line(tmp_path / "a", "phone: 0808 157 0123\n")), Catalogs(LOCALES), "en-GB")
    assert "free" in free.welcome.text
    costs = card(load(with_line(tmp_path / "b", "phone: 0300 123 4567\n")), Catalogs(LOCALES), "en-GB")
    assert "free" not in costs.welcome.text


def test_without_a_number_the_card_says_so_and_invents_none(menus):
    assert menus.line.phone == ""
    html = unescape(render(menus, Catalogs(LOCALES), "en-GB"))
    assert "the line's number is not set" in html
    assert "☎" not in html
    assert not re.search(r"\b0[0-9]{3} ?[0-9]{3} ?[0-9]{4}\b", html)


def test_the_number_comes_from_phone_in_line_yaml(tmp_path):
    menus = load(with_line(tmp_path, "phone: 0808 157 0123\n"))
    assert menus.line.phone == "0808 157 0123"
    html = render(menus, Catalogs(LOCALES), "en-GB")
    assert "0808 157 0123" in html and "not set" not in html


def test_else_from_the_lines_first_twilio_number(tmp_path):
    menus = load(with_line(tmp_path, 'numbers:\n  "+448081570123": en-GB\n'))
    assert menus.line.phone == "0808 157 0123"


def test_a_wrong_phone_is_reported_with_its_line(tmp_path):
    with pytest.raises(MenuError) as err:
        load(with_line(tmp_path, "phone: 999\n"))
    (problem,) = err.value.problems
    assert problem.file.endswith("line.yaml") and problem.code == "line.phone"
    assert problem.line == len((tmp_path / "menus" / "line.yaml").read_text().splitlines())


def test_an_untranslated_language_falls_back_to_english_sentence_by_sentence(tmp_path):
    folder = with_line(tmp_path, "")
    menus = load(folder)
    html = render(menus, Catalogs(tmp_path / "no-locales"), "pl-PL")
    assert '<html lang="pl-PL">' in html
    assert 'lang="en-GB">For fixture tips, press <b>2</b>.' in html  # English, marked as English


def test_a_sheet_is_ten_fronts_then_ten_backs_on_a4(menus):
    page = parse(render(menus, Catalogs(LOCALES), "en-GB", sheet=True))
    assert page.cards == 20
    html = render(menus, Catalogs(LOCALES), "en-GB", sheet=True)
    assert "size: A4" in html and "85.6mm" in html and "54mm" in html


def test_card_page_and_unknown_language(app_at):
    client = app_at(None).test_client()
    resp = client.get("/card?lang=en-GB")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert "http://" not in resp.get_data(as_text=True)  # prints offline
    assert client.get("/card?lang=en-GB&sheet=a4").get_data(as_text=True).count('class="card front"') == 10
    missing = client.get("/card?lang=xx-XX")
    assert missing.status_code == 404 and "en-GB" in missing.get_data(as_text=True)


def test_ivr_card_writes_a_self_contained_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IVR_MENUS", str(MENUS))
    monkeypatch.setenv("IVR_LOCALES", str(LOCALES))
    out = tmp_path / "card.html"
    assert main(["card", "--lang", "en-GB", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and "For fixture tips, press <b>2</b>." in html
    assert "Wrote" in capsys.readouterr().out
    assert main(["card", "--lang", "xx-XX", "--out", str(out)]) == 2
    assert "Choose one of: en-GB" in capsys.readouterr().err


def test_a_translated_sentence_is_printed_in_its_language_with_the_key_in_bold(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    folder = with_line(tmp_path, "")
    catalog = Catalog(locale="zh_Hans_CN")
    catalog.add("For fixture tips, press {key}.", "TEST-ZH {key}!")
    mo = tmp_path / "locales" / "zh_Hans_CN" / "LC_MESSAGES"
    mo.mkdir(parents=True)
    with (mo / "messages.po").open("wb") as f:
        write_po(f, catalog)
    html = render(load(folder), Catalogs(tmp_path / "locales"), "cmn-CN")
    assert '<html lang="zh-CN">' in html
    assert '<span lang="zh-CN">TEST-ZH <b>2</b>!</span>' in html
    assert [k for k, _ in parse(html).keys] == ["1", "2", "3", "4", "5", "9"]


def test_ivr_card_explains_broken_menus(tmp_path, capsys):
    folder = with_line(tmp_path, "ring_timeout: soon\n")
    assert main(["card", "--menus", str(folder), "--out", str(tmp_path / "c.html")]) == 1
    assert "ring_timeout" in capsys.readouterr().err
    assert not (tmp_path / "c.html").exists()
