"""Build or update the index: python ingest.py [--corpus DIR ...] [--fetch [--mirror URL]] [--index DIR]
[--rebuild] [--prune].

The same as ``juzhuzheng-qa ingest`` (qa.app.cli); ``--help`` lists every option. Without --corpus
the index is updated from the corpus folders it was built from. An update that would remove
documents from the index lists them and stops unless --prune is given.
"""

import sys

from qa.app.cli import main

if __name__ == "__main__":
    sys.exit(main(["ingest", *sys.argv[1:]]))
