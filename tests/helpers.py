"""Build real files inside a test: catalogue workbooks, bid YAML, small project trees."""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest
from docx.oxml.ns import qn
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lviv-substations"
# What a build of the example writes: its three documents and, as the bid sets member_packs: true,
# one work-share pack per member.
EXAMPLE_OUTPUTS = sorted([
    "LEC-2027-014-costs.xlsx", "LEC-2027-014-proposal.docx", "LEC-2027-014-summary.json",
    *(f"LEC-2027-014-workshare-{m}.xlsx" for m in ("heatcontrol", "isopipe", "nordheat", "pumpco")),
])

COMPONENT_HEAD = ["sku", "name", "category", "unit", "unit_price", "currency",
                  "lead_time_weeks", "origin_country", "co2e_kg"]  # fmt: skip


def copy_example(root: Path, name: str = "ex") -> Path:
    """The shipped example and its catalogues under ``root``, without its price lock; its bid.yaml.

    The bid lands in ``examples/<name>/`` and names its catalogues ``../../catalogues``.
    """
    shutil.copytree(ROOT / "examples" / "lviv-substations", root / "examples" / name,
                    ignore=shutil.ignore_patterns("*.lock.json", "*.review.json"))  # fmt: skip
    shutil.copytree(ROOT / "catalogues", root / "catalogues")
    return root / "examples" / name / "bid.yaml"


def plant_cache_entry(
    folder: Path, workbook: Path, edit: Callable[[dict[str, Any]], Any], *, stored: bool = False
) -> Path:
    """Rewrite the catalogue cache entry of ``workbook`` in ``folder`` as anyone able to write there could.

    ``edit`` changes the entry's body in place: by default a plain form of it (``skus`` a list, each of
    ``values`` a list of one value a row), stored again as bidkit stores columns; with ``stored``, the
    body as stored (joined texts, indexed columns).  The entry is then sealed again with a correct
    checksum, so only the checks on its values can tell.  Returns the entry's path.
    """
    from bidkit.catalogue.contract.model import PLAIN_FIELDS
    from bidkit.speed.catalogues import (
        MAGIC,
        CatalogueCache,
        check_body,
        file_digest,
        join_texts,
        pack_column,
    )
    from bidkit.speed.store import seal, unseal

    path = CatalogueCache(folder).path(file_digest(workbook))
    body = unseal(MAGIC, path.read_bytes())
    assert body is not None, "no intact entry to plant into"
    data = marshal.loads(body)
    if stored:
        edit(data)
    else:
        skus, columns = check_body(data)
        plain = {**data, "skus": skus, "values": dict(zip(PLAIN_FIELDS, map(list, columns), strict=True))}
        edit(plain)
        values = plain["values"]
        data = {**plain, "count": len(plain["skus"]), "skus": join_texts(plain["skus"]),
                "values": {field: _packed(pack_column, field, values[field]) for field in values}}  # fmt: skip
    path.write_bytes(seal(MAGIC, marshal.dumps(data)))
    return path


def _packed(pack_column: Callable[[str, list[Any]], Any], field: str, values: list[Any]) -> Any:
    """A column stored as bidkit stores it; a text column holding a value that is no text (which
    cannot be joined) as a plain list."""
    try:
        return pack_column(field, values)
    except TypeError:
        return values, None


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a text file as a person would: ``old`` (which must be there) becomes ``new``, once."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write text files (dedented) under root; returns root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def template_head(language: str, head: Sequence[str] = COMPONENT_HEAD) -> list[str]:
    """``head``'s columns titled as ``bidkit catalogue new`` titles them in ``language`` (en, da)."""
    from bidkit.catalogue.contract.headers import DANISH, ENGLISH

    names = DANISH if language == "da" else ENGLISH
    return [names[field] for field in head]


