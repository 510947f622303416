"""Versions are read-only in the admin (kept unchanged); bids are registered here."""

from __future__ import annotations

from django.contrib import admin

from bidkit.portal.catalogues.models import Bid, CatalogueVersion
from bidkit.portal.kept import KeptAdmin


@admin.register(CatalogueVersion)
class VersionAdmin(KeptAdmin[CatalogueVersion]):
    list_display = ("firm", "number", "status", "uploader", "uploaded_at", "components", "errors", "warnings")
    list_filter = ("status", "firm")
    exclude = ("problems",)


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin[Bid]):
    list_display = ("id", "title", "lead", "is_open")
    list_filter = ("is_open",)
