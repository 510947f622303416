"""``bidkit build --watch``: rebuild on every save of the bid, its text blocks, template or catalogues.

The files are polled (twice a second) rather than watched through the
operating system: a handful of paths, no extra dependency, and it works the
same on network drives.  After each rebuild the change in the total (and in
each section's subtotal that moved) is printed, so the effect of an edit is
seen at once.  The catalogue cache and the modules stay loaded between
rebuilds, so each rebuild costs less than the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import click

from bidkit.errors import BidkitError
from bidkit.pricing.model import PricedBid

POLL = 0.5  # seconds between looks at the files


def inputs(bid: Path) -> list[Path]:
    """Every file a build of this bid reads: the bid, its catalogues, template and text blocks."""
    from bidkit.bid.loader import load_bid
    from bidkit.catalogue.sources import expand_sources
    from bidkit.outputs.proposal.resources import DEFAULT_TEMPLATE, SHARED_TEXTS

    found = [bid]
    try:
        spec = load_bid(bid).spec
    except BidkitError:
        return found  # the bid itself is broken: its next save is what matters
    folder = bid.resolve().parent
    found += expand_sources([(folder / c).resolve() for c in spec.catalogues], [])
    found.append((folder / spec.template).resolve() if spec.template else DEFAULT_TEMPLATE)
    for root in (folder, folder / "texts", SHARED_TEXTS):
        found += sorted(root.rglob("*.md")) if root != folder else sorted(root.glob("*.md"))
    return found


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """Each file's modification time and size (missing files count as a state too)."""
    out = {}
    for path in paths:
        try:
            stat = path.stat()
            out[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            out[path] = (-1, -1)
    return out


def changes(before: PricedBid, after: PricedBid) -> list[str]:
    """What an edit did to the figures: the total, and each section subtotal that moved."""
    lines = [_moved("total", before.total, after.total, after.currency)]
    old = {s.id: s.subtotal for s in before.sections}
    for section in after.sections:
        if old.get(section.id) != section.subtotal:
            lines.append("  " + _moved(section.title, old.get(section.id, Decimal(0)), section.subtotal, ""))
    return lines


def _moved(label: str, old: Decimal, new: Decimal, currency: str) -> str:
    unit = f" {currency}" if currency else ""
    if old == new:
        return f"{label} unchanged: {new:,.2f}{unit}"
    return f"{label} {old:,.2f} -> {new:,.2f}{unit} ({new - old:+,.2f})"


def watch(bid: Path, build_once: Callable[[], PricedBid], report: Callable[[BidkitError], None]) -> None:
    """Build, then rebuild whenever an input changes, until Ctrl-C.

    Ctrl-C also stops it in the middle of a build (a save caught half-written starts a second
    one): outputs are written whole or not at all (files.atomic_write).
    """
    try:
        _rebuild_on_change(bid, build_once, report)
    except KeyboardInterrupt:
        click.echo("stopped watching")


def _rebuild_on_change(
    bid: Path,
    build_once: Callable[[], PricedBid],
    report: Callable[[BidkitError], None],
) -> None:
    last: PricedBid | None = None
    while True:
        state = snapshot(inputs(bid))
        try:
            priced = build_once()
            if last is not None:
                for line in changes(last, priced):
                    click.echo(line)
            last = priced
        except BidkitError as exc:
            report(exc)
        click.echo(f"watching {len(state)} files for changes (Ctrl-C to stop)")
        while snapshot(list(state)) == state:
            time.sleep(POLL)
        time.sleep(0.1)  # let an editor finish writing
