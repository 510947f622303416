"""Member catalogues: reading, checking and comparing the firms' price-list workbooks.

Names are imported when first used: a rebuild from the catalogue cache never reads a workbook
and never loads the modules that do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bidkit.lazy import lazy_names

if TYPE_CHECKING:
    from bidkit.catalogue.loader import load_catalogue, load_catalogues
    from bidkit.catalogue.model import Catalogue, Component, Member, PriceBreak

_LAZY = {  # public name -> the module it is imported from, when first used
    "Catalogue": "bidkit.catalogue.model",
    "Component": "bidkit.catalogue.model",
    "Member": "bidkit.catalogue.model",
    "PriceBreak": "bidkit.catalogue.model",
    "load_catalogue": "bidkit.catalogue.loader",
    "load_catalogues": "bidkit.catalogue.sources",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = ["Catalogue", "Component", "Member", "PriceBreak", "load_catalogue", "load_catalogues"]
