"""Start the web interface: python ui.py [--host 127.0.0.1] [--port 7860] [--concurrency 8] [--build].

The same as ``juzhuzheng-qa ui`` (qa.app.cli): uses the index named by QA_INDEX_DIR (or the
default folder). A fresh install's first run builds the default index from the bundled corpus,
saying so; a missing index anywhere else (a mistyped QA_INDEX_DIR) is an error unless --build is
given. Serves on the local address only (no public share link).
"""

import sys

from qa.app.cli import main

if __name__ == "__main__":
    sys.exit(main(["ui", *sys.argv[1:]]))
