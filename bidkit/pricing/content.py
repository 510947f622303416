"""Where the value comes from: the base scope's cost by country of origin, and the content rules.

Pure functions over priced lines (no files, no clock).  Every share is of the base scope's cost
(the sum of the section lines' ``line_cost``; options are not part of it), in percent, rounded
half up to two decimals (docs/pricing.md, "Where the value comes from").  A rule compares that
rounded share with its limit; one not met is a warning, or an error when the caller is strict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from bidkit.codes import EU_MEMBERS
from bidkit.money import HUNDRED, ZERO, percent_of

if TYPE_CHECKING:  # the priced bid's model holds a Content, so this module cannot import it at run time
    from bidkit.bid.loader import Bid
    from bidkit.bid.model import ContentRules
    from bidkit.errors import ProblemList
    from bidkit.pricing.model import PricedLine

UNKNOWN = "unknown"  # the country of a line whose origin nobody gave


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryCost:
    country: str  # ISO 3166 code, or "unknown"
    cost: Decimal
    share: Decimal  # percent of the base scope's cost, two decimals


@dataclass(frozen=True, slots=True, kw_only=True)
class NetZero:
    """The lines whose category is one of ``net_zero_categories``, and the non-EU country supplying most."""

    categories: tuple[str, ...]  # net_zero_categories as the bid names them
    cost: Decimal
    by_category: tuple[tuple[str, Decimal], ...]  # each category's cost, in the order of categories
    by_country: tuple[tuple[str, Decimal], ...]  # by known origin (EU too), largest first, ties by code
    max_country: str | None
    max_share: Decimal | None  # percent of the net-zero lines' cost


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentCheck:
    rule: str  # domestic_min, local_max or single_country_max
    limit: Decimal  # percent, two decimals
    value: Decimal  # percent, two decimals
    ok: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Content:
    by_country: tuple[CountryCost, ...]  # largest cost first, "unknown" last
    domestic_country: str | None
    domestic_share: Decimal | None
    local_country: str | None
    local_share: Decimal | None
    net_zero: NetZero
    checks: tuple[ContentCheck, ...]


def content(
    lines: Sequence[PricedLine], rules: ContentRules, lead_country: str, client_country: str
) -> Content:
    """The content figures of the base scope's ``lines`` under ``rules``.

    The domestic country is ``rules.domestic_country``, else ``lead_country``; the local country
    is ``client_country``.  Either may be empty, and then has no share (and its rule no check).
    """
    costs = _by_country(lines)
    base = sum(costs.values(), ZERO)
    by_country = tuple(
        CountryCost(country=c, cost=cost, share=percent_of(cost, base))
        for c, cost in sorted(costs.items(), key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0]))
    )
    domestic = rules.domestic_country or lead_country or None
    local = client_country or None
    domestic_share = percent_of(costs.get(domestic, ZERO), base) if domestic else None
    local_share = percent_of(costs.get(local, ZERO), base) if local else None
    net_zero = _net_zero(lines, tuple(dict.fromkeys(rules.net_zero_categories)))
    checks: list[ContentCheck] = []
    if rules.domestic_min is not None and domestic_share is not None:
        checks.append(_check("domestic_min", rules.domestic_min, domestic_share, at_least=True))
    if rules.local_max is not None and local_share is not None:
        checks.append(_check("local_max", rules.local_max, local_share, at_least=False))
    if rules.single_country_max is not None:
        value = net_zero.max_share if net_zero.max_share is not None else ZERO
        checks.append(_check("single_country_max", rules.single_country_max, value, at_least=False))
    return Content(
        by_country=by_country, domestic_country=domestic, domestic_share=domestic_share,
        local_country=local, local_share=local_share, net_zero=net_zero, checks=tuple(checks),
    )  # fmt: skip


def _by_country(lines: Sequence[PricedLine]) -> dict[str, Decimal]:
    costs: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        costs[line.origin_country or UNKNOWN] += line.line_cost
    return dict(costs)


def _net_zero(lines: Sequence[PricedLine], categories: tuple[str, ...]) -> NetZero:
    """The net-zero lines' cost, and the non-EU country with the largest part of it (ties: by code)."""
    chosen = [x for x in lines if x.category in categories]
    cost = sum((x.line_cost for x in chosen), ZERO)
    by_category = tuple((c, sum((x.line_cost for x in chosen if x.category == c), ZERO)) for c in categories)
    known = {c: v for c, v in _by_country(chosen).items() if c != UNKNOWN}
    by_country = tuple(sorted(known.items(), key=lambda kv: (-kv[1], kv[0])))
    outside = [(c, v) for c, v in by_country if c not in EU_MEMBERS]
    if not outside:
        return NetZero(categories=categories, cost=cost, by_category=by_category, by_country=by_country,
                       max_country=None, max_share=None)  # fmt: skip
    country, part = outside[0]
    return NetZero(categories=categories, cost=cost, by_category=by_category, by_country=by_country,
                   max_country=country, max_share=percent_of(part, cost))  # fmt: skip


def _check(rule: str, limit: Decimal, value: Decimal, at_least: bool) -> ContentCheck:
    shown = (limit * HUNDRED).quantize(Decimal("0.01"))
    ok = value >= shown if at_least else value <= shown
    return ContentCheck(rule=rule, limit=shown, value=value, ok=ok)


def check_content(bid: Bid, found: Content, lead: str, problems: ProblemList, strict: bool = False) -> None:
    """Report each rule not met (a warning; an error when ``strict``), at the rule in the bid file.

    A rule that needs a country nobody named (a domestic share without the lead's country, a local
    share without the client's) is always an error: it could not be checked at all.
    """
    rules = bid.spec.content_rules
    report = problems.error if strict else problems.warn
    if rules.domestic_min is not None and found.domestic_country is None:
        problems.error(f"content_rules.domestic_min needs a domestic country, and the lead company '{lead}' "
                       "gives none in its catalogue; set content_rules.domestic_country",
                       bid.at(("content_rules", "domestic_min")))  # fmt: skip
    if rules.local_max is not None and found.local_country is None:
        problems.error("content_rules.local_max needs the client's country; set client.country",
                       bid.at(("content_rules", "local_max")))  # fmt: skip
    for check in found.checks:
        if not check.ok:
            report(_failed(check, found), bid.at(("content_rules", check.rule)))


def _failed(check: ContentCheck, found: Content) -> str:
    limit, value = f"{check.limit:f}%", f"{check.value:f}%"
    if check.rule == "domestic_min":
        return (f"content rule domestic_min: the domestic share ({found.domestic_country}) is {value} of the "
                f"base scope's cost, below the limit of {limit}")  # fmt: skip
    if check.rule == "local_max":
        return (f"content rule local_max: the share from the client's country ({found.local_country}) is "
                f"{value} of the base scope's cost, above the limit of {limit}")  # fmt: skip
    return (f"content rule single_country_max: {found.net_zero.max_country} supplies {value} of the net-zero "
            f"lines' cost, above the limit of {limit}")  # fmt: skip
