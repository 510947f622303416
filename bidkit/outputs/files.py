"""Writing outputs so that an interrupted or failed build never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bidkit.errors import Location, OutputError


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
