"""Member catalogues: reading, checking and comparing the firms' price-list workbooks.

Names are imported when first used: a rebuild from the catalogue cache never reads a workbook
and never loads the modules that do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bidkit.lazy import lazy_names

if TYPE_CHECKING:
    from bidkit.catalogue.contract.loader import load_catalogue, load_catalogues
    from bidkit.catalogue.contract.model import Catalogue, Component, Member, PriceBreak

_LAZY = {  # public name -> the module it is imported from, when first used
    "Catalogue": "bidkit.catalogue.contract.model",
    "Component": "bidkit.catalogue.contract.model",
    "Member": "bidkit.catalogue.contract.model",
    "PriceBreak": "bidkit.catalogue.contract.model",
    "load_catalogue": "bidkit.catalogue.contract.loader",
    "load_catalogues": "bidkit.catalogue.sources",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = ["Catalogue", "Component", "Member", "PriceBreak", "load_catalogue", "load_catalogues"]
