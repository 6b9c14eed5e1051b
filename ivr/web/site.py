"""What a person sees at the server's address, and the health check for load balancers."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template_string, request

from ..store import Unavailable

bp = Blueprint("site", __name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ name }}: phone line server</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#111}
code{background:#eee;padding:.1rem .3rem;border-radius:3px}</style></head>
<body>
<h1>{{ name }}</h1>
<p>This server runs the phone menu of {{ name }}, a free, confidential safety line, for Twilio.
It keeps no record of who calls.</p>
<h2>Connect a Twilio number</h2>
<ol>
<li>In the Twilio Console, open the phone number, then <em>Voice configuration</em>.</li>
<li><em>A call comes in</em>: Webhook, <code>{{ base }}/voice</code>, HTTP POST.</li>
<li><em>Primary handler fails</em>: <code>{{ base }}/voice/fallback</code>, HTTP POST.</li>
<li>Set <code>TWILIO_AUTH_TOKEN</code> to the account's Auth Token{% if not token %}
(<strong>not set now: the webhooks refuse every request</strong>){% endif %}, and
<code>IVR_PUBLIC_URL</code> to <code>{{ base }}</code> if a proxy serves this over HTTPS.</li>
</ol>
<p>{% if demo %}<a href="demo">Try the call in this browser</a> (a demonstration: it calls no one).
{% endif %}<a href="card">Wallet cards to print</a>.</p>
<p>Menus version <code>{{ version }}</code>. Health check: <a href="healthz">/healthz</a>.</p>
</body></html>"""


@bp.get("/")
def index():
    ivr = current_app.extensions["ivr"]
    settings = ivr["settings"]
    menus = ivr["store"].current().menus
    base = settings.public_url or request.host_url.rstrip("/")
    return render_template_string(
        PAGE,
        name=menus.line.name,
        base=base,
        version=menus.version,
        token=bool(settings.auth_token),
        demo=settings.demo,
    )


@bp.get("/healthz")
def healthz():
    """For load balancers and maintainers: the version served, and the last edit refused.

    ``"status": "degraded"`` (still HTTP 200) while no version of the menus was ever good on
    this server: the phone answers the safe words, and ``problems`` says why.

    ``serving_latest_edit`` is false while the files on disk hold an edit the line refused
    (it keeps answering with the version shown). File names and lines only: no folders.
    """
    store = current_app.extensions["ivr"]["store"]
    try:
        version = store.current()
    except Unavailable:
        # 200, not 5xx: a load balancer must never take every server out because the shared
        # content is broken; the phone still answers the safe words. Monitoring alerts on
        # "status" other than "ok".
        return jsonify(
            status="degraded",
            serving="the safe words only: no version of the menus has passed the checks",
            version=None,
            served=None,
            serving_latest_edit=False,
            last_rejected=None,
            problems=store.public_problems(),
        )
    rejected = getattr(store, "rejected", None)
    since = getattr(version, "loaded_at", None)
    return jsonify(
        status="ok",
        version=version.menus.version,
        served={
            "version": getattr(version, "id", version.menus.version),
            "since": since.isoformat(timespec="seconds") if since else None,
        },
        serving_latest_edit=rejected is None or (since is not None and since > rejected.at),
        last_rejected=rejected.public() if rejected is not None else None,
    )
