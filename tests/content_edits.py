"""A maintainer's ordinary edits of ``menus/`` must never break the test suite.

Run by ``.ci/run`` after the main test run: copies ``menus/`` to a temporary folder, makes
the edits a maintainer makes there one after another (change a service's hours, reword a
tip, add a service and an option for it, remove a service and its options, add a tip
topic), checks each with ``ivr check`` (no errors allowed; new sentences are only warnings
until translated), then runs the whole test suite with ``IVR_MENUS`` pointing at the
edited copy. Behaviour tests run on their own fixture line (``tests/fixture``); only the
shipped-content tests read ``IVR_MENUS``, and they must hold for any valid content.

    python tests/content_edits.py            # edits, checks, then the whole suite
    python tests/content_edits.py --quick    # edits, checks, then the shipped-content tests only

The edits find their targets in whatever the content is today (no service, tip or time is
named here), so they keep working while the content changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NEW_SERVICE = "drill-service"


def read(folder: Path, name: str) -> tuple[str, Any]:
    """A YAML file's first line (it names its JSON Schema) and its data."""
    text = (folder / name).read_text(encoding="utf-8")
    return text.splitlines()[0], yaml.safe_load(text)


def write(folder: Path, name: str, first_line: str, data: Any) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    (folder / name).write_text(f"{first_line}\n{body}", encoding="utf-8")


def _later(hhmm: str, minutes: int) -> str | None:
    h, m = (int(x) for x in hhmm.split(":"))
    total = h * 60 + m + minutes
    return None if total >= 23 * 60 else f"{total // 60:02d}:{total % 60:02d}"


def change_hours(folder: Path) -> str:
    """A service closes half an hour later on its first days (NUM's 17:00 becomes 17:30)."""
    first, data = read(folder, "services.yaml")
    services = data["services"]
    order = sorted(services, key=lambda sid: sid != "num")  # the example first, if it is there
    for sid in order:
        hours = services[sid].get("hours")
        if not isinstance(hours, dict):
            continue
        for days, spans in hours.items():
            text = str(spans)
            if "," in text or "next day" in text or "-" not in text:
                continue
            opens, closes = (part.strip() for part in text.split("-", 1))
            later = _later(closes, 30)
            if later:
                hours[days] = f"{opens}-{later}"
                write(folder, "services.yaml", first, data)
                return f"{sid}: {days} {text} -> {hours[days]}"
    raise SystemExit("no service has hours to change")


def reword_tip(folder: Path) -> str:
    first, data = read(folder, "tips.yaml")
    tips = data["topics"][0]["tips"]
    old = tips[0]
    tips[0] = "Remember this: " + old[0].lower() + old[1:]
    write(folder, "tips.yaml", first, data)
    return f"{old!r} -> {tips[0]!r}"


def _menus(folder: Path) -> tuple[str, Any]:
    return read(folder, "menus.yaml")


def add_service(folder: Path) -> str:
    """A new service, offered in the menu that offers the most services, on its first free key."""
    first, data = read(folder, "services.yaml")
    data["services"][NEW_SERVICE] = {
        "name": "Drill Helpline",
        "about": "A service added by the content-edit drill.",
        "number": "0808 157 0999",  # Ofcom keeps 0808 157 0xxx for drama: no one's
        "hours": {"mon-fri": "10:00-16:00"},
        "bank_holidays": "closed",
        "needs": ["support"],
        "put_through": True,
        "source": "content-edit drill (tests/content_edits.py), not a real service",
        "checked": dt.date.today(),
    }
    write(folder, "services.yaml", first, data)
    mfirst, menus = _menus(folder)
    mid = max(menus["menus"], key=lambda m: sum("service" in o for o in menus["menus"][m]["options"]))
    used = {str(o["key"]) for o in menus["menus"][mid]["options"]}
    key = next(k for k in "123456789" if k not in used)
    menus["menus"][mid]["options"].append({"key": key, "service": NEW_SERVICE})
    write(folder, "menus.yaml", mfirst, menus)
    return f"{NEW_SERVICE} on key {key} of the menu {mid!r}"


def remove_service(folder: Path) -> str:
    """The last service whose removal leaves every menu with an option, with its options."""
    first, data = read(folder, "services.yaml")
    mfirst, menus = _menus(folder)
    for sid in reversed([s for s in data["services"] if s != NEW_SERVICE]):
        left = {mid: [o for o in m["options"] if o.get("service") != sid] for mid, m in menus["menus"].items()}
        if all(left.values()):
            del data["services"][sid]
            for mid, options in left.items():
                menus["menus"][mid]["options"] = options
            write(folder, "services.yaml", first, data)
            write(folder, "menus.yaml", mfirst, menus)
            return sid
    raise SystemExit("no service can be removed without emptying a menu")


def add_topic(folder: Path) -> str:
    first, data = read(folder, "tips.yaml")
    data["topics"].append(
        {"title": "A drill topic", "tips": ["A tip added by the content-edit drill.", "And a second one."]}
    )
    write(folder, "tips.yaml", first, data)
    return "A drill topic (2 tips)"


EDITS: list[tuple[str, Callable[[Path], str]]] = [
    ("change a service's hours", change_hours),
    ("reword a tip", reword_tip),
    ("add a service and an option for it", add_service),
    ("remove a service and its options", remove_service),
    ("add a tip topic", add_topic),
]


def ivr_check(menus: Path, locales: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ivr.cli", "check", str(menus), "--locales", str(locales)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        sys.stdout.write(done.stdout + done.stderr)
        raise SystemExit("ivr check refused the edit: the drill itself is wrong, or the checks are")


def edit_all(source: Path, into: Path, locales: Path) -> None:
    shutil.copytree(source, into)
    for what, edit in EDITS:
        said = edit(into)
        ivr_check(into, locales)
        print(f"  {what}: {said} (ivr check: no errors)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--menus", type=Path, default=ROOT / "menus")
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    parser.add_argument("--quick", action="store_true", help="run only tests/test_shipped_content.py on the copy")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="content-edits-") as tmp:
        edited = Path(tmp) / "menus"
        print(f"Editing a copy of {args.menus} as a maintainer would:")
        edit_all(args.menus, edited, args.locales)
        env = {**os.environ, "IVR_MENUS": str(edited), "IVR_LOCALES": str(args.locales)}
        tests = ["tests/test_shipped_content.py"] if args.quick else []
        print(
            f"Running the tests against the edited copy ({'shipped content only' if args.quick else 'whole suite'}):",
            flush=True,
        )
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=ROOT, env=env, timeout=900
        )
        return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
