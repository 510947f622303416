"""Writing outputs so that an interrupted or failed build never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bidkit.errors import Location, OutputError, ProblemList


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write the file: {exc.strerror}", Location(str(path))) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_in_office(path: Path) -> Path | None:
    """The lock file Word, Excel or LibreOffice keeps beside a document it has open, if any."""
    for name in (f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def output_paths(stem: str, folder: Path) -> dict[str, Path]:
    """Where a build writes each output: ``<stem>-proposal.docx``, ``-costs.xlsx``, ``-summary.json``."""
    return {
        "proposal": folder / f"{stem}-proposal.docx",
        "costs": folder / f"{stem}-costs.xlsx",
        "summary": folder / f"{stem}-summary.json",
    }


def write_outputs(paths: dict[str, Path], documents: dict[str, bytes]) -> None:
    """Write each document whole, after making sure none of the files is open in an office program.

    Office programs lock a file they have open (on Windows the rename would fail half-way
    through the set), so every path is looked at before the first one is written.
    """
    from bidkit.catalogue.sources import display_path

    problems = ProblemList()
    for path in paths.values():
        lock = open_in_office(path)
        if lock is not None:
            problems.error(
                f"the file is open in Word, Excel or LibreOffice ({lock.name} exists); "
                "close it and build again",
                Location(display_path(path)),
            )
    problems.raise_if_errors(OutputError)
    for key, data in documents.items():
        atomic_write(paths[key], data)
