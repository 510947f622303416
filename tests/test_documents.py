"""Every document is reproducible: the same bid gives the same bytes in any process, clock or time zone."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from bidkit.outputs.container import ENTRY_DATE, read_parts, zip_parts
from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.summary import to_json
from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import price_bid
from tests.helpers import EXAMPLE, ROOT, example_copy, write_generated_bid

EXAMPLE_BID = EXAMPLE / "bid.yaml"

RENDER = """
import sys
from datetime import date
from pathlib import Path
from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.summary import to_json
from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import price_bid

bid, out = Path(sys.argv[1]), Path(sys.argv[2])
priced, _ = price_bid(bid, today=date(2026, 11, 27))
(out / "proposal.docx").write_bytes(render_proposal(priced, bid.parent))
(out / "costs.xlsx").write_bytes(render_workbook(priced))
(out / "summary.json").write_bytes(to_json(priced).encode("utf-8"))
"""


def _render_here(bid: Path = EXAMPLE_BID) -> dict[str, bytes]:
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    return {
        "proposal.docx": render_proposal(priced, bid.parent),
        "costs.xlsx": render_workbook(priced),
        "summary.json": to_json(priced).encode("utf-8"),
    }


@pytest.mark.slow
def test_another_process_in_another_time_zone_writes_the_same_bytes(tmp_path: Path) -> None:
    here = _render_here()
    for zone in ("UTC", "Pacific/Kiritimati", "America/Adak"):
        out = tmp_path / zone.replace("/", "-")
        out.mkdir()
        env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", RENDER, str(EXAMPLE_BID), str(out)], check=True, env=env, cwd=out)
        for name, data in here.items():
            assert (out / name).read_bytes() == data, (zone, name)


@pytest.mark.parametrize("name", ["proposal.docx", "costs.xlsx"])
def test_zip_entries_carry_no_clock_and_the_document_is_dated_by_the_bid(name: str) -> None:
    data = _render_here()[name]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
        assert package.testzip() is None
        core = package.read("docProps/core.xml")
    assert {e.date_time for e in entries} == {ENTRY_DATE}
    assert {(e.create_system, e.external_attr >> 16, e.compress_type) for e in entries} == {
        (3, 0o100644, zipfile.ZIP_DEFLATED)
    }
    assert entries[0].filename == "[Content_Types].xml"
    assert core.count(b"2026-11-27T00:00:00Z") == 2  # created and modified
    assert zip_parts(read_parts(data)) == data  # nothing in the zip beyond its parts, in their order


def test_parts_are_zipped_in_the_order_given() -> None:
    parts = [("b.xml", b"<b/>"), ("a.xml", b"<a/>" * 1000), ("dir/ü.xml", b"")]
    data = zip_parts(parts)
    assert read_parts(data) == parts
    assert zip_parts(parts) == data


def test_two_threads_rendering_at_once_write_what_one_after_the_other_writes(tmp_path: Path) -> None:
    """Different bids, languages and sizes at the same time: nothing one rendering keeps leaks into another."""
    (tmp_path / "de").mkdir()
    (tmp_path / "gen").mkdir()
    bids = [example_copy(tmp_path / "de", "de"), write_generated_bid(tmp_path / "gen"), EXAMPLE_BID] * 2
    alone = [_render_here(bid) for bid in bids]
    with ThreadPoolExecutor(max_workers=len(bids)) as pool:
        together = list(pool.map(_render_here, bids))
    assert together == alone
