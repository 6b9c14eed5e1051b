"""What callers wait while a worker takes up a maintainer's edit, and how soon the edit is served.

Starts ``gunicorn 'ivr:create_app()'`` (``gunicorn.conf.py``; one gevent worker, so every
request meets the reload) on a copy of the tree's menus, and sends it signed new calls one after
another, as fast as it answers, while a maintainer's edit is saved every few seconds. For each
edit it prints the slowest answer in the seconds after the worker noticed it, and how long the
edit took to be served (``/healthz`` naming the new version). With ``--root`` given more than
once it measures each tree in turn (e.g. a clean export of an older commit, for a before and
after). Every answer must be a menu (HTTP 200 with a ``<Gather>``).

    python bench/reload.py [--edits 5] [--root DIR ...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import ROOT, Gunicorn, call_mix, line_env  # noqa: E402


def served_version(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/healthz")
    return json.loads(conn.getresponse().read())["served"]["version"]


def measure(root: Path, edits: int, tmp: Path) -> list[tuple[float, float, float]]:
    """For each edit: the slowest answer and the 99th percentile (ms) in the 3 s after it was
    noticed, and the seconds until it was served."""
    menus = Path(tempfile.mkdtemp(prefix="menus-", dir=tmp)) / "menus"
    shutil.copytree(root / "menus", menus)
    env = {**line_env(root, IVR_STATE_DIR=tempfile.mkdtemp(prefix="state-", dir=tmp)), "IVR_MENUS": str(menus)}
    server = Gunicorn("ivr:create_app()", root, env, 1, tmp / f"gunicorn-{time.monotonic_ns()}.log", require="<Gather")
    try:
        server.wait_ready("/healthz")
        _, path, body, sig = call_mix(f"127.0.0.1:{server.port}")[0]
        headers = {"X-Twilio-Signature": sig, "Content-Type": "application/x-www-form-urlencoded"}

        def answer() -> float:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
            conn.request("POST", path, body, headers)
            reply = conn.getresponse()
            text = reply.read()
            conn.close()
            if reply.status != 200 or b"<Gather" not in text:
                raise SystemExit(f"{root}: not a menu: {reply.status} {text[:200]!r}")
            return (time.perf_counter() - started) * 1000

        for _ in range(50):  # warm
            answer()
        out = []
        for n in range(edits):
            before = served_version(server.port)
            line = menus / "line.yaml"
            line.write_text(line.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
            saved = time.monotonic()
            time.sleep(2.2)  # the worker looks at most every 2 s: the next request notices the edit
            waits = []
            served_after = float("nan")
            while time.monotonic() - saved < 5.2:
                waits.append(answer())
                if served_after != served_after and served_version(server.port) != before:
                    served_after = time.monotonic() - saved
            waits.sort()
            out.append((waits[-1], waits[int(len(waits) * 0.99)], served_after))
        return out
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", action="append", type=Path, help="a tree to measure (default: this one)")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivr-reload-") as tmp:
        for root in args.root or [ROOT]:
            found = measure(root.resolve(), args.edits, Path(tmp))
            worst = ", ".join(f"{w:.1f}" for w, _, _ in found)
            print(f"{root}: slowest answer after each edit, ms: {worst}")
            print(f"  p99 {statistics.median(p for _, p, _ in found):.1f} ms (median over edits);", end=" ")
            print(f"served {statistics.median(s for _, _, s in found):.1f} s after it was saved (median)")


if __name__ == "__main__":
    main()
