"""The workbook's words in the bid's language: sheet names, headers, labels and notes.

They are kept in their own gettext catalogues, ``templates/locale/workbook/<language>.po``
(keys as message ids, like the proposal's), so a translator edits them without touching code
and the proposal's catalogue stays the proposal's.  Number formats are not words: they stay
Excel formats, which Excel shows with the reader's own separators.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from bidkit.outputs.proposal.i18n import read_catalogue
from bidkit.outputs.proposal.resources import LOCALE_DIR

WORKBOOK_LOCALE = LOCALE_DIR / "workbook"


@cache
def labels(language: str) -> Mapping[str, str]:
    """Every label of the workbook in one language, by key (read once per language, read-only)."""
    return read_catalogue(WORKBOOK_LOCALE / f"{language}.po", language)
