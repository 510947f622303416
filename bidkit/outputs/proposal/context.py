"""The proposal's view of a priced bid: what templates and text blocks can use.

Everything is derived from :class:`PricedBid` figures by summing them, never by
pricing again, so the proposal cannot disagree with the workbook.  The view is
built in one pass over the lines and is shaped for reading at any size: a
section's item list has one row per item as written in the bid (a bundle is
one row, however many components it holds), and the appendix has one row per
component reference, its quantities added up across the bid.

A big bid is not listed line by line: past ``ITEMISED_ROWS`` rows the template
shows each section's bundles and a pointer to the cost workbook instead
(``itemised`` is false), which keeps a 10,000-line proposal readable and
quick to print.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from typing import Any, Literal, overload

from bidkit.money import ZERO, round2
from bidkit.outputs.proposal import green
from bidkit.outputs.proposal.i18n import Units
from bidkit.pricing.client import ClientView, ShownAdjustment, allocate
from bidkit.pricing.model import (
    BundleInfo,
    MemberShare,
    PricedBid,
    PricedLine,
    PricedOption,
    PricedSection,
)

# Up to this many item rows (sections and options together) the proposal lists every item; above
# it the line list is the cost workbook's, and the proposal shows sections and bundles.
ITEMISED_ROWS = 500


@dataclass(frozen=True)
class Row:
    """One row of an item list: a catalogue item, an ad-hoc line, or a whole bundle."""

    pos: str
    kind: Literal["item", "bundle"]
    ref: str
    name: str
    description: str
    member: str
    qty: Decimal
    unit: str
    unit_price: Decimal | None  # None when a bundle's price per set is not a whole cent
    amount: Decimal
    contents: tuple[tuple[Decimal, str], ...] = ()  # a bundle's (qty per set, name)
    lines: tuple[PricedLine, ...] = ()


class Rows(Sequence[Row]):
    """A group's item rows, made when a template first reads one; their number is known before.

    A big bid's proposal lists bundles, not its thousands of items (``itemised``), and only
    says how many there are (``s.rows | length``), so it never makes them.
    """

    def __init__(self, count: int, make: Callable[[], tuple[Row, ...]]):
        self._count = count
        self._make = make

    @cached_property
    def _rows(self) -> tuple[Row, ...]:
        return self._make()

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self._rows[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list: equal by content, so not hashable

    def __repr__(self) -> str:
        return f"Rows({self._count})"


@dataclass(frozen=True)
class Group:
    """A section or an option as the client sees it (docs/pricing.md, rule 10).

    ``subtotal`` is the client's amount (the hidden adjustments spread in), and the rows add up
    to it; an option's ``contingency``, ``discount`` and ``rounding`` are the adjustments the
    client sees, 0 when hidden.
    """

    number: int
    id: str
    title: str
    text: Any  # the text block's path in the data; the rendered block in the document
    subtotal: Decimal
    lines: tuple[PricedLine, ...]
    rows: Sequence[Row]  # one per item as written in the bid (a bundle is one row), made when read
    contingency: Decimal = ZERO
    discount: Decimal = ZERO
    rounding: Decimal = ZERO
    total: Decimal = ZERO
    adjustments: tuple[ShownAdjustment, ...] = ()
    bundles: tuple[Row, ...] = ()  # one row per bundle used in the group, its sets added up
    spread: bool = False  # whether hidden adjustments changed the rows' amounts


@dataclass(frozen=True, slots=True)
class AppendixComponent:
    """One appendix row: a component reference with its quantity over the whole bid."""

    member: str
    member_name: str
    ref: str
    sku: str
    name: str
    unit: str
    qty: Decimal
    origin: str


@dataclass(frozen=True)
class Supplier:
    """The appendix's components of one member."""

    id: str
    name: str
    country: str
    components: tuple[AppendixComponent, ...]


@dataclass(frozen=True)
class Rate:
    code: str
    rate: Decimal


@dataclass
class _Bundles:
    """Bundle definitions, for turning expanded lines back into one row per bundle."""

    info: dict[str, BundleInfo]
    _leaves: dict[str, int] = field(default_factory=dict)

    def leaves(self, bundle: str) -> int:
        """How many priced lines one use of the bundle expands to."""
        if bundle not in self._leaves:
            items = self.info[bundle].items
            self._leaves[bundle] = sum(self.leaves(k) if k in self.info else 1 for k, _ in items)
        return self._leaves[bundle]

    def first_factor(self, bundle: str) -> Decimal:
        """The quantity of the bundle's first leaf per one bundle."""
        key, qty = self.info[bundle].items[0]
        return qty * self.first_factor(key) if key in self.info else qty


def _top(line: PricedLine) -> str:
    return line.bundle.split(" > ", 1)[0] if line.bundle else ""


