"""Where the shipped templates, text blocks and translation catalogues are.

They live in the repository's ``templates/`` folder; an installed bidkit carries that
folder as ``bidkit/templates`` (setup.py maps it into the package).  A source checkout,
or an editable install of one, uses the repository's folder itself.
"""

from __future__ import annotations

import re
from pathlib import Path


def _templates() -> Path:
    package = Path(__file__).resolve().parents[2]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


TEMPLATES = _templates()
DEFAULT_TEMPLATE = TEMPLATES / "proposal.docx"
SHARED_TEXTS = TEMPLATES / "texts"
LOCALE_DIR = TEMPLATES / "locale"


def shown(path: Path, bid_folder: Path) -> str:
    """A template or text block's path as an error message names it.

    Relative to the bid's folder (as the bid names it: ``texts/summary.md``),
    or ``templates/...`` for a shipped one.
    """
    path = path.resolve()
    for root, prefix in ((bid_folder.resolve(), ""), (TEMPLATES.resolve(), "templates/")):
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return str(path)


# --- the one check on every name a bid, template or text block gives for a file to read -------

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
ALLOWED = "; only relative names of files inside the bid's folder or the shipped templates are read"


class RefusedName(ValueError):
    """A name for a template or text block that is not a plain relative name inside its folder."""

    def __init__(self, name: str, reason: str):
        self.name = _CONTROL.sub("\ufffd", name)
        self.reason = reason
        super().__init__(f"'{self.name}' refused: {reason}{ALLOWED}")


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a file to read, or None when it is a plain relative name.

    Templates and text blocks come from anyone, so the names they give are held to this:
    relative, '/' between folders, no '..', no drive, no control character.
    """
    if not name.strip():
        return "a file name is empty"
    if "\x00" in name:
        return "a file name cannot hold a NUL character"
    if _CONTROL.search(name):
        return "a file name cannot hold a control character"
    if "\\" in name:
        return "a backslash is not a folder separator here (write '/')"
    if _DRIVE.match(name):
        return "an absolute path (a drive letter)"
    if name.startswith("/"):
        return "an absolute path"
    if ".." in name.split("/"):
        return "'..' leads out of the folder"
    return None


def check_name(name: str) -> None:
    """Raise :class:`RefusedName` unless ``name`` is a plain relative name (see :func:`name_problem`)."""
    problem = name_problem(name)
    if problem is not None:
        raise RefusedName(name, problem)


def find_inside(name: str, search: list[tuple[Path, Path]]) -> Path | None:
    """The first ``folder / name`` that is a file, for (folder, root) pairs in order; None if none is.

    ``name`` must pass :func:`check_name`, and the file found, its symbolic links resolved, must
    lie inside that folder's root (the bid's folder, or the shipped templates): a link that
    leads out is refused, never followed.
    """
    check_name(name)
    for folder, root in search:
        path = folder / name
        try:
            if not path.is_file():
                continue
        except OSError as exc:  # a name too long for the file system, a folder without access
            raise RefusedName(name, f"it cannot be read ({exc.strerror or exc})") from None
        resolved = path.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise RefusedName(name, "a symbolic link leads out of the folder")
        return resolved
    return None
