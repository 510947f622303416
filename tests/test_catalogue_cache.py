"""The catalogue cache: an unchanged workbook is not read again; a changed, corrupt, stale or
planted entry is never used."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import bidkit
from bidkit.catalogue import load_catalogue, load_catalogues, sources
from bidkit.catalogue.contract.model import Catalogue
from bidkit.pipeline import price_bid
from bidkit.speed.catalogues import CatalogueCache, RefusedEntry, StaleEntry, decode, encode, file_digest
from tests.corpus.sandbox import run_bidkit
from tests.helpers import ROOT, copy_example, plant_cache_entry, write_catalogue

HEAD = ["sku", "name", "unit", "unit_price", "currency", "lead_time_weeks", "valid_until", "Brand"]
ROWS = [
    ["A-1", "Alpha pump", "pcs", 1234.5, None, 6, "2027-06-30", "Grundfos"],
    ["B-2", "Beta valve\nDN50", "pcs", "1.050,25", "EUR", None, None, ""],
]


def catalogue(folder: Path, rows: list[list[Any]] = ROWS) -> Path:
    return write_catalogue(folder / "cat" / "alpha.xlsx", rows, head=HEAD,
                           member={"id": "alpha", "name": "Alpha A/S", "currency": "DKK", "country": "DK",
                                   "catalogue_date": "2026-11-01", "Fax": "unknown key"},
                           breaks=[["A-1", 10, 1200], ["A-1", 50, "1.150,00"]])  # fmt: skip


def load(path: Path, cache: CatalogueCache | None) -> tuple[Catalogue, list[str]]:
    found, problems = load_catalogues([path.parent], base=path.parent.parent, cache=cache)
    return found["alpha"], [str(p) for p in problems]


def as_data(cat: Catalogue) -> dict[str, Any]:
    """Everything a catalogue holds, its components as a plain dict."""
    data = {f.name: getattr(cat, f.name) for f in fields(cat)}
    data["components"] = dict(cat.components)
    return data


def never_read(*args: Any) -> Any:
    raise AssertionError("the workbook was read although its cache entry is good")


def test_hit_gives_the_same_catalogue_without_reading_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalogue(tmp_path)
    cache = CatalogueCache(tmp_path / "cache")
    fresh, warnings = load(path, cache)
    assert warnings == ["cat/alpha.xlsx:Member!A7: warning: unknown member key 'Fax' (ignored)"]
    assert len(list(cache.folder.glob("*.cat"))) == 1
    monkeypatch.setattr(sources, "read_workbook", never_read)
    cached, again = load(path, cache)
    assert again == warnings  # warnings come back with their places
    assert as_data(cached) == as_data(fresh)
    direct, _ = load_catalogue(path, "cat/alpha.xlsx")  # the loader itself, no cache involved
    assert direct is not None and as_data(cached) == as_data(direct)
    a1 = cached.components["A-1"]
    assert (a1.unit_price, a1.price_for(D(60)), a1.extra) == (
        D("1234.50"),
        D("1150.00"),
        {"Brand": "Grundfos"},
    )
    assert cached.components["B-2"].name == "Beta valve\nDN50"


def test_example_catalogues_round_trip_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "catalogues", tmp_path / "cat")
    cache = CatalogueCache(tmp_path / "cache")
    fresh, _ = load_catalogues([tmp_path / "cat"], cache=cache)
    direct, _ = load_catalogues([tmp_path / "cat"])
    monkeypatch.setattr(sources, "read_workbook", never_read)
    cached, _ = load_catalogues([tmp_path / "cat"], cache=cache)
    assert {m: as_data(c) for m, c in cached.items()} == {m: as_data(c) for m, c in fresh.items()}
    assert {m: as_data(c) for m, c in cached.items()} == {m: as_data(c) for m, c in direct.items()}


def test_a_workbook_saved_again_while_it_is_read_is_cached_under_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved again mid-read, the new file is never cached (or locked) with the old rows.

    The old rows may be kept, but only under the digest of the old bytes: the next build
    finds no entry for the new file, reads it, and prices from the new rows.
    """
    from bidkit.catalogue.xlsx import reader

    path = catalogue(tmp_path)
    old_digest = file_digest(path)
    new_rows = [[*ROWS[0][:3], 999.0, *ROWS[0][4:]], ROWS[1]]
    new_bytes = catalogue(tmp_path / "new", new_rows).read_bytes()
    scan = reader.scan_sheet

    def saved_meanwhile(*args: Any) -> Any:
        path.write_bytes(new_bytes)  # lands as the first sheet is read
        return scan(*args)

    monkeypatch.setattr(reader, "scan_sheet", saved_meanwhile)
    cache = CatalogueCache(tmp_path / "cache")
    read_meanwhile, _ = load(path, cache)
    assert read_meanwhile.components["A-1"].unit_price == D("1234.50")  # the bytes it had read
    assert read_meanwhile.sha256 == old_digest != file_digest(path)
    assert [p.name.split("-")[0] for p in cache.folder.glob("*.cat")] == [old_digest]
    monkeypatch.setattr(reader, "scan_sheet", scan)
    next_build, _ = load(path, cache)
    assert next_build.components["A-1"].unit_price == D("999.00")
    assert next_build.sha256 == file_digest(path)