def _chunks(lines: Sequence[PricedLine], bundles: _Bundles) -> Iterable[tuple[str, Sequence[PricedLine]]]:
    """Lines grouped back into the items written in the bid: (bundle id or '', lines)."""
    i = 0
    while i < len(lines):
        top = _top(lines[i])
        size = bundles.leaves(top) if top in bundles.info else 1
        yield (top if top in bundles.info else ""), lines[i : i + size]
        i += size


def _bundle_row(
    pos: str,
    bundle: BundleInfo,
    lines: Sequence[PricedLine],
    bundles: _Bundles,
    units: Units,
    share: Decimal,
) -> Row:
    qty = lines[0].qty / bundles.first_factor(bundle.id)
    amount = sum((x.line_total for x in lines), share)
    price = round2(amount / qty)
    names = {x.ref: x.name for x in lines}
    contents = tuple(
        (q, bundles.info[key].title if key in bundles.info else names.get(key, key))
        for key, q in bundle.items
    )
    return Row(
        pos=pos, kind="bundle", ref=bundle.id, name=bundle.title, description=bundle.description,
        member=lines[0].member, qty=qty.quantize(Decimal(1)) if qty == qty.to_integral_value() else qty,
        unit=units.set, unit_price=price if price * qty == amount or share else None, amount=amount,
        contents=contents, lines=tuple(lines),
    )  # fmt: skip


def _item_row(pos: str, line: PricedLine, units: Units, share: Decimal) -> Row:
    """An item's row; with a share of hidden adjustments, its unit price is the amount / qty, rounded."""
    amount = line.line_total + share
    return Row(
        pos=pos, kind="item", ref=line.ref, name=line.name, description=line.description,
        member=line.member, qty=line.qty, unit=units(line.unit),
        unit_price=line.unit_sell if not share else round2(amount / line.qty), amount=amount, lines=(line,),
    )  # fmt: skip


Chunk = tuple[str, Sequence[PricedLine]]  # (bundle id or '', the lines of one item as written)


def rows(
    number: int, chunks: Sequence[Chunk], bundle_rows: dict[int, Row], units: Units, shares: Sequence[Decimal]
) -> tuple[Row, ...]:
    """One row per item as written: the bundle rows already made (by position), item rows here."""
    return tuple(
        bundle_rows[i] if bundle else _item_row(f"{number}.{i}", chunk[0], units, shares[i - 1])
        for i, (bundle, chunk) in enumerate(chunks, start=1)
    )


def bundle_totals(rows: Sequence[Row]) -> tuple[Row, ...]:
    """One row per bundle used in a group: its sets and amounts added up, in order of first use."""
    found: dict[str, Row] = {}
    for row in rows:
        if row.kind != "bundle":
            continue
        seen = found.get(row.ref)
        if seen is None:
            found[row.ref] = dataclasses.replace(row, pos="", contents=(), lines=())
        else:
            qty, amount = seen.qty + row.qty, seen.amount + row.amount
            price = seen.unit_price if seen.unit_price == row.unit_price else None
            found[row.ref] = dataclasses.replace(seen, qty=qty, amount=amount, unit_price=price)
    return tuple(found.values())


def _group(
    number: int,
    group: PricedSection | PricedOption,
    bundles: _Bundles,
    units: Units,
    amount: Decimal,
    shown: tuple[ShownAdjustment, ...] = (),
) -> Group:
    """The group with its client ``amount`` spread over its rows by largest remainder (pricing rule 10)."""
    chunks = list(_chunks(group.lines, bundles))
    shares = allocate(amount - group.subtotal, [sum((x.line_total for x in c), ZERO) for _, c in chunks])
    bundle_rows = {
        i: _bundle_row(f"{number}.{i}", bundles.info[bundle], chunk, bundles, units, shares[i - 1])
        for i, (bundle, chunk) in enumerate(chunks, start=1)
        if bundle
    }  # made now for the group's bundle totals, and used again when its item rows are read
    extra: dict[str, Any] = {}
    if isinstance(group, PricedOption):
        extra = {**_adjustments(shown), "total": group.total, "adjustments": shown}
    items = Rows(len(chunks), partial(rows, number, chunks, bundle_rows, units, shares))
    return Group(number, group.id, group.title, group.text, amount, group.lines, items,
                 bundles=bundle_totals(list(bundle_rows.values())), spread=amount != group.subtotal,
                 **extra)  # fmt: skip


def _adjustments(shown: Sequence[ShownAdjustment]) -> dict[str, Decimal]:
    """The adjustments by the template's names: contingency, discount (positive), rounding; 0 if hidden."""
    out = {"contingency": ZERO, "discount": ZERO, "rounding": ZERO}
    for a in shown:
        out[a.kind] = -a.amount if a.kind == "discount" else a.amount
    return out


