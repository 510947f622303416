"""Every pricing rule, with figures computed by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from bidkit.pipeline import price_bid
from tests.helpers import write_bid, write_catalogue

# alpha prices in EUR, beta in DKK (rate 0.1341 in most cases)
ALPHA = [
    # sku, name, category, unit, unit_price, currency, lead, origin, co2e
    ["A", "Alpha A", "Pumps", "pcs", 100, None, 4, "DK", 10],
    ["B", "Alpha B", "Services", "day", 950, None, None, "DK", None],
    ["C", "Alpha C", "Pumps", "pcs", 19.99, None, 12, "DE", 1.5],
]
BETA = [
    ["HEX", "Beta HEX", "Heat", "pcs", 18450, None, 6, "SE", 200],
    ["CP", "Beta pump", "Pumps", "pcs", 5980, None, 4, "DK", 95],
]
BETA_BREAKS = [["CP", 100, 5620], ["CP", 250, 5390]]


def project(tmp_path: Path, body: str) -> Path:
    write_catalogue(
        tmp_path / "cat" / "alpha.xlsx",
        ALPHA,
        member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"},
    )
    write_catalogue(
        tmp_path / "cat" / "beta.xlsx",
        BETA,
        breaks=BETA_BREAKS,
        member={"id": "beta", "name": "Beta ApS", "country": "DK", "currency": "DKK"},
    )
    return write_bid(tmp_path, body)


CASES = {
    "markup on cost, then qty": (
        """
        pricing: {markup: 10%}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 3}]}]
        """,
        # cost 100.00; sell 100 x 1.10 = 110.00; total 3 x 110 = 330.00; cost 300.00
        {
            "unit_cost": "100.00",
            "unit_sell": "110.00",
            "line_total": "330.00",
            "line_cost": "300.00",
            "subtotal": "330.00",
            "total": "330.00",
            "cost": "300.00",
            "margin": "30.00",
            "margin_pct": "9.09",
        },
    ),
    "rate conversion rounds half up": (
        """
        rates: {DKK: 0.1341}
        rates_date: 2026-11-20
        sections: [{id: s, title: S, items: [{item: beta/HEX, qty: 1}]}]
        """,
        # 18450 x 0.1341 = 2474.145 -> 2474.15 (half up); no markup
        {"unit_cost": "2474.15", "unit_sell": "2474.15", "line_total": "2474.15"},
    ),
    "sell rounds after markup, total after qty": (
        """
        pricing: {markup: 12%}
        sections: [{id: s, title: S, items: [{item: alpha/C, qty: 7}]}]
        """,
        # 19.99 x 1.12 = 22.3888 -> 22.39; 7 x 22.39 = 156.73 (not 7 x 22.3888 = 156.72)
        {"unit_sell": "22.39", "line_total": "156.73", "line_cost": "139.93"},
    ),
    "line markup beats category beats member beats default": (
        """
        pricing: {markup: 10%, markup_by_member: {alpha: 20%}, markup_by_category: {Services: 0%}}
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/A, qty: 1, markup: 5%}
        """,
        {"markup": "0.05", "unit_sell": "105.00"},
    ),
    "category markup": (
        """
        pricing: {markup: 10%, markup_by_member: {alpha: 20%}, markup_by_category: {Services: 0%}}
        sections: [{id: s, title: S, items: [{item: alpha/B, qty: 2}]}]
        """,
        {"markup": "0", "unit_sell": "950.00", "line_total": "1900.00"},
    ),
    "member markup": (
        """
        pricing: {markup: 10%, markup_by_member: {alpha: 20%}}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        {"markup": "0.2", "unit_sell": "120.00"},
    ),
    "price break from the total over all sections": (
        """
        rates: {DKK: 0.1341}
        rates_date: 2026-11-20
        sections:
          - {id: s1, title: S1, items: [{item: beta/CP, qty: 60}]}
          - {id: s2, title: S2, items: [{item: beta/CP, qty: 60}]}
        """,
        # total 120 >= 100 -> 5620; 5620 x 0.1341 = 753.642 -> 753.64; 60 x 753.64 = 45218.40
        {
            "catalogue_price": "5620.00",
            "unit_cost": "753.64",
            "line_total": "45218.40",
            "subtotal": "90436.80",
        },
    ),
    "contingency, discount and round_to": (
        """
        pricing: {contingency: 3%, discount: 2%, round_to: 100}
        sections: [{id: s, title: S, items: [{item: alpha/C, qty: 1234}]}]
        """,
        # subtotal 1234 x 19.99 = 24667.66; contingency 740.0298 -> 740.03;
        # discount (25407.69) x 2% = 508.1538 -> 508.15; before 24899.54 -> 24900: rounding 0.46
        {
            "subtotal": "24667.66",
            "contingency": "740.03",
            "discount": "508.15",
            "rounding": "0.46",
            "total": "24900.00",
        },
    ),
    "round_to rounds halves up": (
        """
        pricing: {round_to: 100}
        sections: [{id: s, title: S, items: [{line: X, member: alpha, unit: pcs, qty: 1, unit_price: 1050}]}]
        """,
        {"rounding": "50.00", "total": "1100.00"},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(tmp_path: Path, name: str) -> None:
    body, expected = CASES[name]
    priced, _ = price_bid(project(tmp_path, body), today=date(2026, 11, 27))
    first = priced.lines[0]
    for key, value in expected.items():
        actual = getattr(first, key) if hasattr(first, key) else getattr(priced, key)
        assert actual == D(value), f"{key}: {actual} != {value}"


def test_bundles_nest_and_multiply(tmp_path: Path) -> None:
    bid = project(
        tmp_path,
        """
        bundles:
          inner: {title: Inner, items: [{item: alpha/A, qty: 2}]}
          outer: {title: Outer, items: [{bundle: inner, qty: 3}, {item: alpha/C, qty: 1}]}
        sections: [{id: s, title: S, items: [{bundle: outer, qty: 5}]}]
        """,
    )
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    # A: 2 x 3 x 5 = 30; C: 1 x 5 = 5
    assert [(x.ref, x.qty, x.bundle) for x in priced.lines] == [
        ("alpha/A", D(30), "outer > inner"),
        ("alpha/C", D(5), "outer"),
    ]
    assert priced.subtotal == D("3099.95")  # 30 x 100 + 5 x 19.99


def test_each_line_says_where_it_was_written(tmp_path: Path) -> None:
    """Its item's line:col; a bundle's line its item's in the bundle; an aliased list's the alias."""
    bid = project(
        tmp_path,
        """
        bundles:
          kit: {title: Kit, items: [{item: alpha/C, qty: 1}]}
        sections:
          - id: s
            title: S
            items: &common
              - {item: alpha/A, qty: 2}
              - {bundle: kit, qty: 1}
          - {id: t, title: T, items: *common}
        """,
    )
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    # after the 8 header lines: kit's item is at 10:29, s's first item 15:9, t's "*common" 17:30
    assert [(x.group_id, x.ref, x.source) for x in priced.lines] == [
        ("s", "alpha/A", "15:9"), ("s", "alpha/C", "10:29"),
        ("t", "alpha/A", "17:30"), ("t", "alpha/C", "10:29"),
    ]  # fmt: skip


def test_bundle_markup_applies_to_its_items(tmp_path: Path) -> None:
    bid = project(
        tmp_path,
        """
        pricing: {markup: 10%}
        bundles:
          kit: {title: Kit, items: [{item: alpha/A, qty: 1}, {item: alpha/C, qty: 1, markup: 0%}]}
        sections: [{id: s, title: S, items: [{bundle: kit, qty: 1, markup: 50%}]}]
        """,
    )
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    assert [x.unit_sell for x in priced.lines] == [D("150.00"), D("19.99")]


def test_option_price_break_adds_to_section_total(tmp_path: Path) -> None:
    bid = project(
        tmp_path,
        """
        rates: {DKK: 0.1341}
        rates_date: 2026-11-20
        pricing: {contingency: 3%, discount: 2%, round_to: 1000}
        sections: [{id: s, title: S, items: [{item: beta/CP, qty: 240}]}]
        options: [{id: o, title: Spares, items: [{item: beta/CP, qty: 12}]}]
        """,
    )
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    option = priced.options[0]
    # 240 + 12 = 252 >= 250 -> 5390; 5390 x 0.1341 = 722.799 -> 722.80; x 12 = 8673.60
    assert option.lines[0].catalogue_price == D("5390.00")
    assert option.subtotal == D("8673.60")
    # contingency 260.208 -> 260.21; discount (8933.81 x 2%) 178.6762 -> 178.68; 8755.13 rounds to
    # the nearest 1000 like the bid's total (rule 8): +244.87
    assert (option.contingency, option.discount, option.rounding, option.total) == (
        D("260.21"),
        D("178.68"),
        D("244.87"),
        D("9000.00"),
    )
    # section lines still use the break for 240 (>= 100): 5620
    assert priced.lines[0].catalogue_price == D("5620.00")
    # the option is never in the total: 240 x 753.64 = 180873.60 -> +3% 5426.21 -> -2% 3725.99
    assert priced.total == D("183000.00")  # 182573.82 rounded to 1000


def test_members_origin_delivery_co2e_payment(tmp_path: Path) -> None:
    bid = project(
        tmp_path,
        """
        rates: {DKK: 0.1341}
        rates_date: 2026-11-20
        payment:
          - {milestone: Order, share: 33%}
          - {milestone: Delivery, share: 33%}
          - {milestone: Handover, share: 34%}
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/A, qty: 1}
              - {item: beta/HEX, qty: 1}
              - {item: alpha/C, qty: 1}
        """,
    )
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    # sell = cost (no markup): A 100.00, HEX 2474.15, C 19.99 -> 2594.14
    # shares: 119.99 / 2594.14 = 4.6254% -> 4.63; 2474.15 / 2594.14 = 95.3745% -> 95.37
    assert priced.total == D("2594.14")
    members = {m.id: (m.sell, m.share) for m in priced.members}
    assert members == {"alpha": (D("119.99"), D("4.63")), "beta": (D("2474.15"), D("95.37"))}
    assert priced.origin == {"SE": D("2474.15"), "DK": D("100.00"), "DE": D("19.99")}
    assert priced.delivery_weeks == 12
    assert priced.co2e_kg == D("211.5")  # 10 + 200 + 1.5
    # 33% of 2594.14 = 856.0662 -> 856.07 twice; the last takes the rest: 882.00
    assert [p.amount for p in priced.payment] == [D("856.07"), D("856.07"), D("882.00")]
