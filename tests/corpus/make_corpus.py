"""The hostile-input corpus: files bidkit must survive, and exactly what it must do with each.

Every case below is one file (a catalogue workbook, a bid, a proposal template)
with the command it is run through and the documented outcome: the exact
lines on stdout and stderr and the exit status, and for builds the exact text
each output (summary JSON, Word proposal, cost workbook) must carry.  The
files are generated, not committed: this script is the reviewable source,
every byte follows from it (fixed zip timestamps, no randomness), and the
corpus can never drift from the expectations written next to each builder.
The one exception is the encrypted workbook, whose encryption uses a fresh
random salt each time (its outcome does not depend on the bytes).

    python tests/corpus/make_corpus.py OUT     # write the files and OUT/MANIFEST.json

tests/test_corpus.py generates the same files into a temporary folder and runs
every case in a child process with a time and memory limit.  Workbooks are
written as raw XML parts (tests/corpus/ooxml.py), since most of these files are
ones a spreadsheet library refuses to write.  Paths in the expected output are
relative to the corpus folder, where each command runs; ``{dir}`` stands for
the folder's absolute path.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from tests.corpus.ooxml import (
    MACRO_TYPE,
    MAIN,
    STRICT_MAIN,
    Raw,
    Sheet,
    docx_parts,
    shared_strings_xml,
    workbook_parts,
    xlsx,
    zip_parts,
)

CALAMINE = Path(__file__).parent / "calamine"
MEMBER_ROWS = [
    ["key", "value"],
    ["id", "corpus"],
    ["name", "Corpus Components A/S"],
    ["country", "DK"],
    ["currency", "EUR"],
]
HEAD = [
    "sku",
    "name",
    "description",
    "category",
    "unit",
    "unit_price",
    "currency",
    "lead_time_weeks",
    "origin_country",
]
NBSP = "\u00a0"
FFFD = "\ufffd"
# An entity that doubles ten times over nine levels: a billion "a"s if a parser expanded it.
BOMB_DTD = (
    '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)
XXE_DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def row(sku: str, name: object = "Circulation pump", price: object = 100, **more: object) -> list[object]:
    """A Components row; ``more`` overrides description, category, unit, currency, lead or origin."""
    values = {
        "description": "EC motor, PN10",
        "category": "Pumps",
        "unit": "pcs",
        "currency": None,
        "lead": 4,
        "origin": "DK",
        **more,
    }
    return [
        sku,
        name,
        values["description"],
        values["category"],
        values["unit"],
        price,
        values["currency"],
        values["lead"],
        values["origin"],
    ]


def member() -> Sheet:
    return Sheet("Member", MEMBER_ROWS)


def components(rows: Sequence[Sequence[object]], **options: object) -> Sheet:
    return Sheet("Components", [HEAD, *rows], **options)  # type: ignore[arg-type]


def catalogue(*rows: Sequence[object], **options: object) -> bytes:
    """A contract workbook (Member + Components) with the given rows."""
    return xlsx([member(), components(rows or [row("A-1")], **options)])


GOOD_ROWS = (row("A-1"), row("A-2", "Expansion vessel 50 l", 250.5))


def good() -> bytes:
    return catalogue(*GOOD_ROWS)


def text_cell(raw_t: str) -> Raw:
    """An inline-string cell whose <t> content is written exactly as given (already escaped)."""
    return Raw(f'<c r="{{ref}}" t="inlineStr"><is><t xml:space="preserve">{raw_t}</t></is></c>')


def value_cell(raw_v: str) -> Raw:
    return Raw(f'<c r="{{ref}}"><v>{raw_v}</v></c>')


def rezip(data: bytes, change: dict[str, str | bytes]) -> bytes:
    """The same package with some parts replaced."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts.update(change)
    return zip_parts(parts.items())


# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A catalogue text as a build's outputs must carry it: exactly ``text`` in the JSON summary and
    the Word proposal, ``excel`` (default: the same) as a text cell of the cost workbook's Lines sheet."""

    sku: str
    field: str
    text: str
    excel: str | None = None


