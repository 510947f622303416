"""Read catalogues kept between builds, so a rebuild reads no workbook that has not changed.

The night before a deadline a bid is rebuilt again and again while its twenty
catalogues stay the same, and reading their rows is most of a cold build.  So each
workbook that loaded without errors is stored once read:

* **Key**: the SHA-256 of the workbook's bytes and the bidkit version (a new
  bidkit may read a workbook differently, so its entries are never reused).
* **Place**: ``BIDKIT_CACHE_DIR``, else the user cache folder (platformdirs); a
  folder another user owns or others can write to is refused (store.py).
* **Format**: plain values only (text, whole numbers, bytes, tuples, lists, dicts),
  serialised with :mod:`marshal` behind a SHA-256 checksum of the body.  Loading an
  entry never runs code (no pickle).  The components are stored column by column
  in the loader's plain form (:data:`~bidkit.catalogue.contract.model.PLAIN_FIELDS`),
  so that an entry is a few large objects rather than one object per cell:

  - a column of text is one string, each text ended by :data:`SEP`, a character
    clean text never holds, so that it splits back into exactly the texts stored;
  - a column with few distinct values (at most 256) keeps them once, with each
    row's index into them as one byte (:func:`pack_column`); a row's value is looked up
    only when the row is (:class:`Coded`).
* **Checks**: a corrupt, truncated, foreign or stale entry fails the checksum or
  the format, version and workbook digest: it is ignored and rebuilt.  An entry
  that passes those is then checked value by value (:func:`check_body`) with the
  rules the reader applies to the cells: a price a non-negative number of whole
  cents, ISO currency and country codes, whole weeks, dates, text without the
  characters the reader replaces, unique SKUs, sorted price breaks.  Whoever wrote
  the entry, it can carry nothing the reader would have refused.  An entry that
  fails is refused with a warning and the workbook is read again.  The checks go
  column by column, on the form stored: a joined column of text is checked in one
  pass over the joined string (and must split into one text per row), and a column
  of distinct values and indexes has every value checked and every index in range.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import chain, pairwise
from pathlib import Path
from typing import Any, overload

from bidkit.catalogue.contract.clean import is_clean
from bidkit.catalogue.contract.headers import REQUIRED_COMPONENT_FIELDS
from bidkit.catalogue.contract.model import PLAIN_FIELDS, Catalogue, Components, Member
from bidkit.codes import is_country, is_currency
from bidkit.errors import Location, Problem, Severity
from bidkit.speed.store import cache_root, folder_refusal, seal, store, unseal

ENTRY_FORMAT = 4  # 4: text columns joined, columns of few values stored once with indexes
MAGIC = b"bidkit catalogue cache\n"
KEEP_ENTRIES = 200  # the newest entries kept; older ones are removed when a new one is written
REFUSED = "the cached copy of this catalogue failed its checks and was ignored; the workbook was read again"
MAX_ROW = 10_000_000  # no sheet the reader lays out reaches further (xlsx/extent.py: MAX_CELLS)

Decoded = tuple[Catalogue, list[Problem]]  # the catalogue and the warnings its reading gave

# Ends each text of a joined column.  The reader replaces every control character (clean.py),
# so no text it gives holds one: a joined column splits back into exactly the texts stored, and
# a text that held one would split into one text too many and be refused.
SEP = "\x00"
if is_clean(SEP):
    raise ImportError("SEP must be a character the catalogue reader never leaves in a text")
TEXT_FIELDS = frozenset({"name", "unit", "currency", "description", "category", "origin_country", "hs_code",
                         "datasheet"})  # fmt: skip
_BYTES = bytes(range(256))  # an indexed column has at most 256 distinct values: its index is one byte a row


class StaleEntry(Exception):
    """An entry that must not be used: corrupt, from another version, or for other bytes."""


class RefusedEntry(StaleEntry):
    """An intact entry for this workbook holding a value the catalogue reader would have refused."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def version() -> str:
    import bidkit

    return bidkit.__version__


def default_folder() -> Path:
    """``<cache root>/catalogues`` (bidkit/speed/store.py: cache_root)."""
    return cache_root() / "catalogues"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --- one entry: a loaded catalogue as plain values ---


def _problem(problem: Problem) -> tuple[Any, ...]:
    where = problem.location
    place = None if where is None else (where.line, where.column, where.sheet, where.cell)
    return (problem.message, str(problem.severity), place)


