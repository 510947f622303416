"""The catalogue contract: a member's workbook in, a checked :class:`Catalogue` out.

Every non-blank row becomes a component or a reported problem; nothing is
dropped silently.  All problems of a workbook are collected before failing so
the firm can fix them in one go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from bidkit.catalogue import cells, headers
from bidkit.catalogue.model import Catalogue, Component, Member, PriceBreak
from bidkit.catalogue.reader import SheetData, WorkbookData, read_workbook
from bidkit.codes import is_country, is_currency
from bidkit.errors import CatalogueError, Location, Problem, ProblemList


class _Sheet:
    """A sheet plus the file label, so every problem gets its cell."""

    def __init__(self, data: SheetData, label: str, problems: ProblemList):
        self.data, self.label, self.problems = data, label, problems

    def at(self, row: int, col: int | None = None) -> Location:
        cell = cells.cell_ref(row, col) if col is not None else f"A{row + 1}"
        return Location(self.label, sheet=self.data.name, cell=cell)

    def error(self, message: str, row: int, col: int | None = None) -> None:
        self.problems.error(message, self.at(row, col))

    def warn(self, message: str, row: int, col: int | None = None) -> None:
        self.problems.warn(message, self.at(row, col))

    def header_row(self) -> int | None:
        return next((i for i, row in enumerate(self.data.rows) if not _row_blank(row)), None)

    def columns(
        self, row: int, lookup: Callable[[object], str | None]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Map contract fields (and extra columns) to column indexes from the header row."""
        known: dict[str, int] = {}
        extra: dict[str, int] = {}
        for col, raw in enumerate(self.data.rows[row]):
            title = cells.to_text(raw)
            if not title:
                continue
            field = lookup(raw)
            target, key = (known, field) if field else (extra, title)
            if key in target:
                self.error(f"column '{title}' appears twice in the header", row, col)
            else:
                target[key] = col
        return known, extra


def _row_blank(row: list[Any]) -> bool:
    return all(cells.is_blank(v) for v in row)


