"""``bidkit validate`` renders, without writing, everything ``build`` would: it refuses what build refuses (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_example, replace_in


def _undefined_in_a_block(bid: Path) -> None:
    block = bid.parent / "texts" / "network.md"
    block.write_text(block.read_text(encoding="utf-8") + "Laid for {{ clent.name }}.\n", encoding="utf-8")


def _missing_template(bid: Path) -> None:
    replace_in(bid, "language: en\n", "language: en\ntemplate: corporate.docx\n")


def _undefined_in_a_shipped_block_the_template_names(bid: Path) -> None:
    (bid.parent / "standard-terms.md").write_text("Valid for {{ validity }} days.\n", encoding="utf-8")


@pytest.mark.parametrize(("spoil", "message"), [
    (_undefined_in_a_block, "texts/network.md:8: 'clent' is undefined"),
    (_missing_template, "corporate.docx: template not found"),
    (_undefined_in_a_shipped_block_the_template_names, "standard-terms.md:1: 'validity' is undefined"),
], ids=["block", "template", "template-block"])  # fmt: skip
def test_validate_fails_where_build_fails_with_the_same_message_and_writes_nothing(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil, message: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    bid = copy_example(tmp_path, "bid")
    assert run_cli("validate", str(bid)) == (0, f"{bid}: ok (0 warnings)\n", "")
    spoil(bid)
    expected = (1, "", f"{message}\n1 error; nothing was written.\n")
    assert run_cli("validate", str(bid)) == expected
    assert run_cli("build", str(bid), "--out", "out") == expected
    assert sorted(p.name for p in bid.parent.iterdir()) == sorted(
        ["bid.yaml", "texts", *(["standard-terms.md"] if (bid.parent / "standard-terms.md").exists() else [])]
    )  # no lock, no review log
    assert not (tmp_path / "out").exists()
