"""Raw .xlsx and .docx packages for the hostile-input corpus, written as XML text in a zip.

No spreadsheet library is used on purpose: most corpus files are ones a library
refuses to write (a DTD, a cell at XFD1048576, a lying ``<dimension>``, a
duplicate zip entry, a price of ``NaN``).  Every part is written with a fixed
timestamp so the same script always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument"
WORKBOOK_TYPE = f"{CT}.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given (``{ref}`` is replaced by the cell's address)."""

    xml: str


def column(col: int) -> str:
    """0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    """One ``<c>``: text as an inline string, numbers as numbers, Raw as written, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value.xml.replace("{ref}", ref)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


@dataclass
class Sheet:
    """One worksheet: its rows from row ``first_row`` (1-based) and whatever else the case needs."""

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1
    state: str = "visible"
    dimension: str | None = None  # None: the true extent
    before_data: str = ""  # e.g. <cols> with hidden columns
    after_data: str = ""  # e.g. <mergeCells>
    row_attrs: dict[int, str] = field(default_factory=dict)  # 1-based row -> extra attributes
    extra_rows: str = ""  # raw <row> elements appended to sheetData
    prolog: str = ""  # between the XML declaration and <worksheet> (a DOCTYPE, for a bomb)

    def xml(self, namespace: str = MAIN) -> str:
        body = []
        width = 1
        for offset, row in enumerate(self.rows):
            r = self.first_row + offset
            width = max(width, len(row))
            cells = "".join(cell_xml(f"{column(c)}{r}", v) for c, v in enumerate(row))
            attrs = self.row_attrs.get(r, "")
            body.append(f'<row r="{r}"{" " + attrs if attrs else ""}>{cells}</row>')
        last = self.first_row + max(len(self.rows), 1) - 1
        dimension = self.dimension or f"A1:{column(width - 1)}{last}"
        return (
            f'{HEAD}{self.prolog}<worksheet xmlns="{namespace}" xmlns:r="{REL}">'
            f'<dimension ref="{dimension}"/>{self.before_data}'
            f"<sheetData>{''.join(body)}{self.extra_rows}</sheetData>{self.after_data}</worksheet>"
        )


def _rels(items: Iterable[tuple[str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(items, start=1)
    )
    return f'{HEAD}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def workbook_parts(
    sheets: Sequence[Sheet],
    *,
    namespace: str = MAIN,
    workbook_type: str = WORKBOOK_TYPE,
    workbook_prolog: str = "",
    shared_strings: str | None = None,
) -> dict[str, str | bytes]:
    """The parts of a minimal but complete .xlsx, in the order Excel writes them."""
    sheet_entries = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{i}" state="{s.state}" r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    overrides = [("/xl/workbook.xml", workbook_type), ("/xl/styles.xml", f"{CT}.spreadsheetml.styles+xml")]
    overrides += [(f"/xl/worksheets/sheet{i}.xml", f"{CT}.spreadsheetml.worksheet+xml")
                  for i in range(1, len(sheets) + 1)]  # fmt: skip
    book_rels = [(f"{REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
    book_rels.append((f"{REL}/styles", "styles.xml"))
    if shared_strings is not None:
        overrides.append(("/xl/sharedStrings.xml", f"{CT}.spreadsheetml.sharedStrings+xml"))
        book_rels.append((f"{REL}/sharedStrings", "sharedStrings.xml"))
    types = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
        ),
        "_rels/.rels": _rels([(f"{REL}/officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml": (
            f'{HEAD}{workbook_prolog}<workbook xmlns="{namespace}" xmlns:r="{REL}">'
            f"<sheets>{sheet_entries}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": _rels(book_rels),
        "xl/styles.xml": (
            f'{HEAD}<styleSheet xmlns="{namespace}"><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>'
        ),
    }
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml(namespace)
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def shared_strings_xml(items: Sequence[str], prolog: str = "") -> str:
    """A shared-string table of raw ``<t>`` contents (already escaped as the case wants)."""
    body = "".join(f"<si><t>{item}</t></si>" for item in items)
    return f'{HEAD}{prolog}<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{body}</sst>'


def zip_parts(parts: Iterable[tuple[str, str | bytes]], *, level: int = 6) -> bytes:
    """A zip of the parts in the order given; a name may repeat (duplicate-entry cases)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            body = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
            if name in zf.NameToInfo:
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "Duplicate name": exactly what the case wants
                    zf.writestr(info, body, compresslevel=level)
            else:
                zf.writestr(info, body, compresslevel=level)
    return buf.getvalue()


def xlsx(sheets: Sequence[Sheet], **options: object) -> bytes:
    return zip_parts(workbook_parts(sheets, **options).items())  # type: ignore[arg-type]


def docx_parts(body_xml: str, *, prolog: str = "") -> dict[str, str | bytes]:
    """A minimal Word document whose body is ``body_xml`` (paragraphs in WordprocessingML)."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" '
            f'ContentType="{CT}.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": _rels([(f"{REL}/officeDocument", "word/document.xml")]),
        "word/document.xml": f'{HEAD}{prolog}<w:document xmlns:w="{word}"><w:body>{body_xml}</w:body></w:document>',
    }
