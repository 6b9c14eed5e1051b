"""What the replies to texts cost: SMS segments per language and per reply (issue 15).

For each language under ``voices`` in ``line.yaml``, each kind of reply (the first reply to
any word, a tip, REPORT, FORCED, ALL) at moments when few and many services are open: its
encoding (GSM-7, or UCS-2 where the language needs it), units and segments, counted by
:mod:`ivr.segments` as the network counts them. Not a test: prints a table (``--markdown`` for
docs/performance.md).

    python bench/texts.py [--markdown]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivr import sms  # noqa: E402
from ivr.hours import parse_now  # noqa: E402
from ivr.i18n import Catalogs, Speaker  # noqa: E402
from ivr.menus import load  # noqa: E402
from ivr.segments import segments  # noqa: E402

#: A weekday morning (most services open) and a night (only the 24-hour ones).
MOMENTS = {"day": "2026-11-25T10:00:00+00:00", "night": "2026-11-26T02:00:00+00:00"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--menus", type=Path, default=ROOT / "menus")
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    menus, catalogs = load(args.menus), Catalogs(args.locales)
    kinds = [
        ("first, day", None, "day"),
        ("first, night", None, "night"),
        ("tip (longest)", sms.NEXT, "day"),
        ("REPORT", sms.REPORT, "day"),
        ("FORCED", sms.FORCED, "day"),
        ("ALL", sms.ALL, "day"),
    ]
    header = ["language", "encoding", *(k for k, _, _ in kinds)]
    rows = []
    for lang in menus.line.voices:
        sp = Speaker(catalogs, lang)
        cells, encodings = [], set()
        for _, word, moment in kinds:
            now = parse_now(MOMENTS[moment])
            if word == sms.NEXT:
                replies = [
                    sms.reply(menus, catalogs, f"{sms.keyword(sp, word).text} {n}", now, lang)
                    for n in range(1, len(menus.tips) + 1)
                ]
                text = max((r.text for r in replies), key=lambda t: segments(t).units)
            else:
                body = sms.keyword(sp, word).text if word else "?"
                text = sms.reply(menus, catalogs, body, now, lang).text
            seg = segments(text)
            encodings.add(seg.encoding)
            cells.append(f"{seg.count} ({seg.units})")
        rows.append([lang, "/".join(sorted(encodings)), *cells])
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
