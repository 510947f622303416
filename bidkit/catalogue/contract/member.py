"""The Member sheet: who the firm is, as key/value rows in columns A and B."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from bidkit.catalogue.contract import cells, headers
from bidkit.catalogue.contract.model import Member
from bidkit.catalogue.contract.table import SheetView
from bidkit.codes import is_country, is_currency
from bidkit.files import MAX_NAME_LENGTH, NAME_PATTERN


def read_member(sheet: SheetView, path: Path) -> Member | None:
    """The member, or None (with errors recorded) when a required key is missing or wrong."""
    sheet.report_facts(0, (0, 1))
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for r, row in enumerate(sheet.rows):
        key_text = cells.to_text(row[0]) if row else ""
        value = row[1] if len(row) > 1 else ""
        if not key_text:
            continue
        key = headers.member_key(key_text)
        if key is None:
            if headers.normalise(key_text) not in headers.MEMBER_HEADER_WORDS and not cells.is_blank(value):
                sheet.warn(f"unknown member key '{key_text}' (ignored)", r, 0)
            continue
        if key in where:
            first = values[key]
            if cells.to_text(first) != cells.to_text(value):
                sheet.error(f"{key} is given twice, '{cells.to_text(first)}' on row {where[key] + 1} and "
                            f"'{cells.to_text(value)}' here; give it once", r, 0)  # fmt: skip
            else:
                sheet.warn(f"{key} is given twice (also on row {where[key] + 1}); delete one", r, 0)
            continue
        values[key], where[key] = value, r
    return _member_from(values, where, sheet, path)


def _id_problem(member_id: str) -> str | None:
    """Why ``member_id`` cannot be a member id, or None.

    Ids are written in bids as ``member/sku`` and go into file names
    (``<id>-<rev>-workshare-<member>.xlsx``), so they follow the bid id's rules.
    """
    if len(member_id) > MAX_NAME_LENGTH:
        return f"it is {len(member_id)} characters long; at most {MAX_NAME_LENGTH} fit in file names"
    if not re.fullmatch(NAME_PATTERN, member_id):
        shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in member_id)
        return f"'{shown}' may contain only letters, digits, '.', '_' and '-'"
    return None


def _member_from(
    values: dict[str, Any], where: dict[str, int], sheet: SheetView, path: Path
) -> Member | None:
    text = {k: cells.to_text(v) for k, v in values.items() if k != "catalogue_date"}
    ok = True
    for key in ("name", "currency"):
        if not text.get(key) and (where.get(key, -1), 1) not in sheet.flagged:
            sheet.error(f"member {key} is missing", where.get(key, 0), 1 if key in where else 0)
            ok = False
    currency = text.get("currency", "").upper()
    if currency and not is_currency(currency):
        message = f"currency '{text['currency']}' is not an ISO 4217 code (e.g. DKK, EUR)"
        sheet.error(message, where["currency"], 1)
        ok = False
    country = text.get("country", "").upper()
    if country and not is_country(country):
        sheet.error(f"country '{text['country']}' is not an ISO 3166 code (e.g. DK)", where["country"], 1)
        ok = False
    catalogue_date: date | None = None
    if not cells.is_blank(values.get("catalogue_date")):
        try:
            catalogue_date = cells.to_date(values["catalogue_date"], "catalogue_date")
        except ValueError as exc:
            sheet.error(str(exc), where["catalogue_date"], 1)
            ok = False
    member_id = text.get("id") or path.stem
    problem = _id_problem(member_id)
    if problem:
        if "id" in where:
            sheet.error(f"member id: {problem}", where["id"], 1)
        else:
            sheet.error(f"no member id is given, and the file's name cannot be one: {problem}; add an "
                        "'id' row", None)  # fmt: skip
        ok = False
    if not ok or not text.get("name") or not currency:
        return None
    return Member(
        id=member_id,
        name=text["name"],
        currency=currency,
        country=country,
        vat_id=text.get("vat_id", ""),
        contact=text.get("contact", ""),
        catalogue_date=catalogue_date,
    )
