"""Every URL of the portal.  ``/login/`` and ``/catalogues/`` are fixed: other tools rely on them."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from bidkit.portal.audit.views import AuditLog
from bidkit.portal.catalogues.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("bidkit.portal.accounts.urls")),
    path("", include("bidkit.portal.catalogues.urls")),
    path("audit/", AuditLog.as_view(), name="audit"),
    path("admin/", admin.site.urls),
]
