"""How long one webhook takes inside the app, and the app's memory after start-up.

Not a test: it prints figures and never fails on a slow machine. Requests go through
the WSGI app in-process (Flask's test client), signed as Twilio signs them, so the
figures include signature checking, the step and TwiML writing, but no network.

    python bench/webhooks.py [--quick]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivr import create_app  # noqa: E402
from ivr.hours import parse_now  # noqa: E402
from ivr.settings import Settings  # noqa: E402
from ivr.testing import AUTH_TOKEN, FakeTwilio  # noqa: E402


def build():
    settings = Settings(
        auth_token=AUTH_TOKEN,
        menus_dir=ROOT / "menus",
        locales_dir=ROOT / "locales",
        now=parse_now("2026-11-27T15:00:00+00:00"),
    )
    return create_app(settings)


def measure(name: str, call: FakeTwilio, url: str, params: dict[str, str], n: int) -> tuple[str, float, float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        ans = call.request(url, params)
        times.append(time.perf_counter() - t0)
        assert ans.status == 200, ans.body
        call.history.clear()
    times.sort()
    median = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    return name, median, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for CI")
    args = parser.parse_args()
    n = 200 if args.quick else 3000

    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    app = build()
    _, app_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    call = FakeTwilio(app.test_client())
    base = call.params()
    cases = [
        ("entry (welcome)", "/voice", base),
        ("menu (support services)", "/voice?at=menu%3Amain&lang=en-GB", {**base, "Digits": "1"}),
        (
            "service node (closed, alternatives)",
            "/voice?at=menu%3Amain%2Fmenu%3Aservices&lang=en-GB",
            {**base, "Digits": "2"},
        ),
    ]
    for _, url, params in cases:  # warm up: first requests import and fill caches
        for _ in range(20):
            call.request(url, params)
        call.history.clear()

    print(f"In-process webhook timings, {n} signed requests each (ms):")
    print(f"  {'webhook':40} {'median':>8} {'p99':>8}")
    for name, url, params in cases:
        _, median, p99 = measure(name, call, url, params, n)
        print(f"  {name:40} {median:8.3f} {p99:8.3f}")
    print(
        f"Memory: process peak RSS {rss_after / 1024:.1f} MiB after start-up "
        f"({(rss_after - rss_before) / 1024:.1f} MiB for the app); Python allocations while building the app: "
        f"{app_peak / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
