"""What the anonymous counts cost a webhook: the counting code's own time per request, and
whole webhooks with counting on and off. Also how long one batch takes to write (in the
background thread, off every call's path).

Not a test: it prints figures and never fails on a slow machine. Requests go through the
WSGI app in-process, signed as Twilio signs them, in the realistic mix of bench/load.py
(a new call, keys, a closed service, a number, a silence, a put-through that ended).

    python bench/counting.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ivr.web.voice as voice  # noqa: E402
from ivr import create_app  # noqa: E402
from ivr.hours import parse_now  # noqa: E402
from ivr.settings import Settings  # noqa: E402
from ivr.tally import FLUSH_SECONDS  # noqa: E402
from ivr.testing import AUTH_TOKEN, FakeTwilio  # noqa: E402

#: (place, event query, form) of the mix; "" place: a new call.
MIX = [
    ("", {}, {}),
    ("menu:main", {}, {"Digits": "1"}),
    ("menu:main/menu:services", {}, {"Digits": "1"}),
    ("menu:main/menu:services", {}, {"Digits": "2"}),
    ("menu:main/menu:services/service:num", {}, {"Digits": "2"}),
    ("menu:main", {"ev": "silence", "s": "1"}, {}),
    (
        "menu:main/menu:services/service:num/dial:num",
        {"ev": "dial"},
        {"DialCallStatus": "busy", "DialCallDuration": "0"},
    ),
    ("menu:main", {}, {"Digits": "5"}),
]


class NoCounts:
    def add(self, when, items) -> None:  # noqa: ANN001
        list(items)

    def flush(self) -> bool:
        return True


def requests(call: FakeTwilio):  # noqa: ANN201
    from urllib.parse import urlencode

    for place, query, form in MIX:
        q = {"at": place, "lang": "en-GB", **query} if place else {}
        yield "/voice" + (f"?{urlencode(q)}" if q else ""), call.params(**form)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ivr-bench-") as folder:
        run(Path(folder))


def run(state: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for CI")
    args = parser.parse_args()
    rounds = 40 if args.quick else 400
    settings = Settings(
        auth_token=AUTH_TOKEN,
        menus_dir=ROOT / "menus",
        locales_dir=ROOT / "locales",
        now=parse_now("2026-11-27T15:00:00+00:00"),
        state_dir=state,
    )
    app = create_app(settings)
    tally = app.extensions["ivr"]["tally"]
    tally.flush_seconds = 0  # no background thread: the batch is written below, and timed
    call = FakeTwilio(app.test_client())

    # 1. The counting code's own time in each webhook: deriving the counts and adding them.
    own: list[float] = []
    real = voice.count_step

    def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202
        t0 = time.perf_counter()
        real(*a, **k)
        if app.extensions["ivr"]["tally"] is tally:
            own.append(time.perf_counter() - t0)

    voice.count_step = timed
    # 2. Whole webhooks, counting on and off, alternating so the machine's noise falls on both.
    whole = {"on": [], "off": []}
    for r in range(rounds):
        for mode in ("on", "off") if r % 2 else ("off", "on"):
            app.extensions["ivr"]["tally"] = tally if mode == "on" else NoCounts()
            for url, params in requests(call):
                t0 = time.perf_counter()
                ans = call.request(url, params)
                whole[mode].append(time.perf_counter() - t0)
                assert ans.status == 200 and ans.root is not None and "problem" not in ans.text, ans.body
                call.history.clear()
    voice.count_step = real
    app.extensions["ivr"]["tally"] = tally
    pending = len(tally._pending)
    t0 = time.perf_counter()
    assert tally.flush()
    write_ms = (time.perf_counter() - t0) * 1000

    def ms(xs: list[float], q: float = 0.5) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(len(xs) * q))] * 1000

    print(f"Counting, per webhook ({len(own)} counted webhooks, SQLite in {state}):")
    print(
        f"  counting code's own time: median {ms(own) * 1000:.0f} µs, p99 {ms(own, 0.99) * 1000:.0f} µs  (aim: under "
        "300 µs median)"
    )
    print(f"  whole webhook, counting on:  median {ms(whole['on']):.2f} ms, p99 {ms(whole['on'], 0.99):.2f} ms")
    print(f"  whole webhook, counting off: median {ms(whole['off']):.2f} ms, p99 {ms(whole['off'], 0.99):.2f} ms")
    print(
        f"  difference of medians: {(statistics.median(whole['on']) - statistics.median(whole['off'])) * 1e6:.0f} µs "
        "(noisy: the own time above is the figure)"
    )
    print(
        f"  writing one batch ({pending} rows, in the background thread every {FLUSH_SECONDS:g} s): {write_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
