"""A big bid's proposal stays readable: sections and bundles, a pointer to the workbook, short tables.

Behaviour at scale only; how long it takes is measured by `make bench`, never here.
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from bidkit.outputs.proposal.context import ITEMISED_ROWS, Row, Rows
from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.proposal.i18n import texts
from bidkit.outputs.proposal.wordtables import TABLE_ROWS
from bidkit.pipeline import price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import body_blocks, cells, is_contents_entry, write_bid, write_catalogue

COMPONENTS = ITEMISED_ROWS + 20  # one more table of the appendix than fits in one


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[PricedBid, Any]:
    root = tmp_path_factory.mktemp("big")
    rows = [
        [f"C{i:04d}", f"Component {i}", "Pumps", "pcs", 10 + i % 7, None, 4, "DK", 1]
        for i in range(COMPONENTS)
    ]
    write_catalogue(root / "cat" / "alpha.xlsx", rows,
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    third = COMPONENTS // 3
    sections = []
    for s in range(3):
        items = "\n".join(
            f"      - {{item: alpha/C{i:04d}, qty: {1 + i % 5}}}" for i in range(s * third, (s + 1) * third)
        )
        sections.append(f"  - id: s{s}\n    title: Part {s}\n    items:\n{items}\n")
    sections[0] += "      - {bundle: skid, qty: 2}\n      - {bundle: skid, qty: 3}\n"
    bundles = "bundles:\n  skid:\n    title: Pump skid\n    items: [{item: alpha/C0001, qty: 2}, {item: alpha/C0002, qty: 1}]\n"
    bid = write_bid(root, bundles + "sections:\n" + "".join(sections))
    priced, _ = price_bid(bid)
    return priced, Document(io.BytesIO(render_proposal(priced, bid.parent)))


def paragraphs(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs if not is_contents_entry(p)]


def test_sections_point_to_the_workbook_instead_of_listing_every_line(big: tuple[PricedBid, Any]) -> None:
    bid, doc = big
    t = texts("en")
    text = paragraphs(doc)
    for number, section in enumerate(bid.sections, start=1):
        at = text.index(f"{number}. {section.title}")
        count = COMPONENTS // 3 + (2 if number == 1 else 0)  # two bundle uses in the first section
        assert text[at + 1] == t["items_elsewhere"].format(count=count, file="T-1-costs.xlsx")
        assert text[at + 2] == f"{t['section_total']}: {section.subtotal:,.2f}\u00a0EUR"
    assert not any(r[0] == "1.1" for table in doc.tables for r in cells(table))


def test_price_schedule_lists_sections_and_their_bundles(big: tuple[PricedBid, Any]) -> None:
    bid, doc = big
    schedule = next(cells(t) for t in doc.tables if cells(t)[0][1:2] == ["Scope of supply"])
    skid = sum((x.line_total for x in bid.sections[0].lines if x.bundle == "skid"), Decimal(0))
    assert schedule[1] == ["1", "Part 0", f"{bid.sections[0].subtotal:,.2f}"]
    assert schedule[2] == ["", "Pump skid · 5 set", f"{skid:,.2f}"]
    assert schedule[3] == ["2", "Part 1", f"{bid.sections[1].subtotal:,.2f}"]


def test_appendix_lists_every_component_in_tables_of_at_most_500_rows(big: tuple[PricedBid, Any]) -> None:
    bid, doc = big
    tables, seen = [], False
    for block in body_blocks(doc):
        if not hasattr(block, "rows"):
            if is_contents_entry(block):  # the contents list names both appendices
                continue
            if block.text == texts("en")["green_annex"]:  # the CO2e appendix's tables follow
                break
            seen = seen or block.text == texts("en")["appendix_intro"]
        elif seen:
            tables.append(block)
    assert len(tables) == 2
    header = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
    listed: dict[str, Decimal] = {}
    for table in tables:
        rows = cells(table)
        assert len(rows) <= TABLE_ROWS + 1 and rows[0] == [
            "Reference",
            "Description",
            "Qty",
            "Unit",
            "Origin",
        ]
        assert table.rows[0]._tr.find(header) is not None
        listed.update({r[0]: Decimal(r[2].replace(",", "")) for r in rows[1:] if len(r) > 1})
    assert cells(tables[0])[1] == ["Alpha A/S  ·  Denmark"]
    assert cells(tables[1])[1] == ["Alpha A/S  ·  Denmark  (continued)"]
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for line in bid.lines:
        expected[line.sku] += line.qty
    assert listed == expected


def test_a_small_bid_is_itemised(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "pcs", 100, None, 4, "DK", 10]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 3}]}]\n")
    priced, _ = price_bid(bid)
    doc = Document(io.BytesIO(render_proposal(priced, bid.parent)))
    assert any(r[:3] == ["1.1", "Alpha A", "3"] for table in doc.tables for r in cells(table))
    assert not any("cost workbook" in p for p in paragraphs(doc))


def test_item_rows_are_counted_before_they_are_made_and_made_once() -> None:
    """A big bid's template only counts its item rows (``s.rows | length``); they are made if read."""
    made = []
    row = Row("1.1", "item", "a/1", "Pump", "", "a", Decimal(2), "pcs", Decimal(5), Decimal(10))

    def make() -> tuple[Row, ...]:
        made.append(1)
        return (row,)

    rows = Rows(1, make)
    assert len(rows) == 1 and rows and not made
    assert list(rows) == [row] and rows[0] is row and rows == (row,)
    assert made == [1]
