from __future__ import annotations

from django.views.generic import ListView

from bidkit.portal.accounts.access import ExportOnly
from bidkit.portal.audit.models import Event


class AuditLog(ExportOnly, ListView[Event]):
    """The newest events first, a hundred to a page."""

    model = Event
    paginate_by = 100
    template_name = "audit/log.html"
