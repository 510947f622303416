"""Every bid-file mistake is reported at its line and column, all at once, in plain words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bidkit.errors import BidkitError
from bidkit.pipeline import price_bid
from tests.helpers import write_bid, write_catalogue

ROWS = [
    ["A", "Alpha A", "Pumps", "pcs", 100, None, 4, "DK", 10],
    ["B", "Alpha B", "Pumps", "pcs", 50, "SEK", 2, "SE", None],
]


def problems(tmp_path: Path, body: str, head: str | None = None) -> list[str]:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", ROWS,
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, body) if head is None else write_bid(tmp_path, body, head)
    with pytest.raises(BidkitError) as info:
        price_bid(bid, today=date(2026, 11, 27))
    root = str(tmp_path) + "/"
    return [str(p).replace(root, "") for p in info.value.problems]


# The bid header in helpers.BID_HEAD is 8 lines; the body starts on line 9.
CASES = {
    "unknown key with a suggestion": (
        """
        pricing: {markpu: 12%}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:9:11: unknown key 'markpu'; did you mean 'markup'?"],
    ),
    "bare number as percentage": (
        """
        pricing:
          markup: 12
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:10:11: pricing.markup: write percentages with a percent sign: 12% rather than 12"],
    ),
    "bare fraction as percentage proposes the percentage it means": (
        """
        pricing:
          discount: 0.025
          contingency: 0.5
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:10:13: pricing.discount: write percentages with a percent sign: 2.5% rather than 0.025",
         "bid.yaml:11:16: pricing.contingency: write percentages with a percent sign: 50% rather than 0.5"],
    ),
    "an adjustment the client schedule cannot show": (
        """
        pricing: {show_adjustments: [discount, markup]}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:9:40: pricing.show_adjustments[1]: 'markup' must be one of 'contingency', 'discount' "
         "or 'rounding'"],
    ),
    "round_to gives an option away": (
        """
        pricing: {round_to: 1000}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 12}]}]
        options: [{id: o, title: O, items: [{item: alpha/A, qty: 3}]}]
        """,
        ["bid.yaml:9:21: pricing.round_to: 1000 rounds option 'o' of 300.00 EUR to 0.00; use a smaller step"],
    ),
    "an adjustment shown twice": (
        """
        pricing: {show_adjustments: [rounding, discount, rounding]}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:9:29: pricing.show_adjustments: rounding is listed twice"],
    ),
    "payment shares must add up": (
        """
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        payment:
          - {milestone: Order, share: 30%}
          - {milestone: Delivery, share: 60%}
        """,
        ["bid.yaml:11:3: payment: payment shares add up to 90%, not 100%"],
    ),
    "several problems at once": (
        """
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/A, qty: -1}
              - {item: alpha/A}
              - {item: alpha/A, qty: 1, unit_price: 5}
        """,
        [
            "bid.yaml:13:30: sections[0].items[0].qty: must be greater than zero, got -1",
            "bid.yaml:14:9: sections[0].items[1].qty: is required",
            "bid.yaml:15:9: sections[0].items[2]: unit_price can only be given on an ad-hoc 'line', "
            "not on an 'item' (its values come from the catalogue)",
        ],
    ),
    "not a catalogue reference": (
        """
        sections: [{id: s, title: S, items: [{item: A, qty: 1}]}]
        """,
        ["bid.yaml:9:45: sections[0].items[0].item: 'A' is not a catalogue reference; "
         "write it as member/sku, e.g. pumpco/CP-40"],
    ),
    "duplicate key names both lines": (
        """
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        currency: DKK
        """,
        ["bid.yaml:10:1: key 'currency' is written twice in the same block (first at line 4); "
         "the second would silently replace the first"],
    ),
    "leading zero": (
        """
        tender_ref: 0123
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:9:13: 0123 has a leading zero, which YAML reads as the number 123; "
         "put it in quotes ('0123') if it is a code, or drop the zero"],
    ),
    "a number too long to be one": (
        """
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: %s}]}]
        """ % ("9" * 5000),
        ["bid.yaml:9:59: a number of 5000 digits is too long to be a quantity or a price"],
    ),
    "python tags are refused": (
        """
        tender_ref: !!python/object/apply:os.system ["echo hacked"]
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:9:13: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
         "is not allowed in a bid file"],
    ),
    "NO stays text and is then wrong as a country": (
        """
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]
        """,
        ["bid.yaml:3:38: client.country: 'NO!' is not an ISO 3166 two-letter country code (e.g. DK, UA)"],
        "client: {name: Test Client, country: NO!}\n",
    ),
    "unknown component with a suggestion": (
        """
        sections: [{id: s, title: S, items: [{item: alpha/AA, qty: 1}]}]
        """,
        ["bid.yaml:9:45: alpha has no component 'AA' in cat/alpha.xlsx; did you mean 'A'?"],
    ),
    "missing rate names the currency and the lines": (
        """
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/A, qty: 1}
              - {item: alpha/B, qty: 1}
        options: [{id: o, title: O, items: [{item: alpha/B, qty: 2}]}]
        """,
        ["bid.yaml:14:9: no exchange rate for SEK, needed by alpha/B; add it under rates: "
         "as 'SEK: <EUR per 1 SEK>'"],
    ),
    "bundle containing itself": (
        """
        bundles:
          a: {title: A, items: [{bundle: b, qty: 1}]}
          b: {title: B, items: [{bundle: a, qty: 2}]}
        sections: [{id: s, title: S, items: [{bundle: a, qty: 1}]}]
        """,
        ["bid.yaml:10:6: bundle 'a' contains itself: a -> b -> a",
         "bid.yaml:11:6: bundle 'b' contains itself: b -> a -> b"],
    ),
    "unknown bundle and member": (
        """
        pricing: {markup_by_member: {gamma: 5%}}
        sections:
          - id: s
            title: S
            items:
              - {bundle: kit, qty: 1}
              - {line: Crane, member: alphq, unit: day, qty: 2, unit_price: 800}
        """,
        [
            "bid.yaml:9:30: no catalogue for member 'gamma' (members: alpha)",
            "bid.yaml:14:18: no bundle named 'kit' under bundles:",
            "bid.yaml:15:31: no catalogue for member 'alphq'; did you mean 'alpha'?",
        ],
    ),
    "format mistakes and unknown references in one run": (
        """
        pricing: {markpu: 12%, markup_by_member: {gamma: 5%}}
        bundles:
          kit: {title: Kit, items: [{item: alpha/Z, qty: 1}, {item: alpha/A, qty: -1}]}
        sections:
          - id: s
            title: S
            items:
              - {item: alpha/AA, qty: 1}
              - {item: alpha/A, qty: 0}
              - {bundle: kti, qty: 1}
              - {line: Crane, member: alphq, unit: day, qty: 2, unit_price: 800}
              - {item: beta/A, qty: 1}
        """,
        [
            "bid.yaml:9:11: unknown key 'markpu'; did you mean 'markup'?",
            "bid.yaml:9:43: no catalogue for member 'gamma' (members: alpha)",
            "bid.yaml:11:36: alpha has no component 'Z' in cat/alpha.xlsx",
            "bid.yaml:11:75: bundles.kit.items[1].qty: must be greater than zero, got -1",
            "bid.yaml:16:16: alpha has no component 'AA' in cat/alpha.xlsx; did you mean 'A'?",
            "bid.yaml:17:30: sections[0].items[1].qty: must be greater than zero, got 0",
            "bid.yaml:18:18: no bundle named 'kti' under bundles:; did you mean 'kit'?",
            "bid.yaml:19:31: no catalogue for member 'alphq'; did you mean 'alpha'?",
            "bid.yaml:20:16: no catalogue for member 'beta'",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_problem_is_reported_at_its_place(tmp_path: Path, name: str) -> None:
    body, expected, *client = CASES[name]
    head = None
    if client:
        from tests.helpers import BID_HEAD

        head = BID_HEAD.replace("client: {name: Test Client, country: UA}\n", client[0])
    assert problems(tmp_path, body, head) == expected


def test_missing_catalogue_folder(tmp_path: Path) -> None:
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]\n")
    with pytest.raises(BidkitError) as info:
        price_bid(bid)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems] == [
        "bid.yaml:7:14: catalogue 'cat' not found (looked for cat)"
    ]


def test_stale_price_and_minimum_order_are_warnings(tmp_path: Path) -> None:
    head = ["sku", "name", "unit", "unit_price", "valid_until", "min_order_qty"]
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "pcs", 10, date(2026, 6, 30), 50]],
                    member={"id": "alpha", "name": "Alpha A/S", "currency": "EUR"}, head=head)  # fmt: skip
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 10}]}]\n")
    priced, warnings = price_bid(bid, today=date(2026, 11, 27))
    assert priced.total == 100
    assert [str(w).replace(str(tmp_path) + "/", "") for w in warnings] == [
        "bid.yaml:9:45: warning: the price of alpha/A expired on 2026-06-30 (row 2 of its catalogue); "
        "ask alpha for a current price",
        "bid.yaml:9:45: warning: alpha/A: the bid needs 10 but the minimum order is 50",
    ]
