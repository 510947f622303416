"""Price lock, approvals, draft-to-draft diff, reproducible and safe writing (issue 6)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.errors import OutputError
from bidkit.pipeline import build, price_bid
from tests.helpers import EXAMPLE_OUTPUTS, ROOT, copy_example


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example (bid, texts, catalogues) with no lock and no review log."""
    return copy_example(tmp_path, "bid")


def set_price(catalogue: Path, sku: str, price: float) -> None:
    wb = load_workbook(catalogue)
    ws = wb["Components"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == sku)
    row[5].value = price
    wb.save(catalogue)


def test_first_build_locks_prices_and_a_catalogue_change_is_held_back(project: Path, tmp_path: Path) -> None:
    first = build(project, tmp_path / "out")
    lock = json.loads((project.parent / "bid.lock.json").read_text())
    assert first.lock_written == project.parent / "bid.lock.json"
    entry = lock["components"]["nordheat/HEX-150"]
    assert (entry["unit_price"], entry["currency"], entry["lead_time_weeks"]) == ("18450.00", "DKK", 6)
    assert (
        entry["catalogue_sha256"]
        == hashlib.sha256((tmp_path / "catalogues" / "nordheat.xlsx").read_bytes()).hexdigest()
    )
    assert lock["components"]["pumpco/CP-40"]["price_breaks"] == [["100", "5620.00"], ["250", "5390.00"]]
    assert lock["rates"] == {"EUR": "1", "DKK": "0.1341"}

    set_price(tmp_path / "catalogues" / "nordheat.xlsx", "HEX-150", 19000)
    priced, warnings = price_bid(project)
    assert priced.total == first.priced.total == D("1100000.00")
    assert [str(w).replace(str(tmp_path) + "/", "") for w in warnings] == [
        "examples/bid/bid.lock.json: warning: the price lock holds a value that differs from the catalogue: "
        "nordheat/HEX-150: price locked 18450.00 DKK, in the catalogue 19000.00 DKK (+2.98%); "
        "the locked value is used ('bidkit lock update' takes the catalogue's)"
    ]


