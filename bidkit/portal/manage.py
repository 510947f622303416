"""Django's ``manage.py`` for the portal: ``python -m bidkit.portal.manage check --deploy``."""

from __future__ import annotations

import os
import sys


def main() -> None:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bidkit.portal.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
