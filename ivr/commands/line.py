"""The line itself: ``ivr serve`` runs it on this machine, ``ivr card`` prints its wallet cards."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from ..menus import MenuError
from . import options


def _serve(args: argparse.Namespace) -> int:
    """Serve the line as in production: gunicorn with the line's workers (:mod:`ivr.server`).

    It starts whatever the menus hold: on broken menus it serves the last good version kept
    in the state folder, or else answers the safe words, and says so here and on /healthz."""
    from .. import logsafe
    from ..inspect import inspect
    from ..server import serve

    logsafe.guard(logging.getLogger())  # every line written, the app's and werkzeug's: no numbers
    settings = options.settings(args)
    # The workers read the settings from the environment: give them the folders chosen here.
    os.environ["IVR_MENUS"], os.environ["IVR_LOCALES"] = str(settings.menus_dir), str(settings.locales_dir)
    for problem in settings.problems:
        print(f"Setting: {problem}", file=sys.stderr)
    report = inspect(settings.menus_dir)
    name = report.menus.line.name if report.menus is not None else "The safety line"
    if report.menus is None:
        print(
            "The menus have problems: the line serves the last good version it kept, or else only the "
            "safe words (999 advice and the 24-hour services), until they are fixed:\n",
            file=sys.stderr,
        )
        for error in report.menu_errors[:20]:
            print(f"  {error}", file=sys.stderr)
    base = f"http://{args.host}:{args.port}"
    print(f"{name} is running.")
    print(f"  This server:          {base}/")
    print(f"  Twilio voice webhook: {base}/voice          (A call comes in, HTTP POST)")
    print(f"  Twilio fallback URL:  {base}/voice/fallback (Primary handler fails, HTTP POST)")
    print(f"  Twilio status callback: {base}/voice/status (Call status changes, HTTP POST: anonymous counts)")
    print(f"  Twilio messaging URL: {base}/sms            (A message comes in, HTTP POST: texts)")
    print(f"  Health check:         {base}/healthz")
    if settings.demo:
        print(f"  Demo of the call:     {base}/demo           (open in a browser; works offline)")
    print(f"  Wallet cards:         {base}/card")
    if not settings.auth_token:
        print("  TWILIO_AUTH_TOKEN is not set, so the webhooks refuse every request until it is.")
    print("  Twilio needs a public HTTPS address: put this behind a tunnel or proxy and set IVR_PUBLIC_URL.")
    sys.stdout.flush()
    host = f"[{args.host}]" if ":" in args.host else args.host
    serve(f"{host}:{args.port}", workers=args.workers)
    return 0


def _card(args: argparse.Namespace) -> int:
    """A printable wallet card (or an A4 sheet of them) for one language: to ``--out``, saying where,
    or else the page on standard output."""
    from pathlib import Path

    from ..i18n import Catalogs
    from ..menus import load
    from ..web.cards import render
    from ..web.langs import languages

    settings = options.settings(args)
    try:
        menus = load(settings.menus_dir)
    except MenuError as exc:
        print("No card: the menus have problems.\n", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    codes = [lang.code for lang in languages(menus)]
    lang = args.lang or menus.line.default_language
    if lang not in codes:
        print(f"The line does not speak “{lang}”. Choose one of: {', '.join(codes)}", file=sys.stderr)
        return 2
    html = render(menus, Catalogs(settings.locales_dir), lang, sheet=args.sheet, texts=settings.sms)
    if not menus.line.phone:
        print(
            "Note: the line's phone number is not set (phone: in menus/line.yaml), so the card says so.",
            file=sys.stderr,
        )
    if not args.out:  # the page itself, for a pipe or `> card.html`; what is said goes to stderr
        sys.stdout.write(html)
        return 0
    out = Path(args.out)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"Cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out.resolve()}: open it in a browser and print on A4 at 100% scale.")
    return 0


def add_commands(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``serve`` and ``card`` to ``ivr``'s sub-commands."""
    serve = sub.add_parser("serve", parents=parents, help="run the line on this machine")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument(
        "--workers", type=int, choices=range(1, 65), metavar="N", help="gunicorn workers (default: IVR_WORKERS or 2)"
    )
    serve.set_defaults(run=_serve)
    card = sub.add_parser(
        "card",
        parents=parents,
        help="a printable wallet card for one language (the page on standard output, or --out FILE)",
    )
    card.add_argument("--lang", help="the card's language, e.g. pl-PL (default: the line's default language)")
    card.add_argument("--out", help="the HTML file to write (default: the page on standard output)")
    card.add_argument("--sheet", action="store_true", help="an A4 sheet of ten cards, fronts then backs")
    card.set_defaults(run=_card)
