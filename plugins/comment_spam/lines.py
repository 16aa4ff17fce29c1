"""Lines of a document and their content evidence: how much a line reads in a reader's voice
(first and second person, emoticons, shouting, profanity, links, reader phrases, spam
vocabulary; reported speech counts against). Computed on first use: most lines never need it."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from corpus_lint.documents.letters import case_counts
from corpus_lint.documents.sentences import UNWRAPPED_LINE_ENDS

from .lexicon import Lexicon, PhraseSet, fast_tokens, word_text
from .starts import positions

# The top-level domains of a bare address ("cheap-pills.xyz", no "http" nor "www"): the
# common ones and those spam favours (cheap new and free ones); none that a file name ends
# with ("setup.py", "libfoo.so", "Node.js", "config.site" is the one risk taken).
BARE_DOMAINS = ("com", "net", "org", "info", "biz", "ly", "io", "tv", "ru", "pl", "co.uk", "co",
                "us", "me", "cc", "xyz", "top", "site", "online", "club", "shop", "store", "live",
                "click", "link", "win", "bid", "loan", "pw", "tk", "icu", "buzz", "cyou", "sbs",
                "gq", "cn", "casino", "vip")
# Top-level domains spam favours that are English words too: "post.date", "obj.stream",
# "datetime.today" in a program's documentation are attributes, not sites. A bare address
# under one is a link only when its name holds a hyphen or a digit, as a made-up site's
# does ("mature-matches.date", "livesoccer-free.stream") and a program's names do not.
WORD_DOMAINS = ("date", "stream", "download", "review", "party", "trade", "racing", "men",
                "fun", "space", "work", "help", "health", "app", "best", "today", "life",
                "world", "website", "bet", "monster")
_URL = re.compile(r"https?://|www\.|(?<![@\w.-])(?:[\w-]+\.)*[\w-]{2,}\.(?:"
                  + "|".join(map(re.escape, BARE_DOMAINS))
                  + r")\b(?![@\w])(?:/\S*)?"
                  + r"|(?<![@\w.-])(?:[\w-]+\.)*[\w-]*[-\d][\w-]*\.(?:"
                  + "|".join(WORD_DOMAINS)
                  + r")\b(?![@\w])(?:/\S*)?", re.I)  # (not an e-mail address)
# words a text must hold to contain a link ("www.example.com" splits into www, example, com)
LINK_WORDS = frozenset({"http", "https", "www", *WORD_DOMAINS}
                       | {domain.rpartition(".")[2] for domain in BARE_DOMAINS})
# substrings every link holds (lower-cased): found in C before any regex is tried
LINK_MARKS = ("http", "www") + tuple(dict.fromkeys(
    "." + domain.rpartition(".")[2] for domain in BARE_DOMAINS + WORD_DOMAINS))
_EMOTICON = re.compile(r"(?:^|\s)(?:[:;=8][-']?[)(\]\[dpDPoO3/\\|*]|<3|\^_?\^|x[dD])(?=\s|$|[.,!?])")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# (tokens have no apostrophes: "I'm" is "im")
# The words a line speaks with as its writer or to its reader, chat spellings included (the
# one list of them: comment-spam's lines and pasted messages read these).
FIRST_PERSON = frozenset({"i", "im", "ive", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "youre", "youve", "youll", "yourself", "u",
                           "ur", "ya", "yall"})
# a comment's line speaks to someone: the reader, or thanks and asks in chat spelling
_TO_SOMEONE = SECOND_PERSON | {"ppl", "pls", "plz", "thx", "thanks", "thank"}
FUNCTION_WORDS = frozenset("""a an the is are was were be been our your my his her its their
this that these those not no of and or but to for in on at with from by as how what why when
where who which it we you they he she i all more most new about into over after before
""".split())
QUOTED = (">", "|", ": ")  # quoted mail or news text


class Page:
    """What the lines of one document share: their words together (``split_lines`` sets
    them: those of the lexicon's ``vocabulary`` when it has one, which is all that is
    looked up in them), and for each phrase list the first words of its phrases among
    them, found once.
    A line's first words are then looked up among those few, not among the list's
    hundreds (a paragraph of news is a hundred words, each looked up in each list)."""

    __slots__ = ("words", "_firsts")

    def __init__(self):
        self.words: frozenset[str] = frozenset()
        self._firsts: dict[PhraseSet, frozenset[str]] = {}

    def firsts(self, phrases: PhraseSet) -> frozenset[str]:
        found = self._firsts.get(phrases)
        if found is None:
            found = self._firsts[phrases] = phrases.first_words & self.words
        return found


class Line:
    """One non-blank line. Markers are set by ``markers.classify``, spam by ``spam.scan_spam``;
    content evidence is computed on first use. ``folded`` is the line's text as
    ``lexicon.word_text`` of the whole document gives it: its lower-cased words are split
    from it at once, not tokenised again; those of the lexicon's ``vocabulary`` are kept
    as a set (``vocab``), and the document's words are theirs together (``page``)."""

    __slots__ = ("start", "end", "text", "_nw", "blank_before", "blank_after", "kind", "weight",
                 "bullet", "timed", "dated", "chrome", "cont", "lex", "spam_score", "spam_reasons",
                 "_words", "_fold", "_lower", "_wordset", "_content", "_reasons", "page", "vocab")

    def __init__(self, start: int, end: int, text: str, blank_before: bool, lex: Lexicon,
                 folded: str | None = None, page: Page | None = None,
                 words: frozenset[str] | None = None):
        self.start, self.end, self.text = start, end, text
        self._fold = folded
        self.page = page
        self._lower = None if folded is None else folded.split()
        self._wordset = None
        # the line's words among ``words`` (a lexicon's ``vocabulary``): what the gates of
        # promotions, links and spam words test, for a set of a few words; all its words
        # (``wordset``) are made on first use, for the fewer lines scored
        self.vocab = self.wordset if words is None else words.intersection(self.lower)
        self._nw = -1
        self.blank_before = blank_before
        self.blank_after = False
        self.kind = ""
        self.weight = 0.0
        self.bullet = False
        self.timed = False
        self.dated = False
        self.chrome = False
        self.cont = False
        self.lex = lex
        self.spam_score = 0.0
        self.spam_reasons: Sequence[str] = ()
        self._words = None
        self._content = None
        self._reasons: list[str] | None = None  # (made when needed: most lines have none)

    @property
    def nw(self) -> int:
        """Words as written between spaces (counted on first use: a long paragraph of a
        document without spam vocabulary is seldom asked)."""
        if self._nw < 0:
            self._nw = word_count(self.text)
        return self._nw

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = fast_tokens(self.text)
        return self._words

    @property
    def ntokens(self) -> int:
        """len(words), without the case-preserving split."""
        return len(self.words if self._words is not None else self.lower)

    @property
    def lower(self) -> list[str]:
        if self._lower is None:
            self._lowercase()
        return self._lower

    @property
    def wordset(self) -> frozenset[str]:
        if self._wordset is None:
            self._lowercase()
        return self._wordset

    def _lowercase(self) -> None:
        # (the same words as lower-casing each of ``words``: see ``lexicon.word_text``)
        if self._lower is None:
            self._lower = word_text(self.text).split()
        self._wordset = frozenset(self._lower)

    @property
    def content(self) -> float:
        if self._content is None:
            self._content = content_score(self.lex, self)
        return self._content

    @property
    def reasons(self) -> list[str]:
        """The evidence behind ``content``, after any note from classification."""
        self.content  # noqa: B018 (computed on first use)
        return self._reasons

    def hits(self, phrases: PhraseSet) -> list[str]:
        """``phrases.hits`` of the line's words (see ``Page``)."""
        page = self.page
        return phrases.hits(self.lower, self.wordset, self._fold,
                            None if page is None else page.firsts(phrases))

    def note(self, reason: str) -> None:
        """Record evidence found while classifying (it comes before the content evidence)."""
        if self._reasons is None:
            self._reasons = []
        self._reasons.append(reason)


