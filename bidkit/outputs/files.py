"""Writing outputs so that an interrupted or failed build never leaves a half-written file or set.

One file is written to a temporary name beside it and renamed into place (:func:`atomic_write`).
A build's outputs are one set: a proposal (or its PDF) must never sit beside the workbook and
summary of another build.  :func:`publish` therefore stages the whole set in a hidden folder
beside the outputs, then records in a journal what it is about to rename and which outputs of
the set this build did not make (an old PDF), renames, removes those, and removes the journal.
A crash before the journal exists leaves the old set untouched; a crash after it leaves a
journal that the next write to that folder completes (:func:`recover`) before anything else.
Files get the mode the user's umask gives new files, so colleagues on a shared drive can open
them as they open any other.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bidkit.errors import Location, OutputError, ProblemList
from bidkit.files import MAX_NAME_LENGTH, NAME_PATTERN

JOURNAL = ".bidkit-publish.json"
STAGING_PREFIX = ".bidkit-staging-"
MAX_JOURNAL_BYTES = 64 * 1024
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")  # what atomic_write names its temporary files


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder: {exc.strerror}", Location(str(path.parent))) from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_new(tmp, data)
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(f"cannot write the file: {exc.strerror}", Location(str(path))) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(path: Path) -> None:
    """Remove a temporary file if it is there (on a read-only file system even asking fails)."""
    with suppress(OSError):
        path.unlink(missing_ok=True)


def _write_new(path: Path, data: bytes) -> None:
    """A new file holding ``data``, flushed to disk, with the mode the umask gives new files."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system can open a folder for that)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_in_office(path: Path) -> Path | None:
    """The lock file Word, Excel or LibreOffice keeps beside a document it has open, if any."""
    for name in (f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def output_paths(stem: str, folder: Path) -> dict[str, Path]:
    """The outputs a build owns: ``<stem>-proposal.docx``, ``-costs.xlsx``, ``-summary.json``, ``.pdf``.

    A build writes the first three, and the PDF when asked; :func:`publish` removes an owned
    output the build did not write, so no PDF of an older build stays beside a newer set.
    """
    return {
        "proposal": folder / f"{stem}-proposal.docx",
        "costs": folder / f"{stem}-costs.xlsx",
        "summary": folder / f"{stem}-summary.json",
        "pdf": folder / f"{stem}-proposal.pdf",
    }


def packs_on_disk(stem: str, folder: Path) -> dict[str, Path]:
    """The packs an earlier build left in ``folder``, by output key, so a build can replace or remove them.

    Only names a build could have written count (``<stem>-workshare-<member id>.xlsx`` with a valid
    member id); any other file is not bidkit's and is left alone.
    """
    prefix, found = f"{stem}-workshare-", {}
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:  # no folder yet, or not a folder: the build reports it when it writes
        return {}
    for name in names:
        member = name.removeprefix(prefix).removesuffix(".xlsx")
        ours = name == f"{prefix}{member}.xlsx" and len(member) <= MAX_NAME_LENGTH
        if ours and re.match(NAME_PATTERN, member):
            found[f"workshare-{member}"] = folder / name
    return found


class _Journal(BaseModel):
    """What a publish is about to rename: read back from disk, so checked like any input."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staging: str
    files: list[str]  # staged under these names, published under the same in the output folder
    remove: list[str] = []  # outputs of the set this build did not write: removed from the folder

    @field_validator("staging")
    @classmethod
    def _staging_name(cls, value: str) -> str:
        if not value.startswith(STAGING_PREFIX) or not _plain(value):
            raise ValueError("not a staging folder's name")
        return value

    @field_validator("files", "remove")
    @classmethod
    def _file_names(cls, value: list[str]) -> list[str]:
        if not all(_plain(name) for name in value):
            raise ValueError("not plain file names")
        return value


def _plain(name: str) -> bool:
    """A file name with no folder part, that names nothing special."""
    return name not in ("", ".", "..") and not any(c in name for c in "/\\\0")


def publish(
    paths: dict[str, Path],
    documents: dict[str, bytes],
    *,
    before: Callable[[], None] | None = None,
) -> None:
    """Replace the output set in one folder with ``documents``: all of them, or none.

    ``paths`` names every output of the set; one that ``documents`` does not hold is removed
    with the same journal, so the folder never keeps an output of an older build beside the
    new ones.  ``before`` runs once every document is staged and before any is published (the build
    writes the price lock there, so a lock that cannot be written leaves the old set).

    Raises
    ------
    :class:`~bidkit.errors.OutputError` when nothing could be published.

    """
    folders = {path.parent for path in paths.values()}
    if len(folders) != 1:
        raise ValueError("an output set lives in one folder")
    folder = folders.pop()
    _refuse_open_files(paths.values())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the output folder: {exc.strerror}", Location(str(folder))) from None
    with _folder_lock(folder):
        _publish(folder, paths, documents, before)


def _publish(folder: Path, paths: dict[str, Path], documents: dict[str, bytes],
             before: Callable[[], None] | None) -> None:  # fmt: skip
    _recover(folder)
    staging = folder / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    try:
        staging.mkdir()
        for key, data in documents.items():
            _write_new(staging / paths[key].name, data)
        _sync_folder(staging)
        if before is not None:
            before()
        names = [paths[key].name for key in documents]
        gone = [path.name for key, path in paths.items() if key not in documents]
        journal = _Journal(staging=staging.name, files=names, remove=gone)
        atomic_write(folder / JOURNAL, journal.model_dump_json().encode("utf-8"))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the outputs: {exc.strerror}; nothing was changed",
                          Location(str(folder))) from None  # fmt: skip
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _complete(folder, journal)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Publishes into one folder take turns, whether from threads or processes (where flock exists)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover  (Windows: renames there fail on open files anyway)
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(folder: Path) -> None:
    """Finish a publish that was interrupted after its journal was written; drop unfinished staging.

    Called under the folder's lock, so the staging folders and temporary files it removes are
    left by builds that were interrupted, never by one still running.

    A journal that is not one bidkit wrote (damaged, or naming anything but plain files in this
    folder) is an error: the folder's set may be mixed and needs a person to look.
    """
    if folder.is_dir():
        with _folder_lock(folder):
            _recover(folder)


def _recover(folder: Path) -> None:
    journal_path = folder / JOURNAL
    if journal_path.is_file():
        journal = _read_journal(journal_path)
        _complete(folder, journal)
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(".*.tmp"):
        if _TEMPORARY.fullmatch(leftover.name) and leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)


def _read_journal(path: Path) -> _Journal:
    where = Location(str(path))
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_JOURNAL_BYTES + 1)
        if len(data) > MAX_JOURNAL_BYTES:
            raise ValueError("too long")
        return _Journal.model_validate_json(data)
    except (OSError, ValueError, ValidationError):
        raise OutputError(
            "an interrupted build left this record of its outputs, and it cannot be read; the output "
            "folder may mix two builds: delete the folder's outputs and this file, then build again",
            where,
        ) from None


def _complete(folder: Path, journal: _Journal) -> None:
    """Rename every staged file into place, remove the set's outputs not written, then the journal."""
    staging = folder / journal.staging
    try:
        for name in journal.files:
            source = staging / name
            if source.is_file():
                os.replace(source, folder / name)
        for name in journal.remove:
            target = folder / name
            if target.is_file() or target.is_symlink():
                target.unlink()
        _sync_folder(folder)  # the renames are on disk before the record of them goes
        (folder / JOURNAL).unlink(missing_ok=True)
        _sync_folder(folder)
    except OSError as exc:
        raise OutputError(f"cannot finish writing the outputs: {exc.strerror}; build again to finish",
                          Location(str(folder))) from None  # fmt: skip
    shutil.rmtree(staging, ignore_errors=True)


def _refuse_open_files(paths: Iterable[Path]) -> None:
    from bidkit.catalogue.sources import display_path

    problems = ProblemList()
    for path in paths:
        lock = open_in_office(path)
        if lock is not None:
            problems.error(
                f"the file is open in Word, Excel or LibreOffice ({lock.name} exists); "
                "close it and build again",
                Location(display_path(path)),
            )
    problems.raise_if_errors(OutputError)
