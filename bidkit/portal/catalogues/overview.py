"""Every firm's catalogue status at a glance, for the export department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bidkit.portal.accounts.models import Firm
from bidkit.portal.catalogues.models import CatalogueVersion, current_version


@dataclass(frozen=True)
class FirmStatus:
    firm: Firm
    current: CatalogueVersion | None
    latest: CatalogueVersion | None  # the newest upload, accepted or not
    age_days: int | None
    stale: bool


def months_between(earlier: datetime, later: datetime) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def firm_statuses(now: datetime, stale_months: int) -> list[FirmStatus]:
    statuses = []
    for firm in Firm.objects.all():
        current = current_version(firm)
        latest = CatalogueVersion.objects.filter(firm=firm).order_by("-number").first()
        age = (now - current.uploaded_at).days if current else None
        stale = current is None or months_between(current.uploaded_at, now) >= stale_months
        statuses.append(FirmStatus(firm, current, latest, age, stale))
    return statuses