_SPACES = bytes(32 if chr(b).isspace() else 120 for b in range(256))  # ASCII: " " or "x"


def word_count(text: str) -> int:
    """``len(text.split())``, in C without making the words for an ASCII text: a word
    starts at each "x" after a " " of its classes (``_SPACES``), or at its start."""
    if not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_SPACES)
    return marks.count(b" x") + (marks[:1] == b"x")


def split_lines(text: str, lex: Lexicon, folded: str | None = None) -> list[Line]:
    """The non-blank lines; ``folded``: ``word_text(text)``, whose lines give their words."""
    lines: list[Line] = []
    page = Page()
    words = vocabulary(lex)
    offset = 0
    blank = True
    raws = text.split("\n")
    folds = folded.split("\n") if folded is not None else [None] * len(raws)
    for raw, fold in zip(raws, folds):
        stripped = raw.strip()
        if stripped:
            left = len(raw) - len(raw.lstrip())
            line = Line(offset + left, offset + left + len(stripped), stripped, blank, lex, fold,
                        page, words)
            if lines and blank:
                lines[-1].blank_after = True
            elif lines:
                # hard-wrapped prose: a long line cut mid-sentence, then its lower-case rest
                prev = lines[-1].text
                line.cont = len(prev) >= 45 and prev[-1] not in UNWRAPPED_LINE_ENDS \
                    and stripped[0].islower()
            lines.append(line)
            blank = False
        else:
            blank = True
        offset += len(raw) + 1
    if lines:
        lines[-1].blank_after = True
    page.words = frozenset().union(*(line.vocab for line in lines))
    return lines


