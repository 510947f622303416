"""The Word proposal read back: every amount equals the engine's, in each language's format."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from docx import Document
from docx.oxml.ns import qn

from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.proposal.i18n import LANGUAGES, texts
from bidkit.pipeline import price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import ROOT, body_blocks, cells, example_copy, table_after

LOCALES = {"en": "en_GB", "da": "da_DK", "de": "de_DE"}
TWO_PERCENT = {"en": "2%", "da": "2\u00a0%", "de": "2\u00a0%"}


def amount(value: Decimal, language: str) -> str:
    """The engine's figure as the language writes money (Babel's own formatter, not bidkit's)."""
    return str(format_decimal(value, format="#,##0.00", locale=LOCALES[language]))


@pytest.fixture(scope="module", params=LANGUAGES)
def proposal(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, PricedBid, Any]:
    language = request.param
    bid_path = example_copy(tmp_path_factory.mktemp(language), language)
    priced, _ = price_bid(bid_path)
    path = bid_path.parent / "proposal.docx"
    path.write_bytes(render_proposal(priced, bid_path.parent))
    return language, priced, Document(str(path))


def test_price_schedule_is_the_clients_view(proposal: tuple[str, PricedBid, Any]) -> None:
    """Contingency and rounding are in the section amounts (pricing rule 10); the discount is shown."""
    language, bid, doc = proposal
    t = texts(language)
    view = bid.client_view
    rows = cells(table_after(doc, t["price_schedule"]))
    expected = [[str(i), s.title, amount(c.amount, language)]
                for i, (s, c) in enumerate(zip(bid.sections, view.sections, strict=True), start=1)]  # fmt: skip
    assert rows[1 : 1 + len(bid.sections)] == expected
    totals = rows[1 + len(bid.sections) :]
    assert totals == [
        [t["subtotal"], amount(view.subtotal, language)],
        [f"{t['discount']} {TWO_PERCENT[language]}", amount(-bid.discount, language)],
        [f"{t['total']} ({bid.currency})", amount(bid.total, language)],
    ]
    assert sum((c.amount for c in view.sections), Decimal(0)) - bid.discount == bid.total
    everything = "\n".join(_all_text(doc))
    assert t["contingency"] not in everything and t["rounding"] not in everything


