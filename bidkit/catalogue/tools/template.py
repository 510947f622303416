"""``bidkit catalogue new``: a workbook a member firm can fill in without reading a manual.

The workbook guides by itself: the header row is frozen and each header
cell carries an input message; the cells refuse what the loader would
refuse (a currency or country that is not an ISO code, a negative price, a
fraction of a week); long pick lists live on a hidden sheet so the drop-down
works in Excel and LibreOffice alike; an Instructions sheet explains every
column with an example row.  The loader reads it back unchanged (tested).
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from bidkit.catalogue.contract.columns import (
    COMPONENT_COLUMNS,
    MEMBER_ROWS,
    PRICE_BREAK_COLUMNS,
    SHEETS,
    UNITS,
    Column,
)
from bidkit.codes import countries, currencies, is_country, is_currency
from bidkit.errors import CatalogueError

MEMBER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LAST_ROW = 1048576
_HEAD_FILL = "DDEBF7"

_TEXT = {
    "en": {
        "title": "How to fill in this price list",
        "steps": (
            "1. Member sheet: check your company details and the currency of your prices.",
            "2. Components sheet: one row per item, from row 2. Keep the header row as it is; "
            "you may add columns of your own to the right.",
            "3. PriceBreaks sheet (optional): lower unit prices from a quantity upwards.",
            "4. Before you send it: run `bidkit catalogue check FILE` or ask the export department "
            "to do it; every problem is reported with its cell, e.g. Components!F14.",
            "Prices are numbers without VAT. Text such as 1.234,50 or 1,234.50 is read too; "
            "1,234 alone is ambiguous and refused.",
        ),
        "head": ("Column", "Required", "What to write", "Example"),
        "yes": "yes",
        "no": "",
        "breaks": "Columns of the PriceBreaks sheet",
        "key": ("Key", "Value", "Notes"),
    },
    "da": {
        "title": "Sådan udfylder I prislisten",
        "steps": (
            "1. Arket Medlem: kontrollér firmaoplysningerne og prisernes valuta.",
            "2. Arket Komponenter: én række pr. vare, fra række 2. Lad overskriftsrækken være; "
            "I må gerne tilføje egne kolonner til højre.",
            "3. Arket Mængderabat (valgfrit): lavere enhedspriser fra et antal og opefter.",
            "4. Før I sender den: kør `bidkit catalogue check FIL` eller bed eksportafdelingen "
            "om det; hvert problem meldes med sin celle, fx Komponenter!F14.",
            "Priser er tal uden moms. Tekst som 1.234,50 eller 1,234.50 læses også; "
            "1,234 alene er tvetydigt og afvises.",
        ),
        "head": ("Kolonne", "Skal udfyldes", "Hvad skal der stå", "Eksempel"),
        "yes": "ja",
        "no": "",
        "breaks": "Kolonner i arket Mængderabat",
        "key": ("Felt", "Værdi", "Forklaring"),
    },
}


def new_catalogue(
    member_id: str, name: str, currency: str, *, language: str = "en", country: str = "DK",
    today: date | None = None,
) -> bytes:  # fmt: skip
    """The template workbook's bytes, with the Member sheet filled in."""
    currency, country = currency.upper(), country.upper()
    for ok, message in (
        (bool(MEMBER_ID.match(member_id)), f"member id '{member_id}' may hold only letters, digits, '.', "
                                           "'_' and '-' (bids refer to it as member-id/SKU)"),
        (bool(name.strip()), "the firm's name is empty"),
        (is_currency(currency), f"currency '{currency}' is not an ISO 4217 code (e.g. DKK, EUR)"),
        (is_country(country), f"country '{country}' is not an ISO 3166 code (e.g. DK)"),
        (language in SHEETS, f"language '{language}' is not one of: {', '.join(SHEETS)}"),
    ):  # fmt: skip
        if not ok:
            raise CatalogueError(message)
    from openpyxl import Workbook

    wb = Workbook()
    names = SHEETS[language]
    lists = _lists_sheet(wb, names["Lists"])
    _instructions(wb.active, names["Instructions"], language)
    values = {"id": member_id, "name": name.strip(), "country": country, "currency": currency,
              "vat_id": "", "contact": "", "catalogue_date": today or date.today()}  # fmt: skip
    _member_sheet(wb.create_sheet(names["Member"]), language, values, lists)
    _table(wb.create_sheet(names["Components"]), COMPONENT_COLUMNS, language, lists)
    _table(wb.create_sheet(names["PriceBreaks"]), PRICE_BREAK_COLUMNS, language, lists)
    wb.move_sheet(names["Lists"], offset=len(wb.sheetnames))
    for ws in wb.worksheets:
        _print_setup(ws)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _print_setup(ws: Any) -> None:
    """Landscape, as wide as one page, so a printed or PDF copy shows whole rows."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _bold_head(ws: Any, row: int, count: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for col in range(1, count + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _lists_sheet(wb: Any, title: str) -> dict[str, str]:
    """A hidden sheet of the long pick lists; returns list name -> range for validations."""
    ws = wb.create_sheet(title)
    codes = {"currency": sorted(currencies()), "country": sorted(countries())}
    refs = {}
    for col, (key, items) in enumerate(codes.items(), start=1):
        ws.cell(row=1, column=col, value=key)
        for r, code in enumerate(items, start=2):
            ws.cell(row=r, column=col, value=code)
        letter = "AB"[col - 1]
        refs[key] = f"'{title}'!${letter}$2:${letter}${len(items) + 1}"
    ws.sheet_state = "hidden"
    return refs


_RULES: dict[str, tuple[dict[str, str], str, str]] = {  # rule -> validation, English and Danish error
    "unit": ({"type": "list", "errorStyle": "warning"},
             "Unusual unit; use it anyway?", "Ukendt enhed; brug den alligevel?"),
    "currency": ({"type": "list", "errorStyle": "stop"},
                 "Use an ISO code from the list.", "Skriv en ISO-kode fra listen."),
    "country": ({"type": "list", "errorStyle": "stop"},
                "Use an ISO code from the list.", "Skriv en ISO-kode fra listen."),
    "money": ({"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
              "Enter a number of 0 or more.", "Skriv et tal på 0 eller mere."),
    "number": ({"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
               "Enter a number of 0 or more.", "Skriv et tal på 0 eller mere."),
    "weeks": ({"type": "whole", "operator": "between", "formula1": "0", "formula2": "520"},
              "Enter a whole number of weeks.", "Skriv et helt antal uger."),
    "date": ({"type": "date", "operator": "greaterThan", "formula1": "36526"},  # after 2000-01-01
             "Enter a date (YYYY-MM-DD).", "Skriv en dato (ÅÅÅÅ-MM-DD)."),
}  # fmt: skip


def _validation(rule: str, language: str, lists: dict[str, str]) -> Any:
    """The cell rule for a column kind (None for free text), refusing what the loader refuses."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if rule not in _RULES:
        return None
    options, english, danish = _RULES[rule]
    dv = DataValidation(**options)
    if rule == "unit":
        dv.formula1 = '"' + ",".join(UNITS[language]) + '"'
    elif rule in lists:
        dv.formula1 = lists[rule]
    dv.error = danish if language == "da" else english
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "bidkit"
    return dv


