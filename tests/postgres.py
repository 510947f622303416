"""A throw-away PostgreSQL server for the portal's tests, started as the ``postgres`` user under root.

Tests and CI run as root, and PostgreSQL refuses to run as root, so there ``initdb`` and ``pg_ctl``
run through ``runuser -u postgres`` in a temporary folder that user owns; anyone else runs them as
themselves.  Either way the server's superuser is called ``postgres``.  The server listens on
127.0.0.1 on a free port (its socket stays in that folder), trusts local connections, and is
stopped and removed when the ``with`` block ends.  Debian's ``postgresql`` package provides the
binaries (``/usr/lib/postgresql/<version>/bin``) and the ``postgres`` user.

Two uses:

- in-process, ``with temporary_postgres() as server:`` then ``server.new_database(name)``, e.g. for a
  portal server started by a browser test;
- as a runner, ``python -m tests.postgres COMMAND…`` runs COMMAND with ``DATABASE_URL`` naming an
  empty database on such a server; ``make test`` runs the portal's tests a second time this way.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import in_ci

RUN_AS = "postgres"
MISSING = "PostgreSQL is not installed (Debian's postgresql package); `make test` installs it with apt-get"


class PostgresMissing(RuntimeError):
    """PostgreSQL's server binaries, its user or runuser are not on this machine."""


def server_bin() -> Path:
    """The folder of Debian's PostgreSQL server binaries (the newest version installed)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: _version(p.parent.parent))
    if not found:
        raise PostgresMissing(MISSING)
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise PostgresMissing(f"{MISSING} (root needs runuser to start it as '{RUN_AS}')")
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            raise PostgresMissing(f"{MISSING} (no '{RUN_AS}' user)") from None
    return found[-1].parent


def _version(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in folder.name.split(".") if part.isdigit())


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class PostgresServer:
    """A running server: where it listens and who may connect (the superuser, without password)."""

    bin: Path
    folder: Path
    port: int
    user: str = RUN_AS

    def url(self, database: str) -> str:
        """A ``DATABASE_URL`` for ``database`` on this server (psycopg 3 / Django)."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """Create an empty database ``name`` and return its ``DATABASE_URL``."""
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name)
        return self.url(name)

    def run(self, tool: str, *args: str) -> str:
        """Run one of the server's tools (as the ``postgres`` user under root); its output."""
        as_user = ["runuser", "-u", RUN_AS, "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*as_user, str(self.bin / tool), *args],
                              capture_output=True, text=True, check=False, timeout=120, cwd=self.folder)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


@contextlib.contextmanager
def temporary_postgres() -> Iterator[PostgresServer]:
    """Start a new PostgreSQL cluster in a temporary folder; stop it and remove it afterwards."""
    bin_ = server_bin()
    folder = Path(tempfile.mkdtemp(prefix="bidkit-postgres-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam(RUN_AS)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    server = PostgresServer(bin_, folder, free_port())
    started = False
    try:
        server.run("initdb", "-D", str(data), "-U", RUN_AS, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {server.port} -c unix_socket_directories={folder} -c fsync=off"
        server.run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start")
        started = True
        yield server
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                server.run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    """``python -m tests.postgres COMMAND…``: run COMMAND with DATABASE_URL set to a fresh database.

    Without PostgreSQL this says so and succeeds, except in CI (CI=true), where it fails.
    """
    if not argv:
        print("usage: python -m tests.postgres COMMAND [ARG…]", file=sys.stderr)
        return 2
    try:
        server_bin()
    except PostgresMissing as missing:
        print(f"{'FAILED' if in_ci() else 'SKIPPED'}: {' '.join(argv)} on PostgreSQL: {missing}", file=sys.stderr)
        return 1 if in_ci() else 0
    with temporary_postgres() as server:
        url = server.new_database("bidkit")
        print(f"running on PostgreSQL ({url}): {' '.join(argv)}", flush=True)
        return subprocess.run(argv, env={**os.environ, "DATABASE_URL": url}, check=False).returncode

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
