"""Garbling family: English that reads like bad machine translation or article spinning,
judged paragraph by paragraph without any source text.

- ``tokens``: normalisation, tokens, skeleton word classes, repeated 4-grams (shared with
  scripts/build_garbling_model.py)
- ``model``: the shipped model, n-gram table, English words and foreign function words
  (rules/garbling/), loaded lazily; class ids and n-gram codes
- ``constructions``: non-native construction patterns (rules/garbling/constructions.toml)
- ``leftovers``: leftovers of a failed translation (another script, another language's
  function words, transliterated words)
- ``analysis``: the per-paragraph analysis and score the rules share, memoised on the document
- ``language``: G101 ``mt-construction`` and G102 ``foreign-fragment``
- ``statistical``: G104 ``improbable-word-sequence`` and G106 ``garbled-document``
- ``artefacts``: G103 ``spintax``, G105 ``repetition-loop``, G107 ``model-token-leftover``
- ``lm``: the shipped English word bigram model and the paragraph features read from it
- ``spinning``: G108 ``spun-synonym`` (spinner synonyms judged by the bigram model)
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .artefacts import ModelTokenLeftover, RepetitionLoop, Spintax
from .language import ForeignFragment, GarbledConstruction
from .spinning import SpunSynonym
from .statistical import GarbledDocument, ImprobableSequence


@hookimpl
def corpus_lint_rules():
    return [GarbledConstruction, ForeignFragment, Spintax, ImprobableSequence, RepetitionLoop,
            GarbledDocument, ModelTokenLeftover, SpunSynonym]
