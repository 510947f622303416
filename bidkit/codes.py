"""ISO code checks (currencies, countries, Incoterms) from maintained data, not hand lists."""

from __future__ import annotations

from functools import cache


@cache
def currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes from pycountry's data file.

    Read directly from its data file: importing pycountry builds its whole database, which
    every command would pay for and none needs.
    """
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")
    folders = (spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        data = Path(folder) / "databases" / "iso3166-1.json"
        if data.is_file():
            return frozenset(c["alpha_2"] for c in json.loads(data.read_text(encoding="utf-8"))["3166-1"])
    import pycountry  # a pycountry laid out differently: ask it

    return frozenset(c.alpha_2 for c in pycountry.countries)


def is_currency(code: str) -> bool:
    return code in currencies()


def is_country(code: str) -> bool:
    return code in countries()


# Incoterms 2020 (ICC): the eleven rules.  They change once a decade, so a literal is the source.
INCOTERMS_2020 = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")

# The European Union's member states as ISO 3166 codes (Greece is GR here, EL in EU texts). Membership
# changes rarely and by treaty, so a literal is the source; the content rules (pricing/content.py) use it.
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})  # fmt: skip
