from __future__ import annotations

from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "bidkit.portal.catalogues"
    label = "catalogues"
    verbose_name = "Catalogues"
