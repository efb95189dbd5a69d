"""``python -m pmf_select``: the command line over the core."""

import sys

from pmf_select.cli import main

sys.exit(main())