@lru_cache(maxsize=16)
def vocabulary(lex: Lexicon) -> frozenset[str] | None:
    """Every word the document's words (``Page``) or a line's ``vocab`` are looked for:
    the promotions' gate words, the link words, the first words of each phrase list of
    the lexicon (``Line.hits`` looks them up in the document's), every word of a spam
    phrase (``PhraseSet.possible`` of the document). A set of a few words a line costs
    less to make, to merge and to collect than all of them (a paragraph of news has a
    hundred). None when the spam words have prefixes: any word may start one."""
    if lex.spam.prefixes:
        return None
    lists = [lex.spam, lex.profanity] + [v for v in vars(lex.markers).values()
                                         if isinstance(v, PhraseSet)]
    return frozenset().union(lex.gates.words, LINK_WORDS, *(p.first_words for p in lists),
                             (w for phrases in lex.spam.first.values() for p in phrases
                              for w in p))


def has_link(line: Line) -> bool:
    if LINK_WORDS.isdisjoint(line.vocab):
        return False
    return _link_near_marks(line.text)


def _link_near_marks(text: str) -> bool:
    """``_URL.search(text)``, searched only in the space-bounded stretches around
    LINK_MARKS: a link holds no white space and one of the marks, and a search stopped at
    a space sees the same edges as the whole line does. Work per mark found, not per line:
    a document written as one line was searched whole once a mark occurred anywhere in it,
    and on a line of news "UK" opens the word test but no mark follows (the regex tries
    every word's start). The marks are found in the lower-cased line in one pass of an
    automaton (a search per mark was 32 of them, 13 ms over BBC's last paragraphs alone),
    which is the line's case-insensitive match unless lower-casing moved the offsets or
    the line holds a dotless i (which the regex takes for an "i")."""
    lower = text.lower()
    if len(lower) != len(text) or "\u0131" in text:
        return bool(_URL.search(text))
    start = next_link_mark(lower)
    while start is not None:
        end = lower.find(" ", start)
        end = len(text) if end == -1 else end
        if _URL.search(text, lower.rfind(" ", 0, start) + 1, end):
            return True
        # (a mark holds no space: the stretch's other marks were searched with it)
        start = next_link_mark(lower, end)
    return False


def link_host_words(text: str) -> list[str]:
    """The words of the host names of the links in ``text``, in order, split on their
    punctuation ("http://www.cheap-pills-online.biz/buy" -> www, cheap, pills, online, biz):
    a spam site names its trade in its host, while a reference puts its topic in the path
    ("www.nhs.uk/medicines/weight-loss-pills"). A line's words keep a hyphenated host whole."""
    words: list[str] = []
    for chunk in text.split():
        if _URL.search(chunk):
            host = _SCHEME.sub("", chunk.lower()).split("/", 1)[0]
            words += _LETTERS.findall(host)
    return words


_SCHEME = re.compile(r"^\W*(?:https?://)?")
_LETTERS = re.compile(r"[^\W\d_]+")


