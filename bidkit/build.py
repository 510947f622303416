"""The pipeline: load -> price -> render -> write.  Each stage lives in its own module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bidkit.bid.loader import Bid, load_bid
from bidkit.catalogue.loader import display_path, load_catalogues
from bidkit.catalogue.model import Catalogue
from bidkit.errors import BidkitError, Problem, ProblemList
from bidkit.pricing.engine import price
from bidkit.pricing.model import PricedBid


@dataclass
class Project:
    """A bid with the catalogues it names, loaded and checked."""

    bid: Bid
    catalogues: dict[str, Catalogue]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class BuildResult:
    priced: PricedBid
    outputs: dict[str, Path]
    warnings: list[Problem]


def load_project(bid_path: Path | str) -> Project:
    """Load the bid and every catalogue it names; all problems are raised together."""
    bid_path = Path(bid_path)
    bid = load_bid(bid_path, display_path(bid_path))
    problems = ProblemList()
    sources = []
    for i, rel in enumerate(bid.spec.catalogues):
        src = bid.resolve(rel)
        if src.exists():
            sources.append(src)
        else:
            problems.error(
                f"catalogue '{rel}' not found (looked for {display_path(src)})",
                bid.at(("catalogues", i)),
            )
    catalogues, found = load_catalogues(sources)
    problems.extend(found)
    problems.raise_if_errors()
    return Project(bid, catalogues, problems.warnings)


def price_bid(bid_path: Path | str, today: date | None = None) -> tuple[PricedBid, list[Problem]]:
    """Load and price a bid: the figures every output carries."""
    project = load_project(bid_path)
    priced, problems = price(project.bid, project.catalogues, today or date.today())
    return priced, [*project.warnings, *problems.warnings]


def output_paths(priced: PricedBid, out_dir: Path) -> dict[str, Path]:
    stem = priced.id if not priced.revision else f"{priced.id}-{priced.revision}"
    return {
        "proposal": out_dir / f"{stem}-proposal.docx",
        "costs": out_dir / f"{stem}-costs.xlsx",
        "summary": out_dir / f"{stem}-summary.json",
    }


def build(bid_path: Path | str, out_dir: Path | str | None = None, today: date | None = None) -> BuildResult:
    """Price a bid and write its proposal, cost workbook and JSON summary."""
    from bidkit.render.docx import render_proposal
    from bidkit.render.files import atomic_write
    from bidkit.render.summary import to_json
    from bidkit.render.xlsx import render_workbook

    bid_path = Path(bid_path)
    project = load_project(bid_path)
    priced, problems = price(project.bid, project.catalogues, today or date.today())
    folder = Path(out_dir) if out_dir is not None else Path("out") / priced.id
    paths = output_paths(priced, folder)
    documents = {
        "proposal": render_proposal(priced, project.bid.folder),
        "costs": render_workbook(priced),
        "summary": to_json(priced).encode("utf-8"),
    }
    for key, data in documents.items():
        atomic_write(paths[key], data)
    return BuildResult(priced, paths, [*project.warnings, *problems.warnings])


__all__ = ["BidkitError", "BuildResult", "Project", "build", "load_project", "price_bid"]
