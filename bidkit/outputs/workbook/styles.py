"""The workbook's cell styles: one fixed table, money formats carrying the bid currency.

Every style exists twice in ``cellXfs``: at ``2 * style`` as is and at
``2 * style + 1`` with ``quotePrefix`` set, which is how text that starts with
``=``, ``+``, ``-`` or ``@`` is marked as literal text (see :func:`xf`).

After them come the formats that depend on the value or the bid: quantities
with thousands separators and as many decimals as the figure has
(:func:`count_xf`: ``3,000``, ``2.5``), and one exchange-rate format per
currency that says what the rate means (:func:`rate_xf`: ``1 USD = 0.9200 EUR``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import IntEnum
from typing import NamedTuple


class Style(IntEnum):
    DEFAULT = 0
    TITLE = 1
    NOTE = 2
    HEADER = 3
    HEADING = 4
    BOLD = 5
    MONEY = 6
    MONEY_BOLD = 7
    MONEY_TOTAL = 8
    PRICE = 9
    RATE = 10
    PERCENT = 11
    DATE = 12
    INPUT_PERCENT = 13
    INPUT_RATE = 14
    INPUT_NUMBER = 15
    INPUT_PRICE = 16
    WRAP = 17
    INFO = 18
    INFO_DATE = 19
    HEADER_RIGHT = 20
    DRAFT = 21
    PERCENT_BOLD = 22
    INPUT_COUNT = 23  # a whole-number input with thousands separators (round_to: 1,000)
    COUNT = 24  # a count of lines: 1,200
    COUNT_BOLD = 25
    FLAG = 26  # a yes/no cell, centred so it never touches the figure to its left
    FLAG_BOLD = 27
    HEADER_CENTER = 28  # the header over FLAG cells


class _Xf(NamedTuple):
    num_fmt: int
    font: int
    fill: int
    border: int
    wrap: bool = False
    left: bool = False
    right: bool = False
    indent: bool = False
    center: bool = False


# numFmt ids: 0 General, 10 0.00%, 164.. custom (below)
_MONEY, _PRICE, _RATE, _DATE = 164, 165, 166, 167
_WHOLE = _DATE + 1  # "#,##0", the first of the quantity formats made in styles_xml
# fonts: 0 regular, 1 bold, 2 title, 3 note, 4 draft (bold red)
# fills: 2 header, 3 input; borders: 1 bottom, 2 top, 3 box
_XFS: dict[Style, _Xf] = {
    Style.DEFAULT: _Xf(0, 0, 0, 0),
    Style.TITLE: _Xf(0, 2, 0, 0),
    Style.NOTE: _Xf(0, 3, 0, 0, indent=True),
    Style.HEADER: _Xf(0, 1, 2, 1, wrap=True),
    Style.HEADING: _Xf(0, 1, 0, 1),
    Style.BOLD: _Xf(0, 1, 0, 0),
    Style.MONEY: _Xf(_MONEY, 0, 0, 0),
    Style.MONEY_BOLD: _Xf(_MONEY, 1, 0, 0),
    Style.MONEY_TOTAL: _Xf(_MONEY, 1, 0, 2),
    Style.PRICE: _Xf(_PRICE, 0, 0, 0),
    Style.RATE: _Xf(_RATE, 0, 0, 0),
    Style.PERCENT: _Xf(10, 0, 0, 0),
    Style.DATE: _Xf(_DATE, 0, 0, 0),
    Style.INPUT_PERCENT: _Xf(10, 0, 3, 3),
    Style.INPUT_RATE: _Xf(_RATE, 0, 3, 3),
    Style.INPUT_NUMBER: _Xf(0, 0, 3, 3),
    Style.INPUT_PRICE: _Xf(_PRICE, 0, 3, 3),
    Style.WRAP: _Xf(0, 0, 0, 0, wrap=True),
    Style.INFO: _Xf(0, 0, 0, 0, left=True),
    Style.INFO_DATE: _Xf(_DATE, 0, 0, 0, left=True),
    Style.HEADER_RIGHT: _Xf(0, 1, 2, 1, wrap=True, right=True),
    Style.DRAFT: _Xf(0, 4, 0, 0, left=True),
    Style.PERCENT_BOLD: _Xf(10, 1, 0, 2),
    Style.INPUT_COUNT: _Xf(_WHOLE, 0, 3, 3),
    Style.COUNT: _Xf(_WHOLE, 0, 0, 0),
    Style.COUNT_BOLD: _Xf(_WHOLE, 1, 0, 0),
    Style.FLAG: _Xf(0, 0, 0, 0, center=True),
    Style.FLAG_BOLD: _Xf(0, 1, 0, 0, center=True),
    Style.HEADER_CENTER: _Xf(0, 1, 2, 1, wrap=True, center=True),
}

_FONTS = (
    '<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="15"/><color rgb="FF1F3864"/><name val="Calibri"/><family val="2"/></font>',
    '<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="12"/><color rgb="FFC00000"/><name val="Calibri"/><family val="2"/></font>',
)
_FILLS = (
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/></patternFill></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/></patternFill></fill>',
)
_THIN = 'style="thin"><color rgb="FF8EA9DB"/>'
_BORDERS = (
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    f"<border><left/><right/><top/><bottom {_THIN}</bottom><diagonal/></border>",
    f"<border><left/><right/><top {_THIN}</top><bottom/><diagonal/></border>",
    f"<border><left {_THIN}</left><right {_THIN}</right><top {_THIN}</top>"
    f"<bottom {_THIN}</bottom><diagonal/></border>",
)


def xf(style: Style, quoted: bool = False) -> int:
    """The ``s=`` index of a style, optionally the twin that marks text as literal."""
    return 2 * style + quoted


MAX_PLACES = 6  # a quantity has at most six decimals (bid/model.py: QTY_PLACES)
_COUNT_BASE = 2 * len(Style)
_RATE_BASE = _COUNT_BASE + MAX_PLACES + 1


def places(value: Decimal | int) -> int:
    """How many decimals a figure shows: 3000 -> 0, 2.50 -> 1, capped at :data:`MAX_PLACES`."""
    if isinstance(value, int):
        return 0
    exponent = value.normalize().as_tuple().exponent
    return min(max(0, -exponent), MAX_PLACES) if isinstance(exponent, int) else 0


def count_xf(value: Decimal | int) -> int:
    """The ``s=`` index for a quantity: thousands separators and the figure's own decimals."""
    return _COUNT_BASE + places(value)


