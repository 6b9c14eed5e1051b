"""The staff page in a real browser (Debian's chromium, as for the demo): sign in through
the form, see charts and tables, sign out; a wrong password shows the form again."""

from __future__ import annotations

import pytest

from ivr import staff
from ivr.testing import FakeTwilio
from tests.browser import serving
from tests.conftest import make_app
from tests.test_browser import browser  # noqa: F401 - the shared fixture

PASSWORD = "a long staff password"


@pytest.fixture(scope="module")
def line(tmp_path_factory):
    app = make_app("2026-11-25T10:00:00+00:00", state_dir=tmp_path_factory.mktemp("state"))
    tally = app.extensions["ivr"]["tally"]
    staff.add(tally.engine, "alice", PASSWORD)
    for _ in range(6):
        FakeTwilio(app.test_client()).keys("1", "1")
    tally.flush()
    with serving(app) as url:
        yield url


def test_staff_sign_in_see_the_charts_and_sign_out(browser, line):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{line}/staff")
        page.fill("#name", "alice")
        page.fill("#password", "wrong password here")
        page.click("button[type=submit]")
        assert "do not match" in page.text_content("[role=alert]")
        page.fill("#name", "alice")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{line}/staff?from=2026-11-19&to=2026-11-25")
        assert page.title() == "Line counts, 2026-11-19 to 2026-11-25"
        assert page.locator("svg.chart").count() == 12
        box = page.locator("#calls svg").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
        assert page.locator("#calls tbody tr").count() == 7
        assert "6" in page.text_content("#services tbody")
        csv = page.request.get(f"{line}/staff/export.csv?from=2026-11-25&to=2026-11-25")
        assert csv.status == 200 and "Calls per day,2026-11-25,calls,6" in csv.text()
        page.emulate_media(media="print")
        assert not page.locator("form.noprint").is_visible()
        page.emulate_media(media="screen")
        page.click("text=Sign out (alice)")
        assert page.locator("#password").count() == 1
        assert page.request.get(f"{line}/staff/export.csv").status == 403
    finally:
        page.close()
