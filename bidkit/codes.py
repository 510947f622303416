"""ISO code checks (currencies, countries, Incoterms) from maintained data, not hand lists."""

from __future__ import annotations

from functools import cache


@cache
def currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@cache
def countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def is_currency(code: str) -> bool:
    return code in currencies()


def is_country(code: str) -> bool:
    return code in countries()


# Incoterms 2020 (ICC): the eleven rules.  They change once a decade, so a literal is the source.
INCOTERMS_2020 = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
