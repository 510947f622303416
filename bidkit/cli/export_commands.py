"""``bidkit export ubl``: the priced bid for other systems."""

from __future__ import annotations

from pathlib import Path

import click

from bidkit.cli import JOBS, cli, default_jobs, report, say


@cli.group()
def export() -> None:
    """Write the priced bid in a structured format for other systems."""


@export.command("ubl")
@click.argument("bid", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: out/<bid id>/<bid id>-quotation.xml).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Read every catalogue again (no cache).")
@JOBS
def ubl(bid: Path, out: Path | None, no_cache: bool, jobs: int | None) -> None:
    """Write the priced bid as an OASIS UBL 2.4 Quotation (XML)."""
    from bidkit.export import export_ubl

    path, warnings = export_ubl(bid, out, use_cache=not no_cache, jobs=jobs or default_jobs())
    report(warnings)
    say(f"wrote {path}")
