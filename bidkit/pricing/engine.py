"""The pricing rules (docs/pricing.md) as pure functions: no files, no clock, no globals.

Each rounding happens exactly where the rules say, so the cost workbook's
``ROUND(...,2)`` formulas reproduce every figure to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from bidkit.bid.loader import Bid
from bidkit.bid.model import BidSpec
from bidkit.bid.model import Person as BidPerson
from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Location, PricingError, ProblemList
from bidkit.money import ZERO, percent_of, round2, round_to_multiple, spread
from bidkit.pricing.client import Figures, client_view
from bidkit.pricing.content import Content, check_content, content
from bidkit.pricing.expand import FlatLine, flatten
from bidkit.pricing.footprint import co2e_coverage, co2e_kg
from bidkit.pricing.model import (
    BundleInfo,
    DeliveryMilestone,
    Deviation,
    MarkupSource,
    MemberShare,
    Party,
    PaymentAmount,
    Person,
    PricedBid,
    PricedLine,
    PricedOption,
    PricedSection,
    Terms,
)


def price(
    bid: Bid, catalogues: dict[str, Catalogue], today: date, strict: bool = False
) -> tuple[PricedBid, ProblemList]:
    """Price a bid; raises PricingError listing every problem, returns warnings alongside.

    ``strict`` makes a content rule that is not met an error instead of a warning.
    """
    problems = ProblemList()
    spec = bid.spec
    _check_names(bid, catalogues, problems)
    flat = flatten(bid, catalogues, problems)
    problems.raise_if_errors(PricingError)
    rates = _rates(bid, flat, problems)
    basis = _quantity_basis(flat)
    bid_date = spec.date or today
    priced = [_price_line(bid, line, rates, basis, bid_date, problems) for line in flat]
    problems.raise_if_errors(PricingError)
    result = _assemble(spec, catalogues, priced, rates, bid_date)
    _check_figures(bid, result, problems)
    check_content(bid, result.content, spec.lead, problems, strict)
    problems.raise_if_errors(PricingError)
    return result, problems


def _check_figures(bid: Bid, priced: PricedBid, problems: ProblemList) -> None:
    """Figures no tender can carry, at the bid's line:col (docs/pricing.md, "Figures checked").

    A negative line, subtotal or total is an error (the bid's limits should make one impossible;
    this is the last guard). A bid total that rounds to 0.00 from prices above zero is an error: the
    bid would be given away (one whose every price is 0 is a warning). A line
    or an option that prices to 0.00 from a price above zero is a warning: free items exist, but
    a quantity, markup or rate that rounds a price away is usually a slip.
    """
    currency = priced.currency
    warned: set[str] = set()
    groups: list[PricedSection | PricedOption] = [*priced.sections, *priced.options]
    for line in (x for group in groups for x in group.lines):
        where = _place(bid, line.source)
        if line.line_total < 0:
            problems.error(f"{line.ref} prices to {line.line_total:,.2f} {currency}; a line total cannot be "
                           "negative", where)  # fmt: skip
        elif line.line_total == 0 and line.catalogue_price > 0 and line.source not in warned:
            warned.add(line.source)
            problems.warn(f"{line.ref} prices to 0.00 {currency} although its price is "
                          f"{line.catalogue_price:,.2f} {line.catalogue_currency} (qty {line.qty:f}, markup "
                          f"{_percent(line.markup)}, rate {line.rate:f}); check them", where)  # fmt: skip
    for i, section in enumerate(priced.sections):
        if section.subtotal < 0:
            problems.error(f"section '{section.id}' adds up to {section.subtotal:,.2f} {currency}; a "
                           "subtotal cannot be negative", bid.at(("sections", i, "id")))  # fmt: skip
    for i, option in enumerate(priced.options):
        where = bid.at(("options", i, "id"))
        if option.total < 0:
            problems.error(f"option '{option.id}' comes to {option.total:,.2f} {currency}; an option "
                           "cannot be priced below zero", where)  # fmt: skip
        elif option.total == 0 and option.rounding != 0:
            assert priced.round_to is not None
            problems.error(f"pricing.round_to: {priced.round_to:f} rounds option '{option.id}' of "
                           f"{-option.rounding:,.2f} {currency} to 0.00; use a smaller step",
                           bid.at(("pricing", "round_to")))  # fmt: skip
        elif option.total == 0:
            problems.warn(f"option '{option.id}' comes to 0.00 {currency}: it would be offered for "
                          "nothing", where)  # fmt: skip
    before = priced.total - priced.rounding
    if priced.total == 0 and before != 0:
        assert priced.round_to is not None
        problems.error(f"pricing.round_to: {priced.round_to:f} rounds the bid's {before:,.2f} {currency} "
                       "to 0.00; use a smaller step", bid.at(("pricing", "round_to")))  # fmt: skip
    elif priced.total < 0:
        problems.error(f"the bid comes to {priced.total:,.2f} {currency}; a bid total cannot be negative",
                       bid.source.at(("sections",), key=True))  # fmt: skip
    elif priced.total == 0 and any(x.catalogue_price > 0 for s in priced.sections for x in s.lines):
        problems.error(f"the bid comes to 0.00 {currency}: its prices round away to nothing; check the "
                       "quantities, markups and rates", bid.source.at(("sections",), key=True))  # fmt: skip
    elif priced.total == 0:
        problems.warn(f"the bid comes to 0.00 {currency}: every line has a price of 0",
                      bid.source.at(("sections",), key=True))  # fmt: skip


def _place(bid: Bid, source: str) -> Location:
    line, _, column = source.partition(":")
    return Location(bid.source.file, int(line), int(column))


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def named_member_problem(member: str, catalogues: dict[str, Catalogue]) -> str | None:
    """Why the lead, a consortium member or a member markup names no loaded catalogue, or None."""
    if member in catalogues:
        return None
    known = ", ".join(sorted(catalogues)) or "none loaded"
    return f"no catalogue for member '{member}' (members: {known})"


def _check_names(bid: Bid, catalogues: dict[str, Catalogue], problems: ProblemList) -> None:
    spec = bid.spec
    named: list[tuple[tuple[str | int, ...], str, bool]] = [(("lead",), spec.lead, True)]
    named += [(("consortium", m), m, False) for m in spec.consortium]
    named += [(("pricing", "markup_by_member", m), m, False) for m in spec.pricing.markup_by_member]
    for path, member, is_value in named:
        problem = named_member_problem(member, catalogues)
        if problem is not None:
            where = bid.at(path) if is_value else bid.source.at(path, key=True)
            problems.error(problem, where)
    seen: dict[str, str] = {}
    for kind, groups in (("sections", spec.sections), ("options", spec.options)):
        for i, group in enumerate(groups):
            if group.id in seen:
                problems.error(
                    f"id '{group.id}' is already used by {seen[group.id]}", bid.at((kind, i, "id"))
                )
            seen[group.id] = f"{kind}[{i}]"


def _rates(bid: Bid, flat: list[FlatLine], problems: ProblemList) -> dict[str, Decimal]:
    spec = bid.spec
    rates = {spec.currency: Decimal(1), **spec.rates}
    missing: dict[str, list[FlatLine]] = defaultdict(list)
    for line in flat:
        currency = _currency(line, spec)
        if currency not in rates:
            missing[currency].append(line)
    for currency, lines in missing.items():
        refs = sorted({_label(line) for line in lines})
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
        problems.error(
            f"no exchange rate for {currency}, needed by {shown}; add it under rates: "
            f"as '{currency}: <{spec.currency} per 1 {currency}>'",
            bid.at(bid.item_path(lines[0].spec)),
        )
    if len(rates) > 1 and spec.rates_date is None:
        problems.warn(
            "rates are given without rates_date; the proposal will not say when they were taken",
            bid.at(("rates",)),
        )
    return rates


def _currency(line: FlatLine, spec: BidSpec) -> str:
    if line.component is not None:
        return line.component.currency
    return line.spec.currency or spec.currency


def _label(line: FlatLine) -> str:
    return line.component.ref if line.component else str(line.spec.line)


def _quantity_basis(flat: list[FlatLine]) -> dict[tuple[str, str], Decimal]:
    """Rule 2: price breaks use each SKU's total over all sections; options add their own."""
    sections: dict[str, Decimal] = defaultdict(Decimal)
    options: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for line in flat:
        if line.component is None:
            continue
        if line.group == "section":
            sections[line.component.ref] += line.qty
        else:
            options[(line.group_id, line.component.ref)] += line.qty
    basis = {("", ref): qty for ref, qty in sections.items()}
    for (option, ref), qty in options.items():
        basis[(option, ref)] = sections.get(ref, Decimal(0)) + qty
    return basis


