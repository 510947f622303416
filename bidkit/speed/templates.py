"""Compiled Jinja templates kept between builds, so a rebuild does not compile them again.

docxtpl hands Jinja each part of the Word template as one long source string, and
Jinja parses, generates and compiles it to Python on every build.  The template and
its text blocks rarely change between two builds, so the compiled code object is kept:

* **Key**: the SHA-256 of everything the code depends on: Python's bytecode magic,
  the Jinja, Babel and bidkit versions, the source of bidkit's own formatting code
  (Jinja folds a filter on a constant into the code at compile time), the
  environment's settings (including language and currency), and the template's
  name, file name and source.  Another input is another entry, never a wrong one.
* **Place**: ``templates/`` in ``BIDKIT_CACHE_DIR``, else in the user cache folder
  (platformdirs), beside the catalogue cache's entries but apart from them.
* **Format**: the code object serialised with :mod:`marshal`, behind a SHA-256
  checksum of the body and the key it was written for.  A corrupt, truncated or
  foreign entry is ignored and written again.
* **Trust**: unlike a catalogue entry, an entry *is* code, run when a proposal is
  rendered.  So, like the catalogue cache, the folder is used only while it is owned
  by the current user and writable by nobody else (store.py); otherwise templates
  are compiled as if there were no cache, and :meth:`TemplateCache.refusal` says why.
  A folder that cannot be written only costs time.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from types import CodeType

from bidkit.errors import Location, Problem, Severity
from bidkit.speed.store import cache_root, folder_refusal, seal, store, unseal

ENTRY_FORMAT = 1
MAGIC = b"bidkit template cache\n"
KEEP_ENTRIES = 500  # the newest entries kept; older ones are removed when a new one is written
SUFFIX = ".tpl"


def default_folder() -> Path:
    """``<cache root>/templates`` (bidkit/speed/store.py: cache_root)."""
    return cache_root() / "templates"


def encode(key: str, code: CodeType) -> bytes:
    """An entry: magic, checksum, then the marshalled (format, key, code)."""
    return seal(MAGIC, marshal.dumps((ENTRY_FORMAT, key, code)))


def decode(entry: bytes, key: str) -> CodeType | None:
    """The code an entry holds for ``key``; None when it is corrupt, foreign or for another key."""
    body = unseal(MAGIC, entry)
    if body is None:
        return None
    try:
        found = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(found, tuple) and len(found) == 3 and found[:2] == (ENTRY_FORMAT, key)):
        return None
    return found[2] if isinstance(found[2], CodeType) else None


class TemplateCache:
    """Compiled templates in one folder, one file per key."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else default_folder()
        self._checked: tuple[bool, Problem | None] | None = None  # (usable, why it was refused)

    def _check(self) -> tuple[bool, Problem | None]:
        if self._checked is None:
            try:
                reason = folder_refusal(self.folder)
            except OSError:
                self._checked = (False, None)
            else:
                where = Location(str(self.folder))
                refused = None if reason is None else Problem(reason, where, Severity.WARNING)
                self._checked = (reason is None, refused)
        return self._checked

    def usable(self) -> bool:
        """Whether the folder exists (made now, private, if need be) and is this user's alone."""
        return self._check()[0]

    def refusal(self) -> Problem | None:
        """The warning to show once when the folder is refused (another user's, or others can write it)."""
        return self._check()[1]

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> CodeType | None:
        """The code stored for the key, or None (missing, corrupt, foreign or not trusted)."""
        if not self.usable():
            return None
        try:
            entry = self.path(key).read_bytes()
        except OSError:
            return None
        return decode(entry, key)

    def put(self, key: str, code: CodeType) -> None:
        """Store the code for the key; a cache that cannot be written only costs the next build time."""
        if self.usable():
            store(self.path(key), encode(key, code), KEEP_ENTRIES)
