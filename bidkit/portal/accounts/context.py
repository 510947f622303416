"""What every page knows about the person viewing it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bidkit.portal.accounts.models import Role, firm_of, role_of


def person(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    return {"role": role, "is_export": role == Role.EXPORT, "my_firm": firm_of(request.user)}
