"""``bidkit price``, ``bidkit build`` and ``bidkit validate``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from bidkit.cli import cli, report

BID = click.argument("bid", type=click.Path(dir_okay=False, path_type=Path))


@cli.command()
@BID
@click.option("--json", "as_json", is_flag=True, help="Print the priced bid as JSON.")
def price(bid: Path, as_json: bool) -> None:
    """Price a bid and print it (sections, options, members, totals)."""
    from bidkit.build import price_bid

    priced, warnings = price_bid(bid)
    report(warnings)
    if as_json:
        from bidkit.render.summary import to_json

        click.echo(to_json(priced), nl=False)
    else:
        from bidkit.render.terminal import print_priced

        print_priced(priced)


@cli.command()
@BID
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: out/<bid id>/).")  # fmt: skip
@click.option("--revision", help="Revision label (overrides revision: in the bid).")
@click.option("--check", is_flag=True, help="Rebuild in memory; report whether the files on disk match.")
@click.option("--pdf", is_flag=True, help="Also write the proposal as PDF (needs LibreOffice).")
def build(bid: Path, out_dir: Path | None, revision: str | None, check: bool, pdf: bool) -> None:
    """Build the proposal (.docx), cost workbook (.xlsx) and summary (.json)."""
    from bidkit.build import build as run_build

    if pdf and not check:
        from bidkit.render.pdf import require_soffice

        require_soffice()  # before anything is written
    result = run_build(bid, out_dir, revision=revision, check=check)
    report(result.warnings)
    if check:
        _report_check(result.outputs.values(), result.mismatched)
        return
    for path in result.outputs.values():
        click.echo(f"wrote {path}")
    if pdf:
        from bidkit.render.pdf import docx_to_pdf

        target = result.outputs["proposal"].with_suffix(".pdf")
        docx_to_pdf(result.outputs["proposal"], target)
        click.echo(f"wrote {target}")
    if result.lock_written:
        click.echo(f"locked catalogue prices in {result.lock_written}")
    priced = result.priced
    state = priced.approval or "DRAFT (not approved)"
    click.echo(f"total {priced.total:f} {priced.currency} - {state}")
    if priced.draft:
        _changes_since_approval(bid, result.outputs["summary"])


def _changes_since_approval(bid: Path, summary: Path) -> None:
    import json

    from bidkit.review import approval

    last = approval.latest(approval.read_log(approval.review_path(bid)))
    if last is None:
        return
    from bidkit.render.diff_report import print_diff
    from bidkit.review.diff import diff_summaries

    click.echo(f"changed since the approval by {last.by} on {last.at:%Y-%m-%d}:")
    print_diff(diff_summaries(last.summary, json.loads(summary.read_text(encoding="utf-8"))))


def _report_check(paths: Iterable[Path], mismatched: list[Path]) -> None:
    for path in paths:
        click.echo(f"{'differs' if path in mismatched else 'matches'}: {path}")
    if mismatched:
        raise click.exceptions.Exit(1)


@cli.command()
@BID
def validate(bid: Path) -> None:
    """Check a bid and its catalogues; list every problem."""
    from bidkit.build import price_bid

    _, warnings = price_bid(bid)
    report(warnings)
    click.echo(f"{bid}: ok ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})")
