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
    """Two versions to compare: only versions without errors are offered (one with errors cannot be read).

    It starts at the newest two of them, so pressing Compare at once compares the last change in use.
    """

    old = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, versions: list[CatalogueVersion], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        usable = [v for v in versions if v.accepted]  # newest first
        choices = [(v.number, f"{v.number} ({v.uploaded_at:%Y-%m-%d})") for v in usable]
        for name in ("old", "new"):
            field = self.fields[name]
            field.choices = choices  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = _(
                "Version %(value)s has errors (or does not exist), so it cannot be compared.")
        if len(usable) > 1:
            self.initial = {"old": usable[1].number, "new": usable[0].number, **self.initial}


def comparable(versions: list[CatalogueVersion]) -> bool:
    """Whether two versions can be compared: two without errors."""
    return sum(v.accepted for v in versions) > 1
