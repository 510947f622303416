"""Reading the JSON files bidkit keeps beside a bid (price lock, review log) as untrusted input.

Anyone with write access to the bid's folder can put anything at these names: a
directory, a FIFO that would block a read for ever, a link to ``/dev/zero``, gigabytes
of data, bytes that are not UTF-8, text that is not JSON.  Every such case must end in
one line naming the file and what is wrong with it, never a traceback or a hang, so the
file is opened without blocking, checked to be a regular file through the open
descriptor (a swap between a check and the open cannot slip past), and read up to a
fixed number of bytes.  Only then is it decoded and parsed; the caller validates the
parsed data against its pydantic model.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bidkit.errors import BidkitError, Location
from bidkit.files import FileRefused, read_limited

MAX_STATE_FILE_BYTES = 64 * 1024 * 1024
"""The most a price lock or review log may hold.

A lock takes about 350 bytes per component and an approval about 600 bytes per line of
the bid, so this leaves room for a lock of 100,000 components or dozens of approvals of
a 2,000-line bid, while the parsed data stays far below a gigabyte of memory.
"""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_json_file(path: Path, label: str, what: str, hint: str, limit: int = MAX_STATE_FILE_BYTES) -> Any:
    """The JSON data in ``path``, or None when there is no such file.

    ``what`` names the file for the user ("the price lock") and ``hint`` says what to do
    about a bad one; every failure is a :class:`BidkitError` at ``label``.
    """
    where = Location(label)
    data = _read_bytes(path, where, what, hint, limit)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BidkitError(f"{what} is damaged (not UTF-8 text: byte {exc.start}); {hint}", where) from None
    try:
        return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BidkitError(
            f"{what} is damaged (not JSON: {exc.msg}); {hint}", Location(label, exc.lineno, exc.colno)
        ) from None
    except (ValueError, RecursionError) as exc:  # a repeated key, NaN, an over-long number, deep nesting
        reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise BidkitError(f"{what} is damaged (not JSON bidkit wrote: {reason}); {hint}", where) from None


def shown(value: Any, limit: int = 40) -> str:
    """A value from a file, for a message: as JSON (control characters escaped), cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def invalid(what: str, hint: str, exc: ValidationError, label: str) -> BidkitError:
    """The error for a file whose JSON does not fit its model: the first problem, with its place."""
    first = exc.errors(include_url=False)[0]
    field = ".".join(map(str, first["loc"])) or "top level"
    return BidkitError(f"{what} is damaged ({field}: {first['msg']}); {hint}", Location(label))


def _read_bytes(path: Path, where: Location, what: str, hint: str, limit: int) -> bytes | None:
    try:
        return read_limited(path, limit, what)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise BidkitError(f"{what} is a directory, not a file; {hint}", where) from None
    except FileRefused as exc:
        if exc.mode is None:
            raise _too_large(what, hint, limit, where) from None
        kind = next((name for test, name in _KINDS if test(exc.mode)), "a special file")
        raise BidkitError(f"{what} is {kind}, not a file; {hint}", where) from None
    except OSError as exc:
        raise BidkitError(f"cannot read {what}: {exc.strerror or exc}", where) from None


def _too_large(what: str, hint: str, limit: int, where: Location) -> BidkitError:
    megabytes = limit // (1024 * 1024)
    return BidkitError(f"{what} is larger than {megabytes} MiB, the most bidkit reads; {hint}", where)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {json.dumps(key, ensure_ascii=False)} is written twice")
            seen.add(key)
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")
