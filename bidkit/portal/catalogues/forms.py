"""The upload form (one file) and the form that picks two versions to compare."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bidkit.portal.catalogues.models import CatalogueVersion


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Your catalogue (.xlsx)"), allow_empty_file=True,  # the check says why
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))  # fmt: skip

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit: int = settings.PORTAL_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; a catalogue is far smaller. Is it the right file?"),
                params={"mb": limit // (1024 * 1024)})  # fmt: skip
        return upload


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, versions: list[CatalogueVersion], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number} ({v.uploaded_at:%Y-%m-%d}, {v.get_status_display()})")
                   for v in versions]  # fmt: skip
        for name in ("old", "new"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        if len(versions) > 1:  # newest first: the one before the newest, and the newest
            self.initial = {"old": versions[1].number, "new": versions[0].number, **self.initial}
