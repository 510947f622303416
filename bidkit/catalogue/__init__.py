"""Member catalogues: reading, checking and comparing the firms' price-list workbooks.

* :mod:`bidkit.catalogue.contract`: what a workbook must hold and the checked catalogue it becomes;
* :mod:`bidkit.catalogue.xlsx`: reading .xlsx files from outside safely;
* :mod:`bidkit.catalogue.tools`: the firms' own tools (check, diff, a fill-in template);
* :mod:`bidkit.catalogue.sources`: the workbooks a bid names, loaded together.
"""

from __future__ import annotations

from bidkit.catalogue.contract.loader import LoadReport, inspect_catalogue, load_catalogue
from bidkit.catalogue.contract.model import Catalogue, Component, Member, PriceBreak
from bidkit.catalogue.sources import load_catalogues

__all__ = [
    "Catalogue", "Component", "LoadReport", "Member", "PriceBreak", "inspect_catalogue", "load_catalogue",
    "load_catalogues",
]  # fmt: skip
