"""Where the shipped templates, text blocks and translation catalogues are.

They live in the repository's ``templates/`` folder; an installed bidkit carries that
folder as ``bidkit/templates`` (setup.py maps it into the package).  A source checkout,
or an editable install of one, uses the repository's folder itself.
"""

from __future__ import annotations

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
