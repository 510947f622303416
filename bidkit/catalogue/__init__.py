"""Member catalogues: reading, checking and comparing the firms' price-list workbooks."""

from bidkit.catalogue.loader import load_catalogue, load_catalogues
from bidkit.catalogue.model import Catalogue, Component, Member, PriceBreak

__all__ = ["Catalogue", "Component", "Member", "PriceBreak", "load_catalogue", "load_catalogues"]
