"""Two versions compared as ``bidkit catalogue diff`` compares them (bidkit/catalogue/tools/diff.py).

The same changes as the command line's table, worded for the page: each column named as the
firm's blank template names it in the page's language (bidkit/catalogue/contract/headers.py and
columns.py), and every price with its currency, written as the language writes money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language, gettext, pgettext

from bidkit.catalogue.contract.columns import MEMBER_ROWS
from bidkit.catalogue.contract.headers import DANISH, ENGLISH
from bidkit.catalogue.contract.model import Catalogue, Component
from bidkit.catalogue.tools.diff import CatalogueDiff, Value, diff_catalogues
from bidkit.errors import Problem
from bidkit.outputs.proposal.jinja import locale_of, money, number
from bidkit.portal.catalogues.models import CatalogueVersion
from bidkit.portal.catalogues.stored import load_stored


@dataclass(frozen=True)
class DiffRow:
    kind: str  # added | removed | changed | member: the row's style
    change: str  # the kind in the page's language
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


@dataclass(frozen=True)
class Wording:
    """How the page's language names columns and writes values."""

    language: str

    def change(self, kind: str) -> str:
        words = {"added": pgettext("catalogue change", "added"),
                 "removed": pgettext("catalogue change", "removed"),
                 "changed": pgettext("catalogue change", "changed"),
                 "member": pgettext("catalogue change", "firm")}  # fmt: skip
        return words[kind]

    def field(self, name: str, member: bool = False) -> str:
        if member:
            return next((title for title, key, _ in MEMBER_ROWS[self.language] if key == name), name)
        if name == "price_breaks":
            return gettext("Price breaks")
        return (DANISH if self.language == "da" else ENGLISH).get(name, name)  # else the firm's own column

    def value(self, value: Value) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return number(value, locale_of(self.language))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def price(self, component: Component) -> str:
        return money(component.unit_price, component.currency, locale_of(self.language))

    def pct(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        return f"{'+' if value > 0 else ''}{number(value, locale_of(self.language))} %"


def _rows(diff: CatalogueDiff, old: Catalogue, new: Catalogue, words: Wording) -> tuple[DiffRow, ...]:
    """The rows of ``bidkit catalogue diff``'s table (bidkit/catalogue/tools/diff_output.py: rows)."""
    found = [DiffRow("member", words.change("member"), "", "", words.field(ch.field, member=True),
                     words.value(ch.old), words.value(ch.new), "") for ch in diff.member_changes]  # fmt: skip
    found += [DiffRow("added", words.change("added"), c.sku, c.name, "", "", words.price(c), "")
              for c in diff.added]  # fmt: skip
    found += [DiffRow("removed", words.change("removed"), c.sku, c.name, "", words.price(c), "", "")
              for c in diff.removed]  # fmt: skip
    for item in diff.changed:
        before, after = old.components[item.sku], new.components[item.sku]
        for ch in item.changes:
            if ch.field == "unit_price":
                shown = words.price(before), words.price(after)
            else:
                shown = words.value(ch.old), words.value(ch.new)
            found.append(DiffRow("changed", words.change("changed"), item.sku, item.name,
                                 words.field(ch.field), *shown, words.pct(ch.change_pct)))  # fmt: skip
    return tuple(found)


def compare(old: CatalogueVersion, new: CatalogueVersion) -> Comparison:
    first, found_old = load_stored(old.stored_as, f"version {old.number}")
    second, found_new = load_stored(new.stored_as, f"version {new.number}")
    if first is None or second is None:
        errors = tuple(p for p in (*found_old, *found_new) if p.is_error)
        return Comparison(None, (), errors)
    diff = diff_catalogues(first, second)
    language = "da" if (get_language() or "en").startswith("da") else "en"
    return Comparison(diff, _rows(diff, first, second, Wording(language)), ())
