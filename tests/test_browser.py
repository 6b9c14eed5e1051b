"""The demo and the cards in a real headless browser (Debian's chromium, driven by Playwright).

Skipped with the reason when chromium is absent on a developer's machine; in CI (CI=true)
a missing browser fails, since .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from ivr.saying import for_voice
from ivr.web.langs import languages
from tests.browser import chromium_path, launch, line_speaking, serving
from tests.conftest import make_app

WEEKDAY_MORNING = "2026-11-25T10:00"  # Wednesday
NIGHT = "2026-11-26T02:00"  # Thursday, 2 am
IN_CI = os.environ.get("CI") == "true"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; in CI the browser tests must run (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if chromium_path() is None:
        _missing("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base():
    with serving(make_app(None)) as url:
        yield url


def fake_speech(tags: list[str]) -> str:
    """An init script: a speechSynthesis with a voice for each tag that records what it says."""
    return """
    (function (tags) {
      window.__spoken = [];
      var voices = tags.map(function (t) {
        return { lang: t, name: "Test " + t, voiceURI: t, localService: true, default: false };
      });
      var fake = {
        getVoices: function () { return voices; },
        speak: function (u) { window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang }); },
        cancel: function () {}, addEventListener: function () {}, removeEventListener: function () {},
      };
      Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
      window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; this.voice = null; };
    })(%s);
    """ % json.dumps(tags)  # noqa: UP031 (the JavaScript is full of braces)


@pytest.fixture
def page(browser, base, menus):
    """A fresh page on the demo; every request it makes is recorded, and any off this server refused."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_init_script(fake_speech([lang.tag for lang in languages(menus)]))
    requests: list[tuple[str, str]] = []

    def route(r):
        requests.append((r.request.method, r.request.url))
        if r.request.url.startswith(base):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.requests = requests
    pg.set_default_timeout(10_000)
    pg.goto(f"{base}/demo")
    yield pg
    context.close()


def transcript(page) -> str:
    return page.locator("#transcript").inner_text()


def start(page, when: str | None = WEEKDAY_MORNING) -> None:
    if when:
        page.fill("#when", when)
    page.click("#call")
    wait_for(page, "55")


def wait_for(page, words: str, count: int = 1) -> None:
    """Until the transcript holds ``words`` ``count`` times and the keypad is usable again."""
    page.wait_for_function(
        "([w, n]) => document.getElementById('transcript').innerText.split(w).length - 1 >= n",
        arg=[words, count],
    )
    page.wait_for_function(
        "() => !document.querySelector('.key').disabled || document.querySelector('#connect:not([hidden])') || "
        "!document.querySelector('#call.on')"
    )


def press(page, *keys: str, by: str = "click") -> None:
    for key in keys:
        before = page.locator("#transcript li.you").count()
        if by == "click":
            name = {"*": "star", "#": "hash"}.get(key, key)
            page.get_by_role("button", name=f"Key {name}", exact=True).click()
        else:
            page.keyboard.type(key)
        page.wait_for_function("(n) => document.querySelectorAll('#transcript li.you').length > n", arg=before)
        page.wait_for_function(
            "() => !document.querySelector('.key').disabled || !document.querySelector('#connect').hidden"
        )


def test_a_call_by_clicking_the_keys(page):
    start(page)
    assert "Fixture Line." in transcript(page) and "confidential and not recorded" in transcript(page)
    press(page, "1")
    assert "Weekday Helpline: press 1." in transcript(page)
    press(page, "5", "1")
    assert "Fixture service open on weekdays." in transcript(page)
    assert "They are open now until 5 in the afternoon." in transcript(page)
    assert page.locator(".key.live[data-key='1']").count() == 1  # put through is on offer


def test_a_call_by_typing_on_the_keyboard(page):
    start(page)
    press(page, "2", by="type")
    assert "Safety tips, one at a time." in transcript(page)
    press(page, "1", by="type")
    press(page, "*", by="type")
    assert transcript(page).rstrip().endswith("To hear this menu again, press 0.")
    press(page, "8", by="type")
    assert "Sorry, that key does nothing here." in transcript(page)


def test_at_night_the_weekday_services_are_closed(page):
    start(page, NIGHT)
    assert "Thursday 26 November 2026, 02:00 UK time" in page.inner_text("#clock")
    press(page, "5")
    after = transcript(page).split("You pressed 5.")[1]
    assert "These services are open now." in after
    assert "Short Number Friends" in after and "Anytime Line" in after
    assert "Weekday Helpline" not in after and "Split Hours Service" not in after
    press(page, "*", "1", "1")
    assert "They are closed now." in transcript(page)


