"""The profile form: the one thing people change about themselves here (their language)."""

from __future__ import annotations

from django import forms

from bidkit.portal.accounts.models import Profile


class LanguageForm(forms.ModelForm[Profile]):
    class Meta:
        model = Profile
        fields = ["language"]
