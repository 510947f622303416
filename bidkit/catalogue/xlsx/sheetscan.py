"""Facts a cell reader hides, taken from a sheet's XML by a real (pull) XML parser.

python-calamine returns a formula that was never calculated and an error cell
(``#REF!``) both as ``''``, which looks like a blank cell, and it does not say
which rows and columns are hidden.  Those facts decide whether a price is real,
so they are read here from the sheet part with expat, together with the merged
ranges and how far the cells reach (extent.py): any legal spelling of the XML
(``t = 'e'``, a namespace prefix, attributes in any order) means the same.  The
part has passed the package checks (safety.py: sizes, no DTD) before this runs,
and it is parsed in chunks, so memory stays bounded however large the sheet.

Most catalogue sheets hold none of these facts, so a sheet is parsed only when
its bytes could hold one (:func:`worth_parsing`): a test that may say yes for
nothing, but never says no when a fact is there.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import cache
from posixpath import dirname, join, normpath
from xml.parsers import expat

from defusedxml import ElementTree

from bidkit.catalogue.xlsx.extent import Extent, Placer, plain, split_ref

_CHUNK = 1 << 22
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
# A formula element (<f>, <x:f>): without one, a chunk holds no formula.
_FORMULA = (re.compile(rb"<f[\s>/]"), re.compile(rb":f[\s>/]"))
# Without these bytes a chunk holds no other fact: an attribute value "e" or 'e' (an error cell;
# a character reference can spell it too), a hidden row or column, a merged range.
_MARKERS = (b'"e"', b"'e'", b"&#", b"hidden", b"mergeCell")
_TRUE = ("1", "true")
# A cell value (<v>, <x:v>) of 16 digits or more (or digits and a point), with its exponent: a
# number that may hold more than a float can (:func:`inexact`).
_LONG_NUMBER = re.compile(rb"v>\s*([-+]?[0-9.]{16,}(?:[eE][-+]?[0-9]+)?)\s*<")
_FIFTEEN = Context(prec=15, rounding=ROUND_HALF_EVEN)


class StrictWorkbookError(ValueError):
    """The workbook is saved as Strict Open XML, which the cell reader cannot read."""


class UnsafeXml(ValueError):
    """A sheet part declares a document type or entities (safety.py refuses those first)."""


@dataclass
class SheetFacts:
    """Cells, rows and columns of one sheet that need telling about (0-based indexes)."""

    uncached: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, col, last row, col
    extent: Extent | None = None  # None: every cell plainly inside A1:Z99999 (extent.plain)
    replaced: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)  # clean.py
    inexact: dict[tuple[int, int], str] = field(default_factory=dict)  # typed numbers a float cannot hold


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, following the package's relationships.

    The workbook part is usually ``xl/workbook.xml`` but may sit elsewhere (the
    package's ``_rels/.rels`` says where), and some writers store Windows paths.
    """
    names = {name.replace("\\", "/"): name for name in zf.namelist()}
    main = _main_part(zf, names)
    book = ElementTree.fromstring(zf.read(names[main]))
    if book.tag.startswith("{" + _STRICT_NS):
        raise StrictWorkbookError("strict")
    rels = _relationships(zf, names, main)
    parts: dict[str, str] = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            target = rels.get(sheet.get(f"{{{_REL_NS}}}id", ""), "")
            if target in names:
                parts[sheet.get("name", "")] = names[target]
    return parts


def _main_part(zf: zipfile.ZipFile, names: dict[str, str]) -> str:
    for rel_id, target in _relationships(zf, names, "").items():
        if rel_id.endswith("/officeDocument") and target in names:
            return target
    return "xl/workbook.xml"


