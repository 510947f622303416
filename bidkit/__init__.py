"""bidkit: member catalogues + a declarative bid file -> an exactly priced system bid.

The public API (what the CLI itself uses)::

    import bidkit
    priced, warnings = bidkit.price_bid("examples/lviv-substations/bid.yaml")
    result = bidkit.pipeline("examples/lviv-substations/bid.yaml", "out/")

Names are imported lazily so ``import bidkit`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bidkit.errors import BidkitError, Location, Problem
from bidkit.lazy import lazy_names

if TYPE_CHECKING:
    from bidkit.bid.loader import load_bid
    from bidkit.catalogue.contract.loader import load_catalogue, load_catalogues
    from bidkit.pipeline import build, load_project, price_bid

__version__ = "0.1.0"

_LAZY = {  # public name -> the module it is imported from, when first used
    "build": "bidkit.pipeline",
    "load_project": "bidkit.pipeline",
    "price_bid": "bidkit.pipeline",
    "load_bid": "bidkit.bid.loader",
    "load_catalogue": "bidkit.catalogue.contract.loader",
    "load_catalogues": "bidkit.catalogue.contract.loader",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "BidkitError",
    "Location",
    "Problem",
    "build",
    "load_bid",
    "load_catalogue",
    "load_catalogues",
    "load_project",
    "price_bid",
]