def test_miss_when_the_workbook_changes(tmp_path: Path) -> None:
    path = catalogue(tmp_path)
    cache = CatalogueCache(tmp_path / "cache")
    load(path, cache)
    changed = [[*ROWS[0][:3], 999.0, *ROWS[0][4:]], ROWS[1]]
    catalogue(tmp_path, changed)
    cat, _ = load(path, cache)
    assert cat.components["A-1"].unit_price == D("999.00")
    assert cat.sha256 == file_digest(path)
    assert len(list(cache.folder.glob("*.cat"))) == 2  # one entry per content


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "garbage", "empty"])
def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    path = catalogue(tmp_path)
    cache = CatalogueCache(tmp_path / "cache")
    fresh, _ = load(path, cache)
    (entry,) = cache.folder.glob("*.cat")
    good = entry.read_bytes()
    bad = {
        "flip a byte": good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:],
        "truncate": good[: len(good) // 2],
        "garbage": b"\x00" * 64 + b"not a cache entry",
        "empty": b"",
    }[damage]
    entry.write_bytes(bad)
    with pytest.raises(StaleEntry):
        decode(bad, file_digest(path), "cat/alpha.xlsx")
    cat, _ = load(path, cache)
    assert as_data(cat) == as_data(fresh)
    assert entry.read_bytes() == good  # parsed again and written again


def test_an_entry_is_only_used_by_the_bidkit_version_that_wrote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalogue(tmp_path)
    cache = CatalogueCache(tmp_path / "cache")
    load(path, cache)
    (old_entry,) = cache.folder.glob("*.cat")
    monkeypatch.setattr(bidkit, "__version__", "99.0.0")
    new_path = cache.path(file_digest(path))
    assert new_path != old_entry
    shutil.copy(old_entry, new_path)  # an old entry under the new name: its content says 0.1.0
    with pytest.raises(StaleEntry, match="another bidkit version"):
        decode(new_path.read_bytes(), file_digest(path), "cat/alpha.xlsx")
    read: list[Path] = []
    real_read = sources.read_workbook
    monkeypatch.setattr(sources, "read_workbook", lambda p, *a: read.append(p) or real_read(p, *a))
    cat, warnings = load(path, cache)
    assert read == [path]
    assert warnings == ["cat/alpha.xlsx:Member!A7: warning: unknown member key 'Fax' (ignored)"]  # no refusal
    assert cat.components["A-1"].unit_price == D("1234.50")
    assert decode(new_path.read_bytes(), file_digest(path), "cat/alpha.xlsx")[0].member.id == "alpha"


def test_a_catalogue_with_errors_is_not_cached(tmp_path: Path) -> None:
    path = catalogue(tmp_path, [["A-1", "", "pcs", -5, None, 6, None, ""]])
    cache = CatalogueCache(tmp_path / "cache")
    found, problems = load_catalogues([path.parent], base=tmp_path, cache=cache)
    assert found == {}
    assert [str(p) for p in problems if p.is_error] == [
        "cat/alpha.xlsx:Components!B2: name is empty",
        "cat/alpha.xlsx:Components!D2: unit_price -5 is negative",
    ]
    assert list(cache.folder.glob("*.cat")) == []


def test_build_uses_the_cache_folder_and_no_cache_skips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BIDKIT_CACHE_DIR", str(folder))
    bid = str(ROOT / "examples" / "lviv-substations" / "bid.yaml")
    code, _, err = run_cli("price", bid, "--no-cache")
    assert code == 0, err
    assert not folder.exists()
    code, _, err = run_cli("build", bid, "--out", str(tmp_path / "out"), "--quiet")
    assert code == 0, err
    assert len(list((folder / "catalogues").glob("*.cat"))) == 4  # the four member catalogues