def test_each_section_lists_its_items_and_subtotal(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    for number, section in enumerate(bid.sections, start=1):
        client_amount = bid.client_view.sections[number - 1].amount
        rows = cells(table_after(doc, f"{number}. {section.title}", t["pos"]))
        assert rows[-1] == [t["section_total"], amount(client_amount, language)]
        items = rows[1:-1]
        assert [r[0] for r in items] == [f"{number}.{i}" for i in range(1, len(items) + 1)]
        # Rows are bundles or single lines, the hidden adjustments spread over them: they add up to
        # the section's amount in the price schedule, and each is its lines' share of it.
        assert sum(_number(r[-1], language) for r in items) == client_amount
        assert len(items) <= len(section.lines)
        factor = client_amount / section.subtotal
        for row in items:
            mine = [x for x in section.lines if _row_of(x, section, number) == row[0]]
            internal = sum((x.line_total for x in mine), Decimal(0))
            assert abs(_number(row[-1], language) - internal * factor) < Decimal("0.01")


def test_bundle_is_one_row_with_its_quantity_and_set_price(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    rows = cells(table_after(doc, f"1. {bid.sections[0].title}"))
    bundle_lines = [x for x in bid.sections[0].lines if x.bundle == "substation-150"]
    pos, description, qty, unit, unit_price, total = rows[1]
    assert (pos, qty, unit) == ("1.1", "120", t["set"])
    assert description.startswith("Building substation 150 kW")
    # 120 sets at 5,634.42 = 676,130.40 before the spread; with it, the amount / 120 rounded to the cent
    internal = sum((x.line_total for x in bundle_lines), Decimal(0))
    assert internal == Decimal("676130.40")
    printed = _number(total, language)
    assert printed > internal
    assert unit_price == amount((printed / 120).quantize(Decimal("0.01")), language)  # spread: rounded


def test_options_and_payment_amounts(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    for number, option in enumerate(bid.options, start=1):
        client = bid.client_view.options[number - 1]
        rows = cells(table_after(doc, f"{t['option']} {number}: {option.title}"))
        assert rows[-1] == [f"{t['option_price']} ({bid.currency})", amount(option.total, language)]
        assert rows[-2][-1] == amount(-option.discount, language)
        assert rows[-3][-1] == amount(client.amount, language)
        assert sum(_number(r[-1], language) for r in rows[1:-3]) == client.amount
    pay = cells(table_after(doc, t["payment"]))
    assert [r[-1] for r in pay[1:]] == [
        *(amount(p.amount, language) for p in bid.payment),
        amount(bid.total, language),
    ]


def test_fixed_texts_dates_and_countries_follow_the_language(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    everything = "\n".join(_all_text(doc))
    for key in ("executive_summary", "consortium", "scope", "price_schedule", "delivery", "commercial_terms"):
        assert t[key] in everything
    assert str(format_date(bid.date, "long", locale=LOCALES[language])) in everything
    denmark = {"en": "Denmark", "da": "Danmark", "de": "Dänemark"}[language]
    members = cells(table_after(doc, t["consortium_intro"]))
    assert members[1][:3] == [f"{bid.lead.name}\n{bid.lead.role}", denmark, t["role_lead"]]
    assert [row[2] for row in members[2:]] == [t["role_member"]] * (len(bid.members) - 1)
    assert f"{bid.currency}" in everything and bid.incoterm in everything


def test_appendix_lists_every_component_once_with_its_total_quantity(
    proposal: tuple[str, PricedBid, Any],
) -> None:
    language, bid, doc = proposal
    t = texts(language)
    rows = cells(table_after(doc, t["appendix_intro"]))[1:]
    member_rows = [r for r in rows if len(r) == 1]
    assert [r[0].split("·")[0].strip() for r in member_rows] == [m.name for m in bid.members if m.sell]
    listed = {r[0]: _number(r[2], language) for r in rows if len(r) > 1 and r[0] != "–"}
    expected: dict[str, Decimal] = {}
    for line in bid.lines:
        if line.sku:
            expected[line.sku] = expected.get(line.sku, Decimal(0)) + line.qty
    assert listed == expected


def test_tables_repeat_their_header_and_never_split_a_row(proposal: tuple[str, PricedBid, Any]) -> None:
    _, _, doc = proposal
    header = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
    repeating = 0
    for table in doc.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        if table.rows[0]._tr.find(header) is not None:
            repeating += 1
            assert all(r._tr.find(header) is None for r in table.rows[1:])
    # members, the table in section 2's text, 3 sections, price schedule, 2 options, delivery schedule,
    # deviations, origin of supply, payment, appendix and its options part, and the green annex's five
    # (sections, members, options, lines without a figure, datasheets)
    assert repeating == 19


def test_footer_numbers_pages_and_contents_is_a_toc_field(proposal: tuple[str, PricedBid, Any]) -> None:
    _, _, doc = proposal
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    instructions = [el.text for el in doc.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    assert doc.sections[0].different_first_page_header_footer  # a cover without header and footer


def _row_of(line: Any, section: Any, number: int) -> str:
    """The item row (``1.2``) a priced line is shown in: its bundle's row, or its own."""
    order: list[object] = []
    for x in section.lines:
        key = x.bundle.split(" > ")[0] if x.bundle else id(x)  # the example uses no bundle twice in a row
        if not order or order[-1] != key:
            order.append(key)
        if x is line:
            return f"{number}.{len(order)}"
    raise AssertionError("line not in section")


def _number(text: str, language: str) -> Decimal:
    group, decimal = (",", ".") if language == "en" else (".", ",")
    return Decimal(text.replace(group, "").replace(decimal, "."))


def _all_text(doc: Any) -> Iterator[str]:
    for block in body_blocks(doc):
        if hasattr(block, "rows"):
            for row in cells(block):
                yield " | ".join(row)
        else:
            yield block.text


def test_translation_catalogues_cover_every_text_the_template_uses() -> None:
    import re
    import zipfile

    keys = {language: set(texts(language)) for language in LANGUAGES}
    assert keys["en"] == keys["da"] == keys["de"]
    with zipfile.ZipFile(ROOT / "templates" / "proposal.docx") as docx:
        xml = "".join(
            docx.read(n).decode() for n in docx.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    used = set(re.findall(r"\bt\.(\w+)", re.sub(r"<[^>]+>", "", xml)))
    assert used and used <= keys["en"], used - keys["en"]
    assert all(texts(language)[key].strip() for language in LANGUAGES for key in keys["en"])
