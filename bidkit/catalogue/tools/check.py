"""Warnings for catalogue values that are allowed but suspicious, as ``bidkit catalogue check`` prints them.

These are not errors: a bid can still use the catalogue.  They catch the
usual slips before a firm sends its workbook: a price typed without its
decimal comma (100 times its neighbours), an expired price, a missing
country of origin (needed for customs and origin rules), a lead time
entered in days instead of weeks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from statistics import median

from bidkit.catalogue.contract.headers import ENGLISH
from bidkit.catalogue.contract.loader import inspect_catalogue
from bidkit.catalogue.contract.model import Catalogue, Component
from bidkit.catalogue.contract.table import problem_order
from bidkit.errors import Location, Problem, Severity

PRICE_FACTOR = 100  # a price this many times its category's median is suspicious
MIN_CATEGORY_SIZE = 3  # a median of fewer prices says nothing
MAX_LEAD_WEEKS = 52


@dataclass(frozen=True)
class CheckReport:
    """One workbook as ``bidkit catalogue check`` sees it.

    The catalogue (None if it has errors), every problem in row order (errors and warnings),
    and the counts of the rows read correctly.
    """

    catalogue: Catalogue | None
    problems: tuple[Problem, ...]
    components: int
    price_breaks: int

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(not p.is_error for p in self.problems)


def check_workbook(path: Path, label: str, today: date) -> CheckReport:
    """Load one workbook as a bid would and add the warnings of :func:`check_catalogue`.

    The command line and the portal both check an upload with this, so a firm gets the same
    lines wherever it checks.
    """
    loaded = inspect_catalogue(path, label)
    problems = list(loaded.problems)
    if loaded.catalogue is not None:
        problems.extend(check_catalogue(loaded.catalogue, today))
    problems.sort(key=problem_order)
    return CheckReport(loaded.catalogue, tuple(problems), loaded.components, loaded.price_breaks)


def check_catalogue(catalogue: Catalogue, today: date) -> list[Problem]:
    """Every warning for one loaded catalogue, in row order."""
    found = [
        *_price_outliers(catalogue),
        *_expired(catalogue, today),
        *_missing_origin(catalogue),
        *_long_lead_times(catalogue),
    ]
    return sorted(found, key=problem_order)


def _warn(catalogue: Catalogue, field: str, row: int, message: str) -> Problem:
    cell = catalogue.cell(field, row) or f"A{row}"
    return Problem(message, Location(catalogue.path, sheet=catalogue.sheet, cell=cell), Severity.WARNING)


def _title(catalogue: Catalogue, field: str) -> str:
    """The column's title as the firm wrote it, else as the blank template names it."""
    return catalogue.titles.get(field) or ENGLISH.get(field, field)


def _price_outliers(catalogue: Catalogue) -> Iterable[Problem]:
    groups: dict[tuple[str, str], list[Component]] = defaultdict(list)
    for comp in catalogue.components.values():
        if comp.category:
            groups[(comp.category, comp.currency)].append(comp)
    for (category, currency), members in groups.items():
        if len(members) < MIN_CATEGORY_SIZE:
            continue
        middle = Decimal(median(c.unit_price for c in members))
        if middle <= 0:
            continue
        for comp in members:
            ratio = comp.unit_price / middle
            if ratio >= PRICE_FACTOR:
                message = (f"{_title(catalogue, 'unit_price')} {comp.unit_price:,f} is {ratio:,.0f} times "
                           f"the median of category '{category}' ({middle:,.2f} {currency}); "
                           "is a decimal separator missing?")  # fmt: skip
                yield _warn(catalogue, "unit_price", comp.row, message)


def _expired(catalogue: Catalogue, today: date) -> Iterable[Problem]:
    for comp in catalogue.components.values():
        if comp.valid_until is not None and comp.valid_until < today:
            yield _warn(catalogue, "valid_until", comp.row,
                        f"{_title(catalogue, 'valid_until')} {comp.valid_until.isoformat()} is in the past; "
                        "update the price or the date")  # fmt: skip


def _missing_origin(catalogue: Catalogue) -> Iterable[Problem]:
    if "origin_country" not in catalogue.columns:
        title = ENGLISH["origin_country"]
        yield Problem(f"there is no '{title}' column; bids need each component's country of origin",
                      Location(catalogue.path, sheet=catalogue.sheet, cell=f"A{catalogue.header_row}"),
                      Severity.WARNING)  # fmt: skip
        return
    for comp in catalogue.components.values():
        if not comp.origin_country:
            title = _title(catalogue, "origin_country")
            yield _warn(
                catalogue, "origin_country", comp.row, f"{title} is empty; bids need the country of origin"
            )


def _long_lead_times(catalogue: Catalogue) -> Iterable[Problem]:
    for comp in catalogue.components.values():
        if comp.lead_time_weeks is not None and comp.lead_time_weeks > MAX_LEAD_WEEKS:
            yield _warn(catalogue, "lead_time_weeks", comp.row,
                        f"{_title(catalogue, 'lead_time_weeks')} {comp.lead_time_weeks} is more than a year; "
                        "is it in weeks (not days)?")  # fmt: skip
