"""The PDF is an output like the others (issue 17): one set, checked by --check, no temporary files left.

A build without --pdf removes the PDF an older build left (it would carry the old total); --check
covers it; LibreOffice's temporary files stay in bidkit's own temporary folder, which is removed
however the build ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bidkit.outputs.proposal.pdf import stamped
from tests.helpers import EXAMPLE_OUTPUTS, ROOT, copy_example, replace_in

STEM = "LEC-2027-014"


@pytest.fixture
def tmpdir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A $TMPDIR of this test's own, so the test can see everything left in it."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.mark.libreoffice
def test_a_build_without_pdf_removes_the_old_pdf_and_check_covers_it(
    run_cli, soffice: str, tmp_path: Path, tmpdir_env: Path
) -> None:  # type: ignore[no-untyped-def]
    bid = copy_example(tmp_path, "bid")
    out = tmp_path / "out"
    pdf = out / f"{STEM}-proposal.pdf"
    code, text, err = run_cli("build", str(bid), "--out", str(out), "--pdf")
    assert (code, err) == (0, "")
    assert f"wrote {pdf}" in text.splitlines()
    assert list(tmpdir_env.iterdir()) == []  # no lu*.tmp, no bidkit-pdf-* folder

    code, text, _ = run_cli("build", str(bid), "--out", str(out), "--check", "--pdf")
    assert code == 0 and f"matches: {pdf}" in text.splitlines()  # the PDF is reproducible
    code, text, _ = run_cli("build", str(bid), "--out", str(out), "--check")
    assert code == 1
    assert f"differs: {pdf} (this build does not make it and would remove it; add --pdf)" in text.splitlines()

    replace_in(bid, "{item: pumpco/EXP-50, qty: 120}", "{item: pumpco/EXP-50, qty: 121}")
    code, text, _ = run_cli("build", str(bid), "--out", str(out), "--check", "--pdf")
    assert code == 1 and f"differs: {pdf}" in text.splitlines()
    code, text, _ = run_cli("build", str(bid), "--out", str(out))
    assert code == 0 and not pdf.exists()
    assert sorted(p.name for p in out.iterdir()) == EXAMPLE_OUTPUTS
    assert run_cli("build", str(bid), "--out", str(out), "--check")[0] == 0


def test_the_pdf_is_stamped_with_the_bid_date_and_a_digest_keeping_every_offset() -> None:
    def pdf(when: bytes, ident: bytes) -> bytes:
        return (b"%PDF-1.7\n1 0 obj<</CreationDate(D:" + when + b"Z')>>\ntrailer<</ID [ <" + ident + b">\n<"
                + ident + b"> ]\n/DocChecksum /" + ident + b">>\n%%EOF\n")  # fmt: skip

    from datetime import date

    a = stamped(pdf(b"20261202122341", b"F919E55EC1E144E81B85648790CC2E95"), date(2026, 11, 27))
    b = stamped(pdf(b"20261202122344", b"8AC86AF49E11E168D9FE1F5E7D642F4B"), date(2026, 11, 27))
    assert a == b and len(a) == len(pdf(b"20261202122341", b"F" * 32))
    assert b"/CreationDate(D:20261127000000Z')" in a
    assert b"F919E55E" not in a


def _ours(tmpdir: Path) -> list[int]:
    """Processes whose command line names our $TMPDIR (LibreOffice started by the build)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(tmpdir).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.libreoffice
@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 1, "\nAborted.\n"), (signal.SIGTERM, 143, "")]
)
def test_an_interrupted_pdf_build_leaves_nothing_in_tmpdir_and_no_libreoffice_running(
    soffice: str, tmp_path: Path, tmpdir_env: Path, signum: int, code: int, said: str
) -> None:
    bid = copy_example(tmp_path, "bid")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BIDKIT_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "bidkit", "build", str(bid), "--out", str(out), "--pdf", "--quiet"]
    build = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (list(tmpdir_env.glob("bidkit-pdf-*/profile/user")) and _ours(tmpdir_env)):
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    build.send_signal(signum)  # LibreOffice is running, its profile half made or the PDF under way
    _, err = build.communicate(timeout=60)
    assert (build.returncode, err.decode()) == (code, said)
    assert list(tmpdir_env.iterdir()) == []
    assert not out.exists()  # the set is published only once the PDF is made
    for _ in range(50):
        if not _ours(tmpdir_env):
            break
        time.sleep(0.1)
    assert _ours(tmpdir_env) == []
