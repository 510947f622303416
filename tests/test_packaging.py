"""The package as users install it: a wheel built from a clean copy of the sources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


def test_the_source_tree_holds_no_symlink() -> None:
    links = [p for top in ("bidkit", "templates") for p in (ROOT / top).rglob("*") if p.is_symlink()]
    assert links == []


@pytest.mark.slow
def test_the_wheel_carries_the_templates_and_finds_them_where_it_is_installed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "bidkit", src / "bidkit", ignore=ignore)
    shutil.copytree(ROOT / "templates", src / "templates", ignore=ignore)
    wheels = tmp_path / "wheels"
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(wheels)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    (wheel,) = wheels.glob("bidkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "installed")
    shipped = {f"bidkit/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert {"bidkit/templates/proposal.docx", "bidkit/templates/locale/da.po",
            "bidkit/templates/texts/de/standard-terms.md", "bidkit/py.typed"} <= names  # fmt: skip
    assert shipped <= names
    assert not any(name.startswith("templates/") for name in names)
    show = "from bidkit.outputs.proposal.resources import DEFAULT_TEMPLATE; print(DEFAULT_TEMPLATE)"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    found = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env, cwd=tmp_path,
                           check=True)
    assert Path(found.stdout.strip()) == tmp_path / "installed" / "bidkit" / "templates" / "proposal.docx"
