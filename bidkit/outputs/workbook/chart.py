"""Bar charts of the cost split (by section, by member) and the drawing that places them.

The charts read their data from the Sections and Members sheets, so they follow
any change an engineer makes; the engine's figures are cached in the chart
for readers that do not recalculate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bidkit.outputs.workbook.xmltext import escape_text, number_text

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


@dataclass(frozen=True)
class Chart:
    title: str
    categories_ref: str  # e.g. Sections!$B$2:$B$4
    values_ref: str
    categories: Sequence[str]
    values: Sequence[Decimal]
    anchor: tuple[int, int, int, int]  # first column, first row, last column, last row (0-based)
    series: str = "Cost"  # the series' name


def _str_cache(items: Sequence[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape_text(v)}</c:v></c:pt>' for i, v in enumerate(items))
    return f'<c:strCache><c:ptCount val="{len(items)}"/>{pts}</c:strCache>'


def _num_cache(items: Sequence[Decimal]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{number_text(v)}</c:v></c:pt>' for i, v in enumerate(items))
    return (
        f'<c:numCache><c:formatCode>#,##0.00</c:formatCode><c:ptCount val="{len(items)}"/>{pts}</c:numCache>'
    )


def _text_body(size: int, bold: bool) -> str:
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}"/></a:pPr>'
        '<a:endParaRPr lang="en-US"/></a:p></c:txPr>'
    )


def chart_xml(chart: Chart) -> str:
    title = (
        '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>{escape_text(chart.title)}</a:t></a:r></a:p>'
        '</c:rich></c:tx><c:overlay val="0"/></c:title>'
    )
    labels = (
        '<c:dLbls><c:numFmt formatCode="#,##0" sourceLinked="0"/>'
        f"{_text_body(800, False)}"
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    )
    series = (
        f'<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>{escape_text(chart.series)}</c:v></c:tx>'
        '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>'
        f'<c:invertIfNegative val="0"/>{labels}'
        f"<c:cat><c:strRef><c:f>{chart.categories_ref}</c:f>{_str_cache(chart.categories)}</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{chart.values_ref}</c:f>{_num_cache(chart.values)}</c:numRef></c:val>"
        "</c:ser>"
    )
    axes = (
        '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        f'<c:tickLblPos val="nextTo"/>{_text_body(900, False)}<c:crossAx val="50010002"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="1"/><c:axPos val="t"/><c:numFmt formatCode="#,##0" sourceLinked="0"/>'
        f'<c:tickLblPos val="nextTo"/>{_text_body(800, False)}<c:crossAx val="50010001"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}"><c:lang val="en-US"/>'
        f'<c:chart>{title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'{series}<c:gapWidth val="60"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
        f'{axes}</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def drawing_xml(charts: Sequence[Chart]) -> str:
    """The drawing part: chart ``i`` is relationship ``rId{i+1}`` of the drawing."""
    anchors = []
    for i, chart in enumerate(charts):
        c1, r1, c2, r2 = chart.anchor
        anchors.append(
            f"<xdr:twoCellAnchor><xdr:from><xdr:col>{c1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{r1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{c2}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r2}</xdr:row>"
            "<xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 2}" name="Chart {i + 1}"/>'
            "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{_C}"><c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="rId{i + 1}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">{"".join(anchors)}</xdr:wsDr>'
    )