@dataclass(frozen=True)
class Case:
    name: str  # the file the command is given
    about: str
    make: Callable[[Path], None] = field(repr=False)
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str = ""
    shown: tuple[Shown, ...] = ()
    summary: tuple[tuple[str, object], ...] = ()  # (dotted path in the summary JSON, exact value)
    absent: tuple[str, ...] = ()  # files the run must not create (a YAML tag that runs a command)

    def manifest(self) -> dict[str, object]:
        entry = asdict(self)
        entry.pop("make")
        entry["command"] = "bidkit " + " ".join(entry.pop("args"))
        return entry


CASES: list[Case] = []


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_bytes(data() if callable(data) else data)

    return make


def summary_line(name: str, components: int = 0, errors: int = 0, warnings: int = 0, breaks: int = 0) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{name}: {plural(components, 'component')}, {plural(breaks, 'price break')}, "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}\n"
    )


def refused(
    name: str, make: bytes | Callable[[], bytes], about: str, message: str, *, where: str = ""
) -> None:
    """A catalogue that `catalogue check` refuses with one line (and the count line)."""
    CASES.append(
        Case(
            name,
            about,
            _write(name, make),
            ("catalogue", "check", name),
            1,
            f"{name}{where}: {message}\n" + summary_line(name, errors=1),
        )
    )


def checked(
    name: str,
    make: bytes | Callable[[], bytes],
    about: str,
    lines: Sequence[str],
    *,
    components: int,
    errors: int = 0,
    warnings: int = 0,
) -> None:
    """A catalogue `catalogue check` reads, printing ``lines`` (each after ``name:``) and the count."""
    out = "".join(f"{name}:{line}\n" for line in lines) + summary_line(name, components, errors, warnings)
    CASES.append(Case(name, about, _write(name, make), ("catalogue", "check", name), 1 if errors else 0, out))


BID = """\
# A corpus bid: generated by tests/corpus/make_corpus.py
id: {id}
title: {title}
client: {{name: Corpus Client, country: UA}}
currency: EUR
incoterm: DAP Kyiv
lead: corpus
catalogues: [{catalogue}]
date: 2026-11-27
sections: [{{id: supply, title: Supply, items: [{items}]}}]
"""


def bid_text(stem: str, catalogue_file: str, skus: Sequence[str], title: str = "Corpus bid") -> str:
    items = ", ".join(f'{{item: "corpus/{sku}", qty: 1}}' for sku in skus)
    return BID.format(id=stem, title=title, catalogue=catalogue_file, items=items)


def built(stem: str, total: str) -> str:
    """What `bidkit build STEM.yaml --out out/STEM` prints when it succeeds."""
    return "".join(
        f"wrote out/{stem}/{stem}-{kind}\n" for kind in ("proposal.docx", "costs.xlsx", "summary.json")
    ) + (f"locked catalogue prices in {{dir}}/{stem}.lock.json\ntotal {total} EUR - DRAFT (not approved)\n")


def build_case(
    stem: str,
    about: str,
    workbook: bytes | Callable[[], bytes],
    skus: Sequence[str],
    total: str,
    *,
    shown: Sequence[Shown] = (),
    summary: Sequence[tuple[str, object]] = (),
    stderr: str = "",
) -> None:
    """A catalogue that must load, and a bid over all its components that must build."""
    xlsx_name, bid_name = f"{stem}.xlsx", f"{stem}.yaml"

    def make(folder: Path) -> None:
        (folder / xlsx_name).write_bytes(workbook() if callable(workbook) else workbook)
        (folder / bid_name).write_text(bid_text(stem, xlsx_name, skus), encoding="utf-8")

    CASES.append(
        Case(
            bid_name,
            about,
            make,
            ("build", bid_name, "--out", f"out/{stem}"),
            0,
            built(stem, total),
            stderr,
            tuple(shown),
            tuple(summary),
        )
    )


