"""Price lock, approvals, draft-to-draft diff, reproducible and safe writing (issue 6)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bidkit.errors import OutputError
from bidkit.pipeline import build, price_bid
from tests.helpers import ROOT, copy_example


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
        "examples/bid/bid.lock.json: warning: nordheat/HEX-150: price 18450.00 DKK -> 19000.00 DKK (+2.98%); "
        "the locked value is kept ('bidkit lock update' takes the new one)"
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
        "updated nordheat/HEX-150: price 18450.00 DKK -> 19000.00 DKK (+2.98%)",
        "total 1,100,000.00 -> 1,110,000.00 EUR (+10,000.00)",
    ]
    priced, warnings = price_bid(project)
    assert priced.subtotal == D("1089791.12") + D("9912.00")
    assert priced.total == D("1110000.00")
    assert len(warnings) == 1 and "pumpco/EXP-50" in str(warnings[0])  # still held back


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
    assert code == 0 and text.count("matches: ") == 3
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
    assert sorted(p.name for p in out.iterdir()) == [
        "LEC-2027-014-costs.xlsx",
        "LEC-2027-014-proposal.docx",
        "LEC-2027-014-summary.json",
    ]


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
    return [c for row in load_workbook(path)["Summary"].iter_rows(values_only=True) for c in row if c is not None]


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
