"""bidkit as a library: the README's example, and calls from a threaded host such as a web server."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import bidkit
from tests.helpers import ROOT, copy_example, example_copy

TODAY = date(2026, 12, 2)


def readme_example() -> str:
    """The Python block under 'Library use' in the README, verbatim."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Library use") :]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def _repository_copy(root: Path) -> Path:
    """The example and the sample catalogues at the paths the README uses."""
    shutil.copytree(ROOT / "examples", root / "examples")
    shutil.copytree(ROOT / "catalogues", root / "catalogues")
    return root


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_the_readme_example_runs_verbatim_and_prints_what_it_says(tmp_path: Path) -> None:
    code = readme_example()
    done = _run_python(code, _repository_copy(tmp_path))
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    promised = [line.split("#", 1)[1].strip() for line in code.splitlines() if "print(" in line and "#" in line]
    assert printed[:2] == promised[:2] == ["1100000.00", "out/LEC-2027-014-proposal.docx"]
    assert printed[2] == "['heatcontrol', 'isopipe', 'nordheat', 'pumpco']"


def test_the_readme_example_runs_in_any_call_order(tmp_path: Path) -> None:
    """``bidkit.build`` is the function however the package was imported before."""
    lines = [line for line in readme_example().splitlines() if line.strip()]
    imports, calls = lines[:1], lines[1:]
    orders = [
        ["import bidkit.pipeline, bidkit.project, bidkit.bid.loader", *imports, *calls[2:], *calls[:2]],
        ["from bidkit import pipeline", "from bidkit.outputs.proposal import docx", *imports, *calls],
    ]
    for i, order in enumerate(orders):
        done = _run_python("\n".join(order), _repository_copy(tmp_path / str(i)))
        assert done.returncode == 0, done.stderr


def test_the_public_names_are_the_documented_ones() -> None:
    assert callable(bidkit.build) and callable(bidkit.price_bid) and callable(bidkit.load_project)
    assert all(hasattr(bidkit, name) for name in bidkit.__all__)
    assert issubclass(bidkit.BidkitError, Exception)


def _outputs(result: bidkit.BuildResult) -> dict[str, bytes]:
    return {key: path.read_bytes() for key, path in result.outputs.items()}


def test_two_builds_in_two_threads_write_what_two_builds_in_turn_write(tmp_path: Path) -> None:
    bids = [copy_example(tmp_path / "a"), example_copy(tmp_path / "b", "da")]
    alone = [_outputs(bidkit.build(bid, tmp_path / "alone" / str(i), today=TODAY)) for i, bid in enumerate(bids)]
    start = threading.Barrier(len(bids))
    together: dict[int, dict[str, bytes]] = {}
    failures: list[BaseException] = []

    def build(i: int, bid: Path) -> None:
        try:
            start.wait()
            together[i] = _outputs(bidkit.build(bid, tmp_path / "together" / str(i), today=TODAY))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=build, args=(i, bid)) for i, bid in enumerate(bids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert failures == []
    assert [together[i] for i in range(len(bids))] == alone
    assert alone[0]["summary"] != alone[1]["summary"]  # two different bids, not one built twice


def test_a_library_build_starts_no_process_and_leaves_the_process_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("bidkit started a process")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    before = (gc.isenabled(), threading.active_count())
    bidkit.build(copy_example(tmp_path), tmp_path / "out", today=TODAY)
    assert (gc.isenabled(), threading.active_count()) == before


def test_the_command_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, run_cli: Any) -> None:
    bid = copy_example(tmp_path)
    assert run_cli("build", str(bid), "--out", str(tmp_path / "out"), "--quiet")[0] == 0
    assert gc.isenabled()


@pytest.mark.slow
def test_worker_processes_write_the_same_files(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    one = bidkit.build(bid, tmp_path / "one", today=TODAY, use_cache=False)
    two = bidkit.build(bid, tmp_path / "two", today=TODAY, use_cache=False, jobs=2)
    assert _outputs(two) == _outputs(one)


def test_a_template_error_reads_the_same_when_the_proposal_is_rendered_beside_the_workbook(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    texts = sorted((bid.parent / "texts").glob("*.md"))
    texts[0].write_text("{{ no_such_value }}\n", encoding="utf-8")
    messages = []
    for jobs in (1, 2):
        with pytest.raises(bidkit.BidkitError) as caught:
            bidkit.build(bid, tmp_path / f"out{jobs}", today=TODAY, jobs=jobs)
        messages.append([str(p) for p in caught.value.problems])
    assert messages[0] == messages[1] != []
    assert not (tmp_path / "out1").exists() and not (tmp_path / "out2").exists()
