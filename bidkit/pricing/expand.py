"""Bundles expanded and references resolved: the bid as flat lines of known components.

Pure: takes the validated bid and the loaded catalogues, returns lines and
problems.  Problems inside a bundle definition are reported once, at the
definition, however often the bundle is used.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bidkit.bid.loader import Bid
from bidkit.bid.model import MAX_BUNDLE_DEPTH, MAX_LINES, MAX_QTY, Bundle, ItemSpec, shown_number
from bidkit.catalogue.contract.model import Catalogue, Component
from bidkit.errors import Location, ProblemList

MAX_CYCLES_SHOWN = 20  # bundles that contain themselves, each named with its chain


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


@dataclass(frozen=True, slots=True)
class Size:
    """What one bundle expands to: how many lines, how deep, and its largest multiplied quantity."""

    lines: int
    depth: int
    qty: Decimal


def _sizes(graph: dict[str, list[str]], bundles: dict[str, Bundle]) -> dict[str, Size]:
    """Each bundle's Size, counted through the (acyclic) bundle graph without expanding it."""
    sizes: dict[str, Size] = {}
    for name in _post_order(graph):
        lines, depth, most = 0, 1, Decimal(0)
        for item in bundles[name].items:
            inner = sizes[item.bundle] if item.bundle is not None else None
            lines += inner.lines if inner else 1
            depth = max(depth, inner.depth + 1 if inner else 1)
            most = max(most, item.qty * inner.qty if inner else item.qty)
        sizes[name] = Size(lines, depth, most)
    return sizes


