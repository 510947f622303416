r"""Office files from outside are checked before any parser sees them.

Catalogue workbooks arrive by e-mail from other firms and a proposal template
can come from anywhere.  An .xlsx or .docx is a zip of XML parts, and each
layer has its classic attack.  These checks are cheap (the zip directory and
the first bytes of each part) and run before any XML parser is handed a part:

* the zip directory: at most :data:`MAX_ENTRIES` entries, and no two entries
  with the same name as Office compares part names (case-insensitively, ``\\``
  read as ``/``), because readers disagree about which of the two counts;
* the sizes the zip declares, which bind (Python's zipfile and calamine's Rust
  zip both refuse to read past a declared size): at most :data:`MAX_PART` per
  part and :data:`MAX_TOTAL` in all, and no part larger than
  :data:`RATIO_FLOOR` that expands more than :data:`MAX_RATIO` times.  Zip
  bombs expand about a thousandfold; real workbooks 5 to 30 times;
* no part may contain a document type declaration (``<!DOCTYPE``).  Office
  never writes one and the Open Packaging Conventions do not allow one;
  without a DTD there is no entity to expand (the "billion laughs" bomb) and
  no external entity to read a local file (XXE).  Every part whose bytes look
  like XML is checked, whatever its name, since a relationship can point a
  reader at any part.

:func:`require_xml_defences` checks, once per process, that the XML parsers
themselves are defended too: defusedxml is installed and refuses entities
(bidkit parses workbook parts with it), openpyxl would use it, and
python-docx's lxml parser does not expand entities.
"""

from __future__ import annotations

import os
import struct
import sys
import zipfile
from functools import cache
from pathlib import Path
from typing import IO

from bidkit.errors import BidkitError

MiB = 1 << 20
MAX_ENTRIES = 10_000
MAX_DIRECTORY = 16 * MiB  # the zip's central directory, read into memory by every zip reader
MAX_PART = 256 * MiB
MAX_TOTAL = 512 * MiB
MAX_RATIO = 200
RATIO_FLOOR = 1 * MiB  # smaller parts cannot do harm whatever their ratio
PROLOG_LIMIT = 64 * 1024  # bytes before a part's first element
_READ = 4096

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


class UnsafePackage(ValueError):
    """The file is refused before parsing; the message says why, in one sentence."""


def _size(count: int) -> str:
    return f"{count / MiB:,.0f} MiB" if count >= MiB else f"{count:,} bytes"


def check_package(source: Path | IO[bytes]) -> None:
    """Raise :class:`UnsafePackage` if the zip must not be handed to a parser."""
    if isinstance(source, Path):
        with source.open("rb") as fh:
            _check_directory(fh)
            with zipfile.ZipFile(fh) as zf:
                check_zip(zf)
    else:
        _check_directory(source)
        source.seek(0)
        with zipfile.ZipFile(source) as zf:
            check_zip(zf)


def check_zip(zf: zipfile.ZipFile) -> None:
    """The entry, size and DTD checks on an open zip."""
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnsafePackage(
            f"the file holds {len(entries):,} zip entries (an Office file has a few dozen, "
            f"bidkit reads at most {MAX_ENTRIES:,}); it is refused as unsafe"
        )
    seen: dict[str, str] = {}
    total = 0
    for info in entries:
        key = info.filename.replace("\\", "/").lstrip("/").lower()
        if key in seen:
            raise UnsafePackage(
                f"the zip holds two entries named '{seen[key]}'; Office never writes that and readers "
                "disagree about which one counts, so the file is refused"
            )
        seen[key] = info.filename
        _check_sizes(info)
        total += info.file_size
    if total > MAX_TOTAL:
        raise UnsafePackage(
            f"the file would unpack to {_size(total)} (bidkit reads at most "
            f"{_size(MAX_TOTAL)}); it is refused as a possible zip bomb"
        )
    for info in entries:
        if not info.is_dir():
            _check_prolog(zf, info)


