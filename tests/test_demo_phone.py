"""The demo on a phone's screen (390 × 844, as an outreach worker holds it), in chromium.

After each key, what the line says next must be in view without the person scrolling: the
newest line of the transcript is inside the screen and inside the transcript's own visible
box, and the key just pressed is still in view. The put-through box with its endings comes
into view when it opens; the language list fits the screen; the clock says "now" when it is
the real time; the number a put-through would ring appears once on the page, not twice.
"""

from __future__ import annotations

import pytest

from tests.test_browser import WEEKDAY_MORNING, browser, fake_speech, start  # noqa: F401 (browser: a fixture)
from tests.test_browser import base as base  # noqa: F401 (a fixture)

PHONE = {"width": 390, "height": 844}

#: Where an element is, against the screen and against the transcript's visible box.
IN_VIEW = """
(el) => {
  const r = el.getBoundingClientRect();
  const list = document.getElementById("transcript").getBoundingClientRect();
  const screen = r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  const inList = !el.closest("#transcript") || (r.top >= list.top - 1 && r.bottom <= list.bottom + 1);
  return screen && inList && r.height > 0;
}
"""


@pytest.fixture
def phone(browser, base, menus):  # noqa: F811
    from ivr.web.langs import languages

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    context.add_init_script(fake_speech([lang.tag for lang in languages(menus)]))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/demo")
    yield page
    context.close()


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(selector, IN_VIEW)


def tap(page, key: str) -> None:
    """Tap a key where it is, as a thumb does: it must already be on the screen (no scrolling)."""
    name = {"*": "star", "#": "hash"}.get(key, key)
    selector = f".key[data-key='{key}']"
    assert in_view(page, selector), f"key {name} is not on the screen"
    scrolled = page.evaluate("window.scrollY")
    before = page.locator("#transcript li.you").count()
    box = page.locator(selector).bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("(n) => document.querySelectorAll('#transcript li.you').length > n", arg=before)
    page.wait_for_function(
        "() => !document.querySelector('.key').disabled || !document.querySelector('#connect').hidden"
    )
    assert page.evaluate("window.scrollY") == scrolled, "the page moved under the person's thumb"


def test_after_every_key_the_newest_line_is_in_view(phone):
    start(phone, WEEKDAY_MORNING)
    assert in_view(phone, "#transcript li:last-child"), "the welcome's last line is not on the screen"
    for key in ["2", "1", "1", "*", "8", "0", "1", "5", "1"]:
        tap(phone, key)
        newest = phone.locator("#transcript li:last-child").inner_text()
        assert in_view(phone, "#transcript li:last-child"), f"after {key}: {newest!r} is not in view"
        assert in_view(phone, f".key[data-key='{key}']"), f"after {key}: the keypad moved away"


def test_the_put_through_box_and_its_endings_come_into_view_and_the_number_is_shown_once(phone):
    start(phone, WEEKDAY_MORNING)
    tap(phone, "1")
    tap(phone, "1")
    phone.wait_for_selector("#connect:not([hidden])")
    for button in phone.locator("#connect [data-status]").all():
        assert button.evaluate(IN_VIEW), f"{button.inner_text()!r} is not on the screen"
    assert in_view(phone, "#transcript li:last-child")  # what the line said, beside it
    number = "0808 157 0123"  # the fixture's Weekday Helpline
    assert phone.inner_text("body").count(number) == 1
    phone.get_by_role("button", name="No answer").tap()
    phone.wait_for_function("() => document.getElementById('connect').hidden")
    assert in_view(phone, "#transcript li:last-child")


def test_the_language_list_fits_the_screen(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = phone.locator("#lang").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Every language's name is shown whole: the list is as wide as its longest name, or wider.
    widest = phone.evaluate(
        """() => { const s = document.getElementById('lang'), c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(s).font;
        return Math.max(...[...s.options].map(o => c.measureText(o.textContent).width)); }"""
    )
    assert widest < box["width"] - 24, "a language's name is cut off"


def test_the_clock_says_now_when_it_is_the_real_time(phone):
    start(phone, None)
    clock = phone.inner_text("#clock")
    assert "now" in clock.lower() and "pretend" not in clock.lower(), clock
    phone.click("#call")  # hang up
    start(phone, WEEKDAY_MORNING)
    assert phone.inner_text("#clock").startswith("Pretend time: Wednesday 25 November 2026, 10:00")


def test_on_a_desktop_the_three_columns_stay(browser, base):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base}/demo")
    tops = [page.locator(s).bounding_box()["y"] for s in (".settings", ".phone", ".transcript")]
    assert max(tops) - min(tops) < 2, tops  # side by side
    page.close()


def test_the_text_panel_comes_below_the_phone(phone):
    """The "text the line" panel must not push the call's screen and keys down on a phone."""
    tops = {
        name: page_top
        for name, page_top in phone.evaluate(
            """() => ['.settings', '.transcript', '.phone', '.texts'].map(
                 (s) => [s, document.querySelector(s).getBoundingClientRect().top + window.scrollY])"""
        )
    }
    assert tops[".settings"] < tops[".transcript"] < tops[".phone"] < tops[".texts"]
