"""Entries in bidkit's cache folders: private folders, entries sealed by a checksum, written whole.

The catalogue cache (catalogues.py) and the template cache (templates.py) keep different
things but store them the same way:

* **The folder** is used only while it belongs to the current user and nobody else can
  write to it (:func:`folder_refusal`); it is made private (mode 0700) when bidkit makes it.
  Anyone who can put a file in it could otherwise plant an entry that a build then uses.
* **An entry** is a short magic line, the SHA-256 of its body, then the body: anything
  corrupt, truncated or foreign fails that check and is ignored.  The checksum catches
  damage, not intent: what a body holds is checked again by the cache that reads it.
* **Writing** goes to a temporary file renamed into place, so a reader never sees half an
  entry, and a cache that cannot be written only costs the next build time.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path


def cache_root() -> Path:
    """Where every cache lives, one folder per kind: ``BIDKIT_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("BIDKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bidkit"))


def folder_refusal(folder: Path) -> str | None:
    """Why the cache folder must not be used (another user's, or others can write to it); None if fine.

    A missing folder is made now, private to this user.  Raises OSError when it cannot be
    made or looked at: such a cache only costs time, so callers use no cache, silently.
    """
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if not hasattr(os, "getuid"):  # no owners or modes to check (Windows)
        return None
    if info.st_uid != os.getuid():
        return (
            "the cache folder belongs to another user, so bidkit does not use it and works without "
            "a cache; set BIDKIT_CACHE_DIR to a folder of your own"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return (
            "other users can write to the cache folder, so bidkit does not use it and works without "
            f"a cache; make it private with: chmod 700 {folder}"
        )
    return None


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