_WIDTHS = {"name": 32, "description": 40, "datasheet": 30}
_FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "text": "@", "weeks": "0"}


def _table(ws: Any, columns: tuple[Column, ...], language: str, lists: dict[str, str]) -> None:
    """A header row with input messages, column formats and validation down to the last row."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for col, spec in enumerate(columns, start=1):
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=spec.header(language))
        prompt = DataValidation(showInputMessage=True, promptTitle=spec.header(language)[:32],
                                prompt=spec.help(language)[:255])  # fmt: skip
        prompt.add(f"{letter}1")
        ws.add_data_validation(prompt)
        dv = _validation(spec.rule, language, lists)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
        if spec.field in ("sku", "hs_code"):  # keep leading zeros: these are codes, not numbers
            ws.column_dimensions[letter].number_format = "@"
        elif spec.rule in _FORMATS:
            ws.column_dimensions[letter].number_format = _FORMATS[spec.rule]
        ws.column_dimensions[letter].width = _WIDTHS.get(spec.field, max(12, len(spec.header(language)) + 4))
    _bold_head(ws, 1, len(columns))
    ws.freeze_panes = "A2"


def _member_sheet(ws: Any, language: str, values: dict[str, object], lists: dict[str, str]) -> None:
    ws.append(list(_TEXT[language]["key"]))
    for key, field, note in MEMBER_ROWS[language]:
        ws.append([key, values[field], note])
    for r, (_, field, _) in enumerate(MEMBER_ROWS[language], start=2):
        cell = ws.cell(row=r, column=2)
        if field in ("currency", "country"):
            dv = _validation(field, language, lists)
            dv.add(cell.coordinate)
            ws.add_data_validation(dv)
        elif field == "catalogue_date":
            cell.number_format = "yyyy-mm-dd"
        else:
            cell.data_type = "s"
    _bold_head(ws, 1, 3)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 36
    ws.column_dimensions["C"].width = 60
    ws.freeze_panes = "A2"


def _instructions(ws: Any, title: str, language: str) -> None:
    from openpyxl.styles import Alignment, Font

    text = _TEXT[language]
    ws.title = title
    ws.append([text["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    for line in text["steps"]:
        ws.append([line])
    for heading, columns in (("", COMPONENT_COLUMNS), (text["breaks"], PRICE_BREAK_COLUMNS)):
        ws.append([])
        if heading:
            ws.append([heading])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append(list(text["head"]))
        _bold_head(ws, ws.max_row, 4)
        for spec in columns:
            ws.append([spec.header(language), text["yes"] if spec.required else text["no"],
                       spec.help(language), spec.example(language)])  # fmt: skip
            ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
            example = ws.cell(row=ws.max_row, column=4)
            example.alignment = Alignment(horizontal="left")
            if isinstance(spec.example(language), date):
                example.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCD", (22, 14, 70, 30), strict=True):
        ws.column_dimensions[letter].width = width
