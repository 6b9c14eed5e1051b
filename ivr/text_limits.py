"""How many texts the line sends to one phone, and in one call.

A signed webhook request can be replayed by whoever captured it, and each replay of a key 3
would send another text to the caller's phone: a way to harass someone through the line. So
every text first takes a place under two limits, and is not sent if either is full:

- per receiving number: ``IVR_TEXTS_PER_HOUR`` (default 3) in any hour;
- per call (Twilio's ``CallSid``): :data:`~ivr.texting.TEXTS_PER_CALL` at most.

Counts are kept under a keyed hash (HMAC-SHA256) of the number or CallSid, never the number
itself, so the store names no caller. The key comes from ``IVR_TEXT_KEY``, else it is made
once and kept in the state folder (mode 0600). The counts live behind :class:`Counts`: SQLite
in the state folder, which every gunicorn worker of one server shares, or memory when there is
no writable state folder. A later shared database only needs another :class:`Counts`.

Whatever goes wrong with the store, the call goes on: the text is not sent and the caller
hears the number read out instead.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import threading
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from . import state
from .texting import TEXTS_PER_CALL

log = logging.getLogger("ivr.text_limits")

DEFAULT_PER_HOUR = 3
HOUR = 3600.0
#: Longer than any call (Twilio ends a call after four hours).
CALL_WINDOW = 24 * HOUR
KEY_FILE = "text-key"
DB_FILE = "texts.sqlite3"
#: Seconds a worker waits for another's write before giving up (and reading the number out).
BUSY_TIMEOUT = 1.0


@dataclass(frozen=True)
class Limit:
    """At most ``most`` texts under ``key`` (a keyed hash) in any ``window`` seconds."""

    key: str
    most: int
    window: float


class Counts(Protocol):
    """Where texts are counted. ``take`` is atomic across every worker sharing the store."""

    def take(self, limits: Sequence[Limit], now: float) -> bool:
        """Count one text under every limit and return True if all have room; else count
        nothing and return False."""


class MemoryCounts:
    """Counts in this process only: for one worker, or when there is no state folder."""

    def __init__(self) -> None:
        self._times: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def take(self, limits: Sequence[Limit], now: float) -> bool:
        with self._lock:
            for limit in limits:
                times = self._times[limit.key]
                while times and times[0] <= now - limit.window:
                    times.popleft()
            if any(len(self._times[limit.key]) >= limit.most for limit in limits):
                return False
            for limit in limits:
                self._times[limit.key].append(now)
            return True


class SqliteCounts:
    """Counts in a SQLite file that every worker on this machine shares (WAL, short writes).

    A connection per ``take``: texts are rare, and no connection crosses a fork.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect(timeout=5.0) as db:  # workers starting together wait for each other
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS sent (key TEXT NOT NULL, at REAL NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS sent_key_at ON sent (key, at)")
        db.close()
        os.chmod(path, 0o600)

    def _connect(self, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=timeout, isolation_level=None)

    def take(self, limits: Sequence[Limit], now: float) -> bool:
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            # Rows older than the longest window of any kind: a one-hour take must not drop the
            # 24-hour rows of calls and replayed messages.
            db.execute("DELETE FROM sent WHERE at <= ?", (now - CALL_WINDOW,))
            for limit in limits:
                (count,) = db.execute(
                    "SELECT COUNT(*) FROM sent WHERE key = ? AND at > ?", (limit.key, now - limit.window)
                ).fetchone()
                if count >= limit.most:
                    db.execute("ROLLBACK")
                    return False
            db.executemany("INSERT INTO sent (key, at) VALUES (?, ?)", [(limit.key, now) for limit in limits])
            db.execute("COMMIT")
            return True
        finally:
            db.close()


def keyed_hash(secret: bytes, kind: str, value: str) -> str:
    """What the store keeps instead of a number or CallSid: HMAC-SHA256 under the line's key."""
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class TextLimits:
    """Decides whether one more text may go to a number in a call."""

    def __init__(self, counts: Counts, secret: bytes, per_hour: int = DEFAULT_PER_HOUR) -> None:
        self.counts = counts
        self.secret = secret
        self.per_hour = per_hour

    def allow(self, number: str, call_sid: str, now: float) -> bool:
        """True, counted, if a text may go; False when capped or when counting failed."""
        limits = [Limit(keyed_hash(self.secret, "to", number.strip()), self.per_hour, HOUR)]
        if call_sid:
            limits.append(Limit(keyed_hash(self.secret, "call", call_sid), TEXTS_PER_CALL, CALL_WINDOW))
        try:
            allowed = self.counts.take(limits, now)
        except Exception as exc:  # a broken or busy store must never break the call
            log.warning("texts could not be counted (%s): reading the number out instead", type(exc).__name__)
            return False
        if not allowed:
            log.info("a text was held back by the limit on texts; reading the number out instead")
        return allowed

    def allow_reply(self, number: str, message_sid: str, now: float, per_hour: int) -> bool:
        """True, counted, if the line may answer one more text from ``number`` this hour
        (:mod:`ivr.web.sms`); a replayed message (same ``MessageSid``) is never answered twice.
        Counted apart from the texts a call sends, under the same keyed hash, never the number."""
        limits = [Limit(keyed_hash(self.secret, "reply", number.strip()), per_hour, HOUR)] if number.strip() else []
        if message_sid:
            limits.append(Limit(keyed_hash(self.secret, "message", message_sid), 1, CALL_WINDOW))
        try:
            allowed = self.counts.take(limits, now)
        except Exception as exc:  # a broken store: answer anyway, a texter may be in danger
            log.warning("replies to texts could not be counted (%s): answering anyway", type(exc).__name__)
            return True
        if not allowed:
            log.info("a text was not answered: a repeat of one answered, or that phone has had this hour's replies")
        return allowed


def _kept_key(folder: Path) -> bytes:
    """The key kept in the state folder, made once: written to a private file, then linked
    into place, so workers starting together all end up with the first one's key."""
    path = folder / KEY_FILE
    if not path.exists():
        tmp = folder / f".{KEY_FILE}-{os.getpid()}-{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise ValueError(f"{path} is too short to be the line's key")
    return key


def build(settings) -> TextLimits:
    """The limits for this server: SQLite in the state folder, else memory (said in the log)."""
    secret = settings.text_key.encode() if settings.text_key else None
    folder = state.ensure(settings.state_folder())
    counts: Counts = MemoryCounts()
    if folder is not None:
        try:
            secret = secret or _kept_key(folder)
            counts = SqliteCounts(folder / DB_FILE)
        except (OSError, ValueError, sqlite3.Error) as exc:
            log.error(
                "the count of texts cannot be kept in %s (%s): counting in this worker's memory only",
                folder,
                getattr(exc, "strerror", None) or type(exc).__name__,
            )
    return TextLimits(counts, secret or secrets.token_bytes(32), settings.texts_per_hour)
