"""Two small middlewares: the Content-Security-Policy header, and the person's chosen language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicy:
    """Sends ``settings.PORTAL_CSP`` on every response: no inline script or style can run."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response
        self.policy: str = settings.PORTAL_CSP

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class ProfileLanguage:
    """The language in the person's profile wins over the browser's (LocaleMiddleware's choice)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from bidkit.portal.accounts.models import profile_of

        profile = profile_of(request.user)
        if profile is not None and profile.language:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = profile.language
        return self.get_response(request)
