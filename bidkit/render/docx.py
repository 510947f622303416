"""The Word proposal (plain first version)."""

from __future__ import annotations

import io
from pathlib import Path

from bidkit.pricing.model import PricedBid
from bidkit.render.text import xml_safe


def render_proposal(bid: PricedBid, bid_folder: Path) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(xml_safe(bid.title), 0)
    doc.add_paragraph(xml_safe(f"Client: {bid.client.name}"))
    doc.add_paragraph(xml_safe(f"Bid {bid.id}, tender {bid.tender_ref}"))
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Section"
    table.rows[0].cells[1].text = f"Amount ({bid.currency})"
    for section in bid.sections:
        row = table.add_row().cells
        row[0].text = xml_safe(section.title)
        row[1].text = f"{section.subtotal:,.2f}"
    for label, value in (("Contingency", bid.contingency), ("Discount", -bid.discount),
                         ("Rounding", bid.rounding), ("Total", bid.total)):  # fmt: skip
        row = table.add_row().cells
        row[0].text = label
        row[1].text = f"{value:,.2f}"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
