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


def test_price_schedule_amounts_are_the_engines(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    rows = cells(table_after(doc, t["price_schedule"]))
    expected = [[str(i), s.title, amount(s.subtotal, language)]
                for i, s in enumerate(bid.sections, start=1)]  # fmt: skip
    assert rows[1 : 1 + len(bid.sections)] == expected
    totals = rows[1 + len(bid.sections) :]
    assert [r[-1] for r in totals] == [
        amount(bid.subtotal, language),
        amount(bid.contingency, language),
        amount(-bid.discount, language),
        amount(bid.rounding, language),
        amount(bid.total, language),
    ]
    assert totals[0][0] == t["subtotal"]
    assert totals[-1][0] == f"{t['total']} ({bid.currency})"
    assert totals[1][0].startswith(t["contingency"]) and totals[2][0].startswith(t["discount"])


def test_each_section_lists_its_items_and_subtotal(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    for number, section in enumerate(bid.sections, start=1):
        rows = cells(table_after(doc, f"{number}. {section.title}"))
        assert rows[-1] == [t["section_total"], amount(section.subtotal, language)]
        items = rows[1:-1]
        assert [r[0] for r in items] == [f"{number}.{i}" for i in range(1, len(items) + 1)]
        # Rows are bundles or single lines; their amounts are sums of the engine's line totals.
        assert sum(_number(r[-1], language) for r in items) == section.subtotal
        assert len(items) <= len(section.lines)


def test_bundle_is_one_row_with_its_quantity_and_set_price(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    rows = cells(table_after(doc, f"1. {bid.sections[0].title}"))
    bundle_lines = [x for x in bid.sections[0].lines if x.bundle == "substation-150"]
    pos, description, qty, unit, unit_price, total = rows[1]
    assert (pos, qty, unit) == ("1.1", "120", t["set"])
    assert description.startswith("Building substation 150 kW")
    assert total == amount(sum((x.line_total for x in bundle_lines), Decimal(0)), language)
    assert unit_price == amount(sum((x.unit_sell * x.qty / 120 for x in bundle_lines), Decimal(0)), language)


def test_options_and_payment_amounts(proposal: tuple[str, PricedBid, Any]) -> None:
    language, bid, doc = proposal
    t = texts(language)
    for number, option in enumerate(bid.options, start=1):
        rows = cells(table_after(doc, f"{t['option']} {number}: {option.title}"))
        assert rows[-1] == [f"{t['option_price']} ({bid.currency})", amount(option.total, language)]
        assert rows[-4][-1] == amount(option.subtotal, language)
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
    # members, 3 sections, price schedule, 2 options, origin of supply, payment, appendix and its options
    # part, and the green annex's five (sections, members, options, lines without a figure, datasheets)
    assert repeating == 16


def test_footer_numbers_pages_and_contents_is_a_toc_field(proposal: tuple[str, PricedBid, Any]) -> None:
    _, _, doc = proposal
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    instructions = [el.text for el in doc.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    assert doc.sections[0].different_first_page_header_footer  # a cover without header and footer


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
