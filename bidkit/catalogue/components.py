"""The Components and PriceBreaks sheets: one component per non-blank row, or a reported problem.

Speed matters here (a member catalogue may hold tens of thousands of rows,
a large bid twenty catalogues): the rows to read are found first, then each
column is converted in one pass (:mod:`bidkit.catalogue.convert`), then the
rows are put together and their codes checked.  A row becomes a dict of
checked values, not yet a model: :class:`~bidkit.catalogue.model.CheckedComponents`
makes the Component when a bid looks it up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bidkit.catalogue import cells, headers
from bidkit.catalogue.convert import BAD, column_values
from bidkit.catalogue.model import Member, PriceBreak
from bidkit.catalogue.table import Header, SheetView, row_blank
from bidkit.codes import is_country, is_currency


def _needs(fields: tuple[str, ...]) -> str:
    english = ", ".join(fields)
    danish = ", ".join(headers.DANISH[f].casefold() for f in fields)
    return f"{english} (in Danish: {danish})"


def _get(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else ""


Values = dict[str, Any]  # one component's checked fields, but member and sku


def read_components(sheet: SheetView, member: Member | None) -> tuple[dict[str, Values], Header | None]:
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
    rows, skus = _data_rows(sheet, head, max(used) + 1)
    titles = head.titles
    columns = {name: column_values(sheet, rows, col, name, titles[name]) for name, col in head.known.items()}
    bad = _codes(sheet, rows, head, columns, member)
    bad |= {i for column in columns.values() if BAD in column for i, v in enumerate(column) if v is BAD}
    columns["unit_price"] = [v if v is BAD else v[0] for v in columns["unit_price"]]
    columns["row"] = [r + 1 for r in rows]
    if head.extra:
        extra = [[cells.to_text(sheet.rows[r][col]) for r in rows] for col in head.extra.values()]
        columns["extra"] = [dict(zip(head.extra, texts, strict=True)) for texts in zip(*extra, strict=True)]
    del columns["sku"]
    keys = list(columns)
    values = [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    if not bad and len(set(skus)) == len(skus) and member is not None:  # the usual case: every row fine
        return dict(zip(skus, values, strict=True)), head
    return _keep(sheet, head, rows, skus, values, bad, member), head


def _keep(sheet: SheetView, head: Header, rows: list[int], skus: list[str], values: list[Values],
          bad: set[int], member: Member | None) -> dict[str, Values]:  # fmt: skip
    """The rows that are components: not bad, not a repeated SKU (reported), with a member."""
    found: dict[str, Values] = {}
    first_rows: dict[str, int] = {}
    for i, (r, sku) in enumerate(zip(rows, skus, strict=True)):
        if sku and sku in first_rows:
            sheet.error(f"{head.titles['sku']} '{sku}' appears twice (first on row {first_rows[sku]})",
                        r, head.known["sku"])  # fmt: skip
            continue
        first_rows[sku] = r + 1
        if i in bad or member is None:
            sheet.skus.add(sku)
            continue
        found[sku] = values[i]
    return found


def _data_rows(sheet: SheetView, head: Header, width: int) -> tuple[list[int], list[str]]:
    """The rows below the header that hold a component (0-based), and their SKUs as text.

    Blank rows are skipped; so is a row repeating the header, as printed price lists do.
    """
    header_texts = [cells.to_text(v) for v in sheet.rows[head.row]]
    sku_col, sku_title = head.known["sku"], head.titles["sku"]
    rows: list[int] = []
    skus: list[str] = []
    data = sheet.rows
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


def _codes(sheet: SheetView, rows: list[int], head: Header, columns: dict[str, list[Any]],
           member: Member | None) -> set[int]:  # fmt: skip
    """The indexes of rows whose codes are wrong; the resolved codes are left in ``columns``.

    Currency and origin must be ISO codes, and a currency sign in a text price must agree with
    the row's currency.  Each distinct code is looked up once.
    """
    bad: set[int] = set()
    default = member.currency if member else ""
    given = columns.get("currency") or [""] * len(rows)
    resolved = {g: g.upper() if g else default for g in set(given)}
    known = {g: not g or is_currency(c) for g, c in resolved.items()}
    if not all(known.values()):
        for i, g in enumerate(given):
            if not known[g]:
                sheet.error(f"{head.titles['currency']} '{g}' is not an ISO 4217 code (e.g. DKK, EUR)",
                            rows[i], head.known["currency"])  # fmt: skip
                bad.add(i)
    origins = columns.get("origin_country") or [""] * len(rows)
    upper = {o: o.upper() for o in set(origins)}
    if not all(is_country(u) for o, u in upper.items() if o):
        for i, o in enumerate(origins):
            if o and not is_country(upper[o]):
                sheet.error(f"{head.titles['origin_country']} '{o}' is not an ISO 3166 code (e.g. DK, DE)",
                            rows[i], head.known["origin_country"])  # fmt: skip
                bad.add(i)
    columns["currency"] = currencies = [resolved[g] for g in given]
    columns["origin_country"] = [upper[o] for o in origins]
    for i, price in enumerate(columns["unit_price"]):
        sign = None if price is BAD or i in bad or not currencies[i] else price[1]
        if sign is not None and not _sign_agrees(sheet, rows[i], head, sign, currencies[i], given[i]):
            bad.add(i)
    return bad


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


def read_price_breaks(sheet: SheetView, components: dict[str, Values], skus: set[str]) -> None:
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
    breaks: dict[str, list[PriceBreak]] = {}
    for r in range(head.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if row_blank(row):
            continue
        brk = _price_break(sheet, r, row, head, components, skus, breaks)
        if brk is not None:
            breaks.setdefault(brk[0], []).append(brk[1])
    for sku, items in breaks.items():
        components[sku]["price_breaks"] = tuple(sorted(items, key=lambda b: b.min_qty))


def _price_break(
    sheet: SheetView,
    r: int,
    row: list[Any],
    head: Header,
    components: dict[str, Values],
    skus: set[str],
    seen: dict[str, list[PriceBreak]],
) -> tuple[str, PriceBreak] | None:
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
    if price[1] is not None and comp["currency"] not in price[1]:
        sheet.error(f"{titles['unit_price']} '{cells.to_text(row[cols['unit_price']])}' is in "
                    f"{'/'.join(sorted(price[1]))} but {sku} is priced in {comp['currency']}",
                    r, cols["unit_price"])  # fmt: skip
        return None
    if any(b.min_qty == min_qty for b in seen.get(sku, [])):
        sheet.error(f"{titles['sku']} '{sku}' has two price breaks from {min_qty:f}", r, cols["min_qty"])
        return None
    return sku, PriceBreak(min_qty=min_qty, unit_price=price[0], row=r + 1)
