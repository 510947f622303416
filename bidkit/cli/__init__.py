"""The command line: a thin layer over the library API.

One place (:func:`main`) turns a :class:`~bidkit.errors.BidkitError` into
``path:line:col: message`` lines on stderr and exit status 1.  Usage mistakes
are click's and exit 2.  Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import NoReturn

import click

from bidkit.errors import BidkitError, Problem


def default_jobs() -> int:
    """How many catalogue workbooks a command reads at a time: one per core (the library's default is 1)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


JOBS = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N",
                    help="Read N catalogue workbooks at a time (default: one per core).")  # fmt: skip


def checked_revision(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--revision``: a name that goes into file names, checked as the bid's ``revision:`` is."""
    from bidkit.bid.model import name_problem

    problem = None if value is None else name_problem(value, "the revision")
    if problem:
        raise click.BadParameter(problem, ctx, param)
    return value


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a line that may hold values from files, with terminal controls neutralised."""
    from bidkit.cli.terminal import safe_text

    click.echo(safe_text(text), err=err, nl=nl)


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        from bidkit.cli.terminal import safe_text  # with rich: loaded only when there is something to say

        click.echo(safe_text(str(problem), one_line=True), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bidkit")
def cli() -> None:
    """Assemble priced system bids from member catalogues."""


# Each module registers its commands on ``cli`` when imported.
COMMAND_MODULES = ("bidkit.cli.bid_commands", "bidkit.cli.review_commands", "bidkit.cli.catalogue_commands",
                   "bidkit.cli.export_commands", "bidkit.cli.portal_commands")  # fmt: skip


def report_error(exc: BidkitError) -> None:
    """Every problem of a failed command, then the count."""
    report(exc.problems)
    errors = sum(p.is_error for p in exc.problems)
    click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written.", err=True)


def main(argv: list[str] | None = None) -> int:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)

    try:
        code = cli.main(args=argv, prog_name="bidkit", standalone_mode=False)
    except BidkitError as exc:
        report_error(exc)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    return code if isinstance(code, int) else 0


def _terminated(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


def run() -> NoReturn:
    """The ``bidkit`` command: :func:`main`, then exit with its status.

    The command owns its process, so it, and only it, turns SIGTERM into SystemExit: ``finally``
    blocks then run as on Ctrl-C, and a PDF conversion stops LibreOffice and removes its temporary
    folder instead of leaving it behind (exit status 143, as for a process killed by SIGTERM).
    """
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