def next_link_mark(lower: str, at: int = 0) -> int | None:
    """Where the first of LINK_MARKS at or after ``at`` in ``lower`` starts (one pass of an
    Aho-Corasick automaton, not a search per mark), or None."""
    hit = next(_link_marks().iter(lower, at), None)
    return None if hit is None else hit[0] - hit[1] + 1


@lru_cache(maxsize=1)
def _link_marks():
    """An Aho-Corasick automaton of LINK_MARKS, each mark's value its length."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for mark in LINK_MARKS:
        automaton.add_word(mark, len(mark))
    automaton.make_automaton()
    return automaton


# a quotation, or one left open to the line's end: fiction opens each paragraph of a long
# speech or letter with a quotation mark and closes only the last
_QUOTATION = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|«[^»]*(?:»|$)')
QUOTED_SHARE = 0.7  # of a line's characters inside quotation marks, at least


def in_quotation_marks(text: str) -> bool:
    """A line opening with a quotation mark and mostly inside quotation marks: a
    character's words in fiction ('"Oh! you mean Jane, I suppose," ...', '"Who would have
    thought it, Flask!" cried Stubb', a letter's '"My dear Dr. Van Helsing,--'), an epigraph
    or an extract with its source after it.
    The text quotes them, in whatever voice they are; a reader who quotes the article
    comments after the quote ('"Taxpayers will foot the bill" - yeah right') or on the
    next line."""
    if not text.startswith(('"', "“", "«")):
        return False
    return sum(map(len, _QUOTATION.findall(text))) >= QUOTED_SHARE * len(text)


def opens_lower(text: str) -> bool:
    """Whether ``text`` opens with a lower-case letter (a reader's casual typing, where the
    article opens its lines in capitals)."""
    return text[0].isalpha() and text[0].islower()


def is_prose(line: Line) -> bool:
    """A line of running text: words, mostly alphabetic, not all in capitals."""
    words = line.words
    return bool(words) and sum(w.isalpha() for w in words) >= 0.6 * len(words) \
        and not line.text.isupper()


def tally(items: Iterable[str]) -> dict[str, int]:
    """How often each item occurs, in order of first occurrence (evidence for a message)."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


_REPORTED = re.compile(r"[\"“”]\s*(?:,\s*)?(?:he|she|they|it|\w+)?\s*(?:said|says|told|added|"
                       r"explained|according)\b|\b(?:said|says|told|added)(?:\s+\w+){0,3}[:,]?\s*[\"“]")
_INTERJECTIONS = frozenset("""oh ohh ohhh wow gee geez jeez hmm hmmm ugh yeah yep yup nope lol
lmao rofl haha hahaha hehe omg duh meh whoa yay sigh ahh pfff bleh""".split())
_CAPS_RUN = re.compile(r"[A-Z][A-Z']+(?:[\s,.!]+[A-Z][A-Z']+){2,}")
_EYES = (":", ";", "=", "<", "^")  # (substring tests in C before the regex)
_QUOTES = ('"', "“", "”")
_REPORTING = ("said", "says", "told", "added", "explained", "according")
_REPORTED_STARTS = _QUOTES + _REPORTING[:4]  # where a match of _REPORTED begins
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _informal(text: str, line: Line) -> bool:
    """Emoticons, emoji, "!!", "....", "sooo", interjections, runs of ellipses."""
    if ("!!" in text or "??" in text or "?!" in text or "!?" in text or "...." in text
            or text.count("…") + text.count("...") >= 2):
        return True
    if not _INTERJECTIONS.isdisjoint(line.wordset):
        return True
    if not text.isascii() and _EMOJI.search(text):  # (emoji are not ASCII)
        return True
    if _may_hold_emoticon(text) and _emoticon(text):
        return True
    return line.nw <= 40 and _letter_run(text)


def _letter_run(text: str) -> bool:
    """``re.search(r"([a-z])\1{3,}", text)`` ("sooo"): a letter four times over, looked for only
    among the letters the text holds, by substring tests in C (the regex tries a
    back-reference at every letter)."""
    return any(ch * 4 in text for ch in _LOWER.intersection(text))


