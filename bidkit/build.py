"""The pipeline: load -> lock -> price -> render -> write.  Each stage lives in its own module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bidkit.bid.loader import Bid, load_bid
from bidkit.catalogue.loader import display_path, load_catalogues
from bidkit.catalogue.model import Catalogue
from bidkit.errors import BidkitError, Location, OutputError, Problem, ProblemList, Severity
from bidkit.pricing.engine import price
from bidkit.pricing.model import PricedBid
from bidkit.review.lock import Lock, apply_lock, lock_for, lock_path, read_lock


@dataclass
class Project:
    """A bid with the catalogues it names, loaded and checked."""

    bid: Bid
    catalogues: dict[str, Catalogue]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Priced:
    """A priced bid with the lock it was priced under and what that lock held back."""

    priced: PricedBid
    warnings: list[Problem]
    lock: Lock
    previous_lock: Lock | None
    catalogue_changes: list[str]


@dataclass
class BuildResult:
    priced: PricedBid
    outputs: dict[str, Path]
    warnings: list[Problem]
    lock_written: Path | None = None
    mismatched: list[Path] = field(default_factory=list)  # with check=True: outputs that differ


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


def price_project(project: Project, today: date | None = None, take: frozenset[str] | None = None) -> Priced:
    """Price under the bid's price lock; ``take`` = references whose new catalogue values to accept.

    ``take=frozenset({"*"})`` accepts every new catalogue value (``bidkit lock update``).
    """
    bid = project.bid
    label = display_path(lock_path(bid.path))
    previous = read_lock(lock_path(bid.path), label)
    catalogues = project.catalogues
    changes: list[str] = []
    problems: list[Problem] = []
    if previous is not None:
        keep = frozenset(previous.components) if take == frozenset({"*"}) else (take or frozenset())
        catalogues, problems, changes = apply_lock(project.catalogues, previous, label, keep)
    if any(p.is_error for p in problems):
        raise BidkitError(problems)
    priced, found = price(bid, catalogues, today or date.today())
    accepted = frozenset(previous.components if previous else ()) if take == frozenset({"*"}) else take
    lock = lock_for(priced, catalogues, previous, accepted or frozenset())
    notes = [
        Problem(f"{c}; the locked value is kept ('bidkit lock update' takes the new one)", Location(label),
                Severity.WARNING)
        for c in changes
    ]  # fmt: skip
    return Priced(priced, [*project.warnings, *found.warnings, *notes], lock, previous, changes)


def price_bid(bid_path: Path | str, today: date | None = None) -> tuple[PricedBid, list[Problem]]:
    """Load and price a bid (under its price lock, if any): the figures every output carries."""
    run = price_project(load_project(bid_path), today)
    return run.priced, run.warnings


def output_paths(priced: PricedBid, out_dir: Path) -> dict[str, Path]:
    stem = priced.file_stem
    return {
        "proposal": out_dir / f"{stem}-proposal.docx",
        "costs": out_dir / f"{stem}-costs.xlsx",
        "summary": out_dir / f"{stem}-summary.json",
    }


def render_documents(priced: PricedBid, bid: Bid, summary_json: str) -> dict[str, bytes]:
    """Every output as bytes; renderers zip with fixed timestamps: same inputs, same files."""
    from bidkit.render.docx import render_proposal
    from bidkit.render.xlsx import render_workbook

    return {
        "proposal": render_proposal(priced, bid.folder),
        "costs": render_workbook(priced),
        "summary": summary_json.encode("utf-8"),
    }


def _with_review_state(priced: PricedBid, bid: Bid, summary_json: str) -> PricedBid:
    from bidkit.review.approval import read_log, review_path, status

    path = review_path(bid.path)
    approved, last = status(read_log(path, display_path(path)), summary_json)
    note = f"Approved by {last.by} on {last.at:%Y-%m-%d}" if approved and last else None
    return priced.model_copy(update={"draft": not approved, "approval": note})


def build(
    bid_path: Path | str,
    out_dir: Path | str | None = None,
    today: date | None = None,
    revision: str | None = None,
    check: bool = False,
) -> BuildResult:
    """Price a bid and write its proposal, cost workbook and JSON summary.

    With ``check=True`` nothing is written: the outputs are rebuilt in memory and compared
    with the files on disk (``BuildResult.mismatched``).
    """
    from bidkit.render.summary import to_json

    project = load_project(bid_path)
    run = price_project(project, today)
    priced = run.priced if revision is None else run.priced.model_copy(update={"revision": revision})
    summary_json = to_json(priced)
    priced = _with_review_state(priced, project.bid, summary_json)
    folder = Path(out_dir) if out_dir is not None else Path("out") / priced.id
    paths = output_paths(priced, folder)
    documents = render_documents(priced, project.bid, summary_json)
    if check:
        mismatched = [paths[k] for k, data in documents.items() if not _same(paths[k], data)]
        return BuildResult(priced, paths, run.warnings, mismatched=mismatched)
    _write(paths, documents)
    return BuildResult(priced, paths, run.warnings, lock_written=_write_lock(project.bid, run))


def _same(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def _write(paths: dict[str, Path], documents: dict[str, bytes]) -> None:
    from bidkit.render.files import atomic_write, open_in_office

    problems = ProblemList()
    for path in paths.values():
        lock = open_in_office(path)
        if lock is not None:
            problems.error(
                f"the file is open in Word, Excel or LibreOffice ({lock.name} exists); "
                "close it and build again",
                Location(display_path(path)),
            )
    problems.raise_if_errors(OutputError)
    for key, data in documents.items():
        atomic_write(paths[key], data)


def _write_lock(bid: Bid, run: Priced) -> Path | None:
    from bidkit.render.files import atomic_write
    from bidkit.review.lock import lock_to_json

    if run.previous_lock == run.lock:
        return None
    path = lock_path(bid.path)
    atomic_write(path, lock_to_json(run.lock))
    return path


__all__ = ["BidkitError", "BuildResult", "Project", "build", "load_project", "price_bid", "price_project"]
