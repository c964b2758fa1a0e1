"""``python -m qa ask|ingest|ui|eval|bench …``: the same command as ``juzhuzheng-qa`` (qa.app.cli)."""

import sys

from qa.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
