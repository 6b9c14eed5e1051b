"""The ``ivr`` command, in one place: every sub-command is registered here, and every one takes
the same ``--menus``/``--locales`` options (:mod:`.options`), read by the same rule.

The groups, one module each: the line itself (:mod:`.line`: serve, card), the maintainers'
tools (:mod:`.maintain`: check, simulate, hours, graph), the counts (:mod:`.counts`: db,
staff, stats) and going live (:mod:`.deploy`: twilio connect, doctor).
"""

from __future__ import annotations

import argparse
import logging

from . import counts, deploy, line, maintain
from .options import content_options

#: Each group's ``add_commands(sub, parents)``, in the order ``ivr --help`` lists them.
GROUPS = (line.add_commands, maintain.add_commands, deploy.add_commands, counts.add_commands)


def parser() -> argparse.ArgumentParser:
    """``ivr``'s whole command line."""
    top = argparse.ArgumentParser(prog="ivr", description="The safety line's phone menu.")
    sub = top.add_subparsers(dest="command", required=True)
    common = [content_options()]
    for add in GROUPS:
        add(sub, common)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    top = parser()
    args = top.parse_args(argv)
    folder = getattr(args, "menus_folder", None)  # `ivr check FOLDER`, as older docs and scripts write it
    if folder:
        if args.menus and args.menus != folder:
            top.error(f"two menus folders given ({folder} and --menus {args.menus}): give one")
        args.menus = folder
    return args.run(args)
