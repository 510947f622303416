"""The proposal's fixed texts, one gettext catalogue per language (templates/locale/*.po).

Keys, not English sentences, are the message ids (``t.price_schedule`` in a
template), so a template stays short and an English wording can change
without touching the other languages.  The catalogues are read with Babel.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from bidkit.errors import Location, TemplateError
from bidkit.outputs.proposal.resources import LOCALE_DIR, TEMPLATES

LANGUAGES = ("en", "da", "de")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / f"{language}.po"


@cache
def texts(language: str) -> Mapping[str, str]:
    """Every fixed text of the proposal in one language, by key; an untranslated key is an error.

    Read once per language and shared by every rendering, so it is read-only.
    """
    return read_catalogue(catalogue_path(language), language)


def read_catalogue(path: Path, language: str) -> Mapping[str, str]:
    """One gettext catalogue of keyed texts (the proposal's, the workbook's), read-only."""
    if not path.is_file():
        raise TemplateError(f"no translation catalogue for language '{language}'", Location(str(path)))
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    out: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            where = Location(f"templates/{path.relative_to(TEMPLATES).as_posix()}", message.lineno)
            raise TemplateError(f"'{message.id}' has no translation", where)
        out[str(message.id)] = str(message.string)
    return MappingProxyType(out)