def _check_sizes(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if info.file_size > MAX_PART:
        raise UnsafePackage(
            f"the part '{name}' would unpack to {_size(info.file_size)} (bidkit reads at "
            f"most {_size(MAX_PART)} a part); it is refused as a possible zip bomb"
        )
    if info.file_size > RATIO_FLOOR:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_RATIO:
            raise UnsafePackage(
                f"the part '{name}' expands {ratio:,.0f} times when unpacked (real workbooks: under 50 "
                f"times; limit {MAX_RATIO}); it is refused as a zip bomb"
            )


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a DTD before the part's first element (the only place XML allows one)."""
    verdict = None
    head = b""
    with zf.open(info) as fh:
        while verdict is None:
            chunk = fh.read(_READ)
            head += chunk
            verdict = prolog_verdict(head, complete=not chunk)
    if verdict == "dtd":
        raise UnsafePackage(
            f"the part '{info.filename}' contains a document type declaration (<!DOCTYPE>), which Office "
            "never writes and which can hide an XML bomb or read files on this computer; the file is refused"
        )
    if verdict == "long":
        raise UnsafePackage(
            f"the part '{info.filename}' has more than {PROLOG_LIMIT // 1024} KiB before its "
            "first element, which no Office file has; the file is refused"
        )


def _decode(head: bytes) -> str:
    """The start of a part as text: UTF-16 by its byte-order mark or zero bytes, else UTF-8."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    if b"\x00" in head[:4]:
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return head[: len(head) // 2 * 2].decode(codec, errors="replace")
    return head.decode("utf-8", errors="replace")


_SPACE = " \t\r\n"


def prolog_verdict(head: bytes, complete: bool) -> str | None:
    """What comes before a part's first element: ``dtd``, ``ok`` or ``long``; None: read more.

    ``ok`` also covers parts that are not XML at all (images): no XML parser reads them.
    ``complete`` says ``head`` is the whole part.
    """
    text = _decode(head)
    i, n = (1 if text.startswith("\ufeff") else 0), len(text)
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if n - i < 4 and not complete:  # too little to tell "<!--" (a comment) from "<!DO"
            return "long" if len(head) >= PROLOG_LIMIT else None
        if not text.startswith("<", i):
            return "ok"  # the part is empty, not XML, or starts with text (the parser refuses that)
        if text.startswith("<?", i):
            closer = "?>"
        elif text.startswith("<!--", i):
            closer = "-->"
        else:
            return "dtd" if text.startswith("<!", i) else "ok"
        end = text.find(closer, i + 2)
        if end < 0:
            if complete:
                return "ok"  # an unclosed declaration: not well-formed, the parser refuses it
            return "long" if len(head) >= PROLOG_LIMIT else None
        i = end + len(closer)


def _check_directory(fh: IO[bytes]) -> None:
    """Refuse a zip whose central directory alone would fill memory, before any zip reader loads it."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    tail_size = min(size, 65536 + 22)
    fh.seek(size - tail_size)
    tail = fh.read(tail_size)
    end = tail.rfind(_EOCD)
    if end < 0 or end + 22 > len(tail):
        return  # not a zip, or a damaged one: the zip reader says so
    entries, directory = struct.unpack_from("<HI", tail, end + 10)
    locator = end - 20
    if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        fh.seek(offset)
        record = fh.read(56)
        if record[:4] == _ZIP64_EOCD and len(record) == 56:
            entries, directory = struct.unpack_from("<QQ", record, 32)
    if directory > MAX_DIRECTORY or entries > MAX_ENTRIES:
        raise UnsafePackage(
            f"the file's zip directory lists {entries:,} entries in {_size(directory)}; "
            "no Office file comes close, so it is refused as unsafe"
        )


_PROBE = b'<!DOCTYPE x [<!ENTITY e "expanded">]><x>&e;</x>'


@cache
def require_xml_defences(documents: bool = False) -> None:
    """Refuse to read untrusted Office files when an XML parser bidkit relies on is not defended.

    ``documents=True`` also checks python-docx (used on proposal templates), which costs its import.
    """
    missing = [reason for check in (_defusedxml, _openpyxl) if (reason := check())]
    if documents and (reason := _python_docx()):
        missing.append(reason)
    if missing:
        raise BidkitError(
            "bidkit will not read files from outside while "
            + "; ".join(missing)
            + " (reinstall bidkit: pip install --force-reinstall bidkit)"
        )


def _defusedxml() -> str | None:
    try:
        from defusedxml import DefusedXmlException, ElementTree
    except ImportError:
        return "defusedxml is not installed"
    try:
        ElementTree.fromstring(_PROBE)
    except DefusedXmlException:
        return None
    return "defusedxml does not refuse XML entities"


def _openpyxl() -> str | None:
    """Whether openpyxl uses defusedxml: it does when it can import it, unless OPENPYXL_DEFUSEDXML says no."""
    loaded = sys.modules.get("openpyxl.xml")
    uses = (
        getattr(loaded, "DEFUSEDXML", False)
        if loaded
        else os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
    )
    return None if uses else "openpyxl is set not to use defusedxml (OPENPYXL_DEFUSEDXML)"


def _python_docx() -> str | None:
    from docx.oxml.parser import parse_xml
    from lxml.etree import XMLSyntaxError

    try:
        element = parse_xml(_PROBE)
    except XMLSyntaxError:  # a parser that refuses the DTD outright is defended too
        return None
    return "python-docx's XML parser expands entities" if "expanded" in "".join(element.itertext()) else None
