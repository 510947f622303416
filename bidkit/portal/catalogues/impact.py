"""What a catalogue version would change in the open bids, without changing any bid.

Each open bid is priced twice with the library: as it stands (under its price lock), and with
this version in place of the firm's catalogue and the lock's values for the firm's components
taken in (as ``bidkit lock update --only`` would).  The lines of the firm whose price moves, and
the bid's total before and after, are what the firm and the export department see.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from bidkit import BidkitError, Catalogue, Problem, load_project, price_project
from bidkit.money import percent_of
from bidkit.portal.catalogues.models import Bid
from bidkit.pricing.model import PricedLine

NOT_PRICED = "the bid could not be priced with this version; the export department sees why"


@dataclass(frozen=True)
class LineChange:
    ref: str
    name: str
    qty: Decimal
    old_unit: Decimal
    new_unit: Decimal
    old_total: Decimal
    new_total: Decimal


@dataclass(frozen=True)
class BidImpact:
    bid: Bid
    currency: str
    old_total: Decimal
    new_total: Decimal
    lines: tuple[LineChange, ...]
    problems: tuple[str, ...] = ()  # why the bid could not be priced with this version

    @property
    def change(self) -> Decimal:
        return self.new_total - self.old_total

    @property
    def change_pct(self) -> Decimal:
        return percent_of(self.change, self.old_total)


def _all_lines(priced_lines: list[PricedLine], options: list[PricedLine]) -> list[PricedLine]:
    return [*priced_lines, *options]


def _told(problems: list[Problem], firm: str, everything: bool) -> tuple[str, ...]:
    """The errors as lines, the bid file named without its folder.

    The export department sees every error; a firm only those about its own components (a bid's
    other problems can quote other firms' catalogues).
    """
    lines = []
    for problem in problems:
        if not problem.is_error:
            continue
        if not everything and not problem.message.startswith(f"{firm} "):
            continue
        where = problem.location
        shown = replace(where, file=Path(where.file).name) if where is not None else None
        lines.append(str(replace(problem, location=shown)))
    return tuple(lines) or (NOT_PRICED,)


def bid_impact(bid: Bid, firm: str, catalogue: Catalogue, everything: bool = False) -> BidImpact | None:
    """The change to one bid, or None when the bid uses nothing of the firm's.

    A bid that cannot be priced as it stands concerns the export department only.
    """
    try:
        project = load_project(bid.path)
        now = price_project(project).priced
    except BidkitError as exc:
        if not everything:
            return None
        return BidImpact(bid, "", Decimal(0), Decimal(0), (), _told(exc.problems, firm, everything))
    before = _all_lines(now.lines, now.option_lines)
    if not any(line.member == firm for line in before):
        return None
    taken_in = frozenset(f"{firm}/{sku}" for sku in catalogue.components)
    try:
        moved = replace(project, catalogues={**project.catalogues, firm: catalogue})
        after_bid = price_project(moved, accept=taken_in).priced
    except BidkitError as exc:
        return BidImpact(bid, now.currency, now.total, now.total, (), _told(exc.problems, firm, everything))
    after = _all_lines(after_bid.lines, after_bid.option_lines)
    changes = tuple(
        LineChange(a.ref, a.name, a.qty, a.unit_cost, b.unit_cost, a.line_total, b.line_total)
        for a, b in zip(before, after, strict=True)
        if a.member == firm and (a.unit_cost, a.line_total) != (b.unit_cost, b.line_total)
    )
    return BidImpact(bid, now.currency, now.total, after_bid.total, changes)


def impacts(firm: str, catalogue: Catalogue, everything: bool) -> list[BidImpact]:
    """The open bids this version would change, or that could not be priced.

    ``everything``: for the export department, with every error; else only what is the firm's.
    """
    found = [bid_impact(bid, firm, catalogue, everything) for bid in Bid.objects.filter(is_open=True)]
    return [item for item in found if item is not None and (item.lines or item.problems or item.change)]