def encode(catalogue: Catalogue, problems: list[Problem]) -> bytes:
    """A catalogue the loader read, and its warnings, as an entry: magic, checksum, marshalled body."""
    components = catalogue.components
    if not isinstance(components, Components):
        raise TypeError("only a catalogue the loader read can be cached")
    m = catalogue.member
    columns = zip(PLAIN_FIELDS, components.columns, strict=True)
    values = {field: pack_column(field, column) for field, column in columns}
    body = marshal.dumps({
        "format": ENTRY_FORMAT, "version": version(), "source": catalogue.sha256,
        "member": (m.id, m.name, m.currency, m.country, m.vat_id, m.contact,
                   None if m.catalogue_date is None else m.catalogue_date.isoformat()),
        "sheet": catalogue.sheet, "header_row": catalogue.header_row, "columns": dict(catalogue.columns),
        "titles": dict(catalogue.titles), "problems": [_problem(p) for p in problems],
        "count": len(components.skus), "skus": join_texts(list(components.skus)), "values": values,
    })  # fmt: skip
    return seal(MAGIC, body)


def join_texts(texts: list[str]) -> str:
    """Texts as one string, each ended by :data:`SEP`."""
    return SEP.join(texts) + SEP if texts else ""


Stored = tuple[Any, bytes | None]  # a column as stored: its values, and each row's index into them or None


def pack_column(field: str, column: Sequence[Any]) -> Stored:
    """A column as stored: ``(values, None)``, or each distinct value once and every row's index into them.

    A column is indexed, one byte a row, when it has at most 256 distinct values and at most one for
    every two rows.  Text is joined (:func:`join_texts`).
    """
    values = list(column)
    distinct = list(dict.fromkeys(values))
    if len(distinct) > len(_BYTES) or len(distinct) * 2 > len(values):
        return (join_texts(values) if field in TEXT_FIELDS else values), None
    position = {value: i for i, value in enumerate(distinct)}
    index = bytes(map(position.__getitem__, values))
    return (join_texts(distinct) if field in TEXT_FIELDS else distinct), index


class Coded(Sequence[Any]):
    """A column of few distinct values: the values once, and each row's index into them.

    A row's value is looked up when it is asked for, so a catalogue read from the cache
    makes no object per row; the values and indexes were checked when the entry was read.
    """

    __slots__ = ("_index", "_values")

    def __init__(self, values: tuple[Any, ...], index: bytes):
        self._values = values
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self._values[k] for k in self._index[i]]
        return self._values[self._index[i]]

    def __iter__(self) -> Iterator[Any]:
        return map(self._values.__getitem__, self._index)


def decode(entry: bytes, digest: str, label: str) -> Decoded:
    """The catalogue an entry holds, for the workbook with SHA-256 ``digest`` shown as ``label``.

    Raises :class:`StaleEntry` unless the checksum, the format, the bidkit version and the
    workbook's digest all match, and :class:`RefusedEntry` when a value fails its check.
    """
    sealed = unseal(MAGIC, entry)
    if sealed is None:
        raise StaleEntry("not a catalogue cache entry, or a damaged one")
    try:
        body = marshal.loads(sealed)
    except (EOFError, ValueError, TypeError):
        raise StaleEntry("unexpected content") from None
    if not isinstance(body, dict):
        raise StaleEntry("unexpected content")
    if (body.get("format"), body.get("version"), body.get("source")) != (ENTRY_FORMAT, version(), digest):
        raise StaleEntry("written for another bidkit version or another workbook")
    skus, columns = check_body(body)
    return _catalogue(body, skus, columns, digest, label)


def _catalogue(body: dict[str, Any], skus: list[str], columns: list[Sequence[Any]], digest: str,
               label: str) -> Decoded:  # fmt: skip
    """The catalogue of a checked body, its components from the checked ``skus`` and ``columns``."""
    member_id, name, currency, country, vat_id, contact, catalogue_date = body["member"]
    member = Member(id=member_id, name=name, currency=currency, country=country, vat_id=vat_id,
                    contact=contact, catalogue_date=_date(catalogue_date))  # fmt: skip
    components = Components(member.id, skus, columns)
    catalogue = Catalogue(
        path=label, member=member, components=components, sha256=digest, sheet=body["sheet"],
        header_row=body["header_row"], columns=body["columns"], titles=body["titles"],
    )  # fmt: skip
    problems = []
    for message, severity, place in body["problems"]:
        where = None if place is None else Location(label, *place)
        problems.append(Problem(message, where, Severity(severity)))
    return catalogue, problems


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