def _markup(line: FlatLine, spec: BidSpec, category: str) -> tuple[Decimal, MarkupSource]:
    """Rule 4: the line's own, then category, then member, then the default."""
    pricing = spec.pricing
    if line.markup is not None:
        return line.markup, "line"
    if category in pricing.markup_by_category:
        return pricing.markup_by_category[category], "category"
    if line.member in pricing.markup_by_member:
        return pricing.markup_by_member[line.member], "member"
    return pricing.markup, "default"


def _price_line(
    bid: Bid,
    line: FlatLine,
    rates: dict[str, Decimal],
    basis: dict[tuple[str, str], Decimal],
    bid_date: date,
    problems: ProblemList,
) -> PricedLine:
    """Rules 2-5 for one line."""
    spec, item, comp = bid.spec, line.spec, line.component
    currency = _currency(line, spec)
    if comp is not None:
        ref = comp.ref
        total = basis[("" if line.group == "section" else line.group_id, ref)]
        catalogue_price = comp.price_for(total) if comp.price_breaks else comp.unit_price
        if comp.valid_until is not None or comp.min_order_qty is not None:
            _stale(bid, line, bid_date, total, problems)
        described: tuple[Any, ...] = (
            comp.sku, ref, comp.name, comp.description, comp.category, comp.unit,
            comp.lead_time_weeks, comp.origin_country, comp.co2e_kg, comp.hs_code, comp.datasheet,
        )  # fmt: skip
    else:
        assert item.unit_price is not None and item.line is not None and item.unit is not None
        catalogue_price = item.unit_price
        described = (
            item.sku or "", item.line, item.line, item.description or "", item.category or "", item.unit,
            item.lead_time_weeks, item.origin or item.origin_country or "", item.co2e_kg, "", "",
        )  # fmt: skip
    sku, ref, name, description, category, unit, weeks, origin, co2e, hs_code, datasheet = described
    rate = rates.get(currency, _ONE)
    markup, markup_source = _markup(line, spec, category)
    unit_cost = round2(catalogue_price * rate)
    unit_sell = round2(unit_cost * (1 + markup))
    qty = line.qty
    return PricedLine(
        group=line.group, group_id=line.group_id, bundle=" > ".join(line.bundle), member=line.member,
        sku=sku, ref=ref, name=name, description=description, category=category, unit=unit, qty=qty,
        catalogue_price=catalogue_price, catalogue_currency=currency, rate=rate, unit_cost=unit_cost,
        markup=markup, markup_source=markup_source, unit_sell=unit_sell,
        line_cost=round2(qty * unit_cost), line_total=round2(qty * unit_sell), lead_time_weeks=weeks,
        origin_country=origin, co2e_kg=co2e, hs_code=hs_code, source=bid.item_place(line.spec),
        datasheet=datasheet,
    )  # fmt: skip


