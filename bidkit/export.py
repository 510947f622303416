"""Structured exports of a priced bid: files for other systems, written beside the documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bidkit.errors import Problem, output_errors
from bidkit.outputs.files import atomic_write
from bidkit.pipeline import price_bid


def export_ubl(
    bid_path: Path | str,
    out: Path | str | None = None,
    today: date | None = None,
    use_cache: bool = True,
    jobs: int = 1,
) -> tuple[Path, list[Problem]]:
    """Price a bid and write it as an OASIS UBL 2.4 Quotation; returns the file and the warnings.

    ``out`` is the file; by default ``out/<bid id>/<stem>-quotation.xml`` under the current folder.
    """
    from bidkit.outputs.ubl import quotation_xml

    priced, warnings = price_bid(bid_path, today, use_cache, jobs)
    path = Path(out) if out is not None else Path("out") / priced.id / f"{priced.file_stem}-quotation.xml"
    with output_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, quotation_xml(priced))
    return path, warnings


__all__ = ["export_ubl"]
