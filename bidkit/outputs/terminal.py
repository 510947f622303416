"""The priced bid as tables in a terminal (rich)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from bidkit.money import format_percent
from bidkit.pricing.model import PricedBid


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def print_priced(bid: PricedBid, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]{bid.id}[/bold]  {bid.title}  —  {bid.client.name}")
    sections = Table(title=f"Sections ({bid.currency})", title_justify="left")
    for col in ("Section", "Lines", "Cost", "Subtotal"):
        sections.add_column(col, justify="right" if col != "Section" else "left")
    for s in bid.sections:
        sections.add_row(s.title, str(len(s.lines)), _money(s.cost), _money(s.subtotal))
    console.print(sections)
    if bid.options:
        options = Table(title="Options (priced apart, not in the total)", title_justify="left")
        for col in ("Option", "Subtotal", "Total"):
            options.add_column(col, justify="right" if col != "Option" else "left")
        for o in bid.options:
            options.add_row(o.title, _money(o.subtotal), _money(o.total))
        console.print(options)
    members = Table(title="Members", title_justify="left")
    for col in ("Member", "Role", "Cost", "Sell", "Share"):
        members.add_column(col, justify="right" if col in ("Cost", "Sell", "Share") else "left")
    for m in bid.members:
        members.add_row(m.name, m.role, _money(m.cost), _money(m.sell), f"{m.share:f}%")
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
