"""The priced bid as an OASIS UBL 2.4 Quotation, for buyers' procurement systems.

What goes where (README, "Structured export"): the lead company is the seller, the client the
buyer; each priced line of the base scope (options are offered apart and are not part of the
quotation's total) is one ``QuotationLine`` with name, quantity and unit (a UN/ECE Recommendation
20 code where the unit maps), price, HS code as ``CommodityClassification`` and origin as
``OriginCountry``; the delivery terms carry the incoterm and place; the validity period runs from
the bid's date for ``validity_days``.  A Quotation's schema calls its totals
``QuotedMonetaryTotal`` (the same MonetaryTotal type an invoice's ``LegalMonetaryTotal`` has): its
``PayableAmount`` is the bid's total, with contingency, discount and rounding as charge, allowance
and rounding amounts.

Catalogue text is made XML-safe (:func:`~bidkit.outputs.text.xml_safe`) and written by lxml, which
escapes it; no text from a file ever becomes markup.  Same bid, same bytes.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from lxml import etree

from bidkit.money import decimal_text
from bidkit.outputs.text import xml_safe
from bidkit.pricing.model import Party, PricedBid, PricedLine

_QUOTATION = "urn:oasis:names:specification:ubl:schema:xsd:Quotation-2"
_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_NSMAP = {None: _QUOTATION, "cac": _CAC, "cbc": _CBC}

# Catalogue units and their UN/ECE Recommendation 20 codes, matched ignoring case and a final dot.
# A unit not listed here keeps no unitCode; its own name is written in the line's Note.
UNIT_CODES = {
    "pcs": "H87", "pc": "H87", "piece": "H87", "pieces": "H87", "stk": "H87", "ea": "H87", "each": "H87",
    "unit": "C62", "units": "C62",
    "m": "MTR", "metre": "MTR", "meter": "MTR", "km": "KMT",
    "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ",
    "kg": "KGM", "t": "TNE", "tonne": "TNE", "l": "LTR", "litre": "LTR", "liter": "LTR",
    "h": "HUR", "hr": "HUR", "hour": "HUR", "hours": "HUR", "time": "HUR",
    "day": "DAY", "days": "DAY", "dag": "DAY", "week": "WEE", "weeks": "WEE", "month": "MON", "months": "MON",
    "set": "SET", "sets": "SET", "sæt": "SET", "pair": "PR", "kw": "KWT", "kwh": "KWH",
}  # fmt: skip


def unit_code(unit: str) -> str | None:
    """The UN/ECE Rec 20 code of a catalogue unit (``pcs`` -> ``H87``), or None when it does not map."""
    return UNIT_CODES.get(unit.strip().rstrip(".").lower())


def quotation_xml(bid: PricedBid) -> bytes:
    """The UBL 2.4 Quotation document of ``bid``, UTF-8 with an XML declaration."""
    root = etree.Element(f"{{{_QUOTATION}}}Quotation", nsmap=_NSMAP)
    _cbc(root, "UBLVersionID", "2.4")
    _cbc(root, "ID", bid.file_stem)
    _cbc(root, "IssueDate", bid.date.isoformat())
    _cbc(root, "Note", bid.title)
    _cbc(root, "PricingCurrencyCode", bid.currency)
    lines = bid.lines
    _cbc(root, "LineCountNumeric", str(len(lines)))
    period = _cac(root, "ValidityPeriod")
    _cbc(period, "StartDate", bid.date.isoformat())
    _cbc(period, "EndDate", (bid.date + timedelta(days=bid.validity_days)).isoformat())
    _cbc(period, "DurationMeasure", str(bid.validity_days), unitCode="DAY")
    if bid.tender_ref:
        _cbc(_cac(root, "RequestForQuotationDocumentReference"), "ID", bid.tender_ref)
    lead = bid.lead
    _party(_cac(root, "SellerSupplierParty"), Party(name=lead.name, country=lead.country))
    _party(_cac(root, "BuyerCustomerParty"), bid.client)
    _delivery_terms(root, bid)
    _charge(root, "Contingency", bid.contingency, bid.currency, charge=True)
    _charge(root, "Discount", bid.discount, bid.currency, charge=False)
    if bid.client.country:
        _cbc(_cac(root, "DestinationCountry"), "IdentificationCode", bid.client.country)
    _totals(_cac(root, "QuotedMonetaryTotal"), bid)
    for number, line in enumerate(lines, start=1):
        _line(root, number, line, bid.currency)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _cbc(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_CBC}}}{name}", attributes)
    element.text = xml_safe(text)
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{_CAC}}}{name}")


def _amount(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, decimal_text(value), currencyID=currency)


def _party(parent: etree._Element, who: Party) -> None:
    party = _cac(parent, "Party")
    _cbc(_cac(party, "PartyName"), "Name", who.name)
    if who.address or who.country:
        address = _cac(party, "PostalAddress")
        if who.address:
            _cbc(_cac(address, "AddressLine"), "Line", who.address)
        if who.country:
            _cbc(_cac(address, "Country"), "IdentificationCode", who.country)
    if who.contact:
        _cbc(_cac(party, "Contact"), "Name", who.contact)


def _delivery_terms(root: etree._Element, bid: PricedBid) -> None:
    rule, _, place = bid.incoterm.partition(" ")
    terms = _cac(root, "DeliveryTerms")
    _cbc(terms, "ID", rule, schemeAgencyName="ICC", schemeVersionID="2020")
    _cbc(terms, "SpecialTerms", f"{bid.incoterm} (Incoterms 2020)")
    _cbc(_cac(terms, "DeliveryLocation"), "Name", place)


def _charge(root: etree._Element, reason: str, amount: Decimal, currency: str, charge: bool) -> None:
    if amount == 0:
        return
    element = _cac(root, "AllowanceCharge")
    _cbc(element, "ChargeIndicator", "true" if charge else "false")
    _cbc(element, "AllowanceChargeReason", reason)
    _amount(element, "Amount", amount, currency)


def _totals(totals: etree._Element, bid: PricedBid) -> None:
    """Subtotal of the lines, then discount, contingency, rounding; the payable amount is the total."""
    _amount(totals, "LineExtensionAmount", bid.subtotal, bid.currency)
    _amount(totals, "AllowanceTotalAmount", bid.discount, bid.currency)
    _amount(totals, "ChargeTotalAmount", bid.contingency, bid.currency)
    _amount(totals, "PayableRoundingAmount", bid.rounding, bid.currency)
    _amount(totals, "PayableAmount", bid.total, bid.currency)


def _line(root: etree._Element, number: int, line: PricedLine, currency: str) -> None:
    quotation_line = _cac(root, "QuotationLine")
    _cbc(quotation_line, "ID", str(number))
    item_line = _cac(quotation_line, "LineItem")
    _cbc(item_line, "ID", str(number))
    code = unit_code(line.unit)
    if code is None:
        _cbc(item_line, "Note", f"unit: {line.unit}")
    quantity = decimal_text(line.qty)
    _cbc(item_line, "Quantity", quantity, **({"unitCode": code} if code else {}))
    _amount(item_line, "LineExtensionAmount", line.line_total, currency)
    _amount(_cac(item_line, "Price"), "PriceAmount", line.unit_sell, currency)
    item = _cac(item_line, "Item")
    if line.description:
        _cbc(item, "Description", line.description)
    _cbc(item, "Name", line.name)
    if line.sku:  # a catalogue line's member/sku; an ad-hoc line's own sku
        catalogued = line.ref == f"{line.member}/{line.sku}"
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line.ref if catalogued else line.sku)
    if line.origin_country:
        _cbc(_cac(item, "OriginCountry"), "IdentificationCode", line.origin_country)
    if line.hs_code:
        _cbc(_cac(item, "CommodityClassification"), "CommodityCode", line.hs_code, listID="HS")