EVERY_HEAD = ["sku", "name", "unit", "unit_price", "currency", "description", "category", "lead_time_weeks",
              "min_order_qty", "origin_country", "hs_code", "weight_kg", "co2e_kg", "datasheet", "valid_until",
              "Brand", "Colour"]  # fmt: skip
EVERY_ROWS = [
    ["P-1", " Pump ", "pcs", 9088.639999999999, "dkk", "Big pump", "Pumps", 6.0, 350.0, "de", "8413",
     332.7, 1e-05, "https://x.example/p1.pdf", date(2027, 6, 30), "Grundfos", "red"],
    ["P-2", "Valve", "m", 33451.5, "EUR", "", "", None, "1.250,5", None, 7, 1e16, "12,5", "", "2027-01-31", "", 4],
    ["P-3", "Pipe", "kg", "€ 1.050,25", "EUR", 42, "Pipes", "12", 0.1, "SE", "", 0.0, 100.0, "", "31.12.2026",
     "Acme", ""],
    ["P-4", 1001, "pcs", 0.0, None, None, None, 1.0, 12.5, None, None, 2.25, None, None, None, None, None],
    ["P-5", "Noisy", "pcs", 19.990000000000002, "", "x", "y", 2.0, 3.0, "NO", "1", 1234.567890123457, 1.1,
     "", 46000, "z", "w"],
]  # fmt: skip


def test_components_through_the_cache_equal_those_loaded_directly_field_by_field(tmp_path: Path) -> None:
    """Every column kind, common and odd cells: the same values of the same types, the same digits."""
    path = write_catalogue(tmp_path / "cat" / "every.xlsx", EVERY_ROWS, head=EVERY_HEAD,
                           breaks=[["P-1", 10, 9000], ["P-1", 50.0, "8.500,5"], ["P-3", "100", 0.1]])  # fmt: skip
    direct, problems = load_catalogue(path, "every.xlsx")
    assert direct is not None, problems
    cached, _ = decode(encode(direct, problems), direct.sha256, "every.xlsx")
    assert (len(cached.components), cached.price_break_count) == (5, 3)
    assert list(cached.components) == list(direct.components) == ["P-1", "P-2", "P-3", "P-4", "P-5"]
    for sku in direct.components:
        one, other = direct.components[sku], cached.components[sku]
        for field in fields(one):
            mine, theirs = getattr(one, field.name), getattr(other, field.name)
            assert (type(mine), repr(mine)) == (type(theirs), repr(theirs)), (sku, field.name)
    p1, p2, p3, p4, p5 = (direct.components[s] for s in direct.components)
    assert (p1.unit_price, p1.min_order_qty, p1.co2e_kg, p1.valid_until, p1.lead_time_weeks) == (
        D("9088.64"), D("350"), D("0.00001"), date(2027, 6, 30), 6)  # fmt: skip
    assert [str(v) for v in (p2.unit_price, p2.min_order_qty, p2.weight_kg, p2.co2e_kg)] == [
        "33451.50", "1250.5", "10000000000000000", "12.5"]  # fmt: skip
    assert (p2.hs_code, p2.extra) == ("7", {"Brand": "", "Colour": "4"})
    assert (p3.unit_price, p3.description, p3.lead_time_weeks, str(p3.weight_kg), p3.valid_until) == (
        D("1050.25"), "42", 12, "0", date(2026, 12, 31))  # fmt: skip
    assert (str(p4.unit_price), p4.name, p4.currency) == ("0.00", "1001", "DKK")
    assert p4.extra == {"Brand": "", "Colour": ""}
    assert (str(p5.unit_price), str(p5.weight_kg)) == ("19.99", "1234.567890123457")
    assert p5.valid_until == date(2025, 12, 9)  # an Excel day number
    assert [(str(b.min_qty), str(b.unit_price), b.row) for b in p1.price_breaks] == [
        ("10", "9000.00", 2), ("50", "8500.50", 3)]  # fmt: skip


# --- planted entries: a real, correctly sealed entry holding what the reader would refuse ---

REFUSED = "the cached copy of this catalogue failed its checks and was ignored; the workbook was read again"


def _set(field: str, value: Any) -> Any:
    def edit(body: dict[str, Any]) -> None:
        body["values"][field][body["skus"].index("CP-40")] = value

    return edit


def _twice(body: dict[str, Any]) -> None:
    body["skus"][1] = body["skus"][0]


