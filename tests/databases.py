"""The databases the counts are tested on: SQLite in a temporary state folder, and
PostgreSQL, either the one ``IVR_TEST_DATABASE_URL`` names (``.ci/run`` starts a throwaway
cluster and sets it) or a throwaway cluster started here from Debian's binaries, on
127.0.0.1 at a free port, stopped at the end. Without PostgreSQL installed its tests skip,
except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

IN_CI = os.environ.get("CI") == "true"


def pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL programs (the newest version), or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A fresh PostgreSQL cluster in a temporary folder; yields its URL; stops and removes it."""
    bindir = pg_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    # Not under the test's own temporary folder: pytest makes that readable by root only, and
    # the cluster runs as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="ivr-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    as_user: list[str] = []
    if os.getuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off",
        )
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"


def pg_dump(url: str) -> str:
    """The whole database as SQL, with Debian's pg_dump."""
    bindir = pg_bin()
    exe = str(bindir / "pg_dump") if bindir and (bindir / "pg_dump").exists() else "pg_dump"
    return subprocess.run(
        [exe, "--no-owner", url.replace("postgresql+psycopg://", "postgresql://")],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
