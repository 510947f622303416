"""The JSON summary: the priced bid as data, money as decimal strings (never floats).

:func:`summary` is the data; :func:`to_json` is the file a build writes, that data indented by
two as ``json.dumps(data, indent=2, ensure_ascii=False)`` writes it.  orjson writes it: the same
text, from compiled code (the json module indents in pure Python, a noticeable part of a big
build).  Approvals hash a canonical form of the same data, so nothing here may depend on how one
encoder spaces its output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import orjson

from bidkit.money import decimal_text
from bidkit.pricing.client import ClientAmount, ClientView, ShownAdjustment
from bidkit.pricing.content import Content
from bidkit.pricing.model import (
    DeliveryMilestone,
    Deviation,
    MemberShare,
    Party,
    PaymentAmount,
    Person,
    PricedBid,
    PricedLine,
    Terms,
)

SCHEMA_VERSION = 1

_TOTALS = ("subtotal", "contingency", "discount", "rounding", "total", "cost", "margin", "margin_pct")
_OPTION_KEYS = ("id", "title", "subtotal", "contingency", "discount", "rounding", "total", "cost", "co2e_kg")


def summary(bid: PricedBid) -> dict[str, Any]:
    """The summary contract (README, 'JSON summary'): stable keys in a stable order.

    Only JSON values: text, whole numbers, None, lists and dicts.  Money, rates and
    quantities are decimal strings (``"1234.50"``), dates ISO text (``"2026-11-27"``).
    The review state (draft, approval) is not part of it.
    """
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": bid.id,
        "title": bid.title,
        "client": _record(bid.client),
        "tender_ref": bid.tender_ref,
        "revision": bid.revision,
        "date": _plain(bid.date),
        "deadline": _plain(bid.deadline),
        "language": bid.language,
        "currency": bid.currency,
        "incoterm": bid.incoterm,
        "validity_days": bid.validity_days,
        "rates": _mapping(bid.rates),
        "rates_date": _plain(bid.rates_date),
        "pricing": {
            "markup": _plain(bid.markup),
            "contingency": _plain(bid.contingency_rate),
            "discount": _plain(bid.discount_rate),
            "round_to": _plain(bid.round_to),
        },
    }
    for key in _TOTALS:
        data[key] = _plain(getattr(bid, key))
    data["delivery_weeks"] = bid.delivery_weeks
    data["co2e_kg"] = _plain(bid.co2e_kg)
    data["co2e_coverage"] = _plain(bid.co2e_coverage)
    data["sections"] = [
        {"id": s.id, "title": s.title, "subtotal": _plain(s.subtotal), "cost": _plain(s.cost),
         "co2e_kg": _plain(s.co2e_kg)}
        for s in bid.sections
    ]  # fmt: skip
    data["options"] = [{key: _plain(getattr(o, key)) for key in _OPTION_KEYS} for o in bid.options]
    data["members"] = [_record(m) for m in bid.members]
    data["lead"] = bid.lead.id
    data["origin"] = _mapping(bid.origin)
    data["content"] = content_data(bid.content)
    data["payment"] = [_record(p) for p in bid.payment]
    data["client_view"] = _client_view(bid.client_view)
    data["terms"] = _terms(bid.terms)
    data["lines"] = [_record(line) for line in [*bid.lines, *bid.option_lines]]
    return data


def _terms(terms: Terms) -> dict[str, Any]:
    """What the proposal promises besides prices, so an approval covers it too."""
    return {
        "letter": terms.letter,
        "contact": _record(terms.contact) if terms.contact else None,
        "signatory": _record(terms.signatory) if terms.signatory else None,
        "assumptions": list(terms.assumptions),
        "exclusions": list(terms.exclusions),
        "deviations": [_record(d) for d in terms.deviations],
        "delivery_schedule": [_record(m) for m in terms.delivery_schedule],
        "units": dict(terms.units),
    }


def _client_view(view: ClientView) -> dict[str, Any]:
    """The schedule the proposal prints, so the JSON and the document agree to the cent."""
    return {
        "shown": list(view.shown),
        "sections": [_record(s) for s in view.sections],
        "subtotal": _plain(view.subtotal),
        "adjustments": [_record(a) for a in view.adjustments],
        "total": _plain(view.total),
        "options": [
            {"id": o.id, "title": o.title, "amount": _plain(o.amount),
             "adjustments": [_record(a) for a in o.adjustments], "total": _plain(o.total)}
            for o in view.options
        ],
    }  # fmt: skip


def content_data(found: Content) -> dict[str, Any]:
    """The summary's ``content`` object: where the base scope's cost comes from (README)."""
    net_zero = found.net_zero
    return {
        "by_country": [{"country": c.country, "cost": _plain(c.cost), "share": _plain(c.share)}
                       for c in found.by_country],
        "domestic_country": found.domestic_country, "domestic_share": _plain(found.domestic_share),
        "local_country": found.local_country, "local_share": _plain(found.local_share),
        "net_zero": {"cost": _plain(net_zero.cost), "max_country": net_zero.max_country,
                     "max_share": _plain(net_zero.max_share)},
        "checks": [{"rule": c.rule, "limit": _plain(c.limit), "value": _plain(c.value), "ok": c.ok}
                   for c in found.checks],
    }  # fmt: skip


def summary_json(data: dict[str, Any]) -> str:
    """A :func:`summary` as the file holds it: JSON indented by two, UTF-8 as is, a final newline."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def to_json(bid: PricedBid) -> str:
    """The summary file's text: the same bid always gives the same text, ending in a newline."""
    return summary_json(summary(bid))


def _plain(value: Any) -> Any:
    """A field's value as JSON data: decimals and dates as text, everything else as it is."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _mapping(values: dict[str, Decimal]) -> dict[str, str]:
    return {key: decimal_text(value) for key, value in values.items()}


def _record(item: Any) -> dict[str, Any]:
    """Every field of one priced value, in the order its class declares them."""
    return {name: _plain(getattr(item, name)) for name in _FIELDS[type(item)]}


_FIELDS = {
    cls: tuple(f.name for f in dataclasses.fields(cls))
    for cls in (
        PricedLine,
        MemberShare,
        PaymentAmount,
        Party,
        ClientAmount,
        ShownAdjustment,
        Person,
        Deviation,
        DeliveryMilestone,
    )
}
