"""The deployer's settings, read once from the environment, checked, and explained."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .hours import parse_now

HERE = Path(__file__).resolve().parent
#: How an on/off setting (IVR_DEMO, IVR_SMS) may be written.
ON, OFF = ("on", "1", "true", "yes"), ("off", "0", "false", "no")
SWITCH = ON + OFF


def _default_dir(name: str) -> Path:
    """``menus/`` or ``locales/`` beside the package (a checkout), else in the current folder."""
    beside = HERE.parent / name
    return beside if beside.is_dir() else Path.cwd() / name


@dataclass(frozen=True)
class Settings:
    auth_token: str = ""
    #: Secret of a Twilio webhook SharedKey, for requests signed with HMAC-SHA256.
    shared_key: str = ""
    account_sid: str = ""
    public_url: str = ""
    menus_dir: Path = field(default_factory=lambda: _default_dir("menus"))
    locales_dir: Path = field(default_factory=lambda: _default_dir("locales"))
    now: dt.datetime | None = None
    demo: bool = True
    #: Where what must outlive a worker is kept (see :mod:`ivr.state`); None: the default.
    state_dir: Path | None = None
    #: Texts any one phone may be sent in an hour (``IVR_TEXTS_PER_HOUR``; see :mod:`ivr.text_limits`).
    texts_per_hour: int = 3
    #: The key of the hashes texts are counted under (``IVR_TEXT_KEY``); empty: kept in the state folder.
    text_key: str = ""
    #: ``IVR_DATABASE_URL``: PostgreSQL shared by several servers; empty: SQLite in the state folder.
    database_url: str = ""
    #: ``IVR_KEEP_HOURS_DAYS``: days the counts keep their hours before folding into whole days.
    keep_hours_days: int = 90
    #: ``IVR_SMS=on``: the number's Messaging webhook is set to ``/sms``, so the cards say
    #: "or text any word to …". ``/sms`` answers a signed text whatever this says.
    sms: bool = False
    problems: tuple[str, ...] = ()

    @staticmethod
    def from_env(env: dict[str, str] | None = None) -> Settings:
        """Read the settings; a bad value is explained in ``problems`` and left at its default."""
        env = dict(os.environ if env is None else env)
        problems: list[str] = []
        now = None
        if env.get("IVR_NOW"):
            try:
                now = parse_now(env["IVR_NOW"])
            except ValueError:
                problems.append(
                    f"IVR_NOW={env['IVR_NOW']!r} is not a time like 2026-12-25T21:00:00+00:00; using the real clock"
                )
        public = env.get("IVR_PUBLIC_URL", "").strip().rstrip("/")
        if public:
            parts = urlsplit(public)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
                problems.append(
                    f"IVR_PUBLIC_URL={public!r} should be the address Twilio calls, like https://line.example.org; "
                    "ignoring it"
                )
                public = ""
        demo_text = env.get("IVR_DEMO", "on").strip().lower()
        if demo_text not in SWITCH:
            problems.append(f"IVR_DEMO={demo_text!r} should be on or off; leaving the demo on")
        kwargs: dict[str, Any] = {}
        sms_text = env.get("IVR_SMS", "off").strip().lower()
        if sms_text not in SWITCH:
            problems.append(f"IVR_SMS={sms_text[:20]!r} should be on or off; the cards do not offer texting")
        kwargs["sms"] = sms_text in ON
        if env.get("IVR_MENUS"):
            kwargs["menus_dir"] = Path(env["IVR_MENUS"])
        if env.get("IVR_LOCALES"):
            kwargs["locales_dir"] = Path(env["IVR_LOCALES"])
        if env.get("IVR_STATE_DIR", "").strip():
            kwargs["state_dir"] = Path(env["IVR_STATE_DIR"].strip())
        per_hour = env.get("IVR_TEXTS_PER_HOUR", "").strip()
        if per_hour:
            if per_hour.isascii() and per_hour.isdigit() and int(per_hour) <= 100:
                kwargs["texts_per_hour"] = int(per_hour)
            else:
                problems.append(
                    f"IVR_TEXTS_PER_HOUR={per_hour[:20]!r} should be a number of texts from 0 to 100; using 3"
                )
        text_key = env.get("IVR_TEXT_KEY", "").strip()
        if text_key and len(text_key) < 32:
            problems.append(
                "IVR_TEXT_KEY is shorter than 32 characters; using the key kept in the state folder instead"
            )
            text_key = ""
        keep = env.get("IVR_KEEP_HOURS_DAYS", "").strip()
        if keep and not (keep.isascii() and keep.isdigit() and 1 <= int(keep) <= 3660):
            problems.append(
                f"IVR_KEEP_HOURS_DAYS={keep!r} should be a number of days from 1 to 3660; keeping hours for 90 days"
            )
            keep = ""
        if keep:
            kwargs["keep_hours_days"] = int(keep)
        return Settings(
            database_url=env.get("IVR_DATABASE_URL", "").strip(),
            auth_token=env.get("TWILIO_AUTH_TOKEN", "").strip(),
            shared_key=env.get("TWILIO_WEBHOOK_SHARED_KEY", "").strip(),
            account_sid=env.get("TWILIO_ACCOUNT_SID", "").strip(),
            public_url=public,
            now=now,
            demo=demo_text not in OFF,
            text_key=text_key,
            problems=tuple(problems),
            **kwargs,
        )

    def state_folder(self) -> Path:
        """``IVR_STATE_DIR``, or this line's default folder (see :mod:`ivr.state`)."""
        from .state import default_dir

        return self.state_dir or default_dir(self.menus_dir)

    def clock(self) -> dt.datetime:
        """Now, or the frozen ``IVR_NOW`` for demonstrations and tests."""
        return self.now or dt.datetime.now(dt.UTC)
