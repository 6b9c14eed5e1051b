"""The commands for the counts' database: ``ivr db upgrade``, ``ivr db fold``,
``ivr staff add NAME``, ``ivr staff remove NAME`` and ``ivr stats``. They use the same settings as the line
(``IVR_DATABASE_URL``, else SQLite in ``IVR_STATE_DIR``)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys


def _engine(args: argparse.Namespace):  # noqa: ANN202
    from .. import db
    from .options import settings

    return db.engine_from(settings(args))


def _safe(run):  # noqa: ANN001, ANN202
    """A database that cannot be reached is a plain message, not a traceback."""

    def wrapped(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return run(args)
        except SQLAlchemyError as exc:
            print(
                f"The database cannot be used: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}", file=sys.stderr
            )
            return 1

    return wrapped


@_safe
def db_upgrade(args: argparse.Namespace) -> int:
    from .. import db

    engine = _engine(args)
    db.upgrade(engine)
    print(
        f"The database is up to date ({engine.url.render_as_string(hide_password=True)}): tables "
        f"{', '.join(db.tables(engine))}."
    )
    return 0


@_safe
def db_fold(args: argparse.Namespace) -> int:
    from ..tally import fold
    from .options import settings

    days = args.keep_days or settings(args).keep_hours_days
    folded = fold(_engine(args), days)
    print(f"Folded the hours of {folded} day(s) older than {days} days into whole days.")
    return 0


@_safe
def staff_add(args: argparse.Namespace) -> int:
    from .. import staff

    password = os.environ.get("IVR_STAFF_PASSWORD") or ""
    if not password:
        password = getpass.getpass(f"Password for {args.name} (at least {staff.MIN_PASSWORD} characters): ")
        if password != getpass.getpass("Again: "):
            print("The two passwords differ; nothing changed.", file=sys.stderr)
            return 1
    try:
        new = staff.add(_engine(args), args.name, password)
    except ValueError as exc:
        print(f"No account: {exc}.", file=sys.stderr)
        return 1
    print(f"{'Made' if new else 'Changed the password of'} the staff account {args.name}; the page is at /staff.")
    return 0


@_safe
def staff_remove(args: argparse.Namespace) -> int:
    from .. import staff

    if not staff.remove(_engine(args), args.name):
        print(f"There is no staff account {args.name}.", file=sys.stderr)
        return 1
    print(f"Removed the staff account {args.name}; its sessions have ended.")
    return 0


@_safe
def stats(args: argparse.Namespace) -> int:
    from .. import report
    from ..hours import LONDON

    today = dt.datetime.now(LONDON).date()
    first, last = report.period(args.date_from, args.date_to, today, default_days=args.days)
    engine = _engine(args)
    figs = report.figures(report.read(engine, first, last), first, last)
    print(report.csv_text(figs) if args.csv else report.text_summary(figs, first, last), end="")
    return 0


def add_commands(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the counts' commands; the counts live in the state folder of the menus chosen."""
    p = sub.add_parser("db", help="the counts' database: upgrade its tables, fold old hours into days")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser(
        "upgrade", parents=parents, help="bring the tables up to date (also done when the line starts)"
    ).set_defaults(run=db_upgrade)
    fold = dbsub.add_parser(
        "fold", parents=parents, help="fold hourly counts older than IVR_KEEP_HOURS_DAYS into daily ones"
    )
    fold.add_argument("--keep-days", type=int, help="days to keep by hour (default IVR_KEEP_HOURS_DAYS or 90)")
    fold.set_defaults(run=db_fold)

    p = sub.add_parser("staff", help="accounts for the staff page /staff")
    staffsub = p.add_subparsers(dest="staff_command", required=True)
    add = staffsub.add_parser(
        "add", parents=parents, help="make an account (or change its password); asks for the password"
    )
    add.add_argument("name")
    add.set_defaults(run=staff_add)
    remove = staffsub.add_parser("remove", parents=parents, help="delete an account; its sessions end at once")
    remove.add_argument("name")
    remove.set_defaults(run=staff_remove)

    p = sub.add_parser("stats", parents=parents, help="the anonymous counts in the terminal (as on /staff)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--days", type=int, default=28, help="without --from: this many days up to --to (default 28)")
    p.add_argument("--csv", action="store_true", help="CSV, as the page's export")
    p.set_defaults(run=stats)
