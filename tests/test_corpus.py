"""Every hostile or broken input in tests/corpus/make_corpus.py gets exactly its documented outcome.

Each case runs as ``bidkit ...`` in a child process (tests/corpus/sandbox.py):
never a traceback, never a crash, never a hang, never more than 1 GiB.  Builds
are then read back: the catalogue text each one carries must appear exactly,
as data, in the summary JSON, the Word proposal and the cost workbook.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.corpus.make_corpus import CASES, Case, Shown, write_corpus
from tests.corpus.sandbox import MEMORY_LIMIT, run_bidkit

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("corpus") / "files")


def _write(folder: Path) -> Path:
    write_corpus(folder)
    return folder


def test_the_corpus_has_the_inputs_the_issue_lists() -> None:
    names = {case.name for case in CASES}
    assert len(CASES) >= 35
    assert len(names) == len(CASES)
    for must in ("bomb-in-sheet.xlsx", "bomb-in-shared-strings.xlsx", "bomb-in-workbook.xlsx", "xxe.xlsx",
                 "zip-bomb.xlsx", "cell-at-xfd1048576.xlsx", "encrypted.xlsx", "yaml-python-tag.yaml"):  # fmt: skip
        assert must in names


def test_the_generator_is_reproducible(tmp_path: Path) -> None:
    first, second = _write(tmp_path / "a"), _write(tmp_path / "b")
    differ = [p.name for p in sorted(first.iterdir())
              if p.read_bytes() != (second / p.name).read_bytes()]  # fmt: skip
    assert differ == ["encrypted.xlsx"]  # its encryption salt is random by design


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_documented_outcome(case: Case, corpus: Path, tmp_path: Path) -> None:
    run = run_bidkit(list(case.args), corpus, env={"BIDKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert "Traceback" not in run.stderr, run.describe()
    assert run.code >= 0, f"killed by signal {-run.code}: {run.describe()}"
    assert run.peak_mib * (1 << 20) < MEMORY_LIMIT, run.describe()
    assert (run.code, run.stdout, run.stderr) == (
        case.code, case.stdout.replace("{dir}", str(corpus)), case.stderr.replace("{dir}", str(corpus))
    )  # fmt: skip
    for name in case.absent:
        assert not (corpus / name).exists(), f"{name} was created"
    if case.code == 0 and case.args[0] == "build":
        outputs = corpus / case.args[-1]
        stem = Path(case.name).stem
        summary = json.loads((outputs / f"{stem}-summary.json").read_text(encoding="utf-8"))
        for path, value in case.summary:
            assert _dig(summary, path) == value, path
        if case.shown:
            _check_shown(
                case.shown, summary, outputs / f"{stem}-proposal.docx", outputs / f"{stem}-costs.xlsx"
            )


def _dig(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _check_shown(shown: tuple[Shown, ...], summary: dict[str, Any], docx: Path, xlsx: Path) -> None:
    lines = {line["sku"]: line for line in summary["lines"]}
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    paragraphs = {"".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")}
    sheet = load_workbook(xlsx)["Lines"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for item in shown:
        assert lines[item.sku][item.field] == item.text, f"summary JSON: {item}"
        assert item.text in paragraphs, f"Word proposal: {item}"
        excel = item.excel if item.excel is not None else item.text
        assert excel in cells, f"cost workbook: {item}"
        cell = cells[excel]
        assert cell.data_type == "s", f"cost workbook: {item} is not a text cell"
        assert bool(cell.quotePrefix) == excel.startswith(("=", "+", "-", "@")), f"quotePrefix: {item}"
