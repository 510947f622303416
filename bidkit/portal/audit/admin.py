from __future__ import annotations

from django.contrib import admin

from bidkit.portal.audit.models import Event
from bidkit.portal.kept import KeptAdmin


@admin.register(Event)
class EventAdmin(KeptAdmin[Event]):
    """Read only: the log is never edited."""

    list_display = ("at", "who", "kind", "firm", "text")
    list_filter = ("kind",)
    search_fields = ("who", "firm", "text")
