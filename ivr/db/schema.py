"""The tables, described once for every database (SQLAlchemy Core). Change them only with a
new migration under ``migrations/versions``."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, MetaData, SmallInteger, String, Table

from . import WHOLE_DAY as WHOLE_DAY  # defined in ivr.db, so the counts can be written without SQLAlchemy

metadata = MetaData()

#: One row per (UK day, hour, event, detail): how many times it happened. ``hour`` is 0-23,
#: or :data:`WHOLE_DAY` once the hours of an old day are folded together. No caller, no time
#: finer than the hour.
counts = Table(
    "counts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("hour", SmallInteger, primary_key=True),
    Column("event", String(32), primary_key=True),
    Column("detail", String(80), primary_key=True),
    Column("n", Integer, nullable=False),
)

#: Staff who may see the counts. ``failed`` and ``wait_until`` throttle guessing.
staff = Table(
    "staff",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("failed", Integer, nullable=False, default=0),
    Column("wait_until", DateTime(timezone=True), nullable=True),
)

#: Secrets the servers share, e.g. the key that signs staff session cookies.
secrets = Table(
    "secrets",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", String(128), nullable=False),
)