# --- checking a body: the reader's rules, column by column ---


def _require(ok: bool, reason: str) -> None:
    if not ok:
        raise RefusedEntry(reason)


def _types(values: Iterable[Any], *allowed: type) -> bool:
    return set(map(type, values)) <= set(allowed)


# Texts joined and framed by SEP (which clean text never holds): a SEP beside a space is a text
# with a space at one end.
_UNSTRIPPED = re.compile(r"\x00(?:(?<=\s\x00)|(?=\s))")
if SEP != "\x00":
    raise ImportError("_UNSTRIPPED and _PLAIN_QUANTITIES look for SEP")
# The plain decimal text of a number >= 0 ("350", "0.1"): such a quantity needs no Decimal to check.
_PLAIN_QUANTITIES = re.compile(r"(?:(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?+\x00)*+")


def _texts(values: Sequence[Any], what: str, required: bool = False) -> None:
    """Text as the reader leaves it: stripped, without the characters it replaces (clean.py)."""
    joined = "".join(values)  # a TypeError unless every value is text: refused (check_body)
    _require(is_clean(joined), f"{what}: a character the reader replaces")
    framed = "\x00" + "\x00".join(values) + "\x00"
    _require(not _UNSTRIPPED.search(framed), f"{what}: spaces around the text")
    _require(not required or "" not in values, f"{what}: empty")


def _split(joined: Any, what: str, required: bool = False) -> list[str]:
    """The texts of a joined column (:func:`join_texts`), checked as :func:`_texts` checks them.

    The checks run on the joined string.  A text that held SEP has become two, so the caller
    checks how many texts there are.
    """
    _require(type(joined) is str, f"{what}: wrong type")
    _require(joined == "" or joined[-1] == SEP, f"{what}: wrong shape")
    _require(is_clean(joined.replace(SEP, "")), f"{what}: a character the reader replaces")
    _require(not _UNSTRIPPED.search(SEP + joined), f"{what}: spaces around the text")
    _require(not required or not (joined.startswith(SEP) or SEP + SEP in joined), f"{what}: empty")
    texts: list[str] = joined.split(SEP)
    texts.pop()  # after the last SEP
    return texts


def _column(stored: Any, field: str, count: int, required: bool = False) -> tuple[list[Any], Sequence[Any]]:
    """A stored column (:func:`pack_column`): the values to check, and the column of ``count`` rows.

    The values to check are each distinct value once when the column is indexed.  Text is
    checked here; the rest by the caller.
    """
    values, index = stored
    if field in TEXT_FIELDS:
        values = _split(values, field, required)
    _require(type(values) is list, f"{field}: wrong type")
    if index is None:
        _require(len(values) == count, f"{field}: wrong number of values")
        return values, values
    _require(type(index) is bytes and len(index) == count, f"{field}: wrong number of values")
    # deleting every byte that indexes a value leaves nothing
    _require(not index.translate(None, _BYTES[: len(values)]), f"{field}: index out of range")
    return values, Coded(tuple(values), index)


def _is_price(text: str) -> bool:
    """A price as the reader writes it as text: whole cents, not negative (cells.to_price)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False
    return (
        str(number) == text and number.is_finite() and number >= 0
        and number.as_tuple().exponent == -2 and len(number.as_tuple().digits) <= 28
    )  # fmt: skip


def _is_quantity(text: str) -> bool:
    """A quantity, weight or CO2e as the reader writes it: finite, not negative (cells.to_quantity)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False
    return str(number) == text and number.is_finite() and not number.is_signed()


def _is_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _each_distinct(values: Iterable[Any], check: Callable[[Any], bool], kind: type = str) -> bool:
    """Every distinct value of type ``kind`` and passing ``check`` (each checked once)."""
    distinct = set(values)
    return all(type(v) is kind for v in distinct) and all(map(check, distinct))