def _may_hold_emoticon(text: str) -> bool:
    """Whether ``_EMOTICON`` can match: it needs one of ``: ; = < ^`` or an "xd", "xD" or
    "8" (an "x" alone, in a line of news, is in "next" or "tax"). Where the regex matches,
    this is the former test (one of ``: ; = < ^ x X`` anywhere) exactly."""
    if any(map(text.__contains__, _EYES)):
        return True
    return ("x" in text or "X" in text) and ("xd" in text or "xD" in text or "8" in text)


_EMOTICON_STARTS = (":", ";", "=", "8", "<", "^", "x")  # an emoticon's first character


def _emoticon(text: str) -> bool:
    """``_EMOTICON.search(text)``, tried only where a match can start: at the text's start,
    or at white space right before an emoticon's first character (the regex tries every
    position of a paragraph; ``str.isspace`` is ``\\s``)."""
    for first in _EMOTICON_STARTS:
        pos = text.find(first)
        while pos != -1:
            if (pos == 0 or text[pos - 1].isspace()) and _EMOTICON.match(text, max(pos - 1, 0)):
                return True
            pos = text.find(first, pos + 1)
    return False


def _reported(text: str) -> bool:
    """``_REPORTED.search(text)``, tried only where a match can start: at a quotation mark
    or a reporting verb (the regex's second branch starts with a word boundary, so a
    search tried every position)."""
    return any(q in text for q in _QUOTES) and any(v in text for v in _REPORTING) \
        and any(_REPORTED.match(text, pos) for pos in positions(text, _REPORTED_STARTS, False))


# An ASCII text's characters as classes: "A" a capital, "a" a small letter, "'" itself,
# " " what separates the words of a run of capitals (``\s`` is also \x1c-\x1f), "x" else.
_CASES = bytes(65 if 65 <= b <= 90 else 97 if 97 <= b <= 122 else 39 if b == 39
               else 32 if chr(b).isspace() or chr(b) in ",.!" else 120 for b in range(256))
_CAPS_RUN_CASES = re.compile(rb"A[A']+(?: +A[A']+){2,}")  # _CAPS_RUN on the classes


def _shouting(text: str) -> bool:
    """Mostly capitals, or a run of three or more capitalised words with a function word.
    In an ASCII text the run is looked for in its classes of characters first (``_CASES``,
    one translation in C), where the regex finds its first character at once (a literal
    "A", not the class [A-Z] at every position)."""
    upper, letters = case_counts(text)
    if upper < 7:
        return False
    if letters >= 10 and upper > 0.6 * letters:
        return True
    if text.isascii() and not _CAPS_RUN_CASES.search(text.encode("ascii").translate(_CASES)):
        return False
    for match in _CAPS_RUN.finditer(text):
        if any(w.lower() in FUNCTION_WORDS for w in match.group(0).replace(",", " ").split()):
            return True
    return False


def content_score(lex: Lexicon, line: Line) -> float:
    """Evidence that a line is written in a reader's voice (can be negative for article prose)."""
    text = line.text
    lower = line.lower
    nw = len(lower)
    score = 0.0
    reasons = line._reasons
    if reasons is None:
        reasons = line._reasons = []
    if not nw:
        return score
    if not FIRST_PERSON.isdisjoint(line.wordset):
        score += 0.4
    if not _TO_SOMEONE.isdisjoint(line.wordset):
        score += 0.4
    if lex.markers.reader:
        hits = len(line.hits(lex.markers.reader))
        if hits:
            score += min(hits, 2) * 0.9
            reasons.append("reader phrase")
    if _informal(text, line):
        score += 0.7
        reasons.append("informal")
    if nw >= 3 and opens_lower(text):
        score += 0.4
    if "i" in line.wordset and "i" in line.words:  # (a lower-case "i" as written)
        score += 0.5
    if not text.islower() and len(text) >= 12 and _shouting(text):
        score += 0.8
        reasons.append("shouting")
    if lex.profanity and line.hits(lex.profanity):
        score += 0.8
        reasons.append("profanity")
    if has_link(line):
        score += 0.5
        reasons.append("link")
    if lex.spam:
        hits = len(line.hits(lex.spam))
        if hits:
            score += min(hits, 3) * 0.6
            reasons.append("spam vocabulary")
    if "?" in text:
        score += 0.2
    if nw >= 30 and score < 0.5:
        score -= 0.8
    if _reported(text):  # reported speech is the article's voice, not a reader's
        score -= 0.8
        reasons.append("reported speech")
    return score
