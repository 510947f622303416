"""Reading a file named by someone else, with a size limit and without blocking.

A bid file, a text block or any other file a user names may be a FIFO that blocks a read
for ever, ``/dev/zero`` that never ends, or gigabytes of data.  :func:`read_limited` opens
it without blocking, checks through the open descriptor that it is a regular file (so a
swap between a check and the open cannot slip past) and reads at most ``limit`` bytes.
The caller turns :class:`FileRefused` into its own error at the file's label; an
``OSError`` (missing, no permission, a loop of links) passes through unchanged.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
# Names that go into file names: a bid's id and revision, a member's id.  The longest name bidkit
# writes (or will: the work-share files) is "<id>-<revision>-workshare-<member>.xlsx" plus the 18
# characters of a temporary name's ".<name>.<12 hex>.tmp": 64 + 1 + 64 + 11 + 64 + 5 + 18 = 227
# ASCII bytes, within the 255 bytes every common file system allows for one name.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
MAX_NAME_LENGTH = 64
MAX_TEXT_BLOCK = 1 << 20  # bytes a text block may hold: a long block is 20 KB (docs/security.md)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class FileRefused(ValueError):
    """The file is not a regular file, or larger than the limit; the text says which.

    ``mode`` is the file's mode when it is not a regular file, else None, so that a caller
    with its own words for the refusal can tell the two apart.
    """

    def __init__(self, message: str, mode: int | None = None):
        super().__init__(message)
        self.mode = mode


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a message ("a named pipe (FIFO)")."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def size_text(limit: int) -> str:
    """A byte limit as people read it: 20 MiB, 1 MiB, 512 KiB."""
    if limit % (1 << 20) == 0:
        return f"{limit >> 20} MiB"
    return f"{limit >> 10} KiB" if limit % (1 << 10) == 0 else f"{limit:,} bytes"


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes (``what``: "a bid file").

    Raises :class:`FileRefused` for anything else and ``OSError`` when the file cannot be opened.
    """
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"this is {kind_of(info.st_mode)}, not a file; give {what}", info.st_mode)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, what)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)  # the file may have grown since
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(None, limit, what)
    return data


def _too_large(size: int | None, limit: int, what: str) -> FileRefused:
    shown = f" ({size / (1 << 20):,.1f} MiB)" if size is not None else ""
    return FileRefused(f"the file is too large{shown}: bidkit reads at most {size_text(limit)} for {what}")
