"""A new version of a firm's catalogue: stored, checked as ``bidkit catalogue check`` checks it, kept.

A version with errors is kept as rejected (it can be looked at, never used); one without
becomes the firm's current catalogue.  Hostile files get the library's one-line refusals.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from bidkit.catalogue.tools.check import CheckReport, check_workbook
from bidkit.errors import Location, Problem
from bidkit.portal.accounts.models import Firm
from bidkit.portal.audit.log import record
from bidkit.portal.catalogues.models import CatalogueVersion, Status
from bidkit.portal.catalogues.rows import RowKey, row_of, row_values
from bidkit.portal.catalogues.stored import store, with_file

UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def label_for(file_name: str) -> str:
    """The uploaded file's name as problems show it: its last part, in plain characters."""
    base = UNSAFE.sub("_", file_name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")[:100]
    return base or "catalogue.xlsx"


Checked = tuple[CheckReport, list[Problem], dict[RowKey, list[list[str]]]]


def check_upload(firm: Firm, data: bytes, label: str, today: date) -> Checked:
    """The library's check of the file, plus the portal's own rule: the member id is the firm's.

    Returns the library's report, every problem, and the values of the rows they point at.
    """

    def check(path: Path) -> Checked:
        report = check_workbook(path, label, today)
        problems = list(report.problems)
        if report.catalogue is not None and report.catalogue.member.id != firm.id:
            problems.insert(0, Problem(
                f"this catalogue is for member '{report.catalogue.member.id}', but it was uploaded for "
                f"'{firm.id}'; write '{firm.id}' as the member id", Location(label, sheet="Member")))
        return report, problems, row_values(path, label, problems)

    return with_file(data, label, check)


def as_plain(problem: Problem, rows: dict[RowKey, list[list[str]]]) -> dict[str, Any]:
    where = problem.location
    place = ""
    if where is not None and where.sheet is not None:
        place = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
    key = row_of(problem)
    return {"severity": problem.severity.value, "message": problem.message, "where": place,
            "row": rows.get(key, []) if key else []}  # fmt: skip


def add_version(firm: Firm, user: User, file_name: str, data: bytes, today: date) -> CatalogueVersion:
    """Store, check and record one upload; returns the new version."""
    label = label_for(file_name)
    report, problems, rows = check_upload(firm, data, label, today)
    digest, name = store(data)
    errors = sum(p.is_error for p in problems)
    with transaction.atomic():
        Firm.objects.select_for_update().filter(pk=firm.pk).first()  # one number at a time per firm
        last = CatalogueVersion.objects.filter(firm=firm).aggregate(last=Max("number"))["last"] or 0
        version = CatalogueVersion.objects.create(
            firm=firm, number=last + 1, uploaded_by=user, uploader=user.get_username(), file_name=label,
            stored_as=name, sha256=digest, size=len(data),
            status=Status.REJECTED if errors else Status.ACCEPTED,
            components=report.components, price_breaks=report.price_breaks, errors=errors,
            warnings=len(problems) - errors, problems=[as_plain(p, rows) for p in problems])
        record("upload", user, firm.id, f"version {version.number} ({label}, sha256 {digest}): "
               f"{version.status}, {version.components} components, {errors} errors, "
               f"{version.warnings} warnings")  # fmt: skip
    return version
