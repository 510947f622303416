"""The green annex's CO2e chart as a Word chart (a DrawingML chart part), not a picture.

A native chart is text and shapes the word processor draws: it prints sharp at any size, its
labels are searchable and read aloud, they show in any script the document's fonts have, and the
lead company can restyle it in Word.  The values are literals in the chart part (``c:strLit`` and
``c:numLit``), the figures the summary carries; there is no embedded workbook to edit them in, so
the chart shows exactly what was priced.  Numbers are shown with the format ``#,##0``, which Word
and LibreOffice write with the reader's separators (76,200 / 76.200).

The part is built with lxml, so a section's title is always text in an element, never markup.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from bidkit.outputs.text import xml_safe

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NAMESPACES = {"c": _C, "a": _A, "r": _R}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"

BAR = "0B2E4F"  # the template's dark blue
INK = "222629"
MUTED = "5F666D"
_EMU_PER_MM = 36_000
_NUMBER_FORMAT = "#,##0"


def _el(parent: Any, tag: str, val: str | None = None, **attrs: str) -> Any:
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{_NAMESPACES[prefix]}}}{name}")
    if val is not None:
        element.set("val", val)
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _fill(parent: Any, colour: str) -> None:
    _el(_el(parent, "a:solidFill"), "a:srgbClr", colour)


class _Text:
    """How the chart writes text: its language (``da-DK``) and typeface (None: the theme's)."""

    def __init__(self, tag: str, font: str | None):
        self.tag, self.font = tag, font

    def style(self, properties: Any, colour: str) -> None:
        """Colour and typeface of ``a:defRPr`` or ``a:rPr`` (in the schema's order)."""
        _fill(properties, colour)
        if self.font:
            _el(properties, "a:latin", typeface=xml_safe(self.font))

    def properties(self, parent: Any, size: int, colour: str) -> None:
        """``c:txPr``: the size (hundredths of a point), colour and typeface of an element's text."""
        rich = _el(parent, "c:txPr")
        _el(rich, "a:bodyPr")
        _el(rich, "a:lstStyle")
        paragraph = _el(rich, "a:p")
        self.style(_el(_el(paragraph, "a:pPr"), "a:defRPr", sz=str(size), b="0", lang=self.tag), colour)
        _el(paragraph, "a:endParaRPr", lang=self.tag)

    def title(self, parent: Any, text: str, size: int, colour: str) -> None:
        title = _el(parent, "c:title")
        rich = _el(_el(title, "c:tx"), "c:rich")
        _el(rich, "a:bodyPr")
        _el(rich, "a:lstStyle")
        paragraph = _el(rich, "a:p")
        self.style(_el(_el(paragraph, "a:pPr"), "a:defRPr", sz=str(size), b="0"), colour)
        run = _el(paragraph, "a:r")
        self.style(_el(run, "a:rPr", lang=self.tag, sz=str(size), b="0"), colour)
        _el(run, "a:t").text = xml_safe(text)
        _el(title, "c:overlay", "0")


def _line(parent: Any, colour: str) -> None:
    """``c:spPr`` drawing an axis line in ``colour``."""
    _fill(_el(_el(parent, "c:spPr"), "a:ln", w="9525"), colour)


def bar_chart_xml(
    labels: list[str], values: list[str], title: str, axis: str, tag: str, font: str | None = None
) -> bytes:
    """A chart part: one horizontal bar per label, top to bottom, each with its value written at its end.

    ``values`` are numbers as text (``"76200"``); ``tag`` is the language the chart's text is in
    (``da-DK``), ``font`` its typeface (the document's body font; None: the theme's).
    """
    text = _Text(tag, font)
    space = etree.Element(f"{{{_C}}}chartSpace", nsmap=_NAMESPACES)
    _el(space, "c:date1904", "0")
    _el(space, "c:lang", tag)
    _el(space, "c:roundedCorners", "0")
    chart = _el(space, "c:chart")
    text.title(chart, title, 1000, INK)
    _el(chart, "c:autoTitleDeleted", "0")
    plot = _el(chart, "c:plotArea")
    _el(plot, "c:layout")
    bars = _el(plot, "c:barChart")
    _el(bars, "c:barDir", "bar")
    _el(bars, "c:grouping", "clustered")
    _el(bars, "c:varyColors", "0")
    series = _el(bars, "c:ser")
    _el(series, "c:idx", "0")
    _el(series, "c:order", "0")
    _el(_el(series, "c:tx"), "c:v").text = xml_safe(axis)
    _fill(_el(series, "c:spPr"), BAR)
    _el(series, "c:invertIfNegative", "0")
    labels_of_values = _el(series, "c:dLbls")
    _el(labels_of_values, "c:numFmt", formatCode=_NUMBER_FORMAT, sourceLinked="0")
    _el(_el(labels_of_values, "c:spPr"), "a:noFill")
    text.properties(labels_of_values, 700, INK)
    _el(labels_of_values, "c:dLblPos", "outEnd")
    for shown, flag in (("LegendKey", "0"), ("Val", "1"), ("CatName", "0"), ("SerName", "0"),
                        ("Percent", "0"), ("BubbleSize", "0")):  # fmt: skip
        _el(labels_of_values, f"c:show{shown}", flag)
    categories = _el(_el(series, "c:cat"), "c:strLit")
    _el(categories, "c:ptCount", str(len(labels)))
    for n, label in enumerate(labels):
        _el(_el(categories, "c:pt", idx=str(n)), "c:v").text = xml_safe(label)
    numbers = _el(_el(series, "c:val"), "c:numLit")
    _el(numbers, "c:formatCode").text = _NUMBER_FORMAT
    _el(numbers, "c:ptCount", str(len(values)))
    for n, value in enumerate(values):
        _el(_el(numbers, "c:pt", idx=str(n)), "c:v").text = value
    _el(bars, "c:gapWidth", "60")
    _el(bars, "c:axId", "1")
    _el(bars, "c:axId", "2")
    _category_axis(plot, text)
    _value_axis(plot, axis, text)
    _el(_el(plot, "c:spPr"), "a:noFill")
    _el(chart, "c:plotVisOnly", "1")
    _el(chart, "c:dispBlanksAs", "gap")
    border = _el(space, "c:spPr")
    _el(border, "a:noFill")
    _el(_el(border, "a:ln"), "a:noFill")
    text.properties(space, 800, INK)
    return bytes(etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True))


