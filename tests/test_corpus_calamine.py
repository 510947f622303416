"""The 132 real spreadsheets from calamine's test suite (tests/corpus/calamine, MIT licence).

Written by Excel, LibreOffice, Google Sheets and others, several of them made
readers crash.  None is a bidkit catalogue, so ``bidkit catalogue check`` must
refuse each with the one-line reason in outcomes.tsv, in a child process
under the corpus limits: no traceback, no crash, under 30 s, under 1 GiB.
The check stops at the first missing sheet, so a second test has the reader
itself read every worksheet of every .xlsx/.xlsm (one child for all of them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.corpus.sandbox import MEMORY_LIMIT, run_bidkit, run_limited

FOLDER = Path(__file__).parent / "corpus" / "calamine"


def _outcomes() -> dict[str, str]:
    lines = (FOLDER / "outcomes.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))  # type: ignore[misc]


OUTCOMES = _outcomes()


def test_every_file_has_an_outcome() -> None:
    files = sorted(p.name for p in FOLDER.iterdir() if p.suffix not in (".md", ".tsv"))
    assert len(files) == 132
    assert sorted(OUTCOMES) == files
    assert (FOLDER / "LICENSE-MIT.md").read_text(encoding="utf-8").startswith("The MIT License")


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_catalogue_check_gives_a_clear_outcome(name: str, tmp_path: Path) -> None:
    run = run_bidkit(["catalogue", "check", name], FOLDER, env={"BIDKIT_CACHE_DIR": str(tmp_path)})
    assert "Traceback" not in run.stderr, run.describe()
    assert run.code == 1, run.describe()
    assert run.seconds < 30 and run.peak_mib * (1 << 20) < MEMORY_LIMIT, run.describe()
    first, *middle, count = run.stdout.splitlines()
    assert first == f"{name}: {OUTCOMES[name]}"
    sheets = first[first.find("(sheets found") :]  # a workbook without Member usually lacks Components too
    assert middle in ([], [f"{name}: no sheet named 'Components' or 'Komponenter' {sheets}"])
    errors = 1 + len(middle)
    assert count == f"{name}: 0 components, 0 price breaks, {errors} error{'s' * (errors > 1)}, 0 warnings"


READ_ALL = """
import sys
from pathlib import Path
from bidkit.catalogue.xlsx.reader import open_workbook
from bidkit.errors import CatalogueError

for path in sorted(Path(sys.argv[1]).glob("*.xls[xm]")):
    try:
        with open_workbook(path, path.name) as book:
            rows = sum(len(book.read(sheet.name).rows) for sheet in book.sheets)
            print(f"{path.name}\\tread {len(book.sheets)} sheets, {rows} rows", flush=True)
    except CatalogueError as exc:
        print(f"{path.name}\\trefused: {exc}", flush=True)
"""


def test_the_reader_reads_every_sheet_of_every_workbook() -> None:
    run = run_limited([sys.executable, "-c", READ_ALL, str(FOLDER)], FOLDER, timeout=120)
    assert (run.code, run.stderr) == (0, ""), run.describe()
    results = dict(line.split("\t", 1) for line in run.stdout.splitlines())
    assert sorted(results) == sorted(n for n in OUTCOMES if n.endswith((".xlsx", ".xlsm")))
    refused = {name: why for name, why in results.items() if why.startswith("refused")}
    assert refused == {name: f"refused: {name}: {OUTCOMES[name]}" for name in refused}
    assert sorted(refused) == ["issue221.xlsm", "issue252.xlsx", "issue281.xlsm", "issue3.xlsm",
                               "pass_protected.xlsx", "strict_iso_paths.xlsx", "vba.xlsm"]  # fmt: skip
