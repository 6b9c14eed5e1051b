"""The options every ``ivr`` command takes, and the one rule for which menus and catalogues it reads.

Every command reads the same folders as the running line (``IVR_MENUS``, ``IVR_LOCALES``, else the
line's defaults), unless told otherwise with ``--menus``/``--locales``. A menus folder given on
the command line brings the ``locales/`` folder beside it, whether or not it exists (a copy of a
checkout is checked with its own catalogues, or none), unless ``--locales`` names another.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path

from ..settings import Settings


def content_options() -> argparse.ArgumentParser:
    """A parent parser with ``--menus`` and ``--locales``, for every sub-command."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--menus", metavar="DIR", help="the menus folder (default: IVR_MENUS, else the line's menus/)")
    p.add_argument(
        "--locales",
        metavar="DIR",
        help="the catalogues (default: locales/ beside a --menus folder, else IVR_LOCALES, else the line's locales/)",
    )
    return p


def folders(args: argparse.Namespace, env: dict[str, str] | None = None) -> tuple[Path, Path]:
    """The menus and catalogues folders a command reads: the one rule for every command."""
    env = dict(os.environ if env is None else env)
    given_menus = getattr(args, "menus", None)
    given_locales = getattr(args, "locales", None)
    settings = Settings.from_env(env)
    menus = Path(given_menus) if given_menus else settings.menus_dir
    if given_locales:
        locales = Path(given_locales)
    elif given_menus:
        locales = menus.parent / "locales"
    else:
        locales = settings.locales_dir
    return menus, locales


def settings(args: argparse.Namespace, env: dict[str, str] | None = None) -> Settings:
    """The line's settings from the environment, with the folders of :func:`folders`."""
    menus, locales = folders(args, env)
    return dataclasses.replace(Settings.from_env(env), menus_dir=menus, locales_dir=locales)
