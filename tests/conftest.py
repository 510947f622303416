from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.helpers import soffice_path


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


@pytest.fixture(scope="session")
def soffice() -> str:
    return soffice_path()


