from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bidkit.portal.accounts"
    label = "accounts"
    verbose_name = "Firms and people"
