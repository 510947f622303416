"""Column names member firms actually write, mapped to the catalogue contract's fields.

Headers match case-insensitively, ignoring spaces, underscores, hyphens,
dots and brackets, so ``Unit Price``, ``unit_price`` and ``UNIT-PRICE`` are one
column.  Danish names are accepted because most member firms keep their price
lists in Danish.
"""

from __future__ import annotations

import re

COMPONENT_FIELDS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "varenummer", "varenr", "itemno", "partno", "reference"),
    "name": ("name", "navn", "betegnelse"),
    "description": ("description", "beskrivelse"),
    "category": ("category", "kategori"),
    "unit": ("unit", "enhed"),
    "unit_price": ("unitprice", "price", "enhedspris", "pris"),
    "currency": ("currency", "valuta"),
    "lead_time_weeks": ("leadtimeweeks", "leadtime", "leveringstiduger", "leveringstid"),
    "min_order_qty": ("minorderqty", "moq", "minimumsordre"),
    "origin_country": ("origincountry", "origin", "oprindelsesland"),
    "hs_code": ("hscode", "tarifnummer"),
    "weight_kg": ("weightkg", "weight", "vægtkg", "vægt"),
    "co2e_kg": ("co2ekg", "co2e"),
    "datasheet": ("datasheet", "datablad"),
    "valid_until": ("validuntil", "gyldigtil"),
}
REQUIRED_COMPONENT_FIELDS = ("sku", "name", "unit", "unit_price")

PRICE_BREAK_FIELDS: dict[str, tuple[str, ...]] = {
    "sku": COMPONENT_FIELDS["sku"],
    "min_qty": ("minqty", "fraantal", "minantal"),
    "unit_price": COMPONENT_FIELDS["unit_price"],
}

MEMBER_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "memberid"),
    "name": ("name", "navn", "firmanavn"),
    "country": ("country", "land"),
    "currency": ("currency", "valuta"),
    "vat_id": ("vatid", "cvr", "cvrnr", "momsnr"),
    "contact": ("contact", "kontakt"),
    "catalogue_date": ("cataloguedate", "catalogdate", "katalogdato", "dato"),
}

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "Member": ("member", "medlem", "firma"),
    "Components": ("components", "komponenter", "produkter"),
    "PriceBreaks": ("pricebreaks", "mængderabat", "pristrin"),
}

_NOISE = re.compile(r"[\s_\-.()\[\]/]+")


def normalise(header: object) -> str:
    return _NOISE.sub("", str(header)).casefold()


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
