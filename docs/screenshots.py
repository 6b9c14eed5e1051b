"""Take the README's screenshots of the demo and of a wallet card (needs chromium).

.venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import launch, serving  # noqa: E402
from tests.conftest import make_app  # noqa: E402


def main() -> None:
    app = make_app()
    with serving(app) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 820})
        page.goto(f"{base}/demo")
        page.fill("#when", "2026-11-29T02:00")
        page.click("#call")
        page.wait_for_selector("#transcript li.line")
        page.keyboard.press("5")
        page.wait_for_function(
            "document.querySelectorAll('#transcript li.you').length >= 1 && !document.querySelector('.key').disabled"
        )
        page.screenshot(path=str(ROOT / "docs" / "demo.png"))
        page = browser.new_page(viewport={"width": 900, "height": 420}, device_scale_factor=2)
        page.goto(f"{base}/card?lang=en-GB")
        page.locator("main").screenshot(path=str(ROOT / "docs" / "card.png"))
        browser.close()
    print("wrote docs/demo.png and docs/card.png")


if __name__ == "__main__":
    main()