def write_catalogue(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    member: dict[str, Any] | None = None,
    head: Sequence[str] = COMPONENT_HEAD,
    breaks: Sequence[Sequence[Any]] | None = None,
    above_header: Sequence[Sequence[Any]] = (),
) -> Path:
    """A catalogue workbook following the contract (override any part to break it)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Member"
    ws.append(["key", "value"])
    info = {"id": path.stem, "name": f"{path.stem.title()} A/S", "country": "DK", "currency": "DKK"}
    if member is not None:
        info = member
    for key, value in info.items():
        ws.append([key, value])
    comp = wb.create_sheet("Components")
    for row in above_header:
        comp.append(list(row))
    comp.append(list(head))
    for row in rows:
        comp.append(list(row))
    if breaks is not None:
        pb = wb.create_sheet("PriceBreaks")
        pb.append(["sku", "min_qty", "unit_price"])
        for row in breaks:
            pb.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


BID_HEAD = """\
id: T-1
title: Test bid
client: {name: Test Client, country: UA}
currency: EUR
incoterm: DAP Kyiv
lead: alpha
catalogues: [cat]
date: 2026-11-27
"""


def write_bid(root: Path, body: str, head: str = BID_HEAD) -> Path:
    """bid.yaml = a valid header plus ``body`` (both dedented)."""
    path = root / "bid.yaml"
    path.write_text(textwrap.dedent(head) + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


# A generated bid of several hundred lines for the cost workbook's tests: four members in four
# currencies (member ids that differ only in case, and one with an underscore), price
# breaks, markups by line, category and member, nested bundles, ad-hoc lines, options and
# round_to.  Some catalogue names read like formulas; they must stay text.
RISKY_NAMES = ["=1+2", "+45 12 34 56 78", "-40 C rated valve", "@SUM(A1:A2)", "_x0041_ literal", "a < b & c"]
_GENERATED_MEMBERS = [
    # file stem, id, currency, sku prefix
    ("nord", "nord", "EUR", "N"),
    ("nord-dk", "NORD", "DKK", "D"),
    ("svea", "sv_e", "SEK", "S"),  # was "sv*": member ids now follow the bid id pattern (issue 16)
    ("usa", "usa", "USD", "U"),
]
_CATEGORIES = ["Heat", "Pumps", "Controls", "Services", "Pipes"]


def _generated_catalogue(path: Path, member: str, currency: str, prefix: str, rnd: Any) -> list[str]:
    rows, breaks = [], []
    for i in range(30):
        sku = f"{prefix}-{i:03d}"
        name = RISKY_NAMES[i] if i < len(RISKY_NAMES) and prefix == "N" else f"{member} part {i}"
        price = rnd.choice([19.99, 125, 838.13, 1234.57, 5980, 18450, 0.35, 47.1])
        lead = rnd.choice([None, 2, 4, 8, 12])
        rows.append([sku, name, rnd.choice(_CATEGORIES), rnd.choice(["pcs", "m", "day"]), price, None, lead,
                     rnd.choice(["DK", "SE", "DE", "US"]), rnd.choice([None, 1.5, 12, 200])])  # fmt: skip
        if i % 4 == 0:
            breaks += [[sku, 10, round(price * 0.95, 2)], [sku, 50, round(price * 0.9, 2)]]
    info = {"id": member, "name": f"{member.upper()} Components", "country": "DK", "currency": currency}
    write_catalogue(path, rows, member=info, breaks=breaks)
    _text_cells_as_text(path)
    return [f"{member}/{row[0]}" for row in rows]


def _text_cells_as_text(path: Path) -> None:
    """openpyxl writes a string starting with '=' as a formula; a catalogue holds it as text."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    wb.save(path)


