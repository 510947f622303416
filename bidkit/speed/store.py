"""Entries in bidkit's cache folder: sealed by a checksum, written whole, the oldest removed.

The catalogue cache (catalogue/cache.py) and the template cache (render/template_cache.py)
keep different things but store them the same way.  An entry is a short magic line, the
SHA-256 of its body, then the body: anything corrupt, truncated or foreign fails that
check and is ignored, never trusted.  An entry is written to a temporary file and renamed
into place, so a reader never sees half of one, and a cache that cannot be written only
costs the next build time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def seal(magic: bytes, body: bytes) -> bytes:
    """An entry: ``magic``, the SHA-256 of ``body``, then ``body``."""
    return magic + hashlib.sha256(body).digest() + body


def unseal(magic: bytes, entry: bytes) -> memoryview | None:
    """The body of an entry :func:`seal` made with ``magic``; None when it is not one, or damaged."""
    head = len(magic) + 32
    if len(entry) < head or not entry.startswith(magic):
        return None
    body = memoryview(entry)[head:]
    return body if hashlib.sha256(body).digest() == entry[len(magic) : head] else None


def store(path: Path, entry: bytes, keep: int) -> None:
    """Write ``entry`` whole at ``path`` and keep the ``keep`` newest entries of its kind.

    Its kind is the files in its folder with its suffix.  Failing to write is not an error.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entry.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(entry)
        os.replace(tmp, path)
        _prune(path.parent, path.suffix, keep)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _prune(folder: Path, suffix: str, keep: int) -> None:
    entries = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
