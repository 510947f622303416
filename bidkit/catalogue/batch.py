"""Loading a bid's catalogues: unchanged workbooks from the cache, the others parsed on every core.

Parsing a 10,000-row workbook costs about a sixth of a second of CPU;
twenty of them are most of a cold build.  Workbooks are independent, so
they are parsed in worker processes (forked, one per core) that hand back a
cache entry each: plain bytes, cheap to pass between processes, stored as is
when the cache is on and opened lazily by the parent either way.  Small jobs
stay in the process: forking costs more than a few small workbooks.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Problem
from bidkit.speed.catalogues import CatalogueCache, decode, encode, file_digest

PARALLEL_BYTES = 2_000_000  # below this much workbook data, parse in the process itself

Loaded = tuple[Catalogue | None, list[Problem]]
Parsed = tuple[bytes | None, str, list[Problem], Catalogue | None]


def parse(path: Path, label: str, as_entry: bool) -> Parsed:
    """Load one workbook: (cache entry or None, its digest, problems, catalogue when not an entry)."""
    from bidkit.catalogue.contract.loader import inspect_catalogue

    report = inspect_catalogue(path, label)
    catalogue = report.catalogue
    if catalogue is None or not as_entry:
        return None, catalogue.sha256 if catalogue else "", report.problems, catalogue
    entry = encode(catalogue, report.problems, (report.components, report.price_breaks))
    return entry, catalogue.sha256, report.problems, None


def _fork_pool(jobs: int) -> ProcessPoolExecutor | None:
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


def _digest(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:
        return None  # the loader reports the unreadable file


def load_all(
    paths: Sequence[Path],
    labels: Sequence[str],
    cache: CatalogueCache | None = None,
    done: Callable[[], None] | None = None,
) -> list[Loaded]:
    """Each workbook's catalogue (None if unusable) and problems, in the order given."""
    results: list[Loaded | None] = [None] * len(paths)
    misses = []
    for i, (path, label) in enumerate(zip(paths, labels, strict=True)):
        digest = _digest(path) if cache is not None else None
        hit = cache.get(digest, label) if cache is not None and digest else None
        if hit is None:
            misses.append(i)
        else:
            results[i] = (hit[0], hit[1])
            if done:
                done()
    for i, parsed in _parse_all([paths[i] for i in misses], [labels[i] for i in misses], cache is not None):
        entry, digest, problems, catalogue = parsed
        if entry is not None:
            if cache is not None:
                cache.put(digest, entry)
            catalogue, problems, _ = decode(entry, digest, labels[misses[i]])
        results[misses[i]] = (catalogue, problems)
        if done:
            done()
    return [r for r in results if r is not None]


def _parse_all(paths: list[Path], labels: list[str], for_cache: bool) -> Iterator[tuple[int, Parsed]]:
    """(index, parsed) for each workbook, in order, each as soon as it is ready."""
    if paths:
        import bidkit.catalogue.contract.loader  # noqa: F401  (the reading modules, loaded once for every worker)
    jobs = min(len(paths), os.cpu_count() or 1)
    size = sum(p.stat().st_size for p in paths if p.is_file())
    pool = _fork_pool(jobs) if jobs > 1 and size >= PARALLEL_BYTES else None
    if pool is None:
        for i, (path, label) in enumerate(zip(paths, labels, strict=True)):
            yield i, parse(path, label, for_cache)
        return
    with pool:
        futures = [pool.submit(parse, p, label, True) for p, label in zip(paths, labels, strict=True)]
        for i, future in enumerate(futures):
            yield i, future.result()