def write_generated_bid(root: Path, *, seed: int = 7, contingency: str = "3.5%") -> Path:
    """Catalogues under root/cat and root/bid.yaml: a bid of several hundred priced lines."""
    import random

    rnd = random.Random(seed)
    refs = {
        member: _generated_catalogue(root / "cat" / f"{stem}.xlsx", member, currency, prefix, rnd)
        for stem, member, currency, prefix in _GENERATED_MEMBERS
    }
    every = [ref for member_refs in refs.values() for ref in member_refs]
    quantities = ["1", "2", "3", "5", "12", "12.5", "40", "120", "0.75"]

    def items(count: int) -> str:
        out = []
        for k in range(count):
            qty = rnd.choice(quantities)
            markup = f", markup: {rnd.choice(['5%', '12.5%', '17.25%', '22%'])}" if k % 5 == 0 else ""
            if k % 23 == 0:
                out.append(f"{{bundle: plant, qty: {rnd.choice(['1', '2'])}{markup}}}")
            elif k % 17 == 0:
                out.append(f'{{line: "Site work {k}", member: nord, unit: day, qty: {qty}, '
                           f'unit_price: 1147.5, currency: DKK, category: Services}}')  # fmt: skip
            else:
                out.append(f'{{item: "{rnd.choice(every)}", qty: {qty}{markup}}}')
        return "[" + ", ".join(out) + "]"

    head = f"""\
    id: GEN-1
    title: Generated bid for the cost workbook
    client: {{name: "=Client & Co <test>", country: UA}}
    currency: EUR
    incoterm: DAP Kyiv
    lead: nord
    catalogues: [cat]
    date: 2026-11-27
    rates: {{DKK: 0.1341, SEK: 0.0874, USD: 0.9213}}
    rates_date: 2026-11-20
    pricing:
      markup: 11.5%
      markup_by_member: {{sv_e: 9%, NORD: 7.25%}}
      markup_by_category: {{Services: 0%, Controls: 14%}}
      contingency: {contingency}
      discount: 1.75%
      round_to: 50
    bundles:
      skid:
        title: Pump skid
        description: "-frame, pumps and valves"
        items: [{{item: "{refs["nord"][3]}", qty: 1}}, {{item: "{refs["NORD"][4]}", qty: 2}},
                {{item: "{refs["sv_e"][0]}", qty: 1.5}}]
      plant:
        title: Plant room
        items: [{{bundle: skid, qty: 2}}, {{item: "{refs["usa"][1]}", qty: 4}},
                {{line: Commissioning, member: usa, unit: day, qty: 2, unit_price: 900, currency: USD}}]
      unused:
        title: Never used
        items: [{{item: "{refs["nord"][0]}", qty: 1}}]
    """
    sections = "\n".join(
        f'  - {{id: {sid}, title: "{title}", items: {items(90)}}}'
        for sid, title in (
            ("pumps", "Pumps"),
            ("heat", "Heat"),
            ("controls", "+Controls"),
            ("works", "Works"),
        )
    )
    options = "\n".join(
        f'  - {{id: {oid}, title: "{title}", items: {items(n)}}}'
        for oid, title, n in (("Pumps", "Spare pumps", 6), ("extra.1", "Extra", 9), ("spares", "Spares", 4))
    )
    body = f"sections:\n{sections}\noptions:\n{options}\n"
    path = root / "bid.yaml"
    path.write_text(textwrap.dedent(head) + body, encoding="utf-8")
    return path


def example_copy(root: Path, language: str, **replace: str) -> Path:
    """The shipped example in a folder of its own, in another language (catalogues by absolute path)."""
    shutil.copytree(EXAMPLE / "texts", root / "texts")
    text = (EXAMPLE / "bid.yaml").read_text(encoding="utf-8")
    text = text.replace("language: en", f"language: {language}")
    text = text.replace("[../../catalogues]", f"[{ROOT / 'catalogues'}]")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = root / "bid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def body_blocks(doc: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for el in doc.element.body:
        if el.tag == qn("w:p"):
            yield Paragraph(el, doc)
        elif el.tag == qn("w:tbl"):
            yield Table(el, doc)


def table_after(doc: Any, heading: str, first_cell: str | None = None) -> Any:
    """The first table after the paragraph whose text is ``heading`` (an entry of the contents is not one).

    With ``first_cell``, the first such table whose top left cell reads that (an item list, say,
    rather than a table in the section's text block).
    """
    seen = False
    for block in body_blocks(doc):
        if hasattr(block, "rows") and seen and (first_cell is None or block.cell(0, 0).text.strip() == first_cell):
            return block
        if not hasattr(block, "rows") and block.text.strip() == heading and not is_contents_entry(block):
            seen = True
    raise AssertionError(f"no table after '{heading}'")


def is_contents_entry(paragraph: Any) -> bool:
    """Whether a paragraph is an entry of the table of contents (style 'toc 1', 'toc 2', ...)."""
    return paragraph.style is not None and paragraph.style.name.lower().startswith("toc ")


