"""CPU per request of the line and the two comparators in-process, without gunicorn or sockets.

Each app runs in a process of its own (so none pays for another's heap), set up as a gunicorn
worker is (``gc.freeze()`` once loaded), and is called as gunicorn calls a WSGI app with
``bench/load.py``'s signed request mix, round after round; the apps take turns, so a busy
neighbour falls on all three. Prints each app's median CPU time per request and the line's
ratios (requests per CPU second, as ``bench/load.py`` gives them under gunicorn).

    python bench/inprocess.py [--rounds 3] [--requests 2000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

APPS = ("line", "tutorial", "minimal")


def measure(app_name: str, requests: int, repeats: int) -> list[float]:
    """Microseconds of CPU per request for one app, ``repeats`` times (run in its own process)."""
    import load

    if app_name == "line":
        from ivr import create_app
        from ivr.hours import parse_now
        from ivr.settings import Settings

        settings = Settings(
            auth_token=load.TOKEN,
            menus_dir=ROOT / "menus",
            locales_dir=ROOT / "locales",
            now=parse_now(load.NOW),
            state_dir=Path(os.environ["IVR_BENCH_STATE"]),
        )
        app = create_app(settings)
    else:
        app = __import__(f"{app_name}_app").app
    run = load.in_process(app)
    run(300)
    gc.freeze()  # as ivr.server.post_worker_init does in each gunicorn worker
    out = []
    for _ in range(repeats):
        t0 = time.process_time()
        run(requests)
        out.append((time.process_time() - t0) / requests * 1e6)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="processes per app, taking turns")
    parser.add_argument("--requests", type=int, default=2000, help="requests per measurement")
    parser.add_argument("--measure", choices=APPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.requests, 5)))
        return
    import load

    with tempfile.TemporaryDirectory(prefix="ivr-inprocess-") as tmp:
        env = dict(os.environ, IVR_BENCH_WELCOME=f"{tmp}/welcome.json", IVR_BENCH_STATE=tmp)
        load.write_welcome(Path(tmp) / "welcome.json")
        each: dict[str, list[float]] = {name: [] for name in APPS}
        for _ in range(args.rounds):
            for name in APPS:
                cmd = [sys.executable, __file__, "--measure", name, "--requests", str(args.requests)]
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=True)
                each[name].append(statistics.median(json.loads(done.stdout)))
    median = {name: statistics.median(values) for name, values in each.items()}
    for name in APPS:
        rounds = ", ".join(f"{x:.0f}" for x in each[name])
        print(f"  {name:8} {median[name]:6.1f} µs of CPU a request in-process (median of {rounds})")
    for name in ("tutorial", "minimal"):
        print(f"  line / {name} requests per CPU second, in-process: {median[name] / median['line']:.2f}")


if __name__ == "__main__":
    main()
