"""The portal's settings for tests: the defaults, a fixed key, a fast password hash.

The database is SQLite in memory unless ``DATABASE_URL`` names another (the same suite runs on
PostgreSQL that way); files go to a folder each test gets (tests/portal/conftest.py).
"""

from __future__ import annotations

import os

from bidkit.portal.settings import *  # noqa: F403
from bidkit.portal.settings import HOME, database

SECRET_KEY = "tests-only-not-secret-" + "x" * 40
DATABASES = {"default": database(os.environ.get("DATABASE_URL"), HOME)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
