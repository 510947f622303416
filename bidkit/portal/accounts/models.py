"""Firms (the member ids used in catalogues and bids) and each person's role, firm and language.

A person is a Django user with a :class:`Profile`.  The role decides what they may see:

* ``member``: one firm; sees and manages only that firm's catalogue;
* ``export``: the cluster's export department; sees everything and works in the admin;
* ``reviewer``: belongs to a lead firm; sees no catalogue but its own firm's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bidkit.catalogue.tools.template import MEMBER_ID
from bidkit.codes import is_country, is_currency


class Role(models.TextChoices):
    MEMBER = "member", _("Member firm")
    EXPORT = "export", _("Export department")
    REVIEWER = "reviewer", _("Reviewer at a lead firm")


class Language(models.TextChoices):
    BROWSER = "", _("As my browser says")
    ENGLISH = "en", "English"
    DANISH = "da", "Dansk"


def check_firm_id(value: str) -> None:
    if not MEMBER_ID.match(value) or len(value) > 40:
        raise ValidationError(_("A firm id may hold only letters, digits, '.', '_' and '-' (at most 40)."))


def check_country(value: str) -> None:
    if not is_country(value):
        raise ValidationError(_("Not an ISO 3166 country code (e.g. DK)."))


def check_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(_("Not an ISO 4217 currency code (e.g. DKK)."))


class Firm(models.Model):
    """A member firm, under the member id its catalogues and the bids use."""

    id = models.CharField(_("member id"), primary_key=True, max_length=40, validators=[check_firm_id])
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, validators=[check_country])
    currency = models.CharField(_("currency"), max_length=3, default="DKK", validators=[check_currency])
    language = models.CharField(_("language of its catalogue template"), max_length=2,
                                choices=[("en", "English"), ("da", "Dansk")], default="en")  # fmt: skip

    class Meta:
        ordering = ["id"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class Profile(models.Model):
    """What the portal knows about a person beyond their login."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, null=True, blank=True, related_name="people",
                             verbose_name=_("firm"))  # fmt: skip
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True, default="")

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role})"

    def clean(self) -> None:
        if self.role == Role.EXPORT and self.firm_id is not None:
            raise ValidationError({"firm": _("The export department belongs to no firm.")})
        if self.role != Role.EXPORT and self.firm_id is None:
            raise ValidationError({"firm": _("Members and reviewers belong to a firm.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Only the export department works in the admin: its people are staff, nobody else is."""
        super().save(*args, **kwargs)
        staff = self.role == Role.EXPORT
        if self.user.is_staff != staff or self.user.is_superuser != staff:
            self.user.is_staff = self.user.is_superuser = staff
            self.user.save(update_fields=["is_staff", "is_superuser"])


def profile_of(user: AbstractBaseUser | AnonymousUser) -> Profile | None:
    """The profile of a signed-in person, or None."""
    if not user.is_authenticated:
        return None
    profile: Profile | None = getattr(user, "profile", None)  # None: no profile row
    return profile


def role_of(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The person's role; a superuser made without a profile counts as the export department."""
    profile = profile_of(user)
    if profile is not None:
        return profile.role
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return Role.EXPORT
    return None


def firm_of(user: AbstractBaseUser | AnonymousUser) -> Firm | None:
    profile = profile_of(user)
    return profile.firm if profile is not None else None