def _category_axis(plot: Any, text: _Text) -> None:
    """The sections down the left, the first at the top."""
    axis = _el(plot, "c:catAx")
    _el(axis, "c:axId", "1")
    _el(_el(axis, "c:scaling"), "c:orientation", "maxMin")
    _el(axis, "c:delete", "0")
    _el(axis, "c:axPos", "l")
    _el(axis, "c:majorTickMark", "none")
    _el(axis, "c:minorTickMark", "none")
    _el(axis, "c:tickLblPos", "nextTo")
    _line(axis, INK)
    text.properties(axis, 800, INK)
    _el(axis, "c:crossAx", "2")
    _el(axis, "c:crosses", "autoZero")
    _el(axis, "c:auto", "1")
    _el(axis, "c:lblAlgn", "ctr")
    _el(axis, "c:lblOffset", "100")
    _el(axis, "c:noMultiLvlLbl", "0")


def _value_axis(plot: Any, title: str, text: _Text) -> None:
    """Kilograms along the bottom (``crosses max``: below the last category), from zero."""
    axis = _el(plot, "c:valAx")
    _el(axis, "c:axId", "2")
    scaling = _el(axis, "c:scaling")
    _el(scaling, "c:orientation", "minMax")
    _el(scaling, "c:min", "0")
    _el(axis, "c:delete", "0")
    _el(axis, "c:axPos", "b")
    text.title(axis, title, 800, MUTED)
    _el(axis, "c:numFmt", formatCode=_NUMBER_FORMAT, sourceLinked="0")
    _el(axis, "c:majorTickMark", "out")
    _el(axis, "c:minorTickMark", "none")
    _el(axis, "c:tickLblPos", "nextTo")
    _line(axis, MUTED)
    text.properties(axis, 700, MUTED)
    _el(axis, "c:crossAx", "1")
    _el(axis, "c:crosses", "max")
    _el(axis, "c:crossBetween", "between")


def body_font(doc: Any) -> str | None:
    """The typeface of the body text of ``doc`` (python-docx's): its Normal style's, else the default."""
    from docx.oxml.ns import qn

    normal = next((style for style in doc.styles if style.style_id == "Normal"), None)
    if normal is not None and normal.font.name:
        return str(normal.font.name)
    path = "/".join(qn(tag) for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:rFonts"))
    fonts = doc.styles.element.find(path)
    ascii_font = fonts.get(qn("w:ascii")) if fonts is not None else None
    return str(ascii_font) if ascii_font else None


def chart_height_mm(bars: int) -> int:
    """Room for the title and axis, and 9 mm a bar; never more than most of an A4 page's text."""
    return min(24 + 9 * max(bars, 2), 220)


def inline_chart(part: Any, chart_xml: bytes, size_mm: tuple[int, int], name: str, drawing_id: int) -> str:
    """The chart added to ``part`` (python-docx's) as a new chart part; the run that shows it, as XML.

    The run is what docxtpl puts in place of a ``{{ }}`` tag inside a paragraph's text, like its
    own InlineImage.  ``drawing_id`` must be unused in the part (Word reports a document with two
    drawings of one id as damaged).
    """
    from docx.opc.part import Part

    package = part.package
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CONTENT_TYPE, chart_xml, package)
    rel = part.relate_to(chart, RELATIONSHIP)
    cx, cy = (mm * _EMU_PER_MM for mm in size_mm)
    inline = etree.Element(f"{{{_WP}}}inline", nsmap={"wp": _WP, "a": _A, "c": _C, "r": _R},
                           distT="0", distB="0", distL="0", distR="0")  # fmt: skip
    etree.SubElement(inline, f"{{{_WP}}}extent", cx=str(cx), cy=str(cy))
    etree.SubElement(inline, f"{{{_WP}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(inline, f"{{{_WP}}}docPr", id=str(drawing_id), name=xml_safe(name), descr=xml_safe(name))
    etree.SubElement(inline, f"{{{_WP}}}cNvGraphicFramePr")
    data = etree.SubElement(etree.SubElement(inline, f"{{{_A}}}graphic"), f"{{{_A}}}graphicData", uri=_C)
    etree.SubElement(data, f"{{{_C}}}chart").set(f"{{{_R}}}id", rel)
    drawing = etree.tostring(inline, encoding="unicode")
    return f'</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r><w:t xml:space="preserve">'
