"""``bidkit portal init|firm add|user add|serve``, run as a user runs them (a child process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bidkit.errors import BidkitError
from bidkit.portal.demo import PASSWORD_CHARACTERS, PASSWORD_LENGTH
from tests.helpers import ROOT


def bidkit(home: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = {**os.environ, "BIDKIT_PORTAL_HOME": str(home), "PYTHONPATH": str(ROOT)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BIDKIT_PORTAL_SECRET_KEY"):
        env.pop(name, None)
    run = subprocess.run([sys.executable, "-c", "from bidkit.cli import run; run()", *args], env=env,
                         cwd=home.parent, input=stdin, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    return run.returncode, run.stdout, run.stderr


def test_init_demo_firm_add_user_add(tmp_path: Path) -> None:
    home = tmp_path / "data"
    code, out, err = bidkit(home, "portal", "init", "--demo")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [f"portal data folder: {home}",
                         "demo logins (invented sample data; passwords are new on each run):"]  # fmt: skip
    logins = [re.fullmatch(r"  (\S+) +(\S+) +(\S+)(?: \(firm (\S+)\))?", line) for line in lines[2:]]
    assert all(logins), lines[2:]
    assert [m.group(1, 2, 4) for m in logins if m] == [
        ("export", "export", None), ("member", "pumpco", "pumpco"), ("member", "isopipe", "isopipe"),
        ("reviewer", "reviewer", "nordheat")]  # fmt: skip
    passwords = [m[3] for m in logins if m]
    assert all(len(p) == PASSWORD_LENGTH and set(p) <= set(PASSWORD_CHARACTERS) for p in passwords), passwords
    assert (home / "secret-key").stat().st_mode & 0o777 == 0o600
    assert (home / "portal.sqlite3").is_file()

    assert bidkit(home, "portal", "firm", "add", "newco", "--name", "New Co ApS", "--country", "dk") == (
        0, "added firm newco: New Co ApS\n", "")
    assert bidkit(home, "portal", "firm", "add", "newco", "--name", "Again", "--country", "DK") == (
        1, "", "newco: firm 'newco' exists already\n1 error; nothing was written.\n")
    assert bidkit(home, "portal", "user", "add", "nina", "--role", "member", "--firm", "newco",
                  "--password-stdin", stdin="a long pass phrase 42\n") == (0, "added member nina of firm newco\n", "")
    code, _, err = bidkit(home, "portal", "user", "add", "per", "--role", "boss", "--password-stdin")
    assert code == 2 and "'boss' is not one of 'member', 'export', 'reviewer'" in err


def test_serve_needs_an_initialised_data_folder(tmp_path: Path) -> None:
    assert bidkit(tmp_path / "none", "portal", "serve") == (
        1, "", f"{tmp_path / 'none'}: there is no portal data folder here; run `bidkit portal init` first "
               "(or set BIDKIT_PORTAL_HOME)\n1 error; nothing was written.\n")  # fmt: skip


def test_serve_runs_waitress_with_static_files(tmp_path: Path) -> None:
    home = tmp_path / "data"
    assert bidkit(home, "portal", "init")[0] == 0
    env = {**os.environ, "BIDKIT_PORTAL_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-c", "from bidkit.cli import run; run()", "portal", "serve",
                               "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        address = re.fullmatch(r"serving the portal on (http://127\.0\.0\.1:\d+/) \(Ctrl\+C stops\)\n", line)
        assert address, line
        with urllib.request.urlopen(address.group(1) + "login/", timeout=10) as page:
            assert page.status == 200
            assert 'name="username"' in page.read().decode()
        with urllib.request.urlopen(address.group(1) + "static/portal/portal.css", timeout=10) as css:
            assert css.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_firm_and_person_errors_say_what_to_fix(people: object) -> None:
    """What ``firm add`` and ``user add`` print for wrong input (the command prints these lines)."""
    from bidkit.portal.people import add_firm, add_person

    def lines(call: object, *args: object) -> list[str]:
        with pytest.raises(BidkitError) as caught:
            call(*args)  # type: ignore[operator]
        return [str(p) for p in caught.value.problems]

    assert lines(add_firm, "bad/id", "X", "XX") == [
        "bad/id: id: A firm id may hold only letters, digits, '.', '_' and '-' (at most 40).",
        "bad/id: country: Not an ISO 3166 country code (e.g. DK)."]  # fmt: skip
    assert lines(add_person, "olga", "member", "alpha", "123") == [
        "olga: This password is too short. It must contain at least 10 characters.",
        "olga: This password is too common.", "olga: This password is entirely numeric."]  # fmt: skip
    assert lines(add_person, "per", "member", "nope", "a long pass phrase 42") == [
        "per: there is no firm 'nope'; add it with `bidkit portal firm add`"]
    assert lines(add_person, "per", "member", None, "a long pass phrase 42") == [
        "per: firm: Members and reviewers belong to a firm."]
    assert lines(add_person, "per", "export", "alpha", "a long pass phrase 42") == [
        "per: firm: The export department belongs to no firm."]
    assert lines(add_person, "anna", "member", "alpha", "a long pass phrase 42") == ["anna: user 'anna' exists already"]
