"""What the ``bidkit`` command does to its own process (bidkit/cli/__init__.py: run)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

import bidkit.cli as cli
from tests.helpers import copy_example

# In a fresh interpreter: how many blocks glibc maps straight from the system (mallinfo2's
# hblks) for one 24 MB allocation, before and after the command's allocator setting.
_PROBE = """
import ctypes
from bidkit.cli import _keep_freed_memory
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def mapped_for_one():
    before = libc.mallinfo2().hblks
    block = libc.malloc(24 << 20)
    mapped = libc.mallinfo2().hblks - before
    libc.free(block)
    return mapped
default = mapped_for_one()
_keep_freed_memory()
print(default, mapped_for_one())
"""


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_the_command_keeps_big_blocks_in_the_heap_it_reuses() -> None:
    """By default glibc maps a big block from the system and unmaps it when freed; the command does not."""
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "0"]


def test_the_allocator_is_told_through_mallopt_where_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc gets both thresholds; a C library without mallopt (macOS, Windows) is left alone."""
    import ctypes

    from bidkit.cli import _keep_freed_memory

    calls: list[tuple[int, int]] = []

    class Glibc:
        def __init__(self, name: object) -> None:
            self.mallopt = lambda option, value: calls.append((option, value)) or 1

    class Other:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", Glibc)
    _keep_freed_memory()
    assert calls == [(-1, 32 << 20), (-3, 32 << 20)]  # M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
    monkeypatch.setattr(ctypes, "CDLL", Other)
    _keep_freed_memory()  # no AttributeError
    assert len(calls) == 2


# In a fresh interpreter: the real command builds the shipped example; what does it leave for
# os._exit to end, and with which exit code?
_LEFT_PROBE = """
import os, sys
import bidkit.cli as cli
real_exit = os._exit
def leave(code):
    left = cli._LEFT_TO_EXIT
    result = left[0]
    print(len(left), type(result).__name__, result.project.bid.spec.id, result.project.lock is None,
          len(result.pricing.lock.components), code, flush=True)
    real_exit(code)
os._exit = leave
sys.argv = ["bidkit", "build", sys.argv[1], "--out", sys.argv[2], "--quiet"]
cli.run()
"""


def test_the_command_leaves_its_build_to_the_end_of_the_process(tmp_path: Path) -> None:
    """Freeing a big build's objects as the command returns is skipped: os._exit ends them all."""
    env = {**os.environ, "BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, "-c", _LEFT_PROBE, str(copy_example(tmp_path)), str(tmp_path / "out")]
    first = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    assert first.split() == ["1", "BuildResult", "LEC-2027-014", "True", "14", "0"]  # the first lock
    again = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    assert again.split() == ["1", "BuildResult", "LEC-2027-014", "False", "14", "0"]  # priced under it


def test_a_result_is_freed_as_usual_where_the_process_goes_on(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """main() in a test or a script keeps nothing: only run(), which ends with os._exit, does."""

    class Result:
        pass

    code, _, _ = run_cli("build", str(copy_example(tmp_path)), "--out", str(tmp_path / "out"), "--quiet")
    assert (code, cli._LEFT_TO_EXIT) == (0, None)
    result = Result()
    gone = weakref.ref(result)
    cli.keep_until_exit(result)
    del result
    assert gone() is None
