"""The staff page: off until an account exists; refuses the unauthenticated, forged CSRF
tokens and wrong passwords (throttled); shows the counts as charts with tables; exports
CSV with small counts suppressed."""

from __future__ import annotations

import re

import pytest

from ivr import staff
from ivr.testing import FakeTwilio
from tests.conftest import make_app

PASSWORD = "a long staff password"
HTTPS = "https://localhost"


@pytest.fixture
def app(database):
    return make_app("2026-11-25T10:00:00+00:00", **database)


def engine(app):
    return app.extensions["ivr"]["tally"].engine


def with_account(app):
    staff.add(engine(app), "alice", PASSWORD)
    return app


def csrf_of(resp) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', resp.get_data(as_text=True))
    assert match, resp.get_data(as_text=True)[:500]
    return match.group(1)


def login(client, password=PASSWORD, name="alice"):
    form = client.get("/staff", base_url=HTTPS)
    return client.post("/staff/login", data={"csrf": csrf_of(form), "name": name, "password": password}, base_url=HTTPS)


def test_the_page_is_off_until_an_account_exists(app):
    client = app.test_client()
    assert client.get("/staff", base_url=HTTPS).status_code == 404
    assert client.get("/staff/export.csv", base_url=HTTPS).status_code == 404
    with_account(app)
    assert client.get("/staff", base_url=HTTPS).status_code == 200


def test_the_session_cookie_is_signed_secure_httponly_samesite(app):
    with_account(app)
    client = app.test_client()
    resp = login(client)
    assert resp.status_code == 303
    cookie = resp.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
    page = client.get("/staff", base_url=HTTPS)
    assert page.status_code == 200 and "Calls per day" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_the_unauthenticated_get_the_login_form_and_no_figures(app):
    with_account(app)
    client = app.test_client()
    page = client.get("/staff", base_url=HTTPS).get_data(as_text=True)
    assert "Sign in" in page and "Calls per day" not in page
    assert client.get("/staff/export.csv", base_url=HTTPS).status_code == 403
    forged = client.get("/staff", base_url=HTTPS, headers={"Cookie": "ivr_staff=eyJ1IjoiYWxpY2UifQ.forged.sig"})
    assert "Calls per day" not in forged.get_data(as_text=True)


def test_a_login_without_the_forms_csrf_token_is_refused(app):
    with_account(app)
    client = app.test_client()
    client.get("/staff", base_url=HTTPS)
    for token in ("", "forged-token"):
        resp = client.post("/staff/login", data={"csrf": token, "name": "alice", "password": PASSWORD}, base_url=HTTPS)
        assert resp.status_code == 403
    other = app.test_client()  # a token from another browser's form is no good here
    token = csrf_of(other.get("/staff", base_url=HTTPS))
    fresh = app.test_client()
    assert (
        fresh.post(
            "/staff/login", data={"csrf": token, "name": "alice", "password": PASSWORD}, base_url=HTTPS
        ).status_code
        == 403
    )
    assert "Calls per day" not in client.get("/staff", base_url=HTTPS).get_data(as_text=True)


def test_wrong_passwords_are_refused_and_then_throttled(app):
    with_account(app)
    client = app.test_client()
    assert login(client, name="nobody").status_code == 401
    for _ in range(staff.FREE_TRIES):
        assert login(client, password="not the password").status_code == 401
    # Now even the right password must wait.
    resp = login(client)
    assert resp.status_code == 429 and "wait" in resp.get_data(as_text=True)
    assert "Calls per day" not in client.get("/staff", base_url=HTTPS).get_data(as_text=True)


def test_logout_needs_the_sessions_csrf_token_and_ends_the_session(app):
    with_account(app)
    client = app.test_client()
    login(client)
    assert client.post("/staff/logout", data={"csrf": "forged"}, base_url=HTTPS).status_code == 403
    token = csrf_of(client.get("/staff", base_url=HTTPS))
    assert client.post("/staff/logout", data={"csrf": token}, base_url=HTTPS).status_code == 303
    assert "Calls per day" not in client.get("/staff", base_url=HTTPS).get_data(as_text=True)


def test_figures_are_charts_with_tables_and_the_csv_suppresses_small_counts(app):
    with_account(app)
    for _ in range(6):
        FakeTwilio(app.test_client()).keys("1", "1")
    FakeTwilio(app.test_client()).keys("5")
    app.extensions["ivr"]["tally"].flush()
    client = app.test_client()
    login(client)
    page = client.get("/staff?from=2026-11-20&to=2026-11-26", base_url=HTTPS).get_data(as_text=True)
    assert page.count("<svg") == 12 and page.count("<table") == 12
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert re.search(r'<th scope="row">2026-11-25</th><td>7</td>', page)
    assert re.search(r'<th scope="row">open</th><td>fewer than 5</td>', page)
    csv = client.get("/staff/export.csv?from=2026-11-20&to=2026-11-26", base_url=HTTPS)
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert "Calls per day,2026-11-25,calls,7" in lines
    assert "Main-menu choices,open,choices,fewer than 5" in lines
    assert not any(line.endswith(",1") for line in lines)


def test_no_page_links_to_the_staff_page(app):
    with_account(app)
    client = app.test_client()
    for path in ("/", "/demo", "/card"):
        assert "/staff" not in client.get(path).get_data(as_text=True), path


def test_staff_add_refuses_short_passwords_and_odd_names(app):
    with pytest.raises(ValueError):
        staff.add(engine(app), "alice", "short")
    with pytest.raises(ValueError):
        staff.add(engine(app), "al ice", PASSWORD)
    assert staff.add(engine(app), "alice", PASSWORD) is True
    assert staff.add(engine(app), "alice", PASSWORD + "!") is False
    assert staff.check(engine(app), "alice", PASSWORD + "!") == "ok"


def test_removing_an_account_ends_its_sessions_and_the_last_one_turns_the_page_off(app):
    with_account(app)
    client = app.test_client()
    login(client)
    assert "Calls per day" in client.get("/staff", base_url=HTTPS).get_data(as_text=True)
    staff.add(engine(app), "bob", PASSWORD)
    assert staff.remove(engine(app), "alice") is True
    page = client.get("/staff", base_url=HTTPS)
    assert page.status_code == 200 and "Calls per day" not in page.get_data(as_text=True)
    assert client.get("/staff/export.csv", base_url=HTTPS).status_code == 403
    assert staff.remove(engine(app), "bob") is True and staff.remove(engine(app), "bob") is False
    assert client.get("/staff", base_url=HTTPS).status_code == 404
