"""The pipeline: load -> lock -> price -> render -> write.  Each stage lives in its own module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from bidkit.bid.loader import Bid
from bidkit.catalogue.model import Catalogue
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
    priced: PricedBid
    outputs: dict[str, Path]
    warnings: list[Problem]
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
    summary: Callable[[], str],
    progress: Progress | None = None,
    use_cache: bool = True,
) -> dict[str, bytes]:
    """Every output as bytes; renderers zip with fixed timestamps: same inputs, same files.

    For a big bid the proposal and the JSON summary are made in a child process (forked.py)
    while this one writes the workbook: on two cores that takes the longer of the two
    halves, which are about equal.
    """
    from bidkit.forked import Forked, join, split
    from bidkit.render.xlsx import render_workbook

    progress = progress or Progress()
    progress.start("Rendering documents", 3)

    def child() -> bytes:
        return join(_proposal(priced, bid.folder, use_cache), summary().encode("utf-8"))

    with Forked(child, parallel=len(priced.lines) >= PARALLEL_LINES) as forked:
        costs = render_workbook(priced)
        progress.advance()
        proposal, summary_json = split(forked.result())
        progress.advance()
    progress.advance()
    progress.stop()
    return {"proposal": proposal, "costs": costs, "summary": summary_json}


def _import_renderers() -> None:
    """Python's share of rendering that needs no bid: done while a child reads a big one."""
    import docxtpl  # noqa: F401  (the proposal's template engine, loaded when a template opens)

    import bidkit.render.docx
    import bidkit.render.xlsx  # noqa: F401


def _proposal(priced: PricedBid, folder: Path, use_cache: bool) -> bytes:
    from bidkit.render.docx import render_proposal  # already loaded for a big bid (_import_renderers)

    return render_proposal(priced, folder, use_cache)


def _with_review_state(priced: PricedBid, bid: Bid, summary: Callable[[], str]) -> PricedBid:
    """Draft unless the latest approval approved exactly this summary (made only if there is one)."""
    from bidkit.review.approval import latest, read_log, review_path, status

    path = review_path(bid.path)
    log = read_log(path, display_path(path))
    if latest(log) is None:
        return priced.model_copy(update={"draft": True, "approval": None})
    approved, last = status(log, summary())
    note = f"Approved by {last.by} on {last.at:%Y-%m-%d}" if approved and last else None
    return priced.model_copy(update={"draft": not approved, "approval": note})


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
    from bidkit.render.summary import to_json

    project = load_project(bid_path, use_cache, progress, meanwhile=_import_renderers)
    run = price_project(project, today)
    figures = run.priced if revision is None else run.priced.model_copy(update={"revision": revision})
    summary = cache(lambda: to_json(figures))  # review state is not part of the summary
    priced = _with_review_state(figures, project.bid, summary)
    folder = Path(out_dir) if out_dir is not None else Path("out") / priced.id
    paths = output_paths(priced, folder)
    if check:
        documents = render_documents(priced, project.bid, summary, progress, use_cache)
        mismatched = [paths[k] for k, data in documents.items() if not _same(paths[k], data)]
        return BuildResult(priced, paths, run.warnings, mismatched=mismatched)
    # A first price lock takes a tenth of a second for a big bid: a third process makes it
    # (later ones mostly keep the entries they had, and are made here as quickly as forking).
    first = run.previous_lock is None and len(priced.lines) >= PARALLEL_LINES
    with Forked(lambda: run.new_lock_json or b"", parallel=first) as lock:
        documents = render_documents(priced, project.bid, summary, progress, use_cache)
        lock_text = lock.result()
    _write(paths, documents)
    return BuildResult(priced, paths, run.warnings, lock_written=_write_lock(project.bid, lock_text))


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


def _write_lock(bid: Bid, text: bytes) -> Path | None:
    """Write the new price lock, if there is one (empty ``text``: the lock on disk stands)."""
    from bidkit.render.files import atomic_write

    if not text:
        return None
    path = lock_path(bid.path)
    atomic_write(path, text)
    return path


__all__ = ["BidkitError", "BuildResult", "Project", "build", "load_project", "price_bid", "price_project"]
