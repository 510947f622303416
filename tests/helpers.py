"""Build real files inside a test: catalogue workbooks, bid YAML, small project trees."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

COMPONENT_HEAD = ["sku", "name", "category", "unit", "unit_price", "currency",
                  "lead_time_weeks", "origin_country", "co2e_kg"]  # fmt: skip


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write text files (dedented) under root; returns root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def write_catalogue(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    member: dict[str, Any] | None = None,
    head: Sequence[str] = COMPONENT_HEAD,
    breaks: Sequence[Sequence[Any]] | None = None,
    above_header: Sequence[Sequence[Any]] = (),
) -> Path:
    """A catalogue workbook following the contract (override any part to break it)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Member"
    ws.append(["key", "value"])
    info = {"id": path.stem, "name": f"{path.stem.title()} A/S", "country": "DK", "currency": "DKK"}
    if member is not None:
        info = member
    for key, value in info.items():
        ws.append([key, value])
    comp = wb.create_sheet("Components")
    for row in above_header:
        comp.append(list(row))
    comp.append(list(head))
    for row in rows:
        comp.append(list(row))
    if breaks is not None:
        pb = wb.create_sheet("PriceBreaks")
        pb.append(["sku", "min_qty", "unit_price"])
        for row in breaks:
            pb.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


BID_HEAD = """\
id: T-1
title: Test bid
client: {name: Test Client, country: UA}
currency: EUR
incoterm: DAP Kyiv
lead: alpha
catalogues: [cat]
date: 2026-11-27
"""


def write_bid(root: Path, body: str, head: str = BID_HEAD) -> Path:
    """bid.yaml = a valid header plus ``body`` (both dedented)."""
    path = root / "bid.yaml"
    path.write_text(textwrap.dedent(head) + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path
