"""`python -m checker`: the same as the `figcheck` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
