"""Start the portal as a user does: ``bidkit portal init``, firms and people, ``bidkit portal serve``.

Every step is the real command in a process of its own (this worktree's code on PYTHONPATH), so the
browser tests see what a user sees: the WSGI server, static files, the settings read from the
environment.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT
from tests.postgres import free_port

PASSWORD = "correct-horse-battery-42"

# The firms (member ids as in catalogues/) and the people the browser tests log in as.
# "corpus" is the member id of the hostile-input corpus's workbooks (tests/corpus/make_corpus.py).
FIRMS = {"pumpco": ("PumpCo A/S", "DK"), "nordheat": ("NordHeat ApS", "DK"),
         "corpus": ("Corpus Components A/S", "DK")}  # fmt: skip
PEOPLE = {
    "anna": ("member", "pumpco"),
    "bo": ("member", "nordheat"),
    "carl": ("member", "corpus"),
    "eva": ("export", None),
}


@dataclass(frozen=True, slots=True)
class PortalServer:
    """A running portal: its address, its data folder and the password every person has."""

    url: str
    home: Path
    database: str
    password: str = PASSWORD


def portal_environment(home: Path, database_url: str | None) -> dict[str, str]:
    """The environment of every portal command: this worktree's code, the data folder, the database.

    The portal's own default settings, as a user gets them: not the settings module that the
    Django-level tests (tests/portal/conftest.py) put into this process's environment.
    """
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(ROOT), BIDKIT_PORTAL_HOME=str(home))
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def bidkit(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    """Run one ``bidkit`` command; its output, or a failure that shows what it printed."""
    done = subprocess.run([sys.executable, "-m", "bidkit", *args], env=env, input=stdin, text=True,
                          capture_output=True, check=False, timeout=300, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, f"bidkit {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


@contextlib.contextmanager
def start_portal(home: Path, database_url: str | None) -> Iterator[PortalServer]:
    """Set up the portal's data folder (and database), add firms and people, serve it; stop it after."""
    env = portal_environment(home, database_url)
    bidkit(env, "portal", "init")
    for firm, (name, country) in FIRMS.items():
        bidkit(env, "portal", "firm", "add", firm, "--name", name, "--country", country)
    for username, (role, firm) in PEOPLE.items():
        where = ["--firm", firm] if firm else []
        bidkit(env, "portal", "user", "add", username, "--role", role, *where, "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
    port = free_port()
    log = (home / "serve.log").open("w+", encoding="utf-8")
    serve = subprocess.Popen([sys.executable, "-m", "bidkit", "portal", "serve", "--host", "127.0.0.1",
                              "--port", str(port)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/login/", serve, log)
        yield PortalServer(url, home, "postgresql" if database_url else "sqlite")
    finally:
        serve.terminate()
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        log.close()


def wait_until_answering(url: str, serve: subprocess.Popen[bytes], log: object, seconds: float = 90) -> None:
    """Poll ``url`` until the server answers 200; fail with its log if it exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            raise AssertionError(f"bidkit portal serve exited {serve.returncode}:\n{_log_text(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"bidkit portal serve did not answer {url} within {seconds:.0f} s:\n{_log_text(log)}")


def _log_text(log: object) -> str:
    log.seek(0)  # type: ignore[attr-defined]
    return str(log.read())  # type: ignore[attr-defined]