# XML bombs and external entities: a DTD in any part is refused before any parser reads it.
DTD_REFUSED = (
    "contains a document type declaration (<!DOCTYPE>), which Office never writes and which "
    "can hide an XML bomb or read files on this computer; the file is refused"
)
refused(
    "bomb-in-sheet.xlsx",
    lambda: catalogue(row("A-1", text_cell("&j;")), prolog=BOMB_DTD),
    "billion laughs in a worksheet",
    f"the part 'xl/worksheets/sheet2.xml' {DTD_REFUSED}",
)
refused(
    "bomb-in-shared-strings.xlsx",
    lambda: xlsx(
        [member(), components([row("A-1", Raw('<c r="{ref}" t="s"><v>0</v></c>'))])],
        shared_strings=shared_strings_xml(["&j;"], prolog=BOMB_DTD),
    ),
    "billion laughs in the shared-string table",
    f"the part 'xl/sharedStrings.xml' {DTD_REFUSED}",
)
refused(
    "bomb-in-workbook.xlsx",
    lambda: xlsx([member(), components([row("A-1")])], workbook_prolog=BOMB_DTD),
    "billion laughs in workbook.xml",
    f"the part 'xl/workbook.xml' {DTD_REFUSED}",
)
refused(
    "xxe.xlsx",
    lambda: catalogue(row("A-1", text_cell("&xxe;")), prolog=XXE_DTD),
    "an external entity reading /etc/passwd into a product name",
    f"the part 'xl/worksheets/sheet2.xml' {DTD_REFUSED}",
)


@cache
def _zip_bomb() -> bytes:
    """A valid catalogue plus a 64 MiB part of spaces that deflates about a thousandfold."""
    return rezip(good(), {"xl/media/padding.xml": b" " * (64 << 20)})


def _bomb_ratio() -> str:
    """The part's expansion as its zip entry states it (the exact figure depends on the zlib build)."""
    with zipfile.ZipFile(io.BytesIO(_zip_bomb())) as zf:
        info = zf.getinfo("xl/media/padding.xml")
    return f"{info.file_size / info.compress_size:,.0f}"


refused(
    "zip-bomb.xlsx",
    _zip_bomb,
    "a part that expands about 1,000 times (64 MiB from 64 KiB)",
    f"the part 'xl/media/padding.xml' expands {_bomb_ratio()} times when unpacked (real workbooks: under "
    "50 times; limit 200); it is refused as a zip bomb",
)


def declare_sizes(data: bytes, sizes: dict[str, int]) -> bytes:
    """The zip with some entries' uncompressed sizes changed in both headers (a lying directory)."""
    out = bytearray(data)
    # (header signature, offset of the name's length, of the name, of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        pos = out.find(signature)
        while pos >= 0:
            length = int.from_bytes(out[pos + length_at : pos + length_at + 2], "little")
            name = bytes(out[pos + name_at : pos + name_at + length]).decode()
            if name in sizes:
                out[pos + size_at : pos + size_at + 4] = sizes[name].to_bytes(4, "little")
            pos = out.find(signature, pos + 4)
    return bytes(out)


def _zip_total() -> bytes:
    """Three parts of 1.1 MiB stored as they are, each declaring 200 MiB: 600 MiB in all."""
    noise = b"".join(zlib.crc32(i.to_bytes(4, "little")).to_bytes(4, "little") for i in range(290_000))
    names = [f"xl/media/image{i}.bin" for i in range(1, 4)]
    packed = zip_parts(
        [*workbook_parts([member(), components([row("A-1")])]).items(), *((name, noise) for name in names)],
        level=0,
    )
    return declare_sizes(packed, dict.fromkeys(names, 200 << 20))


refused(
    "zip-too-big.xlsx",
    _zip_total,
    "three parts that say they unpack to 200 MiB each, 600 MiB in all",
    "the file would unpack to 600 MiB (bidkit reads at most 512 MiB); it is refused as a possible zip bomb",
)


def _duplicate(second_name: str) -> Callable[[], bytes]:
    def make() -> bytes:
        parts = list(workbook_parts([member(), components([row("A-1")])]).items())
        hidden = xlsx([member(), components([row("A-1", price=1)])])
        with zipfile.ZipFile(io.BytesIO(hidden)) as zf:
            parts.append((second_name, zf.read("xl/worksheets/sheet2.xml")))
        return zip_parts(parts)

    return make


refused(
    "duplicate-entry.xlsx",
    _duplicate("xl/worksheets/sheet2.xml"),
    "two zip entries named xl/worksheets/sheet2.xml with different prices",
    "the zip holds two entries named 'xl/worksheets/sheet2.xml'; Office never writes that and readers "
    "disagree about which one counts, so the file is refused",
)
refused(
    "duplicate-entry-case.xlsx",
    _duplicate("XL\\Worksheets\\Sheet2.xml"),
    "a second entry for the same part, spelt in capitals with Windows separators",
    "the zip holds two entries named 'xl/worksheets/sheet2.xml'; Office never writes that and readers "
    "disagree about which one counts, so the file is refused",
)


