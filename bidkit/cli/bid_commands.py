"""``bidkit price``, ``bidkit build`` and ``bidkit validate``."""

from __future__ import annotations

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
def build(bid: Path, out_dir: Path | None) -> None:
    """Build the proposal (.docx), cost workbook (.xlsx) and summary (.json)."""
    from bidkit.build import build as run_build

    result = run_build(bid, out_dir)
    report(result.warnings)
    for path in result.outputs.values():
        click.echo(f"wrote {path}")
    click.echo(f"total {result.priced.total:f} {result.priced.currency}")


@cli.command()
@BID
def validate(bid: Path) -> None:
    """Check a bid and its catalogues; list every problem."""
    from bidkit.build import price_bid

    _, warnings = price_bid(bid)
    report(warnings)
    click.echo(f"{bid}: ok ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})")
