"""``bidkit lock update``, ``bidkit diff`` and ``bidkit review``: the lead company's draft cycle."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bidkit.cli import checked_revision, cli, report, say
from bidkit.errors import output_errors

if TYPE_CHECKING:
    from bidkit.review.approval import ReviewState

BID = click.argument("bid", type=click.Path(dir_okay=False, path_type=Path))
MAX_NAME = 200


def _checked_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--by``: a person's name, printed and recorded; no control characters, not a page long."""
    from bidkit.cli.terminal import safe_text

    if value is None:
        return None
    if safe_text(value, one_line=True) != value:
        raise click.BadParameter("a name may not hold control characters (escape sequences, line breaks)",
                                 ctx, param)  # fmt: skip
    if not value.strip() or len(value) > MAX_NAME:
        raise click.BadParameter(f"give a name of 1 to {MAX_NAME} characters", ctx, param)
    return value


@cli.group()
def lock() -> None:
    """The price lock (<bid>.lock.json) that keeps catalogue updates out of a bid under review."""


@lock.command("update")
@BID
@click.option("--only", multiple=True, metavar="MEMBER/SKU", help="Take new values only for these.")
def lock_update(bid: Path, only: tuple[str, ...]) -> None:
    """Take new catalogue values into the lock and show what that does to the total."""
    from bidkit.outputs.files import atomic_write
    from bidkit.pipeline import price_project
    from bidkit.project import load_project
    from bidkit.review.lock import lock_path, lock_to_json

    project = load_project(bid)
    before = price_project(project)
    after = price_project(project, accept=frozenset(only) if only else "all")
    _require_locked(only, after.lock.components, lock_path(project.bid.path))
    taken = [c for c in before.held_back if not only or c.split(":", 1)[0] in only]
    for change in taken:
        say(f"updated {change}")
    target = lock_path(project.bid.path)
    with output_errors(target):
        atomic_write(target, lock_to_json(after.lock))
    old, new = before.priced.total, after.priced.total
    say(f"total {old:,.2f} -> {new:,.2f} {after.priced.currency} ({new - old:+,.2f})")


def _require_locked(only: tuple[str, ...], locked: Mapping[str, object], lock_file: Path) -> None:
    """``--only`` names references in the price lock: each one that is not is an error, nothing is written."""
    import difflib

    from bidkit.catalogue.sources import display_path
    from bidkit.errors import Location, ProblemList

    problems, where = ProblemList(), Location(display_path(lock_file))
    for ref in only:
        if ref not in locked:
            close = difflib.get_close_matches(ref, list(locked), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.error(f"--only '{ref}' is not in the price lock{hint}", where)
    problems.raise_if_errors()


def _summary_of(path: Path) -> dict[str, Any]:
    """A JSON summary as written by a build, or a bid file priced now."""
    if path.suffix.lower() == ".json":
        from bidkit.catalogue.sources import display_path
        from bidkit.review.diff import read_summary

        return read_summary(path, display_path(path))
    from bidkit.outputs.summary import summary
    from bidkit.pipeline import price_bid

    priced, _ = price_bid(path)
    loaded: dict[str, Any] = summary(priced)
    return loaded


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a review workbook to annotate.")  # fmt: skip
def diff(old: Path, new: Path, as_json: bool, xlsx: Path | None) -> None:
    """Compare two drafts (summary .json files or bid .yaml files)."""
    from bidkit.review.diff import diff_summaries, diff_to_data

    changes = diff_summaries(_summary_of(old), _summary_of(new))
    if as_json:
        from bidkit.cli.terminal import safe_json

        click.echo(safe_json(json.dumps(diff_to_data(changes), indent=2, ensure_ascii=False)))
    else:
        from bidkit.cli.terminal import SafeConsole
        from bidkit.outputs.diff_report import print_diff

        print_diff(changes, SafeConsole())
    if xlsx is not None:
        from bidkit.outputs.diff_report import diff_workbook
        from bidkit.outputs.files import atomic_write

        with output_errors(xlsx):
            atomic_write(xlsx, diff_workbook(changes))
        say(f"wrote {xlsx}", err=as_json)


@cli.command()
@BID
@click.option("--approve", is_flag=True, help="Record an approval of the figures and wording as they are.")
@click.option("--by", "by", callback=_checked_name, help="Who approves (required with --approve).")
@click.option("--revision", callback=checked_revision,
              help="Revision label, as given to 'bidkit build --revision'.")  # fmt: skip
@click.option("--check", is_flag=True, help="Exit with status 1 unless the bid is approved as it is now.")
def review(bid: Path, approve: bool, by: str | None, revision: str | None, check: bool) -> None:
    """Show whether the bid's current figures and wording are approved, or approve them."""
    from bidkit.catalogue.sources import display_path
    from bidkit.outputs.files import atomic_write
    from bidkit.pipeline import review_bid
    from bidkit.review import approval

    if approve and not by:
        raise click.UsageError('--approve needs --by "Name"')
    if approve and check:
        raise click.UsageError("--check only reads the review log; give it without --approve")
    priced, state, warnings = review_bid(bid, revision)
    report(warnings)
    path = approval.review_path(bid)
    label = display_path(path)
    if approve:
        assert by is not None
        log = approval.read_log(path, label)
        now = datetime.now(UTC).replace(microsecond=0)
        done = approval.approve(log, by, now, state.figures, state.wording)
        with output_errors(path):
            atomic_write(path, approval.log_to_json(log))
        say(f"approved {priced.id} at {done.total} {done.currency} by {by}; recorded in {path}")
        return
    report(state.problems)
    last = state.last
    if state.approved and last:
        say(f"approved by {last.by} on {last.at:%Y-%m-%d %H:%M} UTC ({last.total} {last.currency})")
    elif last is None:
        say("DRAFT: never approved")
    elif not state.intact:
        say(f"DRAFT: the approval on record is not valid; approve again (see {label})")
    else:
        when = f"{last.by} on {last.at:%Y-%m-%d %H:%M} UTC"
        if state.older_scope:
            say(f"DRAFT: the approval by {when} was made by an older bidkit and covers the figures, "
                "not the wording of the proposal; approve again")  # fmt: skip
        else:
            say(f"DRAFT: changed since approval by {when}")
        show_changes(state)
    if check and not state.approved:
        raise click.exceptions.Exit(1)


def show_changes(state: ReviewState) -> None:
    """What changed since the latest approval: figures, then wording, each said even when unchanged."""
    changes = state.changes()
    if changes is None:
        return
    from bidkit.cli.terminal import SafeConsole
    from bidkit.outputs.diff_report import print_diff

    if changes.figures.empty and not changes.other_figures:
        say("Figures: no changes.")
    elif not changes.figures.empty:
        print_diff(changes.figures, SafeConsole())
    for change in changes.other_figures:
        say(f"Figures: {change}")
    for change in changes.wording or ("no changes.",):
        say(f"Wording: {change}")
