"""Loading a bid with everything it names: the bid file, its catalogues and its price lock.

For a big bid the two halves are loaded side by side.  Reading and validating
ten thousand item lines is a quarter of a second of Python; so is opening
twenty cached catalogues, reading the lock and making the components the lock
names.  Neither needs the other except for the list of catalogues, which is
read first from the top of the file (:func:`~bidkit.bid.yamlsource.peek_list`).
A forked child (forked.py) loads the bid and hands it back as bytes while this
process loads the rest; if anything about that goes wrong, the bid is loaded
here the ordinary way, so an error reads exactly as it would have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bidkit.bid.loader import Bid, bid_from_bytes, bid_to_bytes, parse_bid
from bidkit.bid.yamlsource import peek_list, read_text
from bidkit.catalogue.contract.model import Catalogue
from bidkit.catalogue.sources import display_path, expand_sources, load_catalogues
from bidkit.errors import BidkitError, Problem, ProblemList
from bidkit.progress import Progress
from bidkit.review.lock import Lock, lock_path, read_lock
from bidkit.speed.catalogues import CatalogueCache

PARALLEL_BID_CHARS = 200_000  # from about 5,000 item lines, the bid is read beside the catalogues


@dataclass
class Project:
    """A bid with the catalogues it names, loaded and checked, and its price lock if it has one."""

    bid: Bid
    catalogues: dict[str, Catalogue]
    warnings: list[Problem] = field(default_factory=list)
    lock: Lock | None = None


def load_project(bid_path: Path | str, use_cache: bool = True, progress: Progress | None = None) -> Project:
    """Load the bid, every catalogue it names and its price lock; all problems are raised together.

    Unchanged catalogues come from the catalogue cache (bidkit/speed/catalogues.py) unless
    ``use_cache`` is false.
    """
    from bidkit.forked import Forked

    path = Path(bid_path)
    label = display_path(path)
    text = read_text(path, label)
    refs = peek_list(text, "catalogues") if len(text) >= PARALLEL_BID_CHARS else None
    if refs is None:
        bid = parse_bid(text, path, label)
        return _complete(bid, _Rest(bid.path, bid.spec.catalogues, use_cache, progress))
    with Forked(lambda: bid_to_bytes(parse_bid(text, path, label))) as child:
        rest = _Rest(path.resolve(), refs, use_cache, progress)
        data = child.result()
    bid = bid_from_bytes(data) if data else parse_bid(text, path, label)
    if bid.spec.catalogues != refs:  # the peek misread the list: never price with other catalogues
        rest = _Rest(bid.path, bid.spec.catalogues, use_cache, progress)
    return _complete(bid, rest)


class _Rest:
    """What a bid names besides itself: its catalogues and its price lock.

    Loaded from the bid's path and its list of catalogues only, so that it can be loaded
    before the rest of the bid is known.  Problems are kept, not raised, so that the bid's
    own problems are reported first, as when everything is loaded in turn.
    """

    def __init__(self, bid_path: Path, refs: Sequence[str], use_cache: bool, progress: Progress | None):
        sources = [(bid_path.parent / rel).resolve() for rel in refs]
        present = [src.exists() for src in sources]
        self.missing = [i for i, here in enumerate(present) if not here]
        paths = expand_sources([src for src, here in zip(sources, present, strict=True) if here], [])
        progress = progress or Progress()
        progress.start("Loading catalogues", len(paths))
        cache = CatalogueCache() if use_cache else None
        self.catalogues, self.problems = load_catalogues(paths, cache=cache, done=progress.advance)
        progress.stop()
        self.lock: Lock | None = None
        self.lock_error: BidkitError | None = None
        try:
            self.lock = self._read_lock(bid_path)
        except BidkitError as exc:
            self.lock_error = exc

    def _read_lock(self, bid_path: Path) -> Lock | None:
        """The price lock, with the components it names made ready: pricing will want them."""
        path = lock_path(bid_path)
        lock = read_lock(path, display_path(path))
        for locked in lock.components.values() if lock is not None else ():
            catalogue = self.catalogues.get(locked.member)
            if catalogue is not None:
                catalogue.components.get(locked.sku)
        return lock


def _complete(bid: Bid, rest: _Rest) -> Project:
    problems = ProblemList()
    for i in rest.missing:
        rel = bid.spec.catalogues[i]
        problems.error(
            f"catalogue '{rel}' not found (looked for {display_path(bid.resolve(rel))})",
            bid.at(("catalogues", i)),
        )
    problems.extend(rest.problems)
    problems.raise_if_errors()
    if rest.lock_error is not None:
        raise rest.lock_error
    return Project(bid, rest.catalogues, problems.warnings, rest.lock)
