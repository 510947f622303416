"""Run the bidkit CLI in a child process that cannot hang the tests or take the machine down.

The child gets a hard address-space limit (RLIMIT_AS, 1 GiB: an allocation past
it fails, and calamine's abort on failure shows up as a signal, never as a
passing test) and a wall-clock timeout.  Its peak resident memory is measured
with ``wait4``, so a test can assert it too.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 1 << 30
TIMEOUT = 30.0


@dataclass(frozen=True)
class Run:
    code: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float

    def describe(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f} s, {self.peak_mib:.0f} MiB\n{self.stdout}{self.stderr}"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bidkit(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> Run:
    """``bidkit ARGS`` in ``cwd`` under the limits."""
    return run_limited([sys.executable, "-m", "bidkit", *args], cwd, env, timeout)


def start_limited(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """A command started under the memory limit, for a test that ends it itself (kill -9)."""
    return subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, preexec_fn=_limit)  # fmt: skip


def run_limited(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> Run:
    """A command under the limits; a child still running at the timeout is killed and the test fails."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL, preexec_fn=_limit)  # fmt: skip
        while True:  # wait4, not Popen.wait: it also returns the child's peak memory
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                raise AssertionError(f"{' '.join(argv)} still running after {timeout:.0f} s")
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return Run(child.returncode, stdout, stderr, time.monotonic() - start, usage.ru_maxrss / 1024)


NOTHING = "1 error; nothing was written.\n"  # how a failed command ends


def bidkit_in(folder: Path, *args: str, seconds: float | None = None) -> Run:
    """``bidkit ARGS`` in ``folder`` with its own cache, which must end cleanly: no traceback,
    no signal, under the memory limit (and within ``seconds`` when given)."""
    run = run_bidkit(list(args), folder, env={"BIDKIT_CACHE_DIR": str(folder / "cache")})
    assert "Traceback" not in run.stderr, run.describe()
    assert run.code >= 0, f"killed by signal {-run.code}: {run.describe()}"
    assert run.peak_mib * (1 << 20) < MEMORY_LIMIT, run.describe()
    assert seconds is None or run.seconds < seconds, run.describe()
    return run


def outcome(run: Run) -> tuple[int, str, str]:
    """What a user sees of a run: its exit status, its output and its errors."""
    return run.code, run.stdout, run.stderr
