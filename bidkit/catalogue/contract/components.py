"""The Components and PriceBreaks sheets: one component per non-blank row, or a reported problem.

A member catalogue may hold tens of thousands of rows and a large bid twenty
catalogues, so the work is done column by column: the rows to read are found first, then each
column is converted in one pass (:mod:`bidkit.catalogue.contract.convert`), then the
rows are put together and their codes checked.  A row becomes a tuple of
checked values in plain form (:data:`~bidkit.catalogue.contract.model.PLAIN_FIELDS`),
not yet a Component: :class:`~bidkit.catalogue.contract.model.Components` makes the
Component when a bid looks it up, and a cache entry stores the values as they are.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from bidkit.catalogue.contract import cells, headers
from bidkit.catalogue.contract.convert import EMPTY, Column, column_values, is_negative_zero
from bidkit.catalogue.contract.model import PLAIN_FIELDS, Member, PlainRow
from bidkit.catalogue.contract.table import Header, SheetView, row_blank
from bidkit.codes import is_country, is_currency

Break = tuple[Decimal, Decimal, int]  # a price break: from min_qty, unit_price; its row (1-based)
_CURRENCY = PLAIN_FIELDS.index("currency")
_BREAKS = PLAIN_FIELDS.index("price_breaks")
# What a row holds for a field its sheet has no column for.
_DEFAULTS: dict[str, Any] = {**dict.fromkeys(PLAIN_FIELDS, ""), **EMPTY, "extra": (), "price_breaks": ()}


def _needs(fields: tuple[str, ...]) -> str:
    english = ", ".join(headers.ENGLISH[f] for f in fields)  # as ``bidkit catalogue new`` writes them
    danish = ", ".join(headers.DANISH[f] for f in fields)
    return f"{english} (in Danish: {danish})"


def _get(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else ""


def price_break_count(components: dict[str, PlainRow]) -> int:
    return sum(map(len, map(itemgetter(_BREAKS), components.values())))


def read_components(sheet: SheetView, member: Member | None) -> tuple[dict[str, PlainRow], Header | None]:
    """Components' values by SKU (each row checked), and the header that located them.

    SKUs of rows that had errors are kept in ``sheet.skus``, so their price
    breaks are not also reported as pointing at a missing component.
    """
    head = sheet.find_header(headers.component_field, headers.REQUIRED_COMPONENT_FIELDS,
                             _needs(headers.REQUIRED_COMPONENT_FIELDS))  # fmt: skip
    if head is None:
        return {}, None
    used = [*head.known.values(), *head.extra.values()]
    sheet.report_facts(head.row, used)
    sheet.fill_merged(head.row, used)
    width = max(used) + 1
    rows, skus = _data_rows(sheet, head, width)
    cells_of = _transposed(sheet.rows, rows, width)
    titles = head.titles
    columns = {name: column_values(sheet, rows, list(cells_of[col]), col, name, titles[name])
               for name, col in head.known.items()}  # fmt: skip
    bad = _codes(sheet, rows, head, columns, member)
    bad.update(*(column.bad for column in columns.values()))
    fields: dict[str, Any] = {name: column.values for name, column in columns.items()}
    fields["row"] = list(map((1).__add__, rows))
    if head.extra:
        names = tuple(head.extra)
        extra = [list(map(cells.to_text, cells_of[col])) for col in head.extra.values()]
        fields["extra"] = [tuple(zip(names, texts, strict=True)) for texts in zip(*extra, strict=True)]
    values = list(zip(*(fields.get(f) or repeat(_DEFAULTS[f], len(rows)) for f in PLAIN_FIELDS), strict=True))
    distinct = all(map(str.isascii, skus)) or len(set(map(visible_key, skus))) == len(skus)
    if not bad and len(set(skus)) == len(skus) and distinct and member is not None:  # the usual case
        return dict(zip(skus, values, strict=True)), head
    return _keep(sheet, head, rows, skus, values, bad, member), head


def _keep(sheet: SheetView, head: Header, rows: list[int], skus: list[str], values: list[PlainRow],
          bad: set[int], member: Member | None) -> dict[str, PlainRow]:  # fmt: skip
    """The rows that are components: not bad, not a repeated SKU (reported), with a member."""
    found: dict[str, PlainRow] = {}
    first_rows: dict[str, int] = {}
    first_skus: dict[str, str] = {}  # by visible key: the SKU as first written
    for i, (r, sku) in enumerate(zip(rows, skus, strict=True)):
        key = visible_key(sku)
        if sku and sku in first_rows:
            sheet.error(f"{head.titles['sku']} '{sku}' appears twice (first on row {first_rows[sku]})",
                        r, head.known["sku"])  # fmt: skip
            continue
        if sku and key in first_skus:
            first = first_skus[key]
            sheet.error(f"{head.titles['sku']} {_shown(sku)} appears twice (first on row "
                        f"{first_rows[first]} as {_shown(first)}): the two differ only in "
                        f"{_difference(sku, first)}", r, head.known["sku"])  # fmt: skip
            continue
        first_rows[sku] = r + 1
        first_skus[key] = sku
        if i in bad or member is None:
            sheet.skus.add(sku)
            continue
        found[sku] = values[i]
    return found


def visible_key(sku: str) -> str:
    """A SKU as it looks: NFC form, without invisible format characters, every space a plain one.

    ``A\u200b1`` (a zero-width space), ``A\u00ad1`` (a soft hyphen) and ``A1`` look the same,
    as do ``A\u00a01`` (a no-break space) and ``A 1``, and ``é`` written as one character or
    as e and an accent; two SKUs with one key are one SKU written twice.
    """
    if sku.isascii():
        return sku
    kept = (" " if unicodedata.category(c) == "Zs" else c for c in unicodedata.normalize("NFC", sku)
            if unicodedata.category(c) != "Cf")  # fmt: skip
    return "".join(kept)


def _invisible(c: str) -> bool:
    return unicodedata.category(c) == "Cf" or (unicodedata.category(c) == "Zs" and c != " ")


def _shown(sku: str) -> str:
    return "'" + "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in sku) + "'"


def _difference(sku: str, first: str) -> str:
    codes = sorted({f"U+{ord(c):04X}" for c in sku + first if _invisible(c)})
    if codes:
        return f"invisible characters or spaces ({', '.join(codes)})"
    return "how accented letters are encoded (NFC and NFD forms)"


def _data_rows(sheet: SheetView, head: Header, width: int) -> tuple[list[int], list[str]]:
    """The rows below the header that hold a component (0-based), and their SKUs as text.

    Blank rows are skipped; so is a row repeating the header, as printed price lists do.
    """
    sku_col, sku_title = head.known["sku"], head.titles["sku"]
    data = sheet.rows
    below = data[head.row + 1 :]
    if below and min(map(len, below)) >= width:  # the usual case: every row has a SKU, none the header's
        given = list(map(itemgetter(sku_col), below))
        if set(map(type, given)) == {str}:
            skus = list(map(str.strip, given))
            if "" not in skus and sku_title not in skus:
                return list(range(head.row + 1, len(data))), skus
    header_texts = [cells.to_text(v) for v in data[head.row]]
    rows: list[int] = []
    skus = []
    for r in range(head.row + 1, len(data)):
        row = data[r]
        if row_blank(row):
            continue
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        sku = cells.to_text(row[sku_col])
        if sku == sku_title and [cells.to_text(v) for v in row[: len(header_texts)]] == header_texts:
            sheet.warn("this row repeats the header row (as printed lists do); skipped", r)
            continue
        rows.append(r)
        skus.append(sku)
    return rows, skus


def _transposed(data: list[list[Any]], rows: list[int], width: int) -> list[tuple[Any, ...]]:
    """The cells of the given rows, column by column (rows reach ``width`` at least: _data_rows)."""
    if not rows:
        return [()] * width
    contiguous = rows[-1] - rows[0] + 1 == len(rows)
    body = data[rows[0] : rows[-1] + 1] if contiguous else list(map(data.__getitem__, rows))
    return list(zip(*body, strict=False))


def _codes(sheet: SheetView, rows: list[int], head: Header, columns: dict[str, Column],
           member: Member | None) -> set[int]:  # fmt: skip
    """The indexes of rows whose codes are wrong; the resolved codes are left in ``columns``.

    Currency and origin must be ISO codes, and a currency sign in a text price must agree with
    the row's currency.  Each distinct code is looked up once.
    """
    bad: set[int] = set()
    default = member.currency if member else ""
    given = columns["currency"].values if "currency" in columns else [""] * len(rows)
    resolved = {g: g.upper() if g else default for g in set(given)}
    currency_ok = {g: not g or is_currency(c) for g, c in resolved.items()}
    _unknown_codes(sheet, rows, head, "currency", given, currency_ok, "an ISO 4217 code (e.g. DKK, EUR)", bad)
    origins = columns["origin_country"].values if "origin_country" in columns else [""] * len(rows)
    upper = {o: o.upper() for o in set(origins)}
    origin_ok = {o: not o or is_country(u) for o, u in upper.items()}
    iso3166 = "an ISO 3166 code (e.g. DK, DE)"
    _unknown_codes(sheet, rows, head, "origin_country", origins, origin_ok, iso3166, bad)
    currencies = list(map(resolved.__getitem__, given))
    columns["currency"] = Column(currencies)  # optional text columns: no cell of theirs is ever bad
    columns["origin_country"] = Column(list(map(upper.__getitem__, origins)))
    for i, sign in columns["unit_price"].signs.items():
        if i in bad or not currencies[i]:
            continue
        if not _sign_agrees(sheet, rows[i], head, sign, currencies[i], given[i]):
            bad.add(i)
    return bad


def _unknown_codes(sheet: SheetView, rows: list[int], head: Header, name: str, given: list[str],
                   accepted: dict[str, bool], expected: str, bad: set[int]) -> None:  # fmt: skip
    """Report each cell of column ``name`` whose text ``accepted`` refuses, and mark its row bad."""
    if all(accepted.values()):
        return
    for i, text in enumerate(given):
        if not accepted[text]:
            sheet.error(f"{head.titles[name]} '{text}' is not {expected}", rows[i], head.known[name])
            bad.add(i)


def _sign_agrees(sheet: SheetView, r: int, head: Header, sign: frozenset[str] | None,
                 currency: str, given: str) -> bool:  # fmt: skip
    if sign is None or currency in sign:
        return True
    col = head.known["unit_price"]
    source = "the row's currency" if given else "the catalogue's currency (Member sheet)"
    sheet.error(f"{head.titles['unit_price']} '{cells.to_text(sheet.rows[r][col])}' is in "
                f"{'/'.join(sorted(sign))} but {source} is {currency}; write the price in {currency} "
                "or give the row its own currency", r, col)  # fmt: skip
    return False


def read_price_breaks(sheet: SheetView, components: dict[str, PlainRow], skus: set[str]) -> None:
    """Attach PriceBreaks rows to their components' values."""
    if row_blank([v for row in sheet.rows for v in row]):
        return
    head = sheet.find_header(headers.price_break_field, headers.PRICE_BREAK_FIELDS,
                             _needs(tuple(headers.PRICE_BREAK_FIELDS)))  # fmt: skip
    if head is None:
        return
    sheet.report_facts(head.row, head.known.values())
    for name, col in head.extra.items():
        sheet.warn(f"column '{name}' is not part of PriceBreaks (ignored)", head.row, col)
    breaks: dict[str, list[Break]] = {}
    for r in range(head.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if row_blank(row):
            continue
        brk = _price_break(sheet, r, row, head, components, skus, breaks)
        if brk is not None:
            breaks.setdefault(brk[0], []).append(brk[1])
    for sku, items in breaks.items():
        plain = tuple((str(q), str(p), r) for q, p, r in sorted(items, key=lambda b: b[0]))
        values = components[sku]
        components[sku] = (*values[:_BREAKS], plain, *values[_BREAKS + 1 :])


def _price_break(
    sheet: SheetView,
    r: int,
    row: list[Any],
    head: Header,
    components: dict[str, PlainRow],
    skus: set[str],
    seen: dict[str, list[Break]],
) -> tuple[str, Break] | None:
    cols, titles = head.known, head.titles
    sku = cells.to_text(_get(row, cols["sku"]))
    min_qty: Decimal | None = None
    price: tuple[Decimal, frozenset[str] | None] | None = None
    for name in ("sku", "min_qty", "unit_price"):
        raw = _get(row, cols[name])
        if cells.is_blank(raw):
            if (r, cols[name]) not in sheet.flagged:
                sheet.error(f"{titles[name]} is empty", r, cols[name])
            continue
        if name != "sku" and is_negative_zero(raw):
            sheet.warn(f"{titles[name]} {cells.to_text(raw) if type(raw) is str else '-0'} is a zero with a "
                       "minus sign; it is read as 0", r, cols[name])  # fmt: skip
            raw = 0.0
        try:
            if name == "min_qty":
                min_qty = cells.to_quantity(raw, titles[name])
            elif name == "unit_price":
                price = cells.to_price(raw, titles[name])
        except ValueError as exc:
            sheet.error(str(exc), r, cols[name])
    if not sku or min_qty is None or price is None:
        return None
    comp = components.get(sku)
    if comp is None and sku in skus:
        return None
    if comp is None:
        sheet.error(f"{titles['sku']} '{sku}' is not on the Components sheet", r, cols["sku"])
        return None
    if price[1] is not None and comp[_CURRENCY] not in price[1]:
        sheet.error(f"{titles['unit_price']} '{cells.to_text(row[cols['unit_price']])}' is in "
                    f"{'/'.join(sorted(price[1]))} but {sku} is priced in {comp[_CURRENCY]}",
                    r, cols["unit_price"])  # fmt: skip
        return None
    if any(b[0] == min_qty for b in seen.get(sku, [])):
        sheet.error(f"{titles['sku']} '{sku}' has two price breaks from {min_qty:f}", r, cols["min_qty"])
        return None
    return sku, (min_qty, price[0], r + 1)
