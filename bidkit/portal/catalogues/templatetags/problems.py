"""``{{ message|in_language }}``: a catalogue problem in the language the page is shown in."""

from __future__ import annotations

import re

from django import template
from django.utils import translation

from bidkit.portal.catalogues.danish import in_danish

register = template.Library()


@register.filter
def column_of(where: str) -> str:
    """The column letters of ``Components!F4`` (F), so the page can mark that value in the row."""
    match = re.search(r"!([A-Z]+)[0-9]+$", where)
    return match.group(1) if match else ""


@register.filter
def in_language(message: str) -> str:
    language = translation.get_language() or "en"
    return in_danish(message) if language.startswith("da") else message
