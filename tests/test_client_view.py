"""The client's price schedule (docs/pricing.md, rule 10), with figures computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidkit.outputs.summary import summary
from bidkit.pipeline import price_bid
from bidkit.pricing.client import Adjustment, Figures, ShownAdjustment, allocate, client_view
from tests.helpers import write_bid, write_catalogue

ALLOCATIONS = {
    # name: (amount, weights, parts); the exact shares in cents are worked out in each comment
    "remainders decide the last cent": (
        # 2236 x 100/600 = 372.67, x 200/600 = 745.33, x 300/600 = 1118.00 -> 372 + 745 + 1118 = 2235;
        # the cent left goes to the largest remainder (.67, the first)
        "22.36",
        ["100.00", "200.00", "300.00"],
        ["3.73", "7.45", "11.18"],
    ),
    "negative rounding is split as its magnitude": (
        # 3515 x 1/6 = 585.83, x 2/6 = 1171.67, x 3/6 = 1757.50 -> 3513; 2 cents left: to .83 and .67
        "-35.15",
        ["100.00", "200.00", "300.00"],
        ["-5.86", "-11.72", "-17.57"],
    ),
    "a tie goes to the earlier section": (
        # 5 cents over four equal weights: 1.25 each -> 1 + 1 + 1 + 1; the one left goes to the first
        "0.05",
        ["10.00", "10.00", "10.00", "10.00"],
        ["0.02", "0.01", "0.01", "0.01"],
    ),
    "a negative tie also goes to the earlier section": (
        "-0.05",
        ["10.00", "10.00", "10.00", "10.00"],
        ["-0.02", "-0.01", "-0.01", "-0.01"],
    ),
    "two cents over three equal sections": (
        # 0.67 each -> 0 + 0 + 0; two cents left, equal remainders: the first two
        "0.02",
        ["1.00", "1.00", "1.00"],
        ["0.01", "0.01", "0.00"],
    ),
    "nearly half and half": (
        # 2345 x 123.45/323.45 = 895.0077, x 200/323.45 = 1449.9923 -> 895 + 1449 = 2344; the cent to .99
        "-23.45",
        ["123.45", "200.00"],
        ["-8.95", "-14.50"],
    ),
    "a section of zero gets nothing": (
        # 7 x 300/600 = 3.5 each for the two others: 3 + 3, the cent left to the earlier (a tie)
        "0.07",
        ["0.00", "300.00", "0.00", "300.00"],
        ["0.00", "0.04", "0.00", "0.03"],
    ),
    "all zero: equal weights": ("0.03", ["0.00", "0.00"], ["0.02", "0.01"]),
    "nothing to spread": ("0.00", ["5.00", "7.00"], ["0.00", "0.00"]),
    "one section takes it all": ("-4.36", ["99.99"], ["-4.36"]),
}


@pytest.mark.parametrize("name", ALLOCATIONS)
def test_largest_remainder_allocation(name: str) -> None:
    amount, weights, parts = ALLOCATIONS[name]
    got = allocate(D(amount), [D(w) for w in weights])
    assert [str(x) for x in got] == parts
    assert sum(got, D(0)) == D(amount)


cents = st.integers(min_value=-10**12, max_value=10**12).map(lambda c: D(c).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(amount=cents, weights=st.lists(st.integers(0, 10**10).map(lambda c: D(c).scaleb(-2)), min_size=1,
                                      max_size=12))  # fmt: skip
def test_any_allocation_adds_up_and_stays_within_a_cent(amount: D, weights: list[D]) -> None:
    parts = allocate(amount, weights)
    assert sum(parts, D(0)) == amount
    assert allocate(-amount, weights) == tuple(-p for p in parts)
    total = sum(weights, D(0))
    for part, weight in zip(parts, weights, strict=True):
        exact = amount * weight / total if total else amount / len(weights)
        assert abs(part - exact) < D("0.01")
        assert part == part.quantize(D("0.01"))


def test_allocation_of_huge_figures_is_exact() -> None:
    amount, weights = D("987654321987654321.99"), [D("1e22"), D("3e22"), D("0.01")]
    got = allocate(amount, weights)
    assert sum(got, D(0)) == amount
    assert got[2] == D("0.00") and got[1] == D("740740741490740741.49")


@pytest.mark.parametrize(
    ("amount", "weights", "message"),
    [("0.001", ["1.00"], "0.001 is not a whole number of cents"),
     ("1.00", [], "an amount cannot be spread over nothing"),
     ("1.00", ["-1.00", "2.00"], "weights must not be negative")],
)  # fmt: skip
def test_allocation_refuses_what_it_cannot_split(amount: str, weights: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(D(amount), [D(w) for w in weights])


# Sections 100 / 200 / 300, contingency 3 % = 18.00, discount 2 % of 618.00 = 12.36, 605.64 rounded to
# the nearest 10 = 610.00: rounding +4.36 (docs/pricing.md's worked example).
BID = Figures(
    parts=(("a", "A", D("100.00")), ("b", "B", D("200.00")), ("c", "C", D("300.00"))),
    contingency=D("18.00"), contingency_rate=D("0.03"), discount=D("12.36"), discount_rate=D("0.02"),
    rounding=D("4.36"), total=D("610.00"),
)  # fmt: skip
# An option of 50.00: contingency 1.50, discount 2 % of 51.50 = 1.03, 50.47 rounded to 10 = 50.00: -0.47
OPTION = Figures(
    parts=(("o", "O", D("50.00")),), contingency=D("1.50"), contingency_rate=D("0.03"), discount=D("1.03"),
    discount_rate=D("0.02"), rounding=D("-0.47"), total=D("50.00"),
)  # fmt: skip
CONTINGENCY = ShownAdjustment(kind="contingency", rate=D("0.03"), amount=D("18.00"))
DISCOUNT = ShownAdjustment(kind="discount", rate=D("0.02"), amount=D("-12.36"))
ROUNDING = ShownAdjustment(kind="rounding", rate=None, amount=D("4.36"))

VIEWS: dict[str, tuple[list[Adjustment], list[str], list[ShownAdjustment], str, list[ShownAdjustment]]] = {
    # shown: (section amounts, adjustments shown, option amount, option adjustments shown)
    "default: the discount only": (
        # spread 18.00 + 4.36 = 22.36 as in the first allocation: 3.73 / 7.45 / 11.18
        # option: 1.50 - 0.47 = 1.03 spread on 50.00 -> 51.03, then the discount -1.03
        ["discount"], ["103.73", "207.45", "311.18"], [DISCOUNT], "51.03",
        [ShownAdjustment(kind="discount", rate=D("0.02"), amount=D("-1.03"))],
    ),
    "nothing shown": (
        # 22.36 - 12.36 = 10.00: 166.67 + 333.33 + 500 cents -> 166 + 333 + 500, the cent left to the first
        # option: 1.50 - 1.03 - 0.47 = 0.00
        [], ["101.67", "203.33", "305.00"], [], "50.00", [],
    ),
    "everything shown, the internal schedule": (
        # option: rounding -0.47 shown, the others as well
        ["rounding", "contingency", "discount"], ["100.00", "200.00", "300.00"], [CONTINGENCY, DISCOUNT, ROUNDING],
        "50.00",
        [ShownAdjustment(kind="contingency", rate=D("0.03"), amount=D("1.50")),
         ShownAdjustment(kind="discount", rate=D("0.02"), amount=D("-1.03")),
         ShownAdjustment(kind="rounding", rate=None, amount=D("-0.47"))],
    ),
    "contingency shown, discount and rounding spread": (
        # -12.36 + 4.36 = -8.00: 133.33 + 266.67 + 400 cents -> 133 + 266 + 400, the cent left to the second
        # option: -1.03 - 0.47 = -1.50 on 50.00 -> 48.50, then contingency +1.50
        ["contingency"], ["98.67", "197.33", "296.00"], [CONTINGENCY], "48.50",
        [ShownAdjustment(kind="contingency", rate=D("0.03"), amount=D("1.50"))],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", VIEWS)
def test_client_schedule(name: str) -> None:
    shown, sections, adjustments, option_amount, option_adjustments = VIEWS[name]
    view = client_view(BID, [OPTION], shown)
    assert [(s.id, str(s.amount)) for s in view.sections] == list(zip("abc", sections, strict=True))
    assert view.adjustments == tuple(adjustments)
    assert view.subtotal + sum((a.amount for a in view.adjustments), D(0)) == view.total == D("610.00")
    (option,) = view.options
    assert (option.id, str(option.amount), option.adjustments) == (
        "o",
        option_amount,
        tuple(option_adjustments),
    )
    assert option.amount + sum((a.amount for a in option.adjustments), D(0)) == option.total == D("50.00")


def _priced(tmp_path: Path, pricing: str) -> dict[str, object]:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "pcs", 100, None, 4, "DK", 10]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, f"""
        pricing: {pricing}
        sections:
          - {{id: a, title: A, items: [{{item: alpha/A, qty: 1}}]}}
          - {{id: b, title: B, items: [{{item: alpha/A, qty: 2}}]}}
          - {{id: c, title: C, items: [{{item: alpha/A, qty: 3}}]}}
        options: [{{id: o, title: O, items: [{{line: Extra, member: alpha, unit: pcs, qty: 1, unit_price: 50}}]}}]
    """)  # fmt: skip
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    return summary(priced)


def test_the_summary_carries_the_client_schedule_priced_from_the_bid(tmp_path: Path) -> None:
    data = _priced(tmp_path, "{contingency: 3%, discount: 2%, round_to: 10}")
    view = data["client_view"]
    assert view == {
        "shown": ["discount"],
        "sections": [{"id": "a", "title": "A", "amount": "103.73"}, {"id": "b", "title": "B", "amount": "207.45"},
                     {"id": "c", "title": "C", "amount": "311.18"}],
        "subtotal": "622.36",
        "adjustments": [{"kind": "discount", "rate": "0.02", "amount": "-12.36"}],
        "total": "610.00",
        "options": [{"id": "o", "title": "O", "amount": "51.03",
                     "adjustments": [{"kind": "discount", "rate": "0.02", "amount": "-1.03"}], "total": "50.00"}],
    }  # fmt: skip
    assert data["total"] == "610.00"
    assert data["options"][0]["rounding"] == "-0.47"  # type: ignore[index]


def test_the_bid_can_show_every_adjustment(tmp_path: Path) -> None:
    data = _priced(
        tmp_path, "{contingency: 3%, discount: 2%, round_to: 10, show_adjustments: [contingency, rounding]}"
    )
    view = data["client_view"]
    assert isinstance(view, dict)
    # the discount -12.36 spread: 1236 cents x 1/6, 2/6, 3/6 = 206, 412, 618 exactly
    assert [s["amount"] for s in view["sections"]] == ["97.94", "195.88", "293.82"]
    assert [(a["kind"], a["amount"]) for a in view["adjustments"]] == [
        ("contingency", "18.00"),
        ("rounding", "4.36"),
    ]
