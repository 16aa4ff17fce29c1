"""Integrity family: is the text itself intact?

Undecodable bytes, binary files, encodings other than UTF-8, empty documents, mojibake,
control and invisible characters, replacement characters left by an earlier lossy decode,
non-LF line endings, and documents cut off mid-sentence. The reader records what it saw
while decoding; these rules report it at the exact place.

Modules: ``base`` (the rule base class), ``bytes`` (I101 undecodable bytes, I102 byte-order
mark, I103 binary file, I109 line endings), ``characters`` (I105 mojibake, I106 control,
I107 invisible, I108 U+FFFD, I111 HTML entities), ``size`` (I104 empty, I112 oversized),
``truncation`` (I110 cut off mid-sentence). I900 (unused suppressions) is evaluated by the
engine.
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .bytes import BinaryFile, LineEndings, NotUtf8, UndecodableBytes
from .characters import (ControlCharacters, HtmlEntities, InvisibleCharacters, Mojibake,
                         ReplacementCharacter)
from .size import EmptyDocument, OversizedDocument
from .truncation import Truncated


@hookimpl
def corpus_lint_rules():
    return [UndecodableBytes, NotUtf8, BinaryFile, EmptyDocument, Mojibake, ControlCharacters,
            InvisibleCharacters, ReplacementCharacter, LineEndings, Truncated, HtmlEntities,
            OversizedDocument]
