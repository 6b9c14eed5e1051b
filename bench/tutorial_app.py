"""Comparator for ``bench/load.py``: a phone tree as Twilio's own Flask tutorial writes one.

Every request builds the welcome with twilio's ``VoiceResponse`` and ``Gather``: the same
sentences, voices and callback URLs as the line's welcome (read once from the file named by
``IVR_BENCH_WELCOME``, written by ``bench/load.py``), so the document is as long as the line's.
It checks no signature, knows no opening hours and speaks one fixed welcome: what the line
does on top of this is what the benchmark's ratio costs.
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response, request
from twilio.twiml.voice_response import Gather, VoiceResponse

app = Flask(__name__)
WELCOME = json.loads(open(os.environ["IVR_BENCH_WELCOME"], encoding="utf-8").read())


@app.route("/voice", methods=["GET", "POST"])
def voice() -> Response:
    request.values.get("Digits")  # the form is parsed, as in a tutorial's menu route
    response = VoiceResponse()
    gather = Gather(num_digits=1, action=WELCOME["action"], method="POST", timeout=6, finish_on_key="")
    for text, voice, language in WELCOME["says"]:
        gather.say(text, voice=voice, language=language)
    response.append(gather)
    response.redirect(WELCOME["redirect"], method="POST")
    return Response(str(response), mimetype="text/xml")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
