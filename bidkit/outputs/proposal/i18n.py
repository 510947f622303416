"""The proposal's fixed texts, one gettext catalogue per language (templates/locale/*.po).

Keys, not English sentences, are the message ids (``t.price_schedule`` in a
template), so a template stays short and an English wording can change
without touching the other languages.  The catalogues are read with Babel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from bidkit.errors import Location, TemplateError
from bidkit.outputs.proposal.resources import LOCALE_DIR, TEMPLATES

LANGUAGES = ("en", "da", "de")

# Units written in catalogues and bids, in any of the languages, and the unit each means; the
# catalogues (templates/locale/*.po) hold each unit's text in their language as "unit:<name>".
# Units not listed here (m, kg, kWh, ...) are printed as written.
UNIT_SPELLINGS = {
    "piece": ("pcs", "pcs.", "pc", "pc.", "piece", "pieces", "stk", "stk.", "stck", "stück", "st."),
    "day": ("day", "days", "d", "dag", "dage", "tag", "tage"),
    "hour": ("h", "hr", "hrs", "hour", "hours", "time", "timer", "std", "std.", "stunde", "stunden"),
    "week": ("wk", "week", "weeks", "uge", "uger", "woche", "wochen"),
    "month": ("month", "months", "måned", "måneder", "monat", "monate"),
    "set": ("set", "sets", "sæt", "satz", "sätze"),
    "lump_sum": ("ls", "l.s.", "lump sum", "lot", "sum", "pauschal", "psch", "psch."),
}
_UNIT_KEY = "unit:"


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


@dataclass(frozen=True)
class Units:
    """Units as the proposal's language writes them: ``units("stk")`` is "pcs" in English.

    ``names`` maps a unit as written (lower case) to its text; a unit not in it is printed as
    written.  ``set`` is the unit of a bundle row.
    """

    names: Mapping[str, str]
    set: str

    def __call__(self, unit: str) -> str:
        return self.names.get(unit.strip().casefold(), unit)


def units(language: str, own: Mapping[str, str]) -> Units:
    """The unit table of ``language`` (its catalogue's ``unit:`` texts), with the bid's ``units:`` over it."""
    fixed = texts(language)
    names = {
        spelling: fixed[_UNIT_KEY + unit]
        for unit, spellings in UNIT_SPELLINGS.items()
        for spelling in spellings
    }
    names.update({written.strip().casefold(): text for written, text in own.items()})
    return Units(MappingProxyType(names), fixed["set"])
