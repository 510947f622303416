"""Facts a cell reader hides, taken straight from a sheet's XML in one streaming pass.

python-calamine returns a formula that was never calculated and an error
cell (``#REF!``) both as ``''``, which looks like a blank cell, and it does
not say which rows are hidden.  Those facts decide whether a price is real,
so they are read here from the bytes: the sheet part is decompressed in
chunks (memory stays bounded however large the sheet) and searched with
``bytes.find``, which costs about as much as the decompression itself.  Only
chunks that contain a formula, an error or a ``hidden`` attribute get a
closer look, so a plain 200,000-row sheet adds a fraction of a second.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from posixpath import dirname, join, normpath

from defusedxml import ElementTree

from bidkit.catalogue.xlsx.extent import col_index, plain

_CHUNK = 1 << 22
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_ROW_NO = re.compile(rb"""\sr\s*=\s*["']([0-9]{1,7})["']""")
_MIN = re.compile(rb"""\smin\s*=\s*["']([0-9]{1,5})["']""")
_MAX = re.compile(rb"""\smax\s*=\s*["']([0-9]{1,5})["']""")
_STR_RESULT = re.compile(rb"""\st\s*=\s*["']str["']""")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([^<]*)<")
_SEPARATORS = b" \t\r\n>/"
_ERROR_TYPE = re.compile(rb"""t=(?:"e"|'e')""")


class StrictWorkbookError(ValueError):
    """The workbook is saved as Strict Open XML, which the cell reader cannot read."""


@dataclass
class SheetFacts:
    """Cells and rows of one sheet that need telling about (0-based indexes)."""

    uncached: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    plain: bool = True  # every cell plainly inside A1:Z99999 (extent.py); else the extent is measured
    replaced: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)  # clean.py


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


def scan_sheet(zf: zipfile.ZipFile, member: str) -> SheetFacts:
    """Stream one sheet part and collect its facts."""
    facts = SheetFacts()
    prefix: bytes | None = None
    buffer = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buffer += chunk
            if prefix is None:
                found = _PREFIX.search(buffer[:4096])
                prefix = (found.group(1) or b"") if found else b""
            cut = buffer.rfind(b"</" + prefix + b"row>")
            if cut >= 0:
                cut += len(prefix) + 6
                _scan(buffer[:cut], prefix, facts)
                buffer = buffer[cut:]
    _scan(buffer, prefix or b"", facts)
    return facts


@cache
def _formula_tag(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(b"<" + re.escape(prefix) + rb"f[ \t\r\n>/]")


def _scan(part: bytes, prefix: bytes, facts: SheetFacts) -> None:
    # Searching with a regular expression that starts with a literal (``<f``, ``t=``) is faster
    # than ``in`` with a needle this short, whose common bytes barely let it skip ahead.
    if facts.plain:
        facts.plain = plain(part)
    if _formula_tag(prefix).search(part):
        _formulas(part, prefix, facts)
    if _ERROR_TYPE.search(part):
        _errors(part, prefix, facts)
    if b"hidden=" in part:
        _hidden(part, prefix, facts)


def _cell_at(part: bytes, prefix: bytes, pos: int) -> tuple[int, int, bytes, bytes]:
    """The cell element around ``pos``: (row, col, start tag, content); -1s when unaddressed."""
    opener = b"<" + prefix + b"c"
    start = part.rfind(opener, 0, pos)
    while start >= 0 and part[start + len(opener) : start + len(opener) + 1] not in _SEPARATORS:
        start = part.rfind(opener, 0, start)
    if start < 0:
        return -1, -1, b"", b""
    tag_end = part.find(b">", start)
    tag = part[start : tag_end + 1]
    close = part.find(b"</" + prefix + b"c>", tag_end)
    content = b"" if tag.endswith(b"/>") or close < 0 else part[tag_end + 1 : close]
    ref = _REF.search(tag)
    if ref is None:
        return -1, -1, tag, content
    return int(ref.group(2)) - 1, col_index(ref.group(1)), tag, content


def _formulas(part: bytes, prefix: bytes, facts: SheetFacts) -> None:
    """Formula cells whose file holds no result: calamine would show them as blanks."""
    opener = b"<" + prefix + b"f"
    value_tag = b"<" + prefix + b"v"
    pos = part.find(opener)
    while pos >= 0:
        after = part[pos + len(opener) : pos + len(opener) + 1]
        if after and after in _SEPARATORS:
            row, col, tag, content = _cell_at(part, prefix, pos)
            value = _VALUE.search(content)
            has_value = value_tag in content or b"<" + prefix + b"is>" in content
            text_result = _STR_RESULT.search(tag) is not None
            cached = (value is not None and value.group(1) != b"") or (has_value and text_result)
            if tag and not cached:
                facts.uncached.append((row, col))
        pos = part.find(opener, pos + 1)


def _errors(part: bytes, prefix: bytes, facts: SheetFacts) -> None:
    """Cells whose saved value is an error such as #REF!: calamine shows them as blanks."""
    for marker in (b't="e"', b"t='e'"):
        pos = part.find(marker)
        while pos >= 0:
            start = part.rfind(b"<", 0, pos)
            row, col, tag, content = _cell_at(part, prefix, pos)
            if tag and part.startswith(tag, start) and pos < start + len(tag):
                value = _VALUE.search(content)
                shown = value.group(1).decode("utf-8", "replace").strip() if value else ""
                facts.errors[(row, col)] = shown or "#N/A"
            pos = part.find(marker, pos + 1)


def _hidden(part: bytes, prefix: bytes, facts: SheetFacts) -> None:
    """Hidden rows (``<row hidden="1">``) and columns (``<col hidden="1">``)."""
    pos = part.find(b"hidden=")
    while pos >= 0:
        value = part[pos + 8 : pos + 12]
        start = part.rfind(b"<", 0, pos)
        tag = part[start : part.find(b">", pos) + 1]
        name = tag[1 + len(prefix) : 5 + len(prefix)]
        if value.startswith((b"1", b"true")) and name[3:4] in (b" ", b"\t", b"\n", b"\r"):
            if name.startswith(b"row"):
                row = _ROW_NO.search(tag)
                if row:
                    facts.hidden_rows.add(int(row.group(1)) - 1)
            elif name.startswith(b"col"):
                low, high = _MIN.search(tag), _MAX.search(tag)
                if low and high:
                    facts.hidden_cols.update(range(int(low.group(1)) - 1, min(int(high.group(1)), 16384)))
        pos = part.find(b"hidden=", pos + 1)
