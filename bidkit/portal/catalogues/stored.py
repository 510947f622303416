"""Catalogue files in the storage, under their content hash, and read back as catalogues.

The library reads workbooks from paths, so a stored file is copied to a private temporary
folder for the length of one read.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bidkit.catalogue import Catalogue, load_catalogue
from bidkit.errors import Problem

T = TypeVar("T")


def store(data: bytes) -> tuple[str, str]:
    """Keep ``data`` under its SHA-256; returns (digest, storage name).  Equal files are kept once."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"catalogues/{digest[:2]}/{digest}.xlsx"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return digest, name


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        data: bytes = stored.read()
    return data


@contextmanager
def as_file(data: bytes, label: str) -> Iterator[Path]:
    """``data`` as a file named ``label`` in a temporary folder only this process can read."""
    with tempfile.TemporaryDirectory(prefix="bidkit-portal-") as folder:
        path = Path(folder) / label
        path.write_bytes(data)
        yield path


def with_file(data: bytes, label: str, work: Callable[[Path], T]) -> T:
    with as_file(data, label) as path:
        return work(path)


def load_stored(name: str, label: str) -> tuple[Catalogue | None, list[Problem]]:
    """A stored version loaded as a bid would load it."""
    return with_file(read(name), label, lambda path: load_catalogue(path, label))
