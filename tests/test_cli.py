"""The command line: exit codes 0 / 1 / 2, no tracebacks for user errors, files where promised."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import EXAMPLE_OUTPUTS, ROOT, write_bid, write_catalogue

EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"


def test_price_prints_tables(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("price", str(EXAMPLE))
    assert code == 0, err
    assert "Building substations" in out and "1,100,000.00" in out and "Remote monitoring" in out


def test_price_json_is_the_summary(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("price", str(EXAMPLE), "--json")
    assert code == 0
    code, _, _ = run_cli("build", str(EXAMPLE), "--out", str(tmp_path))
    assert code == 0
    assert out == (tmp_path / "LEC-2027-014-summary.json").read_text()
    assert json.loads(out)["total"] == "1100000.00"


def test_build_default_folder_is_out_slash_id(run_cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("build", str(EXAMPLE))
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out" / "LEC-2027-014").iterdir())
    assert names == EXAMPLE_OUTPUTS


def test_bad_input_exits_1_with_every_problem(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "pcs", 100, None, 4, "DK", 1]],
                    member={"id": "alpha", "name": "Alpha A/S", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, """
        pricing: {markup: 12}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 0}]}]
        """)
    code, out, err = run_cli("validate", str(bid))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].endswith("bid.yaml:9:19: pricing.markup: write percentages with a percent sign: 12% rather than 12")
    assert lines[1].endswith("bid.yaml:10:59: sections[0].items[0].qty: must be greater than zero, got 0")
    assert lines[2] == "2 errors; nothing was written."


def test_usage_error_exits_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build")
    assert code == 2
    assert "Missing argument 'BID'" in err
    assert run_cli("frobnicate")[0] == 2


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    bid = tmp_path / "bid.yaml"
    bid.write_text("id: [unclosed\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bidkit", "validate", str(bid)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("bid.yaml:")
    missing = subprocess.run([sys.executable, "-m", "bidkit", "price", "nope.yaml"],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)  # fmt: skip
    assert (missing.returncode, missing.stderr.splitlines()[0]) == (1, "nope.yaml: file not found")
