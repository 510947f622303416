"""``bidkit price``, ``bidkit build`` and ``bidkit validate``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bidkit.cli import JOBS, checked_revision, cli, default_jobs, report, say

if TYPE_CHECKING:
    from bidkit.pipeline import BuildResult

BID = click.argument("bid", type=click.Path(dir_okay=False, path_type=Path))


STRICT = click.option("--strict", is_flag=True,
                      help="Treat a content rule that is not met (content_rules:) as an error.")  # fmt: skip
NO_CACHE = click.option(
    "--no-cache", is_flag=True, help="Read every catalogue and compile every template again (no cache)."
)


@cli.command()
@BID
@click.option("--json", "as_json", is_flag=True, help="Print the priced bid as JSON.")
@NO_CACHE
@JOBS
def price(bid: Path, as_json: bool, no_cache: bool, jobs: int | None) -> None:
    """Price a bid and print it (sections, options, members, totals)."""
    from bidkit.pipeline import price_bid

    priced, warnings = price_bid(bid, use_cache=not no_cache, jobs=jobs or default_jobs())
    report(warnings)
    if as_json:
        from bidkit.cli.terminal import safe_json
        from bidkit.outputs.summary import to_json

        click.echo(safe_json(to_json(priced)), nl=False)
    else:
        from bidkit.cli.terminal import SafeConsole
        from bidkit.outputs.terminal import print_priced

        print_priced(priced, SafeConsole())


@cli.command()
@BID
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: out/<bid id>/).")  # fmt: skip
@click.option("--revision", callback=checked_revision,
              help="Revision label (overrides revision: in the bid).")  # fmt: skip
@click.option("--check", is_flag=True,
              help="Rebuild in memory (the PDF too with --pdf); report whether the files on disk match.")
@click.option("--pdf", is_flag=True, help="Also write the proposal as PDF (needs LibreOffice).")
@STRICT
@click.option("--member-packs", is_flag=True, default=None,
              help="Also write one work-share workbook per member (…-workshare-<member>.xlsx).")  # fmt: skip
@NO_CACHE
@JOBS
@click.option("--quiet", "-q", is_flag=True, help="Print only problems: no progress bar, no list of files.")
@click.option("--watch", is_flag=True,
              help="Rebuild on every save of the bid, its text blocks, template or catalogues.")  # fmt: skip
def build(bid: Path, out_dir: Path | None, revision: str | None, check: bool, pdf: bool, strict: bool,
          member_packs: bool | None, no_cache: bool, jobs: int | None, quiet: bool,
          watch: bool) -> None:  # fmt: skip
    """Build the proposal (.docx), cost workbook (.xlsx) and summary (.json)."""
    if pdf:
        from bidkit.outputs.proposal.pdf import require_soffice

        require_soffice()  # before any work
    options = Options(bid, out_dir, revision, check, pdf, not no_cache, quiet, jobs or default_jobs(), strict,
                      member_packs)  # fmt: skip
    if not watch:
        _build_once(options)
        return
    from bidkit.cli import report_error
    from bidkit.cli.watch import watch as watch_files

    watch_files(bid, lambda: _build_once(options).priced, report_error)


@dataclass(frozen=True)
class Options:
    bid: Path
    out_dir: Path | None
    revision: str | None
    check: bool
    pdf: bool
    use_cache: bool
    quiet: bool
    jobs: int
    strict: bool = False
    member_packs: bool | None = None


def _build_once(o: Options) -> BuildResult:
    from bidkit.cli.progress import progress_for
    from bidkit.pipeline import build as run_build

    result = run_build(o.bid, o.out_dir, revision=o.revision, check=o.check, use_cache=o.use_cache,
                       progress=progress_for(o.quiet), jobs=o.jobs, pdf=o.pdf, strict=o.strict,
                       member_packs=o.member_packs)  # fmt: skip
    report(result.warnings)
    if o.check:
        _report_check(result.outputs.values(), result.mismatched)
        return result
    say_ = (lambda text: None) if o.quiet else say
    for path in result.outputs.values():
        say_(f"wrote {path}")
    if result.lock_written:
        say_(f"locked catalogue prices in {result.lock_written}")
    priced = result.priced
    state = priced.approval or "DRAFT (not approved)"
    say_(f"total {priced.total:f} {priced.currency} - {state}")
    if priced.draft and not o.quiet:
        _changes_since_approval(result)
    return result


def _changes_since_approval(result: BuildResult) -> None:
    """What changed since the latest approval; nothing when it is void (the build warned of that)."""
    state = result.review
    last = state.last if state is not None else None
    if state is None or last is None or not state.intact:
        return
    from bidkit.cli.review_commands import show_changes

    say(f"changed since the approval by {last.by} on {last.at:%Y-%m-%d}:")
    show_changes(state)


def _report_check(paths: Iterable[Path], mismatched: list[Path]) -> None:
    built = list(paths)
    for path in built:
        say(f"{'differs' if path in mismatched else 'matches'}: {path}")
    for path in mismatched:
        if path not in built:
            say(f"differs: {path} (this build does not make it and would remove it; add --pdf)")
    if mismatched:
        raise click.exceptions.Exit(1)


@cli.command()
@BID
@STRICT
@NO_CACHE
@JOBS
def validate(bid: Path, strict: bool, no_cache: bool, jobs: int | None) -> None:
    """Check a bid, its catalogues, text blocks and template: render all 'build' would, write nothing."""
    from bidkit.pipeline import render_bid

    warnings = render_bid(bid, use_cache=not no_cache, jobs=jobs or default_jobs(), strict=strict).warnings
    report(warnings)
    say(f"{bid}: ok ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})")
