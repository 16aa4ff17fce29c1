"""Rules and families: what a plugin author builds on.

- ``RuleSpec`` (``spec.py``): a rule's catalogue entry, read from its TOML file;
- ``Rule`` and ``CorpusRule`` (``rule.py``): the code that checks, one document or a run;
- ``RuleParams`` (``params.py``): parameters, whose defaults live only in the TOML;
- ``Family`` (``families.py``): a family declared as data and registered by a hook.
"""
from .families import Family
from .params import RuleParams, UndeclaredParameter
from .rule import CorpusRule, Rule
from .spec import RuleSpec, SpecError, catalogue_dir, catalogue_files, family_data

__all__ = ["CorpusRule", "Family", "Rule", "RuleParams", "RuleSpec", "SpecError",
           "UndeclaredParameter", "catalogue_dir", "catalogue_files", "family_data"]
