"""An approval covers exactly what the client sees: every figure and the proposal's wording (issue 17).

It ignores where a line sits in the bid file, comments and the order of keys; a new sentence
in a text block, another template or language voids it, and the change is named.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bidkit.pipeline import build
from bidkit.review.approval import canonical_json
from tests.helpers import copy_example, replace_in


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, approved by Anna Lead; the current folder is its root."""
    monkeypatch.chdir(tmp_path)
    return copy_example(tmp_path, "bid")


def _approve(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("review", str(project), "--approve", "--by", "Anna Lead")
    assert (code, err) == (0, ""), out


def test_comments_moved_lines_and_reordered_keys_keep_the_approval(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    first = build(project, "out").outputs["summary"].read_text(encoding="utf-8")
    before = [line["source"] for line in json.loads(first)["lines"]]
    # A comment line shifts every later line's bid.yaml line:col (the summary's "source").
    replace_in(project, "sections:\n", "# checked with the client on the phone\nsections:\n")
    replace_in(project, "  - id: network\n    title: Service pipe connections\n",
          "  - title: Service pipe connections  # keys in another order\n    id: network\n")  # fmt: skip
    replace_in(project, "  contingency: 3%\n  discount: 2%\n", "  discount: 2%\n  contingency: 3%\n")
    code, out, err = run_cli("review", str(project), "--check")
    assert (code, err) == (0, "")
    assert out.startswith("approved by Anna Lead on ") and out.endswith(" UTC (1100000.00 EUR)\n")
    result = build(project, "out")
    assert not result.priced.draft and result.priced.approval is not None
    summary = json.loads(result.outputs["summary"].read_text(encoding="utf-8"))
    after = [line["source"] for line in summary["lines"]]
    assert len(after) == len(before) and after != before


def test_a_new_sentence_in_a_text_block_voids_the_approval_and_names_the_block(
    project: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    text = project.parent / "texts" / "network.md"
    text.write_text(text.read_text(encoding="utf-8") + "Trenching is included.\n", encoding="utf-8")
    code, out, err = run_cli("review", str(project))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("DRAFT: changed since approval by Anna Lead on ")
    assert lines[1:] == ["Figures: no changes.", "Wording: text block changed: section network"]
    assert run_cli("review", str(project), "--check")[:2] == (1, out)
    code, out, err = run_cli("build", str(project), "--out", "out")
    assert (code, err) == (0, "")
    day = lines[0].removeprefix("DRAFT: changed since approval by Anna Lead on ")[:10]
    assert out.splitlines()[-4:] == [
        "total 1100000.00 EUR - DRAFT (not approved)",
        f"changed since the approval by Anna Lead on {day}:",
        *lines[1:],
    ]


def test_a_shipped_block_replaced_beside_the_bid_and_a_new_language_are_named(
    project: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    (project.parent / "standard-terms.md").write_text("Payment within 30 days.\n", encoding="utf-8")
    out = run_cli("review", str(project))[1]
    assert out.splitlines()[1:] == ["Figures: no changes.",
                                    "Wording: text block changed: template standard-terms.md"]  # fmt: skip
    replace_in(project, "language: en\n", "language: da\n")
    out = run_cli("review", str(project))[1]
    assert out.splitlines()[1:] == [
        "Figures: language: en -> da",
        "Wording: language: en -> da",
        "Wording: text block changed: letter",  # the shipped Danish cover letter
        "Wording: text block changed: template company-profile.md",  # the shipped Danish one
        "Wording: text block changed: template standard-terms.md",  # still the bid's own since approval
    ]


def test_a_changed_figure_outside_the_tables_is_named(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    replace_in(project, "incoterm: DAP Lviv\n", "incoterm: DAP Kyiv\n")
    code, out, _ = run_cli("review", str(project), "--check")
    assert code == 1
    # The shipped cover letter names the delivery terms, so its rendered text changes as well.
    assert out.splitlines()[1:] == ["Figures: incoterm: DAP Lviv -> DAP Kyiv",
                                    "Wording: text block changed: letter"]  # fmt: skip


def test_a_bundle_description_is_wording(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    replace_in(project, "frame and meter, factory assembled", "frame and meter, assembled on site")
    out = run_cli("review", str(project), "--check")[1]
    assert out.splitlines()[1:] == ["Figures: no changes.", "Wording: bundle changed: substation-150"]


def test_review_check_exits_1_for_a_bid_never_approved(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("review", str(project), "--check") == (1, "DRAFT: never approved\n", "")
    assert run_cli("review", str(project)) == (0, "DRAFT: never approved\n", "")
    code, _, err = run_cli("review", str(project), "--check", "--approve", "--by", "Anna")
    assert code == 2 and "--check only reads the review log; give it without --approve" in err


def _scope_2_log(project: Path, tamper: bool = False) -> Path:
    """A review log as the bidkit before scope 3 wrote it: the summary, source positions and all."""
    summary = json.loads(build(project, "old-out").outputs["summary"].read_text(encoding="utf-8"))
    sha = hashlib.sha256(canonical_json({"figures": summary})).hexdigest()
    if tamper:
        summary["lines"][0]["qty"] = "7"
    approval = {"by": "Old Approver", "at": "2026-11-30T09:00:00Z", "revision": None, "total": summary["total"],
                "currency": "EUR", "scope": 2, "sha256": sha, "approved": {"figures": summary}}  # fmt: skip
    log = project.with_name("bid.review.json")
    log.write_text(json.dumps({"bidkit_review": 2, "approvals": [approval]}), encoding="utf-8")
    return log


def test_an_intact_scope_2_approval_is_reported_and_does_not_approve(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _scope_2_log(project)
    assert run_cli("review", str(project), "--check") == (
        1,
        "DRAFT: the approval by Old Approver on 2026-11-30 09:00 UTC was made by an older bidkit and covers "
        "the figures, not the wording of the proposal; approve again\n"
        "Figures: no changes.\n"
        "Wording: not covered by that approval\n",
        "",
    )
    assert build(project, "out").priced.draft
    _approve(run_cli, project)
    assert run_cli("review", str(project), "--check")[0] == 0


def test_a_tampered_scope_2_approval_counts_for_nothing(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _scope_2_log(project, tamper=True)
    assert run_cli("review", str(project)) == (
        0,
        "DRAFT: the approval on record is not valid; approve again (see examples/bid/bid.review.json)\n",
        "examples/bid/bid.review.json: warning: the approval by Old Approver on 2026-11-30 09:00 UTC counts "
        "for nothing: the figures it holds do not match its SHA-256; the bid needs a new approval "
        "('bidkit review --approve')\n",
    )


def test_a_scope_3_approval_whose_wording_was_edited_counts_for_nothing(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    log = project.with_name("bid.review.json")
    data = json.loads(log.read_text(encoding="utf-8"))
    data["approvals"][0]["approved"]["wording"]["blocks"]["summary"] = "Something else."
    log.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli("review", str(project), "--check")
    assert (code, out) == (1, "DRAFT: the approval on record is not valid; approve again "
                              "(see examples/bid/bid.review.json)\n")  # fmt: skip
    assert "counts for nothing: the figures and wording it holds do not match its SHA-256;" in err


def test_a_new_sentence_in_the_cover_letter_voids_the_approval(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _approve(run_cli, project)
    (project.parent / "texts" / "letter.md").write_text("Dear committee,\n\nWe offer the works.\n", encoding="utf-8")
    replace_in(project, "sections:\n", "letter: texts/letter.md\nsections:\n")
    out = run_cli("review", str(project), "--check")[1]
    assert "Wording: text block changed: letter" in out.splitlines()