_ONE = Decimal(1)


def _stale(bid: Bid, line: FlatLine, bid_date: date, total: Decimal, problems: ProblemList) -> None:
    comp = line.component
    assert comp is not None
    expired = comp.valid_until is not None and comp.valid_until < bid_date
    short = comp.min_order_qty is not None and total < comp.min_order_qty
    if not expired and not short:
        return
    path = bid.item_path(line.spec)
    where = bid.at((*path, "item")) if not line.bundle else bid.at(path)
    if expired:
        assert comp.valid_until is not None
        problems.warn(
            f"the price of {comp.ref} expired on {comp.valid_until.isoformat()} "
            f"(row {comp.row} of its catalogue); ask {comp.member} for a current price", where
        )  # fmt: skip
    if short:
        assert comp.min_order_qty is not None
        problems.warn(
            f"{comp.ref}: the bid needs {total:f} but the minimum order is {comp.min_order_qty:f}",
            where,
        )


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def _assemble(
    spec: BidSpec,
    catalogues: dict[str, Catalogue],
    lines: list[PricedLine],
    rates: dict[str, Decimal],
    bid_date: date,
) -> PricedBid:
    pricing = spec.pricing
    groups: dict[tuple[str, str], list[PricedLine]] = defaultdict(list)
    for line in lines:
        groups[(line.group, line.group_id)].append(line)
    sections = tuple(_section(s.id, s.title, s.text, groups[("section", s.id)]) for s in spec.sections)
    options = tuple(_option(o.id, o.title, o.text, groups[("option", o.id)], spec) for o in spec.options)
    section_lines = [x for x in lines if x.group == "section"]
    subtotal = _sum(s.subtotal for s in sections)
    contingency = round2(subtotal * pricing.contingency)
    discount = round2((subtotal + contingency) * pricing.discount)
    rounding = _rounding(subtotal + contingency - discount, pricing.round_to)
    total = subtotal + contingency - discount + rounding
    cost = _sum(x.line_cost for x in section_lines)
    members = _members(spec, catalogues, section_lines, subtotal)
    lead = next((m for m in members if m.id == spec.lead), None) or _share(
        spec, catalogues, spec.lead, [], subtotal
    )
    weeks = [x.lead_time_weeks for x in section_lines if x.lead_time_weeks is not None]
    found = content(section_lines, spec.content_rules, lead.country, spec.client.country or "")
    return PricedBid(
        id=spec.id, title=spec.title, client=_party(spec),
        lead=lead, tender_ref=spec.tender_ref, deadline=spec.deadline, date=bid_date,
        revision=spec.revision, language=spec.language, currency=spec.currency,
        incoterm=spec.incoterm, validity_days=spec.validity_days, rates=rates,
        rates_date=spec.rates_date, markup=pricing.markup, contingency_rate=pricing.contingency,
        discount_rate=pricing.discount, round_to=pricing.round_to, summary_text=spec.summary,
        template=spec.template, sections=sections, options=options, bundles=_bundles(spec),
        members=members, payment=_payment(spec, total), subtotal=subtotal,
        contingency=contingency, discount=discount, rounding=rounding, total=total, cost=cost,
        margin=total - cost, margin_pct=percent_of(total - cost, total),
        delivery_weeks=max(weeks) if weeks else None,
        co2e_kg=co2e_kg(section_lines), origin=_origin(found),
        content=found,
        co2e_coverage=co2e_coverage(section_lines), green_annex=spec.green_annex,
        client_view=client_view(
            Figures(parts=tuple((s.id, s.title, s.subtotal) for s in sections), contingency=contingency,
                    contingency_rate=pricing.contingency, discount=discount, discount_rate=pricing.discount,
                    rounding=rounding, total=total),
            [_figures(o, spec) for o in options], pricing.show_adjustments,
        ),
        terms=_terms(spec),
    )  # fmt: skip


