"""The browser demo: ``GET /demo`` (the page) and ``POST /demo/step`` (one step, as JSON).

A thin face over :mod:`ivr.demo`, which runs the phone's own core. It dials and texts no one,
reads no caller data and keeps no call state. ``IVR_DEMO=off`` turns both off (HTTP 404).
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

from .. import demo as core
from .. import logsafe
from ..flow import SAFE_WORDS
from .langs import languages

log = logging.getLogger("ivr.demo")
bp = Blueprint(
    "demo", __name__, url_prefix="/demo", static_folder="static", static_url_path="/static", template_folder="templates"
)


@bp.before_request
def demo_on() -> None:
    if not current_app.extensions["ivr"]["settings"].demo:
        abort(404)


@bp.get("")
@bp.get("/")
def page() -> str:
    menus = current_app.extensions["ivr"]["store"].current().menus
    return render_template(
        "demo.html", name=menus.line.name, languages=languages(menus), default=menus.line.default_language
    )


def _error(message: str, status: int = 400) -> tuple[Response, int]:
    return jsonify(error=message), status


@bp.post("/step")
def step() -> tuple[Response, int] | Response:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than json can parse: not a step of a call either
        body = None
    if not isinstance(body, dict):
        return _error('Send a JSON object, like {"event": "start", "lang": "en-GB", "now": "now"}.')
    ivr = current_app.extensions["ivr"]
    version = ivr["store"].current()
    try:
        return jsonify(core.run(version.menus, version.catalogs, body, ivr["settings"].clock()))
    except core.DemoError as exc:
        return _error(str(exc))
    except Exception:
        at = body.get("at")
        log.exception("the demo failed at place %r", logsafe.loggable(at) if isinstance(at, str) else type(at).__name__)
        lines = [{"text": t, "lang": "en-GB"} for t in SAFE_WORDS]
        return jsonify(
            error="The line hit a problem here; a caller would hear the safe words.",
            lines=lines,
            next={"kind": "hangup"},
        ), 500
