"""Who may open a page: the one mixin every portal view uses.

Anonymous people are sent to ``/login/``; a signed-in person whose role may not open the page
gets 403.  Which *objects* a person sees is decided by the querysets in
bidkit/portal/catalogues/models.py (``visible_to``), never by a view.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from bidkit.portal.accounts.models import Role, role_of


class RoleRequired(LoginRequiredMixin):
    """Signed in, with one of ``roles``."""

    roles: ClassVar[tuple[str, ...]] = (Role.MEMBER, Role.EXPORT, Role.REVIEWER)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if role_of(request.user) not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportOnly(RoleRequired):
    roles = (Role.EXPORT,)
