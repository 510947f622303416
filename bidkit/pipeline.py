"""The pipeline: load -> lock -> price -> render -> write.  Each stage lives in its own module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from bidkit.bid.loader import Bid
from bidkit.catalogue.contract.model import Catalogue
from bidkit.catalogue.sources import display_path
from bidkit.errors import BidkitError, Location, OutputError, Problem, ProblemList, Severity
from bidkit.pricing.engine import price
from bidkit.pricing.model import PricedBid
from bidkit.progress import Progress
from bidkit.project import Project, load_project
from bidkit.review.lock import Lock, apply_lock, lock_for, lock_path

PARALLEL_LINES = 1000  # from this many lines, the proposal and the workbook are rendered side by side


@dataclass
class Priced:
    """A priced bid with the lock it was priced under and what that lock held back."""

    priced: PricedBid
    warnings: list[Problem]
    previous_lock: Lock | None
    catalogue_changes: list[str]
    catalogues: dict[str, Catalogue] = field(repr=False)
    accepted: frozenset[str] = frozenset()

    @cached_property
    def lock(self) -> Lock:
        """The lock recording the values this bid used.

        Made when first asked for: a big bid's first lock takes a while, and :func:`build`
        makes that one in a process of its own while the documents render.
        """
        return lock_for(self.priced, self.catalogues, self.previous_lock, self.accepted)

    @cached_property
    def new_lock_json(self) -> bytes | None:
        """The lock file's new text, or None when the lock on disk already says it all."""
        from bidkit.review.lock import lock_to_json

        return None if self.previous_lock == self.lock else lock_to_json(self.lock)


@dataclass
class BuildResult:
    """What a build wrote (or, with ``check``, found different), and what it was made from.

    ``project`` and ``pricing`` let a script look at the bid, its catalogues and its price
    locks without loading them again.  Keeping them here also means a command that ends
    right after the build (the CLI leaves with ``os._exit``) does not first free a big bid's
    millions of objects one by one when :func:`build` returns: three hundredths of a second
    of a warm rebuild.
    """

    priced: PricedBid
    outputs: dict[str, Path]
    warnings: list[Problem]
    project: Project = field(repr=False)
    pricing: Priced = field(repr=False)
    lock_written: Path | None = None
    mismatched: list[Path] = field(default_factory=list)  # with check=True: outputs that differ


def price_project(project: Project, today: date | None = None, take: frozenset[str] | None = None) -> Priced:
    """Price under the bid's price lock; ``take`` = references whose new catalogue values to accept.

    ``take=frozenset({"*"})`` accepts every new catalogue value (``bidkit lock update``).
    """
    bid = project.bid
    label = display_path(lock_path(bid.path))
    previous = project.lock
    catalogues = project.catalogues
    changes: list[str] = []
    problems: list[Problem] = []
    locked = frozenset(previous.components) if previous is not None else frozenset()
    accepted = locked if take == frozenset({"*"}) else (take or frozenset())
    if previous is not None:
        catalogues, problems, changes = apply_lock(project.catalogues, previous, label, accepted)
    if any(p.is_error for p in problems):
        raise BidkitError(problems)
    priced, found = price(bid, catalogues, today or date.today())
    notes = [
        Problem(f"{c}; the locked value is kept ('bidkit lock update' takes the new one)", Location(label),
                Severity.WARNING)
        for c in changes
    ]  # fmt: skip
    warnings = [*project.warnings, *found.warnings, *notes]
    return Priced(priced, warnings, previous, changes, catalogues, accepted)


def price_bid(
    bid_path: Path | str, today: date | None = None, use_cache: bool = True
) -> tuple[PricedBid, list[Problem]]:
    """Load and price a bid (under its price lock, if any): the figures every output carries."""
    run = price_project(load_project(bid_path, use_cache), today)
    return run.priced, run.warnings


def output_paths(priced: PricedBid, out_dir: Path) -> dict[str, Path]:
    stem = priced.file_stem
    return {
        "proposal": out_dir / f"{stem}-proposal.docx",
        "costs": out_dir / f"{stem}-costs.xlsx",
        "summary": out_dir / f"{stem}-summary.json",
    }


