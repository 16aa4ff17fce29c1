"""Built-in checkers, installed as ``corpus_lint.plugins``: one plugin package per family.

Each package is registered through the ``corpus_lint`` entry-point group in pyproject.toml,
exactly as a third-party plugin is (see ``plugins/corpus-lint-example/``).
"""
