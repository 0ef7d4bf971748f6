"""`python -m zwgk …` is the `zwgk` command (for environments where the script is not on PATH)."""
import sys

from .cli import main

sys.exit(main())
