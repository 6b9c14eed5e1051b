"""Chaos under load: while signed calls keep coming, the menus on disk are broken (a half-saved
file, then another), workers are killed with SIGKILL, and the whole server crashes and is
started again on the broken files. Every answer must be valid TwiML with the 999 advice; in
fact every one is the last good menu, and the line is never silent for long. Bounded: about
25 s, on 127.0.0.1, every process stopped at the end."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time

from .serving import Served

LOAD_THREADS = 4
MAX_GAP_SECONDS = 5.0  # without an answer, while workers die and restart
MAX_RESTART_SECONDS = 15.0  # through a whole server's crash and start (Twilio waits 15 s)
KILLS = 4  # times below that workers die by SIGKILL


class Load:
    """Signed new calls, back to back, from a few threads; every answer is checked."""

    def __init__(self) -> None:
        self.server: Served | None = None
        self.stop = threading.Event()
        self.answered: list[tuple[float, bool]] = []  # (when, the real menu rather than the safe words)
        self.wrong: list[str] = []
        self.unreachable = 0
        #: Answers cut off by a SIGKILL of their worker: no server can finish those (Twilio
        #: then plays the fallback URL's safe words); at most one per thread per kill.
        self.cut = 0
        self._lock = threading.Lock()

    def run(self) -> None:
        while not self.stop.is_set():
            server = self.server
            try:
                answer = server.call(timeout=10)
            except OSError:  # refused or reset while the server itself restarts
                with self._lock:
                    self.unreachable += 1
                self.stop.wait(0.05)
                continue
            except http.client.HTTPException:  # in flight in a worker as it was SIGKILLed
                with self._lock:
                    self.cut += 1
                continue
            except Exception as exc:  # TwiML that does not parse
                with self._lock:
                    self.wrong.append(f"{type(exc).__name__}: {exc}")
                continue
            with self._lock:
                if answer.status != 200 or "dial 999" not in answer.text:
                    self.wrong.append(f"{answer.status}: {answer.body[:300]}")
                else:
                    self.answered.append((time.monotonic(), answer.text.startswith("Fixture Line.")))


def test_broken_menus_killed_workers_and_a_crashed_server_never_cost_a_valid_answer(tmp_path):
    server = Served(tmp_path).start().ready()
    good = {p.name: p.read_bytes() for p in server.menus.glob("*.yaml")}
    load = Load()
    load.server = server
    threads = [threading.Thread(target=load.run, daemon=True) for _ in range(LOAD_THREADS)]
    restarts: list[tuple[float, float]] = []  # when a whole server was down, until it listened again
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        time.sleep(1.5)
        (server.menus / "services.yaml").write_text("services: [ {{{\n")  # a half-saved edit
        time.sleep(2.5)  # each worker notices it, refuses it, keeps the last good menus
        os.kill(server.workers_pids()[0], signal.SIGKILL)  # one worker
        time.sleep(1.5)
        server.kill_workers()  # all of them: they boot again on the broken file
        time.sleep(2.0)
        (server.menus / "line.yaml").write_bytes(good["line.yaml"][: len(good["line.yaml"]) // 2])  # another
        time.sleep(1.0)
        down = time.monotonic()
        server.stop(signal.SIGKILL)  # the whole server crashes (master and workers)...
        server = Served(tmp_path, port=server.port).start()  # ...and is started again, on broken files
        load.server = server
        server.listening()
        restarts.append((down, time.monotonic()))
        time.sleep(3.0)
        server.kill_workers()
        time.sleep(2.0)
        for name, data in good.items():  # the maintainer fixes the files
            (server.menus / name).write_bytes(data)
        time.sleep(3.0)
        down = time.monotonic()
        server.stop(signal.SIGTERM)  # a deploy: a clean restart
        server = Served(tmp_path, port=server.port).start()
        load.server = server
        server.listening()
        restarts.append((down, time.monotonic()))
        time.sleep(2.0)
    finally:
        load.stop.set()
        for t in threads:
            t.join(15)
        server.stop()
    elapsed = time.monotonic() - started
    print(
        f"chaos: {len(load.answered)} answers in {elapsed:.1f} s, {load.unreachable} refused while restarting, "
        f"{load.cut} cut by SIGKILL, wrong: {len(load.wrong)}"
    )
    assert not load.wrong, load.wrong[:5]
    assert load.cut <= LOAD_THREADS * KILLS, load.cut
    assert len(load.answered) > 100, (len(load.answered), load.unreachable, server.output()[-3000:])
    assert all(real for _, real in load.answered), "a worker had no good menus though one was kept"
    times = [started] + [t for t, _ in load.answered] + [started + elapsed]
    gaps = [(a, b) for a, b in zip(times, times[1:], strict=False)]
    restarting = [b - a for a, b in gaps if any(a <= up + 1.0 and b >= down for down, up in restarts)]
    running = [b - a for a, b in gaps if not any(a <= up + 1.0 and b >= down for down, up in restarts)]
    print(f"longest silence: {max(running):.1f} s while workers died, {max(restarting or [0]):.1f} s through a restart")
    assert max(running) < MAX_GAP_SECONDS, f"the line was silent for {max(running):.1f} s while only workers died"
    assert max(restarting or [0]) < MAX_RESTART_SECONDS, f"a restart left the line silent for {max(restarting):.1f} s"
