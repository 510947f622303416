from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bidkit.portal.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from bidkit.portal.audit import signals

        signals.connect()