def render_documents(
    priced: PricedBid,
    bid: Bid,
    known: str | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> dict[str, bytes]:
    """Every output as bytes; renderers zip with fixed timestamps: same inputs, same files.

    For a big bid a forked child (forked.py) loads the proposal's modules, renders the
    proposal and writes the first half of the JSON summary's lines while this process
    writes the workbook and the second half: on two cores that takes the longer of the two
    shares, which are about equal.  ``known`` is the summary's text if it is made already.
    """
    from bidkit.forked import Forked, join, split
    from bidkit.outputs.summary import head_json, lines_json, summary_text
    from bidkit.outputs.workbook import render_workbook

    progress = progress or Progress()
    progress.start("Rendering documents", 3)
    half = (len(priced.lines) + len(priced.option_lines)) // 2

    def child() -> bytes:
        if known is not None:
            return join(_proposal(priced, bid.folder, use_cache))
        head, first = head_json(priced), lines_json(priced, 0, half)
        return join(_proposal(priced, bid.folder, use_cache), head.encode("utf-8"), first.encode("utf-8"))

    with Forked(child, parallel=len(priced.lines) >= PARALLEL_LINES) as forked:
        costs = render_workbook(priced)
        second = lines_json(priced, half, None) if known is None else ""
        progress.advance()
        proposal, *halves = split(forked.result())
        progress.advance()
    if known is None:
        head, first = (part.decode("utf-8") for part in halves)
        known = summary_text(head, [first, second])
    progress.advance()
    progress.stop()
    return {"proposal": proposal, "costs": costs, "summary": known.encode("utf-8")}


def _proposal(priced: PricedBid, folder: Path, use_cache: bool) -> bytes:
    from bidkit.outputs.proposal.docx import (
        render_proposal,  # for a big bid: loaded in the child that renders it
    )

    return render_proposal(priced, folder, use_cache)


def _with_review_state(priced: PricedBid, bid: Bid) -> tuple[PricedBid, str | None]:
    """Draft unless the latest approval approved exactly this summary; and the summary, if made.

    The summary is made only when there is an approval to compare it with.  Review state is
    not part of it, so it is the summary of the returned bid too.
    """
    from bidkit.outputs.summary import to_json
    from bidkit.review.approval import latest, read_log, review_path, status

    path = review_path(bid.path)
    log = read_log(path, display_path(path))
    if latest(log) is None:
        return priced.model_copy(update={"draft": True, "approval": None}), None
    summary = to_json(priced)
    approved, last = status(log, summary)
    note = f"Approved by {last.by} on {last.at:%Y-%m-%d}" if approved and last else None
    return priced.model_copy(update={"draft": not approved, "approval": note}), summary


def build(
    bid_path: Path | str,
    out_dir: Path | str | None = None,
    today: date | None = None,
    revision: str | None = None,
    check: bool = False,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Price a bid and write its proposal, cost workbook and JSON summary.

    With ``check=True`` nothing is written: the outputs are rebuilt in memory and compared
    with the files on disk (``BuildResult.mismatched``).  ``use_cache=False`` reads every
    catalogue workbook again and compiles the proposal's templates afresh; ``progress`` hears
    about each step.
    """
    from bidkit.forked import Forked

    project = load_project(bid_path, use_cache, progress)
    run = price_project(project, today)
    figures = run.priced if revision is None else run.priced.model_copy(update={"revision": revision})
    priced, summary = _with_review_state(figures, project.bid)
    folder = Path(out_dir) if out_dir is not None else Path("out") / priced.id
    paths = output_paths(priced, folder)
    if check:
        documents = render_documents(priced, project.bid, summary, progress, use_cache)
        mismatched = [paths[k] for k, data in documents.items() if not _same(paths[k], data)]
        return BuildResult(priced, paths, run.warnings, project, run, mismatched=mismatched)
    # A first price lock takes a tenth of a second for a big bid: a third process makes it
    # (later ones mostly keep the entries they had, and are made here as quickly as forking).
    first = run.previous_lock is None and len(priced.lines) >= PARALLEL_LINES
    with Forked(lambda: run.new_lock_json or b"", parallel=first) as lock:
        documents = render_documents(priced, project.bid, summary, progress, use_cache)
        lock_text = lock.result()
    _write(paths, documents)
    return BuildResult(priced, paths, run.warnings, project, run, _write_lock(project.bid, lock_text))


def _same(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def _write(paths: dict[str, Path], documents: dict[str, bytes]) -> None:
    from bidkit.outputs.files import atomic_write, open_in_office

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


def _write_lock(bid: Bid, text: bytes) -> Path | None:
    """Write the new price lock, if there is one (empty ``text``: the lock on disk stands)."""
    from bidkit.outputs.files import atomic_write

    if not text:
        return None
    path = lock_path(bid.path)
    atomic_write(path, text)
    return path


__all__ = ["BidkitError", "BuildResult", "Project", "build", "load_project", "price_bid", "price_project"]
