"""The maintainers' commands: ``ivr check``, ``ivr simulate``, ``ivr hours``, ``ivr graph``.

Each is a small function over the same core as the phone; none of them dials, texts or
starts the line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..hours import parse_now
from ..i18n import Catalogs
from ..inspect import Report, inspect
from ..inspect.voices import explain as explain_voices
from ..model import Menus
from .options import folders

if TYPE_CHECKING:
    from ..timing import Timer


def _moment(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    try:
        return parse_now(text)
    except ValueError:
        raise SystemExit(
            f"--at {text!r} is not a time; write it like 2026-12-25T21:00 (London time) or 2026-12-25T21:00:00+00:00"
        ) from None


def _load(args: argparse.Namespace, timer: Timer | None = None) -> tuple[Report, Path, Path]:
    menus_dir, locales_dir = folders(args)
    return inspect(menus_dir, locales_dir, timer=timer), menus_dir, locales_dir


def _usable(report: Report) -> Menus:
    """The menus, or every error and exit 1: the other commands need menus that load."""
    if not report.ok or report.menus is None:
        print("The menus have problems; fix them first (ivr check says the same):\n", file=sys.stderr)
        for p in report.errors:
            print(f"  {p}", file=sys.stderr)
        raise SystemExit(1)
    return report.menus


def check(args: argparse.Namespace) -> int:
    from ..timing import Timer

    # How long callers listen, timed as bench/time_to_help.py times it: espeak-ng when it is
    # installed (remembered between runs), else estimated from the length.
    timer = Timer(use_espeak=not args.estimate, cache=True)
    report, menus_dir, locales_dir = _load(args, timer)
    timer.save()
    for p in report.problems:
        print(p)
    if not locales_dir.is_dir():
        print(f"(no catalogues in {locales_dir}: the line speaks English only)")
    if report.menus is not None:
        print("", *explain_voices(report.menus.line, menus_dir), sep="\n")
    if report.languages:
        print("\nLanguages:")
        for count in report.languages:
            print(f"  {count}")
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    if errors:
        print(
            f"\n{errors} error(s), {warnings} warning(s). A running line keeps its last good version until the "
            "errors are fixed."
        )
        return 1
    print(
        f"\nNo errors{f', {warnings} warning(s)' if warnings else ''}: the line can use "
        f"{menus_dir}{' and ' + str(locales_dir) if locales_dir.is_dir() else ''}."
    )
    return 0


def simulate(args: argparse.Namespace) -> int:
    from ..simulate import Simulation, describe_moment, interactive, parse_keys, scripted

    report, _, locales_dir = _load(args)
    menus = _usable(report)
    now = _moment(args.at)
    lang = args.lang or menus.line.default_language
    if lang not in menus.line.voices:
        print(
            f"(the line has no voice for {lang}; it offers {', '.join(menus.line.voices)}. Going on, to show the "
            "words.)"
        )
    sim = Simulation(
        menus, Catalogs(locales_dir if locales_dir.is_dir() else None), now, lang, texting=args.text, called=args.called
    )
    if args.sms:
        from ..simulate import texts

        print(describe_moment(now, lang).replace("the call is in", "the number's language is"))
        print("These are pretend texts: nothing is sent.\n")
        texts(menus, sim.catalogs, now, lang, args.sms)
        return 0
    print(describe_moment(now, lang))
    print("This is a pretend call: nothing is dialled and no text is sent.\n")
    if args.keys is not None:
        scripted(sim, parse_keys(args.keys), dial=args.dial)
    else:
        interactive(sim)
    return 0


def hours(args: argparse.Namespace) -> int:
    from ..timetable import table

    report, _, _ = _load(args)
    if args.days < 1 or args.days > 366:
        raise SystemExit("--days should be from 1 to 366")
    print(table(_usable(report), _moment(args.at), args.days))
    return 0


def graph(args: argparse.Namespace) -> int:
    from .. import graph as diagram

    report, _, _ = _load(args)
    menus = _usable(report)
    if args.out is None:
        sys.stdout.write(diagram.mermaid(menus))
    said = diagram.write(menus, Path(args.out) if args.out else None, Path(args.svg) if args.svg else None)
    for line in said:
        print(line, file=sys.stderr)
    return 1 if args.svg and any(s.startswith("no SVG") for s in said) else 0


def add_commands(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the maintainers' commands to ``ivr``'s sub-commands."""
    p = sub.add_parser(
        "check", parents=parents, help="say everything wrong in the menus and translations, with file and line"
    )
    p.add_argument("menus_folder", nargs="?", metavar="MENUS_DIR", help="the menus folder, as --menus")
    p.add_argument(
        "--estimate",
        action="store_true",
        help="time sentences from their length, even if espeak-ng is installed (faster, rougher)",
    )
    p.set_defaults(run=check)

    p = sub.add_parser("simulate", parents=parents, help="a call in the terminal: what the caller hears, as text")
    p.add_argument("--at", metavar="ISO_TIME", help="pretend it is this time, e.g. 2026-12-25T21:00 (London time)")
    p.add_argument("--lang", metavar="CODE", help="the call's language, e.g. pl-PL (default: the line's)")
    p.add_argument(
        "--keys",
        metavar="1,2,*",
        help="keys to press in order; s = say nothing; busy/no-answer/failed/completed = how a put-through call ends; "
        "words are said, like: 1,talk to someone",
    )
    p.add_argument(
        "--text",
        action="store_true",
        help="pretend texting is set up and the caller's phone can receive texts (nothing is sent)",
    )
    p.add_argument(
        "--sms",
        metavar="TEXT",
        action="append",
        help='text the line instead of calling it, e.g. --sms help --sms "NEXT 2": prints each reply and its SMS '
        "segments (nothing is sent)",
    )
    p.add_argument(
        "--called",
        metavar="NUMBER",
        help="the number the caller dialled (default: phone: in line.yaml); "
        '"this call is free" is said only for 0800/0808',
    )
    p.add_argument(
        "--dial",
        default="completed",
        choices=["completed", "busy", "no-answer", "failed", "canceled"],
        help="how put-through calls end when --keys does not say (default: completed)",
    )
    p.set_defaults(run=simulate)

    p = sub.add_parser("hours", parents=parents, help="a table of which services are open when, over the coming days")
    p.add_argument("--days", type=int, default=14, help="how many days (default 14)")
    p.add_argument("--at", metavar="ISO_TIME", help="start from this time instead of now")
    p.set_defaults(run=hours)

    p = sub.add_parser("graph", parents=parents, help="the whole call as a diagram (Mermaid text; SVG with Graphviz)")
    p.add_argument("--out", metavar="FILE.mmd", help="write the Mermaid text here instead of printing it")
    p.add_argument("--svg", metavar="FILE.svg", help="also draw an SVG picture (needs Graphviz's dot)")
    p.set_defaults(run=graph)
