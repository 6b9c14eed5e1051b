"""Thai and Chinese are drawn, not printed as empty boxes, on a machine with the documented fonts.

Debian's chromium alone has no font for either script and draws every such character as the
same empty box (the font's ``.notdef``). The README names the font packages and ``.ci/run``
installs them in CI. Each test draws every distinct character of the card's or the demo's
Thai and Chinese sentences in the page's own font and fails when two different characters come
out as the same picture, or when one looks like a character that no font has (the box). The
printed card's PDF must also embed a font the English card does not (one with those glyphs).
"""

from __future__ import annotations

import re

import pytest

from tests.browser import line_speaking, serving
from tests.test_browser import browser, fake_speech, start  # noqa: F401 (browser is a fixture)

#: Test sentences in each script (made for this test; nothing a caller hears).
SCRIPTS = {
    "th-TH": ("th_TH", "กดปุ่ม {key} เพื่อฟังเคล็ดลับความปลอดภัย"),
    "cmn-CN": ("zh_Hans_CN", "安全提示请按 {key} 键"),
}
TAGS = {"th-TH": "th-TH", "cmn-CN": "zh-CN"}
INSTALL = "apt-get install fonts-thai-tlwg fonts-wqy-zenhei"

#: Draws each distinct character of the element's text (letters of the script only) in the
#: element's font, and a character no font has; returns the pictures as data URLs.
DRAW = """
(el) => {
  const s = getComputedStyle(el);
  const font = `${s.fontStyle} ${s.fontWeight} 32px ${s.fontFamily}`;
  const draw = (ch) => {
    const c = document.createElement("canvas");
    c.width = 64; c.height = 64;
    const g = c.getContext("2d");
    g.font = font; g.fillStyle = "#000"; g.textBaseline = "middle";
    g.fillText(ch, 8, 32);
    return c.toDataURL();
  };
  const chars = [...new Set([...el.textContent].filter((ch) => /[\\u0E00-\\u0E7F\\u4E00-\\u9FFF]/.test(ch)))];
  return { chars, drawn: chars.map(draw), missing: draw("\\u{10FFFD}") };
}
"""


def assert_drawn(page, selector: str, what: str, at_least: int = 5) -> None:
    got = page.eval_on_selector(selector, DRAW)
    chars, drawn = got["chars"], got["drawn"]
    assert len(chars) >= at_least, f"{what}: too few Thai or Chinese characters to judge: {chars}"
    boxes = [ch for ch, picture in zip(chars, drawn, strict=True) if picture == got["missing"]]
    assert not boxes, f"{what}: drawn as empty boxes (no font for them: {INSTALL}): {''.join(boxes)}"
    assert len(set(drawn)) == len(drawn), f"{what}: different characters drawn alike ({INSTALL}?): {''.join(chars)}"


@pytest.fixture(scope="module")
def scripts_base(tmp_path_factory):
    """The fixture line also speaking Thai and Mandarin, one sentence of each translated (test only)."""
    app = line_speaking(
        tmp_path_factory.mktemp("scripts"),
        {"en-GB": "Polly.Amy", "th-TH": "Google.th-TH-Standard-A", "cmn-CN": "Polly.Zhiyu"},
        dict(SCRIPTS.values()),
    )
    with serving(app) as url:
        yield url


def _fonts(pdf: bytes) -> set[str]:
    """The names of the fonts a PDF embeds (chromium writes them as /BaseFont /ABCDEF+Name)."""
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)", pdf)}


@pytest.mark.parametrize("code", list(SCRIPTS))
def test_the_card_draws_and_prints_thai_and_chinese(browser, scripts_base, code):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{scripts_base}/card?lang={code}")
    assert_drawn(page, f".card.back li span[lang='{TAGS[code]}']", f"the {code} card")
    page.emulate_media(media="print")
    ours = _fonts(page.pdf(prefer_css_page_size=True))
    page.goto(f"{scripts_base}/card?lang=en-GB")
    english = _fonts(page.pdf(prefer_css_page_size=True))
    page.close()
    assert ours - english, (
        f"the printed {code} card embeds no font beyond the English card's: {sorted(ours)} ({INSTALL}?)"
    )


@pytest.mark.parametrize("code", list(SCRIPTS))
def test_the_demo_draws_thai_and_chinese(browser, scripts_base, code):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(fake_speech(["en-GB"]))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{scripts_base}/demo")
    page.select_option("#lang", code)
    start(page)
    assert_drawn(page, f"#transcript li.line[lang='{TAGS[code]}']", f"the demo in {code}")
    # The language list names each language in its own script: drawn too.
    assert_drawn(page, f"#lang option[value='{code}']", f"the language list's {code}", at_least=2)
    context.close()
