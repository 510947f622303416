"""The priced bid as tables in a terminal (rich).

Titles and names come from the bid and the catalogues, so each is escaped for rich's markup
(:func:`rich.markup.escape`): ``[link=…]`` or ``[bold]`` in a title is printed as written, never
obeyed.  Control characters are the console's to neutralise (cli/terminal.py: SafeConsole).
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from bidkit.money import format_percent
from bidkit.pricing.model import PricedBid


def escape(text: str) -> str:
    """``text`` as rich markup that prints exactly as written, when nothing follows it in the markup.

    rich's own escape also doubles a lone trailing backslash, for the case where a tag follows; it
    would then print twice, so that one is left as it was.
    """
    escaped = rich_escape(text)
    if text.endswith("\\") and not text.endswith("\\\\"):
        escaped = escaped[:-1]
    return escaped


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def print_priced(bid: PricedBid, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]{rich_escape(bid.id)}[/bold]  {escape(bid.title)}  —  {escape(bid.client.name)}")
    sections = Table(title=f"Sections ({bid.currency})", title_justify="left")
    for col in ("Section", "Lines", "Cost", "Subtotal"):
        sections.add_column(col, justify="right" if col != "Section" else "left")
    for s in bid.sections:
        sections.add_row(escape(s.title), str(len(s.lines)), _money(s.cost), _money(s.subtotal))
    console.print(sections)
    if bid.options:
        options = Table(title="Options (priced apart, not in the total)", title_justify="left")
        for col in ("Option", "Subtotal", "Total"):
            options.add_column(col, justify="right" if col != "Option" else "left")
        for o in bid.options:
            options.add_row(escape(o.title), _money(o.subtotal), _money(o.total))
        console.print(options)
    members = Table(title="Members", title_justify="left")
    for col in ("Member", "Role", "Cost", "Sell", "Share"):
        members.add_column(col, justify="right" if col in ("Cost", "Sell", "Share") else "left")
    for m in bid.members:
        members.add_row(escape(m.name), escape(m.role), _money(m.cost), _money(m.sell), f"{m.share:f}%")
    console.print(members)
    totals = Table(title="Totals", title_justify="left", show_header=False)
    totals.add_column("")
    totals.add_column("", justify="right")
    for label, value in (
        ("Subtotal", bid.subtotal), (f"Contingency {format_percent(bid.contingency_rate)}", bid.contingency),
        (f"Discount {format_percent(bid.discount_rate)}", -bid.discount), ("Rounding", bid.rounding),
        (f"Total {bid.currency}", bid.total), ("Cost", bid.cost), ("Margin", bid.margin),
    ):  # fmt: skip
        totals.add_row(label, _money(value))
    totals.add_row("Margin %", f"{bid.margin_pct:f}%")
    if bid.delivery_weeks is not None:
        totals.add_row("Delivery", f"{bid.delivery_weeks} weeks")
    console.print(totals)