def _terms(spec: BidSpec) -> Terms:
    def person(p: BidPerson | None) -> Person | None:
        return Person(name=p.name, role=p.role, email=p.email, phone=p.phone) if p else None

    return Terms(
        letter=spec.letter, contact=person(spec.contact), signatory=person(spec.signatory),
        assumptions=tuple(spec.assumptions), exclusions=tuple(spec.exclusions),
        deviations=tuple(Deviation(clause=d.clause, text=d.text) for d in spec.deviations),
        delivery_schedule=tuple(DeliveryMilestone(milestone=m.milestone, week=m.week)
                                for m in spec.delivery_schedule),
        units=tuple(spec.units.items()),
    )  # fmt: skip


def _rounding(before: Decimal, step: Decimal | None) -> Decimal:
    """Rule 7: what brings ``before`` to the nearest multiple of ``step``; 0 without a step."""
    return round_to_multiple(before, step) - before if step else ZERO


def _figures(option: PricedOption, spec: BidSpec) -> Figures:
    return Figures(
        parts=((option.id, option.title, option.subtotal),), contingency=option.contingency,
        contingency_rate=spec.pricing.contingency, discount=option.discount,
        discount_rate=spec.pricing.discount, rounding=option.rounding, total=option.total,
    )  # fmt: skip


