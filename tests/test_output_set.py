"""A build's outputs are one set: after any crash or error the folder holds the old set or the new one."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bidkit.errors import OutputError
from bidkit.outputs.files import JOURNAL, STAGING_PREFIX, atomic_write, output_paths, publish, recover
from tests.corpus.sandbox import run_bidkit, start_limited
from tests.helpers import EXAMPLE_OUTPUTS, copy_example, tmpfs_folder

STEM = "LEC-2027-014"


def _set(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _documents(tag: str) -> dict[str, bytes]:
    return {"proposal": f"proposal {tag}".encode(), "costs": f"costs {tag}".encode(),
            "summary": f"summary {tag}".encode(), "pdf": f"pdf {tag}".encode()}  # fmt: skip


def test_a_set_replaces_the_old_set_whole_and_leaves_nothing_else(tmp_path: Path) -> None:
    paths = output_paths(STEM, tmp_path / "out")
    publish(paths, _documents("old"))
    publish(paths, _documents("new"))
    assert _set(tmp_path / "out") == {p.name: f"{k} new".encode() for k, p in paths.items()}


def test_an_output_of_the_set_not_written_this_time_is_removed(tmp_path: Path) -> None:
    """A build without --pdf leaves no PDF of an older build (it would carry the old total)."""
    paths = output_paths(STEM, tmp_path / "out")
    publish(paths, _documents("old"))
    without_pdf = {k: v for k, v in _documents("new").items() if k != "pdf"}
    publish(paths, without_pdf)
    assert _set(tmp_path / "out") == {paths[k].name: data for k, data in without_pdf.items()}


def _interrupted(folder: Path) -> tuple[dict[str, Path], Path]:
    """An old set published in ``folder`` and an empty staging folder of a publish that crashed."""
    paths = output_paths(STEM, folder)
    publish(paths, _documents("old"))
    staging = folder / f"{STAGING_PREFIX}0123456789ab"
    staging.mkdir()
    return paths, staging


def test_an_interrupted_removal_is_finished_by_the_next_write(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    paths, staging = _interrupted(folder)
    (folder / JOURNAL).write_text(f'{{"staging": "{staging.name}", "files": [], '
                                  f'"remove": ["{paths["pdf"].name}"]}}')  # fmt: skip
    recover(folder)
    assert sorted(_set(folder)) == sorted(paths[k].name for k in ("proposal", "costs", "summary"))


def test_a_failure_before_publishing_leaves_the_old_set(tmp_path: Path) -> None:
    paths = output_paths(STEM, tmp_path / "out")
    publish(paths, _documents("old"))
    before = _set(tmp_path / "out")

    def lock_fails() -> None:
        raise OutputError("cannot write the file: Read-only file system")

    with pytest.raises(OutputError):
        publish(paths, _documents("new"), before=lock_fails)
    assert _set(tmp_path / "out") == before


def test_an_interrupted_publish_is_finished_by_the_next_one(tmp_path: Path) -> None:
    """A crash between renames leaves a journal; the next write to the folder completes that set first."""
    folder = tmp_path / "out"
    paths, staging = _interrupted(folder)
    for key, data in _documents("new").items():
        (staging / paths[key].name).write_bytes(data)
    os.replace(staging / paths["proposal"].name, paths["proposal"])  # the crash came after one rename
    names = sorted(p.name for p in paths.values())
    (folder / JOURNAL).write_text(f'{{"staging": "{staging.name}", "files": {names!r}}}'.replace("'", '"'))
    recover(folder)
    assert _set(folder) == {p.name: f"{k} new".encode() for k, p in paths.items()}


@pytest.mark.parametrize("journal", [
    '{"staging": "../../etc", "files": []}',
    '{"staging": ".bidkit-staging-x", "files": ["../bid.yaml"]}',
    '{"staging": ".bidkit-staging-x", "files": [], "remove": ["/etc/passwd"]}',
    '{"staging": ".bidkit-staging-x", "files": [], "run": "rm -rf /"}',
    "not json",
    "[" * 100_000,
])  # fmt: skip
def test_a_journal_bidkit_did_not_write_is_refused_and_touches_nothing(tmp_path: Path, journal: str) -> None:
    folder = tmp_path / "out"
    paths = output_paths(STEM, folder)
    publish(paths, _documents("old"))
    (folder / JOURNAL).write_text(journal)
    before = _set(folder)
    with pytest.raises(OutputError) as caught:
        publish(paths, _documents("new"))
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / JOURNAL}: an interrupted build left this record of its outputs, and it cannot be read; "
        "the output folder may mix two builds: delete the folder's outputs and this file, then build again"
    ]
    assert _set(folder) == before


def test_files_follow_the_umask_so_colleagues_can_open_them(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = output_paths(STEM, tmp_path / "out")
        publish(paths, _documents("new"))
        atomic_write(tmp_path / "bid.lock.json", b"{}")
        os.umask(0o077)
        atomic_write(tmp_path / "private.json", b"{}")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [*paths.values(), tmp_path / "bid.lock.json"]}
    assert set(modes.values()) == {0o644}
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600


def _build(bid: Path, out: Path) -> subprocess.Popen[bytes]:
    """``bidkit build`` in a child process under the sandbox's memory limit."""
    env = {"BIDKIT_CACHE_DIR": str(bid.parent / "cache")}
    cmd = [sys.executable, "-m", "bidkit", "build", str(bid), "--out", str(out), "--quiet", "--jobs", "1"]
    return start_limited(cmd, bid.parent, env)


