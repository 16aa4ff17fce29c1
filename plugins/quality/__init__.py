"""Quality family: the document-level heuristics web-corpus pipelines (datatrove, dolma,
NeMo Curator) filter on, and the language of the text; each finding names the measured
value and the limit and sits on the lines that weigh most.

- ``measures``: lines with offsets and word tokens, memoised on the document
- ``base``: the rule base class and findings over a run of lines
- ``gopher``: Q101-Q107, Gopher's quality heuristics
- ``c4``: Q201-Q204, C4's line and page heuristics
- ``fineweb``: Q301-Q304, FineWeb's heuristics
- ``language``: Q501 declared vs detected language, Q502 languages the corpus does not expect
- ``metrics``: Q601, users' metric checks over textstat's and our own measures
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .c4 import BoilerplateLine, CurlyBracket, FewSentences, LoremIpsum
from .fineweb import DuplicatedLines, LinePunctuation, ListLike, ShortLines
from .gopher import (AlphabeticWords, BulletLines, EllipsisLines, MeanWordLength, StopWords,
                     SymbolRatio, WordCount)
from .language import LanguageMismatch, UnexpectedLanguage
from .metrics import MetricRule


@hookimpl
def corpus_lint_rules():
    return [WordCount, MeanWordLength, SymbolRatio, BulletLines, EllipsisLines,
            AlphabeticWords, StopWords, LoremIpsum, CurlyBracket, FewSentences,
            BoilerplateLine, LinePunctuation, ShortLines, DuplicatedLines, ListLike,
            LanguageMismatch, UnexpectedLanguage, MetricRule]


@hookimpl
def corpus_lint_default_config():
    # languages: the corpus's expected languages for Q502 (off when empty);
    # metrics: users' metric checks for Q601, one table each
    return {"quality": {"languages": [], "metrics": {}}}
