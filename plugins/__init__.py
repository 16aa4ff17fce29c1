"""Built-in checkers, installed as ``corpus_lint.plugins``: one plugin module per family.

Each module is registered through the ``corpus_lint`` entry-point group in pyproject.toml,
exactly as a third-party plugin is (see ``plugins/corpus-lint-example/``).
"""
