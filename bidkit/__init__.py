"""bidkit: member catalogues + a declarative bid file -> an exactly priced system bid.

The public API, which the command line itself uses::

    import bidkit

    priced, warnings = bidkit.price_bid("examples/lviv-substations/bid.yaml")
    result = bidkit.build("examples/lviv-substations/bid.yaml", "out/")

Every function is safe to call from several threads of one process.  None starts a child
process unless asked to with ``jobs`` > 1; the command line passes the number of cores.
"""

from __future__ import annotations

from bidkit.bid.loader import Bid, load_bid
from bidkit.catalogue import Catalogue, Component, Member, PriceBreak, load_catalogue, load_catalogues
from bidkit.errors import BidkitError, Location, Problem, Severity
from bidkit.export import export_ubl
from bidkit.pipeline import BuildResult, Pricing, build, price_bid, price_project
from bidkit.pricing.model import PricedBid, PricedLine
from bidkit.progress import Progress
from bidkit.project import Project, load_project

__version__ = "0.1.0"

__all__ = [
    "Bid",
    "BidkitError",
    "BuildResult",
    "Catalogue",
    "Component",
    "Location",
    "Member",
    "PriceBreak",
    "PricedBid",
    "PricedLine",
    "Pricing",
    "Problem",
    "Progress",
    "Project",
    "Severity",
    "__version__",
    "build",
    "export_ubl",
    "load_bid",
    "load_catalogue",
    "load_catalogues",
    "load_project",
    "price_bid",
    "price_project",
]
