"""Comparator for ``bench/load.py``: the least a Flask webhook can do, one fixed TwiML document.

It returns, for every request, the line's own welcome as the line wrote it (the file named by
``IVR_BENCH_WELCOME``, written by ``bench/load.py``): no signature, no hours, no languages.
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response

app = Flask(__name__)
BODY = json.loads(open(os.environ["IVR_BENCH_WELCOME"], encoding="utf-8").read())["xml"]


@app.route("/voice", methods=["GET", "POST"])
def voice() -> Response:
    return Response(BODY, mimetype="text/xml")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
