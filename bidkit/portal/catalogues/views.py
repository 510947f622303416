"""The catalogue pages.

Every object is looked up through ``visible_firms`` / ``visible_to``
(bidkit/portal/catalogues/models.py): what a person may not see does not exist for them (404).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from bidkit.portal.accounts.access import ExportOnly, RoleRequired
from bidkit.portal.accounts.models import Firm, Role, firm_of, role_of
from bidkit.portal.catalogues.compare import compare
from bidkit.portal.catalogues.forms import CompareForm, UploadForm, comparable
from bidkit.portal.catalogues.impact import impacts
from bidkit.portal.catalogues.models import CatalogueVersion, current_version, may_upload, visible_firms
from bidkit.portal.catalogues.overview import firm_statuses
from bidkit.portal.catalogues.stored import load_stored, read
from bidkit.portal.catalogues.upload import add_version

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def firm_for(request: HttpRequest, firm_id: str) -> Firm:
    return get_object_or_404(visible_firms(request.user), pk=firm_id)


def version_for(request: HttpRequest, firm_id: str, number: int) -> CatalogueVersion:
    versions = CatalogueVersion.objects.visible_to(request.user)
    return get_object_or_404(versions, firm_id=firm_id, number=number)


def versions_of(firm: Firm) -> list[CatalogueVersion]:
    """The firm's versions, newest first."""
    return list(CatalogueVersion.objects.filter(firm=firm).order_by("-number"))


def firm_page_context(request: HttpRequest, firm: Firm, form: UploadForm | None = None) -> dict[str, Any]:
    """What catalogues/firm.html shows: the versions, the current one, the upload and compare forms."""
    versions = versions_of(firm)
    current = next((v for v in versions if v.accepted), None)  # current_version, from the list in hand
    return {"firm": firm, "versions": versions, "current": current, "form": form or UploadForm(),
            "can_upload": may_upload(request.user, firm),
            "compare_form": CompareForm(versions) if comparable(versions) else None,
            "rejected_left_out": any(not v.accepted for v in versions)}  # fmt: skip


class Catalogues(RoleRequired, TemplateView):
    """``/catalogues/``: a member's or reviewer's own firm (members upload here); export: every firm."""

    def get_template_names(self) -> list[str]:
        if role_of(self.request.user) == Role.EXPORT:
            return ["catalogues/firms.html"]
        return ["catalogues/firm.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if role_of(self.request.user) == Role.EXPORT:
            context["firms"] = visible_firms(self.request.user)
            return context
        firm = firm_of(self.request.user)
        if firm is None:
            raise PermissionDenied
        context.update(firm_page_context(self.request, firm, kwargs.get("form")))
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        firm, user = firm_of(request.user), request.user
        if firm is None or not isinstance(user, User) or not may_upload(user, firm):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        version = add_version(firm, user, upload.name or "", data, date.today())
        return HttpResponseRedirect(reverse("catalogues:version", kwargs=version.url_args()))


class FirmPage(RoleRequired, TemplateView):
    template_name = "catalogues/firm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(firm_page_context(self.request, firm_for(self.request, kwargs["firm"])))
        return context


class VersionPage(RoleRequired, TemplateView):
    """One version: its counts, SHA-256 and every problem with its cell and the row's values."""

    template_name = "catalogues/version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = version_for(self.request, kwargs["firm"], kwargs["number"])
        current = current_version(version.firm)
        context.update(version=version, firm=version.firm, is_current=current == version,
                       errors=[p for p in version.problems if p["severity"] == "error"],
                       warnings=[p for p in version.problems if p["severity"] != "error"])  # fmt: skip
        return context


class Download(RoleRequired, View):
    """The version's file as uploaded, as an attachment."""

    def get(self, request: HttpRequest, firm: str, number: int) -> HttpResponseBase:
        version = version_for(request, firm, number)
        response = HttpResponse(read(version.stored_as), content_type=XLSX)
        name = f"{version.firm_id}-version-{version.number}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class Template(RoleRequired, View):
    """A blank catalogue workbook for the firm (``bidkit catalogue new``), in the firm's language."""

    def get(self, request: HttpRequest, firm: str) -> FileResponse:
        from io import BytesIO

        from bidkit.catalogue.tools.template import new_catalogue

        found = firm_for(request, firm)
        data = new_catalogue(found.id, found.name, found.currency, language=found.language,
                             country=found.country)  # fmt: skip
        return FileResponse(BytesIO(data), as_attachment=True, filename=f"{found.id}-catalogue.xlsx",
                            content_type=XLSX)  # fmt: skip


class Compare(RoleRequired, TemplateView):
    """Two versions of one firm compared as ``bidkit catalogue diff`` compares them."""

    template_name = "catalogues/compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        firm = firm_for(self.request, kwargs["firm"])
        form = CompareForm(versions_of(firm), self.request.GET or None)
        context.update(firm=firm, form=form)
        if form.is_valid():
            old = version_for(self.request, firm.id, form.cleaned_data["old"])
            new = version_for(self.request, firm.id, form.cleaned_data["new"])
            context.update(old=old, new=new, comparison=compare(old, new))
        return context


class Impact(RoleRequired, TemplateView):
    """What this version would change in the open bids that use the firm's components."""

    template_name = "catalogues/impact.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = version_for(self.request, kwargs["firm"], kwargs["number"])
        context.update(version=version, firm=version.firm)
        if version.accepted:
            catalogue, _ = load_stored(version.stored_as, f"version {version.number}")
            if catalogue is not None:
                everything = role_of(self.request.user) == Role.EXPORT
                context["impacts"] = impacts(version.firm_id, catalogue, everything)
        return context


class Overview(ExportOnly, TemplateView):
    """Every firm's current version, its age, and the firms that have not updated in N months."""

    template_name = "catalogues/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            months = max(1, min(120, int(self.request.GET.get("months", ""))))
        except ValueError:
            months = settings.PORTAL_STALE_MONTHS
        statuses = firm_statuses(timezone.now(), months)
        context.update(months=months, statuses=statuses, behind=sum(s.stale for s in statuses))
        return context


def home(request: HttpRequest) -> HttpResponseBase:
    return redirect("catalogues:catalogues")
