"""tests/postgres.py: a throw-away PostgreSQL run as the postgres user, as root runs the tests."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import psycopg
import pytest

from tests.helpers import ROOT, missing
from tests.postgres import PostgresMissing, server_bin, temporary_postgres


@pytest.fixture
def postgres_bin() -> None:
    try:
        server_bin()
    except PostgresMissing as absent:
        missing(str(absent))


@pytest.mark.usefixtures("postgres_bin")
def test_a_server_starts_serves_a_new_database_and_is_gone_afterwards() -> None:
    with temporary_postgres() as server:
        url = server.new_database("bidkit")
        assert url == f"postgresql://postgres@127.0.0.1:{server.port}/bidkit"
        with psycopg.connect(url) as conn:
            conn.execute("CREATE TABLE t (price numeric(12, 2))")
            conn.execute("INSERT INTO t VALUES (1234.50)")
            assert conn.execute("SELECT price, current_user FROM t").fetchone() == (Decimal("1234.50"), "postgres")
        folder = server.folder
        assert folder.owner() == "postgres"
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=3)


@pytest.mark.usefixtures("postgres_bin")
def test_the_runner_gives_its_command_a_database_url_and_its_exit_code() -> None:
    code = "import os, sys; print(os.environ['DATABASE_URL']); sys.exit(3)"
    done = subprocess.run([sys.executable, "-m", "tests.postgres", sys.executable, "-c", code],
                          cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 3
    assert done.stdout.splitlines()[-1].startswith("postgresql://postgres@127.0.0.1:")
    assert done.stdout.splitlines()[-1].endswith("/bidkit")
