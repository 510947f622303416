"""Office documents zipped so that the same parts always give the same bytes.

A .docx or .xlsx is a zip of XML parts.  Everything in the zip that could differ
between two builds of the same bid is fixed: the parts keep the order they are
given in, every entry is dated 1980-01-01 00:00 (the earliest a zip can hold),
says it was made on Unix with the mode rw-r--r--, and is deflated at one fixed level.
The bytes then depend only on the parts and on zlib.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

ENTRY_DATE = (1980, 1, 1, 0, 0, 0)
LEVEL = 1  # zlib's fastest: the parts are repetitive XML, which it packs nearly as well as its default
_UNIX = 3
_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """The parts, in the order given, as a zip with fixed entry dates and attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, body in parts:
            entry = zipfile.ZipInfo(name, date_time=ENTRY_DATE)
            entry.create_system = _UNIX
            entry.external_attr = _MODE
            package.writestr(entry, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
    return buffer.getvalue()


def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    """Every part of a zip, in the order it holds them."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(entry.filename, package.read(entry)) for entry in package.infolist()]
