"""The proposal's views of where the value comes from and of embodied CO2e, and the CO2e chart.

Only the priced bid's own figures are shown (the summary's ``content`` and ``co2e_kg``); nothing is
priced or summed again but for grouping lines for display.  Shares are given as text with both
decimals, in the language's format.  The chart is a Word chart (chart.py) of the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bidkit.money import HUNDRED
from bidkit.pricing.content import UNKNOWN
from bidkit.pricing.model import PricedBid, PricedLine


@dataclass(frozen=True, slots=True)
class OriginRow:
    country: str  # ISO code, or "" for lines of unknown origin
    cost: Decimal
    share: str  # as the language writes a percentage with two decimals


@dataclass(frozen=True, slots=True)
class Origin:
    """The proposal's "Origin of supply": shares of the base scope's cost by country."""

    rows: tuple[OriginRow, ...]
    domestic_country: str | None
    domestic_share: str | None  # as text, like OriginRow.share
    local_country: str | None
    local_share: str | None
    unknown: tuple[str, ...]  # the lines of unknown origin, by name


@dataclass(frozen=True, slots=True)
class Co2eRow:
    label: str
    kg: Decimal


@dataclass(frozen=True, slots=True)
class LineRef:
    ref: str
    name: str
    where: str  # the section's title
    datasheet: str = ""


@dataclass(frozen=True, slots=True)
class GreenAnnex:
    """The proposal's CO2e appendix."""

    total_kg: Decimal
    coverage: str  # the share of the section lines with a figure, as text
    sections: tuple[Co2eRow, ...]
    members: tuple[Co2eRow, ...]
    options: tuple[Co2eRow, ...]
    missing: tuple[LineRef, ...]  # section lines without a figure, one per reference
    datasheets: tuple[LineRef, ...]  # one per reference that has a datasheet


def origin(bid: PricedBid) -> Origin:
    content, language = bid.content, bid.language
    return Origin(
        rows=tuple(OriginRow("" if c.country == UNKNOWN else c.country, c.cost, share_text(c.share, language))
                   for c in content.by_country),
        domestic_country=content.domestic_country, domestic_share=_fraction(content.domestic_share, language),
        local_country=content.local_country,
        local_share=_fraction(content.local_share, language) if content.local_share else None,
        unknown=tuple(dict.fromkeys(x.name for x in bid.lines if not x.origin_country)),
    )  # fmt: skip


def _fraction(percent: Decimal | None, language: str) -> str | None:
    return None if percent is None else share_text(percent, language)


def share_text(percent: Decimal, language: str) -> str:
    """A share in percent with both its decimals, as the language writes it: 19.90% / 19,90 %."""
    from babel.numbers import format_percent

    from bidkit.outputs.proposal.jinja import locale_of

    locale = locale_of(language)
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.00", 1)  # "#,##0 %" in Danish
    return str(format_percent(percent / HUNDRED, format=pattern, locale=locale))


def green_annex(bid: PricedBid) -> GreenAnnex | None:
    """The appendix, or None when the bid turns it off or no line has a CO2e figure."""
    if not bid.green_annex or all(x.co2e_kg is None for x in [*bid.lines, *bid.option_lines]):
        return None
    titles = {s.id: s.title for s in bid.sections}
    return GreenAnnex(
        total_kg=bid.co2e_kg, coverage=share_text(bid.co2e_coverage, bid.language),
        sections=tuple(Co2eRow(s.title, s.co2e_kg) for s in bid.sections),
        members=tuple(Co2eRow(m.name, m.co2e_kg) for m in bid.members if m.sell or m.cost),
        options=tuple(Co2eRow(o.title, o.co2e_kg) for o in bid.options),
        missing=_by_ref((x for x in bid.lines if x.co2e_kg is None), titles),
        datasheets=_by_ref((x for x in [*bid.lines, *bid.option_lines] if x.datasheet), titles),
    )  # fmt: skip


def _by_ref(lines: Iterable[PricedLine], titles: dict[str, str]) -> tuple[LineRef, ...]:
    found: dict[str, LineRef] = {}
    for x in lines:
        found.setdefault(x.ref, LineRef(x.ref, x.name, titles.get(x.group_id, x.group_id), x.datasheet))
    return tuple(found.values())


def co2e_chart_xml(annex: GreenAnnex, title: str, axis: str, language: str, font: str | None) -> bytes:
    """The annex's chart part: a horizontal bar per section, its CO2e in kg written at the bar's end."""
    from bidkit.outputs.proposal.chart import bar_chart_xml
    from bidkit.outputs.proposal.finish import language_tag

    labels = [row.label for row in annex.sections]
    values = [format(row.kg.normalize(), "f") for row in annex.sections]  # 34.00 -> "34"
    return bar_chart_xml(labels, values, title, axis, language_tag(language), font)
