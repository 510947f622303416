"""The JSON summary: its file format, its data, and what it leaves out."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bidkit.outputs.summary import summary, to_json
from bidkit.pipeline import price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import ROOT, copy_example, write_bid, write_catalogue

GOLDEN = ROOT / "tests" / "golden" / "summary.json"


def small_bid(root: Path) -> PricedBid:
    """One catalogue line priced in another currency and one ad-hoc option line, in odd text."""
    write_catalogue(root / "cat" / "alpha.xlsx",
                    [["A-1", 'Pumpe "Ø40" \\ DN50\nline two', "Pumps", "pcs", 1234.5, None, 4, "DK", 1.5]],
                    member={"id": "alpha", "name": "Alpha Ærø A/S", "country": "DK", "currency": "DKK"})  # fmt: skip
    bid = write_bid(root, """
        rates: {DKK: 0.1341}
        rates_date: 2026-11-20
        pricing: {markup: 12%, contingency: 3%, discount: 1.5%, round_to: 10}
        payment: [{milestone: Order, share: 30%}, {milestone: Delivery, share: 70%}]
        sections: [{id: s, title: 'Pumpen — Ström', items: [{item: alpha/A-1, qty: 3}]}]
        options: [{id: o, title: Extra, items: [{line: Montage 中文, member: alpha, unit: day, qty: 2.5, unit_price: 900, currency: DKK}]}]
    """)  # fmt: skip
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    return priced


def test_the_file_is_byte_for_byte_the_format_users_and_approvals_know(tmp_path: Path) -> None:
    """Two-space indent, keys in contract order, text unescaped (UTF-8), money as strings, a final newline."""
    assert to_json(small_bid(tmp_path)) == GOLDEN.read_text(encoding="utf-8")


def test_the_file_is_the_summary_data_as_json(tmp_path: Path) -> None:
    for priced in (small_bid(tmp_path / "small"), price_bid(copy_example(tmp_path / "ex"))[0]):
        text = to_json(priced)
        assert json.loads(text) == summary(priced)
        assert text == json.dumps(summary(priced), indent=2, ensure_ascii=False) + "\n"


def test_text_of_every_kind_is_written_as_the_json_module_writes_it(tmp_path: Path) -> None:
    odd = 'Quote " back\\slash \n new line \t tab é ü 中文 🙂 \u2028 \u0085 </w:t> &amp; O\'Brien'
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", odd, "Pumps", "pcs", 100, None, 4, "DK", 1.5]],
                    member={"id": "alpha", "name": odd, "country": "DK", "currency": "EUR"})  # fmt: skip
    priced, _ = price_bid(write_bid(tmp_path, "sections: [{id: s, title: 'S', items: [{item: alpha/A, qty: 3}]}]\n"))
    assert to_json(priced) == json.dumps(summary(priced), indent=2, ensure_ascii=False) + "\n"
    assert any("中文" in line["name"] for line in summary(priced)["lines"])


def _plain_types(value: Any) -> set[type]:
    if isinstance(value, dict):
        assert all(type(k) is str for k in value)
        return {dict}.union(*(_plain_types(v) for v in value.values()))
    if isinstance(value, list):
        return {list}.union(*(_plain_types(v) for v in value))
    return {type(value)}


def test_the_data_is_plain_json_values_money_as_decimal_strings(tmp_path: Path) -> None:
    priced = small_bid(tmp_path)
    data = summary(priced)
    assert _plain_types(data) <= {dict, list, str, int, type(None)}
    assert data["total"] == "560.00" and Decimal(data["total"]) == priced.total
    assert data["date"] == "2026-11-27" and data["rates"] == {"EUR": "1", "DKK": "0.1341"}
    assert [x["ref"] for x in data["lines"]] == ["alpha/A-1", "Montage 中文"]  # sections' lines, then options'
    assert list(data["lines"][0]) == [
        "group", "group_id", "bundle", "member", "sku", "ref", "name", "description", "category", "unit",
        "qty", "catalogue_price", "catalogue_currency", "rate", "unit_cost", "markup", "markup_source",
        "unit_sell", "line_cost", "line_total", "lead_time_weeks", "origin_country", "co2e_kg", "hs_code",
        "source", "datasheet",
    ]  # fmt: skip


def test_review_state_is_not_part_of_the_summary(tmp_path: Path) -> None:
    priced = small_bid(tmp_path)
    approved = replace(priced, draft=False, approval="Approved by Anna Lead on 2026-11-28")
    assert to_json(approved) == to_json(priced)
    assert "draft" not in summary(priced) and "approval" not in summary(priced)


def test_a_bid_without_lines_has_an_empty_list(tmp_path: Path) -> None:
    empty = replace(small_bid(tmp_path), sections=(), options=())
    assert summary(empty)["lines"] == [] and '"lines": []\n}\n' in to_json(empty)
