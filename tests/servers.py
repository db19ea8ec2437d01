"""A real, throwaway PostgreSQL server for the tests (initdb + pg_ctl on a free port).

The server binaries come from the Debian ``postgresql`` package that
``scripts/install-test-deps.sh`` installs; a missing server is an error, never a skip.
initdb refuses to run as root, so as root (CI) the cluster runs as the ``postgres``
system user through ``runuser``. Password authentication is on, so a wrong
password really fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "iaextract"
PASSWORD = "s3cret-Pg-pass"
DATABASE = "iapro"


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL server binaries not found: run "
                       "`bash scripts/install-test-deps.sh` (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    root: Path
    port: int

    def url(self, password: str = PASSWORD, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def odbc(self, password: str = PASSWORD, database: str = DATABASE) -> str:
        return (f"odbc:Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={self.port};"
                f"Database={database};Uid={USER};Pwd={password};")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} "
                             f"password={PASSWORD} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(database=name)


def _run(args: list[str], as_root: bool) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if as_root else args
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True,
                   timeout=120)


def start_postgres() -> tuple[PostgresServer, bool]:
    """initdb a cluster in a fresh temporary folder and start it; returns (server, as_root)."""
    bin_dir = _bin_dir()
    as_root = os.geteuid() == 0
    # As root the server runs as `postgres`, which must reach the folder: /tmp always lets
    # it, a $TMPDIR under /root would not.
    root = Path(tempfile.mkdtemp(prefix="iaextract-pg-", dir="/tmp" if as_root else None))
    (root / "pw").write_text(PASSWORD + "\n")
    if as_root:
        shutil.chown(root, "postgres")
        shutil.chown(root / "pw", "postgres")
    data = root / "data"
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={root / 'pw'}",
          "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], as_root)
    port = _free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} " \
              "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
          str(root / "log"), "-w", "-t", "60", "start"], as_root)
    server = PostgresServer(root, port)
    server.create_database(DATABASE)
    return server, as_root


def stop_postgres(server: PostgresServer, as_root: bool) -> None:
    _run([str(_bin_dir() / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate",
          "stop"], as_root)
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A running PostgreSQL server with an empty database ``iapro``, for the whole session."""
    server, as_root = start_postgres()
    try:
        yield server
    finally:
        stop_postgres(server, as_root)
