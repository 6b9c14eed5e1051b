"""The served line against outages and abuse: broken menus while workers die, a fresh start on
broken files, and slow clients. Real servers (gunicorn with gunicorn.conf.py, ``ivr serve``)
on 127.0.0.1, each stopped by its test; every test is bounded in time."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from .serving import Nginx, Served, free_port, nginx_binary

BROKEN = "services: [ {{{\n"  # a half-saved file


@pytest.fixture
def served(tmp_path):
    servers: list[Served] = []

    def start(how: str = "gunicorn", broken: bool = False, **kwargs) -> Served:
        server = Served(tmp_path, how, **kwargs)
        if broken:
            (server.menus / "services.yaml").write_text(BROKEN)
        servers.append(server.start())
        return server

    yield start
    for server in servers:
        server.stop()


def test_a_broken_edit_then_killed_workers_still_answer_the_last_good_menu_within_5_s(served):
    line = served().ready()
    before = line.call()
    assert before.status == 200 and before.text.startswith("Fixture Line.")
    (line.menus / "services.yaml").write_text(BROKEN)
    killed = line.kill_workers()
    assert len(killed) == 2
    deadline = time.monotonic() + 5
    while True:
        try:
            answer = line.call(timeout=2)
            break
        except OSError:  # a connection reset while the workers die
            assert time.monotonic() < deadline, line.output()[-3000:]
            time.sleep(0.05)
    assert time.monotonic() < deadline
    print(f"answered {5 - (deadline - time.monotonic()):.2f} s after both workers were killed")
    assert answer.status == 200 and answer.text == before.text
    # The restarted workers booted on the broken file: the master is alive, and says what is wrong.
    assert line.proc.poll() is None and not set(line.workers_pids()) & set(killed)
    status, health = line.get("/healthz")
    assert status == 200 and '"serving_latest_edit":false' in health and "services.yaml:" in health
    # Each worker had its menus checked, and the last good version checked again, by a child
    # process (ivr.checked), and never fell back to checking them itself.
    assert "could not be checked in a child process" not in line.output(), line.output()[-3000:]


@pytest.mark.parametrize("how", ["gunicorn", "ivr serve"])
def test_a_fresh_server_on_broken_files_answers_the_safe_words_never_refuses(served, tmp_path, how):
    line = served(how, broken=True)  # and an empty state folder: no good version ever seen
    line.listening()
    for _ in range(5):
        answer = line.call()
        assert answer.status == 200, answer.body
        assert "dial 999" in answer.text and "Samaritans: 1 1 6. 1 2 3." in answer.text, answer.text
    status, health = line.get("/healthz")
    assert status == 200 and '"status":"degraded"' in health.replace(" ", "")
    assert "services.yaml:" in health and str(tmp_path) not in health
    assert "could not be checked in a child process" not in line.output(), line.output()[-3000:]


# --- slow clients ---------------------------------------------------------------------

TRICKLERS = 50
TRICKLE_SECONDS = 30


def trickle(port: int, stop: threading.Event, body: bool) -> None:
    """Hold a connection open, sending a byte at a time; reconnect when the server closes it."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                if body:  # whole headers, then a body that never quite ends
                    s.sendall(
                        b"POST /voice HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 4000\r\nX-Twilio-Signature: x\r\n\r\n"
                    )
                else:  # a request line, then headers a byte at a time
                    s.sendall(b"POST /voice HTTP/1.1\r\n")
                while not stop.wait(1.0):
                    s.sendall(b"a" if body else b"X")
        except OSError:
            stop.wait(0.2)


def nginx_or_skip() -> None:
    if nginx_binary() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed: .ci/run installs Debian's nginx when CI=true")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")


@pytest.mark.parametrize("how", ["ivr serve", "nginx in front of gunicorn.conf.py"])
def test_slow_clients_do_not_block_signed_calls(served, tmp_path, how):
    if how.startswith("nginx"):
        nginx_or_skip()
        port = free_port()
        # Behind a proxy the app checks signatures against IVR_PUBLIC_URL, as in production.
        line = served("gunicorn", env={"IVR_PUBLIC_URL": f"http://127.0.0.1:{port}"}).ready()
        proxy = Nginx(tmp_path, line.port, port=port)
    else:
        line, proxy = served(how).ready(), None
    front = proxy.port if proxy else line.port
    stop = threading.Event()
    threads = [threading.Thread(target=trickle, args=(front, stop, i % 2 == 0), daemon=True) for i in range(TRICKLERS)]
    for t in threads:
        t.start()
    times = []
    try:
        time.sleep(1.0)  # every slow connection is open
        end = time.monotonic() + TRICKLE_SECONDS
        while time.monotonic() < end:
            t0 = time.monotonic()
            answer = line.call(timeout=10, port=front)
            times.append(time.monotonic() - t0)
            assert answer.status == 200 and "dial 999" in answer.text
            time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(10)
        if proxy:
            proxy.stop()
    assert len(times) >= 20 and max(times) < 2.0, f"slowest signed call {max(times):.2f} s of {len(times)}"


def test_nginx_names_no_caller_when_the_line_is_down(tmp_path):
    """A number whose webhooks are set to HTTP GET puts ``From`` in the query; nginx's error
    line for a request it could not pass on quotes the request whole: it must not be written."""
    import urllib.error
    import urllib.request

    nginx_or_skip()
    proxy = Nginx(tmp_path, free_port())  # nothing listens upstream: the line is down
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{proxy.port}/voice?From=%2B447700900123", timeout=10)
        assert refused.value.code == 502
    finally:
        proxy.stop()
    assert "7700900123" not in proxy.log.read_text(errors="replace")
