"""LibreOffice recalculates the cost workbook from scratch and must arrive at the engine's figures.

One LibreOffice run (forced to recalculate every formula on load, see recalc.py)
opens five workbooks: the shipped example, the example in German (its sheet
names, quoted in formulas, and words such as the line kind the sums match are
German), a generated bid of several hundred lines, a copy of it with one formula
deliberately wrong (and its cached values still right), and a copy whose
contingency input was changed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bidkit.pipeline import build, price_bid
from bidkit.pricing.model import PricedBid
from bidkit.project import load_project
from tests.helpers import RISKY_NAMES, ROOT, example_copy, write_generated_bid
from tests.recalc import (
    cell_xml,
    differing_cells,
    exact,
    named,
    recalc_profile,
    recalculate,
    reconcile,
    replace_in_part,
)

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]  # LibreOffice recalculates two workbooks
EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"
LINES_PART = "xl/worksheets/sheet2.xml"
SUMMARY_PART = "xl/worksheets/sheet1.xml"


@dataclass
class Run:
    priced: PricedBid
    bid: Path  # the bid file
    ours: Path  # as bidkit wrote it
    fresh: Path  # as LibreOffice recalculated it


def _break_one_formula(src: Path, priced: PricedBid, dest: Path) -> tuple[Path, str]:
    """A copy whose unit-sell formula of one 'heat' line adds a cent; cached values untouched."""
    row = next(i for i, x in enumerate(priced.lines, start=2) if x.group_id == "heat")
    good = f"<f>ROUND(N{row}*(1+O{row}),2)</f>"
    return replace_in_part(src, LINES_PART, good, f"<f>ROUND(N{row}*(1+O{row})+0.01,2)</f>", dest), "heat"


def _set_contingency(src: Path, dest: Path, value: str) -> Path:
    """A copy with the ContingencyRate input cell changed, as an engineer would type it."""
    wb = load_workbook(src)
    _, ref = next(iter(wb.defined_names["ContingencyRate"].destinations))
    old = cell_xml(src, SUMMARY_PART, ref.replace("$", ""))
    new = old.replace("<v>0.035</v>", f"<v>{value}</v>")
    assert new != old
    return replace_in_part(src, SUMMARY_PART, old, new, dest)


@pytest.fixture(scope="module")
def runs(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    tmp = tmp_path_factory.mktemp("recalc")
    example = build(EXAMPLE, tmp / "example")
    german_bid = example_copy(tmp / "de", "de")
    german = build(german_bid, tmp / "de" / "out")
    generated_bid = write_generated_bid(tmp / "gen")
    generated = build(generated_bid, tmp / "gen" / "out")
    changed_root = tmp / "gen-5pct"
    changed_bid = write_generated_bid(changed_root, contingency="5%")
    changed_priced, _ = price_bid(changed_bid)
    src = tmp / "src"
    src.mkdir()
    sources = {
        "example": shutil.copy(example.outputs["costs"], src / "example.xlsx"),
        "german": shutil.copy(german.outputs["costs"], src / "german.xlsx"),
        "generated": shutil.copy(generated.outputs["costs"], src / "generated.xlsx"),
    }
    sources["broken"], _ = _break_one_formula(sources["generated"], generated.priced, src / "broken.xlsx")
    sources["contingency"] = _set_contingency(sources["generated"], src / "contingency.xlsx", "0.05")
    fresh = recalculate(
        soffice, [Path(p) for p in sources.values()], tmp / "fresh", recalc_profile(tmp / "p")
    )
    priced = {"example": (example.priced, EXAMPLE), "german": (german.priced, german_bid),
              "generated": (generated.priced, generated_bid),
              "broken": (generated.priced, generated_bid), "contingency": (changed_priced, changed_bid)}  # fmt: skip
    return {k: Run(*priced[k], Path(p), fresh[Path(p)]) for k, p in sources.items()}


@pytest.mark.parametrize("which", ["example", "german", "generated"])
def test_libreoffice_computes_the_engine_figures(runs: dict[str, Run], which: str) -> None:
    run = runs[which]
    wb = load_workbook(run.fresh, data_only=True)
    assert reconcile(wb, run.priced) == []
    assert exact(named(wb, "Total")) == run.priced.total


@pytest.mark.parametrize("which", ["example", "german", "generated"])
def test_every_cached_value_is_what_libreoffice_computes(runs: dict[str, Run], which: str) -> None:
    """Not only the totals: each line's unit cost, sell and totals, the bundles, the shares."""
    assert differing_cells(runs[which].ours, runs[which].fresh) == []


def test_generated_bid_is_large_and_mixed(runs: dict[str, Run]) -> None:
    priced = runs["generated"].priced
    assert len(priced.lines) >= 300
    assert {x.catalogue_currency for x in priced.lines} == {"EUR", "DKK", "SEK", "USD"}
    assert {x.markup_source for x in priced.lines} == {"line", "category", "member", "default"}
    assert priced.round_to and priced.rounding != 0 and len(priced.options) == 3
    catalogues = load_project(runs["generated"].bid).catalogues
    base = {c.ref: c.unit_price for cat in catalogues.values() for c in cat.components.values()}
    assert any(x.sku and x.catalogue_price != base[x.ref] for x in priced.lines), "no price break was used"


def test_a_wrong_formula_with_a_right_cached_value_is_caught(
    runs: dict[str, Run], soffice: str, tmp_path: Path
) -> None:
    run = runs["broken"]
    assert reconcile(load_workbook(run.ours, data_only=True), run.priced) == []  # the cache looks right
    mismatches = reconcile(load_workbook(run.fresh, data_only=True), run.priced)
    labels = {m.split(":")[0] for m in mismatches}
    # round_to (50) happens to absorb the extra cents here, so the total alone would not show it.
    assert {"section heat subtotal", "Subtotal", "Rounding"} <= labels, mismatches
    assert any(d.startswith("Lines!Q") for d in differing_cells(run.ours, run.fresh))
    # Without the forced recalculation LibreOffice shows the cached values and the error hides.
    lenient = recalculate(soffice, [run.ours], tmp_path / "out", recalc_profile(tmp_path / "p", force=False))
    assert reconcile(load_workbook(lenient[run.ours], data_only=True), run.priced) == []


def test_changing_the_contingency_input_moves_the_total_as_the_engine_does(runs: dict[str, Run]) -> None:
    run, before = runs["contingency"], runs["generated"].priced
    wb = load_workbook(run.fresh, data_only=True)
    assert exact(named(wb, "ContingencyRate")) == run.priced.contingency_rate == exact(0.05)
    assert reconcile(wb, run.priced) == []
    assert exact(named(wb, "Total")) - before.total == run.priced.total - before.total != 0


def test_catalogue_text_stays_literal_in_libreoffice(runs: dict[str, Run]) -> None:
    wb = load_workbook(runs["generated"].fresh)
    names = {c.value for c in wb["Lines"]["F"]}
    assert {n for n in RISKY_NAMES if not n.startswith("_x")} <= names
    assert not any(c.data_type == "f" for c in wb["Lines"]["F"])
    assert wb["Summary"]["B5"].value == "=Client & Co <test>"
