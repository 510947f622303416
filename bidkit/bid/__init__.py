"""The bid file: YAML contract, validation with line numbers."""

from bidkit.bid.loader import Bid, load_bid
from bidkit.bid.model import BidSpec, ItemSpec

__all__ = ["Bid", "BidSpec", "ItemSpec", "load_bid"]
