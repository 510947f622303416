"""Every XML part of the cost workbook and of the diff workbook follows the ECMA-376 schemas,
and the package holds together the way Office checks it (counts, indexes, targets, content types).

The example's workbook is checked by tests/test_proposal_document.py; here the workbooks that
exercise the rest: a generated bid of several hundred lines with formula-like catalogue text,
four currencies, nested bundles and options; the example in German (quoted sheet names); a bid
without options or bundles; and the review workbook of `bidkit diff --xlsx`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bidkit.outputs.diff_report import diff_workbook
from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import build, price_bid
from bidkit.pricing.model import PricedBid
from bidkit.review.diff import diff_summaries
from tests.helpers import example_copy, ooxml_problems, package_problems, write_generated_bid
from tests.recalc import replace_in_part


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[PricedBid, Path]:
    root = tmp_path_factory.mktemp("generated")
    result = build(write_generated_bid(root), root / "out")
    return result.priced, result.outputs["costs"]


def _written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_large_mixed_workbook_follows_the_schemas(generated: tuple[PricedBid, Path]) -> None:
    assert ooxml_problems(generated[1]) == []
    assert package_problems(generated[1]) == []


def test_a_german_workbook_and_one_without_options_or_bundles(tmp_path: Path) -> None:
    priced, _ = price_bid(example_copy(tmp_path, "de"))
    german = _written(tmp_path, "de.xlsx", render_workbook(priced))
    bare = _written(tmp_path, "bare.xlsx", render_workbook(replace(priced, options=(), bundles=())))
    for path in (german, bare):
        assert ooxml_problems(path) == [], path.name
        assert package_problems(path) == [], path.name


def test_the_diff_workbook_follows_the_schemas(generated: tuple[PricedBid, Path], tmp_path: Path) -> None:
    summary = json.loads(generated[1].with_name("GEN-1-summary.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(summary))
    changed["lines"][0]["qty"] = "3000"
    changed["lines"] = [*changed["lines"][1:], {**changed["lines"][2], "ref": "new/ONE", "name": "=1+2"}]
    path = _written(tmp_path, "diff.xlsx", diff_workbook(diff_summaries(summary, changed)))
    assert ooxml_problems(path) == []
    assert package_problems(path) == []


def test_the_package_check_finds_what_office_would_refuse(generated: tuple[PricedBid, Path], tmp_path: Path) -> None:
    src = generated[1]
    wrong_count = replace_in_part(src, "xl/styles.xml", '<cellXfs count="', '<cellXfs count="1', tmp_path / "a.xlsx")
    (problem,) = package_problems(wrong_count)
    assert problem.startswith("styles.xml: cellXfs count 1") and problem.endswith(" entries")
    lost = replace_in_part(src, "xl/_rels/workbook.xml.rels", 'Target="styles.xml"', 'Target="style.xml"',
                           tmp_path / "b.xlsx")  # fmt: skip
    assert package_problems(lost) == ["xl/_rels/workbook.xml.rels: target xl/style.xml is not there"]
