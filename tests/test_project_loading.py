"""A big bid is read in a child process while its catalogues and lock load here (bidkit/project.py).

The two ways of loading must give the same project and the same problems; only the speed
differs (measured by `make bench`, never here).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bidkit.project
from bidkit.bid.yamlsource import peek_list
from bidkit.errors import BidkitError
from bidkit.outputs.summary import to_json
from bidkit.pipeline import build, price_project
from bidkit.project import Project, load_project
from tests.helpers import ROOT, write_bid

EXAMPLE = ROOT / "examples" / "lviv-substations"


def _example(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root / "examples" / "ex")
    shutil.copytree(ROOT / "catalogues", root / "catalogues")
    return root / "examples" / "ex" / "bid.yaml"


def _load(bid: Path, monkeypatch: pytest.MonkeyPatch, *, side_by_side: bool) -> Project:
    monkeypatch.setattr(bidkit.project, "PARALLEL_BID_CHARS", 0 if side_by_side else 10**12)
    return load_project(bid)


def _problems(bid: Path, monkeypatch: pytest.MonkeyPatch, *, side_by_side: bool) -> list[str]:
    with pytest.raises(BidkitError) as caught:
        _load(bid, monkeypatch, side_by_side=side_by_side)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("catalogues: [a, b]\n", ["a", "b"]),
        (
            "id: X\nsections: [{id: s, items: [{item: a/b}]}]\ncatalogues:\n  - one\n  - 'two'\n",
            ["one", "two"],
        ),
        ("a: &x [c]\ncatalogues: *x\n", None),  # an alias: read the whole file instead
        ("catalogues: [a, 1]\n", None),  # not all text
        ("catalogues: [a, [b]]\n", None),
        ("catalogues: !!seq [a]\n", ["a"]),  # the reader accepts the standard tag too
        ("'catalogues': [a]\n", None),  # a quoted key is left to the full reader
        ("x: 1\n", None),
        ("- a\n", None),
        ("catalogues: [a\n", None),  # a syntax error: the full reader reports it
        ("", None),
    ],
)
def test_the_catalogue_list_is_read_from_the_top_of_the_file(text: str, expected: list[str] | None) -> None:
    assert peek_list(text, "catalogues") == expected


def test_a_peek_gives_up_after_its_limit() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(100)) + "catalogues: [a]\n"
    assert peek_list(text, "catalogues", limit=50) is None
    assert peek_list(text, "catalogues") == ["a"]


def test_loading_side_by_side_gives_the_same_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bid = _example(tmp_path)
    build(bid, tmp_path / "out")  # writes the price lock, so both loads read one
    serial = _load(bid, monkeypatch, side_by_side=False)
    parallel = _load(bid, monkeypatch, side_by_side=True)
    assert parallel.bid.spec == serial.bid.spec
    assert "source" not in parallel.bid.__dict__  # handed over packed: unpacked only when asked for
    assert parallel.bid.source == serial.bid.source
    assert parallel.bid.path == serial.bid.path
    assert parallel.lock is not None and parallel.lock == serial.lock
    assert sorted(parallel.catalogues) == sorted(serial.catalogues)
    items = [item for section in parallel.bid.spec.sections for item in section.items]
    serial_items = [i for s in serial.bid.spec.sections for i in s.items]
    assert [parallel.bid.item_path(i) for i in items] == [serial.bid.item_path(i) for i in serial_items]
    assert [parallel.bid.item_place(i) for i in items] == [serial.bid.item_place(i) for i in serial_items]
    line, col = serial.bid.source.values[serial.bid.item_path(serial_items[0])]
    assert serial.bid.item_place(serial_items[0]) == f"{line}:{col}"
    assert to_json(price_project(parallel).priced) == to_json(price_project(serial).priced)


def test_a_bid_error_reads_the_same_when_loaded_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bid = write_bid(
        tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 0}]}]\ncolour: red\n"
    )
    monkeypatch.chdir(tmp_path)
    keys = ("id, title, client, tender_ref, deadline, date, revision, language, currency, incoterm, "
            "validity_days, lead, consortium, catalogues, rates, rates_date, template, summary, pricing, "
            "bundles, sections, options, payment")  # fmt: skip
    expected = [
        "bid.yaml:9:59: sections[0].items[0].qty: must be greater than zero, got 0",
        f"bid.yaml:10:1: unknown key 'colour'; expected one of: {keys}",
    ]
    assert _problems(bid, monkeypatch, side_by_side=False) == expected
    assert _problems(bid, monkeypatch, side_by_side=True) == expected


def test_a_missing_catalogue_reads_the_same_when_loaded_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}]}]\n")
    monkeypatch.chdir(tmp_path)
    expected = ["bid.yaml:7:14: catalogue 'cat' not found (looked for cat)"]
    assert _problems(bid, monkeypatch, side_by_side=False) == expected
    assert _problems(bid, monkeypatch, side_by_side=True) == expected


def test_a_misread_catalogue_list_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bid = _example(tmp_path)
    serial = _load(bid, monkeypatch, side_by_side=False)
    monkeypatch.setattr(bidkit.project, "peek_list", lambda text, key: ["../../nowhere"])
    parallel = _load(bid, monkeypatch, side_by_side=True)
    assert sorted(parallel.catalogues) == sorted(serial.catalogues)
