"""Big bids and the command's modes for them: JSON written by json, quiet builds, the progress bar, --watch.

Behaviour only; how fast it is, is measured by `make bench`, never here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bidkit.pipeline
from bidkit.catalogue import load_catalogues
from bidkit.catalogue.contract.convert import CONVERTERS, _whole_column, plain
from bidkit.catalogue.contract.model import plain_price
from bidkit.cli.progress import TerminalProgress, progress_for
from bidkit.cli.watch import changes, inputs, snapshot
from bidkit.pipeline import price_bid
from bidkit.progress import Progress
from bidkit.review.lock import lock_to_json
from tests.helpers import ROOT, copy_example, write_bid, write_catalogue

ODD = 'Quote " back\\slash \n new line \t tab é ü 中文 🙂 \u2028 </w:t> &amp;'


def odd_project(root: Path) -> Path:
    write_catalogue(root / "cat" / "alpha.xlsx", [["A", ODD, "Pumps", "pcs", 100, None, 4, "DK", 1.5]],
                    member={"id": "alpha", "name": ODD, "country": "DK", "currency": "EUR"})  # fmt: skip
    return write_bid(root, "sections: [{id: s, title: 'S', items: [{item: alpha/A, qty: 3}]}]\n")


def test_lock_text_is_exactly_what_json_dumps_writes(tmp_path: Path) -> None:
    for bid in (odd_project(tmp_path / "odd"), copy_example(tmp_path / "ex")):
        run = bidkit.pipeline.price_project(bidkit.pipeline.load_project(bid))
        reference = dataclasses.asdict(run.lock)
        assert json.loads(lock_to_json(run.lock)) == json.loads(json.dumps(reference, default=str))
        assert lock_to_json(run.lock).decode() == json.dumps(json.loads(lock_to_json(run.lock)), indent=2,
                                                             ensure_ascii=False) + "\n"  # fmt: skip


def test_catalogues_read_in_two_processes_are_the_same_as_in_one(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "catalogues", tmp_path / "cat")
    write_catalogue(
        tmp_path / "cat" / "broken.xlsx", [["X", "", "pcs", -1]], head=["sku", "name", "unit", "unit_price"]
    )
    serial, serial_problems = load_catalogues([tmp_path / "cat"], base=tmp_path)
    parallel, parallel_problems = load_catalogues([tmp_path / "cat"], base=tmp_path, jobs=2)
    assert parallel_problems == serial_problems
    assert [str(p) for p in serial_problems if p.is_error] == [
        "cat/broken.xlsx:Components!B2: name is empty",
        "cat/broken.xlsx:Components!D2: unit_price -1 is negative",
    ]
    assert parallel == serial
    assert {m: dict(c.components) for m, c in parallel.items()} == {
        m: dict(c.components) for m, c in serial.items()
    }


def test_quiet_build_prints_only_problems(tmp_path: Path, run_cli: Any) -> None:
    bid = copy_example(tmp_path)
    code, out, err = run_cli("build", str(bid), "--out", str(tmp_path / "out"), "--quiet")
    assert (code, out, err) == (0, "", "")
    code, out, _ = run_cli("build", str(bid), "--out", str(tmp_path / "out"))
    assert code == 0 and "wrote " in out and "total " in out


def test_progress_bar_only_on_a_terminal_and_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    assert type(progress_for(quiet=False)) is Progress  # the tests' stdout is not a terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert type(progress_for(quiet=True)) is Progress
    bar = progress_for(quiet=False)
    assert isinstance(bar, TerminalProgress)
    bar.start("Loading catalogues", 3)
    bar.advance()
    assert bar.bar is None  # a step that has not run for a second shows nothing
    bar.began -= 2
    bar.advance()
    assert bar.bar is not None
    bar.stop()
    assert bar.bar is None


def test_watch_lists_its_inputs_and_reports_the_change_in_the_total(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    watched = inputs(bid)
    names = {p.name for p in watched}
    assert {
        "bid.yaml",
        "nordheat.xlsx",
        "pumpco.xlsx",
        "proposal.docx",
        "summary.md",
        "standard-terms.md",
    } <= names
    before = snapshot(watched)
    text = bid.read_text(encoding="utf-8")
    bid.write_text(text.replace("{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 121}"))
    assert snapshot(watched) != before
    old, _ = price_bid(bid, use_cache=False)
    bid.write_text(text)
    new, _ = price_bid(bid, use_cache=False)
    lines = changes(old, new)
    assert lines[0].startswith(f"total {old.total:,.2f} -> {new.total:,.2f} EUR (")
    assert lines[1].startswith("  Building substations ")
    assert changes(new, new) == [f"total unchanged: {new.total:,.2f} EUR"]


class Output:
    """A process's output lines, read by a thread, so waiting for a line can give up (never hang)."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def rest(self) -> str:
        """Every line seen so far and any still queued (the process has ended), for a failure's message."""
        time.sleep(0.5)  # let the reading thread take the last lines
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)

    def wait_for(self, text: str) -> str:
        """The first line holding ``text``; fails after two minutes without it (a guard, not a timing)."""
        deadline = time.monotonic() + 120
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"'{text}' never came; output: {''.join(self.seen)}")


