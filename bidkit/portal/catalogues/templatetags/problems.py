"""``{{ message|in_language }}``: a catalogue problem in the language the page is shown in."""

from __future__ import annotations

from django import template
from django.utils import translation

from bidkit.portal.catalogues.danish import in_danish

register = template.Library()


@register.filter
def in_language(message: str) -> str:
    language = translation.get_language() or "en"
    return in_danish(message) if language.startswith("da") else message
