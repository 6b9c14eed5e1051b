"""Staff accounts for the counts page: names, slow password hashes, throttled guessing.

Passwords are hashed with scrypt (werkzeug's ``generate_password_hash``), which is slow on
purpose. After :data:`FREE_TRIES` wrong passwords in a row an account waits before the
next try, twice as long each time (up to :data:`LONGEST_WAIT`), whatever the password.
"""

from __future__ import annotations

import datetime as dt
import secrets as pysecrets
from typing import Literal

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import db
from .db.schema import secrets, staff

FREE_TRIES = 3
LONGEST_WAIT = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
#: Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = generate_password_hash("not a password, only for timing")

Outcome = Literal["ok", "wrong", "wait"]


def valid_name(name: str) -> bool:
    return 0 < len(name) <= 64 and name.isascii() and all(c.isalnum() or c in "._-@" for c in name)


def add(engine: Engine, name: str, password: str) -> bool:
    """Make an account, or set a new password for an existing one; True when it was new."""
    if not valid_name(name):
        raise ValueError("a name is 1 to 64 letters, digits, dots, dashes, underscores or @")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    db.upgrade(engine)
    hashed = generate_password_hash(password)
    with engine.begin() as conn:
        done = conn.execute(
            update(staff).where(staff.c.name == name).values(password_hash=hashed, failed=0, wait_until=None)
        )
        if done.rowcount:
            return False
        conn.execute(insert(staff).values(name=name, password_hash=hashed, failed=0))
        return True


def remove(engine: Engine, name: str) -> bool:
    """Delete an account (its sessions end at their next request); True if it existed."""
    db.upgrade(engine)
    with engine.begin() as conn:
        return bool(conn.execute(delete(staff).where(staff.c.name == name)).rowcount)


def known(engine: Engine, name: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(staff.c.name).where(staff.c.name == name[:64])).first() is not None


def exists(engine: Engine) -> bool:
    """Whether any account exists: the staff page is off until one does."""
    db.upgrade(engine)
    with engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(staff)).scalar())


def check(engine: Engine, name: str, password: str, now: dt.datetime | None = None) -> Outcome:
    """ "ok", "wrong" (name or password), or "wait" (too many wrong tries: try later)."""
    now = now or dt.datetime.now(dt.UTC)
    with engine.connect() as conn:
        row = conn.execute(select(staff).where(staff.c.name == name[:64])).first()
    if row is None:
        check_password_hash(_DUMMY, password)
        return "wrong"
    wait = row.wait_until
    if wait is not None and wait.tzinfo is None:  # SQLite gives back naive UTC
        wait = wait.replace(tzinfo=dt.UTC)
    if wait is not None and now < wait:
        return "wait"
    if check_password_hash(row.password_hash, password):
        with engine.begin() as conn:
            conn.execute(update(staff).where(staff.c.name == row.name).values(failed=0, wait_until=None))
        return "ok"
    failed = row.failed + 1
    until = None
    if failed >= FREE_TRIES:
        until = now + min(LONGEST_WAIT, dt.timedelta(seconds=2 ** (failed - FREE_TRIES + 1)))
    with engine.begin() as conn:
        conn.execute(update(staff).where(staff.c.name == row.name).values(failed=failed, wait_until=until))
    return "wrong"


def session_key(engine: Engine) -> str:
    """The key that signs staff cookies, made once and shared by every server."""
    with engine.connect() as conn:
        value = conn.execute(select(secrets.c.value).where(secrets.c.name == "staff-session")).scalar()
    if value:
        return value
    try:
        with engine.begin() as conn:
            conn.execute(insert(secrets).values(name="staff-session", value=pysecrets.token_urlsafe(48)))
    except IntegrityError:  # another server made it first
        pass
    return session_key(engine)
