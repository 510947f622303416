"""The Client view sheet: LibreOffice recalculates the client's amounts to hand-computed cents.

Three small bids whose figures are worked out by hand (docs/pricing.md, rule 10): the worked
example of the docs, a tie that the earlier section wins, and a negative spread (rounding down).
One LibreOffice run, forced to recalculate every formula, opens all of them.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.outputs.workbook.labels import labels
from bidkit.pipeline import build
from bidkit.pricing.model import PricedBid
from tests.helpers import write_bid, write_catalogue
from tests.recalc import differing_cells, exact, recalc_profile, recalculate, reconcile

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

# (name, section quantities of a 1.00 EUR component at 0 % markup, pricing, client amounts, total)
CASES = [
    # A = contingency 18.00 + rounding 4.36 = 2,236 cents: 372.67 / 745.33 / 1118 -> the first gets the cent.
    ("docs", (100, 200, 300), "contingency: 3%, discount: 2%, round_to: 10",
     ("103.73", "207.45", "311.18"), "610.00"),
    # 300 + 3.00 contingency = 303 -> 301 (round_to 7): A = 1.00, 33 cents each, remainders tie: first wins.
    ("tie", (100, 100, 100), "contingency: 1%, round_to: 7, show_adjustments: []",
     ("100.34", "100.33", "100.33"), "301.00"),
    # 1,400 -> 1,000: A = -400.00; 5714.29 / 14285.71 / 20000 cents: the second gets the cent, negated.
    ("negative", (200, 500, 700), "round_to: 1000", ("142.86", "357.14", "500.00"), "1000.00"),
]  # fmt: skip


def _bid(root: Path, quantities: tuple[int, ...], pricing: str) -> Path:
    write_catalogue(root / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "pcs", 1, None, 4, "DK", 1]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    sections = "".join(
        f"  - {{id: s{i}, title: Section {i}, items: [{{item: alpha/A, qty: {q}}}]}}\n"
        for i, q in enumerate(quantities, start=1)
    )
    return write_bid(root, f"pricing: {{markup: 0%, {pricing}}}\nsections:\n{sections}")


@pytest.fixture(scope="module")
def runs(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PricedBid, Path, Path]]:
    tmp = tmp_path_factory.mktemp("client")
    built = {name: build(_bid(tmp / name, q, p), tmp / name / "out") for name, q, p, _, _ in CASES}
    sources = [b.outputs["costs"] for b in built.values()]
    copies = []
    for name, path in zip(built, sources, strict=True):
        copy = tmp / "src" / f"{name}.xlsx"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    fresh = recalculate(soffice, copies, tmp / "fresh", recalc_profile(tmp / "profile"))
    return {name: (built[name].priced, copy, fresh[copy]) for name, copy in zip(built, copies, strict=True)}


def _client_amounts(wb: Any) -> list[D]:
    t = labels("en")
    rows = list(wb["Client view"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == t["col_section"]) + 1
    return [exact(r[8]) for r in rows[start:] if r[0] and r[0] != t["total"]]


@pytest.mark.parametrize(("name", "quantities", "pricing", "amounts", "total"), CASES)
def test_client_amounts_recalculate_to_the_hand_computed_cents(
    runs: dict[str, tuple[PricedBid, Path, Path]], name: str, quantities: tuple[int, ...], pricing: str,
    amounts: tuple[str, ...], total: str,
) -> None:  # fmt: skip
    priced, ours, fresh = runs[name]
    expected = [D(a) for a in amounts]
    assert [c.amount for c in priced.client_view.sections] == expected  # the engine, by hand
    assert priced.total == D(total)
    wb = load_workbook(fresh, data_only=True)
    assert _client_amounts(wb) == expected  # LibreOffice, from the formulas
    summary = {r[0]: r[1] for r in wb["Client view"].iter_rows(values_only=True) if r[0]}
    assert exact(summary["Total (client's schedule)"]) == D(total)
    assert summary["Difference from the total"] == 0
    assert reconcile(wb, priced) == []
    assert differing_cells(ours, fresh) == []  # and the cached values were LibreOffice's figures


def test_the_spread_is_live(runs: dict[str, tuple[PricedBid, Path, Path]]) -> None:
    """Every client figure is a formula over the Summary and Sections sheets, never a pasted value."""
    _, ours, _ = runs["docs"]
    ws = load_workbook(ours)["Client view"]
    assert ws["A3"].value == "Shown to the client: Discount."
    assert load_workbook(runs["tie"][1])["Client view"]["A3"].value == "Shown to the client: nothing."
    by_label = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}
    assert by_label["Contingency, spread"] == "=Contingency"
    assert by_label["Rounding, spread"] == "=Rounding"
    assert by_label["Discount, shown"] == "=Discount"
    assert by_label["Difference from the total"].endswith("-Total,2)")
    first = next(r[0].row for r in ws.iter_rows() if r[0].value == "s1")
    assert ws.cell(first, 3).value == "=Sections!$E$2"
    assert all(ws.cell(first, c).data_type == "f" for c in range(3, 10))
