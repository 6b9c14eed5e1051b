"""``ivr doctor``: is this deployment ready for callers? Each check says, in plain words, what it
found and what to fix, marked as a blocker (the line must not go live like this), a warning
(it works, but something is wrong or costs callers), a note (not checked, or worth knowing) or ok.

It reads the same settings as the line. Where it can, it asks the world rather than trusting the
settings: Twilio's API for the number's webhooks and the time, and a request signed as Twilio
signs it, sent through the public address to ``/voice``. It never names a caller: the only
numbers it prints are the line's own.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import enum
import os
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator

from . import numbers, server, twilio_number
from .counting import DOCTOR_CALL_SID
from .inspect import inspect
from .model import Menus
from .settings import Settings
from .texting import TEXTS_PER_CALL

#: Seconds the signed request through the public address may take.
SELF_REQUEST_TIMEOUT = 5.0
#: The clock may differ from Twilio's by this much before a warning, and this much before a blocker
#: (callers would hear a service open when it has closed).
CLOCK_WARNING = dt.timedelta(seconds=30)
CLOCK_BLOCKER = dt.timedelta(minutes=5)
#: Twilio waits this long for a webhook's answer (docs/sources.md).
TWILIO_WAITS = 15


class Level(enum.IntEnum):
    OK = 0
    NOTE = 1
    WARNING = 2
    BLOCKER = 3


MARKS = {Level.OK: "ok", Level.NOTE: "note", Level.WARNING: "WARNING", Level.BLOCKER: "BLOCKER"}


@dataclass(frozen=True)
class Finding:
    level: Level
    topic: str
    says: str
    #: A check that could not be made here (no network, no credentials): the verdict says so.
    unchecked: bool = False

    def __str__(self) -> str:
        return f"{MARKS[self.level]:<8} {self.topic}: {self.says}"


@dataclass(frozen=True)
class Reply:
    """What the public address answered: the status and its Date header (never the body)."""

    status: int
    date: str = ""
    twiml: bool = False


def http_post(url: str, form: dict[str, str], headers: dict[str, str], timeout: float) -> Reply:
    """POST the form; an HTTP error is a :class:`Reply` too, no connection an :class:`OSError`."""
    request = urllib.request.Request(url, data=urlencode(form).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - https, checked
            body = answer.read(65536)
            return Reply(answer.status, answer.headers.get("Date", ""), b"<Response" in body)
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.headers.get("Date", "") if exc.headers else "")


class DateKeeper(HttpClient):
    """twilio's HTTP client, remembering the Date of Twilio's last answer (an independent clock)."""

    def __init__(self, inner: HttpClient) -> None:
        super().__init__(logger=inner.logger, is_async=False, timeout=inner.timeout)
        self.inner = inner
        self.date = ""

    def request(self, *args: Any, **kwargs: Any) -> Response:
        response = self.inner.request(*args, **kwargs)
        self.date = (response.headers or {}).get("Date", "") or self.date
        return response


@dataclass
class Doctor:
    """The checks, over what they look at; tests replace ``post``, ``clock`` and ``cpus``."""

    settings: Settings
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    #: How the self-request is sent; None: :func:`http_post`.
    post: Callable[[str, dict[str, str], dict[str, str], float], Reply] | None = None
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    cpus: int = field(default_factory=lambda: os.cpu_count() or 1)
    menus: Menus | None = None
    #: Date headers of answers from elsewhere, with where from: Twilio's API, the public address.
    dates: list[tuple[str, str]] = field(default_factory=list)

    def run(self) -> list[Finding]:
        found: list[Finding] = []
        for check in (
            self.auth_token,
            self.public_url,
            self.frozen_clock,
            self.menus_clean,
            self.line_numbers,
            self.texting,
            self.twilio_number,
            self.self_request,
            self.clock_in_sync,
            self.state_folder,
            self.workers,
            self.demo,
            self.other_settings,
        ):
            found.extend(check())
        return found

    # --- settings --------------------------------------------------------------------

    def auth_token(self) -> Iterator[Finding]:
        token = self.settings.auth_token
        if not token:
            yield Finding(
                Level.BLOCKER,
                "Auth Token",
                "TWILIO_AUTH_TOKEN is not set, so every webhook refuses every call (HTTP 403). Set it to the "
                "Auth Token in the Twilio Console (Account Info).",
            )
        elif not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
            yield Finding(
                Level.WARNING,
                "Auth Token",
                "TWILIO_AUTH_TOKEN does not look like an Auth Token (32 characters, 0-9 and a-f): if it is "
                "wrong, every call is refused. Copy it again from the Console.",
            )
        else:
            yield Finding(Level.OK, "Auth Token", "TWILIO_AUTH_TOKEN is set.")

    def public_url(self) -> Iterator[Finding]:
        try:
            base = twilio_number.https_base(self.settings.public_url or self.env.get("IVR_PUBLIC_URL", "").strip())
        except twilio_number.NumberError as exc:
            yield Finding(Level.BLOCKER, "Public address", f"{exc}.")
            return
        yield Finding(Level.OK, "Public address", f"IVR_PUBLIC_URL is {base} (https).")

    def frozen_clock(self) -> Iterator[Finding]:
        if self.settings.now is not None:
            yield Finding(
                Level.BLOCKER,
                "Clock",
                f"IVR_NOW freezes the line's clock at {self.settings.now:%Y-%m-%d %H:%M}: callers would hear the "
                "wrong opening hours. Unset IVR_NOW (it is for demonstrations and tests).",
            )

    # --- content ---------------------------------------------------------------------

    def menus_clean(self) -> Iterator[Finding]:
        report = inspect(self.settings.menus_dir, self.settings.locales_dir)
        self.menus = report.menus
        errors, warnings = report.errors, [p for p in report.problems if p.severity != "error"]
        if errors or report.menus is None:
            shown = "; ".join(str(p) for p in errors[:3]) + ("; …" if len(errors) > 3 else "")
            yield Finding(
                Level.BLOCKER,
                "Menus",
                f"{len(errors)} error(s) in {self.settings.menus_dir} or its catalogues ({shown}): callers would "
                "hear only the safe words or an older version. `ivr check` lists them with file and line.",
            )
        elif warnings:
            yield Finding(
                Level.WARNING,
                "Menus",
                f"no errors, {len(warnings)} warning(s), such as {warnings[0]}; `ivr check` lists them all.",
            )
        else:
            yield Finding(Level.OK, "Menus", f"{self.settings.menus_dir} and its catalogues pass `ivr check`.")

    def _line_numbers(self) -> list[str]:
        return twilio_number.line_numbers(self.menus.line) if self.menus is not None else []

    def line_numbers(self) -> Iterator[Finding]:
        if self.menus is None:
            return
        line_numbers = self._line_numbers()
        if not line_numbers:
            yield Finding(
                Level.WARNING,
                "The line's number",
                "no number is set (phone: in line.yaml, or numbers:), so the wallet cards print none and this "
                "check cannot look at the number on Twilio. Set phone: to the line's Twilio number.",
            )
            return
        for number in line_numbers:
            if numbers.is_free_line(number):
                yield Finding(
                    Level.OK, "The line's number", f"{number} is freephone: the welcome says the call is free."
                )
            else:
                yield Finding(
                    Level.WARNING,
                    "The line's number",
                    f"{number} is not an 0800 or 0808 number, so the welcome will not say the call is free, and "
                    "callers pay for it (Ofcom: only 0800/0808 are free from every phone). Use a freephone number.",
                )

    def texting(self) -> Iterator[Finding]:
        if not self.settings.account_sid:
            yield Finding(
                Level.NOTE,
                "Texts",
                "texting is off (no TWILIO_ACCOUNT_SID): callers can hear a service's number but not have it "
                "texted. Set TWILIO_ACCOUNT_SID to offer it.",
            )
        elif self.settings.texts_per_hour == 0:
            yield Finding(Level.NOTE, "Texts", "IVR_TEXTS_PER_HOUR=0: no text is ever sent; numbers are read out.")
        else:
            yield Finding(
                Level.OK,
                "Texts",
                "texting is on: a caller who asks is texted a service's number from the line's number. Each text is "
                "charged to the Twilio account at Twilio's price for a text to that phone (see the Console's "
                f"pricing); at most {TEXTS_PER_CALL} a call and {self.settings.texts_per_hour} to one phone an hour.",
            )

    # --- the world -------------------------------------------------------------------

    def twilio_number(self) -> Iterator[Finding]:
        """What Twilio has for the line's numbers: the webhooks, and whether it can text."""
        s = self.settings
        if not (s.account_sid and s.auth_token):
            yield Finding(
                Level.NOTE,
                "Twilio number",
                "not checked on Twilio (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are both needed): make sure the "
                "number's webhooks point here (`ivr twilio connect --number ...`).",
                unchecked=True,
            )
            return
        try:
            base = twilio_number.https_base(s.public_url)
        except twilio_number.NumberError:
            return  # said above
        line_numbers = self._line_numbers()
        if not line_numbers:
            return
        keeper = DateKeeper(twilio_number.http_client())
        try:
            api = twilio_number.client(s.account_sid, s.auth_token, keeper)
            for number in line_numbers:
                yield from self._one_number(api, number, base)
        except twilio_number.NumberError as exc:
            text = str(exc)
            unreachable = isinstance(exc, twilio_number.Unreachable)
            yield Finding(
                Level.NOTE if unreachable else Level.BLOCKER,
                "Twilio number",
                f"{text}." + (" Not checked." if unreachable else ""),
                unchecked=unreachable,
            )
        if keeper.date:
            self.dates.append(("Twilio's API", keeper.date))

    def _one_number(self, api: Any, number: str, base: str) -> Iterator[Finding]:
        found = twilio_number.find(api, number)
        refused = twilio_number.refusal(found)
        if refused:
            yield Finding(Level.BLOCKER, "Twilio number", refused + ".")
        changes = twilio_number.plan(found, base, texts=self.settings.sms)
        first = twilio_number.WEBHOOKS[0][0]
        # Calls sent elsewhere, by GET or to a TwiML App block going live; so do texts sent elsewhere
        # when the cards promise texting (IVR_SMS=on).
        worst = [
            c
            for c in changes
            if c.field in (first, "sms_url") or c.new == "POST" or c.field.endswith("application_sid")
        ]
        if changes:
            told = "; ".join(f"{c.label.strip()}: {c.current or '(none)'}, not {c.new or '(none)'}" for c in changes)
            yield Finding(
                Level.BLOCKER if worst else Level.WARNING,
                "Twilio number",
                f"{number} on Twilio: {told}. Run `ivr twilio connect --number {number}`.",
            )
        else:
            yield Finding(Level.OK, "Twilio number", f"{number} sends its calls to {base} on Twilio, with POST.")
        capabilities = getattr(found, "capabilities", None) or {}
        if (self.settings.texts_per_hour or self.settings.sms) and capabilities.get("sms") is False:
            yield Finding(
                Level.WARNING,
                "Texts",
                f"{number} cannot send texts (Twilio says it has no SMS): texts to callers would fail and they "
                "would hear the number instead. Use an SMS-capable number, or unset TWILIO_ACCOUNT_SID.",
            )

    def self_request(self) -> Iterator[Finding]:
        """A request signed as Twilio signs it, through the public address: it proves the address,
        the proxy and the Auth Token together, as Twilio will meet them."""
        s = self.settings
        try:
            base = twilio_number.https_base(s.public_url)
        except twilio_number.NumberError:
            return  # said above
        if not s.auth_token:
            return  # said above
        url = base + "/voice"
        line_numbers = self._line_numbers()
        form = {
            "AccountSid": s.account_sid or "AC" + "0" * 32,
            "ApiVersion": "2010-04-01",
            "CallSid": DOCTOR_CALL_SID,  # answered, never counted (ivr.counting)
            "CallStatus": "ringing",
            "Direction": "inbound",
            "From": "anonymous",
            "To": line_numbers[0] if line_numbers else "",
        }
        signature = RequestValidator(s.auth_token).compute_signature(url, form)
        headers = {"X-Twilio-Signature": signature, "User-Agent": "ivr-doctor"}
        try:
            reply = (self.post or http_post)(url, form, headers, SELF_REQUEST_TIMEOUT)
        except OSError as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, ssl.SSLCertVerificationError):
                yield Finding(
                    Level.BLOCKER,
                    "Signed request",
                    f"the certificate of {base} is not valid ({reason.verify_message or reason}): Twilio only calls "
                    "an address with a valid certificate. Let the TLS proxy get one (e.g. Let's Encrypt).",
                )
                return
            yield Finding(
                Level.NOTE,
                "Signed request",
                f"{url} cannot be reached from here ({reason}), so the address and Auth Token were not tried "
                "together. Run `ivr doctor` where the address can be reached, or call the number.",
                unchecked=True,
            )
            return
        if reply.date:
            self.dates.append((base, reply.date))
        if reply.status == 200 and reply.twiml:
            yield Finding(
                Level.OK,
                "Signed request",
                f"{url} accepted a request signed as Twilio signs it: the address and the Auth Token match the "
                "server's (it is answered as a call, but not counted as one).",
            )
        elif reply.status == 403:
            yield Finding(
                Level.BLOCKER,
                "Signed request",
                f"{url} refused a request signed with this TWILIO_AUTH_TOKEN for this address (HTTP 403): the "
                "server's TWILIO_AUTH_TOKEN or IVR_PUBLIC_URL differs from these, or the proxy changes the path. "
                "Twilio's calls would be refused the same way.",
            )
        else:
            yield Finding(
                Level.BLOCKER,
                "Signed request",
                f"{url} answered HTTP {reply.status}{'' if reply.twiml else ', not TwiML'}: Twilio would play "
                "callers an error. Check that the proxy passes /voice to the line.",
            )

    def clock_in_sync(self) -> Iterator[Finding]:
        for where, header in self.dates:
            try:
                theirs = email.utils.parsedate_to_datetime(header)
            except (TypeError, ValueError):
                continue
            if theirs.tzinfo is None:
                continue
            off = abs(self.clock() - theirs)
            said = f"this machine's clock is {off.total_seconds():.0f} s from {where}'s"
            if off > CLOCK_BLOCKER:
                yield Finding(
                    Level.BLOCKER,
                    "Clock",
                    f"{said}: callers would hear services open or closed at the wrong times. Turn on time "
                    "sync (e.g. `timedatectl set-ntp true`).",
                )
            elif off > CLOCK_WARNING:
                yield Finding(Level.WARNING, "Clock", f"{said}: turn on time sync (e.g. `timedatectl set-ntp true`).")
            else:
                yield Finding(Level.OK, "Clock", f"{said} (within {CLOCK_WARNING.seconds} s).")
            return
        yield Finding(
            Level.NOTE,
            "Clock",
            "could not check the clock (neither Twilio nor the public address answered): make sure time sync "
            "is on (`timedatectl`).",
        )

    # --- the machine ------------------------------------------------------------------

    def state_folder(self) -> Iterator[Finding]:
        from .state import ensure

        folder = self.settings.state_folder()
        if ensure(folder) is None:
            yield Finding(
                Level.BLOCKER,
                "State folder",
                f"{folder} cannot be written: the line could not keep its last good menus, its texting key or "
                "its counts. Make it writable by the line's user, or set IVR_STATE_DIR to a folder that is.",
            )
        elif self.settings.state_dir is None:
            yield Finding(
                Level.WARNING,
                "State folder",
                f"IVR_STATE_DIR is not set, so the state is kept in {folder}, which a reboot may empty. Set it to "
                "a persistent folder (a volume in Docker).",
            )
        else:
            yield Finding(Level.OK, "State folder", f"{folder} can be written.")

    def workers(self) -> Iterator[Finding]:
        said: list[str] = []
        count = server.workers_from_env(dict(self.env), say=said.append)
        for problem in said:
            yield Finding(Level.WARNING, "Workers", problem + ".")
        config = server.settings("", count)
        if config["timeout"] <= TWILIO_WAITS or config["keepalive"] >= TWILIO_WAITS:
            yield Finding(
                Level.WARNING,
                "Timeouts",
                f"gunicorn's timeout is {config['timeout']} s and headers may take {config['keepalive']} s: a worker "
                f"should outlast Twilio's {TWILIO_WAITS} s wait and headers come much sooner (ivr/server.py).",
            )
        if count > 2 * self.cpus:
            yield Finding(
                Level.WARNING,
                "Workers",
                f"{count} workers on {self.cpus} core(s): each holds about 60 MiB and one gevent worker per core "
                "answers as fast. Set IVR_WORKERS to the number of cores.",
            )
        elif not said:
            yield Finding(
                Level.OK,
                "Workers",
                f"{count} gevent worker(s) on {self.cpus} core(s); headers within {config['keepalive']} s, a stuck "
                f"worker restarted after {config['timeout']} s (Twilio waits {TWILIO_WAITS} s).",
            )

    def demo(self) -> Iterator[Finding]:
        if self.settings.demo:
            yield Finding(
                Level.NOTE,
                "Demo",
                "the browser demo (/demo) is on: anyone who finds it sees the menus. Set IVR_DEMO=off unless "
                "you mean it to be public.",
            )

    def other_settings(self) -> Iterator[Finding]:
        for problem in self.settings.problems:
            if not problem.startswith(("IVR_PUBLIC_URL", "IVR_NOW")):  # said above
                yield Finding(Level.WARNING, "Setting", problem + ".")


def verdict(findings: list[Finding]) -> tuple[int, str]:
    """The exit code (0 only when nothing blocks going live) and the last line to print."""
    blockers = sum(f.level == Level.BLOCKER for f in findings)
    warnings = sum(f.level == Level.WARNING for f in findings)
    if blockers:
        return 1, f"{blockers} blocker(s), {warnings} warning(s): fix the blockers before the line goes live."
    unchecked = sum(f.unchecked for f in findings)
    if unchecked:
        return 0, (
            f"Nothing found blocks going live, but {unchecked} check(s) could not be made from here (notes above); "
            f"{warnings} warning(s) to look at. Run it again where Twilio and the public address can be reached."
        )
    if warnings:
        return 0, f"Nothing blocks going live; {warnings} warning(s) to look at."
    return 0, "Nothing blocks going live."
