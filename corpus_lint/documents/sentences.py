"""Where a sentence may end, for every family that asks: one list of abbreviations (garbling's
construction search, duplicate's repeated sentences), one set of closing marks and one test
of a sentence's end (garbling's sentences, duplicate's prose tails, comment-spam's short
comments, quality's FineWeb line punctuation), one set of line ends that wrapping does not
make (layout's paragraphs, comment-spam's wrapped lines)."""
from __future__ import annotations

# What may close a sentence after its last mark ('so?"', "(see above).", "said.»").
CLOSERS = "\"'”’»)]"
# A sentence's last mark, in the English text most rules judge.
SENTENCE_STOPS = frozenset(".!?…")
# A sentence's or a clause's last mark: what a line may end with before a list or a quotation
# it introduces ("she must:").
CLAUSE_STOPS = SENTENCE_STOPS | frozenset(":;")
# What ends a line that was not cut by hard wrapping: a sentence's or a clause's mark, or a
# quotation's or a bracket's close (wrapped prose mostly ends mid-sentence).
UNWRAPPED_LINE_ENDS = CLAUSE_STOPS | frozenset(CLOSERS)


def ends_sentence(text: str, stops: frozenset = SENTENCE_STOPS) -> bool:
    """Whether ``text`` ends a sentence: its last character, trailing blanks and closing
    quotes and brackets aside, is one of ``stops`` (an abbreviation's stop too: callers
    that must tell "U.S." or "Sandra K." from a sentence's end test that themselves)."""
    return text.rstrip().rstrip(CLOSERS)[-1:] in stops


# Look-behinds to put right after a full stop: it ends no sentence after an initial or an
# initialism ("J. Smith", "U.S.", "e.g.") or a title or company abbreviation ("Mr.",
# "Corp."): "more cases in the U.S. than", "The Federal Deposit Insurance Corp. (FDIC)
# said". (After the stop, so that they are tried only where one stands.)
NOT_AN_ABBREVIATION = (
    r"(?<!\b\w\.)(?<!\b(?:vs|Mr|Ms|Dr|St|Jr|Sr|No|Co|Mt|Ft)\.)"
    r"(?<!\b(?:Mrs|Inc|Ltd|Gov|Sen|Rep|Gen|Col|Sgt|Rev)\.)(?<!\b(?:Corp|Prof|Dept)\.)")
