"""Adding firms and people, for ``bidkit portal firm add`` / ``user add`` and the demo."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from bidkit.errors import BidkitError, Location, Problem
from bidkit.portal.accounts.models import Firm, Profile, Role


def _problems(exc: ValidationError, where: str) -> BidkitError:
    if hasattr(exc, "error_dict"):
        lines = [Problem(f"{field}: {' '.join(str(m) for m in errs)}", Location(where))
                 for field, errs in exc.message_dict.items()]  # fmt: skip
        return BidkitError(lines)
    return BidkitError([Problem(str(m), Location(where)) for m in exc.messages])


def add_firm(firm_id: str, name: str, country: str, currency: str = "", language: str = "en") -> Firm:
    if Firm.objects.filter(pk=firm_id).exists():
        raise BidkitError(f"firm '{firm_id}' exists already", Location(firm_id))
    country = country.upper()
    currency = (currency or ("DKK" if country == "DK" else "EUR")).upper()
    firm = Firm(id=firm_id, name=name.strip(), country=country, currency=currency, language=language)
    try:
        firm.full_clean()
    except ValidationError as exc:
        raise _problems(exc, firm_id) from None
    firm.save()
    return firm


def add_person(username: str, role: str, firm_id: str | None, password: str) -> User:
    """A login with its profile; the password must pass the portal's password rules."""
    if role not in Role.values:
        raise BidkitError(f"role '{role}' is not one of: {', '.join(Role.values)}", Location(username))
    firm = None
    if firm_id is not None:
        firm = Firm.objects.filter(pk=firm_id).first()
        if firm is None:
            raise BidkitError(f"there is no firm '{firm_id}'; add it with `bidkit portal firm add`",
                              Location(username))  # fmt: skip
    if User.objects.filter(username=username).exists():
        raise BidkitError(f"user '{username}' exists already", Location(username))
    user = User(username=username)
    profile = Profile(user=user, role=role, firm=firm)
    try:
        User.username_validator(username)
        validate_password(password, user)
        profile.clean()
    except ValidationError as exc:
        raise _problems(exc, username) from None
    with transaction.atomic():
        user.set_password(password)
        user.save()
        profile.user = user
        profile.save()
    return user
