"""Generate templates/proposal.docx, the default proposal template, and its logo.

Run: .venv/bin/python tools/make_proposal_template.py

The template is an ordinary Word document a person can open and edit in Word
or LibreOffice; this script exists so that it is reproducible and reviewable
(every style, table and Jinja tag is written here).  Tags follow docxtpl:
``{{ x }}`` in a run, ``{%p ... %}`` as a paragraph of its own, ``{%tr ... %}``
as a table row of its own, ``{{p block }}`` for a rendered text block.
Fixed texts come from the translation catalogues as ``{{ t.key }}``.
"""

from __future__ import annotations

import io
import math
import struct
import sys
import zlib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "proposal.docx"

CLUSTER = "Danish Energy Technology Cluster"
CLUSTER_LINE = "Export Department"
FONT = "Arial"
NAVY = RGBColor(0x0B, 0x2E, 0x4F)
ACCENT = RGBColor(0xD9, 0x6C, 0x1E)
GREY = RGBColor(0x5F, 0x66, 0x6D)
TEXT = RGBColor(0x22, 0x26, 0x2A)
NAVY_HEX, ACCENT_HEX, LIGHT_HEX, RULE_HEX = "0B2E4F", "D96C1E", "EEF2F6", "B8C2CC"
TEXT_WIDTH = Cm(16.6)


# --- the logo: a small PNG drawn here, so the repository holds no binary of unknown origin ---


