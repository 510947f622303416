"""Models made without validation (bidkit/maker.py: trusted) are exactly what validation makes.

Components, priced lines and lock entries skip pydantic's validation because their values were checked
before (cell by cell as the catalogue was read) or computed from checked values.  That is
only sound while the values handed over are every field, in the model's order, of the very
types validation would give; these tests hold every component and line of real projects to
that, field by field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import write_catalogue, write_generated_bid
from pydantic import BaseModel
from test_catalogue_cache import EVERY_HEAD, EVERY_ROWS

from bidkit.build import price_project
from bidkit.catalogue import batch
from bidkit.catalogue.cache import decode
from bidkit.catalogue.loader import load_catalogue
from bidkit.catalogue.model import PLAIN_FIELDS, Catalogue, Component, PriceBreak, component_values
from bidkit.maker import trusted
from bidkit.pricing.model import PricedLine
from bidkit.project import load_project
from bidkit.review.lock import lock_for


def assert_as_validated(made: BaseModel) -> None:
    """``made`` equals the model validated from its own values: same fields, order, types, digits."""
    model = type(made)
    validated = model.model_validate(dict(made.__dict__))
    assert list(made.__dict__) == list(model.model_fields)
    for name in model.model_fields:
        mine, checked = getattr(made, name), getattr(validated, name)
        assert (type(mine), repr(mine)) == (type(checked), repr(checked)), name
    assert made == validated
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump_json() == validated.model_dump_json()


def every_component(catalogue: Catalogue) -> None:
    for sku in catalogue.components:
        assert_as_validated(catalogue.components[sku])


def test_every_component_of_the_sample_catalogues_read_directly_and_through_the_cache() -> None:
    for path in sorted((ROOT / "catalogues").glob("*.xlsx")):
        direct, problems = load_catalogue(path, path.name)
        assert direct is not None, problems
        every_component(direct)
        entry, digest, _, _ = batch.parse(path, path.name, True)
        assert entry is not None
        every_component(decode(entry, digest, path.name)[0])


def test_each_plain_value_lands_in_its_own_field() -> None:
    """component_values unpacks a row by position: every field gets a value no other field has."""
    row = ("Name", "pcs", 123450, "DKK", "Desc", "Cat", 4, "10", "DK", "8413", "2.5", "7.25", "https://x",
           "2027-01-31", (("colour", "red"),), (("100", "900.00", 5),), 12)  # fmt: skip
    assert len(row) == len(PLAIN_FIELDS)
    expected = Component(
        member="m", sku="S", name="Name", unit="pcs", unit_price=D("1234.50"), currency="DKK",
        description="Desc", category="Cat", lead_time_weeks=4, min_order_qty=D("10"), origin_country="DK",
        hs_code="8413", weight_kg=D("2.5"), co2e_kg=D("7.25"), datasheet="https://x",
        valid_until=date(2027, 1, 31), extra={"colour": "red"},
        price_breaks=(PriceBreak(min_qty=D(100), unit_price=D("900.00"), row=5),), row=12,
    )  # fmt: skip
    values = component_values("m", "S", row)
    assert values == dict(expected)
    assert_as_validated(trusted(Component)(values))
    assert_as_validated(values["price_breaks"][0])


def test_components_with_every_column_kind_and_odd_cells(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "every.xlsx", EVERY_ROWS, head=EVERY_HEAD,
                           breaks=[["P-1", 10, 9000], ["P-1", 50.0, "8.500,5"], ["P-3", "100", 0.1]])  # fmt: skip
    direct, problems = load_catalogue(path, "every.xlsx")
    assert direct is not None, problems
    assert len(direct.components) == 5
    every_component(direct)
    entry, digest, _, _ = batch.parse(path, "every.xlsx", True)
    assert entry is not None
    every_component(decode(entry, digest, "every.xlsx")[0])


@pytest.mark.parametrize("project", ["example", "generated"])
def test_every_priced_line(project: str, tmp_path: Path) -> None:
    """The shipped example, and a generated bid with bundles, options, ad-hoc lines and four currencies."""
    if project == "example":
        bid = ROOT / "examples" / "lviv-substations" / "bid.yaml"
    else:
        bid = write_generated_bid(tmp_path)
    priced = price_project(load_project(bid, use_cache=False)).priced
    lines = [*priced.lines, *priced.option_lines]
    kinds = {(line.group, bool(line.bundle), bool(line.sku), line.co2e_kg is None) for line in lines}
    assert len(kinds) >= 4  # sections and options, in and out of bundles, with and without CO2e
    for line in lines:
        assert_as_validated(line)
    run = price_project(load_project(bid, use_cache=False))
    locked = lock_for(run.priced, run.catalogues).components
    assert len(locked) == len({line.ref for line in lines if line.sku})
    for entry in locked.values():
        assert_as_validated(entry)


def test_a_trusted_model_behaves_as_a_validated_one() -> None:
    """Frozen, comparable, copyable and picklable like any other instance."""
    import pickle

    example = ROOT / "examples" / "lviv-substations" / "bid.yaml"
    line = price_project(load_project(example, use_cache=False)).priced.lines[0]
    remade = trusted(PricedLine)(dict(line.__dict__))
    assert remade == line and remade is not line
    with pytest.raises(Exception, match="frozen"):
        remade.qty = line.qty  # type: ignore[misc]
    copied = remade.model_copy(update={"name": "Other"})
    assert (copied.name, remade.name, copied.model_fields_set) == ("Other", line.name, remade.model_fields_set)
    assert pickle.loads(pickle.dumps(remade)) == line