def _set_quantity(bid: Path, qty: int) -> None:
    text = bid.read_text(encoding="utf-8")
    for old in (120, 130):
        text = text.replace(f"{{item: pumpco/EXP-50, qty: {old}}}", f"{{item: pumpco/EXP-50, qty: {qty}}}")
    bid.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_old_set_or_the_new_one(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)
    out = tmp_path / "out"
    sets = []
    for qty in (120, 130):
        _set_quantity(bid, qty)
        start = time.perf_counter()
        assert _build(bid, out).wait(timeout=300) == 0
        took = time.perf_counter() - start
        sets.append(_set(out))
    assert sets[0] != sets[1]
    rng = random.Random(16)
    for attempt in range(10):
        _set_quantity(bid, 120 if attempt % 2 else 130)
        proc = _build(bid, out)
        time.sleep(rng.uniform(0.2, 1.1) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        recover(out)
        assert _set(out) in sets, attempt
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_a_full_disk_leaves_the_old_set_and_says_so(tmp_path: Path) -> None:
    bid = copy_example(tmp_path / "bid")
    env = {"BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
    command = ["build", str(bid), "--quiet", "--out"]
    assert run_bidkit([*command, str(tmp_path / "sizes")], tmp_path, env, timeout=300).code == 0
    new_size = sum(p.stat().st_size for p in (tmp_path / "sizes").iterdir())
    with tmpfs_folder(tmp_path / "small", "size=1m") as small:
        out = small / "out"
        publish(output_paths(STEM, out), _documents("old"))
        old = _set(out)
        free = os.statvfs(small).f_bavail * os.statvfs(small).f_frsize
        (small / "filler").write_bytes(b"\0" * (free - new_size // 2))  # room for part of the new set
        done = run_bidkit([*command, str(out)], tmp_path, env, timeout=300)
        assert done.code == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.splitlines() == [
            f"{out}: cannot write the outputs: No space left on device; nothing was changed",
            "1 error; nothing was written.",
        ]
        assert _set(out) == old


@pytest.mark.slow
def test_a_bid_folder_that_cannot_be_written_fails_before_any_output_is_published(tmp_path: Path) -> None:
    """The price lock is written before the outputs: when it cannot be, the old set stays."""
    with tmpfs_folder(tmp_path / "bid", "size=2m") as folder:
        bid = copy_example(folder)
        out = tmp_path / "out"
        publish(output_paths(STEM, out), _documents("old"))
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        env = {"BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
        done = run_bidkit(["build", str(bid), "--out", str(out), "--quiet"], tmp_path, env, timeout=300)
        assert done.code == 1, done.stderr
        assert done.stderr.splitlines()[0] == f"{bid.with_name('bid.lock.json')}: cannot write the file: Read-only file system"
        assert _set(out) == {p.name: f"{k} old".encode() for k, p in output_paths(STEM, out).items()}


def test_a_build_through_the_command_follows_the_umask(tmp_path: Path) -> None:
    bid = copy_example(tmp_path / "bid")
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        old = os.umask(umask)  # the child inherits it, as from a user's shell
        try:
            run = run_bidkit(["build", str(bid), "--out", str(tmp_path / f"out{umask:o}"), "--quiet"], tmp_path,
                             {"BIDKIT_CACHE_DIR": str(tmp_path / "cache")}, timeout=300)  # fmt: skip
        finally:
            os.umask(old)
        assert run.code == 0, run.stderr
        written = [*(tmp_path / f"out{umask:o}").iterdir()]
        assert sorted(p.name for p in written) == EXAMPLE_OUTPUTS
        assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}