def test_lock_update_moves_the_total_by_the_exact_amount(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    build(project, tmp_path / "out")
    set_price(tmp_path / "catalogues" / "nordheat.xlsx", "HEX-150", 19000)
    set_price(tmp_path / "catalogues" / "pumpco.xlsx", "EXP-50", 1300)
    code, out, err = run_cli("lock", "update", str(project), "--only", "nordheat/HEX-150")
    assert code == 0, err
    # HEX-150: 19000 x 0.1341 = 2547.90; x 1.12 = 2853.648 -> 2853.65 (was 2771.05): +82.60 x 120 = +9912.00
    # subtotal 1099703.12; contingency 32991.09; discount 22653.88; before 1110040.33 -> 1110000.00
    assert out.splitlines() == [
        "updated nordheat/HEX-150: price locked 18450.00 DKK, in the catalogue 19000.00 DKK (+2.98%)",
        "total 1,100,000.00 -> 1,110,000.00 EUR (+10,000.00)",
    ]
    priced, warnings = price_bid(project)
    assert priced.subtotal == D("1089791.12") + D("9912.00")
    assert priced.total == D("1110000.00")
    assert len(warnings) == 1 and "pumpco/EXP-50" in str(warnings[0])  # still held back


def test_lock_update_of_a_reference_not_in_the_lock_is_an_error_with_the_closest_one(
    project: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    build(project, tmp_path / "out")
    lock = project.with_name("bid.lock.json")
    before = lock.read_bytes()
    set_price(tmp_path / "catalogues" / "nordheat.xlsx", "HEX-150", 19000)
    code, out, err = run_cli("lock", "update", str(project), "--only", "nordheat/HEX-4000",
                             "--only", "nordheat/HEX-150", "--only", "zzz")  # fmt: skip
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "examples/bid/bid.lock.json: --only 'nordheat/HEX-4000' is not in the price lock; "
        "did you mean 'nordheat/HEX-150'?",
        "examples/bid/bid.lock.json: --only 'zzz' is not in the price lock",
        "2 errors; nothing was written.",
    ]
    assert lock.read_bytes() == before


def test_same_inputs_give_identical_bytes(project: Path, tmp_path: Path) -> None:
    a = build(project, tmp_path / "a").outputs
    b = build(project, tmp_path / "b").outputs
    for key in ("proposal", "costs", "summary"):
        assert a[key].read_bytes() == b[key].read_bytes(), key
    with zipfile.ZipFile(a["costs"]) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2026-11-27T00:00:00Z" in zf.read("docProps/core.xml")


def test_check_reports_whether_files_on_disk_match(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run_cli("build", str(project), "--out", str(out))[0] == 0
    code, text, _ = run_cli("build", str(project), "--out", str(out), "--check")
    assert code == 0 and text.count("matches: ") == len(EXAMPLE_OUTPUTS)
    (out / "LEC-2027-014-summary.json").write_text("{}")
    code, text, _ = run_cli("build", str(project), "--out", str(out), "--check")
    assert code == 1
    assert f"differs: {out / 'LEC-2027-014-summary.json'}" in text.splitlines()


def test_approval_is_void_when_a_line_changes(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("review", str(project), "--approve", "--by", "Anna Lead")
    assert code == 0 and out.startswith("approved LEC-2027-014 at 1100000.00 EUR by Anna Lead")
    approved = build(project, tmp_path / "out").priced
    assert (
        not approved.draft
        and approved.approval is not None
        and approved.approval.startswith("Approved by Anna Lead")
    )

    text = project.read_text().replace("{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 121}")
    project.write_text(text)
    assert build(project, tmp_path / "out").priced.draft
    code, out, _ = run_cli("review", str(project))
    assert code == 0
    assert out.startswith("DRAFT: changed since approval by Anna Lead")
    assert "substations: pumpco/EXP-50" in out and "qty 120 -> 121" in out


def test_approve_needs_a_name(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("review", str(project), "--approve")
    assert code == 2 and "--approve needs --by" in err


def test_diff_of_two_revisions_lists_exactly_the_changed_lines(
    project: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    rev_b = project.with_name("bid-b.yaml")
    text = project.read_text()
    text = text.replace("{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 130}")
    text = text.replace("      - {item: isopipe/BEND-100, qty: 24}\n", "")
    text = text.replace(
        "{item: nordheat/CTRL-1, qty: 120, markup: 15%}", "{item: nordheat/CTRL-1, qty: 120, markup: 14%}"
    )
    rev_b.write_text(text)
    code, out, err = run_cli(
        "diff", str(project), str(rev_b), "--json", "--xlsx", str(tmp_path / "review.xlsx")
    )
    assert code == 0, err
    data = json.loads(out)
    assert [x["ref"] for x in data["lines_removed"]] == ["isopipe/BEND-100"]
    assert data["lines_added"] == []
    changed = {x["ref"]: x["changes"] for x in data["lines_changed"]}
    # CTRL-1: 552.56 x 1.14 = 629.9184 -> 629.92 (was 635.44)
    assert changed == {
        "nordheat/CTRL-1": {
            "markup": {"old": "0.15", "new": "0.14"},
            "unit_sell": {"old": "635.44", "new": "629.92"},
            "line_total": {"old": "76252.80", "new": "75590.40"},
        },
        "pumpco/EXP-50": {
            "qty": {"old": "120", "new": "130"},
            "line_total": {"old": "21549.60", "new": "23345.40"},
        },
    }
    sections = {s["id"]: s["change"] for s in data["sections"]}
    # substations: -662.40 + 1795.80; network: -5698.56 (24 x 237.44)
    assert sections == {"substations": "1133.40", "network": "-5698.56", "services": "0.00"}
    rows = list(load_workbook(tmp_path / "review.xlsx")["Changes"].iter_rows(values_only=True))
    assert rows[0][-1] == "Comment"
    assert rows[1][:4] == ("removed", "network", None, "isopipe/BEND-100")


def test_open_document_is_not_touched(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    build(project, out)
    before = (out / "LEC-2027-014-proposal.docx").read_bytes()
    (out / "~$C-2027-014-proposal.docx").write_text("owner")
    project.write_text(project.read_text().replace("qty: 120}", "qty: 119}", 1))
    code, _, err = run_cli("build", str(project), "--out", str(out))
    assert code == 1
    assert err.splitlines()[0].endswith(
        "LEC-2027-014-proposal.docx: the file is open in Word, Excel or LibreOffice "
        "(~$C-2027-014-proposal.docx exists); close it and build again"
    )
    assert (out / "LEC-2027-014-proposal.docx").read_bytes() == before
    (out / "~$C-2027-014-proposal.docx").unlink()
    (out / ".~lock.LEC-2027-014-costs.xlsx#").write_text("owner")
    with pytest.raises(OutputError):
        build(project, out)


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bidkit.outputs import files

    target = tmp_path / "x.json"
    target.write_text("previous")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        files.atomic_write(target, b"new")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_two_builds_at_once_into_one_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, out)  # write the lock first so both runs only write outputs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bidkit", "build", str(project), "--out", str(out)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    for name in ("LEC-2027-014-proposal.docx", "LEC-2027-014-costs.xlsx"):
        with zipfile.ZipFile(out / name) as zf:
            assert zf.testzip() is None
    assert sorted(p.name for p in out.iterdir()) == EXAMPLE_OUTPUTS


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in part.paragraphs]
            parts += [c.text for t in part.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def _summary_values(path: Path) -> list[object]:
    return [
        c for row in load_workbook(path)["Summary"].iter_rows(values_only=True) for c in row if c is not None
    ]


def test_revision_and_draft_marking_in_both_documents(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    draft = build(project, out, revision="B").outputs
    assert draft["proposal"].name == "LEC-2027-014-B-proposal.docx"
    text = _docx_text(draft["proposal"])
    assert "DRAFT" in text
    assert "Revision B" in text or "Revision\nB" in text
    assert "DRAFT - not approved" in _summary_values(draft["costs"])
    assert "B" in _summary_values(draft["costs"])

    assert run_cli("review", str(project), "--approve", "--by", "Anna Lead", "--revision", "B")[0] == 0
    approved = build(project, out, revision="B").outputs
    assert "DRAFT" not in _docx_text(approved["proposal"])
    values = _summary_values(approved["costs"])
    assert "DRAFT - not approved" not in values
    assert any(isinstance(v, str) and v.startswith("Approved by Anna Lead on ") for v in values)


# Approvals: the review log's format, old logs, tampered logs.

V1_LOG = ROOT / "tests" / "fixtures" / "review-v1.json"  # made by bidkit before version 2 (see its README)
V1_WHEN = "2026-12-02 10:01 UTC"


def _v1_log(project: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """The version-1 fixture as the project's review log, optionally edited (hash left as it was)."""
    data = json.loads(V1_LOG.read_text(encoding="utf-8"))
    if change is not None:
        change(data["approvals"][0])
    path = project.with_name("bid.review.json")
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_an_intact_version_1_approval_of_the_same_figures_is_reported_and_does_not_approve(
    project: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    log = _v1_log(project)
    before = log.read_bytes()
    assert run_cli("review", str(project)) == (
        0,
        f"DRAFT: the approval by Anna Lead on {V1_WHEN} was made by an older bidkit and covers the "
        "figures, not the wording of the proposal; approve again\n"
        "Figures: no changes.\n"
        "Wording: not covered by that approval\n",
        "",
    )
    assert run_cli("review", str(project), "--check")[0] == 1
    result = build(project, tmp_path / "out")
    assert result.priced.draft and result.priced.approval is None
    assert result.warnings == []
    assert log.read_bytes() == before  # reading never rewrites it


def test_a_version_1_approval_of_other_figures_lists_what_changed(
    project: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    _v1_log(project)
    project.write_text(
        project.read_text().replace("{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 121}")
    )
    code, out, err = run_cli("review", str(project))
    assert (code, err) == (0, "")
    assert out.startswith(f"DRAFT: the approval by Anna Lead on {V1_WHEN} was made by an older bidkit")
    assert "substations: pumpco/EXP-50" in out and "qty 120 -> 121" in out
    assert out.endswith("\nWording: not covered by that approval\n")
    assert build(project, tmp_path / "out").priced.draft


def _set_line_qty(approval: dict[str, Any]) -> None:
    approval["summary"]["lines"][0]["qty"] = "7"


def _set(key: str, value: str | None) -> Callable[[dict[str, Any]], None]:
    return lambda approval: approval.__setitem__(key, value)


def _set_in_summary(key: str, value: str | None) -> Callable[[dict[str, Any]], None]:
    return lambda approval: approval["summary"].__setitem__(key, value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_set_line_qty, "the figures it holds do not match its SHA-256"),
        (_set_in_summary("total", "1000000.00"), "the figures it holds do not match its SHA-256"),
        (_set("summary_sha256", "0" * 64), "the figures it holds do not match its SHA-256"),
        (_set("total", "1000000.00"), "its total, currency or revision differ from the figures it holds"),
        (_set("currency", "DKK"), "its total, currency or revision differ from the figures it holds"),
        (_set("revision", "B"), "its total, currency or revision differ from the figures it holds"),
    ],
)
def test_a_tampered_version_1_approval_counts_for_nothing(
    project: Path,
    tmp_path: Path,
    run_cli,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], None],
    reason: str,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    _v1_log(project, change)
    warning = (
        f"examples/bid/bid.review.json: warning: the approval by Anna Lead on {V1_WHEN} counts for nothing: "
        f"{reason}; the bid needs a new approval ('bidkit review --approve')"
    )
    code, out, err = run_cli("review", str(project))
    assert (code, out, err) == (
        0, "DRAFT: the approval on record is not valid; approve again (see examples/bid/bid.review.json)\n",
        warning + "\n",
    )  # fmt: skip
    result = build(project, tmp_path / "out")
    assert result.priced.draft and result.priced.approval is None
    assert [str(w) for w in result.warnings] == [warning]
    code, out, err = run_cli("build", str(project), "--out", str(tmp_path / "out"))
    assert code == 0 and warning in err.splitlines()
    assert "changed since the approval" not in out  # figures that prove nothing are not compared


def test_approving_on_a_version_1_log_upgrades_it_and_keeps_the_old_approval_verifiable(
    project: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from bidkit.review.approval import approval_fault, read_log

    monkeypatch.chdir(tmp_path)
    log = _v1_log(project)
    old = json.loads(V1_LOG.read_text(encoding="utf-8"))["approvals"][0]
    assert run_cli("review", str(project), "--approve", "--by", "Bo Second")[0] == 0
    data = json.loads(log.read_text(encoding="utf-8"))
    assert data["bidkit_review"] == 2
    first, second = data["approvals"]
    assert first == {
        "by": "Anna Lead", "at": old["at"], "revision": None, "total": "1100000.00", "currency": "EUR",
        "scope": 1, "sha256": old["summary_sha256"], "approved": {"figures": old["summary"]},
    }  # fmt: skip
    figures = {**old["summary"], "lines": [_sourceless(line) for line in old["summary"]["lines"]]}
    assert (second["by"], second["scope"], second["approved"]["figures"]) == ("Bo Second", 3, figures)
    assert sorted(second["approved"]) == ["figures", "wording"]
    assert [approval_fault(a) for a in read_log(log).approvals] == [None, None]
    code, out, _ = run_cli("review", str(project))
    assert code == 0 and out.startswith("approved by Bo Second on ")


def _sourceless(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if k != "source"}


def test_an_approval_hashes_the_canonical_json_of_what_it_covers(
    project: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    from bidkit.review.approval import SCOPE

    assert run_cli("review", str(project), "--approve", "--by", "Anna Lead")[0] == 0
    summary = json.loads(build(project, tmp_path / "out").outputs["summary"].read_text(encoding="utf-8"))
    (entry,) = json.loads(project.with_name("bid.review.json").read_text(encoding="utf-8"))["approvals"]
    figures = {**summary, "lines": [_sourceless(line) for line in summary["lines"]]}
    wording = entry["approved"]["wording"]
    canonical = json.dumps({"figures": figures, "wording": wording}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)  # fmt: skip
    assert sorted(entry) == ["approved", "at", "by", "currency", "revision", "scope", "sha256", "total"]
    assert entry["scope"] == SCOPE == 3 and entry["approved"]["figures"] == figures
    assert entry["sha256"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    template = ROOT / "templates" / "proposal.docx"
    assert wording["language"] == "en"
    assert wording["template"] == {"file": "templates/proposal.docx",
                                   "sha256": hashlib.sha256(template.read_bytes()).hexdigest()}  # fmt: skip
    assert list(wording["blocks"]) == ["summary", "letter", "section substations", "section network",
                                       "template company-profile.md", "template standard-terms.md"]  # fmt: skip
    assert wording["blocks"]["section network"] == (project.parent / "texts" / "network.md").read_text()


def test_a_tampered_version_2_approval_counts_for_nothing(
    project: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run_cli("review", str(project), "--approve", "--by", "Anna Lead")[0] == 0
    log = project.with_name("bid.review.json")
    data = json.loads(log.read_text(encoding="utf-8"))
    data["approvals"][0]["approved"]["figures"]["lines"][0]["qty"] = "7"
    log.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli("review", str(project))
    assert code == 0 and out.startswith("DRAFT: the approval on record is not valid")
    assert err.startswith("examples/bid/bid.review.json: warning: the approval by Anna Lead on ")
    assert err.endswith(
        " UTC counts for nothing: the figures and wording it holds do not match its SHA-256; "
        "the bid needs a new approval ('bidkit review --approve')\n"
    )


# Every state file is untrusted input.

_LOCK_HINT = "restore it from your records or delete it to lock the current catalogue prices"
_LOG_HINT = "restore it from your records"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _huge(path: Path) -> None:
    with path.open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)  # sparse: one byte over the limit


def _writer(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


UNREADABLE: list[tuple[str, Callable[[Path], None], str, str]] = [
    # id, how the file is made, the message after "<file>: " with {what} and {hint}, and where
    ("directory", Path.mkdir, "{what} is a directory, not a file; {hint}", ""),
    ("fifo", _fifo, "{what} is a FIFO, not a file; {hint}", ""),
    ("dev-zero", _device, "{what} is a device, not a file; {hint}", ""),
    ("huge", _huge, "{what} is larger than 64 MiB, the most bidkit reads; {hint}", ""),
    ("latin-1", _writer('{"bid": "Lemvig Varmeværk"}'.encode("latin-1")),
     "{what} is damaged (not UTF-8 text: byte 22); {hint}", ""),
    ("truncated", _writer(b'{\n  "bid": "X",\n  "rates": {'),
     "{what} is damaged (not JSON: Expecting property name enclosed in double quotes); {hint}", ":3:13"),
    ("empty", _writer(b""), "{what} is damaged (not JSON: Expecting value); {hint}", ":1:1"),
    ("repeated-key", _writer(b'{"bid": "X", "bid": "Y"}'),
     '{what} is damaged (not JSON bidkit wrote: the key "bid" is written twice); {hint}', ""),
    ("nan", _writer(b'{"bid": NaN}'),
     "{what} is damaged (not JSON bidkit wrote: NaN is not a number JSON allows); {hint}", ""),
    ("deep", _writer(b"[" * 100_000 + b"]" * 100_000),
     "{what} is damaged (not JSON bidkit wrote: nested too deeply); {hint}", ""),
    ("a-list", _writer(b"[]"), "{what} is damaged (top level: Input should be a valid dictionary "
     "or instance of {model}); {hint}", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "message", "place"), [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE]
)
def test_an_unreadable_lock_or_review_log_is_one_line_at_the_file(
    tmp_path: Path, make: Callable[[Path], None], message: str, place: str
) -> None:
    from bidkit.errors import BidkitError
    from bidkit.review.approval import read_log
    from bidkit.review.lock import read_lock

    cases = [(read_lock, "bid.lock.json", "the price lock", _LOCK_HINT, "Lock"),
             (read_log, "bid.review.json", "the review log", _LOG_HINT, "ReviewLog")]  # fmt: skip
    for read, name, what, hint, model in cases:
        path = tmp_path / name
        make(path)
        with pytest.raises(BidkitError) as caught:
            read(path, name)
        assert str(caught.value) == f"{name}{place}: " + message.format(what=what, hint=hint, model=model)


def test_a_fifo_as_the_lock_stops_a_build_with_one_line(project: Path, tmp_path: Path) -> None:
    """Through the real command, with a timeout: opening a FIFO to read would wait for a writer."""
    os.mkfifo(project.with_name("bid.lock.json"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bidkit", "build", "bid.yaml", "--out", str(tmp_path / "out")]
    done = subprocess.run(cmd, cwd=project.parent, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"bid.lock.json: the price lock is a FIFO, not a file; {_LOCK_HINT}",
        "1 error; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.__setitem__("bidkit_lock", 2),
         "the price lock has version 2, and this bidkit reads only version 1; use the bidkit that wrote it, "
         "or delete it to lock the current catalogue prices"),
        (lambda d: d.__setitem__("bidkit_lock", "x" * 100),
         f'the price lock has version "{"x" * 36}..., and this bidkit reads only version 1; use the bidkit '
         "that wrote it, or delete it to lock the current catalogue prices"),
        (lambda d: d["components"]["pumpco/CP-40"].__setitem__("note", "x"),
         f"pumpco/CP-40: note: Extra inputs are not permitted; {_LOCK_HINT}"),
        (lambda d: d["components"]["pumpco/CP-40"].__setitem__("unit_price", "cheap"),
         f'pumpco/CP-40: unit_price: "cheap" is not a number written as bidkit writes one; {_LOCK_HINT}'),
    ],
)  # fmt: skip
def test_a_lock_that_does_not_fit_its_format_is_refused(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    from bidkit.errors import BidkitError
    from bidkit.review.lock import read_lock

    data = json.loads((ROOT / "examples" / "lviv-substations" / "bid.lock.json").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "bid.lock.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BidkitError) as caught:
        read_lock(path, "bid.lock.json")
    assert str(caught.value) == f"bid.lock.json: {message}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bidkit_review": 3, "approvals": []},
         "the review log has version 3, and this bidkit reads only versions 1 and 2; use the bidkit that wrote it"),
        ({"bidkit_review": 2, "approvals": [{"by": "A"}]},
         f"the review log is damaged (approvals.0.at: Field required); {_LOG_HINT}"),
        ({"bidkit_review": 1, "approvals": [], "signed": True},
         f"the review log is damaged (signed: Extra inputs are not permitted); {_LOG_HINT}"),
    ],
)  # fmt: skip
def test_a_review_log_that_does_not_fit_its_format_is_refused(
    tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    from bidkit.errors import BidkitError
    from bidkit.review.approval import read_log

    path = tmp_path / "bid.review.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BidkitError) as caught:
        read_log(path, "bid.review.json")
    assert str(caught.value) == f"bid.review.json: {message}"


# The price lock's text.


def test_a_first_build_writes_the_shipped_lock_byte_for_byte(project: Path, tmp_path: Path) -> None:
    shipped = ROOT / "examples" / "lviv-substations" / "bid.lock.json"
    assert build(project, tmp_path / "out").lock_written == project.with_name("bid.lock.json")
    assert project.with_name("bid.lock.json").read_bytes() == shipped.read_bytes()
    text = shipped.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_lock_update_without_only_takes_every_change(project: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    build(project, tmp_path / "out")
    set_price(tmp_path / "catalogues" / "nordheat.xlsx", "HEX-150", 19000)
    set_price(tmp_path / "catalogues" / "pumpco.xlsx", "EXP-50", 1300)
    code, out, err = run_cli("lock", "update", str(project))
    assert code == 0, err
    assert [line.split(":")[0] for line in out.splitlines()[:2]] == [
        "updated nordheat/HEX-150",
        "updated pumpco/EXP-50",
    ]
    lock = json.loads(project.with_name("bid.lock.json").read_text(encoding="utf-8"))
    assert lock["components"]["nordheat/HEX-150"]["unit_price"] == "19000.00"
    assert price_bid(project)[1] == []  # nothing held back any more
