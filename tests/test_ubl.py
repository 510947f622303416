"""``bidkit export ubl``: an OASIS UBL 2.4 Quotation that validates, with figures computed by hand."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bidkit.export import export_ubl
from bidkit.pipeline import price_bid
from tests.helpers import COMPONENT_HEAD, ROOT, copy_example, write_bid, write_catalogue

SCHEMA = ROOT / "tests" / "schemas" / "ubl-2.4" / "xsd" / "maindoc" / "UBL-Quotation-2.4.xsd"
NS = {
    "q": "urn:oasis:names:specification:ubl:schema:xsd:Quotation-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ODD = 'Pump "Ø40" <w:t>&amp; O\'Brien ]]> 中文'


@cache
def _schema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMA))


def _valid(path: Path) -> etree._Element:
    _schema().validate(str(path))  # raises XMLSchemaValidationError naming the element
    return etree.parse(str(path)).getroot()


def _texts(root: etree._Element, path: str) -> list[str]:
    return [e.text for e in root.xpath(path, namespaces=NS)]


def _small(root: Path) -> Path:
    write_catalogue(root / "cat" / "alpha.xlsx",
                    [["A", ODD, "Pumps", "pcs", 100, None, 4, "DK", 10, "841370"],
                     ["B", "Pipe DN50", "Pipes", "m", 12.5, None, 2, "DE", None, "730419"]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"},
                    head=[*COMPONENT_HEAD, "hs_code"])  # fmt: skip
    return write_bid(root, """
        validity_days: 30
        tender_ref: T-REF-7
        pricing: {markup: 10%, contingency: 5%, discount: 2%, round_to: 10}
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/A, qty: 3}
              - {item: alpha/B, qty: 40}
              - {line: Commissioning, member: alpha, unit: lot, qty: 1, unit_price: 550, sku: COM-1}
        options: [{id: o, title: O, items: [{item: alpha/A, qty: 1}]}]
    """)


def test_a_small_bid_exports_as_a_valid_quotation_with_hand_computed_totals(tmp_path: Path) -> None:
    path, warnings = export_ubl(_small(tmp_path), tmp_path / "q.xml", today=date(2026, 11, 27))
    assert (path, warnings) == (tmp_path / "q.xml", [])
    root = _valid(path)
    # A: 100 x 1.10 = 110.00, 3 x 110.00 = 330.00; B: 12.5 x 1.10 = 13.75, 40 x 13.75 = 550.00;
    # Commissioning 550 x 1.10 = 605.00 -> subtotal 1485.00; contingency 5% = 74.25;
    # discount 2% of 1559.25 = 31.185 -> 31.19; 1528.06 rounds to 1530.00 (+1.94)
    totals = "cac:QuotedMonetaryTotal/cbc:"
    assert _texts(root, totals + "LineExtensionAmount") == ["1485.00"]
    assert _texts(root, totals + "ChargeTotalAmount") == ["74.25"]
    assert _texts(root, totals + "AllowanceTotalAmount") == ["31.19"]
    assert _texts(root, totals + "PayableRoundingAmount") == ["1.94"]
    assert _texts(root, totals + "PayableAmount") == ["1530.00"]
    assert root.xpath("cac:QuotedMonetaryTotal/cbc:PayableAmount/@currencyID", namespaces=NS) == ["EUR"]
    assert _texts(root, "cbc:ID") == ["T-1"] and _texts(root, "cbc:IssueDate") == ["2026-11-27"]
    assert _texts(root, "cac:ValidityPeriod/cbc:EndDate") == ["2026-12-27"]  # 30 days after the bid's date
    assert _texts(root, "cac:RequestForQuotationDocumentReference/cbc:ID") == ["T-REF-7"]
    assert _texts(root, "cac:SellerSupplierParty/cac:Party/cac:PartyName/cbc:Name") == ["Alpha A/S"]
    assert _texts(root, "cac:BuyerCustomerParty/cac:Party/cac:PartyName/cbc:Name") == ["Test Client"]
    assert _texts(root, "cac:DeliveryTerms/cbc:ID") == ["DAP"]
    assert _texts(root, "cac:DeliveryTerms/cac:DeliveryLocation/cbc:Name") == ["Kyiv"]
    # the base scope's three lines; the option is not part of the quotation
    items = root.xpath("cac:QuotationLine/cac:LineItem", namespaces=NS)
    assert [_texts(x, "cbc:Quantity") + x.xpath("cbc:Quantity/@unitCode", namespaces=NS) for x in items] == [
        ["3", "H87"], ["40", "MTR"], ["1"],  # "lot" has no Rec 20 code: no unitCode, the unit in a Note
    ]  # fmt: skip
    assert _texts(items[2], "cbc:Note") == ["unit: lot"]
    assert [_texts(x, "cac:Price/cbc:PriceAmount")[0] for x in items] == ["110.00", "13.75", "605.00"]
    assert [_texts(x, "cbc:LineExtensionAmount")[0] for x in items] == ["330.00", "550.00", "605.00"]
    assert [_texts(x, "cac:Item/cac:CommodityClassification/cbc:CommodityCode") for x in items] == [
        ["841370"], ["730419"], []
    ]
    assert [_texts(x, "cac:Item/cac:OriginCountry/cbc:IdentificationCode") for x in items] == [["DK"], ["DE"], []]
    assert [_texts(x, "cac:Item/cac:SellersItemIdentification/cbc:ID") for x in items] == [
        ["alpha/A"], ["alpha/B"], ["COM-1"]
    ]
    # catalogue text stays text (escaped by the XML writer, read back the same)
    assert _texts(items[0], "cac:Item/cbc:Name") == [ODD]


def test_the_example_exports_to_its_default_file_and_validates(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    bid = copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("export", "ubl", str(bid))
    path = Path("out") / "LEC-2027-014" / "LEC-2027-014-quotation.xml"
    assert (code, out, err) == (0, f"wrote {path}\n", "")
    root = _valid(tmp_path / path)
    priced, _ = price_bid(bid)
    assert _texts(root, "cac:QuotedMonetaryTotal/cbc:PayableAmount") == [f"{priced.total:f}"]
    assert len(root.xpath("cac:QuotationLine", namespaces=NS)) == len(priced.lines)
    assert _texts(root, "cac:SellerSupplierParty/cac:Party/cac:PartyName/cbc:Name") == [priced.lead.name]


def test_a_folder_that_cannot_be_written_is_one_error(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    bid = _small(tmp_path)
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli("export", "ubl", str(bid), "--out", str(tmp_path / "file" / "q.xml"))
    assert code == 1
    assert err.startswith(f"{tmp_path / 'file' / 'q.xml'}: cannot write here: ")


@pytest.mark.parametrize(
    ("unit", "code"),
    [("pcs", "H87"), ("Stk.", "H87"), ("m", "MTR"), ("M", "MTR"), ("m²", "MTK"), ("day", "DAY"), ("dag", "DAY"),
     ("h", "HUR"), ("kg", "KGM"), ("set", "SET"), ("kWh", "KWH"), ("lot", None), ("", None)],
)  # fmt: skip
def test_catalogue_units_map_to_un_ece_rec_20_codes(unit: str, code: str | None) -> None:
    from bidkit.outputs.ubl import unit_code

    assert unit_code(unit) == code
