"""Writing one audit event."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from bidkit.portal.audit.models import Event

Who = AbstractBaseUser | AnonymousUser | str | None


def record(kind: str, user: Who, firm: str = "", text: str = "") -> None:
    who = user if isinstance(user, str) else (user.get_username() if user is not None else "")
    Event.objects.create(kind=kind, who=who[:150], firm=firm[:40], text=text)