def _post_order(graph: dict[str, list[str]]) -> list[str]:
    """The nodes of an acyclic graph, each after every node it points to (no recursion)."""
    done: set[str] = set()
    order: list[str] = []
    for root in graph:
        if root in done:
            continue
        done.add(root)
        stack = [(root, iter(graph[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in done:
                    done.add(child)
                    stack.append((child, iter(graph[child])))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def _in_cycles(graph: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Each node that lies on a cycle, with the nodes of its strongly connected component.

    Tarjan's algorithm, iterative: linear in the graph's size.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: dict[str, frozenset[str]] = {}
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        found.update(dict.fromkeys(component, frozenset(component)))
    return found


def _cycle(graph: dict[str, list[str]], start: str, within: frozenset[str]) -> tuple[str, ...]:
    """A path from ``start`` back to itself inside its component, searched in the order written."""
    chain = [start]
    seen = {start}
    stack = [iter(graph[start])]
    while stack:
        for child in stack[-1]:
            if child == start:
                return (*chain, start)
            if child in within and child not in seen:
                seen.add(child)
                chain.append(child)
                stack.append(iter(graph[child]))
                break
        else:
            stack.pop()
            chain.pop()
    return (start, start)  # unreachable: every node of a component reaches its start


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def member_problem(member: str, catalogues: dict[str, Catalogue]) -> str | None:
    """Why an item's or line's member cannot be used (no catalogue loaded for it), or None."""
    if member in catalogues:
        return None
    return f"no catalogue for member '{member}'{_suggest(member, list(catalogues))}"


def component_problem(ref: str, catalogues: dict[str, Catalogue]) -> str | None:
    """Why ``member/sku`` names no component of the loaded catalogues, or None."""
    member, sku = ref.split("/", 1)
    catalogue = catalogues.get(member)
    if catalogue is None:
        return member_problem(member, catalogues)
    if sku in catalogue.components:
        return None
    return f"{member} has no component '{sku}' in {catalogue.path}{_suggest(sku, list(catalogue.components))}"


def bundle_problem(name: str, bundles: Collection[str]) -> str | None:
    """Why a ``bundle:`` entry names no bundle of the bid, or None."""
    if name in bundles:
        return None
    return f"no bundle named '{name}' under bundles:{_suggest(name, list(bundles))}"


class Resolver:
    def __init__(self, bid: Bid, catalogues: dict[str, Catalogue], problems: ProblemList):
        self.bid, self.catalogues, self.problems = bid, catalogues, problems
        self.bundles = bid.spec.bundles
        self.found: dict[int, Component] = {}  # by id(item): each entry is checked, then expanded
        self.sizes: dict[str, Size] = {}  # by bundle name, once the bundles are known to be sound

    def component(self, item: ItemSpec) -> Component | None:
        """The catalogue component an ``item:`` names, or a reported problem."""
        known = self.found.get(id(item))
        if known is not None:
            return known
        assert item.item is not None
        problem = component_problem(item.item, self.catalogues)
        if problem is not None:
            self.problems.error(problem, self._where(item))
            return None
        member, sku = item.item.split("/", 1)
        found = self.catalogues[member].components[sku]
        self.found[id(item)] = found
        return found

    def _where(self, item: ItemSpec) -> Location:
        """Where an item's reference is written (looked up only for a problem: it is not free)."""
        return self.bid.at((*self.bid.item_path(item), "item"))

    def check_item(self, item: ItemSpec) -> bool:
        if item.kind == "item":
            return self.component(item) is not None
        kind = "bundle" if item.kind == "bundle" else "member"
        if item.kind == "bundle":
            assert item.bundle is not None
            problem = bundle_problem(item.bundle, self.bundles)
        else:
            problem = member_problem(str(item.member), self.catalogues)
        if problem is not None:
            self.problems.error(problem, self.bid.at((*self.bid.item_path(item), kind)))
        return problem is None

    def check_bundles(self) -> bool:
        """Every bundle item known, no bundle containing itself, none nested too deep.

        Linear in the size of the bundle graph (bundles may share bundles, so walking every
        path instead could take exponential time); nothing here recurses.
        """
        ok = all([self.check_item(i) for b in self.bundles.values() for i in b.items])
        graph = {name: [i.bundle for i in b.items if i.bundle is not None and i.bundle in self.bundles]
                 for name, b in self.bundles.items()}  # fmt: skip
        cyclic = _in_cycles(graph)
        for count, name in enumerate(name for name in self.bundles if name in cyclic):
            where = self.bid.at(("bundles", name))
            if count == MAX_CYCLES_SHOWN:  # each chain costs a search: a huge loop is not walked for each
                more = len(cyclic) - MAX_CYCLES_SHOWN
                self.problems.error(f"bundle '{name}' and {more - 1:,} more contain themselves", where)
                break
            cycle = _cycle(graph, name, cyclic[name])
            shown = " -> ".join(cycle)
            if len(cycle) > 8:
                shown = f"{' -> '.join((*cycle[:3], '...', *cycle[-2:]))}, {len(cycle) - 1:,} bundles"
            self.problems.error(f"bundle '{name}' contains itself: {shown}", where)
        if cyclic or not ok:
            return False
        self.sizes = _sizes(graph, self.bundles)
        return self._check_depth(graph)

    def _check_depth(self, graph: dict[str, list[str]]) -> bool:
        """An error at each outermost bundle nested more than MAX_BUNDLE_DEPTH levels deep."""
        deep = {name for name, size in self.sizes.items() if size.depth > MAX_BUNDLE_DEPTH}
        inner = {child for name in deep for child in graph[name]}
        for name in self.bundles:
            if name in deep and name not in inner:
                chain = [name]
                while graph[chain[-1]]:
                    chain.append(max(graph[chain[-1]], key=lambda b: self.sizes[b].depth))
                shown = chain if len(chain) <= 6 else [*chain[:3], "...", chain[-1]]
                self.problems.error(
                    f"bundle '{name}' nests bundles {len(chain)} levels deep ({' -> '.join(shown)}); "
                    f"bidkit expands at most {MAX_BUNDLE_DEPTH} levels",
                    self.bid.at(("bundles", name)),
                )
        return not deep

    def check_size(self, groups: list[tuple[str, list[ItemSpec]]]) -> bool:
        """Refuse, before expanding anything, a bid that would expand past MAX_LINES lines or MAX_QTY."""
        ok = True
        counts = []
        for _, items in groups:
            for item in items:
                size = self.sizes.get(item.bundle) if item.kind == "bundle" and item.bundle else None
                counts.append((item, size.lines if size else 1))
                if size is not None and item.qty * size.qty > MAX_QTY:
                    most = item.qty * size.qty
                    self.problems.error(
                        f"{item.qty:f} of bundle '{item.bundle}' give a line of {shown_number(most)} units "
                        f"(quantities multiply through the bundles), more than the {MAX_QTY:,} units any "
                        "tender holds", self.bid.at((*self.bid.item_path(item), "qty")))  # fmt: skip
                    ok = False
        total = sum(count for _, count in counts)
        if total > MAX_LINES:
            running = 0
            crossing = 0
            while running <= MAX_LINES:
                running += counts[crossing][1]
                crossing += 1
            item, count = counts[crossing - 1]
            lines = f"{count:,} line{'' if count == 1 else 's'}"
            what = f"with bundle '{item.bundle}' ({lines})" if item.kind == "bundle" else "here"
            self.problems.error(
                f"the bid expands to {total:,} priced lines {what}, more than the {MAX_LINES:,} bidkit "
                "prices; bundles inside bundles multiply their items", self._at(item))  # fmt: skip
            ok = False
        return ok

    def _at(self, item: ItemSpec) -> Location:
        return self.bid.at((*self.bid.item_path(item), item.kind))

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
    if not resolver.check_size([(kind, group.items) for kind, group in groups]):
        return []
    lines: list[FlatLine] = []
    for kind, group in groups:
        for item in group.items:
            if resolver.check_item(item):
                lines.extend(resolver.expand(item, kind, group.id))  # type: ignore[arg-type]
    return lines
