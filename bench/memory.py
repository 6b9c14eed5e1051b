"""Memory per gunicorn worker of the line, as it serves calls: RSS, PSS and USS.

Starts ``gunicorn 'ivr:create_app()'`` (``gunicorn.conf.py``: gevent workers; 2 of them) on
127.0.0.1 at a free port, with its counts' database already migrated (as after the line's first
start); sends it the same signed call mix as ``bench/load.py``, so every worker has answered
calls and written its counts; reads each worker's ``/proc/<pid>/smaps_rollup``; stops it. With
``--root`` given more than once it measures each tree (e.g. a clean export of an older commit,
for a before-and-after) in alternating rounds, each round in another order, and prints the
median and the spread over rounds and workers. About 15 s a round; no comparators.

It reads each worker twice: after the call mix (in English, as ``bench/load.py`` sends it), and
again after the same steps in every language the tree's line speaks. The second
is what a worker holds on a real line after its first hours: whatever a language needs that is
loaded on its first call (its compiled catalogue; where a worker had to check its menus itself,
Babel's whole data for the locale, about 1 MiB each) is kept.

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

import yaml  # noqa: E402
from load import CALLER, ROOT, TOKEN, Gunicorn, call_mix, drive, line_env  # noqa: E402

KINDS = ("English", "every language")


def every_language(root: Path, host: str) -> list[tuple[str, str, str, str]]:
    """The call mix's steps in each other language of the tree's line, signed for ``host``."""
    from urllib.parse import parse_qsl, urlencode

    from twilio.request_validator import RequestValidator

    langs = yaml.safe_load((root / "menus" / "line.yaml").read_text(encoding="utf-8"))["voices"]
    validator = RequestValidator(TOKEN)
    mix = []
    for name, path, body, _ in call_mix(host):
        route, _, query = path.partition("?")
        if not query:  # the call's first request: its language is the number's
            continue
        for lang in langs:
            path = f"{route}?" + urlencode({**dict(parse_qsl(query)), "lang": lang})
            form = dict(parse_qsl(body))
            sig = validator.compute_signature(f"http://{host}{path}", form)
            mix.append((f"{name}, {lang}", path, body, sig))
    return mix


def measure(root: Path, workers: int, requests: int, tmp: Path) -> dict[str, list[dict[str, int]]]:
    """Each worker's memory in KiB after it has answered ``requests`` signed requests of the call
    mix, then after a few in every language."""
    state = Path(tempfile.mkdtemp(prefix="state-", dir=tmp))
    env = line_env(root, IVR_STATE_DIR=str(state))
    # The counts' database at the newest migration, as after the line's first start.
    migrate = "from ivr import db; from ivr.settings import Settings; db.upgrade(db.engine_from(Settings.from_env()))"
    subprocess.run([sys.executable, "-c", migrate], cwd=root, env=env, check=True, timeout=120)
    log = tmp / f"gunicorn-{time.monotonic_ns()}.log"
    server = Gunicorn("ivr:create_app()", root, env, workers, log, require="<Gather")
    try:
        server.wait_ready("/healthz")
        host = f"127.0.0.1:{server.port}"
        each = {}
        for kind, mix in zip(KINDS, (call_mix(host), every_language(root, host)), strict=True):
            # Each worker gets each request of the mix several times over (connections are spread).
            result = drive(server.port, mix, max(requests, 20 * len(mix)), 20, 60.0, require=b"<Gather")
            if result["errors"]:
                raise SystemExit(f"{root}: {result['first_errors']}")
            time.sleep(6)  # every worker's counts written (every 5 s) before its memory is read
            each[kind] = server.memory()[1]
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
    found: dict[tuple[Path, str], list[dict[str, int]]] = {(r, k): [] for r in roots for k in KINDS}
    load1, _, _ = os.getloadavg()
    print(f"{args.rounds} rounds, {args.requests} requests, {args.workers} workers; load average before {load1:.1f}")
    with tempfile.TemporaryDirectory(prefix="ivr-memory-") as tmp_name:
        for r in range(args.rounds):
            for root in roots[r % len(roots) :] + roots[: r % len(roots)]:
                for kind, each in measure(root, args.workers, args.requests, Path(tmp_name)).items():
                    found[(root, kind)] += each
    for (root, kind), each in found.items():
        cells = []
        for key in ("rss", "pss", "uss"):
            mib = sorted(w[key] / 1024 for w in each)
            cells.append(f"{key.upper()} {statistics.median(mib):.1f} ({mib[0]:.1f} to {mib[-1]:.1f})")
        print(f"{root}, {kind}: per worker, MiB, median (lowest to highest) of {len(each)}: " + ", ".join(cells))


if __name__ == "__main__":
    main()
