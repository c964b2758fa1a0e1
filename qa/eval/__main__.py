"""``python -m qa.eval``: run the gold-set harness."""

import sys

from qa.eval.harness import main

sys.exit(main())
