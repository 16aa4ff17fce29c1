"""Comment dumps without any interface marker (C101), found by a change point in the
register of the paragraphs: each line gets a reader's-voice score (first/second person,
emoticons, shouting, profanity, links, spam, direct address to another reader, a stance in
the first person, casual words and chat abbreviations, opinion words, praise of the post,
a missing full stop; the word lists are in rules/comment-spam/markers.toml), and the
trailing run is cut where the mean score shifts most (a mean-shift change point; most of
the run must be voiced). The run must hold
several rare signals, be clearly more personal than the article before it and shorter
than it, and use a vocabulary that drifts away from the article's. Mail and news messages
(quoted lines, a "-- " signature) are replies by nature and are left alone."""
from __future__ import annotations

import math
import re
from typing import Any

from .lines import (FUNCTION_WORDS, QUOTED, Line, in_quotation_marks, is_prose, opens_lower,
                    tally)

_RARE = frozenset({"informal", "shouting", "profanity", "link"})
# "@sue ...", "Mark, you ...", "Tom - they ...": a reply to another reader (not "Sir, ...")
_ADDRESS = re.compile(r"^(?:@\w+|(?!(?:Sir|Madam|Dear|Yes|No|Well|So|Now|But|And|Today|Here)\b)"
                      r"[A-Z][a-z]{1,15}\s?(?:,|\s[-–]|:)\s+(?:you|u|ur|your|i|they|that|this|"
                      r"totally|agree|thanks|lol|well|sorry|yes|no|not|exactly|[a-z]+\b))")
# The change point's thresholds (register scores; see ``register``). Lower ones were tried on
# a proxy set built from training data only (mlqe-pe articles with SpamAssassin ham
# paragraphs appended): the recall they add there costs false alarms on clean BBC news.
VOICED = 0.6  # a line in a reader's voice
RUN_VOICED = 2 / 3  # share of the run's lines that must be voiced
MEAN_RUN = 1.0  # the run's mean register at least
MEAN_ARTICLE = 0.5  # the article's mean register at most
GAP = 0.8  # the run's mean above the article's by at least
_LONG = 80  # words: longer paragraphs get no register bonus (comments are mostly shorter)
_WE = frozenset({"we", "us", "our", "ours"})
_ASK = ("anyone ", "does anyone", "has anyone", "is anyone", "can anyone", "did anyone")


def bare_comments(lines: list[Line], params: dict[str, Any]):
    """(first line, last line, evidence) of a trailing comment dump, or None."""
    if sum(line.text.startswith(QUOTED) for line in lines) >= 2 \
            or any(line.text == "--" for line in lines):
        return None
    if not _voiced(lines[-1], register(lines[-1])):  # a dump ends with a comment (and
        return None  # most articles do not): the other lines are not scored
    registers = [register(line) for line in lines]  # (each once: hits are looked up anew)
    k = _voiced_run(lines, registers)
    article, run = lines[:k], lines[k:]
    if len(run) < int(params["bare-min-paragraphs"]) or k < 3 or not _rare_enough(run, article) \
            or sum(map(is_prose, run)) < 0.6 * len(run):  # readers write sentences, not tables
        return None
    mean_run = sum(registers[k:]) / len(run)
    mean_article = sum(registers[:k]) / len(article)
    if mean_run < MEAN_RUN or mean_article > MEAN_ARTICLE or mean_run < mean_article + GAP:
        return None
    if sum(line.nw for line in run) > sum(line.nw for line in article):
        return None  # most of the text in one voice is the document's voice (a personal post)
    shared = _shared_vocabulary(article, run)
    if shared > float(params["bare-max-shared-vocabulary"]):
        return None
    return k, len(lines) - 1, {"heads": 0, "kinds": {"comment-styled paragraph": len(run)},
                               "content": tally(r for line in run for r in line.reasons),
                               "score": round(mean_run, 2), "shared": round(shared, 2)}


def register(line: Line) -> float:
    """A line's reader's-voice score: ``content`` plus the register of a reply."""
    score = line.content
    if "reported speech" in line.reasons or line.nw > _LONG:
        return score  # the article's voice, or a paragraph longer than most comments
    text, words, markers = line.text, line.wordset, line.lex.markers
    if _ADDRESS.match(text):
        score += 0.6
    if markers.stance and line.hits(markers.stance):
        score += 0.5
    if markers.casual:
        score += 0.3 * min(len(line.hits(markers.casual)), 2)
    if markers.opinion and line.hits(markers.opinion):
        score += 0.3
    if _praises(line):
        score += VOICED  # praise of the post itself is a reader's line on its own
    if not _WE.isdisjoint(words):
        score += 0.2
    if text.lower().startswith(_ASK):
        score += 0.5
    if line.nw >= 5 and text[-1].isalpha() and not line.blank_after and not text.istitle():
        score += 0.3  # one comment a line, without a full stop
    return score


def _voiced(line: Line, score: float) -> bool:
    """A line in a reader's voice, given its ``register``; not words in quotation marks
    (``in_quotation_marks``): with no heads to say who wrote what, a quotation is the
    text's (a character's, a letter's), whatever its voice. (Quotations in the article
    still count in its register: a text that speaks in voices throughout is not set
    apart by a voiced end.)"""
    return (score >= VOICED or line.spam_score >= 2.5) and not in_quotation_marks(line.text)


def _voiced_run(lines: list[Line], registers: list[float]) -> int:
    """Where the trailing run of lines in a reader's voice starts (``registers``: each
    line's ``register``): the split with the largest mean shift of the register (weighted
    by the square root of the run's length), among runs that start with a voiced line and
    are at least two-thirds voiced."""
    n = len(lines)
    values = [min(score, 3.0) for score in registers]
    voiced = [_voiced(line, score) for line, score in zip(lines, registers)]
    best, k = 0.0, n
    tail_sum, tail_voiced = 0.0, 0
    total = sum(values)
    for j in range(n - 1, 2, -1):
        tail_sum += values[j]
        tail_voiced += voiced[j]
        size = n - j
        if not voiced[j] or tail_voiced < RUN_VOICED * size:
            continue
        gain = (tail_sum / size - (total - tail_sum) / j) * math.sqrt(size)
        if gain > best:
            best, k = gain, j
    return k


def _rare_enough(run: list[Line], article: list[Line]) -> bool:
    """Half the run carries a signal clean news rarely has. A line opening in lower case
    is one only where the article's lines open in capitals: a text typed all in lower case
    (a forum's, a corpus lower-cased for training) is lower case from its first line."""
    lower = sum(opens_lower(line.text) for line in article) * 2 < len(article)
    rare = [line for line in run if _RARE.intersection(line.reasons) or line.spam_score >= 2.5
            or lower and opens_lower(line.text)
            or _ADDRESS.match(line.text) or _praises(line)
            or line.nw <= _LONG and line.lex.markers.casual
            and line.hits(line.lex.markers.casual)]
    return len(rare) >= max(2, (len(run) + 1) // 2)


def _praises(line: Line) -> bool:
    """A short line praising the post itself ("Great article, thanks for sharing."): a
    reader's, never a reporter's."""
    praise = line.lex.markers.praise
    return line.nw <= 25 and bool(praise) and bool(line.hits(praise))


def _shared_vocabulary(article: list[Line], run: list[Line]) -> float:
    """The share of the run's content words that the article uses too."""
    vocab = {w for line in article for w in line.lower if len(w) > 3}
    words = [w for line in run for w in line.lower if len(w) > 3 and w not in FUNCTION_WORDS]
    return sum(w in vocab for w in words) / len(words) if words else 1.0
