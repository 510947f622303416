"""The pipeline: load -> lock -> price -> render -> write.  Each stage lives in its own package.

Every function here is safe to call from several threads at once: nothing is kept between
calls except in the caches (bidkit/speed/), whose entries are checked before they are used,
and no child process is started unless the caller asks for ``jobs`` > 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from bidkit.bid.loader import Bid
from bidkit.bid.model import name_problem
from bidkit.catalogue.contract.model import Catalogue
from bidkit.catalogue.sources import display_path
from bidkit.errors import BidkitError, Location, Problem, Severity, output_errors
from bidkit.outputs.files import atomic_write, output_paths, packs_on_disk, publish
from bidkit.outputs.summary import summary, summary_json, to_json
from bidkit.pricing.engine import price
from bidkit.pricing.model import PricedBid
from bidkit.progress import Progress
from bidkit.project import Project, load_project
from bidkit.review.approval import ReviewState, read_log, review_path, review_state
from bidkit.review.lock import Accept, Lock, apply_lock, lock_for, lock_path, lock_to_json
from bidkit.speed.parallel import Beside
from bidkit.speed.templates import TemplateCache


@dataclass(frozen=True)
class Pricing:
    """A priced bid, the price lock that records what it used, and what that lock held back.

    ``held_back`` describes each catalogue change the previous lock kept out of the figures
    (``bidkit lock update`` accepts them).
    """

    priced: PricedBid
    warnings: list[Problem]
    previous_lock: Lock | None
    held_back: list[str]
    catalogues: dict[str, Catalogue] = field(repr=False)  # as priced: locked values put back
    accept: Accept = frozenset()

    @cached_property
    def lock(self) -> Lock:
        """The lock recording the values this bid used, made when first asked for.

        Only a build and ``bidkit lock update`` write a lock; pricing alone never needs one.
        """
        return lock_for(self.priced, self.catalogues, self.previous_lock, self.accept)

    @property
    def lock_changed(self) -> bool:
        """Whether the lock file must be written: there was none, or it no longer says it all."""
        return self.previous_lock != self.lock

    @cached_property
    def lock_text(self) -> bytes | None:
        """The lock file's new text, or None when the lock on disk still says it all."""
        return lock_to_json(self.lock) if self.lock_changed else None


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote (or, with ``check``, found different), and the project it was made from."""

    priced: PricedBid
    outputs: dict[str, Path]
    warnings: list[Problem]
    project: Project = field(repr=False)
    lock_written: Path | None = None
    mismatched: list[Path] = field(default_factory=list)  # with check=True: outputs that differ
    review: ReviewState | None = field(default=None, repr=False)  # the approval state it was marked with


def price_project(
    project: Project, today: date | None = None, accept: Accept = frozenset(), strict: bool = False
) -> Pricing:
    """Price a loaded project under its price lock.

    ``accept`` names the locked references whose new catalogue values replace the locked
    ones (``bidkit lock update --only``), or is ``"all"`` (``bidkit lock update``).  ``strict``
    makes a content rule that is not met an error.
    """
    bid = project.bid
    label = display_path(lock_path(bid.path))
    previous = project.lock
    catalogues = project.catalogues
    held_back: list[str] = []
    if previous is not None:
        catalogues, problems, held_back = apply_lock(project.catalogues, previous, label, accept)
        if any(p.is_error for p in problems):
            raise BidkitError(problems)
    priced, found = price(bid, catalogues, today or date.today(), strict)
    notes = [
        Problem(f"the price lock holds a value that differs from the catalogue: {change}; the locked "
                "value is used ('bidkit lock update' takes the catalogue's)", Location(label),
                Severity.WARNING)
        for change in held_back
    ]  # fmt: skip
    warnings = [*project.warnings, *found.warnings, *notes]
    return Pricing(priced, warnings, previous, held_back, catalogues, accept)


def price_bid(
    bid_path: Path | str,
    today: date | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    strict: bool = False,
) -> tuple[PricedBid, list[Problem]]:
    """Load and price a bid (under its price lock, if any): the figures every output carries."""
    run = price_project(load_project(bid_path, use_cache, jobs=jobs), today, strict=strict)
    return run.priced, run.warnings


def render_documents(
    priced: PricedBid,
    bid: Bid,
    summary: str | None = None,
    progress: Progress | None = None,
    cache: TemplateCache | None = None,
    jobs: int = 1,
    alongside: Callable[[], object] | None = None,
) -> dict[str, bytes]:
    """Every output as bytes: same inputs, same bytes.

    ``summary`` is the JSON text if made already; ``cache`` keeps the proposal's compiled
    templates.  With ``jobs`` > 1 the proposal is rendered in a worker process while this one
    writes the workbook and then does ``alongside``, more of the caller's work (a build makes
    its price lock there) (bidkit/speed/parallel.py).
    """
    # The renderers are imported where they are first needed: pricing a bid, the commonest
    # command, never loads them, and with a worker the proposal's (python-docx, docxtpl, Jinja,
    # Markdown) load in the worker while this process writes the workbook.
    from bidkit.outputs.workbook import render_workbook

    def render_the_proposal() -> bytes:
        from bidkit.outputs.proposal.docx import render_proposal

        return render_proposal(priced, bid.folder, cache)

    progress = progress or Progress()
    progress.start("Rendering documents", 3)
    with Beside(render_the_proposal, jobs) as proposal_work:
        costs = render_workbook(priced)
        progress.advance()
        summary = summary if summary is not None else to_json(priced)
        progress.advance()
        if alongside is not None:
            alongside()
        proposal = proposal_work.result()
    progress.advance()
    progress.stop()
    return {"proposal": proposal, "costs": costs, "summary": summary.encode("utf-8")}


def review_of(priced: PricedBid, bid: Bid, cache: TemplateCache | None = None) -> ReviewState:
    """Whether the bid's latest approval approved exactly these figures and this proposal wording.

    The state holds the figures (the JSON summary as data) and the wording
    (bidkit/outputs/proposal/wording.py) it compares, which is what ``bidkit review --approve``
    records.  The wording is rendered only when an approval of these figures needs it, or when
    asked for; rendering it raises the TemplateError a build would.
    """
    from bidkit.outputs.proposal.wording import wording

    path = review_path(bid.path)
    label = display_path(path)
    log = read_log(path, label)
    return review_state(log, summary(priced), lambda: wording(priced, bid.folder, cache), label)


def review_bid(
    bid_path: Path | str, revision: str | None = None, use_cache: bool = True, jobs: int = 1
) -> tuple[PricedBid, ReviewState, list[Problem]]:
    """Load and price a bid, and say whether it is approved: the priced bid, its state, warnings."""
    project = load_project(bid_path, use_cache, jobs=jobs)
    run = price_project(project)
    priced = run.priced if revision is None else replace(run.priced, revision=revision)
    state = review_of(priced, project.bid, TemplateCache() if use_cache else None)
    return priced, state, run.warnings


def with_review_state(
    priced: PricedBid, bid: Bid, cache: TemplateCache | None = None
) -> tuple[PricedBid, str, ReviewState]:
    """The bid marked draft unless its latest approval approved exactly these figures and wording.

    Also its JSON summary (review state is not part of it, so it is the returned bid's too)
    and the review state, whose problems are warnings about the review log (an approval that
    proves nothing).
    """
    state = review_of(priced, bid, cache)
    last = state.last
    note = f"Approved by {last.by} on {last.at:%Y-%m-%d}" if state.approved and last else None
    marked = replace(priced, draft=not state.approved, approval=note)
    return marked, summary_json(state.figures), state


@dataclass(frozen=True)
class Rendered:
    """A bid priced, marked with its review state and rendered in memory: all a build writes, unwritten."""

    project: Project
    pricing: Pricing
    priced: PricedBid  # marked draft or approved
    review: ReviewState
    documents: dict[str, bytes]  # proposal, costs, summary
    warnings: list[Problem]


def render_bid(
    bid_path: Path | str,
    today: date | None = None,
    revision: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    jobs: int = 1,
    strict: bool = False,
    make_lock: bool = False,
) -> Rendered:
    """Load, price, review and render a bid without writing anything; raises every error a build would.

    ``bidkit validate`` is this, so it passes exactly the bids a build accepts.  ``strict`` makes
    a content rule that is not met an error; ``make_lock`` makes the new price lock's text
    (:attr:`Pricing.lock_text`) while the proposal renders, for a build that will write it.
    """
    problem = None if revision is None else name_problem(revision, "the revision")
    if problem:
        raise BidkitError(problem, Location("revision"))
    project = load_project(bid_path, use_cache, progress, jobs)
    run = price_project(project, today, strict=strict)
    figures = run.priced if revision is None else replace(run.priced, revision=revision)
    cache = TemplateCache() if use_cache else None
    priced, summary, review = with_review_state(figures, project.bid, cache)
    refused = cache.refusal() if cache is not None else None
    warnings = [*run.warnings, *review.problems, *([refused] if refused else [])]
    alongside = (lambda: run.lock_text) if make_lock else None
    documents = render_documents(priced, project.bid, summary, progress, cache, jobs, alongside)
    return Rendered(project, run, priced, review, documents, warnings)


def build(
    bid_path: Path | str,
    out_dir: Path | str | None = None,
    today: date | None = None,
    revision: str | None = None,
    check: bool = False,
    use_cache: bool = True,
    progress: Progress | None = None,
    jobs: int = 1,
    pdf: bool = False,
    strict: bool = False,
    member_packs: bool | None = None,
) -> BuildResult:
    """Price a bid; write its proposal, cost workbook, JSON summary and, with ``pdf``, the proposal as PDF.

    The outputs are one set: a build without ``pdf`` removes the PDF an earlier build left, and
    one without work-share packs removes the packs an earlier one left, so no file of other
    figures stays beside the new ones.  With ``check=True`` nothing is written: the outputs are
    rebuilt in memory and compared with the files on disk (``BuildResult.mismatched``; an owned
    file on disk that this build would remove differs).  ``use_cache=False`` reads every
    catalogue workbook again and compiles the proposal's templates afresh; ``progress`` hears
    about each step; ``jobs`` > 1 reads that many catalogue workbooks at a time in worker
    processes and renders the proposal in one while this process writes the workbook.
    ``strict`` makes a content rule that is not met an error (nothing is written).
    ``member_packs`` also writes each member's work-share workbook (default: the bid's
    ``member_packs:``).
    """
    # A new lock is an entry per component the bid uses: made while the proposal renders.
    done = render_bid(bid_path, today, revision, use_cache, progress, jobs, strict, make_lock=not check)
    priced, project, run, documents = done.priced, done.project, done.pricing, done.documents
    folder = Path(out_dir) if out_dir is not None else Path("out") / priced.id
    paths = {**output_paths(priced.file_stem, folder), **packs_on_disk(priced.file_stem, folder)}
    if pdf:
        from bidkit.outputs.proposal.pdf import pdf_bytes

        documents = {**documents, "pdf": pdf_bytes(documents["proposal"], paths["pdf"], priced.date)}
    spec = project.bid.spec
    if spec.member_packs if member_packs is None else member_packs:
        from bidkit.outputs.workshare import pack_documents  # the workbook writer: only when asked

        packs = pack_documents(priced, priced.file_stem, folder, spec.member_packs_show_sell,
                               spec.member_packs_language)  # fmt: skip
        paths.update({key: path for key, (path, _) in packs.items()})
        documents = {**documents, **{key: data for key, (_, data) in packs.items()}}
    written = {key: paths[key] for key in documents}
    if check:
        with output_errors(folder):
            mismatched = [paths[k] for k in paths if not _same(paths[k], documents.get(k))]
        return BuildResult(priced, written, done.warnings, project, mismatched=mismatched, review=done.review)
    lock_text = run.lock_text
    lock_written = lock_path(project.bid.path) if lock_text is not None else None

    def write_lock() -> None:  # before the outputs are published: a lock that fails leaves the old set
        if lock_written is not None and lock_text is not None:
            atomic_write(lock_written, lock_text)

    with output_errors(folder):
        publish(paths, documents, before=write_lock)
    return BuildResult(priced, written, done.warnings, project, lock_written, review=done.review)


def _same(path: Path, data: bytes | None) -> bool:
    """Whether the file holds ``data``; for None (an output the build does not make), that it is absent."""
    if data is None:
        return not path.exists() and not path.is_symlink()
    return path.is_file() and path.read_bytes() == data


__all__ = ["BuildResult", "Pricing", "Rendered", "build", "price_bid", "price_project", "render_bid",
           "render_documents", "review_bid"]