def components(
    lines: Iterable[PricedLine], members: Sequence[MemberShare], units: Callable[[str], str] = str
) -> list[AppendixComponent]:
    """One row per reference, quantities added; ordered by member (lead first), then reference."""
    order = {m.id: i for i, m in enumerate(members)}
    names = {m.id: m.name for m in members}
    qty: dict[str, Decimal] = defaultdict(Decimal)
    first: dict[str, PricedLine] = {}
    for line in lines:
        qty[line.ref] += line.qty
        first.setdefault(line.ref, line)
    refs: dict[str, list[str]] = {}  # by member: sorting each member's refs is cheaper than one keyed sort
    for ref, line in first.items():
        refs.setdefault(line.member, []).append(ref)
    out = []
    for member in sorted(refs, key=lambda m: (order.get(m, len(order)), m)):
        name = names.get(member, member)
        for ref in sorted(refs[member]):
            x = first[ref]
            out.append(
                AppendixComponent(member, name, ref, x.sku, x.name, units(x.unit), qty[ref], x.origin_country)
            )
    return out


def by_member(rows: Sequence[AppendixComponent], members: Sequence[MemberShare]) -> list[Supplier]:
    """Appendix rows under their member, in the order of :func:`components`."""
    info = {m.id: m for m in members}
    groups: dict[str, list[AppendixComponent]] = {}
    for row in rows:
        groups.setdefault(row.member, []).append(row)
    return [
        Supplier(m, info[m].name if m in info else m, info[m].country if m in info else "", tuple(found))
        for m, found in groups.items()
    ]


def data(bid: PricedBid, units: Units) -> dict[str, Any]:
    """The bid as template data: the same names the JSON summary uses, plus views for reading.

    Figures are the client's (``bid.client_view``): the section amounts and options with the
    hidden adjustments spread in, and only the adjustments the bid shows.
    """
    view: ClientView = bid.client_view
    bundles = _Bundles({b.id: b for b in bid.bundles})
    pairs = enumerate(zip(bid.sections, view.sections, strict=True), start=1)
    sections = [_group(n, s, bundles, units, c.amount) for n, (s, c) in pairs]
    option_pairs = enumerate(zip(bid.options, view.options, strict=True), start=1)
    options = [_group(n, o, bundles, units, c.amount, c.adjustments) for n, (o, c) in option_pairs]
    shown = _adjustments(view.adjustments)
    item_rows = sum(len(g.rows) for g in [*sections, *options])
    rule, _, place = bid.incoterm.partition(" ")
    foreign = [Rate(code, rate) for code, rate in bid.rates.items() if code != bid.currency]
    return {
        "id": bid.id, "title": bid.title, "client": bid.client, "tender_ref": bid.tender_ref,
        "deadline": bid.deadline, "date": bid.date, "revision": bid.revision, "language": bid.language,
        "currency": bid.currency, "incoterm": bid.incoterm, "incoterm_rule": rule, "incoterm_place": place,
        "validity_days": bid.validity_days, "valid_until": bid.date + dt.timedelta(days=bid.validity_days),
        "rates": foreign, "rates_date": bid.rates_date, "lead": bid.lead, "members": list(bid.members),
        "sections": sections, "options": options, "bundles": list(bid.bundles), "payment": list(bid.payment),
        "subtotal": view.subtotal, "contingency": shown["contingency"],
        "contingency_rate": bid.contingency_rate, "discount": shown["discount"],
        "discount_rate": bid.discount_rate, "rounding": shown["rounding"],
        "adjustments": view.adjustments, "spread": any(g.spread for g in [*sections, *options]),
        "round_to": bid.round_to, "total": bid.total, "delivery_weeks": bid.delivery_weeks,
        "components": (main := components(bid.lines, bid.members, units)),
        "option_components": (extra := components(bid.option_lines, bid.members, units)),
        "appendix": by_member(main, bid.members), "option_appendix": by_member(extra, bid.members),
        "contact": bid.terms.contact, "signatory": bid.terms.signatory,
        "assumptions": list(bid.terms.assumptions), "exclusions": list(bid.terms.exclusions),
        "deviations": list(bid.terms.deviations), "delivery_schedule": list(bid.terms.delivery_schedule),
        "draft": bid.draft,
        "origin": green.origin(bid), "green": green.green_annex(bid),
        "member_shares": {m.id: green.share_text(m.share, bid.language) for m in bid.members},
        "line_count": len(bid.lines),
        "itemised": item_rows <= ITEMISED_ROWS,
        "costs_file": f"{bid.file_stem}-costs.xlsx",
    }  # fmt: skip
