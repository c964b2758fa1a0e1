"""Start the web interface: python ui.py [--host 127.0.0.1] [--port 7860] [--concurrency 8].

The same as ``juzhuzheng-qa ui`` (qa.app.cli): uses the index named by QA_INDEX_DIR (or the
default folder) and builds it from the bundled corpus first when none exists. Serves on the local
address only (no public share link).
"""

import sys

from qa.app.cli import main

if __name__ == "__main__":
    sys.exit(main(["ui", *sys.argv[1:]]))
