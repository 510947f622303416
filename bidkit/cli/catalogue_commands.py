"""``bidkit catalogue new|check|diff|list``: the member firms' own tools."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import click

from bidkit.cli import cli, report, say

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@cli.group()
def catalogue() -> None:
    """Member catalogue workbooks: start one, check it, compare two versions, list them."""


@catalogue.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--member-id", required=True, help="Short id bids use for this member, e.g. pumpco.")
@click.option("--name", required=True, help='The firm\'s name, e.g. "PumpCo Nordic ApS".')
@click.option("--currency", required=True, help="Currency of the prices (ISO code, e.g. DKK).")
@click.option("--country", default="DK", show_default=True, help="The firm's country (ISO code).")
@click.option("--language", type=click.Choice(["en", "da"]), default="en", show_default=True,
              help="Language of the headers and instructions.")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(
    file: Path, member_id: str, name: str, currency: str, country: str, language: str, force: bool
) -> None:
    """Write a ready-to-fill catalogue workbook (FILE.xlsx)."""
    from bidkit.catalogue.tools.template import new_catalogue
    from bidkit.errors import CatalogueError, Location
    from bidkit.outputs.files import atomic_write

    if file.suffix.lower() != ".xlsx":
        raise click.BadParameter("the file name must end in .xlsx", param_hint="FILE")
    if file.exists() and not force:
        raise CatalogueError(
            "the file already exists; choose another name or add --force", Location(str(file))
        )
    data = new_catalogue(member_id, name, currency, language=language, country=country)
    atomic_write(file, data)
    click.echo(f"wrote {file}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@catalogue.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Load each workbook as a bid would, list every problem with its cell, and count them.

    Exits 1 if any file has an error; warnings (suspicious but allowed) do not fail.
    """
    from bidkit.catalogue.contract.table import problem_order
    from bidkit.catalogue.sources import display_path, expand_sources
    from bidkit.catalogue.tools.check import check_workbook
    from bidkit.errors import Location, Problem

    missing: list[Problem] = []
    files = expand_sources(paths, missing)
    errors = len(missing)
    for problem in missing:
        say(str(problem))
    owners: dict[str, str] = {}
    for path in files:
        label = display_path(path)
        loaded = check_workbook(path, label, date.today())
        problems = list(loaded.problems)
        if loaded.catalogue is not None:
            member = loaded.catalogue.member.id
            if member in owners:
                where = Location(label, sheet="Member")
                problems.append(Problem(f"member id '{member}' is also used by {owners[member]}", where))
            owners.setdefault(member, label)
        problems.sort(key=problem_order)
        for problem in problems:
            say(str(problem))
        kinds = Counter(p.is_error for p in problems)
        errors += kinds[True]
        click.echo(f"{label}: {_plural(loaded.components, 'component')}, "
                   f"{_plural(loaded.price_breaks, 'price break')}, "
                   f"{_plural(kinds[True], 'error')}, {_plural(kinds[False], 'warning')}")  # fmt: skip
    if errors:
        click.get_current_context().exit(1)


@catalogue.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes as a workbook.")  # fmt: skip
def diff(old: Path, new: Path, as_json: bool, xlsx: Path | None) -> None:
    """What changed from OLD to NEW: components added, removed and changed."""
    from bidkit.catalogue import load_catalogue
    from bidkit.catalogue.sources import display_path
    from bidkit.catalogue.tools.diff import diff_catalogues
    from bidkit.catalogue.tools.diff_output import print_diff, to_json, to_xlsx
    from bidkit.errors import CatalogueError, Problem
    from bidkit.outputs.files import atomic_write

    loaded, problems = [], []
    for path in (old, new):
        catalogue, found = load_catalogue(path, display_path(path))
        problems.extend(found)
        loaded.append(catalogue)
    if loaded[0] is None or loaded[1] is None:
        raise CatalogueError(problems)
    report(problems)
    if loaded[0].member.id != loaded[1].member.id:
        ids = f"{loaded[0].member.id} and {loaded[1].member.id}"
        report([Problem(f"warning: these are catalogues of two different members ({ids})")])
    changes = diff_catalogues(loaded[0], loaded[1])
    if xlsx is not None:
        atomic_write(xlsx, to_xlsx(changes))
        click.echo(f"wrote {xlsx}", err=True)
    if as_json:
        click.echo(to_json(changes), nl=False)
    else:
        print_diff(changes)


@catalogue.command("list")
@PATHS
def list_members(paths: tuple[Path, ...]) -> None:
    """Every member found in PATHS (files or folders; default: the current folder)."""
    from rich.table import Table
    from rich.text import Text

    from bidkit.catalogue import load_catalogues
    from bidkit.cli.terminal import SafeConsole

    catalogues, problems = load_catalogues(paths or (Path("."),))
    table = Table(title="Member catalogues", title_justify="left")
    for col in ("Member", "Name", "File", "Components", "Currency", "Catalogue date"):
        table.add_column(col, justify="right" if col == "Components" else "left")
    for member_id, cat in sorted(catalogues.items()):
        when = cat.member.catalogue_date.isoformat() if cat.member.catalogue_date else ""
        cells = (member_id, cat.member.name, cat.path, str(len(cat.components)), cat.member.currency, when)
        table.add_row(*(Text(c) for c in cells))
    SafeConsole().print(table)
    failed = Counter(p.location.file for p in problems if p.is_error and p.location is not None)
    for file, count in sorted(failed.items()):
        click.echo(f"{file}: not loaded ({_plural(count, 'error')}); run `bidkit catalogue check {file}`",
                   err=True)  # fmt: skip
    if failed:
        click.get_current_context().exit(1)