def _relationships(zf: zipfile.ZipFile, names: dict[str, str], part: str) -> dict[str, str]:
    """Relationship id -> target part; for the package itself (``part == ''``), type -> target."""
    folder, base = dirname(part), part.rsplit("/", 1)[-1]
    rels_name = join(folder, "_rels", f"{base}.rels")
    if rels_name not in names:
        return {}
    found: dict[str, str] = {}
    for rel in ElementTree.fromstring(zf.read(names[rels_name])):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
        found[rel.get("Type", "") if not part else rel.get("Id", "")] = path
    return found


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The part in pieces of a few MB, each ending after a ``>`` (so no tag name is cut in two)."""
    buffer = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buffer += chunk
            cut = buffer.rfind(b">") + 1
            yield buffer[:cut]
            buffer = buffer[cut:]
    yield buffer


def _maybe_facts(chunk: bytes) -> bool:
    """False only when ``chunk`` certainly holds no fact and no cell outside A1:Z99999.

    None of the bytes looked for contains a '>', so a chunk cut after one never splits them.
    """
    return (
        any(marker in chunk for marker in _MARKERS)
        or any(formula.search(chunk) for formula in _FORMULA)
        or not plain(chunk)
        or any(inexact(number.decode("ascii")) for number in set(_LONG_NUMBER.findall(chunk)))
    )


def worth_parsing(zf: zipfile.ZipFile, member: str) -> bool:
    """False only when the part certainly holds no fact and no cell outside A1:Z99999."""
    return any(map(_maybe_facts, _chunks(zf, member)))


def scan_sheet(zf: zipfile.ZipFile, member: str) -> SheetFacts:
    """The facts of one sheet part: parsed when its bytes could hold any, else none."""
    return parse_sheet(zf, member) if worth_parsing(zf, member) else SheetFacts()


def parse_sheet(zf: zipfile.ZipFile, member: str) -> SheetFacts:
    """Parse one sheet part with expat and gather every fact, the extent included.

    Raises ``expat.ExpatError`` for XML that is not well-formed.
    """
    scan = _Scan()
    parser = expat.ParserCreate()  # no namespace processing: a prefix is dropped, as calamine does
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    scan.facts.extent = scan.place.extent
    return scan.facts


def inexact(text: str) -> bool:
    """True when a number's literal text cannot be read back: more digits than a float holds.

    ``1234567890123456.78`` reads as the float 1234567890123456.8, so what was typed is lost.
    Two long spellings are fine: Excel writes a typed 19.99 as ``19.989999999999998``, the
    same float as the 15-digit 19.99 (float noise, read as 19.99), and a program may write
    a float's own shortest spelling (``1234.567890123457``), which reads back exactly.
    """
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return False
    if not number.is_finite() or len(number.normalize().as_tuple().digits) <= 15:
        return False
    read = float(number)
    return Decimal(repr(read)) != number and read != float(_FIFTEEN.plus(number))


def _refuse(*args: object) -> None:
    raise UnsafeXml(
        "the sheet contains a document type declaration (<!DOCTYPE>), which Office never writes and which "
        "can hide an XML bomb; the file is refused"
    )


@cache
def _local(name: str) -> str:
    """An element's name without its prefix (``x:c`` -> ``c``); a sheet uses a handful of names."""
    return name.rpartition(":")[2]


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.strip().isdigit() else None


class _Scan:
    """expat's handlers: each cell placed as calamine places it, and its facts noted."""

    def __init__(self) -> None:
        self.facts = SheetFacts()
        self.place = Placer()
        self.cell: str | None = None  # the open cell's t attribute ("" without one)
        self.content = False  # the open cell has a child element (a value, a formula, inline text)
        self.formula = False
        self.value: list[str] | None = None  # the open cell's <v> text, once one is seen
        self.inline = False  # it has inline text (<is>)
        self.in_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.cell is not None:
            self.content = True
            if local == "f":
                self.formula = True
            elif local == "v":
                self.value = self.value if self.value is not None else []
                self.in_value = True
            elif local == "is":
                self.inline = True
        elif local == "c":
            self.place.cell(attrs.get("r"))
            self.cell = attrs.get("t", "")
            self.content = self.formula = self.inline = self.in_value = False
            self.value = None
        elif local == "row":
            row = self.place.row(attrs.get("r"))
            if attrs.get("hidden", "").strip() in _TRUE:
                self.facts.hidden_rows.add(row)
        elif local == "col":
            low, high = _number(attrs.get("min")), _number(attrs.get("max"))
            if attrs.get("hidden", "").strip() in _TRUE and low and high:
                self.facts.hidden_cols.update(range(low - 1, min(high, 16384)))
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        if self.in_value and self.value is not None:
            self.value.append(data)

    def end(self, name: str) -> None:
        cell = self.cell
        if cell is None:
            return
        local = _local(name)
        if local == "v":
            self.in_value = False
        elif local == "c":
            self.cell = None
            if self.content or cell:
                self._close_cell(cell)

    def _close_cell(self, kind: str) -> None:
        if self.content:
            self.place.count()
        row, col = self.place.position()
        value = None if self.value is None else "".join(self.value)
        if kind == "e":
            self.facts.errors[(row, col)] = (value or "").strip() or "#N/A"
        typed = value is not None and kind in ("", "n") and not self.formula
        if typed and value is not None and len(value) >= 16 and inexact(value):
            self.facts.inexact[(row, col)] = value.strip()
        if self.formula:
            cached = bool(value) or ((value is not None or self.inline) and kind == "str")
            if not cached:
                self.facts.uncached.append((row, col))

    def _merge(self, ref: str) -> None:
        first, _, last = ref.strip().partition(":")
        (c0, r0), (c1, r1) = split_ref(first), split_ref(last or first)
        if None not in (c0, r0, c1, r1):
            assert c0 is not None and r0 is not None and c1 is not None and r1 is not None
            self.facts.merged.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
