"""Playing Twilio's part against the app, for tests and benchmarks.

:class:`FakeTwilio` signs each request with twilio's own ``RequestValidator``, resolves
relative ``action`` URLs against the URL it requested (as Twilio does), answers
``<Gather>`` with keys or silence, ``<Dial>`` with a ``DialCallStatus``, follows
``<Redirect>``, and parses every answer strictly as TwiML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from twilio.request_validator import RequestValidator

from .voices import KNOWN_VOICES
from .voices import table as voice_table

#: Verbs the line may use, where they may appear, and their allowed attributes.
TWIML = {
    "Response": (None, set()),
    "Say": ({"Response", "Gather"}, {"voice", "language", "loop"}),
    "Pause": ({"Response", "Gather"}, {"length"}),
    "Gather": (
        {"Response"},
        {
            "input",
            "numDigits",
            "timeout",
            "action",
            "method",
            "finishOnKey",
            "language",
            "hints",
            "speechTimeout",
            "actionOnEmptyResult",
            "speechModel",
        },
    ),
    "Redirect": ({"Response"}, {"method"}),
    "Dial": (
        {"Response"},
        {"callerId", "timeout", "action", "method", "record", "ringTone", "timeLimit", "answerOnBridge"},
    ),
    "Number": ({"Dial"}, set()),
    "Hangup": ({"Response"}, set()),
}
#: Messaging TwiML (the answer to a text): ``<Message>``, never the voice verbs nor ``<Sms>``.
MESSAGING_TWIML = {
    "Response": (None, set()),
    "Message": ({"Response"}, {"to", "from", "action", "method", "statusCallback"}),
    "Body": ({"Message"}, set()),
    "Media": ({"Message"}, set()),
    "Redirect": ({"Response"}, {"method"}),
}
_SPACED = re.compile(r"(?<![\d,])(?:9 9 9|1 1 2|1 0 1|5 5)(?![\d,])")
CALLER = "+447700900123"  # a number Ofcom keeps for drama: never a real person
LINE = "+441632960001"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


class TwiMLError(AssertionError):
    pass


def _root(body: str | bytes) -> ET.Element:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise TwiMLError(f"not XML: {exc}: {body[:200]!r}") from None
    if root.tag != "Response":
        raise TwiMLError(f"root is <{root.tag}>, not <Response>")
    return root


def _verb(el: ET.Element, parent: str | None, table: dict[str, tuple[set[str] | None, set[str]]]) -> None:
    """One element is a verb of ``table``, where it may stand, with only its attributes."""
    if el.tag not in table:
        raise TwiMLError(f"unknown verb <{el.tag}>")
    parents, attrs = table[el.tag]
    if parents is not None and parent not in parents:
        raise TwiMLError(f"<{el.tag}> cannot be inside <{parent}>")
    extra = set(el.attrib) - attrs
    if extra:
        raise TwiMLError(f"<{el.tag}> has unknown attributes {sorted(extra)}")


def parse_messaging_twiml(body: str | bytes) -> ET.Element:
    """Parse the TwiML answer to a text (Messaging), failing on anything Twilio would refuse:
    voice verbs, the old ``<Sms>``, an empty ``<Message>``."""
    root = _root(body)

    def walk(el: ET.Element, parent: str | None) -> None:
        _verb(el, parent, MESSAGING_TWIML)
        if el.tag == "Message" and not ((el.text or "").strip() or el.find("Body") is not None):
            raise TwiMLError("<Message> is empty")
        for child in el:
            walk(child, el.tag)

    walk(root, None)
    return root


def parse_twiml(body: str | bytes) -> ET.Element:
    """Parse a TwiML document, failing on anything Twilio would refuse."""
    root = _root(body)

    def walk(el: ET.Element, parent: str | None) -> None:
        _verb(el, parent, TWIML)
        if el.tag in ("Say", "Redirect", "Number") and not (el.text or "").strip():
            raise TwiMLError(f"<{el.tag}> is empty")
        if (
            el.tag == "Say"
            and el.get("voice")
            and el.get("voice") not in KNOWN_VOICES.get(el.get("language") or "", ())
        ):
            raise TwiMLError(
                f"<Say> with voice {el.get('voice')} cannot speak {el.get('language')}: Twilio would fail it"
            )
        if (
            el.tag == "Gather"
            and el.get("language") is not None
            and el.get("language") not in voice_table().recognition
        ):
            raise TwiMLError(f"<Gather language={el.get('language')}> is not a speech-recognition language of Twilio's")
        for child in el:
            walk(child, el.tag)

    walk(root, None)
    return root


@dataclass
class Answer:
    """One webhook answer, parsed."""

    url: str
    status: int
    body: str
    root: ET.Element | None = None

    @property
    def says(self) -> list[ET.Element]:
        return [] if self.root is None else list(self.root.iter("Say"))

    @property
    def spoken(self) -> str:
        """Exactly what the voices are given, e.g. "dial 9 9 9"."""
        return " ".join((s.text or "").strip() for s in self.says)

    @property
    def text(self) -> str:
        """What is said, written as people write it ("dial 999"): the voice's spaced digits
        (see :func:`ivr.saying.for_voice`) joined again, so tests read like the sentences."""
        return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), self.spoken)

    @property
    def messages(self) -> list[str]:
        """The texts a Messaging answer sends back, in order."""
        if self.root is None:
            return []
        return ["".join(m.itertext()).strip() for m in self.root.iter("Message")]

    def first(self, tag: str) -> ET.Element | None:
        return None if self.root is None else self.root.find(f".//{tag}")


class _HttpResponse:
    def __init__(self, status: int, content_type: str, body: bytes):
        self.status_code = status
        self.mimetype = content_type.split(";")[0].strip()
        self._body = body

    def get_data(self, as_text: bool = False) -> str | bytes:
        return self._body.decode("utf-8") if as_text else self._body


class HttpClient:
    """Lets :class:`FakeTwilio` call a real server (gunicorn, ``ivr serve``) over HTTP."""

    def post(self, path: str, data: dict[str, str], headers: dict[str, str], base_url: str) -> _HttpResponse:
        import urllib.error
        import urllib.parse
        import urllib.request

        req = urllib.request.Request(
            base_url + path, data=urllib.parse.urlencode(data).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return _HttpResponse(resp.status, resp.headers.get("Content-Type", ""), resp.read())
        except urllib.error.HTTPError as err:
            return _HttpResponse(err.code, err.headers.get("Content-Type", ""), err.read())


@dataclass
class FakeTwilio:
    """One phone call, driven as Twilio drives it."""

    client: Any  # a Flask test client, or anything with .post(path, data=, headers=)
    base: str = "http://localhost"
    token: str = AUTH_TOKEN
    caller: str = CALLER
    to: str = LINE
    call_sid: str = "CA" + "0" * 32
    history: list[Answer] = field(default_factory=list)
    #: Texts sent to the line so far (each gets its own MessageSid).
    texts: int = 0

    def params(self, **extra: str) -> dict[str, str]:
        p = {
            "CallSid": self.call_sid,
            "AccountSid": "AC" + "1" * 32,
            "From": self.caller,
            "Caller": self.caller,
            "To": self.to,
            "Called": self.to,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
        }
        p.update(extra)
        return p

    def request(
        self, url: str, params: dict[str, str], signed: bool = True, headers: dict[str, str] | None = None
    ) -> Answer:
        full = urljoin(self.base + "/", url)
        hdrs = dict(headers or {})
        if signed:
            hdrs["X-Twilio-Signature"] = RequestValidator(self.token).compute_signature(full, params)
        parts = urlsplit(full)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        resp = self.client.post(path, data=params, headers=hdrs, base_url=f"{parts.scheme}://{parts.netloc}")
        body = resp.get_data(as_text=True)
        ans = Answer(full, resp.status_code, body)
        if resp.status_code == 200:
            assert resp.mimetype in ("text/xml", "application/xml"), resp.mimetype
            # The answer to a text is Messaging TwiML; to a call, Voice TwiML.
            messaging = parts.path == "/sms" or parts.path.startswith("/sms/")
            ans.root = parse_messaging_twiml(body) if messaging else parse_twiml(body)
        self.history.append(ans)
        return ans

    @property
    def last(self) -> Answer:
        return self.history[-1]

    def start(self) -> Answer:
        return self.request("/voice", self.params())

    def _gather(self) -> ET.Element:
        g = self.last.first("Gather")
        if g is None:
            raise AssertionError(f"the line is not waiting for a key: {self.last.body}")
        return g

    def press(self, keys: str) -> Answer:
        if not self.history:
            self.start()
        g = self._gather()
        action = urljoin(self.last.url, g.get("action") or self.last.url)
        return self.request(action, self.params(Digits=keys, FinishedOnKey=""))

    def say(self, words: str, confidence: str | None = "0.92") -> Answer:
        """Speak instead of pressing a key: Twilio posts ``SpeechResult`` to the Gather's action."""
        if not self.history:
            self.start()
        g = self._gather()
        assert "speech" in (g.get("input") or ""), "this menu does not listen for speech"
        action = urljoin(self.last.url, g.get("action") or self.last.url)
        extra = {"SpeechResult": words}
        if confidence is not None:
            extra["Confidence"] = confidence
        return self.request(action, self.params(**extra))

    def silence(self) -> Answer:
        """Say nothing: Twilio falls through the Gather to the next verb, a Redirect."""
        self._gather()
        redirect = self.last.first("Redirect")
        if redirect is None:
            raise AssertionError("a Gather with nothing after it: the call would end in silence")
        return self.request(urljoin(self.last.url, redirect.text.strip()), self.params())  # type: ignore[union-attr]

    def follow(self) -> Answer:
        redirect = self.last.first("Redirect")
        assert redirect is not None, "no Redirect to follow"
        return self.request(urljoin(self.last.url, redirect.text.strip()), self.params())  # type: ignore[union-attr]

    def dial_ends(self, status: str, duration: str = "0") -> Answer:
        dial = self.last.first("Dial")
        assert dial is not None, f"the line did not dial: {self.last.body}"
        action = urljoin(self.last.url, dial.get("action"))
        return self.request(
            action, self.params(DialCallStatus=status, DialCallDuration=duration, DialCallSid="CA" + "2" * 32)
        )

    def text(self, body: str, sender: str | None = None, message_sid: str | None = None) -> Answer:
        """Text the line, as Twilio's Messaging webhook posts an incoming SMS to ``/sms``."""
        self.texts += 1
        sender = self.caller if sender is None else sender
        sid = message_sid or f"SM{self.texts:032d}"
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "SmsMessageSid": sid,
            "AccountSid": "AC" + "1" * 32,
            "From": sender,
            "To": self.to,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        return self.request("/sms", params)

    def keys(self, *presses: str) -> Answer:
        """Start the call if needed, then press each key in turn."""
        if not self.history:
            self.start()
        for k in presses:
            self.press(k)
        return self.last
