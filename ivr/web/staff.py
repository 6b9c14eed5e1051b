"""``/staff``: the anonymous counts, for the organisation's staff only.

Off (404) until ``ivr staff add NAME`` has made an account. The session is a signed cookie
(Secure, HttpOnly, SameSite=Strict, path /staff, 8 hours) holding the name and a CSRF token;
every form posts that token back, and the login form's token is set in the cookie before
login. Wrong passwords are throttled per account (:mod:`ivr.staff`). Never linked from the
demo or the site's page.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
from typing import Any

from flask import Blueprint, Response, current_app, g, redirect, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import report
from ..hours import LONDON
from .charts import chart

log = logging.getLogger("ivr.staff")
bp = Blueprint("staff", __name__, url_prefix="/staff")

COOKIE = "ivr_staff"
MAX_AGE = 8 * 3600
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}


def _engine() -> Any:
    tally = current_app.extensions["ivr"].get("tally")
    return getattr(tally, "engine", None)


def _signer(engine: Any) -> URLSafeTimedSerializer:
    from .. import staff

    return URLSafeTimedSerializer(staff.session_key(engine), salt="ivr-staff")


def _session(engine: Any) -> dict[str, str]:
    """The signed cookie's content; a session whose account was removed is no session."""
    from .. import staff

    raw = request.cookies.get(COOKIE, "")
    if not raw:
        return {}
    try:
        value = _signer(engine).loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return {}
    if not isinstance(value, dict) or (value.get("u") and not staff.known(engine, str(value["u"]))):
        return {}
    return value


def _respond(body: str | Response, status: int, engine: Any, session: dict[str, str] | None = None) -> Response:
    resp = body if isinstance(body, Response) else Response(body, status=status, mimetype="text/html")
    resp.status_code = status
    for k, v in HEADERS.items():
        resp.headers[k] = v
    if session is not None:
        if session:
            resp.set_cookie(
                COOKIE,
                _signer(engine).dumps(session),
                max_age=MAX_AGE,
                path="/staff",
                secure=True,
                httponly=True,
                samesite="Strict",
            )
        else:
            resp.delete_cookie(COOKIE, path="/staff", secure=True, httponly=True, samesite="Strict")
    return resp


def _csrf_ok(session: dict[str, str]) -> bool:
    sent = request.form.get("csrf", "")
    return bool(session.get("c")) and hmac.compare_digest(sent.encode(), session["c"].encode())


def _open() -> Any:
    """The engine when the page is on (an account exists), else None. SQLAlchemy and the
    accounts (:mod:`ivr.staff`) are loaded here, on the first /staff request, not in every
    worker that only answers calls."""
    try:
        from .. import staff

        engine = _engine()
        return engine if engine is not None and staff.exists(engine) else None
    except Exception as exc:
        log.warning("the staff page cannot reach the database (%s)", type(exc).__name__)
        return None


@bp.before_request
def only_when_on() -> Response | None:
    """404 for every /staff path until an account exists (or when the database is down)."""
    g.staff_engine = _open()
    return Response("Not Found", status=404) if g.staff_engine is None else None


def _figures(engine: Any) -> tuple[dt.date, dt.date, list[report.Figure]]:
    """The period asked for (default: the last 28 days, UK time) and its figures."""
    today = current_app.extensions["ivr"]["settings"].clock().astimezone(LONDON).date()
    first, last = report.period(request.args.get("from"), request.args.get("to"), today)
    return first, last, report.figures(report.read(engine, first, last), first, last)


def _login_page(engine: Any, message: str = "", status: int = 200) -> Response:
    session = {"c": secrets.token_urlsafe(24)}
    return _respond(render_template("staff_login.html", csrf=session["c"], message=message), status, engine, session)


@bp.get("")
@bp.get("/")
def page() -> Response:
    engine = g.staff_engine
    session = _session(engine)
    if not session.get("u"):
        return _login_page(engine)
    first, last, figs = _figures(engine)
    html = render_template(
        "staff.html",
        figs=figs,
        first=first,
        last=last,
        user=session["u"],
        csrf=session.get("c", ""),
        chart=chart,
        shown=report.shown,
        fewer=report.FEWER,
    )
    return _respond(html, 200, engine)


@bp.post("/login")
def login() -> Response:
    from .. import staff

    engine = g.staff_engine
    if not _csrf_ok(_session(engine)):
        return _login_page(engine, "The form had expired. Please try again.", 403)
    outcome = staff.check(engine, request.form.get("name", "")[:64], request.form.get("password", "")[:1024])
    if outcome == "wait":
        return _login_page(engine, "Too many wrong passwords: wait a few minutes, then try again.", 429)
    if outcome != "ok":
        return _login_page(engine, "That name and password do not match.", 401)
    session = {"u": request.form["name"][:64], "c": secrets.token_urlsafe(24)}
    return _respond(redirect("/staff", code=303), 303, engine, session)  # type: ignore[arg-type]  # Flask's Response


@bp.post("/logout")
def logout() -> Response:
    engine = g.staff_engine
    session = _session(engine)
    if session.get("u") and not _csrf_ok(session):
        return _respond("Forbidden", 403, engine)
    return _respond(redirect("/staff", code=303), 303, engine, {})  # type: ignore[arg-type]  # Flask's Response


@bp.get("/export.csv")
def export() -> Response:
    engine = g.staff_engine
    if not _session(engine).get("u"):
        return _respond("Forbidden", 403, engine)
    first, last, figs = _figures(engine)
    body = report.csv_text(figs)
    resp = _respond(Response(body, mimetype="text/csv"), 200, engine)
    resp.headers["Content-Disposition"] = f'attachment; filename="line-counts-{first}-to-{last}.csv"'
    return resp
