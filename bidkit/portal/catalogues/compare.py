"""Two versions compared as ``bidkit catalogue diff`` compares them (bidkit/catalogue/tools/diff.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bidkit.catalogue.tools.diff import CatalogueDiff, diff_catalogues
from bidkit.catalogue.tools.diff_output import rows, show
from bidkit.errors import Problem
from bidkit.portal.catalogues.models import CatalogueVersion
from bidkit.portal.catalogues.stored import load_stored


@dataclass(frozen=True)
class DiffRow:
    change: str
    sku: str
    name: str
    field: str
    old: str
    new: str
    pct: str


@dataclass(frozen=True)
class Comparison:
    diff: CatalogueDiff | None
    rows: tuple[DiffRow, ...]
    problems: tuple[Problem, ...]  # why a version could not be read (a rejected one)


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+f} %"


def compare(old: CatalogueVersion, new: CatalogueVersion) -> Comparison:
    first, found_old = load_stored(old.stored_as, f"version {old.number}")
    second, found_new = load_stored(new.stored_as, f"version {new.number}")
    if first is None or second is None:
        errors = tuple(p for p in (*found_old, *found_new) if p.is_error)
        return Comparison(None, (), errors)
    diff = diff_catalogues(first, second)
    table = tuple(DiffRow(change, sku, name, field, show(before), show(after), _pct(pct))
                  for change, sku, name, field, before, after, pct in rows(diff))  # fmt: skip
    return Comparison(diff, table, ())
