"""Loading a bid with its catalogues and price lock (bidkit/project.py), as the bid's author sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidkit.errors import BidkitError
from bidkit.pipeline import build
from bidkit.project import load_project
from tests.helpers import copy_example, write_bid


def _problems(bid: Path) -> list[str]:
    with pytest.raises(BidkitError) as caught:
        load_project(bid)
    return [str(p) for p in caught.value.problems]


def test_each_item_knows_the_line_it_was_written_on(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    build(bid, tmp_path / "out")  # writes the price lock, so the load reads one
    project = load_project(bid)
    assert project.lock is not None and project.lock.bid == project.bid.spec.id
    items = [item for section in project.bid.spec.sections for item in section.items]
    for item in items:
        line, col = project.bid.source.values[project.bid.item_path(item)]
        assert project.bid.item_place(item) == f"{line}:{col}"
    assert project.bid.item_path(items[0]) == ("sections", 0, "items", 0)


def test_a_bid_error_names_its_line_and_the_known_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bid = write_bid(
        tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 0}]}]\ncolour: red\n"
    )
    monkeypatch.chdir(tmp_path)
    keys = ("id, title, client, tender_ref, deadline, date, revision, language, currency, incoterm, "
            "validity_days, lead, consortium, catalogues, rates, rates_date, template, summary, pricing, "
            "bundles, sections, options, payment, letter, contact, signatory, assumptions, exclusions, deviations, "
            "delivery_schedule, units, content_rules, member_packs, member_packs_show_sell, member_packs_language, green_annex")  # fmt: skip
    assert _problems(bid) == [
        "bid.yaml:7:14: catalogue 'cat' not found (looked for cat)",  # found in the same run
        "bid.yaml:9:59: sections[0].items[0].qty: must be greater than zero, got 0",
        f"bid.yaml:10:1: unknown key 'colour'; expected one of: {keys}",
    ]


def test_a_missing_catalogue_is_reported_where_the_bid_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]\n")
    monkeypatch.chdir(tmp_path)
    assert _problems(bid) == ["bid.yaml:7:14: catalogue 'cat' not found (looked for cat)"]
