"""A rendered text block (Markdown) as Word paragraphs in the template's own styles.

The Markdown is parsed by markdown-it-py (CommonMark plus tables, raw HTML
off, so ``<b>`` is text), then written with python-docx into a docxtpl
sub-document that shares the template's styles and numbering: headings become
``Heading N``, lists ``List Bullet``/``List Number`` (each numbered list starts
again at its own first number), tables take the template's table style with a
header row repeated on every page.  A style the template lacks falls back to
the nearest one it has, so a lead company's corporate template works as is.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from bidkit.outputs.text import xml_safe

TABLE_STYLES = ("Bidkit Table", "Table Grid")


class Block:
    """Rendered Word paragraphs that a ``{{p x }}`` tag puts in place of its paragraph.

    Like docxtpl's Subdoc without the document-merging machinery it needs only
    for foreign files: a python-docx document that borrows the template's part,
    so it sees the template's styles and numbering, and prints as body XML.
    """

    def __init__(self, template_docx: Any):
        from docx.document import Document
        from docx.oxml.parser import parse_xml

        self.doc = Document(parse_xml(blank_document()), template_docx._part)

    def __html__(self) -> str:
        body = self.doc.element.body
        return "".join(
            etree.tostring(child, encoding="unicode") for child in body if child.tag != qn("w:sectPr")
        )

    def __bool__(self) -> bool:
        return len(self.doc.element.body) > 1


@cache
def blank_document() -> bytes:
    """python-docx's blank ``document.xml``, whose page size sets the width of a block's tables.

    Opened once: every block starts from a copy of this text.
    """
    import docx

    return bytes(etree.tostring(docx.Document().element))


def parse(text: str) -> SyntaxTreeNode:
    """A text block's Markdown as a syntax tree.

    Each call makes its own parser: a parser fills in its rule tables while it works, so
    one shared by renderings in several threads would be shared mutable state.
    """
    return SyntaxTreeNode(MarkdownIt("commonmark", {"html": False}).enable("table").parse(text))


class DocxWriter:
    """Writes one Markdown tree into a python-docx document (a docxtpl Subdoc)."""

    def __init__(self, doc: Any, heading_base: int = 1):
        self.doc = doc
        self.heading_base = heading_base  # '#' becomes Heading (base + 1)
        self.styles = {s.name for s in doc.styles}

    def style(self, *names: str) -> str | None:
        return next((n for n in names if n in self.styles), None)

    def write(self, text: str) -> None:
        for node in parse(text).children:
            self.block(node)

    def block(self, node: SyntaxTreeNode, list_style: str | None = None, num_id: int | None = None) -> None:
        kind = node.type
        if kind == "heading":
            level = min(int(node.tag[1]) + self.heading_base, 9)
            self.paragraph(node, self.style(f"Heading {level}", "Heading 3", "Heading 2"))
        elif kind == "paragraph":
            self.paragraph(node, list_style or self.style("Body Text", "Normal"), num_id)
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, 0)
        elif kind == "table":
            self.table(node)
        elif kind == "blockquote":
            for child in node.children:
                self.block(child, self.style("Quote", "Intense Quote", "Normal"))
        elif kind in ("code_block", "fence"):
            para = self.doc.add_paragraph(style=self.style("Macro Text", "Normal"))
            para.add_run(xml_safe(node.content.rstrip("\n"))).font.name = "Courier New"
        elif kind == "hr":
            self.doc.add_paragraph()

    def list(self, node: SyntaxTreeNode, depth: int) -> None:
        ordered = node.type == "ordered_list"
        base = "List Number" if ordered else "List Bullet"
        suffix = f" {depth + 1}" if depth else ""
        style = self.style(base + suffix, base, "List Paragraph", "Normal")
        num_id = self.restart(style, int(str(node.attrs.get("start", 1)))) if ordered else None
        for item in node.children:
            first = True
            for child in item.children:
                if child.type in ("bullet_list", "ordered_list"):
                    self.list(child, depth + 1)
                elif first and child.type == "paragraph":
                    self.block(child, style, num_id)
                    first = False
                else:
                    self.block(child, self.style("List Continue", "Normal"))

    def restart(self, style: str | None, start: int) -> int | None:
        """A new numbering instance so this list counts from its own start, not on from the last."""
        if style is None:
            return None
        ppr = self.doc.styles[style].element.pPr
        if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
            return None
        numbering = self.doc.part.numbering_part.element
        abstract = numbering.num_having_numId(ppr.numPr.numId.val).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def paragraph(self, node: SyntaxTreeNode, style: str | None, num_id: int | None = None) -> Any:
        para = self.doc.add_paragraph(style=style)
        if num_id is not None:
            numpr = para._element.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = 0
            numpr.get_or_add_numId().val = num_id
        for inline in node.children:
            self.runs(para, inline)
        return para

    def runs(self, para: Any, node: SyntaxTreeNode, bold: bool = False, italic: bool = False) -> None:
        kind = node.type
        if kind == "text":
            self.run(para, node.content, bold, italic)
        elif kind in ("softbreak",):
            self.run(para, " ", bold, italic)
        elif kind == "hardbreak":
            para.add_run().add_break()
        elif kind == "code_inline":
            self.run(para, node.content, bold, italic).font.name = "Courier New"
        elif kind == "image":
            self.run(para, str(node.attrs.get("alt") or ""), bold, italic)
        else:
            for child in node.children:
                self.runs(para, child, bold or kind == "strong", italic or kind == "em")
            if kind == "link" and node.attrs.get("href"):
                self.run(para, f" ({node.attrs['href']})", bold, italic)

    @staticmethod
    def run(para: Any, text: str, bold: bool, italic: bool) -> Any:
        run = para.add_run(xml_safe(text))
        run.bold = bold or None
        run.italic = italic or None
        return run

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [tr for part in node.children for tr in part.children]
        cols = max(len(tr.children) for tr in rows)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        style = self.style(*TABLE_STYLES)
        if style:
            table.style = style
        fill, colour = header_look(self.doc.styles[style].element if style else None)
        for r, tr in enumerate(rows):
            header = tr.children[0].type == "th"
            repeat_and_keep(table.rows[r]._element, header)
            for c, cell_node in enumerate(tr.children):
                cell = table.cell(r, c)
                para = cell.paragraphs[0]
                if header and fill:
                    shade(cell._tc, fill)
                align = str(cell_node.attrs.get("style", ""))
                if "right" in align:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif "center" in align:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for inline in cell_node.children:
                    self.runs(para, inline, bold=header)
                if header and colour:
                    for run in para.runs:
                        run.font.color.rgb = RGBColor.from_string(colour)
        self.doc.add_paragraph(style=self.style("Body Text", "Normal"))


def header_look(style: Any) -> tuple[str | None, str | None]:
    """The fill and text colour a table style gives its header row (``w:tblStylePr`` firstRow).

    Written on the header cells themselves too: LibreOffice, and so the PDF, ignores a table
    style's header-row formatting, which printed dark text on the navy fill.
    """
    if style is None:
        return None, None
    first = next((p for p in style.findall(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow"), None)
    if first is None:
        return None, None
    shd = first.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    color = first.find(f"{qn('w:rPr')}/{qn('w:color')}")
    fill = shd.get(qn("w:fill")) if shd is not None else None
    colour = color.get(qn("w:val")) if color is not None else None
    return _hex(fill), _hex(colour)


def _hex(value: str | None) -> str | None:
    return value if value and len(value) == 6 and all(c in "0123456789ABCDEFabcdef" for c in value) else None


_AFTER_SHD = {qn(t) for t in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                             "w:hideMark")}  # fmt: skip


def shade(tc: Any, fill: str) -> None:
    """A cell's own fill (``w:shd`` in its properties, where the schema puts it)."""
    tcpr = tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    for child in tcpr:
        if child.tag in _AFTER_SHD:
            child.addprevious(shd)
            return
    tcpr.append(shd)


def repeat_and_keep(tr: Any, header: bool) -> None:
    """A table row that never splits across pages; a header row repeats on every page."""
    trpr = tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    for el in trpr.findall(qn("w:cantSplit"))[1:]:
        trpr.remove(el)