def test_watch_rebuilds_on_save_until_interrupted(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    env = {**os.environ, "BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "bidkit", "build", str(bid), "--out", str(tmp_path / "out"), "--watch"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = Output(proc)
    try:
        output.wait_for("watching")
        text = bid.read_text(encoding="utf-8")
        bid.write_text(text.replace("{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 130}"))
        line = output.wait_for(" -> ")
        assert line.startswith("total ") and "(+" in line
        output.wait_for("watching")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"Ctrl-C did not stop the watch; output: {output.rest()}") from None
    output.wait_for("stopped watching")
    assert proc.returncode == 0
    summary_file = tmp_path / "out" / "LEC-2027-014-summary.json"
    lines = json.loads(summary_file.read_text())["lines"]
    assert any(x["ref"] == "pumpco/EXP-50" and Decimal(x["qty"]) == 130 for x in lines)


KINDS = (
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.integers(0, 10**15).map(lambda cents: cents / 100),  # whole cents, past where text tells them exactly
    st.integers(0, 10**9).map(lambda cents: cents * 0.01),  # cents with float noise (19.990000000000002)
    st.integers(0, 10**17).map(float),  # whole numbers, some written 1e+16
    st.floats(min_value=0, max_value=1e-3),  # small ones, some written 1e-05
    st.sampled_from([0.0, -0.0, 4194303.99, 4194304.01, 1e13, 1e300]),  # -0 and where whole cents stop
)
COLUMNS = st.one_of([st.lists(kind, min_size=1, max_size=30) for kind in (st.one_of(KINDS), *KINDS)])


@settings(max_examples=300, deadline=None)
@given(COLUMNS, st.sampled_from(["unit_price", "weight_kg", "co2e_kg", "lead_time_weeks"]))  # fmt: skip
def test_whole_column_conversion_agrees_with_the_cell_by_cell_rules(raw: list[float], name: str) -> None:
    whole = _whole_column(name, raw)
    convert = CONVERTERS[name]
    one_by_one: list[Any] = []
    for value in raw:
        try:
            converted = convert(value, name)
        except ValueError:
            one_by_one.append(None)
            continue
        one_by_one.append(repr(converted[0]) if name == "unit_price" else plain(converted))
    if whole is None:  # cell by cell only when some cell is an error or a -0 (a warning) to report
        assert None in one_by_one or any(v == 0 and str(v).startswith("-") for v in raw)
    elif name == "unit_price":  # whole cents or text: the same Decimal digits, not just an equal number
        assert [repr(plain_price(v)) for v in whole] == one_by_one
    else:
        assert whole == one_by_one  # the same text: the same Decimal digits, not just an equal number
