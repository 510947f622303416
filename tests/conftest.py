from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True, scope="session")
def _catalogue_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in tests keep their catalogue cache in a temporary folder, never the user's."""
    before = os.environ.get("BIDKIT_CACHE_DIR")
    os.environ["BIDKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("catalogue-cache"))
    yield
    if before is None:
        os.environ.pop("BIDKIT_CACHE_DIR", None)
    else:
        os.environ["BIDKIT_CACHE_DIR"] = before


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from bidkit.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def soffice_path() -> str:
    """LibreOffice's soffice, or skip (outside CI) / fail (in CI) when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice (soffice) is not installed; `make test` installs it with apt-get"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def soffice() -> str:
    return soffice_path()


def convert(soffice: str, src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless in a throw-away profile."""
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert out.exists(), f"LibreOffice did not write {out}"
    return out
