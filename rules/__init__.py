"""The rule catalogue: one TOML file per rule (``CODE.toml``), installed as ``corpus_lint.rules``.

Each file holds a rule's code, name, family, default level, parameters with their defaults,
documentation, and pass/fail examples that ``tests/test_rule_examples.py`` runs.
"""
