"""Column names member firms actually write, mapped to the catalogue contract's fields.

Headers match case-insensitively, ignoring spaces (non-breaking ones too),
underscores, hyphens, dots, colons and brackets, after Unicode
compatibility folding (``CO₂e`` is ``CO2e``), so ``Unit Price``,
``unit_price`` and `` UNIT-PRICE `` are one column.  Danish names are
accepted because most member firms keep their price lists in Danish.
"""

from __future__ import annotations

import re
import unicodedata

COMPONENT_FIELDS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "varenummer", "varenr", "itemno", "partno", "reference", "artikelnummer", "artnr"),
    "name": ("name", "navn", "betegnelse", "varenavn"),
    "description": ("description", "beskrivelse"),
    "category": ("category", "kategori", "varegruppe"),
    "unit": ("unit", "enhed"),
    "unit_price": ("unitprice", "price", "enhedspris", "pris", "stykpris"),
    "currency": ("currency", "valuta"),
    "lead_time_weeks": ("leadtimeweeks", "leadtime", "leveringstiduger", "leveringstid"),
    "min_order_qty": ("minorderqty", "moq", "minimumsordre", "mindstekøb"),
    "origin_country": ("origincountry", "origin", "countryoforigin", "oprindelsesland"),
    "hs_code": ("hscode", "tarifnummer", "toldtarif"),
    "weight_kg": ("weightkg", "weight", "vægtkg", "vægt"),
    "co2e_kg": ("co2ekg", "co2e"),
    "datasheet": ("datasheet", "datablad"),
    "valid_until": ("validuntil", "gyldigtil", "prisgyldigtil"),
}
REQUIRED_COMPONENT_FIELDS = ("sku", "name", "unit", "unit_price")

PRICE_BREAK_FIELDS: dict[str, tuple[str, ...]] = {
    "sku": COMPONENT_FIELDS["sku"],
    "min_qty": ("minqty", "fraantal", "minantal"),
    "unit_price": COMPONENT_FIELDS["unit_price"],
}

MEMBER_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "memberid", "medlemsid"),
    "name": ("name", "navn", "firmanavn", "firmname"),
    "country": ("country", "land"),
    "currency": ("currency", "valuta"),
    "vat_id": ("vatid", "cvr", "cvrnr", "momsnr"),
    "contact": ("contact", "kontakt"),
    "catalogue_date": ("cataloguedate", "catalogdate", "katalogdato", "dato"),
}
# First-column words of a Member sheet's own header row ("key | value").
MEMBER_HEADER_WORDS = frozenset({"key", "nøgle", "felt", "field"})

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "Member": ("member", "medlem", "firma"),
    "Components": ("components", "komponenter", "produkter"),
    "PriceBreaks": ("pricebreaks", "mængderabat", "mængderabatter", "pristrin"),
}

# The names ``bidkit catalogue new --language da`` writes (each is one of the aliases above).
DANISH = {
    "sku": "Varenummer", "name": "Navn", "description": "Beskrivelse", "category": "Kategori",
    "unit": "Enhed", "unit_price": "Enhedspris", "currency": "Valuta",
    "lead_time_weeks": "Leveringstid (uger)", "min_order_qty": "Minimumsordre",
    "origin_country": "Oprindelsesland", "hs_code": "Tarifnummer", "weight_kg": "Vægt (kg)",
    "co2e_kg": "CO2e (kg)", "datasheet": "Datablad", "valid_until": "Gyldig til", "min_qty": "Fra antal",
}  # fmt: skip
ENGLISH = {
    "sku": "SKU", "name": "Name", "description": "Description", "category": "Category", "unit": "Unit",
    "unit_price": "Unit price", "currency": "Currency", "lead_time_weeks": "Lead time (weeks)",
    "min_order_qty": "Min order qty", "origin_country": "Origin country", "hs_code": "HS code",
    "weight_kg": "Weight (kg)", "co2e_kg": "CO2e (kg)", "datasheet": "Datasheet",
    "valid_until": "Valid until", "min_qty": "Min qty",
}  # fmt: skip

_NOISE = re.compile(r"[\s_\-.:()\[\]/]+")


def normalise(header: object) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(header))).casefold()


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: field for field, aliases in table.items() for alias in aliases}


_COMPONENT_INDEX = _index(COMPONENT_FIELDS)
_PRICE_BREAK_INDEX = _index(PRICE_BREAK_FIELDS)
_MEMBER_INDEX = _index(MEMBER_KEYS)
_SHEET_INDEX = _index(SHEET_NAMES)


def component_field(header: object) -> str | None:
    return _COMPONENT_INDEX.get(normalise(header))


def price_break_field(header: object) -> str | None:
    return _PRICE_BREAK_INDEX.get(normalise(header))


def member_key(key: object) -> str | None:
    return _MEMBER_INDEX.get(normalise(key))


def sheet_role(name: str) -> str | None:
    return _SHEET_INDEX.get(normalise(name))
