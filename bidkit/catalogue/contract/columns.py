"""The catalogue's columns as a firm sees them: header, what to write, an example, and the cell rule.

One table serves the workbook ``bidkit catalogue new`` writes (headers,
data validation, the Instructions sheet) in English and in Danish; the
header names themselves come from :mod:`bidkit.catalogue.contract.headers`, so the
template can only write headers the loader reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bidkit.catalogue.contract.headers import DANISH, ENGLISH


@dataclass(frozen=True)
class Column:
    field: str
    required: bool
    rule: str  # text | unit | money | currency | weeks | number | country | date
    en: str
    da: str
    example_en: object = ""
    example_da: object = ""

    def header(self, language: str) -> str:
        return (DANISH if language == "da" else ENGLISH)[self.field]

    def help(self, language: str) -> str:
        return self.da if language == "da" else self.en

    def example(self, language: str) -> object:
        return self.example_da if language == "da" and self.example_da != "" else self.example_en


COMPONENT_COLUMNS = (
    Column("sku", True, "text", "Your item number, unique in this sheet. Bids refer to it.",
           "Jeres varenummer, entydigt i arket. Bud henviser til det.", "CP-40"),
    Column("name", True, "text", "Short name, shown in the proposal.",
           "Kort navn, som vises i tilbuddet.", "Circulation pump DN40", "Cirkulationspumpe DN40"),
    Column("description", False, "text", "Longer description (optional).",
           "Længere beskrivelse (valgfri).", "EC motor, PN10, 230 V"),
    Column("category", False, "text", "Your product group; used for markups and to spot odd prices.",
           "Jeres varegruppe; bruges til avance og til at finde skæve priser.", "Pumps", "Pumper"),
    Column("unit", True, "unit", "What one price is for: pcs, m, kg, day... Pick from the list or type it.",
           "Hvad én pris gælder for: stk, m, kg, dag... Vælg på listen eller skriv den.", "pcs", "stk"),
    Column("unit_price", True, "money", "Price per unit, without VAT, as a number (5980 or 5980.50).",
           "Pris pr. enhed uden moms, som et tal (5980 eller 5980,50).", 5980),
    Column("currency", False, "currency", "Leave empty for the catalogue currency (Member sheet); "
           "else an ISO code such as EUR.", "Tom = katalogets valuta (arket Medlem); ellers en ISO-kode "
           "som EUR.", ""),
    Column("lead_time_weeks", False, "weeks", "Delivery time in whole weeks from order.",
           "Leveringstid i hele uger fra ordre.", 4),
    Column("min_order_qty", False, "number", "Smallest quantity you sell; empty if none.",
           "Mindste antal I sælger; tom hvis ingen.", ""),
    Column("origin_country", False, "country", "Country of origin, ISO code (DK, DE...). Needed for customs.",
           "Oprindelsesland, ISO-kode (DK, DE...). Bruges til told.", "DK"),
    Column("hs_code", False, "text", "Customs tariff number (HS code).", "Toldtarifnummer (HS-kode).",
           "841370"),
    Column("weight_kg", False, "number", "Weight of one unit in kg.", "Vægt af én enhed i kg.", 12.5),
    Column("co2e_kg", False, "number", "Carbon footprint of one unit in kg CO2e.",
           "CO2-aftryk for én enhed i kg CO2e.", 95),
    Column("datasheet", False, "text", "Link to the datasheet.", "Link til databladet.",
           "https://example.com/cp-40.pdf"),
    Column("valid_until", False, "date", "Last day the price holds (YYYY-MM-DD).",
           "Sidste dag prisen gælder (ÅÅÅÅ-MM-DD).", date(2027, 6, 30)),
)  # fmt: skip

PRICE_BREAK_COLUMNS = (
    Column("sku", True, "text", "An item number from the Components sheet.",
           "Et varenummer fra arket Komponenter.", "CP-40"),
    Column("min_qty", True, "number", "From this total quantity in a bid...",
           "Fra dette samlede antal i et bud...", 100),
    Column("unit_price", True, "money", "...this unit price applies.", "...gælder denne enhedspris.", 5620),
)  # fmt: skip

UNITS = {
    "en": ("pcs", "m", "m²", "m³", "kg", "t", "l", "set", "lot", "day", "hour", "km"),
    "da": ("stk", "m", "m²", "m³", "kg", "t", "l", "sæt", "parti", "dag", "time", "km"),
}

SHEETS = {
    "en": {"Member": "Member", "Components": "Components", "PriceBreaks": "PriceBreaks",
           "Instructions": "Instructions", "Lists": "Lists"},
    "da": {"Member": "Medlem", "Components": "Komponenter", "PriceBreaks": "Mængderabat",
           "Instructions": "Vejledning", "Lists": "Lister"},
}  # fmt: skip

MEMBER_ROWS = {  # key as written, the contract key, a note for the firm
    "en": (("Member ID", "id", "Short id used in bids, e.g. pumpco. Do not change it."),
           ("Name", "name", "Company name as it should appear in proposals."),
           ("Country", "country", "ISO country code, e.g. DK."),
           ("Currency", "currency", "Currency of the prices, ISO code, e.g. DKK or EUR."),
           ("VAT ID", "vat_id", "CVR/VAT number."),
           ("Contact", "contact", "Who to ask about this price list (e-mail)."),
           ("Catalogue date", "catalogue_date", "Date of this price list (YYYY-MM-DD).")),
    "da": (("Medlems-id", "id", "Kort id, der bruges i bud, fx pumpco. Må ikke ændres."),
           ("Firmanavn", "name", "Firmanavn, som det skal stå i tilbud."),
           ("Land", "country", "ISO-landekode, fx DK."),
           ("Valuta", "currency", "Prisernes valuta, ISO-kode, fx DKK eller EUR."),
           ("CVR-nr.", "vat_id", "CVR-/momsnummer."),
           ("Kontakt", "contact", "Hvem man spørger om prislisten (e-mail)."),
           ("Katalogdato", "catalogue_date", "Prislistens dato (ÅÅÅÅ-MM-DD).")),
}  # fmt: skip
