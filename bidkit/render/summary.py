"""The JSON summary: the priced bid as data, money as decimal strings (never floats)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from bidkit.money import decimal_text
from bidkit.pricing.model import PricedBid

SCHEMA_VERSION = 1


def summary(bid: PricedBid) -> dict[str, Any]:
    """The summary contract (README, 'JSON summary'): stable keys, stable order."""
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": bid.id,
        "title": bid.title,
        "client": bid.client.model_dump(),
        "tender_ref": bid.tender_ref,
        "revision": bid.revision,
        "date": bid.date,
        "deadline": bid.deadline,
        "language": bid.language,
        "currency": bid.currency,
        "incoterm": bid.incoterm,
        "validity_days": bid.validity_days,
        "rates": bid.rates,
        "rates_date": bid.rates_date,
        "pricing": {
            "markup": bid.markup,
            "contingency": bid.contingency_rate,
            "discount": bid.discount_rate,
            "round_to": bid.round_to,
        },
    }
    for key in (
        "subtotal",
        "contingency",
        "discount",
        "rounding",
        "total",
        "cost",
        "margin",
        "margin_pct",
    ):
        data[key] = getattr(bid, key)
    data["delivery_weeks"] = bid.delivery_weeks
    data["co2e_kg"] = bid.co2e_kg
    data["sections"] = [
        {"id": s.id, "title": s.title, "subtotal": s.subtotal, "cost": s.cost} for s in bid.sections
    ]
    data["options"] = [
        {k: getattr(o, k) for k in ("id", "title", "subtotal", "contingency", "discount", "total", "cost")}
        for o in bid.options
    ]
    data["members"] = [m.model_dump() for m in bid.members]
    data["lead"] = bid.lead.id
    data["origin"] = bid.origin
    data["payment"] = [p.model_dump() for p in bid.payment]
    data["lines"] = [line.model_dump() for line in [*bid.lines, *bid.option_lines]]
    return data


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def to_json(bid: PricedBid) -> str:
    """Deterministic JSON text (same bid, same bytes) ending in a newline."""
    return json.dumps(summary(bid), default=_encode, ensure_ascii=False, indent=2) + "\n"