def rate_xf(position: int, is_input: bool) -> int:
    """The ``s=`` index for an exchange rate of the ``position``-th currency of the bid's rates."""
    return _RATE_BASE + 2 * position + is_input


def count_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def rate_format(code: str, currency: str) -> str:
    """``1 USD = 0.9200 EUR``: the rate is the bid currency's amount for one unit of ``code``."""
    return f'"1 {code} = "0.0000######" {currency}"'


def _xf_xml(spec: _Xf, quoted: bool) -> str:
    attrs = (
        f'numFmtId="{spec.num_fmt}" fontId="{spec.font}" fillId="{spec.fill}" '
        f'borderId="{spec.border}" xfId="0"'
    )
    attrs += ' applyNumberFormat="1"' if spec.num_fmt else ""
    attrs += ' applyFont="1"' if spec.font else ""
    attrs += ' applyFill="1"' if spec.fill else ""
    attrs += ' applyBorder="1"' if spec.border else ""
    attrs += ' quotePrefix="1"' if quoted else ""
    across = ' horizontal="right"' if spec.right else ' horizontal="center"' if spec.center else ""
    if spec.wrap:
        return f'<xf {attrs} applyAlignment="1"><alignment{across} vertical="top" wrapText="1"/></xf>'
    if spec.center:
        return f'<xf {attrs} applyAlignment="1"><alignment{across}/></xf>'
    if spec.left or spec.indent:
        indent = ' indent="1"' if spec.indent else ""
        return f'<xf {attrs} applyAlignment="1"><alignment horizontal="left"{indent}/></xf>'
    return f"<xf {attrs}/>"


def money_format(currency: str) -> str:
    """Amounts in the bid currency: ``#,##0.00 "EUR"`` (the code is an ISO 4217 code)."""
    return f'#,##0.00 "{currency}"'


def styles_xml(currency: str, rate_codes: Sequence[str]) -> str:
    """The style part for a bid in ``currency`` whose exchange rates are for ``rate_codes``, in order."""
    formats = {
        _MONEY: money_format(currency),
        _PRICE: "#,##0.00##",
        _RATE: "0.0000######",
        _DATE: "yyyy-mm-dd",
    }
    count_ids = {d: _WHOLE + d for d in range(MAX_PLACES + 1)}
    rate_ids = {code: _DATE + MAX_PLACES + 2 + k for k, code in enumerate(rate_codes)}
    formats |= {i: count_format(d) for d, i in count_ids.items()}
    formats |= {i: rate_format(code, currency) for code, i in rate_ids.items()}
    num_fmts = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{code.replace(chr(34), "&quot;")}"/>'
        for i, code in formats.items()
    )
    specs = [(_XFS[style], quoted) for style in Style for quoted in (False, True)]
    specs += [(_Xf(count_ids[d], 0, 0, 0), False) for d in range(MAX_PLACES + 1)]
    for code in rate_codes:
        specs += [(_Xf(rate_ids[code], 0, 0, 0), False), (_Xf(rate_ids[code], 0, 3, 3), False)]
    xfs = "".join(_xf_xml(spec, quoted) for spec, quoted in specs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>'
        f'<fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
        f'<fills count="{len(_FILLS)}">{"".join(_FILLS)}</fills>'
        f'<borders count="{len(_BORDERS)}">{"".join(_BORDERS)}</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(specs)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0"/>'
        "</styleSheet>"
    )
