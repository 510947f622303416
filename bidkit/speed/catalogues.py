"""Parsed catalogues kept between builds, so a rebuild reads no workbook that has not changed.

The night before a deadline a bid is rebuilt again and again while its twenty
catalogues stay the same; parsing their 200,000 rows is most of a cold build.
So each workbook that loaded without errors is stored once parsed:

* **Key**: the SHA-256 of the workbook's bytes and the bidkit version (a new
  bidkit may read a workbook differently, so its entries are never reused).
* **Place**: ``BIDKIT_CACHE_DIR``, else the user cache folder (platformdirs).
* **Format**: plain values only (text, numbers, tuples, dicts) serialised with
  :mod:`marshal`, behind a SHA-256 checksum of the body.  Loading an entry can
  never run code (no pickle), and a corrupt, truncated, foreign or stale
  entry fails the checksum or the checks after it: it is ignored and rebuilt,
  never trusted.
* **Laziness**: components stay as marshalled rows and become
  :class:`~bidkit.catalogue.contract.model.Component` objects only when looked up, so a
  bid using 10,000 of 200,000 components builds 10,000 objects.  The loader
  checked every value before the entry was written; the models validate them
  once more on the way in, which pydantic does faster than it skips it.
* **Worker processes** hand their parsed workbooks back as entries too
  (batch.py), cheap to pass between processes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from array import array
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

from bidkit.catalogue.contract.model import (
    PLAIN_FIELDS,
    Catalogue,
    CheckedComponents,
    Component,
    ComponentTable,
    Member,
    PlainRow,
)
from bidkit.errors import Location, Problem, Severity
from bidkit.speed.store import seal, store, unseal

ENTRY_FORMAT = 2  # 2: a unit price read from a number is stored as whole cents
MAGIC = b"bidkit catalogue cache\n"
KEEP_ENTRIES = 200  # the newest entries kept; older ones are removed when a new one is written


Decoded = tuple[Catalogue, list[Problem], tuple[int, int]]  # catalogue, its warnings, (components, breaks)


class StaleEntry(Exception):
    """An entry that must not be used: corrupt, from another version, or for other bytes."""


def version() -> str:
    import bidkit

    return bidkit.__version__


def default_folder() -> Path:
    configured = os.environ.get("BIDKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bidkit")) / "catalogues"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --- one entry: a loaded catalogue as plain values ---


def _text(value: Decimal | date | None) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _plain_row(comp: Component) -> PlainRow:
    """A component made elsewhere (not by the loader) as a plain row, in the order of PLAIN_FIELDS."""
    values = dict(comp)  # the fields as they are (model_dump would turn price breaks into dicts)
    values["extra"] = tuple(comp.extra.items())
    values["price_breaks"] = tuple((str(b.min_qty), str(b.unit_price), b.row) for b in comp.price_breaks)
    return tuple(_text(v) if isinstance(v, Decimal | date) else v for v in map(values.get, PLAIN_FIELDS))


def _rows(components: Mapping[str, Component]) -> tuple[tuple[str, ...], Iterable[PlainRow]]:
    """The SKUs and plain rows of every component: the loader's rows as they are when it has them."""
    if isinstance(components, CheckedComponents):
        return tuple(components.rows), components.rows.values()
    return tuple(components), map(_plain_row, components.values())


def _problem(problem: Problem) -> tuple[Any, ...]:
    where = problem.location
    place = None if where is None else (where.line, where.column, where.sheet, where.cell)
    return (problem.message, str(problem.severity), place)