PLANTED = {
    "a negative price": _set("unit_price", -100),
    "a negative price as text": _set("unit_price", "-1.00"),
    "fractions of a cent": _set("unit_price", "5980.005"),
    "a price as a float": _set("unit_price", 5980.5),
    "an unknown currency": _set("currency", "ABC"),
    "a name that is no text": _set("name", 5),
    "a currency that is no text": _set("currency", None),
    "a control character in a name": _set("name", "Pump \x1b[8mhidden"),
    "a duplicated SKU": _twice,
    "a negative lead time": _set("lead_time_weeks", -2),
    "a weight that is no number": _set("weight_kg", "1_000"),
    "an impossible date": _set("valid_until", "2027-02-30"),
    "a missing column value": lambda body: body["values"]["unit"].pop(),
    "the separator inside a name": _set("name", "Pump\x00hidden"),
    "the separator inside a SKU": lambda body: body["skus"].__setitem__(0, "CP-40\x00CP-41"),
    "a code that is no text": _set("origin_country", 7),
}


def _stored(field: str, change: Callable[[Any, Any], tuple[Any, Any]]) -> Callable[[dict[str, Any]], None]:
    """An edit of one column as stored: ``change(values, index)`` gives the new pair."""

    def edit(body: dict[str, Any]) -> None:
        body["values"][field] = change(*body["values"][field])

    return edit


# Entries in the stored layout (catalogues/pumpco.xlsx: 3 components; unit and currency indexed).
PLANTED_AS_STORED = {
    "a joined column one text short": _stored("description", lambda texts, index: (texts.rsplit("\x00", 2)[0] + "\x00", index)),
    "a joined column one text long": _stored("name", lambda texts, index: (texts + "Extra\x00", index)),
    "a joined column without its last separator": _stored("name", lambda texts, index: (texts[:-1], index)),
    "an empty name between separators": _stored("name", lambda texts, index: ("\x00" + texts[texts.index("\x00") + 1:], index)),
    "a name with a space at its end": _stored("name", lambda texts, index: (texts.replace("\x00", " \x00", 1), index)),
    "a text column that is a list": _stored("name", lambda texts, index: (texts.split("\x00")[:-1], index)),
    "an index past the values": _stored("currency", lambda texts, index: (texts, index[:-1] + b"\x01")),
    "an index one row short": _stored("unit", lambda texts, index: (texts, index[:-1])),
    "an index that is no bytes": _stored("unit", lambda texts, index: (texts, list(index))),
    "a refused value that no row uses": _stored("currency", lambda texts, index: (texts + "ABC\x00", index)),
    "a price column indexed out of range": _stored("unit_price", lambda prices, index: (prices[:1], b"\x00\x00\x01")),
    "a count that is not the SKUs'": lambda body: body.__setitem__("count", body["count"] - 1),
}  # fmt: skip


@pytest.mark.parametrize("planted", [*PLANTED, *PLANTED_AS_STORED])
def test_a_planted_entry_is_refused_with_a_warning_and_the_workbook_is_read_again(
    tmp_path: Path, planted: str
) -> None:
    shutil.copytree(ROOT / "catalogues", tmp_path / "cat")
    workbook = tmp_path / "cat" / "pumpco.xlsx"
    cache = CatalogueCache(tmp_path / "cache")
    fresh, _ = load_catalogues([workbook], base=tmp_path, cache=cache)
    if planted in PLANTED:
        entry = plant_cache_entry(cache.folder, workbook, PLANTED[planted])
    else:
        entry = plant_cache_entry(cache.folder, workbook, PLANTED_AS_STORED[planted], stored=True)
    with pytest.raises(RefusedEntry):
        decode(entry.read_bytes(), file_digest(workbook), "cat/pumpco.xlsx")
    found, problems = load_catalogues([workbook], base=tmp_path, cache=cache)
    assert [str(p) for p in problems] == [f"cat/pumpco.xlsx: warning: {REFUSED}"]
    assert found["pumpco"].components["CP-40"].unit_price == D("5980.00")  # from the workbook
    assert as_data(found["pumpco"]) == as_data(fresh["pumpco"])
    again, problems = load_catalogues([workbook], base=tmp_path, cache=cache)  # the fresh entry was stored
    assert (problems, as_data(again["pumpco"])) == ([], as_data(fresh["pumpco"]))


