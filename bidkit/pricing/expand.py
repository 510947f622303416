"""Bundles expanded and references resolved: the bid as flat lines of known components.

Pure: takes the validated bid and the loaded catalogues, returns lines and
problems.  Problems inside a bundle definition are reported once, at the
definition, however often the bundle is used.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bidkit.bid.loader import Bid
from bidkit.bid.model import ItemSpec
from bidkit.catalogue.contract.model import Catalogue, Component
from bidkit.errors import Location, ProblemList


@dataclass(frozen=True, slots=True)
class FlatLine:
    """A leaf line with its multiplied quantity and the nearest explicit markup."""

    group: Literal["section", "option"]
    group_id: str
    bundle: tuple[str, ...]
    spec: ItemSpec
    component: Component | None
    member: str
    qty: Decimal
    markup: Decimal | None


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


class Resolver:
    def __init__(self, bid: Bid, catalogues: dict[str, Catalogue], problems: ProblemList):
        self.bid, self.catalogues, self.problems = bid, catalogues, problems
        self.bundles = bid.spec.bundles
        self.found: dict[int, Component] = {}  # by id(item): each entry is checked, then expanded

    def component(self, item: ItemSpec) -> Component | None:
        """The catalogue component an ``item:`` names, or a reported problem."""
        known = self.found.get(id(item))
        if known is not None:
            return known
        assert item.item is not None
        member, sku = item.item.split("/", 1)
        catalogue = self.catalogues.get(member)
        if catalogue is None:
            hint = _suggest(member, list(self.catalogues))
            self.problems.error(f"no catalogue for member '{member}'{hint}", self._where(item))
            return None
        found = catalogue.components.get(sku)
        if found is None:
            hint = _suggest(sku, list(catalogue.components))
            message = f"{member} has no component '{sku}' in {catalogue.path}{hint}"
            self.problems.error(message, self._where(item))
        else:
            self.found[id(item)] = found
        return found

    def _where(self, item: ItemSpec) -> Location:
        """Where an item's reference is written (looked up only for a problem: it is not free)."""
        return self.bid.at((*self.bid.item_path(item), "item"))

    def check_item(self, item: ItemSpec) -> bool:
        if item.kind == "item":
            return self.component(item) is not None
        if item.kind == "bundle":
            assert item.bundle is not None
            if item.bundle not in self.bundles:
                hint = _suggest(item.bundle, list(self.bundles))
                where = self.bid.at((*self.bid.item_path(item), "bundle"))
                self.problems.error(f"no bundle named '{item.bundle}' under bundles:{hint}", where)
                return False
            return True
        if item.member not in self.catalogues:
            hint = _suggest(str(item.member), list(self.catalogues))
            where = self.bid.at((*self.bid.item_path(item), "member"))
            self.problems.error(f"no catalogue for member '{item.member}'{hint}", where)
            return False
        return True

    def check_bundles(self) -> bool:
        ok = all([self.check_item(i) for b in self.bundles.values() for i in b.items])
        for name in self.bundles:
            cycle = self._cycle(name, (name,))
            if cycle:
                where = self.bid.at(
                    ("bundles", name),
                )
                self.problems.error(f"bundle '{name}' contains itself: {' -> '.join(cycle)}", where)
                ok = False
        return ok

    def _cycle(self, name: str, chain: tuple[str, ...]) -> tuple[str, ...] | None:
        for item in self.bundles[name].items:
            inner = item.bundle
            if inner is None or inner not in self.bundles:
                continue
            if inner == chain[0]:
                return (*chain, inner)
            if inner in chain:
                continue  # a cycle not through chain[0]; reported from its own start
            found = self._cycle(inner, (*chain, inner))
            if found:
                return found
        return None

    def expand(
        self,
        item: ItemSpec,
        group: Literal["section", "option"],
        group_id: str,
        factor: Decimal = Decimal(1),
        bundle: tuple[str, ...] = (),
        markup: Decimal | None = None,
    ) -> list[FlatLine]:
        qty = item.qty * factor
        nearest = item.markup if item.markup is not None else markup
        if item.kind == "bundle":
            assert item.bundle is not None
            inner = (*bundle, item.bundle)
            return [
                line
                for child in self.bundles[item.bundle].items
                for line in self.expand(child, group, group_id, qty, inner, nearest)
            ]
        component = self.component(item) if item.kind == "item" else None
        member = component.member if component else str(item.member)
        return [FlatLine(group, group_id, bundle, item, component, member, qty, nearest)]


def flatten(bid: Bid, catalogues: dict[str, Catalogue], problems: ProblemList) -> list[FlatLine]:
    """Every section and option line, bundles expanded, in the order written."""
    resolver = Resolver(bid, catalogues, problems)
    if not resolver.check_bundles():
        return []
    spec = bid.spec
    groups = [("section", s) for s in spec.sections] + [("option", o) for o in spec.options]
    lines: list[FlatLine] = []
    for kind, group in groups:
        for item in group.items:
            if resolver.check_item(item):
                lines.extend(resolver.expand(item, kind, group.id))  # type: ignore[arg-type]
    return lines
