"""``python -m corpus_lint``: the same as the ``corpus-lint`` command."""
import sys

from .cli import main

sys.exit(main())