def test_planting_helper_stores_an_unchanged_entry_that_is_still_used(tmp_path: Path) -> None:
    """The planted cases above are refused for what they change, not for how the helper stores them."""
    shutil.copytree(ROOT / "catalogues", tmp_path / "cat")
    workbook = tmp_path / "cat" / "pumpco.xlsx"
    cache = CatalogueCache(tmp_path / "cache")
    fresh, _ = load_catalogues([workbook], base=tmp_path, cache=cache)
    entry = plant_cache_entry(cache.folder, workbook, lambda body: None)
    cached, problems = decode(entry.read_bytes(), file_digest(workbook), "cat/pumpco.xlsx")
    assert (problems, as_data(cached)) == ([], as_data(fresh["pumpco"]))


def test_indexed_and_joined_columns_give_the_same_components(tmp_path: Path) -> None:
    """Many rows with few distinct values are stored indexed; every component comes back the same."""
    rows = [[f"S-{i}", f"Part {i}", ("pcs", "m", "kg")[i % 3], 100.0 + i % 5, "EUR", "", ("A", "B")[i % 2],
             i % 4 or None, None, "DK", "", None if i % 7 else 2.5, 1.25, "", "2027-06-30" if i % 2 else None,
             ("x", "y")[i % 2], ""] for i in range(300)]  # fmt: skip
    path = write_catalogue(tmp_path / "cat" / "many.xlsx", rows, head=EVERY_HEAD)
    direct, problems = load_catalogue(path, "many.xlsx")
    assert direct is not None, problems
    cached, _ = decode(encode(direct, problems), direct.sha256, "many.xlsx")
    assert as_data(cached) == as_data(direct)
    assert [cached.components[s].unit for s in ("S-0", "S-1", "S-2", "S-299")] == ["pcs", "m", "kg", "kg"]


def test_a_planted_negative_price_does_not_change_the_example_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIDKIT_CACHE_DIR", str(tmp_path / "cache"))
    bid = copy_example(tmp_path)
    priced, warnings = price_bid(bid)
    assert (priced.total, warnings) == (D("1100000.00"), [])
    plant_cache_entry(
        tmp_path / "cache" / "catalogues", tmp_path / "catalogues" / "pumpco.xlsx", _set("unit_price", -598000)
    )
    monkeypatch.chdir(tmp_path)
    priced, warnings = price_bid(bid)
    assert priced.total == D("1100000.00")
    assert [str(w) for w in warnings] == [f"catalogues/pumpco.xlsx: warning: {REFUSED}"]


@pytest.mark.parametrize("planted", ["a negative price", "fractions of a cent"])
def test_a_planted_entry_is_refused_by_the_command_and_the_lock_keeps_the_workbook_price(
    tmp_path: Path, planted: str
) -> None:
    """Through the real command, in a child process under the sandbox's memory limit."""
    bid = copy_example(tmp_path)
    env = {"BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert run_bidkit(["price", str(bid)], tmp_path, env).code == 0  # fills the cache
    plant_cache_entry(tmp_path / "cache" / "catalogues", tmp_path / "catalogues" / "pumpco.xlsx", PLANTED[planted])
    run = run_bidkit(["build", str(bid), "--out", "out", "--quiet"], tmp_path, env)
    assert (run.code, run.stderr) == (0, f"catalogues/pumpco.xlsx: warning: {REFUSED}\n")
    locked = json.loads((bid.with_name("bid.lock.json")).read_text(encoding="utf-8"))["components"]
    assert locked["pumpco/CP-40"]["unit_price"] == "5980.00"
    assert json.loads((tmp_path / "out" / "LEC-2027-014-summary.json").read_text())["total"] == "1100000.00"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_cache_folder_others_can_write_to_is_refused_with_one_warning(tmp_path: Path) -> None:
    path = catalogue(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    found, problems = load_catalogues([path.parent, path.parent], base=tmp_path, cache=CatalogueCache(folder))
    assert [str(p) for p in problems if "cache" in str(p)] == [
        f"{folder}: warning: other users can write to the cache folder, so bidkit does not use it and works "
        f"without a cache; make it private with: chmod 700 {folder}"
    ]
    assert found["alpha"].components["A-1"].unit_price == D("1234.50")
    assert list(folder.iterdir()) == []


def test_a_cache_folder_bidkit_makes_is_private(tmp_path: Path) -> None:
    path = catalogue(tmp_path)
    cache = CatalogueCache(tmp_path / "new" / "cache")
    load(path, cache)
    assert cache.folder.stat().st_mode & 0o777 == 0o700 or not hasattr(os, "getuid")
    assert len(list(cache.folder.glob("*.cat"))) == 1