def cells(table: Any) -> list[list[str]]:
    """Row texts with merged cells counted once."""
    out = []
    for row in table.rows:
        texts_, last = [], None
        for cell in row.cells:
            if cell._tc is not last:
                texts_.append(cell.text.strip())
            last = cell._tc
        out.append(texts_)
    return out


def soffice_path() -> str:
    """LibreOffice's soffice, or skip (outside CI) / fail (in CI) when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    missing("LibreOffice (soffice) is not installed; `make test` installs it with apt-get")


def chromium_path() -> str:
    """Debian's Chromium, which the browser tests drive, or skip (outside CI) / fail (in CI) without it."""
    found = shutil.which("chromium")
    if found:
        return found
    missing("Chromium is not installed (Debian's chromium package); `make test` installs it with apt-get")


def missing(what: str) -> NoReturn:
    """A tool or facility a test needs is not there: skip outside CI, fail in CI."""
    if in_ci():
        pytest.fail(what)
    pytest.skip(what)


def in_ci() -> bool:
    """Whether this is a CI run (CI=true), where a test may not skip for want of a tool."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def convert(soffice: str, src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless in a throw-away profile."""
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


@contextlib.contextmanager
def tmpfs_folder(path: Path, options: str) -> Iterator[Path]:
    """An empty file system of its own mounted at ``path`` (``options``: "size=1m", "ro,size=64k").

    Mounting needs root, as the tests run in CI; where it cannot be done the test skips, except
    in CI, where it fails.
    """
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                             capture_output=True, text=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        missing(f"a file system of its own is needed (mount -t tmpfs, as root): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[str]:
    """An empty folder no one may write, and the reason the system gives for refusing a write there.

    As root a folder's mode does not stop a write, so root gets a read-only file system there.
    """
    if os.geteuid() == 0:
        with tmpfs_folder(path, "ro,size=64k"):
            yield "Read-only file system"
        return
    path.mkdir()
    path.chmod(0o555)
    try:
        yield "Permission denied"
    finally:
        path.chmod(0o755)


# A one-member catalogue and a bid head that the hostile-input tests build their cases on.
HOSTILE_MEMBER = {"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"}
HOSTILE_ROWS = [
    ["A", "Alpha pump", "Pumps", "pcs", 100, None, 4, "DK", 10],
    ["B", "Alpha valve", "Valves", "pcs", 50.5, None, 2, "SE", None],
]
HOSTILE_HEAD = BID_HEAD.replace("id: T-1\ntitle: Test bid\n", "id: H-1\ntitle: Hostile bid\n")


# --- OOXML schema validation (tests/schemas/ooxml/README.md) ---

SCHEMAS = ROOT / "tests" / "schemas" / "ooxml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# The schema of a part, by the namespace of its root element.
_SCHEMA_OF = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    _SML: "sml.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml": "shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": "shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "dml-spreadsheetDrawing.xsd",
}  # fmt: skip


@functools.cache
def _schema(name: str) -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _understood(root: Any) -> Any:
    """The part as a consumer that knows only ECMA-376 reads it (Markup Compatibility, Part 3).

    Elements and attributes of the namespaces a part marks ``mc:Ignorable`` (Word's w14, w15, ...)
    are dropped, ``mc:AlternateContent`` becomes its ``mc:Fallback``; the mc attributes go.
    """
    ignorable: set[str] = set()
    for el in root.iter():
        for prefix in (el.get(f"{{{_MC}}}Ignorable") or "").split():
            if prefix in el.nsmap:
                ignorable.add(el.nsmap[prefix])
    for alt in list(root.iter(f"{{{_MC}}}AlternateContent")):
        fallback = alt.find(f"{{{_MC}}}Fallback")
        parent = alt.getparent()
        for child in list(fallback) if fallback is not None else []:
            alt.addprevious(child)
        parent.remove(alt)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.getparent() is not None and el.tag.startswith("{") and el.tag[1:].split("}")[0] in ignorable:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            namespace = attr[1:].split("}")[0] if attr.startswith("{") else ""
            if namespace in ignorable or namespace == _MC:
                del el.attrib[attr]
    return root


