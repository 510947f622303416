"""``python -m bidkit`` runs the command line."""

import sys

from bidkit.cli import main

sys.exit(main())
