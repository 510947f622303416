"""``{{ value|nowrap }}``: a short text kept on one line, so a phone does not break a date at its hyphens."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def nowrap(value: object) -> SafeString:
    return format_html('<span class="nowrap">{}</span>', value)
