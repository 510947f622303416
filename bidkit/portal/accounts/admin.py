"""The admin, where the export department manages firms and people."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from bidkit.portal.accounts.models import Firm, Profile


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin[Firm]):
    list_display = ("id", "name", "country", "currency", "language")
    search_fields = ("id", "name")


class ProfileInline(admin.StackedInline[Profile, User]):
    model = Profile
    can_delete = False
    extra = 1
    max_num = 1


class PersonAdmin(UserAdmin[User]):
    inlines = [ProfileInline]
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff")


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)
admin.site.site_header = "bidkit portal"
