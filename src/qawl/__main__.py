"""``python -m qawl``: the same command as the ``qawl`` console script."""
import sys

from .cli import main

sys.exit(main())
