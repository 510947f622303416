"""Hostile input, round two (issue 16): names that become paths, tampered state files, figures
no tender can carry, and failures that must stay one line.

Every case runs the real ``bidkit`` command in a child process under the corpus sandbox's
memory and time limits (tests/corpus/sandbox.py) and asserts its exact output.  The case
classes are listed in tests/corpus/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.sandbox import NOTHING, bidkit_in, outcome
from tests.helpers import HOSTILE_HEAD, HOSTILE_MEMBER, HOSTILE_ROWS, read_only_folder, write_catalogue

LOCK_HINT = "restore it from your records or delete it to lock the current catalogue prices"
SUMMARY_HINT = "give a summary .json written by 'bidkit build', or a bid .yaml"
ROWS = HOSTILE_ROWS
BID = HOSTILE_HEAD + """\
sections:
  - id: s
    title: S
    items:
      - {item: alpha/A, qty: 2}
      - {item: alpha/B, qty: 1}
"""  # line 13 is the first item, line 14 the second


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", ROWS, member=HOSTILE_MEMBER)
    (tmp_path / "bid.yaml").write_text(BID, encoding="utf-8")
    return tmp_path


bidkit = bidkit_in


def edited(folder: Path, change: Callable[[str], str]) -> None:
    path = folder / "bid.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


# -- Class 2: names that become paths ---------------------------------------------------------

LONG = "A" * 300
NAME_CASES = {
    "revision climbing out": ("date: 2026-11-27", "date: 2026-11-27\nrevision: 'x/../../elsewhere/pwn'",
                              "bid.yaml:9:11: revision: 'x/../../elsewhere/pwn' may contain only letters, "
                              "digits, '.', '_' and '-'"),
    "revision with a backslash": ("date: 2026-11-27", "date: 2026-11-27\nrevision: '..\\\\pwn'",
                                  "bid.yaml:9:11: revision: '..\\\\pwn' may contain only letters, digits, "
                                  "'.', '_' and '-'"),
    "revision that is only dots": ("date: 2026-11-27", "date: 2026-11-27\nrevision: '..'",
                                   "bid.yaml:9:11: revision: '..' may contain only letters, digits, '.', "
                                   "'_' and '-'"),
    "absolute revision": ("date: 2026-11-27", "date: 2026-11-27\nrevision: /tmp/pwn",
                          "bid.yaml:9:11: revision: '/tmp/pwn' may contain only letters, digits, '.', "
                          "'_' and '-'"),
    "a NUL in the id": ("id: H-1", 'id: "H\\0x"',
                        "bid.yaml:1:5: id: 'H\\u0000x' may contain only letters, digits, '.', '_' and '-'"),
    "an escape sequence in the id": ("id: H-1", 'id: "\\e[2J"',
                                     "bid.yaml:1:5: id: '\\u001b[2J' may contain only letters, digits, '.', "
                                     "'_' and '-'"),
    "a 300-character id": ("id: H-1", f"id: {LONG}",
                           "bid.yaml:1:5: id: it is 300 characters long; at most 64 fit in the output file "
                           "names"),
    "a 65-character revision": ("date: 2026-11-27", f"date: 2026-11-27\nrevision: {'r' * 65}",
                                "bid.yaml:9:11: revision: it is 65 characters long; at most 64 fit in the "
                                "output file names"),
}  # fmt: skip


@pytest.mark.parametrize("case", NAME_CASES, ids=list(NAME_CASES))
def test_a_name_that_would_leave_the_output_folder_is_refused_at_its_line(folder: Path, case: str) -> None:
    old, new, message = NAME_CASES[case]
    edited(folder, lambda text: text.replace(old, new, 1))
    run = bidkit(folder, "build", "bid.yaml", "--out", "out")
    assert outcome(run) == (1, "", message + "\n" + NOTHING)
    assert sorted(p.name for p in folder.iterdir() if p.name != "cache") == ["bid.yaml", "cat"]


def test_the_longest_names_fit_every_file_system(folder: Path) -> None:
    edited(folder, lambda text: text.replace("id: H-1", f"id: {'I' * 64}").replace(
        "date: 2026-11-27", f"date: 2026-11-27\nrevision: {'R' * 64}"))  # fmt: skip
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (0, "bid.yaml: ok (0 warnings)\n", "")
    longest = f".{'I' * 64}-{'R' * 64}-workshare-{'m' * 64}.xlsx.0123456789ab.tmp"
    assert len(longest.encode()) <= 255


REVISIONS = {
    "x/../../elsewhere/pwn": "'x/../../elsewhere/pwn' may contain only letters, digits, '.', '_' and '-'",
    "..": "'..' may contain only letters, digits, '.', '_' and '-'",
    "a\tb": "'a\\u0009b' may contain only letters, digits, '.', '_' and '-'",
    "\x1b[2J": "'\\u001b[2J' may contain only letters, digits, '.', '_' and '-'",
    "r" * 300: "the revision is 300 characters long; at most 64 fit in the output file names",
}


@pytest.mark.parametrize("revision", REVISIONS, ids=["climbing", "dots", "tab", "escape", "long"])
@pytest.mark.parametrize("command", ["build", "review"])
def test_a_revision_on_the_command_line_is_a_usage_error(folder: Path, revision: str, command: str) -> None:
    run = bidkit(folder, command, "bid.yaml", "--revision", revision)
    assert outcome(run) == (2, "", f"Usage: bidkit {command} [OPTIONS] BID\nTry 'bidkit {command} --help' for "
                            f"help.\n\nError: Invalid value for '--revision': {REVISIONS[revision]}\n")  # fmt: skip
    assert not (folder / "out").exists() and not (folder.parent / "elsewhere").exists()


# -- Class 6: figures no tender can carry -----------------------------------------------------

HEX = "0x" + "f" * 700
FIGURES = {
    "discount over 100%": ("date: 2026-11-27", "date: 2026-11-27\npricing: {discount: 150%}",
                           "bid.yaml:9:21: pricing.discount: 150% is outside 0% .. 100% (100% not included); "
                           "a discount of 100% or more gives the bid away"),
    "discount of exactly 100%": ("date: 2026-11-27", "date: 2026-11-27\npricing: {discount: 100%}",
                                 "bid.yaml:9:21: pricing.discount: 100% is outside 0% .. 100% (100% not "
                                 "included); a discount of 100% or more gives the bid away"),
    "negative discount": ("date: 2026-11-27", "date: 2026-11-27\npricing: {discount: -5%}",
                          "bid.yaml:9:21: pricing.discount: -5% is outside 0% .. 100% (100% not included); "
                          "a discount of 100% or more gives the bid away"),
    "markup under -100%": ("date: 2026-11-27", "date: 2026-11-27\npricing: {markup: -150%}",
                           "bid.yaml:9:19: pricing.markup: -150% is outside -100% .. 1000%; a markup under "
                           "-100% gives a negative price, and one over 1000% is no tender's"),
    "markup over 1000% on a line": ("alpha/A, qty: 2}", "alpha/A, qty: 2, markup: 1000.01%}",
                                    "bid.yaml:13:41: sections[0].items[0].markup: 1000.01% is outside -100% .. "
                                    "1000%; a markup under -100% gives a negative price, and one over 1000% is "
                                    "no tender's"),
    "markup by member": ("date: 2026-11-27", "date: 2026-11-27\npricing: {markup_by_member: {alpha: -101%}}",
                         "bid.yaml:9:37: pricing.markup_by_member.alpha: -101% is outside -100% .. 1000%; a "
                         "markup under -100% gives a negative price, and one over 1000% is no tender's"),
    "markup 1e3%": ("date: 2026-11-27", "date: 2026-11-27\npricing: {markup: 1e3%}",
                    "bid.yaml:9:19: pricing.markup: '1e3%' is written with an exponent; write the percentage "
                    "out, like 12% or 2.5%"),
    "percentage with too many decimals": ("date: 2026-11-27", "date: 2026-11-27\npricing: {markup: 0.00001%}",
                                          "bid.yaml:9:19: pricing.markup: '0.00001%' has more than 4 "
                                          "decimals; round it"),
    "contingency over 100%": ("date: 2026-11-27", "date: 2026-11-27\npricing: {contingency: 101%}",
                              "bid.yaml:9:24: pricing.contingency: 101% is outside 0% .. 100%; a contingency "
                              "is a share of the bid"),
    "negative payment share": ("date: 2026-11-27", "date: 2026-11-27\npayment: [{milestone: a, share: -20%}, "
                               "{milestone: b, share: 120%}]",
                               "bid.yaml:9:33: payment[0].share: -20% is outside 0% .. 100%; a payment share "
                               "is a part of the price\nbid.yaml:9:62: payment[1].share: 120% is outside 0% .. "
                               "100%; a payment share is a part of the price"),
    "payment shares short of 100%": ("date: 2026-11-27", "date: 2026-11-27\npayment: [{milestone: a, share: "
                                     "30%}, {milestone: b, share: 60%}]",
                                     "bid.yaml:9:10: payment: payment shares add up to 90%, not 100%"),
    "ad-hoc price with fractions of a cent": ("- {item: alpha/B, qty: 1}",
                                              "- {line: Work, member: alpha, unit: h, qty: 1, unit_price: "
                                              "10.005}",
                                              "bid.yaml:14:66: sections[0].items[1].unit_price: 10.005 has "
                                              "fractions of a cent; use whole cents"),
    "negative ad-hoc price": ("- {item: alpha/B, qty: 1}",
                              "- {line: Work, member: alpha, unit: h, qty: 1, unit_price: -10}",
                              "bid.yaml:14:66: sections[0].items[1].unit_price: -10 is negative; a price is "
                              "0 or more"),
    "ad-hoc price beyond any tender": ("- {item: alpha/B, qty: 1}",
                                       "- {line: Work, member: alpha, unit: h, qty: 1, unit_price: 1e12}",
                                       "bid.yaml:14:66: sections[0].items[1].unit_price: 1000000000000 is more "
                                       "than 1,000,000,000 per unit, more than any tender holds"),
    "qty 1e400": ("alpha/A, qty: 2}", "alpha/A, qty: 1e400}",
                  "bid.yaml:13:30: sections[0].items[0].qty: 1.00E+400 is more than 1,000,000,000 units, "
                  "more than any tender holds"),
    "qty 1e-400": ("alpha/A, qty: 2}", "alpha/A, qty: 1e-400}",
                   "bid.yaml:13:30: sections[0].items[0].qty: 1.00E-400 is less than 0.000001, the smallest "
                   "quantity"),
    "qty with seven decimals": ("alpha/A, qty: 2}", "alpha/A, qty: 1.0000001}",
                                "bid.yaml:13:30: sections[0].items[0].qty: 1.0000001 has more than 6 decimals; "
                                "round it"),
    "qty as a 700-digit hex number": ("alpha/A, qty: 2}", f"alpha/A, qty: {HEX}}}",
                                      "bid.yaml:13:30: sections[0].items[0].qty: 7.66E+842 is more than "
                                      "1,000,000,000 units, more than any tender holds"),
    "validity_days 99999999": ("date: 2026-11-27", "date: 2026-11-27\nvalidity_days: 99999999",
                               "bid.yaml:9:16: validity_days: must be at most 3650, got 99999999"),
    "validity_days as a 700-digit hex number": ("date: 2026-11-27", f"date: 2026-11-27\nvalidity_days: {HEX}",
                                                "bid.yaml:9:16: validity_days: must be at most 3650, got "
                                                "7.66E+842"),
    "date 9999-12-31": ("date: 2026-11-27", "date: 9999-12-31",
                        "bid.yaml:8:7: date: 9999-12-31 is not a date between 2000 and 2100"),
    "deadline 0001-01-01": ("date: 2026-11-27", "date: 2026-11-27\ndeadline: 0001-01-01",
                            "bid.yaml:9:11: deadline: 0001-01-01 is not a date between 2000 and 2100"),
    "round_to that rounds the bid away": ("date: 2026-11-27", "date: 2026-11-27\npricing: {round_to: 1e30}",
                                          "bid.yaml:9:21: pricing.round_to: 1.00E+30 is more than 1,000,000; "
                                          "it would round the bid away"),
    "round_to finer than a cent": ("date: 2026-11-27", "date: 2026-11-27\npricing: {round_to: 0.001}",
                                   "bid.yaml:9:21: pricing.round_to: 0.001 is not a whole number of cents "
                                   "(0.01 or more)"),
    "rate so small the bid becomes 0.00": ("date: 2026-11-27", "date: 2026-11-27\nrates: {DKK: 1e-30}",
                                           "bid.yaml:9:14: rates.DKK: 1.00E-30 is outside 0.000001 .. "
                                           "1,000,000, the range of real exchange rates"),
    "rate beyond any currency": ("date: 2026-11-27", "date: 2026-11-27\nrates: {DKK: 10000000}",
                                 "bid.yaml:9:14: rates.DKK: 10000000 is outside 0.000001 .. 1,000,000, the "
                                 "range of real exchange rates"),
}  # fmt: skip


@pytest.mark.parametrize("case", FIGURES, ids=list(FIGURES))
def test_a_figure_no_tender_can_carry_is_an_error_at_its_line(folder: Path, case: str) -> None:
    old, new, message = FIGURES[case]
    edited(folder, lambda text: text.replace(old, new, 1))
    errors = message.count("\n") + 1
    tail = NOTHING if errors == 1 else f"{errors} errors; nothing was written.\n"
    assert outcome(bidkit(folder, "validate", "bid.yaml")) == (1, "", message + "\n" + tail)


# -- Class 4: the price lock is an input ------------------------------------------------------


def write_lock(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    from bidkit.pipeline import price_project
    from bidkit.project import load_project
    from bidkit.review.lock import lock_to_json

    run = price_project(load_project(folder / "bid.yaml", use_cache=False), today=date(2026, 11, 27))
    data = json.loads(lock_to_json(run.lock))
    change(data)
    (folder / "bid.lock.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def entry(key: str, value: Any, ref: str = "alpha/A") -> Callable[[dict[str, Any]], None]:
    return lambda data: data["components"][ref].__setitem__(key, value)


LOCKS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "negative price": (entry("unit_price", "-5.00"), f"alpha/A: unit_price -5.00 is negative; {LOCK_HINT}"),
    "negative price as a number": (entry("unit_price", -5), f"alpha/A: unit_price -5 is negative; {LOCK_HINT}"),
    "fractions of a cent": (entry("unit_price", "100.001"),
                            f"alpha/A: unit_price 100.001 has fractions of a cent; use whole cents; {LOCK_HINT}"),
    "price written with an exponent": (entry("unit_price", "1e3"),
                                       f'alpha/A: unit_price: "1e3" is not a number written as bidkit writes '
                                       f"one; {LOCK_HINT}"),
    "negative price break": (entry("price_breaks", [["10", "-1.00"]]),
                             f"alpha/A: price break unit_price -1.00 is negative; {LOCK_HINT}"),
    "negative min_qty": (entry("price_breaks", [["-10", "1.00"]]),
                         f"alpha/A: price break min_qty -10 is negative; {LOCK_HINT}"),
    "negative lead time": (entry("lead_time_weeks", -3),
                           f"alpha/A: lead_time_weeks -3 is not a whole number of weeks; {LOCK_HINT}"),
    "unknown currency": (entry("currency", "XBT"),
                         f'alpha/A: currency "XBT" is not an ISO 4217 code (e.g. DKK, EUR); {LOCK_HINT}'),
    "unknown origin": (entry("origin_country", "XX"),
                       f'alpha/A: origin_country "XX" is not an ISO 3166 code (e.g. DK, DE); {LOCK_HINT}'),
    "negative CO2e": (entry("co2e_kg", "-1"), f"alpha/A: co2e_kg -1 is negative; {LOCK_HINT}"),
    "not a SHA-256": (entry("catalogue_sha256", "x"),
                      f"alpha/A: catalogue_sha256: String should match pattern '^[0-9a-f]{{64}}$'; {LOCK_HINT}"),
    "entry under another name": (lambda d: d["components"].__setitem__("alpha/Z", d["components"]["alpha/A"]),
                                 f'"alpha/Z": the entry is for "alpha/A"; {LOCK_HINT}'),
    "another bid's lock": (lambda d: d.__setitem__("bid", "OTHER-7"),
                           f"the price lock belongs to the bid \"OTHER-7\", not to this bid ('H-1'); a lock "
                           f"copied from another bid would price this one with its values: {LOCK_HINT}"),
    "unknown version": (lambda d: d.__setitem__("bidkit_lock", 99),
                        "the price lock has version 99, and this bidkit reads only version 1; use the bidkit "
                        "that wrote it, or delete it to lock the current catalogue prices"),
    "version true": (lambda d: d.__setitem__("bidkit_lock", True),
                     "the price lock has version true, and this bidkit reads only version 1; use the bidkit "
                     "that wrote it, or delete it to lock the current catalogue prices"),
    "no version": (lambda d: d.pop("bidkit_lock"),
                   "the price lock has no version, and this bidkit reads only version 1; use the bidkit that "
                   "wrote it, or delete it to lock the current catalogue prices"),
    "negative rate": (lambda d: d["rates"].__setitem__("EUR", "-1"),
                      f"the price lock is damaged (rates: the rate of EUR is not greater than zero); {LOCK_HINT}"),
    "edited under the workbook's own SHA-256": (
        entry("unit_price", "1.00"),
        "the lock file was edited: it records the alpha catalogue exactly as it is now (same SHA-256), yet "
        "holds other values for alpha/A: price locked 1.00 EUR, in the catalogue 100.00 EUR (+9900.00%); "
        "restore the lock from your records, or delete it to lock the current catalogue prices"),
    "lead time edited under the workbook's own SHA-256": (
        entry("lead_time_weeks", 0),
        "the lock file was edited: it records the alpha catalogue exactly as it is now (same SHA-256), yet "
        "holds other values for alpha/A: lead_time_weeks locked 0, in the catalogue 4; restore the lock from "
        "your records, or delete it to lock the current catalogue prices"),
}  # fmt: skip


@pytest.mark.parametrize("case", LOCKS, ids=list(LOCKS))
def test_a_tampered_lock_is_refused_naming_the_entry(folder: Path, case: str) -> None:
    change, message = LOCKS[case]
    write_lock(folder, change)
    for command in ("validate", "price"):
        run = bidkit(folder, command, "bid.yaml")
        assert outcome(run) == (1, "", f"bid.lock.json: {message}\n{NOTHING}")


def test_several_bad_entries_are_reported_at_once(folder: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        entry("unit_price", "-5.00")(data)
        entry("lead_time_weeks", -1, "alpha/B")(data)

    write_lock(folder, change)
    assert outcome(bidkit(folder, "validate", "bid.yaml")) == (1, "", (
        f"bid.lock.json: alpha/A: unit_price -5.00 is negative; {LOCK_HINT}\n"
        f"bid.lock.json: alpha/B: lead_time_weeks -1 is not a whole number of weeks; {LOCK_HINT}\n"
        "2 errors; nothing was written.\n"))  # fmt: skip


def test_a_locked_value_from_an_older_catalogue_is_named_as_differing(folder: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        entry("unit_price", "90.00")(data)
        entry("catalogue_sha256", "0" * 64)(data)

    write_lock(folder, change)
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (0, "bid.yaml: ok (1 warning)\n", (
        "bid.lock.json: warning: the price lock holds a value that differs from the catalogue: alpha/A: "
        "price locked 90.00 EUR, in the catalogue 100.00 EUR (+11.11%); the locked value is used "
        "('bidkit lock update' takes the catalogue's)\n"))  # fmt: skip


# -- Class 10: every failure is one line ------------------------------------------------------


def write_summary(folder: Path, name: str, change: Callable[[dict[str, Any]], Any]) -> str:
    from bidkit.outputs.summary import to_json
    from bidkit.pipeline import price_bid

    priced, _ = price_bid(folder / "bid.yaml", today=date(2026, 11, 27), use_cache=False)
    data = json.loads(to_json(priced))
    data = change(data) or data
    (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return name


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        for key in head:
            data = data[int(key)] if isinstance(data, list) else data[key]  # type: ignore[assignment]
        if value is KeyError:
            del data[last]
        else:
            data[int(last) if isinstance(data, list) else last] = value  # type: ignore[index]

    return change


SUMMARIES: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "missing total": (_set("total", KeyError), f"not a bidkit summary: total: is missing; {SUMMARY_HINT}"),
    "a string where a list belongs": (_set("lines", "x"),
                                      f"not a bidkit summary: lines: Input should be a valid list; {SUMMARY_HINT}"),
    "a number where text belongs": (_set("lines.0.ref", 5),
                                    f"not a bidkit summary: lines[0].ref: Input should be a valid string; "
                                    f"{SUMMARY_HINT}"),
    "a section without its subtotal": (_set("sections.0.subtotal", KeyError),
                                       f"not a bidkit summary: sections[0].subtotal: is missing; {SUMMARY_HINT}"),
    "a total of 1e999999999": (_set("total", "1e999999999"),
                               f'not a bidkit summary: total: "1e999999999" is not an amount bidkit writes; '
                               f"{SUMMARY_HINT}"),
    "a total that is text": (_set("total", "a lot"),
                             f'not a bidkit summary: total: "a lot" is not an amount; {SUMMARY_HINT}'),
    "a list, not a summary": (lambda data: [data],
                              f"not a bidkit summary: top level: Input should be a valid dictionary or instance "
                              f"of _Summary; {SUMMARY_HINT}"),
}  # fmt: skip


@pytest.mark.parametrize("case", SUMMARIES, ids=list(SUMMARIES))
def test_a_malformed_summary_given_to_diff_is_one_line(folder: Path, case: str) -> None:
    change, message = SUMMARIES[case]
    good = write_summary(folder, "good.json", lambda data: None)
    bad = write_summary(folder, "bad.json", change)
    for args in ((bad, good), (good, bad), (bad, good, "--json")):
        assert outcome(bidkit(folder, "diff", *args)) == (1, "", f"bad.json: {message}\n{NOTHING}")


@pytest.mark.parametrize(("text", "reason"), [
    ("[" * 100_000 + "]" * 100_000, "the file is damaged (not JSON bidkit wrote: nested too deeply)"),
    ('{"total": 1, "total": 2}', 'the file is damaged (not JSON bidkit wrote: the key "total" is written twice)'),
    ("\xff", "the file is damaged (not UTF-8 text: byte 0)"),
    ("", "the file is damaged (not JSON: Expecting value)"),
], ids=["deep-nesting", "repeated-key", "not-utf8", "empty"])  # fmt: skip
def test_a_summary_that_is_not_json_is_one_line(folder: Path, text: str, reason: str) -> None:
    good = write_summary(folder, "good.json", lambda data: None)
    (folder / "bad.json").write_bytes(text.encode("latin-1") if text == "\xff" else text.encode())
    where = "bad.json:1:1" if reason.endswith("Expecting value)") else "bad.json"
    assert outcome(bidkit(folder, "diff", "bad.json", good)) == (1, "", f"{where}: {reason}; {SUMMARY_HINT}\n"
                                                                 f"{NOTHING}")  # fmt: skip


def test_diff_xlsx_below_a_file_or_too_long_is_one_line(folder: Path) -> None:
    good = write_summary(folder, "good.json", lambda data: None)
    (folder / "a-file").write_text("x", encoding="utf-8")
    run = bidkit(folder, "diff", good, good, "--xlsx", "a-file/changes.xlsx")
    assert outcome(run) == (1, "No changes: same lines, same figures.\n",
                            f"a-file: cannot make the folder: File exists\n{NOTHING}")  # fmt: skip
    long = "x" * 300 + ".xlsx"
    run = bidkit(folder, "diff", good, good, "--xlsx", long)
    assert outcome(run) == (1, "No changes: same lines, same figures.\n",
                            f"{long}: cannot write the file: File name too long\n{NOTHING}")  # fmt: skip


OUT_CASES = {
    "below a file": ("a-file/out", "a-file/out: cannot make the output folder: Not a directory"),
    "a name too long": ("x" * 300, f"{'x' * 300}: cannot write here: File name too long"),
    "a symlink loop": ("loop/out", "loop/out: cannot make the output folder: Too many levels of symbolic links"),
}  # fmt: skip


@pytest.mark.parametrize("case", OUT_CASES, ids=list(OUT_CASES))
def test_an_output_folder_that_cannot_be_made_is_one_line(folder: Path, case: str) -> None:
    (folder / "a-file").write_text("x", encoding="utf-8")
    (folder / "loop").symlink_to("loop")
    out, message = OUT_CASES[case]
    run = bidkit(folder, "build", "bid.yaml", "--out", out, "--quiet")
    assert outcome(run) == (1, "", f"{message}\n{NOTHING}")


def test_a_read_only_output_folder_is_one_line(folder: Path) -> None:
    """As root a folder's mode does not stop a write, so root gets a read-only file system instead."""
    with read_only_folder(folder / "ro") as reason:
        run = bidkit(folder, "build", "bid.yaml", "--out", "ro", "--quiet")
    assert outcome(run) == (1, "", f"ro: cannot write the outputs: {reason}; nothing was changed\n{NOTHING}")


