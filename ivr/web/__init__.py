"""The Flask app: one blueprint per face (the phone's webhooks, the site)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import Flask

from .. import db, logsafe, text_limits
from ..answers import Answers
from ..db.sqlite_file import CountsFile
from ..i18n import SOURCE_LANGUAGE
from ..settings import Settings
from ..store import Store, Unavailable
from ..tally import Tally
from ..texting import Texter
from .lean import App

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger("ivr")


def start_tally(settings: Settings) -> Tally:
    """The counts' database, migrated now; if it cannot be reached the line starts anyway."""
    target: Engine | CountsFile | None = None
    try:
        url = db.url_from(settings)
        target = CountsFile.at(url)  # the default SQLite file: written without SQLAlchemy
        if target is not None:
            target.migrate()
        else:
            target = db.engine_for(url)
            db.upgrade(target)
            target.dispose()  # no connection left to share with workers forked from this process
    except Exception as exc:
        log.error(
            "the counts' database cannot be reached or upgraded (%s: %s); the line runs, and tries again as it counts",
            type(exc).__name__,
            logsafe.loggable(str(exc))[:200],
        )
    return Tally(target, keep_hours_days=settings.keep_hours_days)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    texter: Texter | None = None,
    tally: Tally | None = None,
) -> Flask:
    """Build the app. It starts whatever the menus hold: on broken files it serves the last good
    version kept in the state folder, or else the safe words (see :mod:`ivr.store`).

    ``texter`` sends texts; by default one is made when TWILIO_ACCOUNT_SID and the auth
    token are set, and without one the line never offers to text a number.
    """
    settings = settings or Settings.from_env()
    logsafe.install()  # request lines are logged without query strings: they may hold From
    for problem in settings.problems:
        log.warning("setting: %s", problem)
    store = store or Store(settings.menus_dir, settings.locales_dir, state_dir=settings.state_folder())
    try:
        version = store.current()
    except Unavailable:
        version = None
    missing = (
        [
            lang
            for lang in version.menus.line.voices
            if lang != SOURCE_LANGUAGE and not ((path := version.catalogs.po_path(lang)) and path.is_file())
        ]
        if version is not None
        else []
    )
    if missing:
        log.warning(
            "no translation catalogue for %s under %s: callers choosing %s hear English",
            ", ".join(missing),
            settings.locales_dir,
            "it" if len(missing) == 1 else "them",
        )
    if not settings.auth_token:
        log.warning(
            "TWILIO_AUTH_TOKEN is not set: the phone webhooks will refuse every request (HTTP 403) "
            "until it is, because they cannot tell Twilio from anyone else."
        )

    if texter is None and settings.account_sid and settings.auth_token:
        texter = Texter(settings.account_sid, settings.auth_token)
    app = App(__name__)  # Flask, reading a webhook's form and query more directly (ivr.web.lean)
    limits = text_limits.build(settings) if texter is not None else None
    app.extensions["ivr"] = {
        "settings": settings,
        "store": store,
        "texter": texter,
        "text_limits": limits,
        "tally": tally or start_tally(settings),
        # What the line says, worked out once a minute per version of the menus (ivr.answers).
        "answers": Answers(),
    }

    from . import body_limit, cards, demo, demo_texts, site, sms, staff, voice

    body_limit.install(app)
    app.register_blueprint(voice.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(demo.bp)
    app.register_blueprint(demo_texts.bp)
    app.register_blueprint(cards.bp)
    app.register_error_handler(Unavailable, _unavailable)
    app.register_blueprint(staff.bp)
    return app


def _unavailable(_: Unavailable) -> tuple[str, int, dict[str, str]]:
    """Pages that need the menus, while none can be used (the phone answers the safe words)."""
    return (
        "The line's menus have problems, so this page is not available; /healthz says what is wrong.\n",
        503,
        {"Content-Type": "text/plain; charset=utf-8"},
    )
