"""Starting Django for the command line: the data folder first, then the settings and the apps."""

from __future__ import annotations

import os
from pathlib import Path

from bidkit.errors import BidkitError, Location
from bidkit.portal.home import make_home, portal_home

SETTINGS = "bidkit.portal.settings"


def start(create: bool = False) -> Path:
    """Set Django up for the data folder (made first when ``create``); returns the folder."""
    import django

    home = portal_home()
    if create:
        make_home(home)
    elif not home.is_dir():
        raise BidkitError("there is no portal data folder here; run `bidkit portal init` first "
                          "(or set BIDKIT_PORTAL_HOME)", Location(str(home)))  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    django.setup()
    return home


def migrate() -> None:
    """Create or update the database tables."""
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        raise BidkitError(f"cannot set up the database: {exc}".strip(), Location("DATABASE_URL")) from None


def pending_migrations() -> list[str]:
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise BidkitError(f"cannot reach the database: {exc}".strip(), Location("DATABASE_URL")) from None
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
