"""Logins, failed logins, lockouts and every change to who may do what, written to the audit log.

Permission changes are caught where they are saved (a profile's role or firm; a login's staff,
superuser or active flag; its groups and permissions), so the admin, the command line and the
shell are all logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest

from bidkit.portal.accounts.models import Profile
from bidkit.portal.audit.log import record

USER_FLAGS = ("is_active", "is_staff", "is_superuser")


def _logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record("login", user)


def _logged_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record("logout", user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:  # fmt: skip
    record("login failed", str(credentials.get("username", "")))


def _locked_out(sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    record("login locked", username or "", text="too many failed logins; locked for a while")


def _remember(sender: Any, instance: Profile | User, **kwargs: Any) -> None:
    """Keep the values before the save, to log what changed."""
    model = type(instance)
    old = model.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._before = old  # type: ignore[union-attr]


def _profile_saved(sender: Any, instance: Profile, created: bool, **kwargs: Any) -> None:
    old: Profile | None = getattr(instance, "_before", None)
    who = instance.user.get_username()
    if created or old is None:
        record("role set", who, instance.firm_id or "", f"role {instance.role}")
    elif (old.role, old.firm_id) != (instance.role, instance.firm_id):
        record("role changed", who, instance.firm_id or "",
               f"role {old.role} -> {instance.role}, firm {old.firm_id or '-'} -> {instance.firm_id or '-'}")


def _user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    old: User | None = getattr(instance, "_before", None)
    if created or old is None:
        record("login created", instance.get_username())
        return
    changes = [f"{flag} {getattr(old, flag)} -> {getattr(instance, flag)}" for flag in USER_FLAGS
               if getattr(old, flag) != getattr(instance, flag)]  # fmt: skip
    if changes:
        record("permissions changed", instance.get_username(), text=", ".join(changes))


def _user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    record("login deleted", instance.get_username())


def _m2m(sender: Any, instance: Any, action: str, model: Any, pk_set: set[Any] | None, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    what = "groups" if sender is User.groups.through else "permissions"
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    record("permissions changed", instance.get_username(),
           text=f"{what} {action.removeprefix('post_')}: {', '.join(names) or 'all'}")


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked")
    for model in (Profile, User):
        pre_save.connect(_remember, sender=model, dispatch_uid=f"audit-before-{model.__name__}")
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="audit-profile")
    post_save.connect(_user_saved, sender=User, dispatch_uid="audit-user")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="audit-user-deleted")
    m2m_changed.connect(_m2m, sender=User.groups.through, dispatch_uid="audit-groups")
    m2m_changed.connect(_m2m, sender=User.user_permissions.through, dispatch_uid="audit-permissions")
