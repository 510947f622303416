"""The portal's data folder and its secret key, without Django.

The data folder (``./portal-data/`` or ``$BIDKIT_PORTAL_HOME``) holds the SQLite database, the
stored files and, when the key does not come from the environment, the file ``secret-key`` that
``bidkit portal init`` writes (readable by its owner only, never committed).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bidkit.errors import BidkitError, Location

HOME_VARIABLE = "BIDKIT_PORTAL_HOME"
KEY_VARIABLE = "BIDKIT_PORTAL_SECRET_KEY"
KEY_FILE = "secret-key"


def portal_home() -> Path:
    """The data folder, as an absolute path (it need not exist yet)."""
    return Path(os.environ.get(HOME_VARIABLE) or "portal-data").absolute()


def secret_key(home: Path) -> str:
    """The key from the environment, else from the data folder's key file, else ''."""
    given = os.environ.get(KEY_VARIABLE, "")
    if given:
        return given
    try:
        return (home / KEY_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def make_home(home: Path) -> None:
    """Create the data folder and, unless the environment gives the key, a new key file."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        key_file = home / KEY_FILE
        if not os.environ.get(KEY_VARIABLE) and not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(50) + "\n")
    except OSError as exc:
        raise BidkitError(f"cannot set up the portal's data folder: {exc.strerror or exc}",
                          Location(str(home))) from None  # fmt: skip
