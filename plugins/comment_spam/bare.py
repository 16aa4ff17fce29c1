"""Comment dumps without any interface marker (C101), found by a change point: walking back
from the end, the run grows while paragraphs are written in a reader's voice (first/second
person, emoticons, shouting, profanity, links, spam...); it must hold several rare signals,
be clearly more personal than the article before it, and use a vocabulary that drifts away
from the article's. Mail and news messages (quoted lines, a "-- " signature) are replies by
nature and are left alone."""
from __future__ import annotations

from typing import Any

from .lines import FUNCTION_WORDS, QUOTED, Line, tally

_RARE = frozenset({"informal", "shouting", "profanity", "link"})


def bare_comments(lines: list[Line], params: dict[str, Any]):
    """(first line, last line, evidence) of a trailing comment dump, or None."""
    if sum(line.text.startswith(QUOTED) for line in lines) >= 2 \
            or any(line.text == "--" for line in lines):
        return None
    k = _voiced_run(lines)
    article, run = lines[:k], lines[k:]
    if len(run) < int(params["bare-min-paragraphs"]) or k < 3 or not _rare_enough(run):
        return None
    mean_run = sum(line.content for line in run) / len(run)
    mean_article = sum(line.content for line in article) / len(article)
    if mean_run < 1.0 or mean_article > 0.5 or mean_run < mean_article + 0.8:
        return None
    shared = _shared_vocabulary(article, run)
    if shared > float(params["bare-max-shared-vocabulary"]):
        return None
    return k, len(lines) - 1, {"heads": 0, "kinds": {"comment-styled paragraph": len(run)},
                               "content": tally(r for line in run for r in line.reasons),
                               "score": round(mean_run, 2), "shared": round(shared, 2)}


def _voiced(line: Line) -> bool:
    return line.content >= 0.6 or line.spam_score >= 2.5


def _voiced_run(lines: list[Line]) -> int:
    """Where the trailing run of lines in a reader's voice starts (a short line with some
    voice joins it when a voiced line follows)."""
    n = len(lines)
    k = n
    while k > 0 and (_voiced(lines[k - 1])
                     or k < n and lines[k - 1].nw <= 12 and lines[k - 1].content > 0
                     and _voiced(lines[k])):
        k -= 1
    return k


def _rare_enough(run: list[Line]) -> bool:
    """Half the run carries a signal clean news rarely has."""
    rare = [line for line in run if _RARE.intersection(line.reasons) or line.spam_score >= 2.5
            or (line.text[0].isalpha() and line.text[0].islower())]
    return len(rare) >= max(2, (len(run) + 1) // 2)


def _shared_vocabulary(article: list[Line], run: list[Line]) -> float:
    """The share of the run's content words that the article uses too."""
    vocab = {w for line in article for w in line.lower if len(w) > 3}
    words = [w for line in run for w in line.lower if len(w) > 3 and w not in FUNCTION_WORDS]
    return sum(w in vocab for w in words) / len(words) if words else 1.0
