"""What the ``bidkit`` command does to its own process (bidkit/cli/__init__.py: run)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

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
