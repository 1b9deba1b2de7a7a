"""`python -m widgets ...`: see widgets/cli.py."""

from widgets.cli import main

raise SystemExit(main())
