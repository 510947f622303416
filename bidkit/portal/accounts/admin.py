"""The admin, where the export department manages firms and people."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from bidkit.portal.accounts.models import Firm, Profile


class FirmPeople(admin.TabularInline[Profile, Firm]):
    """The firm's people, their roles and languages; a person is added under Users."""

    model = Profile
    fields = ("user", "role", "language")
    readonly_fields = ("user",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Firm | None = None) -> bool:
        return False


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin[Firm]):
    list_display = ("id", "name", "country", "currency", "language")
    search_fields = ("id", "name")
    inlines = [FirmPeople]


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