def encode(catalogue: Catalogue, problems: list[Problem], counts: tuple[int, int]) -> bytes:
    """A usable catalogue and its warnings as an entry: magic, checksum, marshalled body."""
    skus, plain_rows = _rows(catalogue.components)
    rows = list(map(marshal.dumps, plain_rows))  # one marshalled row per component, unpacked on lookup
    offsets = array("Q", accumulate(map(len, rows), initial=0))
    member = catalogue.member.model_dump()
    member["catalogue_date"] = _text(catalogue.member.catalogue_date)
    body = marshal.dumps({
        "format": ENTRY_FORMAT, "version": version(), "source": catalogue.sha256, "member": member,
        "sheet": catalogue.sheet, "header_row": catalogue.header_row, "columns": dict(catalogue.columns),
        "titles": dict(catalogue.titles), "problems": [_problem(p) for p in problems],
        "counts": counts, "skus": skus, "rows": b"".join(rows), "offsets": offsets.tobytes(),
    })  # fmt: skip
    return seal(MAGIC, body)


def decode(entry: bytes, digest: str, label: str) -> Decoded:
    """The catalogue an entry holds, for the workbook with SHA-256 ``digest`` shown as ``label``.

    Raises :class:`StaleEntry` unless the checksum, the format, the bidkit version and the
    workbook's digest all match.
    """
    sealed = unseal(MAGIC, entry)
    if sealed is None:
        raise StaleEntry("not a catalogue cache entry, or a damaged one")
    try:
        body = marshal.loads(sealed)
        if not isinstance(body, dict):
            raise StaleEntry("unexpected content")
        if (body.get("format"), body.get("version"), body.get("source")) != (ENTRY_FORMAT, version(), digest):
            raise StaleEntry("written for another bidkit version or another workbook")
        return _catalogue(body, digest, label)
    except (EOFError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise StaleEntry(f"unexpected content ({type(exc).__name__})") from None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _catalogue(body: dict[str, Any], digest: str, label: str) -> Decoded:
    fields = dict(body["member"])
    fields["catalogue_date"] = _date(fields["catalogue_date"])
    member = Member(**fields)
    offsets = array("Q")
    offsets.frombytes(body["offsets"])
    components = CachedComponents(member.id, body["skus"], body["rows"], offsets)
    catalogue = Catalogue.model_construct(
        path=label, member=member, components=components, sha256=digest, sheet=body["sheet"],
        header_row=body["header_row"], columns=body["columns"], titles=body["titles"],
    )  # fmt: skip
    problems = []
    for message, severity, place in body["problems"]:
        where = None if place is None else Location(label, *place)
        problems.append(Problem(message, where, Severity(severity)))
    components_count, breaks = body["counts"]
    return catalogue, problems, (int(components_count), int(breaks))


class CachedComponents(ComponentTable):
    """Components kept as marshalled rows, unpacked when a bid looks one up."""

    def __init__(self, member: str, skus: tuple[str, ...], rows: bytes, offsets: array[int]):
        if len(offsets) != len(skus) + 1 or offsets[-1] != len(rows):
            raise ValueError("row offsets do not match the rows")
        self._index = dict(zip(skus, range(len(skus)), strict=True))
        super().__init__(member, self._index)
        self._rows = rows
        self._offsets = offsets

    def plain_row(self, sku: str) -> PlainRow:
        i = self._index[sku]
        row: PlainRow = marshal.loads(memoryview(self._rows)[self._offsets[i] : self._offsets[i + 1]])
        return row


# --- the folder of entries ---


class CatalogueCache:
    """Entries in one folder, named by workbook digest and bidkit version."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else default_folder()

    def path(self, digest: str) -> Path:
        safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in version())
        return self.folder / f"{digest}-{safe}.cat"

    def get(self, digest: str, label: str) -> Decoded | None:
        """The cached load of the workbook with this digest, or None (missing, corrupt or stale)."""
        try:
            entry = self.path(digest).read_bytes()
        except OSError:
            return None
        try:
            return decode(entry, digest, label)
        except StaleEntry:
            return None

    def put(self, digest: str, entry: bytes) -> None:
        """Store an entry; a cache that cannot be written only costs the next build time."""
        store(self.path(digest), entry, KEEP_ENTRIES)
