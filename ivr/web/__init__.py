"""The Flask app: one blueprint per face (the phone's webhooks, the site)."""

from __future__ import annotations

import logging

from flask import Flask

from ..settings import Settings
from ..store import Store

log = logging.getLogger("ivr")


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """Build the app. Refuses to start (raises ``MenuError``) when the menus are invalid."""
    settings = settings or Settings.from_env()
    for problem in settings.problems:
        log.warning("setting: %s", problem)
    store = store or Store(settings.menus_dir, settings.locales_dir)
    if not settings.auth_token:
        log.warning(
            "TWILIO_AUTH_TOKEN is not set: the phone webhooks will refuse every request (HTTP 403) "
            "until it is, because they cannot tell Twilio from anyone else."
        )

    app = Flask(__name__)
    app.extensions["ivr"] = {"settings": settings, "store": store}

    from . import cards, demo, site, voice

    app.register_blueprint(voice.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(demo.bp)
    app.register_blueprint(cards.bp)
    return app
