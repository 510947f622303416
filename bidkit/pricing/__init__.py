"""Pricing: the bid's rules as pure functions over validated inputs."""

from bidkit.pricing.engine import price
from bidkit.pricing.model import PricedBid, PricedLine

__all__ = ["PricedBid", "PricedLine", "price"]
