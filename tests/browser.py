"""A real server and Debian's chromium for the browser tests and the README's screenshots.

The browser is the system's ``/usr/bin/chromium`` driven by Playwright (never ``playwright
install``). Without it the browser tests skip with the reason, except in CI (``CI=true``),
where ``.ci/run`` installs chromium and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system chromium, or None."""
    for candidate in (os.environ.get("IVR_CHROMIUM", ""), "/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch(playwright):  # noqa: ANN001, ANN201 - playwright types are optional
    path = chromium_path()
    if path is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


@contextmanager
def serving(app) -> Iterator[str]:  # noqa: ANN001
    """Serve ``app`` on 127.0.0.1 on a free port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def line_speaking(root: Path, voices: dict[str, str], tips_sentence: dict[str, str]):  # noqa: ANN201
    """An app on a copy of the fixture line with these ``voices``, and for each locale a catalogue
    with one sentence translated (the tips option of the main menu): for the browser tests."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from ivr import create_app
    from ivr.settings import Settings
    from ivr.testing import AUTH_TOKEN
    from tests.checking import set_voices
    from tests.conftest import MENUS

    shutil.copytree(MENUS, root / "menus")
    set_voices(root / "menus", voices)
    for locale, text in tips_sentence.items():
        catalog = Catalog(locale=locale)
        catalog.add("For fixture tips, press {key}.", text)
        folder = root / "locales" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "messages.po").open("wb") as f:
            write_po(f, catalog)
    settings = Settings(
        auth_token=AUTH_TOKEN, menus_dir=root / "menus", locales_dir=root / "locales", state_dir=root / "state"
    )
    return create_app(settings)