def ooxml_problems(path: Path) -> list[str]:
    """Every XML part of a .docx or .xlsx checked against the ECMA-376 Transitional schemas.

    Returns ``part:line: message`` for each violation, and names a part whose root no schema here
    covers.  One allowance, the schemas' known erratum: SpreadsheetML ``<t xml:space="preserve">``
    (Excel writes it; sml.xsd types ``<t>`` as a simple type).
    """
    import zipfile

    from lxml import etree

    problems: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            root = _understood(etree.fromstring(package.read(name)))
            namespace = etree.QName(root).namespace or ""
            if namespace not in _SCHEMA_OF:
                problems.append(f"{name}: no schema for its root {root.tag}")
                continue
            if namespace == _SML:
                for t in root.iter(f"{{{_SML}}}t"):
                    t.attrib.pop(f"{{{_XML_NS}}}space", None)
            schema = _schema(_SCHEMA_OF[namespace])
            if not schema.validate(root):
                problems += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    return problems



_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _part_problems(package: Any, names: set[str]) -> list[str]:
    """Every part has a content type and a content type a part; every relationship target is there."""
    import posixpath

    from lxml import etree

    types = etree.fromstring(package.read("[Content_Types].xml"))
    overrides = {e.get("PartName").lstrip("/") for e in types.iter(f"{_CT}Override")}
    defaults = {e.get("Extension") for e in types.iter(f"{_CT}Default")}
    out = [f"{n}: no content type" for n in sorted(names) if n not in overrides and n.rsplit(".", 1)[-1] not in defaults]
    out += [f"{n}: a content type for a part that is not there" for n in sorted(overrides - names)]
    for n in sorted(x for x in names if x.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(n))
        for r in etree.fromstring(package.read(n)).iter(f"{_REL}Relationship"):
            target = r.get("Target")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            if r.get("TargetMode") != "External" and full not in names:
                out.append(f"{n}: target {full} is not there")
    return out


def _style_problems(styles: Any) -> list[str]:
    """The style table's counts are true and its indexes (fonts, fills, borders, formats) exist."""
    sml = f"{{{_SML}}}"
    out = []
    for tag in ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"):
        e = styles.find(f"{sml}{tag}")
        if e is not None and e.get("count") is not None and int(e.get("count")) != len(e):
            out.append(f"styles.xml: {tag} count {e.get('count')}, {len(e)} entries")
    formats = {int(e.get("numFmtId")) for e in styles.iter(f"{sml}numFmt")}
    for i, x in enumerate(styles.find(f"{sml}cellXfs")):
        for attr, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            if int(x.get(attr, 0)) >= len(styles.find(f"{sml}{tag}")):
                out.append(f"styles.xml: cellXfs[{i}] {attr} {x.get(attr)} does not exist")
        if int(x.get("numFmtId", 0)) >= 164 and int(x.get("numFmtId")) not in formats:
            out.append(f"styles.xml: cellXfs[{i}] numFmtId {x.get('numFmtId')} does not exist")
    return out


def _cell_problems(package: Any, names: set[str], xf_count: int) -> list[str]:
    """Every cell's style and shared string exists; the string table's counts are true."""
    from lxml import etree

    sml = f"{{{_SML}}}"
    has_strings = "xl/sharedStrings.xml" in names
    strings = etree.fromstring(package.read("xl/sharedStrings.xml")) if has_strings else []
    out, used = [], 0
    for n in sorted(x for x in names if x.startswith("xl/worksheets/sheet")):
        for c in etree.fromstring(package.read(n)).iter(f"{sml}c"):
            if int(c.get("s", 0)) >= xf_count:
                out.append(f"{n}: {c.get('r')} has style {c.get('s')} of {xf_count}")
            if c.get("t") == "s":
                used += 1
                if int(c.find(f"{sml}v").text) >= len(strings):
                    out.append(f"{n}: {c.get('r')} names a shared string that is not there")
    if has_strings:
        if int(strings.get("uniqueCount", len(strings))) != len(strings):
            out.append(f"sharedStrings.xml: uniqueCount {strings.get('uniqueCount')}, {len(strings)} strings")
        if strings.get("count") is not None and int(strings.get("count")) != used:
            out.append(f"sharedStrings.xml: count {strings.get('count')}, {used} cells use one")
    return out


