"""Every uploaded version of a firm's catalogue, and the open bids registered in the portal.

Authorization lives here, in one place: :meth:`VersionQuerySet.visible_to` and
:func:`visible_firms` say what a person may see, and every view starts from them, so no view
can forget to.  A version's file is kept in the storage under its SHA-256
(``catalogues/ab/abcdef….xlsx``), never under a name a person chose.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from bidkit.portal.accounts.models import Firm, Role, firm_of, role_of

CELL = re.compile(r"^(?P<sheet>.+)![A-Z]{1,3}(?P<row>[0-9]+)$")  # a problem's place: Components!E5


def visible_firms(user: AbstractBaseUser | AnonymousUser) -> models.QuerySet[Firm]:
    """The firms whose catalogues ``user`` may see: all for export, their own for anyone else."""
    role = role_of(user)
    if role == Role.EXPORT:
        return Firm.objects.all()
    firm = firm_of(user)
    if role in (Role.MEMBER, Role.REVIEWER) and firm is not None:
        return Firm.objects.filter(pk=firm.pk)
    return Firm.objects.none()


def may_upload(user: AbstractBaseUser | AnonymousUser, firm: Firm) -> bool:
    """Only a member of the firm uploads its catalogue."""
    return role_of(user) == Role.MEMBER and firm_of(user) == firm


class Status(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected: has errors")


class VersionQuerySet(models.QuerySet["CatalogueVersion"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> VersionQuerySet:
        return self.filter(firm__in=visible_firms(user))

    def accepted(self) -> VersionQuerySet:
        return self.filter(status=Status.ACCEPTED)


class CatalogueVersion(models.Model):
    """One upload, kept unchanged: who, when, the file's SHA-256, the counts and every problem.

    ``problems`` holds each problem as ``{"severity", "message", "where", "row"}``: ``where`` is
    the sheet and cell (``Components!D7``), ``row`` the row's cells as ``[column, value]`` pairs.
    """

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")  # fmt: skip
    uploader = models.CharField(_("uploaded by"), max_length=150)  # kept when the login is deleted
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=120)  # as the firm named it, shown only
    stored_as = models.CharField(max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("bytes"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    components = models.PositiveIntegerField(_("components"), default=0)
    price_breaks = models.PositiveIntegerField(_("price breaks"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    problems = models.JSONField(default=list)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["firm", "-number"]
        constraints = [models.UniqueConstraint(fields=["firm", "number"], name="one_number_per_firm")]
        verbose_name = _("catalogue version")

    def __str__(self) -> str:
        return f"{self.firm_id} v{self.number}"

    @property
    def accepted(self) -> bool:
        return self.status == Status.ACCEPTED

    @property
    def rows_with_errors(self) -> int:
        """How many rows of the workbook have an error (a row with two bad cells counts once)."""
        rows = set()
        for problem in self.problems:
            match = CELL.match(problem["where"])
            if problem["severity"] == "error" and match:
                rows.add((match["sheet"], match["row"]))
        return len(rows)

    def url_args(self) -> dict[str, Any]:
        return {"firm": self.firm_id, "number": self.number}


def current_version(firm: Firm) -> CatalogueVersion | None:
    """The firm's catalogue in use: its newest version without errors."""
    return CatalogueVersion.objects.filter(firm=firm).accepted().order_by("-number").first()


class Bid(models.Model):
    """An open bid the export department registered: a bid folder on disk (its ``bid.yaml``).

    Part 1 of the portal keeps bids where the command line has them; the portal only prices
    them to show what a new catalogue version would change.
    """

    id = models.CharField(_("bid id"), primary_key=True, max_length=64)
    title = models.CharField(_("title"), max_length=200)
    path = models.CharField(_("bid file"), max_length=500, help_text=_("The bid.yaml on the portal's disk."))
    lead = models.ForeignKey(Firm, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("bid")

    def __str__(self) -> str:
        return f"{self.id}: {self.title}"