def _get(row: list[Any], col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else ""


def load_catalogue(path: Path, display: str | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Load one member workbook; returns the catalogue (None if unusable) and every problem."""
    label = display or str(path)
    try:
        book = read_workbook(path, label)
    except CatalogueError as exc:
        return None, exc.problems
    problems = ProblemList()
    roles = _sheets_by_role(book, problems)
    member = _read_member(roles.get("Member"), path, label, problems)
    components = _read_components(roles.get("Components"), member, label, problems)
    if "PriceBreaks" in roles:
        _read_price_breaks(_Sheet(roles["PriceBreaks"], label, problems), components)
    if member is None or problems.errors:
        return None, problems.items
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Catalogue(path=label, member=member, components=components, sha256=digest), problems.items


def _sheets_by_role(book: WorkbookData, problems: ProblemList) -> dict[str, SheetData]:
    roles: dict[str, SheetData] = {}
    for sheet in book.sheets:
        role = headers.sheet_role(sheet.name)
        if role and role not in roles:
            roles[role] = sheet
    for required in ("Member", "Components"):
        if required not in roles:
            names = ", ".join(s.name for s in book.sheets) or "none"
            problems.error(f"no sheet named '{required}' (sheets found: {names})", Location(book.path))
    return roles


def _read_member(data: SheetData | None, path: Path, label: str, problems: ProblemList) -> Member | None:
    if data is None:
        return None
    sheet = _Sheet(data, label, problems)
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for r, row in enumerate(data.rows):
        if _row_blank(row[:2]):
            continue
        key_text = cells.to_text(_get(row, 0))
        key = headers.member_key(key_text)
        if key is None:
            if r == sheet.header_row() and headers.normalise(key_text) in {"key", "nøgle"}:
                continue
            sheet.warn(f"unknown member key '{key_text}' (ignored)", r, 0)
            continue
        values[key], where[key] = _get(row, 1), r
    return _member_from(values, where, sheet, path)


def _member_from(values: dict[str, Any], where: dict[str, int], sheet: _Sheet, path: Path) -> Member | None:
    text = {k: cells.to_text(v) for k, v in values.items() if k != "catalogue_date"}
    ok = True
    for key in ("name", "currency"):
        if not text.get(key):
            sheet.error(f"member {key} is missing", where.get(key, 0), 1 if key in where else 0)
            ok = False
    currency = text.get("currency", "").upper()
    if currency and not is_currency(currency):
        sheet.error(
            f"currency '{text['currency']}' is not an ISO 4217 code (e.g. DKK, EUR)",
            where["currency"],
            1,
        )
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
    if not ok:
        return None
    return Member(
        id=text.get("id") or path.stem,
        name=text["name"],
        currency=currency,
        country=country,
        vat_id=text.get("vat_id", ""),
        contact=text.get("contact", ""),
        catalogue_date=catalogue_date,
    )


def _text(value: Any, _what: str) -> str:
    return cells.to_text(value)


_CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "unit_price": cells.to_money,
    "lead_time_weeks": cells.to_weeks,
    "min_order_qty": cells.to_quantity,
    "weight_kg": cells.to_quantity,
    "co2e_kg": cells.to_quantity,
    "valid_until": cells.to_date,
}


def _read_components(
    data: SheetData | None, member: Member | None, label: str, problems: ProblemList
) -> dict[str, Component]:
    if data is None:
        return {}
    sheet = _Sheet(data, label, problems)
    head = sheet.header_row()
    if head is None:
        sheet.error("the sheet is empty; the first row must hold the column names", 0)
        return {}
    columns, extra = sheet.columns(head, headers.component_field)
    missing = [f for f in headers.REQUIRED_COMPONENT_FIELDS if f not in columns]
    if missing:
        sheet.error(f"required column(s) missing from the header row: {', '.join(missing)}", head)
        return {}
    found: dict[str, Component] = {}
    for r in range(head + 1, len(data.rows)):
        row = data.rows[r]
        if _row_blank(row):
            continue
        comp = _component(sheet, r, row, columns, extra, member)
        if comp is None:
            continue
        if comp.sku in found:
            first = found[comp.sku].row
            sheet.error(f"sku '{comp.sku}' appears twice (first on row {first})", r, columns["sku"])
            continue
        found[comp.sku] = comp
    return found


def _component(
    sheet: _Sheet,
    r: int,
    row: list[Any],
    columns: dict[str, int],
    extra: dict[str, int],
    member: Member | None,
) -> Component | None:
    values: dict[str, Any] = {}
    ok = True
    for field, col in columns.items():
        raw = _get(row, col)
        if cells.is_blank(raw):
            if field in headers.REQUIRED_COMPONENT_FIELDS:
                sheet.error(f"{field} is empty", r, col)
                ok = False
            continue
        try:
            convert: Callable[[Any, str], Any] = _CONVERTERS.get(field, _text)
            values[field] = convert(raw, field)
        except ValueError as exc:
            sheet.error(str(exc), r, col)
            ok = False
    currency = str(values.get("currency") or (member.currency if member else "")).upper()
    if "currency" in values and not is_currency(currency):
        sheet.error(f"currency '{values['currency']}' is not an ISO 4217 code", r, columns["currency"])
        ok = False
    origin = str(values.get("origin_country", "")).upper()
    if origin and not is_country(origin):
        sheet.error(
            f"origin_country '{values['origin_country']}' is not an ISO 3166 code",
            r,
            columns["origin_country"],
        )
        ok = False
    if not ok or member is None:
        return None
    values.update(currency=currency, origin_country=origin)
    extras = {name: cells.to_text(_get(row, col)) for name, col in extra.items()}
    return Component(member=member.id, row=r + 1, extra=extras, **values)


def _read_price_breaks(sheet: _Sheet, components: dict[str, Component]) -> None:
    """Attach PriceBreaks rows to their components (replacing them in the dict)."""
    head = sheet.header_row()
    if head is None:
        return
    columns, extra = sheet.columns(head, headers.price_break_field)
    missing = [f for f in headers.PRICE_BREAK_FIELDS if f not in columns]
    if missing:
        sheet.error(f"required column(s) missing from the header row: {', '.join(missing)}", head)
        return
    for name, col in extra.items():
        sheet.warn(f"column '{name}' is not part of PriceBreaks (ignored)", head, col)
    breaks: dict[str, list[PriceBreak]] = {}
    for r in range(head + 1, len(sheet.data.rows)):
        row = sheet.data.rows[r]
        if _row_blank(row):
            continue
        brk = _price_break(sheet, r, row, columns, components, breaks)
        if brk is not None:
            breaks.setdefault(brk[0], []).append(brk[1])
    for sku, items in breaks.items():
        ordered = tuple(sorted(items, key=lambda b: b.min_qty))
        components[sku] = components[sku].model_copy(update={"price_breaks": ordered})


def _price_break(
    sheet: _Sheet,
    r: int,
    row: list[Any],
    columns: dict[str, int],
    components: dict[str, Component],
    seen: dict[str, list[PriceBreak]],
) -> tuple[str, PriceBreak] | None:
    sku = cells.to_text(_get(row, columns["sku"]))
    try:
        min_qty = cells.to_quantity(_get(row, columns["min_qty"]), "min_qty")
        price = cells.to_money(_get(row, columns["unit_price"]), "unit_price")
    except ValueError as exc:
        col = columns["min_qty"] if "min_qty" in str(exc) else columns["unit_price"]
        sheet.error(str(exc), r, col)
        return None
    if sku not in components:
        sheet.error(f"sku '{sku}' is not on the Components sheet", r, columns["sku"])
        return None
    if any(b.min_qty == min_qty for b in seen.get(sku, [])):
        sheet.error(f"sku '{sku}' has two price breaks from {min_qty}", r, columns["min_qty"])
        return None
    return sku, PriceBreak(min_qty=min_qty, unit_price=price, row=r + 1)


def load_catalogues(
    sources: Iterable[Path], base: Path | None = None
) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Load every workbook in the given files/folders, keyed by member id."""
    problems: list[Problem] = []
    found: dict[str, Catalogue] = {}
    for path in expand_sources(sources, problems):
        catalogue, issues = load_catalogue(path, display_path(path, base))
        problems.extend(issues)
        if catalogue is None:
            continue
        member = catalogue.member.id
        if member in found:
            problems.append(
                Problem(
                    f"member id '{member}' is also used by {found[member].path}",
                    Location(catalogue.path, sheet="Member"),
                )
            )
            continue
        found[member] = catalogue
    return found, problems


def expand_sources(sources: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Folders become their .xlsx files (sorted, Office lock files skipped)."""
    paths: list[Path] = []
    for src in sources:
        if src.is_dir():
            paths.extend(p for p in sorted(src.glob("*.xlsx")) if not p.name.startswith(("~$", ".~lock")))
        elif src.is_file():
            paths.append(src)
        else:
            problems.append(Problem("catalogue file or folder not found", Location(str(src))))
    return paths


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user would type it: relative to the current folder when possible."""
    for root in (Path.cwd(), base):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)