def test_a_put_through_is_shown_and_nothing_is_dialled(page, base):
    start(page)
    press(page, "1", "1")
    page.wait_for_selector("#connect:not([hidden])")
    assert "On a real call you would now be put through to Weekday Helpline on 0808 157 0123." in transcript(page)
    assert "Nothing was dialled." in page.inner_text("#connect")
    assert page.locator(".key").first.is_disabled()
    # The page spoke to this server only, and only to take steps.
    assert all(url.startswith(base) for _, url in page.requests)
    assert {url for method, url in page.requests if method == "POST"} == {f"{base}/demo/step"}
    page.get_by_role("button", name="Busy").click()
    wait_for(page, "Weekday Helpline is busy right now.")
    assert "You can try them again later on 0 8 0 8. 1 5 7. 0 1 2 3." in transcript(page)
    assert page.locator("#connect").is_hidden()


def test_silence_twice_ends_the_call_with_the_999_advice(page):
    start(page)
    page.click("#silent")
    page.wait_for_function(
        "() => document.querySelectorAll('#transcript li.you').length >= 1 && "
        "!document.getElementById('silent').disabled"
    )
    page.click("#silent")
    wait_for(page, "The line hung up.")
    assert transcript(page).count("If you are in danger, hang up, dial 999 and stay on the line.") >= 2
    assert page.inner_text("#call") == "Call again"


def test_every_language_is_offered_and_spoken_with_its_own_voice(page, menus):
    codes = page.eval_on_selector_all("#lang option", "os => os.map(o => o.value)")
    assert codes == [lang.code for lang in languages(menus)]
    for lang in languages(menus):
        page.select_option("#lang", lang.code)
        if page.locator("#call.on").count():
            page.click("#call")  # hang up the last one
        page.evaluate("window.__spoken = []")
        start(page)
        lines = page.eval_on_selector_all("#transcript li.line", "ls => ls.map(l => [l.textContent, l.lang])")
        spoken = page.evaluate("window.__spoken")
        assert spoken, lang.code
        # The voice gets 999 and 55 digit by digit ("9 9 9"); the transcript keeps them as written.
        said = {for_voice(text): tag for text, tag in lines}
        for utterance in spoken:
            # Each sentence is spoken in the language it is really in, by a voice of that language.
            assert utterance["lang"] == said[utterance["text"]] == utterance["voice"]


def test_the_mute_switch_silences_the_browser(page):
    page.get_by_role("button", name="Sound: on").click()
    assert page.get_attribute("#sound", "aria-pressed") == "false"
    start(page)
    assert page.evaluate("window.__spoken") == []


def test_a_clock_that_is_not_a_time_gets_a_clear_message(page):
    page.evaluate("document.getElementById('when').type = 'text'")
    page.fill("#when", "half past never")
    page.click("#call")
    page.wait_for_function("() => document.getElementById('error').textContent.length > 0")
    assert "is not a date and time" in page.inner_text("#error")


def test_accessibility_basics_labels_focus_keyboard_only(page):
    assert page.get_attribute("html", "lang") == "en-GB"
    names = [f"Key {k}" for k in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "star", "0", "hash"]]
    assert page.eval_on_selector_all(".keypad button", "bs => bs.map(b => b.getAttribute('aria-label'))") == names
    # Every button has a name, every field a label.
    assert (
        page.eval_on_selector_all(
            "button", "bs => bs.filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length"
        )
        == 0
    )
    assert page.eval_on_selector_all("input, select", "es => es.filter(e => e.labels.length === 0).length") == 0
    assert page.get_attribute("#transcript", "aria-live") == "polite"
    # Keyboard only: Tab reaches "Call the line", Enter calls, Tab reaches the keys.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "call":
            break
    assert page.evaluate("document.activeElement.id") == "call"
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, "
        "parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 3, outline  # focus is visible
    page.keyboard.press("Enter")
    wait_for(page, "55")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Key 1"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.getElementById('transcript').innerText.includes('Weekday Helpline: press 1.')"
    )