def _party(spec: BidSpec) -> Party:
    client = spec.client
    country = client.country or ""
    return Party(name=client.name, country=country, address=client.address, contact=client.contact)


def _section(sid: str, title: str, text: str | None, lines: list[PricedLine]) -> PricedSection:
    return PricedSection(
        id=sid, title=title, text=text, lines=tuple(lines),
        subtotal=_sum(x.line_total for x in lines), cost=_sum(x.line_cost for x in lines),
        co2e_kg=co2e_kg(lines),
    )  # fmt: skip


def _option(oid: str, title: str, text: str | None, lines: list[PricedLine], spec: BidSpec) -> PricedOption:
    """Rule 8: an option carries its own contingency, discount and rounding to round_to."""
    subtotal = _sum(x.line_total for x in lines)
    contingency = round2(subtotal * spec.pricing.contingency)
    discount = round2((subtotal + contingency) * spec.pricing.discount)
    rounding = _rounding(subtotal + contingency - discount, spec.pricing.round_to)
    return PricedOption(
        id=oid, title=title, text=text, subtotal=subtotal, contingency=contingency,
        discount=discount, rounding=rounding, total=subtotal + contingency - discount + rounding,
        cost=_sum(x.line_cost for x in lines), lines=tuple(lines), co2e_kg=co2e_kg(lines),
    )  # fmt: skip


def _share(
    spec: BidSpec,
    catalogues: dict[str, Catalogue],
    member: str,
    lines: list[PricedLine],
    subtotal: Decimal,
) -> MemberShare:
    info = catalogues[member].member
    sell = _sum(x.line_total for x in lines)
    role = spec.consortium.get(member, "Lead company" if member == spec.lead else "")
    return MemberShare(
        id=member, name=info.name, country=info.country, role=role, sell=sell,
        cost=_sum(x.line_cost for x in lines), share=percent_of(sell, subtotal), co2e_kg=co2e_kg(lines),
    )  # fmt: skip


def _members(
    spec: BidSpec, catalogues: dict[str, Catalogue], lines: list[PricedLine], subtotal: Decimal
) -> tuple[MemberShare, ...]:
    """The lead first, then members in order of first appearance in the bid."""
    by_member: dict[str, list[PricedLine]] = defaultdict(list)
    for x in lines:
        by_member[x.member].append(x)
    order = [spec.lead] + [m for m in by_member if m != spec.lead]
    order += [m for m in spec.consortium if m not in order]
    return tuple(_share(spec, catalogues, m, by_member.get(m, []), subtotal) for m in order)


def _origin(found: Content) -> dict[str, Decimal]:
    """The base scope's cost by country, largest first, ties by code ("unknown" among them)."""
    return {c.country: c.cost for c in sorted(found.by_country, key=lambda c: (-c.cost, c.country))}


def _payment(spec: BidSpec, total: Decimal) -> tuple[PaymentAmount, ...]:
    """Each milestone round2(total x share); the last takes the remainder so they sum to the total."""
    amounts = spread(total, [m.share for m in spec.payment])
    return tuple(
        PaymentAmount(milestone=m.milestone, share=m.share, amount=amount)
        for m, amount in zip(spec.payment, amounts, strict=True)
    )


def _bundles(spec: BidSpec) -> tuple[BundleInfo, ...]:
    return tuple(
        BundleInfo(
            id=name, title=b.title, description=b.description,
            items=tuple((i.item or i.bundle or str(i.line), i.qty) for i in b.items),
        )
        for name, b in spec.bundles.items()
    )  # fmt: skip