def _quantities(values: Iterable[str]) -> bool:
    """Every text a quantity (:func:`_is_quantity`); plain decimal texts are told at once."""
    distinct = set(values)
    try:
        joined = join_texts(list(distinct))
    except TypeError:  # not all text
        return False
    if _PLAIN_QUANTITIES.fullmatch(joined):
        return True
    return all(map(_is_quantity, distinct))


def _optional(values: Sequence[Any], kind: type, check: Callable[[Any], bool], what: str) -> None:
    """A column of None or ``kind`` values, each given one passing ``check``."""
    given = set(values)
    given.discard(None)
    accepted = _quantities(given) if check is _is_quantity else _each_distinct(given, check, kind)
    _require(accepted, f"{what}: refused value")


def _prices(values: Sequence[Any], what: str) -> None:
    """Whole cents as an int (from a number cell) or the Decimal's text (cells.to_price)."""
    kinds = set(map(type, values))
    _require(kinds <= {int, str}, f"{what}: wrong type")
    cents = values if kinds == {int} else [v for v in values if type(v) is int]
    _require(not cents or (min(cents) >= 0 and max(cents) < 10**28), f"{what}: refused value")
    if str in kinds:
        _require(_each_distinct((v for v in values if type(v) is str), _is_price), f"{what}: refused value")


def _codes(values: Sequence[Any], what: str, known: Callable[[str], bool], optional: bool) -> None:
    accepted = _each_distinct(values, lambda code: (optional and code == "") or known(code))
    _require(accepted, f"{what}: unknown code")


def _extra(values: Sequence[Any], what: str) -> None:
    """(name, text) pairs, the same names in every row."""
    _require(_types(values, tuple), f"{what}: wrong type")
    pairs = list(chain.from_iterable(values))
    _require(_types(pairs, tuple) and all(len(p) == 2 for p in pairs), f"{what}: wrong shape")
    _texts([text for pair in pairs for text in pair], what)
    if not pairs:
        return
    names = [name for name, _ in values[0]]
    width = len(names)
    _require(all(len(row) == width for row in values), f"{what}: different columns in different rows")
    given = [name for name, _ in pairs]
    for k, name in enumerate(names):
        _require(set(given[k::width]) == {name}, f"{what}: different columns in different rows")
    _require("" not in names and len(set(names)) == width, f"{what}: bad column names")


def _price_breaks(values: Sequence[Any], what: str) -> None:
    """(min_qty, unit_price, row) each, sorted by min_qty with no two alike (components.read_price_breaks)."""
    _require(_types(values, tuple), f"{what}: wrong type")
    breaks = list(chain.from_iterable(values))
    _require(_types(breaks, tuple) and all(len(b) == 3 for b in breaks), f"{what}: wrong shape")
    if not breaks:
        return
    quantities, prices, rows = zip(*breaks, strict=True)
    _require(_quantities(quantities), f"{what}: refused min_qty")
    _require(_each_distinct(prices, _is_price), f"{what}: refused price")
    _require(_types(rows, int) and min(rows) > 1 and max(rows) <= MAX_ROW, f"{what}: refused row")
    for row in values:
        if len(row) > 1:
            steps = [Decimal(q) for q, _, _ in row]
            _require(all(a < b for a, b in pairwise(steps)), f"{what}: not sorted")


_LETTERS = re.compile(r"[A-Z]{1,3}")


def _meta(body: dict[str, Any]) -> None:
    """The member, where the components came from, and the warnings."""
    member = body["member"]
    _require(type(member) is tuple and len(member) == 7, "member: wrong shape")
    member_id, name, currency, country, vat_id, contact, catalogue_date = member
    _require(type(member_id) is str and member_id != "", "member id")
    _texts([name, vat_id, contact], "member")
    _require(name != "", "member name: empty")
    _codes([currency], "member currency", is_currency, optional=False)
    _codes([country], "member country", is_country, optional=True)
    _optional([catalogue_date], str, _is_date, "catalogue date")
    sheet, header_row, columns, titles = body["sheet"], body["header_row"], body["columns"], body["titles"]
    _require(type(sheet) is str and sheet != "", "sheet name")
    _require(type(header_row) is int and 1 <= header_row <= MAX_ROW, "header row")
    _require(type(columns) is dict and type(titles) is dict and set(columns) == set(titles), "columns")
    _require(set(REQUIRED_COMPONENT_FIELDS) <= set(columns) <= {"sku", *PLAIN_FIELDS}, "columns")
    _require(_types(columns.values(), str) and all(map(_LETTERS.fullmatch, columns.values())), "columns")
    _texts(list(titles.values()), "titles", required=True)
    problems = body["problems"]
    _require(type(problems) is list, "problems")
    for problem in problems:
        _require(type(problem) is tuple and len(problem) == 3, "problems")
        message, severity, place = problem
        # a catalogue with errors is never cached, so an entry holds warnings only
        _require(type(message) is str and severity == str(Severity.WARNING), "problems")
        _require(place is None or (type(place) is tuple and len(place) == 4), "problems")
        if place is not None:
            line, column, sheet_name, cell = place
            _require(_types((line, column), int, type(None)) and _types((sheet_name, cell), str, type(None)),
                     "problems")  # fmt: skip


