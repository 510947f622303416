"""Signing in and out (Django's own views) and the profile page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import reverse_lazy
from django.views.generic import UpdateView

from bidkit.portal.accounts.access import RoleRequired
from bidkit.portal.accounts.forms import LanguageForm
from bidkit.portal.accounts.models import Profile, profile_of


class Login(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class Logout(auth_views.LogoutView):
    pass


class ProfilePage(RoleRequired, UpdateView[Profile, LanguageForm]):
    """The person's own profile: who they are, their firm and role, and their language."""

    form_class = LanguageForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset: object = None) -> Profile:
        profile = profile_of(self.request.user)
        if profile is None:  # a superuser made by hand: nothing to set
            raise Http404
        return profile