def test_works_on_a_phones_narrow_screen(page):
    page.set_viewport_size({"width": 360, "height": 740})
    start(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.get_by_role("button", name="Key 5").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # big enough for a thumb


def test_cards_in_every_language_fit_their_size_and_print_on_a4(browser, base, menus):
    page = browser.new_page()
    for lang in languages(menus):
        page.goto(f"{base}/card?lang={lang.code}&sheet=a4")
        cards = page.locator(".card")
        assert cards.count() == 20
        box = cards.first.bounding_box()
        assert abs(box["width"] - 85.6 / 25.4 * 96) < 1.5 and abs(box["height"] - 54 / 25.4 * 96) < 1.5
        cut = page.eval_on_selector_all(".card", "cs => cs.filter(c => c.scrollHeight > c.clientHeight + 1).length")
        assert cut == 0, f"words cut off on the {lang.code} card"
        keys = page.eval_on_selector_all(".card.back:first-of-type li", "ls => ls.map(l => l.dataset.key)")
        assert keys == [o.key for o in menus.menus["main"].options]
        page.emulate_media(media="print")
        assert page.locator(".screen").is_hidden()
        pdf = page.pdf(prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2  # ten fronts, then ten backs
        page.emulate_media(media="screen")
    page.close()


@pytest.fixture(scope="module")
def two_language_base(tmp_path_factory):
    """A line that also speaks Polish and Mandarin, each with one sentence translated (test only)."""
    app = line_speaking(
        tmp_path_factory.mktemp("langs"),
        {"en-GB": "Polly.Amy", "pl-PL": "Polly.Ewa", "cmn-CN": "Polly.Zhiyu"},
        {"pl_PL": "TEST-PL {key}", "zh_Hans_CN": "TEST-ZH {key}"},
    )
    with serving(app) as url:
        yield url


@pytest.mark.parametrize("code, tag, translated", [("pl-PL", "pl-PL", "TEST-PL 2"), ("cmn-CN", "zh-CN", "TEST-ZH 2")])
def test_translated_sentences_get_their_languages_voice_and_the_rest_english(
    browser, two_language_base, code, tag, translated
):
    context = browser.new_context()
    context.add_init_script(fake_speech(["en-GB", "pl-PL", "zh-CN"]))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{two_language_base}/demo")
    page.select_option("#lang", code)
    start(page)
    spoken = page.evaluate("window.__spoken")
    ours = [u for u in spoken if u["text"] == translated]
    assert ours and ours[0]["lang"] == ours[0]["voice"] == tag
    assert page.locator("#transcript li.line", has_text=translated).get_attribute("lang") == tag
    english = [u for u in spoken if u["text"].startswith("If you are in danger")]
    assert english and english[0]["lang"] == english[0]["voice"] == "en-GB"  # untranslated: English voice
    context.close()


def test_without_a_voice_for_the_language_the_page_says_so_and_stays_quiet(browser, two_language_base):
    context = browser.new_context()
    context.add_init_script(fake_speech(["en-GB"]))
    page = context.new_page()
    page.goto(f"{two_language_base}/demo")
    page.select_option("#lang", "pl-PL")
    assert "no pl-PL voice" in page.inner_text("#sound-hint")
    start(page)
    spoken = page.evaluate("window.__spoken")
    assert spoken and all(u["lang"] == "en-GB" for u in spoken)  # Polish words never in an English voice
    assert "TEST-PL 2" in transcript(page)
    context.close()


CONTRAST = """
(sel) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const out = [];
  document.querySelectorAll(sel).forEach((el) => {
    if (!el.textContent.trim() || el.disabled) return;
    let bg = el, c;
    while (bg) {
      c = rgb(getComputedStyle(bg).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) break;
      bg = bg.parentElement;
    }
    const back = bg ? c.slice(0, 3) : [255, 255, 255];
    const fore = rgb(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
    out.push([el.tagName + "." + el.className, (a + 0.05) / (b + 0.05)]);
  });
  return out;
}
"""


def test_text_has_readable_contrast(page):
    start(page)
    ratios = page.evaluate(CONTRAST, "h1, h2, p, label, button, #transcript li, select, input")
    assert ratios
    low = [(what, round(r, 2)) for what, r in ratios if r < 4.5]
    assert not low, f"below WCAG AA 4.5:1: {low}"


def test_the_number_called_decides_whether_free_is_said(page):
    page.fill("#called", "0808 157 0123")
    start(page)
    assert "This call is free, confidential and not recorded." in transcript(page)


def test_text_the_line_panel_shows_the_reply_and_its_segments(page):
    """The "text the line" panel: the reply the number would text back, at the demo's time."""
    page.fill("#when", NIGHT)
    page.fill("#text-body", "TIPS")
    page.click("#text-form button[type=submit]")
    page.wait_for_function("document.getElementById('text-thread').innerText.includes('NEXT 2')")
    thread = page.inner_text("#text-thread")
    assert "You: TIPS" in thread and "Fixture tip one." in thread and "1 SMS segment, GSM-7, en-GB" in thread
    page.fill("#text-body", "pomoc")
    page.press("#text-body", "Enter")
    page.wait_for_function("document.getElementById('text-thread').innerText.includes('Linia testowa')")
    assert "Weekday Helpline" not in page.inner_text("#text-thread")  # 2 am: only the open ones
    page.fill("#text-body", "STOP")
    page.press("#text-body", "Enter")
    page.wait_for_function("document.getElementById('text-thread').innerText.includes('until it texts START')")
    last = page.inner_text("#text-thread li:last-child")
    assert last.startswith("Line: no reply.") and "segment" not in last
