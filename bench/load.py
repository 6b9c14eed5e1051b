"""The line under load, as gunicorn serves it, against two comparator apps on the same settings.

Starts ``gunicorn 'ivr:create_app()'`` (2 gevent workers as ``gunicorn.conf.py`` sets them, on 127.0.0.1 at
a free port, ``TWILIO_AUTH_TOKEN`` set, ``IVR_NOW`` fixed) and drives it from a second process
with a realistic mix of signed call requests at 100 concurrent connections: a new call, menu
keys, a service, a silence redirect, a put-through's end, tips, "open now". Beside it, on the
same settings, two comparators answer every request with the line's own welcome:
``bench/tutorial_app.py`` builds it with twilio's ``VoiceResponse`` on every request, as Twilio's
phone-tree tutorial does (no signature, hours or languages), and ``bench/minimal_app.py``
returns it as one fixed document. Rounds alternate between the three apps (each round in
another order), so the line's overhead is a ratio per round, given with its spread. Prints
requests per second, median and 99th-percentile latency, memory per worker (RSS, PSS, USS),
and checks gunicorn's own output for the caller's number. Stops by itself: a bounded number of
requests and a time limit. Loopback only.

    python bench/load.py [--quick] [--requests N] [--concurrency C] [--profile]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = "2026-11-27T15:00:00+00:00"  # Friday afternoon: some services open, some closed
TOKEN = "bench-auth-token-0123456789abcdef"
CALLER = "+447700900123"
LINE = "+441632960001"

#: The comparators (files beside this one): the same welcome, fixed, and built per request.
COMPARATORS = {"tutorial": "tutorial_app:app", "minimal": "minimal_app:app"}


def write_welcome(path: Path) -> None:
    """The line's own welcome (a new call to the line's number at :data:`NOW`), for the
    comparators: the document itself, and its sentences, voices and URLs to build it again."""
    import xml.etree.ElementTree as ET

    from ivr.flow import Arrive, Caps, step
    from ivr.hours import parse_now
    from ivr.numbers import is_free_line
    from ivr.store import Store
    from ivr.twiml import render

    version = Store(ROOT / "menus", ROOT / "locales", poll_seconds=None).current()
    menus = version.menus
    lang = menus.line.numbers.get(LINE, menus.line.default_language)
    turn = step(menus, version.catalogs, None, Arrive(), parse_now(NOW), lang, Caps(free=is_free_line(LINE)))
    xml = render(turn, menus, caller_id=LINE)
    root = ET.fromstring(xml)
    gather, redirect = root.find("Gather"), root.find("Redirect")
    assert gather is not None and redirect is not None, xml
    says = [[say.text, say.get("voice"), say.get("language")] for say in gather.iter("Say")]
    welcome = {"xml": xml, "says": says, "action": gather.get("action"), "redirect": redirect.text}
    path.write_text(json.dumps(welcome), encoding="utf-8")


# --- the request mix ---------------------------------------------------------------


def call_mix(host: str) -> list[tuple[str, str, str, str]]:
    """(name, path, form body, signature): one of each step a real call takes, signed for ``host``."""
    from twilio.request_validator import RequestValidator

    base = {
        "CallSid": "CA" + "0" * 32,
        "AccountSid": "AC" + "1" * 32,
        "From": CALLER,
        "Caller": CALLER,
        "To": LINE,
        "Called": LINE,
        "CallStatus": "in-progress",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
    }
    steps = [
        ("entry", {}, {}),
        ("main menu key", {"at": "menu:main", "lang": "en-GB"}, {"Digits": "1"}),
        # An open service in a list is put through at once; its page is one key further on.
        ("service node", {"at": "menu:main/menu:services/about:services", "lang": "en-GB"}, {"Digits": "1"}),
        ("closed service", {"at": "menu:main/menu:services", "lang": "en-GB"}, {"Digits": "2"}),
        ("hear number", {"at": "menu:main/menu:services/service:num", "lang": "en-GB"}, {"Digits": "2"}),
        ("silence redirect", {"at": "menu:main", "lang": "en-GB", "ev": "silence", "s": "1"}, {}),
        (
            "dial ended busy",
            {"at": "menu:main/menu:services/service:num/dial:num", "lang": "en-GB", "ev": "dial"},
            {"DialCallStatus": "busy", "DialCallDuration": "0"},
        ),
        ("tips", {"at": "menu:main", "lang": "en-GB"}, {"Digits": "2"}),
        ("open now", {"at": "menu:main", "lang": "en-GB"}, {"Digits": "5"}),
    ]
    validator = RequestValidator(TOKEN)
    mix = []
    for name, query, extra in steps:
        path = "/voice" + (f"?{urlencode(query)}" if query else "")
        form = {**base, **extra}
        mix.append((name, path, urlencode(form), validator.compute_signature(f"http://{host}{path}", form)))
    return mix


# --- the load generator (runs in its own process) -------------------------------------


def drive(
    port: int,
    requests: list[tuple[str, str, str, str]],
    total: int,
    concurrency: int,
    limit: float,
    think: float = 0.0,
    require: bytes = b"",
) -> dict:
    """Send ``total`` requests over ``concurrency`` threads, one connection each request.

    ``think`` 0: each thread sends its next request at once (the server's saturation).
    Otherwise each thread is a call whose caller listens ``think`` seconds on average
    (0.5x to 1.5x) before the next request, as callers do.
    """
    import random

    rng = random.Random(6)
    work: queue.Queue[int] = queue.Queue()
    for i in range(total):
        work.put(i)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + limit

    def worker() -> None:
        mine: list[float] = []
        bad: list[str] = []
        if think:
            time.sleep(rng.uniform(0, think))  # calls start at different moments
        while time.monotonic() < deadline:
            try:
                i = work.get_nowait()
            except queue.Empty:
                break
            name, path, body, sig = requests[i % len(requests)]
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Twilio-Signature": sig,
                        "Host": f"127.0.0.1:{port}",
                    },
                )
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                if (
                    resp.status != 200
                    or not data.startswith(b"<?xml")
                    or b"<Response>" not in data
                    or require not in data
                ):
                    bad.append(f"{name}: HTTP {resp.status} {data[:80]!r}")
            except OSError as exc:
                bad.append(f"{name}: {exc}")
            mine.append(time.perf_counter() - t0)
            if think:
                time.sleep(rng.uniform(think / 2, think * 1.5))
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "seconds": elapsed,
        "rps": n / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(latencies) * 1000 if n else float("nan"),
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else float("nan"),
        "max_ms": latencies[-1] * 1000 if n else float("nan"),
        "errors": len(errors),
        "first_errors": errors[:3],
        "latencies_ms": [round(x * 1000, 3) for x in latencies],
    }


def drive_main(argv: list[str]) -> None:
    """Entry point of the second process: read the plan on stdin, print the figures as JSON."""
    plan = json.loads(sys.stdin.read())
    requests = [tuple(r) for r in plan["requests"]]
    print(
        json.dumps(
            drive(
                plan["port"],
                requests,
                plan["total"],
                plan["concurrency"],
                plan["limit"],
                think=plan["think"],
                require=plan["require"].encode(),
            )
        )
    )


# --- gunicorn ------------------------------------------------------------------------


def line_env(root: Path, **more: str) -> dict[str, str]:
    """The environment the line (from the tree at ``root``) is benchmarked in: this process's,
    without its Twilio and line settings, with the benchmark's token, clock and content."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "IVR_"))}
    env.update(
        TWILIO_AUTH_TOKEN=TOKEN,
        IVR_NOW=NOW,
        IVR_MENUS=str(root / "menus"),
        IVR_LOCALES=str(root / "locales"),
        PYTHONPATH=str(root),
        **more,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_kib(pid: int) -> dict[str, int]:
    """A process's memory in KiB: RSS (all pages it maps in RAM, shared ones too), PSS (shared
    pages divided among the processes sharing them) and USS (pages only it holds: what stopping
    it would free)."""
    try:
        fields = {
            line.split(":")[0]: int(line.split()[1])
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
        }
        return {
            "rss": fields["Rss"],
            "pss": fields["Pss"],
            "uss": fields["Private_Clean"] + fields["Private_Dirty"],
        }
    except (OSError, KeyError, ValueError):  # no smaps_rollup (old kernel, other user): RSS only
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
                return {"rss": rss, "pss": rss, "uss": rss}
    return {"rss": 0, "pss": 0, "uss": 0}


def children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return sorted(kids)


class Gunicorn:
    """One gunicorn master with its workers, started and stopped by this script."""

    def __init__(self, app: str, cwd: Path, env: dict[str, str], workers: int, log: Path, require: str = ""):
        self.port = free_port()
        #: Text every answer must hold: the line's steps all end in a menu, never the safe words.
        self.require = require
        self.log = log
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
        ]
        self.out = open(log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self.out, stderr=subprocess.STDOUT)

    def wait_ready(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"gunicorn did not answer within {timeout} s")

    def memory(self) -> tuple[dict[str, int], list[dict[str, int]]]:
        return memory_kib(self.proc.pid), [memory_kib(p) for p in children(self.proc.pid)]

    def cpu_seconds(self) -> float:
        """CPU time the master and its workers have used (user and system), from /proc."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in (self.proc.pid, *children(self.proc.pid)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / tick

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


def run_driver(server: Gunicorn, args: argparse.Namespace, total: int, concurrency: int, think: float) -> dict:
    """One run of the load generator, in its own process, against one server."""
    plan = {
        "port": server.port,
        "requests": call_mix(f"127.0.0.1:{server.port}"),
        "total": total,
        "concurrency": concurrency,
        "limit": args.limit,
        "think": think,
        "require": server.require,
    }
    cpu = server.cpu_seconds()
    driver = subprocess.run(
        [sys.executable, __file__, "--drive"],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=args.limit + 60,
    )
    if driver.returncode != 0:
        raise SystemExit(f"the load generator failed:\n{driver.stderr[-2000:]}")
    result = json.loads(driver.stdout)
    result["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(1, result["requests"])
    return result


def pooled(runs: list[dict]) -> dict:
    """Rounds of one app and one kind of run, together: the median round's throughput, and
    latencies over every request of every round."""
    lat = sorted(x for r in runs for x in r["latencies_ms"])
    n = len(lat)
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "rps_rounds": [r["rps"] for r in runs],
        "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
        "cpu_ms_rounds": [r["cpu_ms"] for r in runs],
        "requests": n,
        "median_ms": statistics.median(lat) if n else float("nan"),
        "p95_ms": lat[min(n - 1, int(n * 0.95))] if n else float("nan"),
        "p99_ms": lat[min(n - 1, int(n * 0.99))] if n else float("nan"),
        "max_ms": lat[-1] if n else float("nan"),
        "errors": sum(r["errors"] for r in runs),
        "first_errors": [e for r in runs for e in r["first_errors"]][:3],
    }


def run_all(servers: dict[str, Gunicorn], args: argparse.Namespace) -> dict[str, dict]:
    """All servers are up together; their runs alternate, round by round, each round in a
    different order, so a neighbour's burst of work on a shared machine falls on all of them
    rather than on one."""
    for server in servers.values():
        server.wait_ready("/healthz")
        warm = run_driver(server, args, args.warmup, 10, 0.0)
        if warm["errors"]:
            raise SystemExit(f"warm-up failed: {warm['first_errors']}")
    names = list(servers)
    runs: dict[str, dict[str, list[dict]]] = {name: {"saturated": [], "calls": []} for name in servers}
    for kind, total, think in (
        ("saturated", args.requests, 0.0),
        ("calls", args.calls_requests, args.think),
    ):
        for r in range(args.rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                runs[name][kind].append(run_driver(servers[name], args, total // args.rounds, args.concurrency, think))
    results: dict[str, dict] = {}
    for name, server in servers.items():
        master, workers = server.memory()
        results[name] = {
            "saturated": pooled(runs[name]["saturated"]),
            "calls": pooled(runs[name]["calls"]),
            "master_kib": master,
            "worker_kib": workers,
        }
    return results


def ratios(line: list[float], other: list[float]) -> tuple[float, float, float]:
    """The line's throughput over a comparator's, round by round (runs minutes apart, so a
    ratio within a round is the fairest): median, lowest and highest."""
    each = [a / b for a, b in zip(line, other, strict=True) if b]
    if not each:
        return float("nan"), float("nan"), float("nan")
    return statistics.median(each), min(each), max(each)


def in_process(app: Callable[..., Iterable[bytes]]) -> Callable[[int], None]:
    """``run(count)``: ``count`` requests of the mix, signed for ``localhost``, through the WSGI
    ``app`` called as gunicorn calls it, each answer checked to be a menu."""
    import io

    from werkzeug.test import EnvironBuilder

    environs = []
    for _, path, body, sig in call_mix("localhost"):
        headers = {"X-Twilio-Signature": sig, "Host": "localhost"}
        ctype = "application/x-www-form-urlencoded"
        built = EnvironBuilder(path=path, method="POST", data=body, headers=headers, content_type=ctype)
        environs.append((built.get_environ(), body.encode()))

    def run(count: int) -> None:
        for i in range(count):
            environ, body = environs[i % len(environs)]
            answer = b"".join(app({**environ, "wsgi.input": io.BytesIO(body)}, lambda *_: None))
            assert b"<Gather" in answer, answer[:200]

    return run


def profile(n: int) -> None:
    """Where the time goes inside one request (in-process, no network, WSGI called as gunicorn
    calls it): CPU time per request, then cProfile's shares, with answers kept for the minute
    (as a worker serves) and with every answer worked out anew (each question's first time in
    a minute)."""
    import cProfile
    import pstats

    from ivr import create_app
    from ivr.answers import Answers
    from ivr.hours import parse_now
    from ivr.settings import Settings

    app = create_app(
        Settings(auth_token=TOKEN, menus_dir=ROOT / "menus", locales_dir=ROOT / "locales", now=parse_now(NOW))
    )
    run = in_process(app)

    parts = {
        "whole request (Flask's WSGI app)": ("flask/app.py", "wsgi_app"),
        "  signature check (form parsing, the HMAC)": ("ivr/web/voice.py", "require_twilio"),
        "  the voice webhook's view": ("ivr/web/voice.py", "voice"),
        "    answers worked out (ivr.answers misses)": ("ivr/answers.py", "answer"),
        "      ivr.flow.step": ("ivr/flow", "step"),
        "        opening hours (ivr.hours.status)": ("ivr/hours.py", "status"),
        "      TwiML writing (ivr.twiml.render)": ("ivr/twiml.py", "render"),
        "    counting (ivr.web.tallying.count_step)": ("ivr/web/tallying.py", "count_step"),
    }
    for label, size in (("answers kept for the minute", None), ("every answer worked out anew", 0)):
        app.extensions["ivr"]["answers"] = Answers() if size is None else Answers(size=size)
        run(50)
        t0 = time.process_time()
        run(n)
        cpu = (time.process_time() - t0) / n * 1000
        prof = cProfile.Profile()
        prof.enable()
        run(n)
        prof.disable()
        stats = pstats.Stats(prof)
        whole = sum(v[3] for k, v in stats.stats.items() if k[0].endswith("flask/app.py") and k[2] == "wsgi_app")
        print(f"\nIn-process, {label}: {cpu:.3f} ms of CPU a request; shares under cProfile:")
        for part, (file, func) in parts.items():
            cum = sum(v[3] for k, v in stats.stats.items() if file in k[0] and k[2] == func)
            print(f"  {part:46} {cum / whole * 100:5.1f} %")
        stats.sort_stats("tottime").print_stats(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for CI (about 15 s)")
    parser.add_argument("--requests", type=int, help="measured requests per app (default 6000, quick 600)")
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, help="seconds at most per app's run (default 120, quick 30)")
    parser.add_argument("--rounds", type=int, help="alternating rounds per app (default 3, quick 2)")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds a caller listens between requests, on average, in the calls run",
    )
    parser.add_argument("--profile", action="store_true", help="also profile the line in-process with cProfile")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive_main(sys.argv)
        return
    args.requests = args.requests or (600 if args.quick else 6000)
    args.calls_requests = 200 if args.quick else 3000
    args.warmup = 100 if args.quick else 400
    args.rounds = args.rounds or (2 if args.quick else 3)
    args.limit = args.limit or (30.0 if args.quick else 120.0)

    with tempfile.TemporaryDirectory(prefix="ivr-load-") as tmp_name:
        tmp = Path(tmp_name)
        env = line_env(ROOT, IVR_BENCH_WELCOME=str(tmp / "welcome.json"))
        # Both comparators answer with the line's own welcome: one as a fixed document, one built anew.
        write_welcome(tmp / "welcome.json")
        cpus = os.cpu_count()
        load1, load5, _ = os.getloadavg()
        print(
            f"Load: {args.requests} signed requests per app at {args.concurrency} concurrent, then "
            f"{args.calls_requests} as "
            f"{args.concurrency} calls; {args.rounds} alternating rounds; {args.workers} gunicorn workers each "
            "(gunicorn.conf.py: gevent); "
            f"{cpus} CPUs shared with the load generator (load average before: {load1:.1f}, {load5:.1f}); loopback, "
            "one connection per request"
        )
        servers = {"line": Gunicorn("ivr:create_app()", ROOT, env, args.workers, tmp / "line.log", require="<Gather")}
        for name, app in COMPARATORS.items():
            servers[name] = Gunicorn(app, ROOT / "bench", env, args.workers, tmp / f"{name}.log", require="<Gather")
        try:
            results = run_all(servers, args)
        finally:
            for server in servers.values():
                server.stop()
        log = servers["line"].log.read_text(errors="replace")
        leaked = any(v in log for v in (CALLER, CALLER[1:], "7700900123"))
        log_lines = log.count("\n")
    report(results, args)
    print(f"  caller's number in gunicorn's output: {'YES - a leak' if leaked else 'no'} ({log_lines} lines checked)")
    if args.profile:
        profile(400 if args.quick else 3000)
    line = results["line"]
    if line["saturated"]["errors"] or line["calls"]["errors"] or leaked:
        raise SystemExit(1)


def report(results: dict[str, dict], args: argparse.Namespace) -> None:
    """The figures: latency and throughput per app, the ratios with their spread, memory."""
    print(
        f"\n  {'app':8} {'run':34} {'req/s':>6} {'median ms':>9} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} "
        f"{'errors':>6}"
    )
    for name, r in results.items():
        for run, label in (
            ("saturated", f"saturated, {args.concurrency} concurrent"),
            ("calls", f"{args.concurrency} calls, {args.think:g} s between keys"),
        ):
            m = r[run]
            print(
                f"  {name:8} {label:34} {m['rps']:6.0f} {m['median_ms']:9.1f} {m['p95_ms']:7.1f} {m['p99_ms']:7.1f} "
                f"{m['max_ms']:7.1f} {m['errors']:6d}"
            )
            for e in m["first_errors"]:
                print(f"      {e}")
    print()
    for name, r in results.items():
        rounds = ", ".join(f"{x:.0f}" for x in r["saturated"]["rps_rounds"])
        cpu = ", ".join(f"{x:.2f}" for x in r["saturated"]["cpu_ms_rounds"])
        print(f"  {name:8} saturated req/s by round: {rounds}; the server's CPU ms per request by round: {cpu}")
    print()
    line = results["line"]["saturated"]
    for name, aim in (("tutorial", 0.9), ("minimal", 0.75)):
        other = results[name]["saturated"]
        median, low, high = ratios(line["rps_rounds"], other["rps_rounds"])
        print(
            f"  line / {name} throughput, saturated, by round: median {median:.2f} (lowest {low:.2f}, "
            f"highest {high:.2f}; aim at least {aim})"
        )
        # CPU time per request hardly depends on what the neighbours do: the steadier ratio on a busy machine.
        median, low, high = ratios([1 / x for x in line["cpu_ms_rounds"]], [1 / x for x in other["cpu_ms_rounds"]])
        print(
            f"  line / {name} requests per CPU second, by round: median {median:.2f} (lowest {low:.2f}, "
            f"highest {high:.2f})"
        )
    calls = results["line"]["calls"]["p99_ms"]
    print(
        f"  line p99 with {args.concurrency} calls in progress: {calls:.1f} ms (tutorial "
        f"{results['tutorial']['calls']['p99_ms']:.1f}, minimal {results['minimal']['calls']['p99_ms']:.1f}; "
        f"aim under 20 ms); saturated: {results['line']['saturated']['p99_ms']:.1f} ms (queueing: "
        f"{args.concurrency} requests at once on {args.workers} workers)"
    )
    print("\n  memory after the runs, MiB per worker (RSS / PSS / USS), and the master's RSS:")
    for name, r in results.items():
        workers = "; ".join(" / ".join(f"{w[k] / 1024:.1f}" for k in ("rss", "pss", "uss")) for w in r["worker_kib"])
        print(f"  {name:8} {workers} (master {r['master_kib']['rss'] / 1024:.1f}; aim for the line: 45 RSS)")


if __name__ == "__main__":
    main()