def test_a_bid_behind_a_symlink_loop_is_one_line(folder: Path) -> None:
    (folder / "loop.yaml").symlink_to("loop.yaml")
    for command in ("validate", "price", "build"):
        run = bidkit(folder, command, "loop.yaml")
        assert outcome(run) == (1, "", f"loop.yaml: cannot read the file: Too many levels of symbolic links\n"
                                f"{NOTHING}")  # fmt: skip


# -- Class 10: terminal control sequences are neutralised --------------------------------------


def test_escape_sequences_from_the_bid_never_reach_the_terminal(folder: Path) -> None:
    edited(folder, lambda text: text.replace("title: Hostile bid", 'title: "Evil \\e]0;owned\\a\\e[2J'
                                             '\\u202eno\\x9b31m"'))  # fmt: skip
    run = bidkit(folder, "price", "bid.yaml")
    assert run.code == 0, run.describe()
    assert "Evil \ufffd]0;owned\ufffd\ufffd[2J\ufffdno\ufffd31m" in run.stdout
    assert not any(c in run.stdout for c in "\x1b\x07\x9b\u202e")
    json_run = bidkit(folder, "price", "bid.yaml", "--json")
    assert json.loads(json_run.stdout)["title"] == "Evil \x1b]0;owned\x07\x1b[2J\u202eno\x9b31m"
    assert not any(c in json_run.stdout for c in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize(("value", "shown"), [
    ('"\\e[2J"', "'\ufffd[2J'"), ('"\\u202eRUE"', "'\ufffdRUE'"), ('"E\\x85UR"', "'E\ufffdUR'"),
], ids=["escape", "bidi-override", "c1-next-line"])  # fmt: skip
def test_a_problem_message_cannot_carry_a_control_sequence(folder: Path, value: str, shown: str) -> None:
    edited(folder, lambda text: text.replace("currency: EUR", f"currency: {value}"))
    run = bidkit(folder, "validate", "bid.yaml")
    assert outcome(run) == (1, "", f"bid.yaml:4:11: currency: {shown} is not an ISO 4217 currency code "
                            f"(e.g. EUR, DKK)\n{NOTHING}")  # fmt: skip


@pytest.mark.parametrize(("by", "reason"), [
    ("\x1b[2JAdmin", "a name may not hold control characters (escape sequences, line breaks)"),
    ("Ann\nApproved by: CEO", "a name may not hold control characters (escape sequences, line breaks)"),
    ("Ann \u202eOEC", "a name may not hold control characters (escape sequences, line breaks)"),
    ("A" * 201, "give a name of 1 to 200 characters"),
    ("   ", "give a name of 1 to 200 characters"),
], ids=["escape", "newline", "bidi", "long", "blank"])  # fmt: skip
def test_review_by_refuses_control_characters(folder: Path, by: str, reason: str) -> None:
    run = bidkit(folder, "review", "bid.yaml", "--approve", "--by", by)
    assert outcome(run) == (2, "", "Usage: bidkit review [OPTIONS] BID\nTry 'bidkit review --help' for help.\n\n"
                            f"Error: Invalid value for '--by': {reason}\n")  # fmt: skip
    assert not (folder / "bid.review.json").exists()


def test_terminal_safe_text_keeps_ordinary_text() -> None:
    from bidkit.cli.terminal import safe_json, safe_text

    plain = "Lvivteploenergo — Львів, 1 234,50 € \u200fשלום\u200e 😀\tcol"
    assert safe_text(plain) == plain
    assert safe_text("a\nb") == "a\nb" and safe_text("a\nb", one_line=True) == "a\ufffdb"
    assert safe_text("\x1b[31m\x9b\x7f\r") == "\ufffd[31m\ufffd\ufffd\ufffd"
    assert json.loads(safe_json(json.dumps({"t": "\u202e\x85"}, ensure_ascii=False))) == {"t": "\u202e\x85"}
