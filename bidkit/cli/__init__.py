"""The command line: a thin layer over the library API.

One place (:func:`main`) turns a :class:`~bidkit.errors.BidkitError` into
``path:line:col: message`` lines on stderr and exit status 1.  Usage mistakes
are click's and exit 2.  Anything else is a bug and keeps its traceback.
Commands import what they need inside their body so ``bidkit price`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import NoReturn

import click

from bidkit.errors import BidkitError, Problem


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bidkit")
def cli() -> None:
    """Assemble priced system bids from member catalogues."""


# Each module registers its commands on ``cli`` when imported.
COMMAND_MODULES = ("bidkit.cli.bid_commands", "bidkit.cli.review_commands", "bidkit.cli.catalogue_commands")


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


_LEFT_TO_EXIT: list[object] | None = None  # a list while run() is to end the process with os._exit


def keep_until_exit(result: object) -> None:
    """Leave a command's result to the end of the process, when :func:`run` is to end it.

    A big build's result holds millions of objects (the bid, its catalogues, its priced
    lines): freeing them one by one as the command returns costs three hundredths of a
    second and serves no one when ``os._exit`` follows.  Where :func:`main` runs in a
    process that goes on (tests, a script), the result is freed as usual.
    """
    if _LEFT_TO_EXIT is not None:
        _LEFT_TO_EXIT.append(result)


def run() -> NoReturn:
    """The ``bidkit`` command: :func:`main` in a process that is about to end.

    Three things only a whole process may do: the garbage collector is off (a big build
    allocates millions of objects and no cycles worth collecting; the collector cost a
    tenth of its time), the C allocator keeps what is freed (:func:`_keep_freed_memory`),
    and the process leaves without freeing its objects one by one (another quarter of a
    second; a command's result is kept to the end for this, :func:`keep_until_exit`).
    Outputs are written and synced by then; the streams are flushed.  A bug's traceback
    still ends the process the ordinary way.
    """
    import gc
    import os

    global _LEFT_TO_EXIT

    gc.disable()
    _keep_freed_memory()
    _LEFT_TO_EXIT = []
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
_KEEP = 32 << 20  # the largest mmap threshold glibc accepts on 64-bit systems


def _keep_freed_memory() -> None:
    """Let glibc's allocator keep freed memory for the next allocation (a process of one command).

    By default glibc hands every block over 128 KB straight back to the system when it is
    freed, and the next such block is zero-filled page by page again.  Reading a catalogue
    allocates and frees several megabytes per sheet (the cell reader's buffers), twenty
    times over in each worker: keeping that memory took a sixth of a second off a cold
    build of the benchmark bid, and peak memory is unchanged.  Elsewhere (other C
    libraries, other systems) this does nothing.
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(_M_TRIM_THRESHOLD, _KEEP)
    mallopt(_M_MMAP_THRESHOLD, _KEEP)


if __name__ == "__main__":  # pragma: no cover
    run()
