"""Hostile input, round two (issue 16): unbounded work (class 7, the bid and pricing part),
figures pricing computes (class 6, the rest) and nothing dropped from a catalogue (class 9).

Every case runs the real ``bidkit`` command in a child process under the corpus sandbox's
memory and time limits (tests/corpus/sandbox.py) and asserts its exact output.  The case
classes are listed in tests/corpus/README.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.ooxml import Raw, Sheet, xlsx
from tests.corpus.sandbox import NOTHING, Run, bidkit_in, outcome
from tests.helpers import HOSTILE_HEAD, HOSTILE_MEMBER, HOSTILE_ROWS, write_catalogue

MEMBER, ROWS, HEAD = HOSTILE_MEMBER, HOSTILE_ROWS, HOSTILE_HEAD
SECTION = "sections:\n  - id: s\n    title: S\n    items:\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", ROWS, member=MEMBER)
    return tmp_path


def bidkit(folder: Path, *args: str, seconds: float = 10.0) -> Run:
    return bidkit_in(folder, *args, seconds=seconds)


def write_bid(folder: Path, body: str, name: str = "bid.yaml") -> str:
    (folder / name).write_text(HEAD + body, encoding="utf-8")
    return name


def flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


# -- Class 7: unbounded work ------------------------------------------------------------------


def fan_out(levels: int, width: int, qty: int = 1) -> str:
    """Bundles b0..b<levels-1>: b0 holds ``width`` components, each next one ``width`` of the last."""
    text = "bundles:\n  b0: {title: B, items: " + flow(["{item: alpha/A, qty: 1}"] * width) + "}\n"
    for i in range(1, levels):
        text += f"  b{i}: {{title: B, items: " + flow([f"{{bundle: b{i - 1}, qty: {qty}}}"] * width) + "}\n"
    return text


def chain(length: int) -> str:
    text = "bundles:\n  c0: {title: C, items: [{item: alpha/A, qty: 1}]}\n"
    return text + "".join(f"  c{i}: {{title: C, items: [{{bundle: c{i - 1}, qty: 1}}]}}\n" for i in range(1, length))


LIMITS = {
    "2 KB fanning out to 10^7 lines": (
        fan_out(7, 10) + SECTION + "      - {item: alpha/A, qty: 2}\n      - {bundle: b6, qty: 1}\n",
        "bid.yaml:22:18: the bid expands to 10,000,001 priced lines with bundle 'b6' (10,000,000 lines), more "
        "than the 100,000 bidkit prices; bundles inside bundles multiply their items"),
    "many bundle entries adding up": (
        fan_out(2, 300) + SECTION + "".join(f"      - {{bundle: b1, qty: {i + 1}}}\n" for i in range(2)),
        "bid.yaml:17:18: the bid expands to 180,000 priced lines with bundle 'b1' (90,000 lines), more than "
        "the 100,000 bidkit prices; bundles inside bundles multiply their items"),
    "shared bundles doubling 40 times": (
        "bundles:\n  d0: {title: D, items: [{item: alpha/A, qty: 1}]}\n"
        + "".join(f"  d{i}: {{title: D, items: [{{bundle: d{i - 1}, qty: 1}}, {{bundle: d{i - 1}, qty: 1}}]}}\n"
                  for i in range(1, 19))
        + SECTION + "      - {bundle: d18, qty: 1}\n",
        "bid.yaml:33:18: the bid expands to 262,144 priced lines with bundle 'd18' (262,144 lines), more than "
        "the 100,000 bidkit prices; bundles inside bundles multiply their items"),
    "600 nested bundles": (
        chain(600) + SECTION + "      - {bundle: c599, qty: 1}\n",
        "bid.yaml:609:9: bundle 'c599' nests bundles 600 levels deep (c599 -> c598 -> c597 -> ... -> c0); "
        "bidkit expands at most 20 levels"),
    "21 nested bundles, never used": (
        chain(21) + SECTION + "      - {item: alpha/A, qty: 1}\n",
        "bid.yaml:30:8: bundle 'c20' nests bundles 21 levels deep (c20 -> c19 -> c18 -> ... -> c0); bidkit "
        "expands at most 20 levels"),
    "x10 quantities through 11 levels": (
        fan_out(11, 1, qty=10) + SECTION + "      - {bundle: b10, qty: 1}\n",
        "bid.yaml:25:28: 1 of bundle 'b10' give a line of 10000000000 units (quantities multiply through the "
        "bundles), more than the 1,000,000,000 units any tender holds"),
    "x10 quantities through 9 levels, then 20 of them": (
        fan_out(9, 1, qty=10) + SECTION + "      - {bundle: b8, qty: 20}\n",
        "bid.yaml:23:27: 20 of bundle 'b8' give a line of 2000000000 units (quantities multiply through the "
        "bundles), more than the 1,000,000,000 units any tender holds"),
    "a loop of 3,000 bundles": (
        "bundles:\n" + "".join(f"  l{i}: {{title: L, items: [{{bundle: l{(i + 1) % 3000}, qty: 1}}]}}\n"
                               for i in range(3000)) + SECTION + "      - {bundle: l0, qty: 1}\n",
        "\n".join(f"bid.yaml:{10 + i}:{7 if i < 10 else 8}: bundle 'l{i}' contains itself: l{i} -> l{i + 1} -> "
                  f"l{i + 2} -> ... -> l{i - 1 if i else 2999} -> l{i}, 3,000 bundles" for i in range(20))
        + "\nbid.yaml:30:8: bundle 'l20' and 2,979 more contain themselves"),
}  # fmt: skip


@pytest.mark.parametrize("case", LIMITS, ids=list(LIMITS))
def test_work_without_bound_is_refused_before_it_starts(folder: Path, case: str) -> None:
    body, message = LIMITS[case]
    write_bid(folder, body)
    errors = message.count("\n") + 1
    tail = NOTHING if errors == 1 else f"{errors} errors; nothing was written.\n"
    for command in ("validate", "price"):
        assert outcome(bidkit(folder, command, "bid.yaml")) == (1, "", message + "\n" + tail)


def test_a_bid_at_the_limits_is_priced(folder: Path) -> None:
    """20 levels of bundles, and exactly 100,000 lines, are allowed."""
    write_bid(folder, chain(20) + fan_out(5, 10).removeprefix("bundles:\n") + SECTION
              + "      - {bundle: b4, qty: 1}\noptions:\n  - {id: o, title: O, items: [{bundle: c19, qty: 1}]}\n")
    run = bidkit(folder, "validate", "bid.yaml", seconds=60)
    assert outcome(run) == (1, "", "bid.yaml:41:40: the bid expands to 100,001 priced lines with bundle 'c19' "
                            "(1 line), more than the 100,000 bidkit prices; bundles inside bundles multiply "
                            "their items\n" + NOTHING)  # fmt: skip
    write_bid(folder, chain(20) + fan_out(5, 10).removeprefix("bundles:\n") + SECTION
              + "      - {bundle: b4, qty: 1}\n")  # fmt: skip
    run = bidkit(folder, "validate", "bid.yaml", seconds=60)
    assert outcome(run) == (0, "bid.yaml: ok (0 warnings)\n", "")


def test_more_entries_than_lines_are_refused_before_validation(folder: Path) -> None:
    write_bid(folder, SECTION + "      - {item: alpha/A, qty: 1}\n" * 100_001)
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (1, "", "bid.yaml:100013:9: the bid holds 100,001 item entries (sections, options "
                            "and bundles), more than the 100,000 lines bidkit prices; split the bid\n" + NOTHING)  # fmt: skip


@pytest.mark.parametrize(("megabytes", "shown"), [(49, "49.0"), (4.01, "4.0")], ids=["49MB", "just-over"])
def test_a_bid_file_over_4_mib_is_refused_unread(folder: Path, megabytes: float, shown: str) -> None:
    text = HEAD + SECTION + "      - {item: alpha/A, qty: 1}\n"
    (folder / "bid.yaml").write_text(text + "#" * (int(megabytes * (1 << 20)) - len(text)), encoding="utf-8")
    for command in ("validate", "build"):
        run = bidkit(folder, command, "bid.yaml")
        assert outcome(run) == (1, "", f"bid.yaml: the file is too large ({shown} MiB): bidkit reads at most "
                                f"4 MiB for a bid file\n{NOTHING}")  # fmt: skip


def test_diff_of_dev_zero_is_refused_unread(folder: Path) -> None:
    write_bid(folder, SECTION + "      - {item: alpha/A, qty: 1}\n")
    run = bidkit(folder, "diff", "/dev/zero", "bid.yaml")
    assert outcome(run) == (1, "", f"/dev/zero: this is a device, not a file; give a bid file\n{NOTHING}")


def test_a_fifo_or_folder_given_as_a_bid_is_refused_without_hanging(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")
    assert outcome(bidkit(folder, "validate", "pipe.yaml")) == (
        1, "", f"pipe.yaml: this is a named pipe (FIFO), not a file; give a bid file\n{NOTHING}")
    assert outcome(bidkit(folder, "diff", "pipe.yaml", "pipe.yaml")) == (
        1, "", f"pipe.yaml: this is a named pipe (FIFO), not a file; give a bid file\n{NOTHING}")  # fmt: skip


@pytest.mark.parametrize("kind", ["20MB", "just-over", "fifo"])
def test_a_text_block_too_large_or_not_a_file_is_one_line(folder: Path, kind: str) -> None:
    write_bid(folder, "summary: texts/summary.md\n" + SECTION + "      - {item: alpha/A, qty: 1}\n")
    (folder / "texts").mkdir()
    block = folder / "texts" / "summary.md"
    if kind == "fifo":
        os.mkfifo(block)
    else:
        block.write_bytes(b"word " * ((20 << 20 if kind == "20MB" else (1 << 20) + 5) // 5))
    run = bidkit(folder, "build", "bid.yaml", "--out", "out", "--quiet", seconds=30)
    reason = {"20MB": "the file is too large (20.0 MiB): bidkit reads at most 1 MiB for a text block",
              "just-over": "the file is too large (1.0 MiB): bidkit reads at most 1 MiB for a text block"}
    assert run.code == 1 and run.stdout == "", run.describe()
    if kind == "fifo":  # not a file: looked for as a block and not found, never opened
        assert run.stderr == ("summary: text block 'texts/summary.md' not found (looked in ., texts, "
                              f"templates/texts/en, templates/texts)\n{NOTHING}")  # fmt: skip
    else:
        assert run.stderr == f"texts/summary.md: {reason[kind]}\n{NOTHING}"
    assert not (folder / "out").exists() or not any((folder / "out").iterdir())


# -- Class 6: figures pricing computes ---------------------------------------------------------

FIGURES = {
    "markup -100% gives the bid away": (
        "pricing: {markup: -100%}\n" + SECTION + "      - {item: alpha/A, qty: 2}\n",
        1, "bid.yaml:14:9: warning: alpha/A prices to 0.00 EUR although its price is 100.00 EUR (qty 2, markup "
        "-100%, rate 1); check them\nbid.yaml:10:1: the bid comes to 0.00 EUR: its prices round away to "
        "nothing; check the quantities, markups and rates\n" + NOTHING),
    "round_to rounds the bid to 0.00": (
        "pricing: {round_to: 1000000}\n" + SECTION + "      - {item: alpha/A, qty: 2}\n",
        1, "bid.yaml:9:21: pricing.round_to: 1000000 rounds the bid's 200.00 EUR to 0.00; use a smaller step\n"
        + NOTHING),
    "a quantity too small to cost a cent": (
        SECTION + "      - {item: alpha/A, qty: 0.000001}\n",
        1, "bid.yaml:13:9: warning: alpha/A prices to 0.00 EUR although its price is 100.00 EUR (qty 0.000001, "
        "markup 0%, rate 1); check them\nbid.yaml:9:1: the bid comes to 0.00 EUR: its prices round away to "
        "nothing; check the quantities, markups and rates\n" + NOTHING),
    "a rate that rounds a price away": (
        "rates: {DKK: 0.000001}\nrates_date: 2026-11-20\n" + SECTION
        + "      - {item: alpha/A, qty: 1}\n      - {line: Work, member: alpha, unit: h, qty: 1, unit_price: 100, "
        "currency: DKK}\n",
        0, "bid.yaml:16:9: warning: Work prices to 0.00 EUR although its price is 100.00 DKK (qty 1, markup 0%, "
        "rate 0.000001); check them\n"),
    "a free option": (
        SECTION + "      - {item: alpha/A, qty: 1}\noptions:\n  - id: o\n    title: O\n    items:\n"
        "      - {item: alpha/B, qty: 1, markup: -100%}\n",
        0, "bid.yaml:18:9: warning: alpha/B prices to 0.00 EUR although its price is 50.50 EUR (qty 1, markup "
        "-100%, rate 1); check them\nbid.yaml:15:9: warning: option 'o' comes to 0.00 EUR: it would be offered "
        "for nothing\n"),
    "only free lines": (
        SECTION + "      - {line: Goodwill, member: alpha, unit: pcs, qty: 1, unit_price: 0}\n",
        0, "bid.yaml:9:1: warning: the bid comes to 0.00 EUR: every line has a price of 0\n"),
}  # fmt: skip


@pytest.mark.parametrize("case", FIGURES, ids=list(FIGURES))
def test_a_total_of_nothing_is_reported_at_its_line(folder: Path, case: str) -> None:
    body, code, stderr = FIGURES[case]
    write_bid(folder, body)
    run = bidkit(folder, "validate", "bid.yaml")
    count = stderr.count("warning:")
    stdout = "" if code else f"bid.yaml: ok ({count} warning{'s' if count != 1 else ''})\n"
    assert outcome(run) == (code, stdout, stderr)


def test_negative_figures_are_errors_at_their_line(folder: Path) -> None:
    """No input the bid's limits let through gives one; pricing's own guard is checked directly."""
    from dataclasses import replace
    from datetime import date
    from decimal import Decimal

    from bidkit.bid.loader import load_bid
    from bidkit.catalogue import load_catalogues
    from bidkit.errors import ProblemList
    from bidkit.pricing.engine import _check_figures, price

    write_bid(folder, SECTION + "      - {item: alpha/A, qty: 1}\noptions:\n  - id: o\n    title: O\n    items:\n"
              "      - {item: alpha/B, qty: 1}\n")  # fmt: skip
    bid = load_bid(folder / "bid.yaml", "bid.yaml")
    catalogues, _ = load_catalogues([folder / "cat"])
    priced, _ = price(bid, catalogues, date(2026, 11, 27))
    minus = Decimal("-5.00")
    line = replace(priced.sections[0].lines[0], line_total=minus)
    section = replace(priced.sections[0], lines=(line,), subtotal=minus)
    option = replace(priced.options[0], total=minus)
    problems = ProblemList()
    _check_figures(bid, replace(priced, sections=(section,), options=(option,), total=minus), problems)
    assert [str(p) for p in problems.items] == [
        "bid.yaml:13:9: alpha/A prices to -5.00 EUR; a line total cannot be negative",
        "bid.yaml:10:9: section 's' adds up to -5.00 EUR; a subtotal cannot be negative",
        "bid.yaml:15:9: option 'o' comes to -5.00 EUR; an option cannot be priced below zero",
        "bid.yaml:9:1: the bid comes to -5.00 EUR; a bid total cannot be negative",
    ]


# -- Class 9: nothing silently dropped from a catalogue ----------------------------------------


def catalogue_check(folder: Path, *paths: str) -> Run:
    return bidkit(folder, "catalogue", "check", *paths)


def raw_catalogue(path: Path, components: list[list[Any]], *, member: list[list[Any]] | None = None,
                  extra: Sequence[Sheet] = ()) -> None:  # fmt: skip
    """A catalogue written as raw sheet XML (tests/corpus/ooxml.py), numbers exactly as given."""
    head = [["sku", "name", "unit", "unit_price"]]
    rows = member or [["key", "value"], ["id", "alpha"], ["name", "Alpha A/S"], ["currency", "EUR"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx([Sheet("Member", rows), Sheet("Components", head + components), *extra]))


def num(text: str) -> Raw:
    """A number cell written with exactly this literal text."""
    return Raw(f'<c r="{{ref}}"><v>{text}</v></c>')


CATALOGUES: dict[str, tuple[dict[str, Any], int, str]] = {
    "a second visible components sheet": (
        {"extra": [Sheet("Komponenter", [["sku", "name", "unit", "unit_price"], ["C", "Gamma", "pcs", 7]])]},
        1, "cat/alpha.xlsx:Komponenter: a second Components sheet: 'Components' is the one read, so the rows "
        "here would be left out; move them to 'Components' and delete this sheet"),
    "a second, hidden components sheet": (
        {"extra": [Sheet("Produkter", [["sku", "name", "unit", "unit_price"]], state="hidden")]},
        0, "cat/alpha.xlsx:Produkter: warning: this hidden sheet is a second Components sheet and is not read "
        "('Components' is); delete it if it is an old copy"),
    "a second member sheet": (
        {"extra": [Sheet("Medlem", [["id", "beta"], ["name", "Beta"], ["currency", "DKK"]])]},
        1, "cat/alpha.xlsx:Medlem: a second Member sheet: 'Member' is the one read, so the rows here would be "
        "left out; move them to 'Member' and delete this sheet"),
    "currency DKK, then EUR": (
        {"member": [["id", "alpha"], ["name", "Alpha A/S"], ["currency", "DKK"], ["currency", "EUR"]]},
        1, "cat/alpha.xlsx:Member!A5: currency is given twice, 'DKK' on row 4 and 'EUR' here; give it once"),
    "a name given twice alike": (
        {"member": [["id", "alpha"], ["name", "Alpha A/S"], ["currency", "EUR"], ["Navn", "Alpha A/S"]]},
        0, "cat/alpha.xlsx:Member!A5: warning: name is given twice (also on row 3); delete one"),
    "a member id with a slash": (
        {"member": [["id", "al/pha"], ["name", "Alpha A/S"], ["currency", "EUR"]]},
        1, "cat/alpha.xlsx:Member!B1: member id: 'al/pha' may contain only letters, digits, '.', '_' and '-'"),
    "a member id with a space": (
        {"member": [["id", "alpha beta"], ["name", "Alpha A/S"], ["currency", "EUR"]]},
        1, "cat/alpha.xlsx:Member!B1: member id: 'alpha beta' may contain only letters, digits, '.', '_' and "
        "'-'"),
    "a member id of 65 characters": (
        {"member": [["id", "m" * 65], ["name", "Alpha A/S"], ["currency", "EUR"]]},
        1, "cat/alpha.xlsx:Member!B1: member id: it is 65 characters long; at most 64 fit in file names"),
    "a price beyond 15 digits": (
        {"components": [["A", "Alpha", "pcs", num("1234567890123456.78")]]},
        1, "cat/alpha.xlsx:Components!D2: the number 1234567890123456.78 has more digits than a spreadsheet "
        "number holds (15 significant digits) and reads as 1234567890123456.8; store it as text if it is a "
        "code, or round it"),
    "a numeric SKU beyond 15 digits": (
        {"components": [[num("12345678901234567"), "Alpha", "pcs", 1]]},
        1, "cat/alpha.xlsx:Components!A2: the number 12345678901234567 has more digits than a spreadsheet "
        "number holds (15 significant digits) and reads as 1.2345678901234568e+16; store it as text if it is "
        "a code, or round it"),
    "Excel's 17-digit float noise": (
        {"components": [["A", "Alpha", "pcs", num("19.989999999999998")]]}, 0, ""),
    "a price of -0": (
        {"components": [["A", "Alpha", "pcs", num("-0")], ["B", "Beta", "pcs", 5]]},
        0, "cat/alpha.xlsx:Components!D2: warning: unit_price -0 is a zero with a minus sign; it is read as 0"),
    "a price of -0,00 as text": (
        {"components": [["A", "Alpha", "pcs", "-0,00"]]},
        0, "cat/alpha.xlsx:Components!D2: warning: unit_price -0,00 is a zero with a minus sign; it is read as "
        "0"),
    "SKUs apart by a zero-width space": (
        {"components": [["A1", "Alpha", "pcs", 1], ["A\u200b1", "Alpha", "pcs", 2]]},
        1, "cat/alpha.xlsx:Components!A3: sku 'A\\u200b1' appears twice (first on row 2 as 'A1'): the two differ "
        "only in invisible characters or spaces (U+200B)"),
    "SKUs apart by a soft hyphen": (
        {"components": [["AB-1", "Alpha", "pcs", 1], ["A\u00adB-1", "Alpha", "pcs", 2]]},
        1, "cat/alpha.xlsx:Components!A3: sku 'A\\u00adB-1' appears twice (first on row 2 as 'AB-1'): the two "
        "differ only in invisible characters or spaces (U+00AD)"),
    "SKUs apart by a no-break space": (
        {"components": [["A 1", "Alpha", "pcs", 1], ["A\u00a01", "Alpha", "pcs", 2]]},
        1, "cat/alpha.xlsx:Components!A3: sku 'A\\u00a01' appears twice (first on row 2 as 'A 1'): the two "
        "differ only in invisible characters or spaces (U+00A0)"),
    "SKUs in NFC and NFD": (
        {"components": [["CAF\u00c9", "Alpha", "pcs", 1], ["CAFE\u0301", "Alpha", "pcs", 2]]},
        1, "cat/alpha.xlsx:Components!A3: sku 'CAFE\u0301' appears twice (first on row 2 as 'CAF\u00c9'): the "
        "two differ only in how accented letters are encoded (NFC and NFD forms)"),
}  # fmt: skip


@pytest.mark.parametrize("case", CATALOGUES, ids=list(CATALOGUES))
def test_nothing_in_a_catalogue_is_dropped_silently(folder: Path, case: str) -> None:
    parts, code, message = CATALOGUES[case]
    member = parts.get("member")
    if member is not None:
        member = [["key", "value"], *member] if case.startswith("currency") or "twice" in case else member
    raw_catalogue(folder / "cat" / "alpha.xlsx", parts.get("components", [["A", "Alpha", "pcs", 1]]),
                  member=member, extra=parts.get("extra", ()))  # fmt: skip
    run = catalogue_check(folder, "cat/alpha.xlsx")
    assert (run.code, run.stderr) == (code, ""), run.describe()
    lines = run.stdout.splitlines()
    assert (message in lines) if message else "digits" not in run.stdout, run.describe()


def test_a_fifo_or_dangling_link_named_as_a_catalogue_is_reported_without_hanging(folder: Path) -> None:
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "gone.xlsx").symlink_to("nowhere.xlsx")
    os.mkfifo(folder / "cat" / "queue.xlsx")
    (folder / "cat" / "old.xlsx").symlink_to("../missing.xlsx")
    run = catalogue_check(folder, "pipe.xlsx", "gone.xlsx", "cat")
    assert run.code == 1 and run.stderr == "", run.describe()
    assert run.stdout.splitlines()[:4] == [
        "pipe.xlsx: this is a named pipe (FIFO), not a workbook file; it is not read",
        "gone.xlsx: this is a symbolic link to 'nowhere.xlsx', which does not exist; it is not read",
        "cat/old.xlsx: this is a symbolic link to '../missing.xlsx', which does not exist; it is not read",
        "cat/queue.xlsx: this is a named pipe (FIFO), not a workbook file; it is not read",
    ], run.describe()
    text = HEAD.replace("catalogues: [cat]", "catalogues: [pipe.xlsx, gone.xlsx, cat]")
    (folder / "bid.yaml").write_text(text + SECTION + "      - {item: alpha/A, qty: 1}\n", encoding="utf-8")
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (1, "", (
        "bid.yaml:7:14: catalogue 'pipe.xlsx': this is a named pipe (FIFO), not a workbook file; it is not read\n"
        "bid.yaml:7:25: catalogue 'gone.xlsx': this is a symbolic link to 'nowhere.xlsx', which does not exist; it "
        "is not read\n"
        "cat/old.xlsx: this is a symbolic link to '../missing.xlsx', which does not exist; it is not read\n"
        "cat/queue.xlsx: this is a named pipe (FIFO), not a workbook file; it is not read\n"
        "4 errors; nothing was written.\n"))  # fmt: skip


def test_a_member_id_that_would_break_a_bid_is_refused_in_a_bid_too(folder: Path) -> None:
    write_catalogue(folder / "cat" / "alpha.xlsx", ROWS, member={**MEMBER, "id": "al/pha"})
    write_bid(folder, SECTION + "      - {item: alpha/A, qty: 1}\n")
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (1, "", "cat/alpha.xlsx:Member!B2: member id: 'al/pha' may contain only letters, "
                            "digits, '.', '_' and '-'\n" + NOTHING)  # fmt: skip
