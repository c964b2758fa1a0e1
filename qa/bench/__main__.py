"""``python -m qa.bench``: run a benchmark."""

import sys

from qa.bench.runner import main

sys.exit(main())