# The file kind is decided by the bytes; every one of these is named .xlsx.
SAVE_AS = "save it as 'Excel Workbook (.xlsx)'"


def _copy(source: str) -> Callable[[], bytes]:
    return lambda: (CALAMINE / source).read_bytes()


def _encrypted() -> bytes:
    """The good catalogue encrypted with a password by msoffcrypto-tool (Office's own agile encryption)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:  # without it: a compound file holding the stream names Office's encryption uses
        names = b"".join(
            n.encode("utf-16-le") + b"\x00\x00"
            for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
        )
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names.ljust(1024, b"\x00")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good())).encrypt("corpus", out)
    return out.getvalue()


refused(
    "encrypted.xlsx",
    _encrypted,
    "the good catalogue protected with a password to open",
    "the workbook is protected with a password to open, so it cannot be read; remove the password "
    "(Excel: File > Info > Protect Workbook) and save it again",
)
refused(
    "renamed-xls.xlsx",
    _copy("date.xls"),
    "an Excel 97-2003 workbook (from the calamine corpus) renamed",
    f"this is an old Excel 97-2003 workbook (.xls); open it and {SAVE_AS}",
)
refused(
    "renamed-ods.xlsx",
    _copy("date.ods"),
    "an OpenDocument spreadsheet (from the calamine corpus) renamed",
    "this is an OpenDocument spreadsheet (.ods), which bidkit does not read; "
    "save it as 'Excel 2007-365 (.xlsx)'",
)
refused(
    "renamed-csv.xlsx",
    b"sku;name;unit;unit_price\nA-1;Circulation pump;pcs;12,50\n",
    "a CSV export renamed",
    "this is a text (CSV) file, not a workbook; a catalogue needs its Member and "
    "Components sheets: start from `bidkit catalogue new` and paste the rows in",
)
refused(
    "renamed-html.xlsx",
    b"<html><body><table><tr><td>sku</td><td>unit_price</td></tr><tr><td>A-1</td><td>12.50</td></tr>"
    b"</table></body></html>",
    "a web page saved 'as Excel'",
    f"this is a web page (HTML) saved with a spreadsheet name; open it in Excel and {SAVE_AS}",
)
refused(
    "empty.xlsx",
    b"",
    "0 bytes",
    "the file is empty (0 bytes); save the workbook again from Excel or LibreOffice and resend it",
)
refused(
    "truncated.xlsx",
    lambda: good()[: len(good()) // 2],
    "the first half of the good catalogue",
    "the file is damaged or incomplete (a cut-off .xlsx); save the workbook again and resend it",
)
refused(
    "macros.xlsx",
    lambda: rezip(
        xlsx([member(), components([row("A-1")])], workbook_type=MACRO_TYPE),
        {"xl/vbaProject.bin": b"\x00" * 512},
    ),
    "a macro-enabled workbook (.xlsm) renamed",
    "this workbook contains macros (.xlsm); save it as "
    "'Excel Workbook (.xlsx)', since catalogues must be plain workbooks",
)
refused(
    "strict.xlsx",
    lambda: xlsx([member(), components([row("A-1")])], namespace=STRICT_MAIN),
    "a Strict Open XML workbook",
    f"the workbook is saved as 'Strict Open XML Spreadsheet', which bidkit cannot read; {SAVE_AS}",
)
refused(
    "shared-string-missing.xlsx",
    lambda: xlsx(
        [member(), components([row("A-1", Raw('<c r="{ref}" t="s"><v>999</v></c>'))])],
        shared_strings=shared_strings_xml(["only one"]),
    ),
    "a cell pointing at shared string 999 of 1",
    "the workbook cannot be read (CalamineError: Cell string "
    "index not found in shared strings table); open it in Excel or LibreOffice and save it again",
    where=":Components",
)
refused(
    "malformed-xml.xlsx",
    lambda: rezip(good(), {"xl/worksheets/sheet2.xml": "<worksheet><sheetData><row"}),
    "a worksheet cut off in the middle of a tag",
    "the workbook cannot be read (XmlError: syntax error: tag not "
    "closed: `>` not found before end of input); open it in Excel or LibreOffice and save it again",
    where=":Components",
)
refused(
    "invalid-char-ref.xlsx",
    lambda: catalogue(row("A-1", text_cell("A&#xD800;B"))),
    "a lone surrogate written as a character reference (&#xD800;), which XML does not allow",
    "the workbook cannot be read (ExpatError: reference to invalid character number: line 2, "
    "column 791); open it in Excel or LibreOffice and save it again",
    where=":Components",
)

checked("good.xlsx", good, "the baseline: a correct catalogue of two components", [], components=2)

# Declared sizes are not trusted; absurd extents are refused before anything is laid out.
checked(
    "dimension-understated.xlsx",
    lambda: catalogue(*(row(f"U-{i:02d}") for i in range(1, 31)), dimension="A1:I2"),
    "30 rows behind a <dimension> that claims one",
    [],
    components=30,
)
checked(
    "dimension-overstated.xlsx",
    lambda: catalogue(*GOOD_ROWS, dimension="A1:XFD1048576"),
    "two rows behind a <dimension> of the whole sheet (17 billion cells)",
    [],
    components=2,
)
refused(
    "cell-at-xfd1048576.xlsx",
    lambda: catalogue(*GOOD_ROWS, extra_rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    "one value in the last cell of the sheet: calamine would ask for 512 GiB and abort",
    "this cell lies far outside the table: reading the sheet would take 1,048,576 rows x 16,384 columns "
    "(bidkit reads at most 10,000,000 cells a sheet); delete everything outside the table and save it again",
    where=":Components!XFD1048576",
)


def _prefixed_far_cell() -> bytes:
    """The cell at XFD1048576 written as <x:c>, with x bound to the worksheet namespace."""
    parts = workbook_parts(
        [
            member(),
            components(
                list(GOOD_ROWS), extra_rows=('<row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></row>')
            ),
        ]
    )
    sheet = str(parts["xl/worksheets/sheet2.xml"])
    parts["xl/worksheets/sheet2.xml"] = sheet.replace("<worksheet ", f'<worksheet xmlns:x="{MAIN}" ', 1)
    return zip_parts(parts.items())


FAR = (
    "this cell lies far outside the table: reading the sheet would take {} (bidkit reads at most 10,000,000 "
    "cells a sheet); delete everything outside the table and save it again"
)
refused(
    "cell-at-xfd1048576-prefixed.xlsx",
    _prefixed_far_cell,
    "the same cell written with a namespace prefix (<x:c>), which calamine reads like <c>",
    FAR.format("1,048,576 rows x 16,384 columns"),
    where=":Components!XFD1048576",
)
refused(
    "cells-without-references.xlsx",
    lambda: catalogue(
        *GOOD_ROWS,
        extra_rows='<row r="4">' + "<c><v>1</v></c>" * 1000 + "</row>"
        '<row r="99999"><c r="A99999"><v>1</v></c></row>',
    ),
    "a row of 1,000 cells without references (placed one after another) and a value in row 99,999",
    FAR.format("99,999 rows x 1,000 columns"),
    where=":Components!A99999",
)

checked(
    "row-1048576.xlsx",
    lambda: catalogue(*GOOD_ROWS, extra_rows='<row r="1048576"><c r="A1048576"><v>7</v></c></row>'),
    "a stray value in A1048576: a million rows of nine columns are read, the stray row is reported",
    [
        "Components!B1048576: name is empty",
        "Components!E1048576: unit is empty",
        "Components!F1048576: unit_price is empty",
    ],
    components=2,
    errors=3,
)

# Formulas and error cells read as blanks in calamine; here they are errors with their cell.
checked(
    "formula-uncached.xlsx",
    lambda: catalogue(row("A-1", price=Raw('<c r="{ref}"><f>2*50</f></c>'))),
    "a price that is a formula never calculated (no cached value)",
    [
        "Components!F2: this formula has no saved result (the file was written by a program that does not "
        "calculate); open the file in Excel or LibreOffice and save it again"
    ],
    components=0,
    errors=1,
)
checked(
    "formula-ref-error.xlsx",
    lambda: catalogue(row("A-1", price=Raw('<c r="{ref}" t="e"><f>#REF!*2</f><v>#REF!</v></c>'))),
    "a price whose cached value is #REF!",
    ["Components!F2: the cell shows the error #REF!; correct the formula or type the value"],
    components=0,
    errors=1,
)

# Money cells: never a float that is not a number, never a fraction of a cent, never a guess.
for stem, raw, about in (
    ("price-nan", "NaN", "a price of NaN"),
    ("price-inf", "INF", "a price of INF"),
    ("price-1e400", "1e400", "a price of 1e400 (beyond a double: read as infinity)"),
):
    checked(
        f"{stem}.xlsx",
        (lambda raw=raw: catalogue(row("A-1", price=value_cell(raw)))),
        about,
        ["Components!F2: unit_price is not a finite number"],
        components=0,
        errors=1,
    )
checked(
    "price-ambiguous.xlsx",
    lambda: catalogue(row("A-1", price="1,234")),
    "the text 1,234: a thousand and more, or one and a bit",
    [
        "Components!F2: unit_price '1,234' is ambiguous: it could be 1234 or 1.234; type it as a number, or "
        "write the decimals too (1.234,00 or 1,234.00)"
    ],
    components=0,
    errors=1,
)
checked(
    "price-sub-cent.xlsx",
    lambda: catalogue(row("A-1", price=12.345)),
    "a price of 12.345",
    ["Components!F2: unit_price 12.345 has fractions of a cent; use whole cents"],
    components=0,
    errors=1,
)
build_case(
    "price-comma",
    "the text 12,50 (a Danish decimal comma)",
    lambda: catalogue(row("A-1", price="12,50")),
    ["A-1"],
    "12.50",
    summary=[("lines.0.catalogue_price", "12.50")],
)
build_case(
    "price-nbsp",
    "the text 1 234,50 with a no-break space between the thousands",
    lambda: catalogue(row("A-1", price=f"1{NBSP}234,50")),
    ["A-1"],
    "1234.50",
    summary=[("lines.0.catalogue_price", "1234.50")],
)
build_case(
    "price-float-noise",
    "19.99 stored as 19.989999999999998: float noise, read as 19.99",
    lambda: catalogue(row("A-1", price=value_cell("19.989999999999998"))),
    ["A-1"],
    "19.99",
    summary=[("lines.0.catalogue_price", "19.99")],
)

# Layouts people make: every non-blank row is read or reported.
build_case(
    "merged-cells",
    "a category merged down three rows",
    lambda: catalogue(
        row("M-1"),
        row("M-2", category=None),
        row("M-3", category=None),
        after_data='<mergeCells count="1"><mergeCell ref="D2:D4"/></mergeCells>',
    ),
    ["M-1", "M-2", "M-3"],
    "300.00",
    summary=[("lines.2.category", "Pumps")],
    stderr="merged-cells.xlsx:Components!D2: warning: cells D2:D4 are merged; rows 2-4 each take the "
    "value 'Pumps'\n",
)
build_case(
    "hidden-rows",
    "rows 3 and 4 hidden (discontinued?) but still prices",
    lambda: catalogue(row("H-1"), row("H-2"), row("H-3"), row_attrs={3: 'hidden="1"', 4: 'hidden="1"'}),
    ["H-1", "H-2", "H-3"],
    "300.00",
    stderr="hidden-rows.xlsx:Components!A3: warning: rows 3-4 are hidden; hidden rows are read like the "
    "others\n",
)
build_case(
    "hidden-sheet",
    "the Components sheet itself hidden",
    lambda: catalogue(row("S-1"), state="hidden"),
    ["S-1"],
    "100.00",
    stderr="hidden-sheet.xlsx:Components: warning: this sheet is hidden; it is read like the others\n",
)
build_case(
    "header-not-row-1",
    "a title, a date and a blank row above the header",
    lambda: xlsx(
        [
            member(),
            Sheet(
                "Components",
                [
                    ["Price list 2027"],
                    ["Valid from 1 January 2027"],
                    [],
                    HEAD,
                    row("T-1"),
                    row("T-2", price=75),
                ],
            ),
        ]
    ),
    ["T-1", "T-2"],
    "175.00",
)
build_case(
    "blank-rows",
    "blank rows between groups of components",
    lambda: catalogue(row("B-1"), [], [None, "", " "], row("B-2"), [], row("B-3")),
    ["B-1", "B-2", "B-3"],
    "300.00",
)

# Catalogue text is data in every output: never a formula, never template source, never broken XML.
LEADS = ["=1+2", "+45 12 34 56 78", "-40 C rated valve", "@SUM(A1:A2)"]
build_case(
    "text-formula-leads",
    "names that a spreadsheet would take for formulas",
    lambda: catalogue(*(row(f"F-{i}", name) for i, name in enumerate([*LEADS, "\tTabbed"], 1))),
    [f"F-{i}" for i in range(1, 6)],
    "500.00",
    shown=[
        *(Shown(f"F-{i}", "name", name) for i, name in enumerate(LEADS, 1)),
        Shown("F-5", "name", "Tabbed"),
    ],
)
JINJA = ["{{7*7}}", "{% for x in range(3) %}loop{% endfor %}", "{{ config }} {# note #}"]
build_case(
    "text-template-syntax",
    "Jinja syntax in names and descriptions",
    lambda: catalogue(*(row(f"J-{i}", name, description=name) for i, name in enumerate(JINJA, 1))),
    ["J-1", "J-2", "J-3"],
    "300.00",
    shown=[Shown(f"J-{i}", f, name) for i, name in enumerate(JINJA, 1) for f in ("name", "description")],
)
XML_TEXT = ["AT&T <b>bold</b> > ]]>", "\"quoted\" & 'single'", "_x0041_ stays literal"]
build_case(
    "text-xml-specials",
    "XML's special characters, a CDATA end and a literal _x0041_ (Excel: _x005F_x0041_)",
    lambda: catalogue(
        *(row(f"X-{i}", name) for i, name in enumerate(XML_TEXT[:2], 1)),
        row("X-3", text_cell("_x005F_x0041_ stays literal")),
    ),
    ["X-1", "X-2", "X-3"],
    "300.00",
    shown=[Shown(f"X-{i}", "name", name) for i, name in enumerate(XML_TEXT, 1)],
)
build_case(
    "text-control-chars",
    "a vertical tab and NUL (Excel's _x000B_ and _x0000_ escapes), U+FFFE and ESC",
    lambda: catalogue(
        row("C-1", text_cell("A_x000B_B_x0000_C\ufffeD"), description=text_cell("red _x001B_[31mALERT"))
    ),
    ["C-1"],
    "100.00",
    shown=[
        Shown("C-1", "name", f"A{FFFD}B{FFFD}C{FFFD}D"),
        Shown("C-1", "description", f"red {FFFD}[31mALERT"),
    ],
    stderr="text-control-chars.xlsx:Components!B2: warning: the text holds 3 control characters "
    "(U+000B, U+0000, U+FFFE), which no document can carry; each is replaced by \ufffd\n"
    "text-control-chars.xlsx:Components!C2: warning: the text holds 1 control character "
    "(U+001B), which no document can carry; each is replaced by \ufffd\n",
)
build_case(
    "text-surrogate-escape",
    "a lone surrogate in Excel's escape (_xD800_): kept as written",
    lambda: catalogue(row("L-1", text_cell("A_xD800_B"))),
    ["L-1"],
    "100.00",
    shown=[Shown("L-1", "name", "A_xD800_B")],
)
LONG = ("Forty thousand characters. " * 1500)[:40000]
CUT = " [cut: 40000 characters in all]"
build_case(
    "text-40000",
    "a description of 40,000 characters (Excel holds at most 32,767 in a cell)",
    lambda: catalogue(row("N-1", description=LONG)),
    ["N-1"],
    "100.00",
    shown=[Shown("N-1", "description", LONG, excel=LONG[: 32767 - len(CUT)] + CUT)],
)
RTL = "مضخة تدوير \u200f(DN40)\u200e 🔥 👩\u200d🔧"
build_case(
    "text-rtl-emoji",
    "Arabic with right-to-left and left-to-right marks, and emoji (kept)",
    lambda: catalogue(row("R-1", RTL, description=RTL)),
    ["R-1"],
    "100.00",
    shown=[Shown("R-1", "name", RTL), Shown("R-1", "description", RTL)],
)


# Bid files are edited by hand under deadline pressure: YAML's surprises are errors at their line.
def yaml_case(
    stem: str,
    about: str,
    edit: Callable[[str], str],
    code: int,
    stdout: str = "",
    stderr: str = "",
    *,
    summary: Sequence[tuple[str, object]] = (),
    absent: Sequence[str] = (),
) -> None:
    name = f"{stem}.yaml"

    def make(folder: Path) -> None:
        (folder / name).write_text(edit(bid_text(stem, "good.xlsx", ["A-1"])), encoding="utf-8")

    CASES.append(
        Case(
            name,
            about,
            make,
            ("build", name, "--out", f"out/{stem}"),
            code,
            stdout,
            stderr,
            summary=tuple(summary),
            absent=tuple(absent),
        )
    )


NOTHING = "1 error; nothing was written.\n"
yaml_case(
    "yaml-duplicate-key",
    "currency: written twice (the second would silently win)",
    lambda text: text + "currency: DKK\n",
    1,
    stderr="yaml-duplicate-key.yaml:11:1: key 'currency' is written twice in the same block (first at "
    "line 5); the second would silently replace the first\n" + NOTHING,
)
yaml_case(
    "yaml-norway",
    "country: NO (Norway), which YAML 1.1 reads as false",
    lambda text: text.replace("country: UA", "country: NO"),
    0,
    built("yaml-norway", "100.00"),
    summary=[("client.country", "NO")],
)
yaml_case(
    "yaml-leading-zero",
    "tender_ref: 0123, which YAML 1.1 reads as the octal number 83",
    lambda text: text + "tender_ref: 0123\n",
    1,
    stderr="yaml-leading-zero.yaml:11:13: 0123 has a leading zero, which YAML reads as the number 123; "
    "put it in quotes ('0123') if it is a code, or drop the zero\n" + NOTHING,
)
yaml_case(
    "yaml-python-tag",
    "a !!python/object/apply tag that would run a shell command",
    lambda text: text + 'tender_ref: !!python/object/apply:os.system ["touch pwned"]\n',
    1,
    stderr="yaml-python-tag.yaml:11:13: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
    "allowed in a bid file\n" + NOTHING,
    absent=["pwned"],
)
yaml_case(
    "yaml-control-char",
    "a vertical tab typed into the title",
    lambda text: text.replace("title: Corpus bid", "title: Corpus\x0bbid"),
    1,
    stderr="yaml-control-char.yaml:3:14: YAML syntax: the control character U+000B is not allowed in a "
    "bid file; delete it\n" + NOTHING,
)
LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
yaml_case(
    "yaml-billion-laughs",
    "aliases that would expand to a billion values",
    lambda text: text.replace(
        "sections:",
        "x-laughs:\n  l0: &l0 [lol]\n"
        + "".join("  " + line + "\n" for line in LAUGHS.splitlines())
        + "sections:",
    ),
    1,
    stderr="yaml-billion-laughs.yaml:17:27: aliases expand the file to more than 1,000,000 values; "
    "write the values out\n" + NOTHING,
)


# A proposal template is a .docx from anywhere: the same DTD rule as for workbooks.
def template_case(stem: str, about: str, prolog: str, body: str) -> None:
    docx_name, bid_name = f"{stem}.docx", f"{stem}.yaml"

    def make(folder: Path) -> None:
        paragraph = f'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:r><w:t>{body}</w:t></w:r></w:p>'
        (folder / docx_name).write_bytes(zip_parts(docx_parts(paragraph, prolog=prolog).items()))
        text = bid_text(stem, "good.xlsx", ["A-1"]).replace(
            "catalogues:", f"template: {docx_name}\ncatalogues:"
        )
        (folder / bid_name).write_text(text, encoding="utf-8")

    CASES.append(
        Case(
            bid_name,
            about,
            make,
            ("build", bid_name, "--out", f"out/{stem}"),
            1,
            "",
            f"{docx_name}: the part 'word/document.xml' {DTD_REFUSED}\n" + NOTHING,
        )
    )


template_case(
    "template-xxe",
    "a proposal template whose text is an external entity (/etc/passwd)",
    XXE_DTD,
    "&xxe; {{ title }}",
)
template_case("template-bomb", "a proposal template with billion laughs", BOMB_DTD, "&j;")


def write_corpus(folder: Path) -> list[Case]:
    """Write every case's files into ``folder`` (emptied first) and MANIFEST.json; returns the cases."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for case in CASES:
        case.make(folder)
    manifest = [case.manifest() for case in CASES]
    (folder / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return CASES


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/corpus/make_corpus.py OUT_FOLDER")
    written = write_corpus(Path(sys.argv[1]))
    print(f"wrote {len(written)} cases to {sys.argv[1]} (see MANIFEST.json)")
