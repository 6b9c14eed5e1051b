"""Going live: ``ivr twilio connect`` points a Twilio number at the line, ``ivr doctor`` says
what still stands in the way. Both read the same settings as the line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import options


def _ask(question: str) -> bool:
    """Yes only when a person at a terminal says so; piped or closed input means no."""
    if not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def connect(args: argparse.Namespace) -> int:
    """Point a Twilio number's webhooks at IVR_PUBLIC_URL, showing the change and asking first."""
    from .. import twilio_number as tn

    settings = options.settings(args)
    try:
        base = tn.https_base(settings.public_url or _raw_public_url())
        number = tn.e164(args.number)
        api = tn.client(settings.account_sid, settings.auth_token)
        found = tn.find(api, number)
        refused = tn.refusal(found)
        if refused:
            raise tn.NumberError(refused)
        changes = tn.plan(found, base, texts=settings.sms)
        name = f" ({found.friendly_name})" if found.friendly_name and found.friendly_name != number else ""
        if not changes:
            print(f"{number}{name} already sends its calls to {base}: nothing to change.")
            return 0
        print(f"To send the calls of {number}{name} to {base}, these change on Twilio:")
        width = max(len(c.label) for c in changes)
        for c in changes:
            print(f"  {c.label:<{width}}  {c.current or '(none)'}  →  {c.new or '(none)'}")
        if not args.yes and not _ask(f"Apply these {len(changes)} change(s)? [y/N] "):
            print("Nothing changed (say yes at the question, or add --yes).")
            return 1
        tn.apply(found, changes)
    except tn.NumberError as exc:
        print(f"No change: {exc}.", file=sys.stderr)
        return 1
    print(f"Done: Twilio now sends the calls of {number} to {base}/voice. Run `ivr doctor`, then call the number.")
    _unlisted(settings.menus_dir, number)
    return 0


def _unlisted(menus_dir: Path, number: str) -> None:
    """Say so when the number connected is not the line's in line.yaml: the cards would not print it."""
    from .. import twilio_number as tn
    from ..menus import MenuError, load

    try:
        line = load(menus_dir).line
    except MenuError:
        return  # ivr check and ivr doctor say what is wrong
    if number not in tn.line_numbers(line):
        print(
            f"Note: {number} is not the line's number in {menus_dir / 'line.yaml'}: set `phone:` there (or add it "
            "under `numbers:`) so the wallet cards print it and `ivr doctor` checks it."
        )


def _raw_public_url() -> str:
    """IVR_PUBLIC_URL as written, when the settings set it aside (e.g. http://), to name it in the refusal."""
    import os

    return os.environ.get("IVR_PUBLIC_URL", "").strip()


def doctor(args: argparse.Namespace) -> int:
    """Check a deployment before and after going live; exit 0 only when nothing blocks it."""
    import os

    from ..doctor import Doctor, verdict

    settings = options.settings(args)
    print(
        f"Checking the line in {settings.menus_dir} as it would run here. BLOCKER: it must not go live like "
        "this; WARNING: it works, but fix it; note: not checked, or worth knowing.\n"
    )
    findings = Doctor(settings, dict(os.environ)).run()
    for finding in findings:
        print(finding)
    code, last = verdict(findings)
    print(f"\n{last}")
    return code


def add_commands(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``twilio connect`` and ``doctor`` to ``ivr``'s sub-commands."""
    twilio = sub.add_parser("twilio", help="set up the line's Twilio number")
    twilio_sub = twilio.add_subparsers(dest="twilio_command", required=True)
    p = twilio_sub.add_parser(
        "connect",
        parents=parents,
        help="point a Twilio number's webhooks (call, fallback, status) at IVR_PUBLIC_URL, asking first",
    )
    p.add_argument("--number", required=True, help="the line's Twilio number, e.g. +44 800 123 4567")
    p.add_argument("--yes", action="store_true", help="apply the change without asking")
    p.set_defaults(run=connect)

    p = sub.add_parser(
        "doctor",
        parents=parents,
        help="check a deployment before and after going live: what blocks it, what to fix (exit 0: nothing blocks)",
    )
    p.set_defaults(run=doctor)