def check_body(body: dict[str, Any]) -> tuple[list[str], list[Sequence[Any]]]:
    """The SKUs and the columns (:data:`PLAIN_FIELDS`) of a body whose every value the reader could give.

    Raises :class:`RefusedEntry` when a value is one the catalogue reader would have refused, or
    the layout is not the one :func:`encode` writes.
    """
    try:
        _meta(body)
        count, values = body["count"], body["values"]
        _require(type(count) is int and type(values) is dict and list(values) == list(PLAIN_FIELDS), "layout")
        skus = _split(body["skus"], "sku", required=True)
        _require(len(skus) == count, "sku: wrong number of values")
        _require(len(set(skus)) == count, "sku: the same SKU twice")
        columns: dict[str, Sequence[Any]] = {}

        def column(field: str, required: bool = False) -> list[Any]:
            """The values of one column to check; its column is kept."""
            checked, columns[field] = _column(values[field], field, count, required)
            return checked

        for name in ("name", "unit"):
            column(name, required=True)
        for name in ("description", "category", "hs_code", "datasheet"):
            column(name)
        _prices(column("unit_price"), "unit_price")
        _codes(column("currency"), "currency", is_currency, optional=False)
        _codes(column("origin_country"), "origin_country", is_country, optional=True)
        _optional(column("lead_time_weeks"), int, lambda weeks: weeks >= 0, "lead_time_weeks")
        for name in ("min_order_qty", "weight_kg", "co2e_kg"):
            _optional(column(name), str, _is_quantity, name)
        _optional(column("valid_until"), str, _is_date, "valid_until")
        _extra(column("extra"), "extra")
        _price_breaks(column("price_breaks"), "price_breaks")  # their rows are on the PriceBreaks sheet
        rows = column("row")
        header_row = body["header_row"]
        _require(_types(rows, int) and len(set(columns["row"])) == count, "row")
        _require(not rows or (min(rows) > header_row and max(rows) <= MAX_ROW), "row")
        return skus, [columns[field] for field in PLAIN_FIELDS]
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, RefusedEntry):
            raise
        raise RefusedEntry(f"unexpected layout ({type(exc).__name__})") from None


# --- the folder of entries ---


class CatalogueCache:
    """Entries in one folder, named by workbook digest and bidkit version."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else default_folder()

    def refusal(self) -> tuple[bool, Problem | None]:
        """Whether the folder can be used, and the warning to show when it is refused (store.py).

        A folder that cannot be made is not used either, without a warning: it only costs time.
        """
        try:
            reason = folder_refusal(self.folder)
        except OSError:
            return False, None
        if reason is None:
            return True, None
        return False, Problem(reason, Location(str(self.folder)), Severity.WARNING)

    def path(self, digest: str) -> Path:
        safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in version())
        return self.folder / f"{digest}-{safe}.cat"

    def get(self, digest: str, label: str) -> Decoded | Problem | None:
        """The cached read of the workbook with this digest, shown as ``label``.

        None when there is no usable entry (missing, corrupt or stale: the workbook is read);
        a warning when the entry failed its checks (it is refused, and the workbook is read).
        """
        try:
            entry = self.path(digest).read_bytes()
        except OSError:
            return None
        try:
            return decode(entry, digest, label)
        except RefusedEntry:
            return Problem(REFUSED, Location(label), Severity.WARNING)
        except StaleEntry:
            return None

    def put(self, digest: str, entry: bytes) -> None:
        """Store an entry; a cache that cannot be written only costs the next build time."""
        store(self.path(digest), entry, KEEP_ENTRIES)
