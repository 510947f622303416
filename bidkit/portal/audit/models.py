from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One thing that happened: who (their login, kept as text), what kind, which firm, the details."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    who = models.CharField(_("who"), max_length=150, blank=True)
    kind = models.CharField(_("what"), max_length=40)
    firm = models.CharField(_("firm"), max_length=40, blank=True)
    text = models.TextField(_("details"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who} {self.kind}"
