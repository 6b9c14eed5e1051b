"""Memory per gunicorn worker of the line, as it serves calls: RSS, PSS and USS.

Starts ``gunicorn 'ivr:create_app()'`` (``gunicorn.conf.py``: gevent workers; 2 of them) on
127.0.0.1 at a free port, with its counts' database already migrated (as after the line's first
start); sends it the same signed call mix as ``bench/load.py``, so every worker has answered
calls and written its counts; reads each worker's ``/proc/<pid>/smaps_rollup``; stops it. With
``--root`` given more than once it measures each tree (e.g. a clean export of an older commit,
for a before-and-after) in alternating rounds, each round in another order, and prints the
median and the spread over rounds and workers. About 15 s a round; no comparators.

    python bench/memory.py [--rounds 3] [--requests 600] [--root DIR ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import CALLER, ROOT, Gunicorn, call_mix, drive, line_env  # noqa: E402


def measure(root: Path, workers: int, requests: int, tmp: Path) -> list[dict[str, int]]:
    """Each worker's memory in KiB after it has answered ``requests`` signed requests."""
    state = Path(tempfile.mkdtemp(prefix="state-", dir=tmp))
    env = line_env(root, IVR_STATE_DIR=str(state))
    # The counts' database at the newest migration, as after the line's first start.
    migrate = "from ivr import db; from ivr.settings import Settings; db.upgrade(db.engine_from(Settings.from_env()))"
    subprocess.run([sys.executable, "-c", migrate], cwd=root, env=env, check=True, timeout=120)
    log = tmp / f"gunicorn-{time.monotonic_ns()}.log"
    server = Gunicorn("ivr:create_app()", root, env, workers, log, require="<Gather")
    try:
        server.wait_ready("/healthz")
        result = drive(server.port, call_mix(f"127.0.0.1:{server.port}"), requests, 20, 60.0, require=b"<Gather")
        if result["errors"]:
            raise SystemExit(f"{root}: {result['first_errors']}")
        time.sleep(6)  # every worker's counts written (every 5 s) before its memory is read
        _, each = server.memory()
    finally:
        server.stop()
    text = log.read_text(errors="replace")
    if any(v in text for v in (CALLER, CALLER[1:], "7700900123")):
        raise SystemExit(f"{root}: the caller's number is in gunicorn's output")
    return each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, action="append", help="a tree to measure (default: this one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    roots = [r.resolve() for r in (args.root or [ROOT])]
    found: dict[Path, list[dict[str, int]]] = {r: [] for r in roots}
    load1, _, _ = os.getloadavg()
    print(f"{args.rounds} rounds, {args.requests} requests, {args.workers} workers; load average before {load1:.1f}")
    with tempfile.TemporaryDirectory(prefix="ivr-memory-") as tmp_name:
        for r in range(args.rounds):
            for root in roots[r % len(roots) :] + roots[: r % len(roots)]:
                found[root] += measure(root, args.workers, args.requests, Path(tmp_name))
    for root, each in found.items():
        cells = []
        for key in ("rss", "pss", "uss"):
            mib = sorted(w[key] / 1024 for w in each)
            cells.append(f"{key.upper()} {statistics.median(mib):.1f} ({mib[0]:.1f} to {mib[-1]:.1f})")
        print(f"{root}: per worker, MiB, median (lowest to highest) of {len(each)}: " + ", ".join(cells))


if __name__ == "__main__":
    main()
