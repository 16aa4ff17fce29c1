"""``python -m corpus_lint``: the same as the ``corpus-lint`` command."""
from .cli import entry

entry()