def _png(width: int, height: int, pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def logo_png(size: int = 192, samples: int = 3) -> bytes:
    """A navy disc crossed by three warm waves: heat carried through a network."""
    navy, accent = (0x0B, 0x2E, 0x4F), (0xD9, 0x6C, 0x1E)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(samples):
                for sx in range(samples):
                    u = (x + (sx + 0.5) / samples) / size * 2 - 1
                    v = (y + (sy + 0.5) / samples) / size * 2 - 1
                    if u * u + v * v > 0.96:
                        continue
                    colour = navy
                    for k, offset in enumerate((-0.36, 0.0, 0.36)):
                        wave = offset + 0.11 * math.sin(3.2 * u + k * 0.9)
                        if abs(v - wave) < 0.075:
                            colour = accent if k == 1 else (0xFF, 0xFF, 0xFF)
                    acc[0] += colour[0]
                    acc[1] += colour[1]
                    acc[2] += colour[2]
                    acc[3] += 255
            n = samples * samples
            alpha = acc[3] / n
            if alpha:
                row += bytes(round(c / (acc[3] / 255)) for c in acc[:3]) + bytes([round(alpha)])
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(bytes(row))
    return _png(size, size, rows)


# --- small helpers over python-docx ---

# Children that must come after the one being added (OOXML fixes the order; Word enforces it).
AFTER = {
    "w:pBdr": ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:jc", "w:outlineLvl", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    "w:tblLayout": ("w:tblCellMar", "w:tblLook"),
    "w:shd": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:tcMar": ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:updateFields": ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                       "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                       "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                       "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                       "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator"),
}  # fmt: skip


def insert(parent, el) -> None:
    """Add ``el`` to ``parent`` where the schema wants it."""
    tag = el.tag.split("}")[1]
    later = {qn(t) for t in AFTER.get(f"w:{tag}", ())}
    for child in parent:
        if child.tag in later:
            child.addprevious(el)
            return
    parent.append(el)


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    insert(tcpr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def cell_margins(cell, top: int = 60, bottom: int = 60, left: int = 100, right: int = 100) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    mar = OxmlElement("w:tcMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    insert(tcpr, mar)


def table_borders(table, inside_h: bool = True, outer: str = RULE_HEX) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        visible = side in ("top", "bottom") or (side == "insideH" and inside_h)
        el.set(qn("w:val"), "single" if visible else "nil")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), outer)
        borders.append(el)
    insert(tblpr, borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert(tblpr, layout)


def row_props(row, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def widths(table, cms: list[float]) -> None:
    """Column widths; a merged cell is as wide as the columns it spans."""
    grid = table._tbl.tblGrid
    for col, cm in zip(grid.findall(qn("w:gridCol")), cms, strict=True):
        col.set(qn("w:w"), str(int(cm * 567)))
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(cms[start : start + span]))
            start += span


def write(cell_or_par, text: str, *, bold: bool = False, size: float | None = None,
          colour: RGBColor | None = None, align: str | None = None, style: str | None = None):  # fmt: skip
    par = cell_or_par.paragraphs[0] if hasattr(cell_or_par, "paragraphs") else cell_or_par
    if style:
        par.style = style
    if align == "right":
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = par.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return par


def field(par, instr: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) as begin / instruction / separate / result / end.

    Not marked dirty: Word would ask to update fields when the proposal is opened.  bidkit fills
    the TOC's result itself (bidkit/outputs/proposal/toc.py).
    """

    def fld(kind: str) -> None:
        run = par.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    run = par.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    fld("separate")
    par.add_run(placeholder)
    fld("end")


def border_under(par, colour: str = RULE_HEX, top: bool = False) -> None:
    element = par._p if hasattr(par, "_p") else par
    ppr = element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    el = OxmlElement("w:top" if top else "w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", colour)):
        el.set(qn(f"w:{key}"), value)
    bdr.append(el)
    insert(ppr, bdr)


# --- styles ---


def styles(doc) -> None:
    st = doc.styles
    normal = st["Normal"]
    normal.font.name, normal.font.size, normal.font.color.rgb = FONT, Pt(10), TEXT
    for rfonts in [
        normal.element.rPr.rFonts,
        *doc.styles.element.findall(".//" + qn("w:rPrDefault") + "//" + qn("w:rFonts")),
    ]:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, colour, before, after in (
        ("Heading 1", 18, NAVY, 22, 10), ("Heading 2", 13, NAVY, 16, 6),
        ("Heading 3", 11, TEXT, 12, 4), ("Heading 4", 10, TEXT, 10, 2),
    ):  # fmt: skip
        s = st[name]
        s.font.name, s.font.size, s.font.bold, s.font.color.rgb = FONT, Pt(size), True, colour
        s.font.italic = False
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            s.element.rPr.rFonts.attrib.pop(qn(attr), None)
        s.paragraph_format.space_before, s.paragraph_format.space_after = Pt(before), Pt(after)
        s.paragraph_format.keep_with_next = True
    border_under(st["Heading 1"].element, ACCENT_HEX)
    st["Heading 1"].paragraph_format.page_break_before = False
    for name in ("List Bullet", "List Bullet 2", "List Number", "List Number 2", "Body Text"):
        st[name].font.name = FONT
        st[name].paragraph_format.space_after = Pt(3)
    st["Body Text"].paragraph_format.space_after = Pt(6)
    small = st.add_style("Table Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = st["Normal"]
    small.font.size, small.font.color.rgb = Pt(8), GREY
    small.paragraph_format.space_after, small.paragraph_format.line_spacing = Pt(0), 1.0
    cell = st.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = st["Normal"]
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after, cell.paragraph_format.line_spacing = Pt(0), 1.0
    for name, size in (("Header Text", 8), ("Footer Text", 8)):
        s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = st["Normal"]
        s.font.size, s.font.color.rgb = Pt(size), GREY
        s.paragraph_format.space_after = Pt(0)
        s.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    toc_heading = st.add_style("Contents Heading", WD_STYLE_TYPE.PARAGRAPH)
    toc_heading.base_style = st["Normal"]
    toc_heading.font.size, toc_heading.font.bold, toc_heading.font.color.rgb = Pt(18), True, NAVY
    toc_heading.paragraph_format.space_after = Pt(12)
    toc_styles(doc)
    letter_styles(doc)
    table_style(doc)


def toc_styles(doc) -> None:
    """'toc 1' and 'toc 2': the contents entries bidkit writes (a hyperlink each, no page numbers)."""
    for level, size, bold, indent, before in ((1, 10.5, True, 0, 6), (2, 10, False, 400, 1)):
        xml = f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}">
          <w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
          <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
          <w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{int(TEXT_WIDTH.twips)}"/></w:tabs>
            <w:spacing w:before="{before * 20}" w:after="40"/><w:ind w:left="{indent}"/></w:pPr>
          <w:rPr>{"<w:b/>" if bold else ""}<w:color w:val="{NAVY_HEX if bold else "222629"}"/>
            <w:sz w:val="{int(size * 2)}"/></w:rPr>
        </w:style>"""
        doc.styles.element.append(parse_xml(xml))


def letter_styles(doc) -> None:
    """'Letter Text': the cover letter's paragraphs, a little more air than body text."""
    letter = doc.styles.add_style("Letter Text", WD_STYLE_TYPE.PARAGRAPH)
    letter.base_style = doc.styles["Normal"]
    letter.font.size = Pt(10.5)
    letter.paragraph_format.space_after = Pt(8)


def table_style(doc) -> None:
    """'Bidkit Table': what a Markdown table in a text block looks like."""
    xml = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BidkitTable">
      <w:name w:val="Bidkit Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
      <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:sz w:val="18"/></w:rPr>
      <w:tblPr><w:tblBorders>
        <w:top w:val="single" w:sz="4" w:color="{RULE_HEX}"/>
        <w:bottom w:val="single" w:sz="4" w:color="{RULE_HEX}"/>
        <w:insideH w:val="single" w:sz="4" w:color="{RULE_HEX}"/></w:tblBorders>
        <w:tblCellMar><w:top w:w="50" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>
        <w:bottom w:w="50" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>
      <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
        <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY_HEX}"/></w:tcPr></w:tblStylePr>
    </w:style>"""
    doc.styles.element.append(parse_xml(xml))


# --- the document ---


def page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.4), Cm(2.2)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.header_distance, sec.footer_distance = Cm(1.0), Cm(1.0)
    sec.different_first_page_header_footer = True
    header = sec.header.paragraphs[0]
    header.style = "Header Text"
    draft = header.add_run("{% if draft %}{{ t.draft }}  ·  {% endif %}")
    draft.bold, draft.font.color.rgb = True, ACCENT
    header.add_run("{{ title }}")
    header.add_run("\t{{ client.name }}")
    border_under(header)
    footer = sec.footer.paragraphs[0]
    footer.style = "Footer Text"
    border_under(footer, top=True)
    footer.add_run(
        f"{CLUSTER} · {{{{ lead.name }}}} · {{{{ t.bid_id }}}} {{{{ id }}}}"
        "{% if revision %} · {{ t.revision }} {{ revision }}{% endif %}\t{{ t.page }} "
    )
    field(footer, "PAGE")
    footer.add_run(" {{ t.page_of }} ")
    field(footer, "NUMPAGES")


def cover(doc, logo: bytes) -> None:
    top = doc.add_table(rows=1, cols=2)
    widths(top, [2.4, 14.2])
    top.alignment = WD_TABLE_ALIGNMENT.LEFT
    top.cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(logo), width=Cm(1.9))
    write(top.cell(0, 1), CLUSTER, bold=True, size=13, colour=NAVY)
    write(top.cell(0, 1).add_paragraph(), CLUSTER_LINE, size=10, colour=GREY)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Cm(3.2)

    band = doc.add_table(rows=1, cols=1)
    widths(band, [16.6])
    cell = band.cell(0, 0)
    shade(cell, NAVY_HEX)
    cell_margins(cell, 500, 500, 400, 400)
    write(
        cell,
        "{{ t.proposal | upper }}{% if draft %}  ·  {{ t.draft }}{% endif %}",
        bold=True,
        size=10,
        colour=RGBColor(0xF3, 0xB0, 0x7C),
    )
    title = write(cell.add_paragraph(), "{{ title }}", bold=True, size=26, colour=RGBColor(0xFF, 0xFF, 0xFF))
    title.paragraph_format.space_before = Pt(8)
    title.paragraph_format.line_spacing = 1.05
    prepared = write(
        cell.add_paragraph(), "{{ t.prepared_for }} ", size=12, colour=RGBColor(0xD5, 0xDE, 0xE8)
    )
    prepared.paragraph_format.space_before = Pt(14)
    prepared.add_run("{{ client.name }}").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    prepared.runs[-1].bold = True
    prepared.runs[-1].font.size = Pt(12)

    doc.add_paragraph().paragraph_format.space_before = Cm(1.0)
    details = doc.add_table(rows=0, cols=2)
    widths(details, [4.6, 12.0])
    rows = [
        ("{{ t.tender_ref }}", "{{ tender_ref }}", "tender_ref"), ("{{ t.bid_id }}", "{{ id }}", ""),
        ("{{ t.revision }}", "{{ revision }}", "revision"), ("{{ t.date }}", "{{ date }}", ""),
        ("{{ t.deadline }}", "{{ deadline }}", "deadline"), ("{{ t.total }}", "{{ total | money }}", ""),
    ]  # fmt: skip
    for label, value, condition in rows:
        if condition:
            details.add_row().cells[0].text = f"{{%tr if {condition} %}}"
        cells = details.add_row().cells
        write(cells[0], label, colour=GREY)
        write(cells[1], value, bold=True)
        if condition:
            details.add_row().cells[0].text = "{%tr endif %}"
    table_borders(details)
    widths(details, [4.6, 12.0])

    doc.add_paragraph().paragraph_format.space_before = Cm(1.6)
    by = doc.add_paragraph()
    write(by, "{{ t.submitted_by }}", size=9, colour=GREY)
    lead = doc.add_paragraph()
    write(lead, "{{ lead.name }}", bold=True, size=12, colour=NAVY)
    lead.paragraph_format.space_after = Pt(0)
    write(doc.add_paragraph(), "{{ t.on_behalf }}", size=9, colour=GREY)
    members = doc.add_paragraph()
    write(members, "{% for m in members %}{{ m.name }}{% if not loop.last %}  ·  {% endif %}{% endfor %}",
          size=9, colour=TEXT)  # fmt: skip
    members.add_run().add_break(WD_BREAK.PAGE)


def cover_letter(doc) -> None:
    """The letter that opens the proposal: to the client, about the tender, signed by the lead."""
    to = doc.add_paragraph(style="Letter Text")
    write(to, "{{ client.name }}", bold=True)
    tag(doc, "{%p if client.contact %}")
    write(doc.add_paragraph(style="Letter Text"), "{{ t.attention }} {{ client.contact }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if client.address %}")
    doc.add_paragraph("{{ client.address }}", style="Letter Text")
    tag(doc, "{%p endif %}")
    place = doc.add_paragraph(style="Letter Text")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.paragraph_format.space_before = Pt(18)
    place.add_run("{{ date | date }}")
    subject = doc.add_paragraph(style="Letter Text")
    subject.paragraph_format.space_before = Pt(18)
    write(subject, "{{ title }}{% if tender_ref %} · {{ t.tender_ref }} {{ tender_ref }}{% endif %}",
          bold=True, colour=NAVY)  # fmt: skip
    doc.add_paragraph(
        "{% if client.contact %}{{ t.dear_named.format(name=client.contact) }}{% else %}{{ t.dear }}{% endif %}",
        style="Letter Text",
    )
    tag(doc, "{{p letter }}")
    closing = doc.add_paragraph("{{ t.yours_sincerely }}", style="Letter Text")
    closing.paragraph_format.space_before = Pt(10)
    closing.paragraph_format.keep_with_next = True
    sign = doc.add_paragraph(style="Letter Text")
    sign.paragraph_format.space_before = Cm(1.6)
    sign.paragraph_format.keep_with_next = True
    border_under(sign._p, RULE_HEX)  # the line to sign on
    signer = doc.add_paragraph(style="Letter Text")
    signer.paragraph_format.space_after = Pt(0)
    signer.paragraph_format.keep_with_next = True
    write(signer, "{% if signatory %}{{ signatory.name }}{% else %}{{ lead.name }}{% endif %}", bold=True)
    tag(doc, "{%p if signatory %}")
    role = doc.add_paragraph(style="Letter Text")
    role.paragraph_format.space_after = Pt(0)
    role.paragraph_format.keep_with_next = True
    write(role, "{% if signatory.role %}{{ signatory.role }}, {% endif %}{{ lead.name }}", colour=GREY)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if contact %}")
    doc.add_paragraph().paragraph_format.space_before = Pt(14)
    box = doc.add_table(rows=1, cols=1)
    widths(box, [16.6])
    cell = box.cell(0, 0)
    shade(cell, LIGHT_HEX)
    cell_margins(cell, 120, 120, 160, 160)
    write(cell, "{{ t.contact_person }}", bold=True, size=9, colour=NAVY)
    write(cell.add_paragraph(), "{{ contact.name }}{% if contact.role %}, {{ contact.role }}{% endif %}",
          bold=True)  # fmt: skip
    write(cell.add_paragraph(), "{% if contact.phone %}{{ t.phone }} {{ contact.phone }}{% endif %}"
          "{% if contact.phone and contact.email %}  ·  {% endif %}"
          "{% if contact.email %}{{ t.email }} {{ contact.email }}{% endif %}")  # fmt: skip
    tag(doc, "{%p endif %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def contents(doc) -> None:
    write(doc.add_paragraph(style="Contents Heading"), "{{ t.contents }}")
    field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ t.toc_placeholder }}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def heading(doc, text: str, level: int = 1, new_page: bool = False):
    par = doc.add_paragraph(style=f"Heading {level}")
    par.add_run(text)
    par.paragraph_format.page_break_before = new_page or None
    return par


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %} or {{p ... }})."""
    doc.add_paragraph(text)


def grid(doc, head: list[tuple[str, float, str]]):
    """A data table: a navy header row that repeats on each page, fixed column widths."""
    table = doc.add_table(rows=1, cols=len(head))
    table.style = doc.styles["Bidkit Table"]
    for cell, (text, _, align) in zip(table.rows[0].cells, head, strict=True):
        shade(cell, NAVY_HEX)
        write(
            cell, text, bold=True, size=9, colour=RGBColor(0xFF, 0xFF, 0xFF), align=align, style="Table Text"
        )
    row_props(table.rows[0], header=True)
    table_borders(table)
    return table


def loop_rows(table, start: str, cells: list[list[tuple[str, dict]]], end: str, aligns: list[str],
              fill: str | None = None) -> None:  # fmt: skip
    """{%tr for %} row, the repeated row (one list of (text, format) paragraphs per cell), {%tr endfor %}."""
    table.add_row().cells[0].text = start
    row = table.add_row()
    row_props(row)
    for cell, paragraphs, align in zip(row.cells, cells, aligns, strict=True):
        if fill:
            shade(cell, fill)
        first = True
        for text, fmt in paragraphs:
            par = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            style = fmt.pop("style", "Table Text")
            write(par, text, align=align, style=style, **fmt)
    table.add_row().cells[0].text = end


def unique_cells(row) -> list:
    """A row's cells with a merged cell once (python-docx repeats it for each column it spans)."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def keep_together(table, last: bool = False, start: int = 0) -> None:
    """Every row (from ``start``) stays on the page with the next, so a short table is never split.

    Not for lists that can run over a page: a table too long to keep together would start on a
    new page and leave its heading behind.  Those keep only their last item with their total,
    which bidkit does when it renders (bidkit/outputs/proposal/keep.py).
    """
    rows = table.rows[start:] if last else table.rows[start:-1]
    for row in rows:
        for cell in unique_cells(row):
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def total_row(
    table, label: str, value: str, span: int, bold: bool = True, fill: str | None = LIGHT_HEX
) -> None:
    row = table.add_row()
    row_props(row)
    merged = row.cells[0].merge(row.cells[span - 1]) if span > 1 else row.cells[0]
    write(merged, label, bold=bold, style="Table Text")
    for cell in row.cells[span:-1]:
        write(cell, "", style="Table Text")
    write(row.cells[-1], value, bold=bold, align="right", style="Table Text")
    if fill:
        for cell in unique_cells(row):
            shade(cell, fill)


# Wide enough for "123.456,5" in Qty and "pauschal" in Unit at 9 pt without wrapping.
ITEM_COLS = [1.1, 6.1, 2.1, 1.9, 2.5, 2.9]
ITEM_ALIGN = ["", "", "right", "", "right", "right"]


def item_table(doc, rows_var: str) -> object:
    head = [
        ("{{ t.pos }}", 0, ""), ("{{ t.description }}", 0, ""), ("{{ t.qty }}", 0, "right"),
        ("{{ t.unit }}", 0, ""), ("{{ t.unit_price }}", 0, "right"), ("{{ t.amount }}", 0, "right"),
    ]  # fmt: skip
    table = grid(doc, head)
    description = [
        ("{{ r.name }}", {"bold": True}),
        ("{%p if r.description %}", {}),
        ("{{ r.description }}", {"style": "Table Small"}),
        ("{%p endif %}", {}),
        ("{%p if r.contents %}", {}),
        ("{{ t.each_set }} {% for q, n in r.contents %}{{ q | number }} × {{ n }}{% if not loop.last %}; "
         "{% endif %}{% endfor %}", {"style": "Table Small"}),
        ("{%p endif %}", {}),
    ]  # fmt: skip
    loop_rows(table, f"{{%tr for r in {rows_var} %}}", [
        [("{{ r.pos }}", {})], description, [("{{ r.qty | number }}", {})], [("{{ r.unit }}", {})],
        [("{{ r.unit_price | amount if r.unit_price is not none else '' }}", {})],
        [("{{ r.amount | amount }}", {})],
    ], "{%tr endfor %}", ITEM_ALIGN)  # fmt: skip
    return table


def body(doc) -> None:
    heading(doc, "{{ t.executive_summary }}")
    tag(doc, "{%p if summary %}")
    tag(doc, "{{p summary }}")
    tag(doc, "{%p endif %}")

    heading(doc, "{{ t.consortium }}", new_page=False)
    tag(doc, '{{p block("company-profile.md") }}')
    doc.add_paragraph("{{ t.consortium_intro }}")
    members = grid(doc, [("{{ t.company }}", 0, ""), ("{{ t.country }}", 0, ""), ("{{ t.role }}", 0, ""),
                         ("{{ t.share }}", 0, "right")])  # fmt: skip
    loop_rows(members, "{%tr for m in members %}", [
        [("{{ m.name }}", {"bold": True}), ("{{ m.role }}", {"size": 8, "colour": GREY})],
        [("{{ m.country | country }}", {})],
        [("{{ t.role_lead if m.id == lead.id else t.role_member }}", {})],
        [("{{ member_shares[m.id] }}", {})],
    ], "{%tr endfor %}", ["", "", "", "right"])  # fmt: skip
    widths(members, [8.1, 3.0, 3.5, 2.0])

    heading(doc, "{{ t.scope }}", new_page=True)
    tag(doc, "{%p if spread and itemised %}")
    doc.add_paragraph("{{ t.amounts_binding }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for s in sections %}")
    heading(doc, "{{ s.number }}. {{ s.title }}", level=2)
    tag(doc, "{%p if s.text %}")
    tag(doc, "{{p s.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if itemised %}")
    table = item_table(doc, "s.rows")
    total_row(table, "{{ t.section_total }}", "{{ s.subtotal | amount }}", 5)
    widths(table, ITEM_COLS)  # bidkit keeps the last item row with the total (keep.py)
    tag(doc, "{%p else %}")
    not_itemised(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    price_schedule(doc)
    options(doc)

    delivery(doc)
    offer_terms(doc)
    origin_of_supply(doc)
    terms(doc)
    appendix(doc)
    green_annex(doc)


def origin_of_supply(doc) -> None:
    """Where the value comes from: shares of the base scope's cost by country (README)."""
    heading(doc, "{{ t.origin_of_supply }}")
    doc.add_paragraph("{{ t.origin_intro }}")
    table = grid(doc, [("{{ t.country }}", 0, ""), ("{{ t.share }}", 0, "right")])
    loop_rows(table, "{%tr for c in origin.rows %}", [
        [("{{ c.country | country if c.country else t.unknown_origin }}", {})], [("{{ c.share }}", {})],
    ], "{%tr endfor %}", ["", "right"])  # fmt: skip
    widths(table, [8.0, 3.0])
    keep_together(table)
    tag(doc, "{%p if origin.domestic_share is not none %}")
    after_table = doc.add_paragraph("{{ t.origin_domestic.format(share=origin.domestic_share, "
                                    "country=origin.domestic_country | country) }}")  # fmt: skip
    after_table.paragraph_format.space_before = Pt(8)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if origin.local_share %}")
    doc.add_paragraph("{{ t.origin_local.format(share=origin.local_share, "
                      "country=origin.local_country | country) }}")  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if origin.unknown %}")
    doc.add_paragraph("{{ t.origin_unknown.format(lines=origin.unknown | join(', ')) }}")
    tag(doc, "{%p endif %}")