def package_problems(path: Path) -> list[str]:
    """What Office checks in an .xlsx beyond the schemas (tests/schemas/ooxml/README.md), one line each.

    Content types and parts match; relationship targets exist; the style table's counts are true
    and every index into it exists; every shared string a cell names exists and the counts are true.
    """
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        styles = etree.fromstring(package.read("xl/styles.xml"))
        xf_count = len(styles.find(f"{{{_SML}}}cellXfs"))
        return [*_part_problems(package, names), *_style_problems(styles), *_cell_problems(package, names, xf_count)]


# A bid for where the value comes from and CO2e (tests/test_content.py, tests/test_workbook_content.py).
# sku, name, category, unit, unit_price, currency, lead, origin, co2e
CONTENT_ALPHA = [  # the lead: DK, EUR
    ["A", "Alpha pump", "Pumps", "pcs", 100, None, 4, "DK", 10],
    ["C", "Alpha coil", "Heat", "pcs", 50, None, 4, "CN", 2],
]
CONTENT_BETA = [  # a member: SE, EUR
    ["H", "Beta exchanger", "Heat", "pcs", 200, None, 6, "SE", 5],
    ["U", "Beta upgrader", "Upgrading", "pcs", 40, None, 6, "US", None],
    ["X", "Beta fitting", "Pumps", "pcs", 30, None, 6, None, 0.125],
]

# Base scope (no markup, so line cost = qty x price), 8 lines:
#   s1: alpha/A 3 x 100 = 300 DK (CO2e 3 x 10 = 30); alpha/C 2 x 50 = 100 CN (2 x 2 = 4);
#       Engineering (alpha) 4 x 35 = 140 DK, origin: DK (no CO2e)
#   s2: beta/H 1 x 200 = 200 SE (5); beta/U 5 x 40 = 200 US (none); beta/X 2 x 30 = 60 unknown (2 x 0.125 = 0.25);
#       Crane (beta) 1 x 202 = 202 UA, origin_country: UA (12.5); Hall rent (alpha) 1 x 398 = 398 DE (none)
#   base cost = 300 + 100 + 140 + 200 + 200 + 60 + 202 + 398 = 1600
# The option (alpha/A x 1 = 100 DK) is not part of the base scope.
CONTENT_BODY = """
content_rules:
  domestic_min: {domestic_min}
  local_max: 12.63%
  single_country_max: 23.25%
  net_zero_categories: [Heat, Upgrading, Pumps]
sections:
  - id: s1
    title: One
    items:
      - {{item: alpha/A, qty: 3}}
      - {{item: alpha/C, qty: 2}}
      - {{line: Engineering, member: alpha, unit: h, qty: 4, unit_price: 35, origin: DK}}
  - id: s2
    title: Two
    items:
      - {{item: beta/H, qty: 1}}
      - {{item: beta/U, qty: 5}}
      - {{item: beta/X, qty: 2}}
      - {{line: Crane, member: beta, unit: day, qty: 1, unit_price: 202, origin_country: UA, co2e_kg: 12.5}}
      - {{line: Hall rent, member: alpha, unit: month, qty: 1, unit_price: 398, origin: DE}}
options:
  - id: o
    title: Spare
    items: [{{item: alpha/A, qty: 1}}]
"""


def write_content_bid(
    root: Path, domestic_min: str = "30%", body: str = CONTENT_BODY, language: str | None = None
) -> Path:
    """Two members, eight base lines of known origin, category and CO2e (figures in the comments above).

    ``language`` is added as the bid's last key (no line of the body moves).
    """
    write_catalogue(root / "cat" / "alpha.xlsx", CONTENT_ALPHA,
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    write_catalogue(root / "cat" / "beta.xlsx", CONTENT_BETA,
                    member={"id": "beta", "name": "Beta AB", "country": "SE", "currency": "EUR"})  # fmt: skip
    return write_bid(root, body.format(domestic_min=domestic_min) + (f"language: {language}\n" if language else ""))
