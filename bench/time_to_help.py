"""Time to help: seconds of speech a caller hears, in every language the line speaks, against
the budgets of the issue "Help in seconds".

For each language under ``voices`` in ``line.yaml`` (a call that starts in that language):
when the 999 advice begins; the welcome up to the end of the first main-menu option; the
longest single sentence a caller can hear; for each service that can be put through, the
fastest keys until the line dials it (at a moment it is open), and for a signposted service
(Samaritans) until its number begins. Timed by :mod:`ivr.timing`, the estimator ``ivr check``
uses: espeak-ng when it is installed, else the length estimate. Not a test: prints tables
(``--markdown`` for docs/performance.md); exits 1 when a budget is not met.

    python bench/time_to_help.py [--markdown] [--estimate] [--rate 150]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivr import timing  # noqa: E402
from ivr.i18n import Catalogs  # noqa: E402
from ivr.menus import load  # noqa: E402


def cell(f: timing.Figure, keys: bool = False) -> str:
    mark = "" if f.ok else " **over**"
    how = f" ({f.detail})" if keys and f.detail else ""
    return f"{f.seconds:.1f} s{how}{mark}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--menus", type=Path, default=ROOT / "menus")
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    parser.add_argument(
        "--rate", type=int, default=timing.RATE, help="espeak-ng words a minute for English (the others scale with it)"
    )
    parser.add_argument("--estimate", action="store_true", help="estimate from length even if espeak-ng is installed")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()

    menus = load(args.menus)
    catalogs = Catalogs(args.locales)
    timer = timing.Timer(args.rate, use_espeak=not args.estimate)
    languages = list(menus.line.voices) or [menus.line.default_language]
    figures = {lang: timing.measure(menus, catalogs, lang, timer) for lang in languages}
    names = {s.id: s.name for s in menus.services.values()}

    def row(lang: str, budget: timing.Budget) -> list[timing.Figure]:
        return [f for f in figures[lang] if f.budget is budget]

    md = args.markdown
    print(f"Speech {timer.method}; pauses between sentences not counted. Budgets: English / every other language.\n")
    head = [
        "Language",
        "999 advice begins",
        "welcome to option 1",
        "longest sentence",
        "slowest put-through",
        "signposted number begins",
    ]
    budgets = [timing.ADVICE, timing.WELCOME, timing.SENTENCE, timing.PUT_THROUGH, timing.NUMBER]
    if md:
        print("| " + " | ".join(head) + " |")
        print("|---|" + "---:|" * (len(head) - 1))
        print("| budget | " + " | ".join(f"{b.english:g} / {b.other:g} s" for b in budgets) + " |")
    else:
        print(f"{'language':9} " + " ".join(f"{h[:18]:>20}" for h in head[1:]))
    for lang in languages:
        cells = []
        for b in budgets:
            fs = row(lang, b)
            worst = max(fs, key=lambda f: f.seconds) if fs else None
            if worst is None:
                cells.append("none")
            elif b in (timing.PUT_THROUGH, timing.NUMBER):
                cells.append(f"{cell(worst)} ({names.get(worst.service, worst.service)})")
            else:
                cells.append(cell(worst))
        print(
            f"| {lang} | " + " | ".join(cells) + " |" if md else f"{lang:9} " + " ".join(f"{c[:20]:>20}" for c in cells)
        )

    print("\nEach service, until the line dials it (or its number begins), fastest keys, at a moment it is open:\n")
    services = [s for s in menus.services.values() if any(f.service == s.id for f in figures[languages[0]])]
    if md:
        print("| Service | " + " | ".join(languages) + " |")
        print("|---|" + "---|" * len(languages))
    for svc in services:
        cells = [cell(next(f for f in figures[lang] if f.service == svc.id), keys=True) for lang in languages]
        kind = "put through" if svc.dialable else "number"
        if md:
            print(f"| {svc.name} ({kind}) | " + " | ".join(cells) + " |")
        else:
            print(f"  {svc.name} ({kind})")
            for lang, c in zip(languages, cells, strict=False):
                print(f"    {lang:8} {c}")

    over = [f for fs in figures.values() for f in fs if not f.ok]
    print()
    for f in over:
        what = names.get(f.service, f.service) or f.detail
        print(f"OVER: {f.lang}: {f.budget.what}: {f.seconds:.1f} s, budget {f.limit:g} s{f' ({what})' if what else ''}")
    if not over:
        print("Every budget is met in every language.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