def _kg_table(doc, label: str, rows: str, total: str | None = None) -> None:
    table = grid(doc, [(label, 0, ""), ("{{ t.co2e_kg }}", 0, "right")])
    loop_rows(table, f"{{%tr for r in {rows} %}}", [[("{{ r.label }}", {})], [("{{ r.kg | number }}", {})]],
              "{%tr endfor %}", ["", "right"])  # fmt: skip
    if total:
        total_row(table, "{{ t.co2e_total }}", total, 1)
    widths(table, [11.0, 4.0])
    keep_together(table)


def _line_table(doc, rows: str, third: tuple[str, str]) -> None:
    table = grid(doc, [("{{ t.reference }}", 0, ""), ("{{ t.description }}", 0, ""), (third[0], 0, "")])
    loop_rows(table, f"{{%tr for r in {rows} %}}", [
        [("{{ r.ref }}", {})], [("{{ r.name }}", {})], [(third[1], {"size": 8})],
    ], "{%tr endfor %}", ["", "", ""])  # fmt: skip
    widths(table, [3.8, 6.0, 6.8])


def green_annex(doc) -> None:
    """The CO2e appendix (on when a line has a figure; the bid's green_annex: false turns it off)."""
    tag(doc, "{%p if green %}")
    heading(doc, "{{ t.green_annex }}", new_page=True)
    doc.add_paragraph("{{ t.green_intro.format(total=green.total_kg | number, coverage=green.coverage) }}")
    doc.add_paragraph("{{ co2e_chart }}")
    heading(doc, "{{ t.co2e_by_section }}", level=2)
    _kg_table(doc, "{{ t.scope }}", "green.sections", "{{ green.total_kg | number }}")
    heading(doc, "{{ t.co2e_by_member }}", level=2)
    _kg_table(doc, "{{ t.company }}", "green.members")
    tag(doc, "{%p if green.options %}")
    heading(doc, "{{ t.co2e_by_option }}", level=2)
    _kg_table(doc, "{{ t.option }}", "green.options")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if green.missing %}")
    heading(doc, "{{ t.co2e_missing }}", level=2)
    _line_table(doc, "green.missing", ("{{ t.scope }}", "{{ r.where }}"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if green.datasheets %}")
    heading(doc, "{{ t.datasheets }}", level=2)
    _line_table(doc, "green.datasheets", ("{{ t.datasheet }}", "{{ r.datasheet }}"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def delivery(doc) -> None:
    """The delivery time, and the bid's delivery schedule by milestone (weeks after the order)."""
    heading(doc, "{{ t.delivery }}")
    doc.add_paragraph("{% if delivery_schedule %}{{ t.delivery_by_schedule }}"
                      "{% elif delivery_weeks %}{{ t.delivery_weeks.format(weeks=delivery_weeks) }}"
                      "{% else %}{{ t.delivery_open }}{% endif %}")  # fmt: skip
    tag(doc, "{%p if delivery_schedule %}")
    heading(doc, "{{ t.delivery_schedule }}", level=2)
    table = grid(doc, [("{{ t.milestone }}", 0, ""), ("{{ t.week_after_order }}", 0, "right")])
    loop_rows(table, "{%tr for m in delivery_schedule %}", [
        [("{{ m.milestone }}", {})], [("{{ m.week | number }}", {})],
    ], "{%tr endfor %}", ["", "right"])  # fmt: skip
    widths(table, [12.6, 4.0])
    keep_together(table, last=False)
    tag(doc, "{%p endif %}")


def offer_terms(doc) -> None:
    """Assumptions, exclusions and deviations from the tender documents: what the price rests on."""
    heading(doc, "{{ t.offer_basis }}")
    for name in ("assumptions", "exclusions"):
        heading(doc, f"{{{{ t.{name} }}}}", level=2)
        tag(doc, f"{{%p for x in {name} %}}")
        doc.add_paragraph("{{ x }}", style="List Bullet")
        tag(doc, "{%p else %}")
        doc.add_paragraph(f"{{{{ t.no_{name} }}}}")
        tag(doc, "{%p endfor %}")
    heading(doc, "{{ t.deviations }}", level=2)
    tag(doc, "{%p if deviations %}")
    table = grid(doc, [("{{ t.clause }}", 0, ""), ("{{ t.deviation }}", 0, "")])
    loop_rows(table, "{%tr for d in deviations %}", [
        [("{{ d.clause }}", {"bold": True})], [("{{ d.text }}", {})],
    ], "{%tr endfor %}", ["", ""])  # fmt: skip
    widths(table, [3.6, 13.0])
    tag(doc, "{%p else %}")
    doc.add_paragraph("{{ t.no_deviations }}")
    tag(doc, "{%p endif %}")


def not_itemised(doc) -> None:
    """A big bid's section: how many items, where they are listed, and what it costs."""
    doc.add_paragraph("{{ t.items_elsewhere.format(count=s.rows | length, file=costs_file) }}")
    total = doc.add_paragraph()
    write(total, "{{ t.section_total }}: ", bold=True)
    total.add_run("{{ s.subtotal | money }}").bold = True


def price_schedule(doc) -> None:
    heading(doc, "{{ t.price_schedule }}", new_page=True)
    table = grid(
        doc,
        [("{{ t.pos }}", 0, ""), ("{{ t.scope }}", 0, ""), ("{{ t.amount }} ({{ currency }})", 0, "right")],
    )
    table.add_row().cells[0].text = "{%tr for s in sections %}"
    section = table.add_row()
    row_props(section)
    for cell, text, align in zip(section.cells, ("{{ s.number }}", "{{ s.title }}", "{{ s.subtotal | amount }}"),
                                 ("", "", "right"), strict=True):  # fmt: skip
        write(cell, text, align=align, style="Table Text")
    # A big bid (not itemised) shows each section's bundles under it.
    table.add_row().cells[0].text = "{%tr if not itemised %}"
    loop_rows(table, "{%tr for b in s.bundles %}", [
        [("", {"style": "Table Small"})],
        [("{{ b.name }} · {{ b.qty | number }} {{ b.unit }}", {"style": "Table Small"})],
        [("{{ b.amount | amount }}", {"style": "Table Small"})],
    ], "{%tr endfor %}", ["", "", "right"])  # fmt: skip
    table.add_row().cells[0].text = "{%tr endif %}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    # Only the adjustments the bid shows (pricing.show_adjustments); the others are in the amounts.
    table.add_row().cells[0].text = "{%tr if adjustments %}"
    total_row(table, "{{ t.subtotal }}", "{{ subtotal | amount }}", 2)
    table.add_row().cells[0].text = "{%tr endif %}"
    for condition, label, value in (
        ("contingency", "{{ t.contingency }} {{ contingency_rate | percent }}", "{{ contingency | amount }}"),
        ("discount", "{{ t.discount }} {{ discount_rate | percent }}", "{{ (-discount) | amount }}"),
        ("rounding", "{{ t.rounding }}", "{{ rounding | amount }}"),
    ):
        table.add_row().cells[0].text = f"{{%tr if {condition} %}}"
        total_row(table, label, value, 2, bold=False, fill=None)
        table.add_row().cells[0].text = "{%tr endif %}"
    row = table.add_row()
    row_props(row)
    merged = row.cells[0].merge(row.cells[1])
    write(merged, "{{ t.total }} ({{ currency }})", bold=True, size=10.5, colour=RGBColor(0xFF, 0xFF, 0xFF),
          style="Table Text")  # fmt: skip
    write(row.cells[2], "{{ total | amount }}", bold=True, size=10.5, colour=RGBColor(0xFF, 0xFF, 0xFF),
          align="right", style="Table Text")  # fmt: skip
    for cell in unique_cells(row):
        shade(cell, NAVY_HEX)
    widths(table, [1.2, 11.4, 4.0])
    keep_together(table)
    note = doc.add_paragraph("{{ t.prices_in.format(currency=currency) }}")
    note.paragraph_format.space_before = Pt(6)


def options(doc) -> None:
    tag(doc, "{%p if options %}")
    heading(doc, "{{ t.options }}")
    doc.add_paragraph("{{ t.options_intro }}")
    tag(doc, "{%p for s in options %}")
    heading(doc, "{{ t.option }} {{ s.number }}: {{ s.title }}", level=2)
    tag(doc, "{%p if s.text %}")
    tag(doc, "{{p s.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not itemised %}")
    doc.add_paragraph("{{ t.items_elsewhere.format(count=s.rows | length, file=costs_file) }}")
    tag(doc, "{%p endif %}")
    table = item_table(doc, "(s.rows if itemised else [])")
    summary = len(table.rows)
    table.add_row().cells[0].text = "{%tr if s.adjustments %}"
    total_row(table, "{{ t.subtotal }}", "{{ s.subtotal | amount }}", 5, bold=False, fill=None)
    table.add_row().cells[0].text = "{%tr endif %}"
    for condition, label, value in (
        (
            "s.contingency",
            "{{ t.contingency }} {{ contingency_rate | percent }}",
            "{{ s.contingency | amount }}",
        ),
        ("s.discount", "{{ t.discount }} {{ discount_rate | percent }}", "{{ (-s.discount) | amount }}"),
        ("s.rounding", "{{ t.rounding }}", "{{ s.rounding | amount }}"),
    ):
        table.add_row().cells[0].text = f"{{%tr if {condition} %}}"
        total_row(table, label, value, 5, bold=False, fill=None)
        table.add_row().cells[0].text = "{%tr endif %}"
    total_row(table, "{{ t.option_price }} ({{ currency }})", "{{ s.total | amount }}", 5)
    widths(table, ITEM_COLS)
    keep_together(table, start=summary)  # the price rows stay together; keep.py adds the last item
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def terms(doc) -> None:
    heading(doc, "{{ t.commercial_terms }}")
    table = doc.add_table(rows=0, cols=2)
    rows = [
        ("{{ t.delivery_terms }}", "{{ t.incoterms.format(incoterm=incoterm) }}", ""),
        ("{{ t.validity }}", "{{ t.validity_text.format(days=validity_days, date=date | date, "
                             "until=valid_until | date) }}", ""),
        ("{{ t.currency }}", "{{ currency }}", ""),
        ("{{ t.exchange_rates }}", "{% for r in rates %}{{ t.rate_text.format(code=r.code, "
         "rate=r.rate | number, currency=currency) }}{% if not loop.last %}; {% endif %}{% endfor %}"
         "{% if rates_date %} {{ t.rates_as_of.format(date=rates_date | date) }}{% endif %}", "rates"),
    ]  # fmt: skip
    for label, value, condition in rows:
        if condition:
            table.add_row().cells[0].text = f"{{%tr if {condition} %}}"
        row = table.add_row()
        row_props(row)
        write(row.cells[0], label, bold=True, style="Table Text")
        write(row.cells[1], value, style="Table Text")
        if condition:
            table.add_row().cells[0].text = "{%tr endif %}"
    table_borders(table)
    for row in table.rows:
        for cell in unique_cells(row):
            cell_margins(cell, 70, 70, 100, 100)
    widths(table, [4.6, 12.0])
    keep_together(table)

    tag(doc, "{%p if payment %}")
    heading(doc, "{{ t.payment }}", level=2)
    pay = grid(doc, [("{{ t.milestone }}", 0, ""), ("{{ t.share }}", 0, "right"),
                     ("{{ t.amount }} ({{ currency }})", 0, "right")])  # fmt: skip
    loop_rows(pay, "{%tr for p in payment %}", [
        [("{{ p.milestone }}", {})], [("{{ p.share | percent }}", {})], [("{{ p.amount | amount }}", {})],
    ], "{%tr endfor %}", ["", "right", "right"])  # fmt: skip
    total_row(pay, "{{ t.total }}", "{{ total | amount }}", 2)
    widths(pay, [9.6, 2.5, 4.5])
    keep_together(pay)
    tag(doc, "{%p endif %}")
    tag(doc, '{{p block("standard-terms.md", 2) }}')


def appendix(doc) -> None:
    heading(doc, "{{ t.appendix }}", new_page=True)
    doc.add_paragraph("{{ t.appendix_intro }}")
    # Tables written by bidkit itself (fast at any size, split every 500 rows); a template can
    # instead loop over `appendix` with {%tr for g in appendix %} ... (docs/proposal.md).
    tag(doc, "{{p appendix_table }}")
    tag(doc, "{%p if option_appendix %}")
    heading(doc, "{{ t.appendix_options }}", level=2)
    tag(doc, "{{p option_appendix_table }}")
    tag(doc, "{%p endif %}")


def settings(doc) -> None:
    """Open at 100 %, never ask to update fields; no preview picture (it would show this template).

    A rendered proposal gets its own title, subject, author and language (bidkit/outputs/proposal/
    finish.py); these are the template's own.
    """
    zoom = doc.settings.element.find(qn("w:zoom"))
    zoom.attrib.pop(qn("w:val"), None)
    zoom.set(qn("w:percent"), "100")
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/metadata/thumbnail")]:
        rels.pop(rid)
    props = doc.core_properties
    props.title, props.author, props.comments = "bidkit proposal template", CLUSTER, ""
    props.revision = 1
    import datetime as dt

    stamp = dt.datetime(2026, 1, 1)
    props.created = props.modified = stamp
    props.last_modified_by = CLUSTER


def build() -> bytes:
    doc = Document()
    styles(doc)
    page_setup(doc)
    body_first = doc.paragraphs[0] if doc.paragraphs else None
    if body_first is not None:
        body_first._p.getparent().remove(body_first._p)
    cover(doc, logo_png())
    cover_letter(doc)
    contents(doc)
    body(doc)
    settings(doc)
    for table in doc.tables:  # no row of any table splits across pages
        for row in table.rows:
            trpr = row._tr.get_or_add_trPr()
            if trpr.find(qn("w:cantSplit")) is None:
                trpr.insert(0, OxmlElement("w:cantSplit"))
    assert doc.sections[0].start_type == WD_SECTION.NEW_PAGE
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> int:
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
