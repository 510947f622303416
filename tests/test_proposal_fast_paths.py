"""The proposal's shortcuts for big bids give exactly what the plain way gives."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from babel.numbers import format_decimal

from bidkit.outputs.proposal.context import Row, Rows
from bidkit.outputs.proposal.docx import Proposal, saved_parts
from bidkit.outputs.proposal.jinja import environment, locale_of, numbers
from bidkit.outputs.proposal.wordtables import Column, Styles, TableWriter, escape
from bidkit.outputs.text import xml_safe
from bidkit.pipeline import price_bid
from tests.helpers import ROOT

EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"


def slow_inner_text(text: str) -> str:
    """text_xml's inside, always the long way."""
    safe = escape(xml_safe(text)).replace("\r\n", "\n")
    safe = safe.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return safe.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')


def test_a_row_is_written_as_if_each_cell_were_escaped_on_its_own() -> None:
    writer = TableWriter([Column("a", 1.0), Column("b", 2.0, right=True)], Styles("Grid", "Text"))
    texts = [chr(c) for c in range(0x10000)] + ["\U0001f600", "a\r\nb", "100 %s %%", "R&D <b>", "plain"]
    for text in texts:
        writer.add((text, "x"))
        assert writer.tables[-1][-1] == writer.row % (slow_inner_text(text), "x"), repr(text)
        assert "x</w:t>" in writer.tables[-1][-1]


@pytest.mark.parametrize("language", ["en", "da", "de"])
def test_numbers_are_babels_digit_for_digit(language: str) -> None:
    locale = locale_of(language)
    format_number = numbers(locale)
    values = [
        Decimal("120"),
        Decimal("120.0"),
        Decimal("1.50"),
        Decimal("1.5"),
        Decimal("-0.5"),
        Decimal("1234567.125"),
        Decimal("1E+3"),
        7,
    ]
    for value in values * 2:  # the second time from what was kept
        assert format_number(value) == format_decimal(
            Decimal(str(value)), locale=locale, decimal_quantization=False
        )


def test_item_rows_are_counted_before_they_are_made_and_made_once() -> None:
    made = []
    row = Row("1.1", "item", "a/1", "Pump", "", "a", Decimal(2), "pcs", Decimal(5), Decimal(10))

    def make() -> tuple[Row, ...]:
        made.append(1)
        return (row,)

    rows = Rows(1, make)
    assert len(rows) == 1 and rows and not made
    assert list(rows) == [row] and rows[0] is row and rows == (row,)
    assert made == [1]


def test_the_documents_parts_are_those_docxtpl_would_save() -> None:
    priced, _ = price_bid(EXAMPLE)
    proposal = Proposal(priced, EXAMPLE.parent)
    proposal.tpl.render(proposal.context(), jinja_env=environment(priced.language, priced.currency))
    parts = saved_parts(proposal.tpl)
    buf = io.BytesIO()
    proposal.tpl.save(buf)
    with zipfile.ZipFile(buf) as saved:
        assert parts == [(info.filename, saved.read(info.filename)) for info in saved.infolist()]
    assert "word/document.xml" in dict(parts)
