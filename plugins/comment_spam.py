"""Comment-spam family: reader-comment sections and spam messages pasted into articles.

Scraped pages arrive with their comment threads glued to the article text, and spam gets
pasted into text. Both are found here in plain text, line by line (one pass shared by both
rules; features are computed lazily, so clean news costs little):

* **C101 comment-section**. Short lines get *structural* kinds: timestamp ("2 years ago",
  "March 3, 2019 at 10:32 pm", a name beside a date), signature ("Becky says:", "Posted by:
  Red | ...", "http://site Jane"), widget line ("Reply", "Like · Reply · 12 · 2y"), heading
  ("Comments (14)"), and a short standalone name line before a comment; a C102 spam message
  also counts as a comment. Every line has *content* evidence, computed on demand (first and
  second person, emoticons, shouting, profanity, links, reader phrases, spam vocabulary;
  reported speech counts against). Content fires on about a third of clean news paragraphs,
  so it never flags anything alone. Consecutive marker lines form a *head*; heads close
  together form a *cluster* (clusters split by one long comment merge when their heads look
  alike); leading heads followed by article text (a byline, a dateline, the article's own
  "Posted by ... at 3:00 AM", its own promotion) are trimmed. A cluster is reported when it
  holds two strong heads over prose (not a table of figures, not heads repeated word for
  word), one signed/timed head with a reader's short text at the end, a heading with short
  texts after it, or three name lines each followed by a reader's text. Comment dumps with
  no marker at all are found by a change point: a trailing run of paragraphs in a reader's
  voice with rare signals, clearly more personal than the article and sharing little of its
  vocabulary. One finding covers the block from its first to its last line.
* **C102 spam-message**: a line promoting something (channel, site, money making, pharma,
  casino, SEO, prizes, contact bait, scams, praise wrapped round a link), scored from gated
  promotion patterns, spam vocabulary, links, shouting and an imperative opening.

Mail and news conventions are respected: quoted lines ("> ..."), quote attributions
("jo@x.org writes:" before a quotation), header lines and hard-wrapped prose are never
markers. Word lists and patterns are data under ``rules/comment-spam/``; users replace
or extend them with rule parameters (``*-file`` and ``extra-*``), without code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from corpus_lint.hookspecs import hookimpl
from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import Rule, RuleSpec, family_data

FAMILY = "comment-spam"
MARKERS_FILE = "markers.toml"
SPAM_WORDS_FILE = "spam-words.txt"
PROFANITY_FILE = "profanity.txt"
SPAM_PATTERNS_FILE = "spam-patterns.toml"

# -- data loading ------------------------------------------------------------------------


class DataError(ValueError):
    pass


def _resolve(path: str) -> Path:
    """A user file named in a rule parameter: relative paths start at the working dir."""
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate
    return candidate


def _read_list(builtin: str, user_file: str) -> list[str]:
    path = _resolve(user_file) if user_file else family_data(FAMILY, builtin)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read word list {path}: {exc.strerror or exc}") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _load_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{what} {path} is not valid TOML: {exc}") from None


def _read_markers(user_file: str) -> dict[str, list[str]]:
    path = _resolve(user_file) if user_file else family_data(FAMILY, MARKERS_FILE)
    data = _load_toml(path, "markers file")
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"markers file {path}: '{key}' must be a list of strings")
    return data


def _compile(pattern: str, what: str, flags: int = re.I) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(f"bad {what} pattern {pattern!r}: {exc}") from None


Gate = tuple  # of frozensets: a line must hold a word of each to be tried (empty: always)


def gate_open(gate: Gate, tokens: frozenset[str]) -> bool:
    for group in gate:
        if group.isdisjoint(tokens):
            return False
    return True


def _read_patterns(user_file: str) -> list[tuple[Gate, re.Pattern]]:
    """Promotion patterns: [[pattern]] tables with a regex and the words that gate it."""
    path = _resolve(user_file) if user_file else family_data(FAMILY, SPAM_PATTERNS_FILE)
    data = _load_toml(path, "spam patterns")
    patterns = []
    for entry in data.get("pattern", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("regex"), str):
            raise DataError(f"spam patterns {path}: every [[pattern]] needs a regex string")
        groups = entry.get("any") or []
        if groups and all(isinstance(g, str) for g in groups):
            groups = [groups]
        if not all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups):
            raise DataError(f"spam patterns {path}: 'any' must be a list of words "
                            "or a list of lists of words")
        gate = tuple(frozenset(w.lower() for w in g) for g in groups if g)
        patterns.append((gate, _compile(entry["regex"], "spam", 0)))
    return patterns


def _alternation(patterns: Iterable[str], what: str) -> re.Pattern | None:
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise DataError(f"bad {what} pattern {pattern!r}: {exc}") from None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


_PUNCT = {ord(ch): " " for ch in "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~«»“”„‘’–—…•·→←♥☆★"}
_PUNCT.update({ord("'"): None, ord("’"): None})


def fast_tokens(text: str) -> list[str]:
    """Words of ``text`` split on spaces and punctuation (apostrophes dropped: "i'm" -> "im")."""
    return text.translate(_PUNCT).split()


class PhraseSet:
    """Whole-word, case-insensitive phrase matcher over a line's tokens.

    Phrases are split into word tokens (punctuation is ignored); ``word*`` matches every
    word starting with ``word``. Looking tokens up in a dict is much faster than one big
    regular-expression alternation.
    """

    def __init__(self, phrases: Iterable[str]):
        self.first: dict[str, list[tuple[str, ...]]] = {}
        prefixes = []
        for phrase in phrases:
            phrase = phrase.strip().lower()
            if phrase.endswith("*") and " " not in phrase and len(phrase) > 3:
                prefixes.append(phrase[:-1])
                continue
            tokens = tuple(fast_tokens(phrase))
            if tokens and tokens not in self.first.get(tokens[0], ()):
                self.first.setdefault(tokens[0], []).append(tokens)
        for candidates in self.first.values():  # the longest phrase at a position wins
            candidates.sort(key=len, reverse=True)
        self.prefixes = tuple(sorted(set(prefixes)))
        self.prefix_heads = frozenset(p[:3] for p in self.prefixes)

    def __bool__(self) -> bool:
        return bool(self.first or self.prefixes)

    def possible(self, tokenset: frozenset[str]) -> bool:
        """Whether any phrase may occur in a text with these words (a cheap pre-check)."""
        for token in self.first.keys() & tokenset:
            for phrase in self.first[token]:
                if len(phrase) == 1 or tokenset.issuperset(phrase):
                    return True
        heads = self.prefix_heads
        return bool(self.prefixes) and any(t[:3] in heads and t.startswith(self.prefixes)
                                           for t in tokenset)

    def hits(self, tokens: list[str], tokenset: frozenset[str] | None = None) -> list[str]:
        """The phrases found in ``tokens`` (lower-cased words of a line)."""
        found = []
        first = self.first
        starts = first.keys() & (tokenset if tokenset is not None else set(tokens))
        if starts:
            for i, token in enumerate(tokens):
                if token in starts:
                    for phrase in first[token]:
                        if len(phrase) == 1 or tuple(tokens[i:i + len(phrase)]) == phrase:
                            found.append(" ".join(phrase))
                            break
        if self.prefixes:
            heads = self.prefix_heads
            found.extend(t for t in tokenset or tokens
                         if t[:3] in heads and t.startswith(self.prefixes))
        return found


class Lexicon:
    """Compiled word lists and patterns for one combination of rule parameters."""

    def __init__(self, params: tuple[tuple[str, Any], ...]):
        p = dict(params)
        markers = _read_markers(p.get("markers-file", ""))
        extra = lambda key: list(p.get(key, []) or [])  # noqa: E731
        self.interface = frozenset(w.lower() for w in
                                   markers.get("interface-words", []) + extra("extra-interface-words"))
        self.header = _alternation(markers.get("header-patterns", []) + extra("extra-header-patterns"),
                                   "header")
        self.signature = _alternation(markers.get("signature-patterns", [])
                                      + extra("extra-signature-patterns"), "signature")
        self.stamped_signature = _alternation(markers.get("stamped-signature-patterns", []),
                                              "stamped signature")
        self.not_comment = _alternation(markers.get("not-comment-patterns", []), "not-comment")
        self.chrome = _alternation(markers.get("page-chrome-patterns", []), "page-chrome")
        stamp = (markers.get("relative-time-patterns", []) + markers.get("time-patterns", [])
                 + markers.get("date-patterns", []) + extra("extra-timestamp-patterns"))
        self.stamp = _alternation(stamp, "timestamp")
        self.relative = _alternation(markers.get("relative-time-patterns", []), "relative time")
        self.time = _alternation(markers.get("time-patterns", []), "time")
        self.date = _alternation(markers.get("date-patterns", []) + extra("extra-timestamp-patterns"),
                                 "date")
        self.reader = PhraseSet(markers.get("reader-phrases", []) + extra("extra-reader-phrases"))
        self.praise = PhraseSet(markers.get("praise-phrases", []))
        self.spam = PhraseSet(_read_list(SPAM_WORDS_FILE, p.get("spam-words-file", ""))
                              + extra("extra-spam-words"))
        self.profanity = PhraseSet(_read_list(PROFANITY_FILE, p.get("profanity-file", ""))
                                   + extra("extra-profanity"))
        self.promo = _read_patterns(p.get("spam-patterns-file", "")) + [
            ((), _compile(pattern, "spam")) for pattern in extra("extra-spam-patterns")]


_LEXICON_DEFAULTS = {"markers-file": "", "extra-interface-words": [], "extra-header-patterns": [],
                     "extra-signature-patterns": [], "extra-timestamp-patterns": [],
                     "extra-reader-phrases": [], "spam-words-file": "", "extra-spam-words": [],
                     "profanity-file": "", "extra-profanity": [], "spam-patterns-file": "",
                     "extra-spam-patterns": []}


def lexicon_for(params: dict[str, Any]) -> Lexicon:
    """The lexicon for these rule parameters (shared by rules whose data options agree)."""
    key = tuple((k, tuple(v) if isinstance(v, list) else v)
                for k, v in {**_LEXICON_DEFAULTS, **params}.items() if k in _LEXICON_DEFAULTS)
    return _lexicon(key)


@lru_cache(maxsize=16)
def _lexicon(key) -> Lexicon:
    return Lexicon(tuple((k, list(v) if isinstance(v, tuple) else v) for k, v in key))


# -- line features -------------------------------------------------------------------------

_URL = re.compile(r"https?://|www\.|(?<![@\w.-])(?:[\w-]+\.)*[\w-]{2,}\.(?:com|net|org|info|biz|ly|io|"
                  r"tv|ru|pl|co\.uk)\b(?![@\w])(?:/\S*)?", re.I)  # (not an e-mail address)
# words a text must hold to contain a link ("www.example.com" splits into www, example, com)
_LINK_WORDS = frozenset({"http", "https", "www", "com", "net", "org", "info", "biz", "ly", "io",
                         "tv", "ru", "pl", "uk"})
_EMOTICON = re.compile(r"(?:^|\s)(?:[:;=8][-']?[)(\]\[dpDPoO3/\\|*]|<3|\^_?\^|x[dD])(?=\s|$|[.,!?])")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_LETTER_RUN = re.compile(r"([a-z])\1{3,}")
# (tokens have no apostrophes: "I'm" is "im")
_FIRST = frozenset({"i", "im", "ive", "me", "my", "mine", "myself"})
_SECOND = frozenset({"you", "your", "youre", "yours", "yourself", "u", "ur", "ya", "yall",
                     "ppl", "pls", "plz", "thx", "thanks", "thank"})
_BULLET = re.compile(r"^(?:[•·●○◦▪■\-–—*>]+|\d{1,4}[.)]|#\d{1,4})\s+")
_SENTENCE_END = frozenset(".!?;:,\"”’)")
_FUNCTION_WORDS = frozenset("""a an the is are was were be been our your my his her its their
this that these those not no of and or but to for in on at with from by as how what why when
where who which it we you they he she i all more most new about into over after before
""".split())
_NAME_TOKEN = re.compile(r"^[\w@.&'’()-]{1,30}$", re.U)

# marker kinds with their weight as evidence for a comment head
W_HEADER, W_SIGNATURE, W_STAMP, W_UI, W_DATE, W_DATE_NAME, W_NAME = 2.5, 3.0, 2.5, 1.5, 1.2, 2.0, 0.8
W_SPAM, SPAM_HEAD = 2.5, 3.5  # a spam message (C102 score >= SPAM_HEAD) is a comment
W_TIME_ONLY = 1.5  # "10:32" alone: live blogs and fixture lists have them too
STRONG = 2.0  # a head at least this heavy is a structural marker on its own


class Line:
    """One non-blank line; features are computed on first use (most lines never need them)."""

    __slots__ = ("start", "end", "text", "nw", "blank_before", "blank_after", "kind", "weight",
                 "bullet", "timed", "dated", "chrome", "cont", "lex", "_words", "_lower", "_wordset",
                 "_content", "_reasons", "_spam")

    def __init__(self, start: int, end: int, text: str, blank_before: bool, lex: "Lexicon"):
        self.start, self.end, self.text = start, end, text
        self.nw = len(text.split())
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
        self._words = None
        self._lower = None
        self._wordset = None
        self._content = None
        self._reasons: list[str] = []
        self._spam = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = fast_tokens(self.text)
        return self._words

    @property
    def lower(self) -> list[str]:
        if self._lower is None:
            self._lower = [w.lower() for w in self.words]
        return self._lower

    @property
    def wordset(self) -> frozenset[str]:
        if self._wordset is None:
            self._wordset = frozenset(self.lower)
        return self._wordset

    @property
    def content(self) -> float:
        if self._content is None:
            self._content = content_score(self.lex, self)
        return self._content

    @property
    def reasons(self) -> list[str]:
        if self._content is None:
            self._content = content_score(self.lex, self)
        return self._reasons

    @property
    def spam_score(self) -> float:
        if self._spam is None:
            self._spam = spam_evidence(self.lex, self)
        return self._spam[0]

    @property
    def spam_reasons(self) -> list[str]:
        if self._spam is None:
            self._spam = spam_evidence(self.lex, self)
        return self._spam[1]


def split_lines(text: str, lex: "Lexicon") -> list[Line]:
    lines: list[Line] = []
    offset = 0
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            left = len(raw) - len(raw.lstrip())
            line = Line(offset + left, offset + left + len(stripped), stripped, blank, lex)
            if lines and blank:
                lines[-1].blank_after = True
            elif lines:
                # hard-wrapped prose: a long line cut mid-sentence, then its lower-case rest
                prev = lines[-1].text
                line.cont = len(prev) >= 45 and prev[-1] not in _TERMINAL \
                    and stripped[0].islower()
            lines.append(line)
            blank = False
        else:
            blank = True
        offset += len(raw) + 1
    if lines:
        lines[-1].blank_after = True
    return lines


# a count or an age in a widget line ("Like · Reply · 12 · 2y")
_COUNTER = re.compile(r"^(?:\d+[kKm]?|\d+\s*(?:[smhdwy]|min|mins|hr|hrs|yr|yrs|mo|wk)\.?)$")
_NOISE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?|(?<=\s)[ap]\.?m\.?(?=\s|$)|"
                    r"\(#?\d+\)|<[^<>\s]+@[^<>\s]+>|\s[|·•]\s|\*|(?:https?://|www\.)\S+", re.I)
_LIST_NUMBER = re.compile(r"^(?:\d{1,4}[.)]?|#\d{1,4})\s+")


def _name_like(core: str) -> bool:
    """A commenter's name or handle: a few capitalised words, or one token."""
    core = _LIST_NUMBER.sub("", core).strip(" -–—:,")
    tokens = [t for t in core.split() if t not in ("-", "–", "—", "|", "@", "&")]
    if not 1 <= len(tokens) <= 5 or not core[0].isalnum() or core[-1] in ".!?":
        return False
    if len(tokens) == 1:
        return True
    return all(t[0].isupper() or t[0].isdigit() or t in ("@", "&", "-", "|", "de", "van", "von")
               for t in tokens)


# words that go with a timestamp rather than with the commenter's name
_STAMP_WORDS = re.compile(r"(?<!\S)(?:at|on|@|by|from|in|posted|added|updated|edited|commented|"
                          r"replied|said|wrote|says|writes|#\d+|no\.?\s*\d+)(?!\S)", re.I)


def _namey(core: str) -> bool:
    """What is left beside a timestamp could be a name ("mary @ B&Gjournals", "Sumit singh"),
    not the rest of a sentence ("compared with none a year ago")."""
    core = _STAMP_WORDS.sub(" ", re.sub(r"\([^()]*\)?", " ", core)).strip(" -–—|,")
    tokens = core.split()
    if len(tokens) > 6 or "," in core or (tokens and tokens[-1][-1] in ".!?;"):
        return False
    if tokens and not any(ch.isalpha() for ch in core):
        return False
    return len(tokens) <= 1 or not any(t.lower() in _FUNCTION_WORDS for t in tokens)


def _signer(core: str) -> bool:
    """A timestamped signature names someone: "by Kris on ...", "Ellen wrote on ..."; not
    "For the period ended ..., it said" nor "... from March 18"."""
    low = core.lower()
    if low.startswith(("by ", "from ")):
        rest = core.split(None, 1)[1] if " " in core else ""
        return any(t[:1].isalpha() for t in rest.split()[:2])
    return _namey(core.rstrip(" .:"))


def _strip_stamps(lex: Lexicon, text: str) -> str:
    core = lex.stamp.sub(" ", text) if lex.stamp else text
    core = _NOISE.sub(" ", core)
    core = " ".join(core.split())
    core = re.sub(r"\b(?:at|on|@|posted|updated|edited)\s*(?=[\s|/·•,–—-]*$)", " ", core, flags=re.I)
    return core.strip(" \t|/·•,–—-:()[]#")


_QUOTED = (">", "|", ": ")  # quoted mail or news text
_TERMINAL = frozenset(".!?:;\"')]”’…")


def classify(lex: Lexicon, line: Line) -> None:
    """Set the structural kind and weight of one line (only short lines can be markers)."""
    text = line.text
    if line.nw > 16 or len(text) > 140 or line.cont or text.startswith(_QUOTED) \
            or text.startswith(("# ", "##")):  # quoted text, Markdown headings
        return
    nw = len(line.words)
    bullet = _BULLET.match(text)
    line.bullet = bool(bullet)
    body = text[bullet.end():] if bullet else text
    if True:
        low = body.lower().strip(" .:|·•-–—()[]")
        if lex.not_comment and lex.not_comment.search(body):
            low = ""
            line._reasons.append("not a comment")
        if lex.chrome and lex.chrome.search(body):
            line.chrome = True
            return
        parts = [part for part in re.split(r"\s*[|·•]\s*", low) if part]
        if parts and all(part in lex.interface for part in parts) or len(parts) >= 2 and any(
                part in lex.interface for part in parts) and all(
                part in lex.interface or _COUNTER.match(part)
                or (lex.relative and lex.relative.search(part)) for part in parts):
            line.kind, line.weight = "interface", W_UI
        elif not low:
            pass
        elif lex.header and nw <= 14 and lex.header.search(body):
            line.kind, line.weight = "header", W_HEADER
        else:
            has_time = bool(lex.time and lex.time.search(body))
            has_date = bool(lex.date and lex.date.search(body))
            relative = bool(lex.relative and lex.relative.search(body))
            line.timed = has_time or relative
            line.dated = has_date
            core = _strip_stamps(lex, body) if (has_time or has_date or relative) else body
            core_words = sum(1 for t in fast_tokens(core) if t.strip("-"))
            stamped = has_time or has_date or relative
            if core and core_words <= 10 and (
                    (lex.signature and lex.signature.search(core))
                    or (stamped and lex.stamped_signature and lex.stamped_signature.search(core)
                        and _signer(core))):
                line.kind, line.weight = "signature", W_SIGNATURE
            elif (has_time and has_date or relative) and core_words <= 6 and nw <= 16 \
                    and (not core_words or _namey(core)):
                line.kind, line.weight = "stamp", W_STAMP
            elif has_time and core_words <= 3 and nw <= 8 and (not core_words or _name_like(core)):
                line.kind, line.weight = "stamp", W_TIME_ONLY
            elif has_date and core_words <= 5 and nw <= 12:
                # a date with a name beside it ("October 15, 2012  Danae") signs a comment
                if core_words and _name_like(core):
                    line.kind, line.weight = "stamp", W_DATE_NAME
                else:
                    line.kind, line.weight = "date", W_DATE


_REPORTED = re.compile(r"[\"“”]\s*(?:,\s*)?(?:he|she|they|it|\w+)?\s*(?:said|says|told|added|"
                       r"explained|according)\b|\b(?:said|says|told|added)(?:\s+\w+){0,3}[:,]?\s*[\"“]")
_INTERJECTIONS = frozenset("""oh ohh ohhh wow gee geez jeez hmm hmmm ugh yeah yep yup nope lol
lmao rofl haha hahaha hehe omg duh meh whoa yay sigh ahh pfff bleh""".split())
_CAPS_RUN = re.compile(r"[A-Z][A-Z']+(?:[\s,.!]+[A-Z][A-Z']+){2,}")
_EMOTICON_CHARS = frozenset(":;=<^xX")
_QUOTES = ('"', "“", "”")
_REPORTING = ("said", "says", "told", "added", "explained", "according")


def _informal(text: str, line: Line) -> bool:
    """Emoticons, emoji, "!!", "....", "sooo", interjections, runs of ellipses."""
    if ("!!" in text or "??" in text or "?!" in text or "!?" in text or "...." in text
            or text.count("…") + text.count("...") >= 2):
        return True
    if not _INTERJECTIONS.isdisjoint(line.wordset):
        return True
    if max(text) >= "\u2600" and _EMOJI.search(text):
        return True
    if not _EMOTICON_CHARS.isdisjoint(text) and _EMOTICON.search(text):
        return True
    return line.nw <= 40 and bool(_LETTER_RUN.search(text))


def _reported(text: str) -> bool:
    return any(q in text for q in _QUOTES) and any(v in text for v in _REPORTING) \
        and bool(_REPORTED.search(text))


def _shouting(text: str, words: list[str]) -> bool:
    """Mostly capitals, or a run of three or more capitalised words with a function word."""
    upper = sum(map(str.isupper, text))
    if upper < 7:
        return False
    letters = sum(map(str.isalpha, text))
    if letters >= 10 and upper > 0.6 * letters:
        return True
    for match in _CAPS_RUN.finditer(text):
        if any(w.lower() in _FUNCTION_WORDS for w in match.group(0).replace(",", " ").split()):
            return True
    return False


def content_score(lex: Lexicon, line: Line) -> float:
    """Evidence that a line is written in a reader's voice (can be negative for article prose)."""
    text = line.text
    words = line.words
    lower = line.lower
    nw = len(words)
    score = 0.0
    reasons = line._reasons
    if nw:
        if _FIRST.intersection(lower):
            score += 0.4
        if _SECOND.intersection(lower):
            score += 0.4
        if lex.reader:
            hits = len(lex.reader.hits(lower, line.wordset))
            if hits:
                score += min(hits, 2) * 0.9
                reasons.append("reader phrase")
        if _informal(text, line):
            score += 0.7
            reasons.append("informal")
        if nw >= 3 and text[0].isalpha() and text[0].islower():
            score += 0.4
        if "i" in words:
            score += 0.5
        if not text.islower() and len(text) >= 12 and _shouting(text, words):
            score += 0.8
            reasons.append("shouting")
        if lex.profanity and lex.profanity.hits(lower, line.wordset):
            score += 0.8
            reasons.append("profanity")
        if has_link(line):
            score += 0.5
            reasons.append("link")
        if lex.spam:
            hits = len(lex.spam.hits(lower, line.wordset))
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


def _comment_like(line: Line) -> bool:
    """A line that may belong to a comment rather than to the article before it."""
    if line.chrome:
        return False
    if line.kind or _is_name_line(line):
        return True
    if "reported speech" in line.reasons:
        return False
    if line.content >= 0.6 or line.spam_score > 0 or (line.nw <= 12 and line.content > 0):
        return True
    # an author line ("pro stomper", "Vincent T.")
    return line.nw <= 3 or line.nw <= 5 and line.text[-1] not in ".!?:;\"”"


def _is_name_line(line: Line) -> bool:
    """A short standalone line that could be a commenter's name or handle."""
    text = line.text
    if line.kind or line.chrome or line.cont or len(text) > 40:
        return False
    body = _BULLET.sub("", text) if line.bullet else text
    tokens = body.split()
    if not 1 <= len(tokens) <= 4 or body[-1] in _SENTENCE_END:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if len(tokens) > 1 and not all(t[0].isupper() or not t[0].isalpha() for t in tokens):
        return False
    if len(tokens) > 1 and any(t.lower() in _FUNCTION_WORDS for t in tokens):
        return False  # a heading ("Knowledge Is Power"), not a name
    return any(ch.isalpha() for ch in body)


# -- C101 comment sections ------------------------------------------------------------------


class Head:
    """One or more consecutive marker lines introducing (or signing) one comment."""

    __slots__ = ("first", "last", "weight", "kinds")

    def __init__(self, first: int, last: int, weight: float, kinds: list[str]):
        self.first, self.last, self.weight, self.kinds = first, last, weight, kinds


_BYLINE = ("by ", "posted", "written", "published", "updated", "filed", "submitted")


def find_heads(lines: list[Line], top: int = 0) -> list[Head]:
    """Comment heads; marker lines among the first ``top`` lines are the article's byline,
    and so is a "by ..."/"Posted ..." line among the next few."""
    heads: list[Head] = []
    n = len(lines)
    i = top
    # one byline per article: a second "by ..." line near the top already signs a comment
    byline = any(line.text.lower().startswith(_BYLINE) for line in lines[:top])
    while i < n:
        line = lines[i]
        if line.kind and i < top + 3 and not byline and line.text.lower().startswith(_BYLINE) \
                and i < n - 2:  # (the last lines sign a comment, not the article)
            byline = True
            i += 1
            continue
        if line.spam_score >= SPAM_HEAD and not line.kind:
            heads.append(Head(i, i, W_SPAM, ["spam"]))
            i += 1
            continue
        if line.kind == "signature" and i + 1 < n and lines[i + 1].text.startswith(_QUOTED):
            i += 1  # "In article <...>, jo@x.org writes:" introduces a quotation, not a comment
            continue
        if line.kind:
            first = i
            # a name line right before a stamp/signature belongs to the same head
            if i > top and _is_name_line(lines[i - 1]) and (not heads or heads[-1].last < i - 1) \
                    and line.kind != "interface":
                first = i - 1
            kinds = [line.kind]
            weight = line.weight
            j = i
            # widget words ("Reply", "Permalink") close a comment: they do not merge onwards
            # and a signature line always starts a new comment
            while j + 1 < n and lines[j + 1].kind and lines[j + 1].kind != "header" \
                    and line.kind != "header" and lines[j].kind != "interface" and len(kinds) < 3 \
                    and lines[j + 1].kind != "signature":
                j += 1
                kinds.append(lines[j].kind)
                weight = max(weight, lines[j].weight) + 0.5
            if j > i and any(lines[k].dated for k in range(i, j + 1)) \
                    and any(lines[k].timed for k in range(i, j + 1)):
                weight = max(weight, W_STAMP + 0.5)  # "Aug 6, 2012" then "5:06 pm EDT"
            if first < i:
                kinds.insert(0, "name")
                weight += 1.0 if line.kind == "date" else 0.5  # "Petra Lo" then "May 3, 2012"
            elif line.kind == "date" and j == i and j + 2 < n and _is_name_line(lines[j + 1]) \
                    and not lines[j + 2].kind and lines[j + 2].nw >= 2:
                j += 1  # "November 5, 2012" then "Dan Garner" then the comment
                kinds.append("name")
                weight += 1.0
            if line.kind == "header":
                # a heading counts only when comments follow it at once
                nxt = lines[i + 1] if i + 1 < n else None
                trailing = 0 < n - 1 - i <= 8 and all(len(l.words) <= 60 for l in lines[i + 1:])
                if nxt is None or not (nxt.kind or _is_name_line(nxt) or nxt.content >= 0.8
                                       or trailing):
                    weight = 1.0
            heads.append(Head(first, j, weight, kinds))
            i = j + 1
            continue
        if _is_name_line(line) and i + 1 < n and not lines[i + 1].kind \
                and len(lines[i + 1].words) >= 2 \
                and (line.blank_before or line.blank_after or lines[i - 1].kind if i else True):
            weight = W_NAME + (0.5 if line.bullet else 0.0)
            heads.append(Head(i, i, weight, ["bullet-name" if line.bullet else "name"]))
        i += 1
    return heads


def _clusters(heads: list[Head], max_gap: int) -> list[list[Head]]:
    clusters: list[list[Head]] = []
    for head in heads:
        if clusters and head.first - clusters[-1][-1].last - 1 <= max_gap:
            clusters[-1].append(head)
        else:
            clusters.append([head])
    return clusters


def _median(values: list[int], default: int) -> int:
    return sorted(values)[len(values) // 2] if values else default


_RARE = frozenset({"informal", "shouting", "profanity", "link"})


def _voiced(line: Line) -> bool:
    return line.content >= 0.6 or line.spam_score >= 2.5


def bare_comments(lines: list[Line], params: dict[str, Any]):
    """A trailing run of comment-styled paragraphs with no interface markers (a change point).

    Walking back from the end, the run grows while paragraphs are written in a reader's voice
    (first/second person, emoticons, shouting, profanity, links, spam...); it must hold
    several rare signals, be clearly more personal than the article before it, and use a
    vocabulary that drifts away from the article's. Mail and news messages (quoted lines,
    a "-- " signature) are replies by nature and are left alone.
    """
    if sum(line.text.startswith(_QUOTED) for line in lines) >= 2 \
            or any(line.text == "--" for line in lines):
        return None
    n = len(lines)
    k = n
    while k > 0 and (_voiced(lines[k - 1])
                     or k < n and lines[k - 1].nw <= 12 and lines[k - 1].content > 0
                     and _voiced(lines[k])):
        k -= 1
    run = lines[k:]
    min_lines = int(params["bare-min-paragraphs"])
    if len(run) < min_lines or k < 3:
        return None
    rare = [line for line in run if _RARE.intersection(line.reasons) or line.spam_score >= 2.5
            or (line.text[0].isalpha() and line.text[0].islower())]
    if len(rare) < max(2, (len(run) + 1) // 2):
        return None
    mean_run = sum(line.content for line in run) / len(run)
    article = lines[:k]
    mean_article = sum(line.content for line in article) / len(article)
    if mean_run < 1.0 or mean_article > 0.5 or mean_run < mean_article + 0.8:
        return None
    # vocabulary drift: comments reuse fewer of the article's content words than it does itself
    vocab = {w for line in article for w in line.lower if len(w) > 3}
    words = [w for line in run for w in line.lower if len(w) > 3 and w not in _FUNCTION_WORDS]
    shared = sum(w in vocab for w in words) / len(words) if words else 1.0
    if shared > float(params["bare-max-shared-vocabulary"]):
        return None
    reasons: dict[str, int] = {}
    for line in run:
        for r in line.reasons:
            reasons[r] = reasons.get(r, 0) + 1
    return k, n - 1, {"heads": 0, "kinds": {"comment-styled paragraph": len(run)},
                      "content": reasons, "score": round(mean_run, 2),
                      "shared": round(shared, 2)}


def comment_sections(lex: Lexicon, lines: list[Line], params: dict[str, Any]):
    """Yield (first line index, last line index, evidence dict) of each comment section."""
    top = int(params["top-lines"])
    heads = find_heads(lines, top)
    found = False
    for section in _marked_sections(lex, lines, params, heads, top):
        found = True
        yield section
    if not found and params["bare-comments"] and len(lines) >= 5:
        section = bare_comments(lines, params)
        if section:
            yield section


def _prose(line: Line) -> bool:
    """A line of running text: words, mostly alphabetic, not all in capitals."""
    words = line.words
    return bool(words) and sum(w.isalpha() for w in words) >= 0.6 * len(words) \
        and not line.text.isupper()


def _opens(lines: list[Line], head: Head) -> bool:
    """A head written before its comment: a heading, a name, "Becky says:", "Re: ..."."""
    kind = head.kinds[0]
    if kind in ("header", "name", "bullet-name", "interface"):
        return True
    text = lines[head.first].text
    return kind == "signature" and (text.endswith((":", "...", "…", ","))
                                    or text.lower().startswith("re"))


def _spam_walk(lines: list[Line], start: int, limit: int = 6) -> int:
    """A spam message is a comment's body: its author line, its date and the comments before
    it belong to the section, back to the article's last paragraph."""
    k = start
    while k > 0 and start - k < limit and _comment_like(lines[k - 1]):
        k -= 1
    return k


def _echoed(lines: list[Line], head: Head) -> bool:
    """A subheading, not a name: its words come back in the text right after it."""
    words = {w for w in lines[head.first].lower if len(w) > 3 and w not in _FUNCTION_WORDS}
    if not words:
        return False
    following = set()
    for line in lines[head.last + 1:head.last + 4]:
        if line.text != lines[head.first].text:  # the same handle again is a name
            following.update(line.lower)
    return not words.isdisjoint(following)


def _shape(lines: list[Line], head: Head) -> tuple:
    """What a head is made of ("Becky says:" + a timestamp...), to compare heads."""
    return (tuple(k for k in head.kinds if k != "name"),
            any(lines[i].timed for i in range(head.first, head.last + 1)))


def _merge_alike(lines: list[Line], clusters: list[list[Head]], max_gap: int):
    """Join clusters split by one long comment when the heads on both sides look alike."""
    merged: list[list[Head]] = []
    for cluster in clusters:
        if merged and cluster[0].first - merged[-1][-1].last - 1 <= max_gap \
                and _shape(lines, cluster[0]) == _shape(lines, merged[-1][-1]):
            merged[-1] = merged[-1] + cluster
        else:
            merged.append(cluster)
    return merged


def _trim_leading(lines: list[Line], cluster: list[Head], top: int) -> list[Head]:
    """Drop leading heads followed by article text (a byline, a dateline, a subheading)."""
    while len(cluster) >= 2:
        gap = range(cluster[0].last + 1, cluster[1].first)
        gaps = [b.first - a.last - 1 for a, b in zip(cluster[1:], cluster[2:])]
        personal = sum(lines[i].content for i in gap)
        long = sum(len(lines[i].words) for i in gap) >= 20 * len(gap)
        shape = _shape(lines, cluster[0])
        odd = not any(_shape(lines, h) == shape for h in cluster[1:])
        # the heads look alike: only a dateline near the top is cut off by a long gap
        far = len(gap) > max(2 * _median(gaps, 2), 5) and (odd or cluster[0].first < top + 3)
        # a spam line before real comment heads is the article's own promotion
        spam = cluster[0].kinds[0] == "spam" and cluster[1].kinds[0] != "spam"
        # "Posted by <author> at 3:00 AM" closes the article when the comments are signed
        # differently
        signoff = odd and lines[cluster[0].first].text.lower().startswith(_BYLINE) and not any(
            lines[h.first].text.lower().startswith(_BYLINE) for h in cluster[1:])
        if signoff or len(gap) >= 2 and (far or spam or long and odd
                                         and personal < 0.1 * len(gap)):
            cluster = cluster[1:]
        else:
            break
    return cluster


def _marked_sections(lex: Lexicon, lines: list[Line], params: dict[str, Any], heads, top):
    if not heads:
        return
    n = len(lines)
    max_gap = int(params["max-comment-lines"])
    min_score = float(params["min-score"])
    strong_heads = [h for h in heads if h.weight >= STRONG]
    weak_heads = [h for h in heads if h.weight < STRONG]
    candidates = []
    for cluster in _merge_alike(lines, _clusters(strong_heads, max_gap), 3 * max_gap):
        cluster = _trim_leading(lines, cluster, top)
        first, last = cluster[0].first, cluster[-1].last
        names = [h for h in weak_heads if first < h.first < last + max_gap]
        candidates.append((cluster, names))
    # sections of name lines only ("• Ron Wheeler" then the comment): trailing, 3 or more
    for cluster in _clusters(weak_heads, 12):
        cluster = _trim_leading(lines, cluster, top)
        if len(cluster) >= 3 and not any((c[0] or c[1])[0].first <= cluster[0].first
                                         <= (c[0] or c[1])[-1].last for c in candidates):
            candidates.append(([], cluster))
    for strong, names in candidates:
        cluster = sorted(strong + names, key=lambda h: h.first)
        first = cluster[0].first
        last = cluster[-1].last
        head_lines = {i for h in cluster for i in range(h.first, h.last + 1)}
        gaps = [b.first - a.last - 1 for a, b in zip(cluster, cluster[1:])]
        typical = _median(gaps, 3)
        # the section ends with the document, at page furniture ("Related posts") after the
        # last head, or a little after the last head when much text follows
        end = next((i - 1 for i in range(last + 1, n) if lines[i].chrome), n - 1)
        if end - last > max(2 * typical, 4) + 4:
            end = last + max(2 * typical, 4)
        body = [i for i in range(first, end + 1) if i not in head_lines]
        content = sum(max(lines[i].content, 0.0) for i in body)
        structural = sum(min(h.weight, 3.5) for h in strong) + 0.6 * sum(h.weight for h in names)
        score = structural + min(content, 6.0) * 0.5
        ok = False
        if len(strong) >= 2 and (score >= min_score or end == n - 1 and "spam" in
                                 {h.kinds[0] for h in strong}):
            ok = True
        elif len(strong) == 1 and end == n - 1 and len(body) <= 12 and first >= 3:
            # one comment at the end: a timed or signed head with text in a reader's voice
            head = strong[0]
            timed = any(lines[i].timed for i in range(head.first, head.last + 1))
            after = [i for i in body if i > head.last]
            voice = sum(lines[i].content for i in after)
            short = bool(after) and len(after) <= 3 and all(
                lines[i].nw < 60 and "reported speech" not in lines[i].reasons for i in after) \
                and any(lines[i].text[-1] in ".!?…)" or lines[i].nw >= 8 for i in after)
            ok = bool(after) and (timed or "signature" in head.kinds) and head.weight >= 2.5 \
                and (voice >= 0.4 or head.weight >= 3.5 and timed or short)
            # one comment signed after its text ("Posted by: Red | May 3, 2012 at 1:12 AM";
            # a blog's own "Posted by Sam at 1:28 AM" has no date)
            prev = lines[head.first - 1]
            ok = ok or not after and head.weight >= 2.5 and "signature" in head.kinds \
                and any(lines[i].timed and lines[i].dated for i in range(head.first, head.last + 1)) \
                and prev.content >= 0.6 and not prev.kind and not prev.chrome and prev.nw >= 3
            # a "Comments" heading followed by a few short texts to the end
            ok = ok or bool(after) and head.kinds[0] == "header" and head.weight >= 2.5 \
                and max(len(lines[i].words) for i in after) >= 3
            # a spam message with a commenter's name or heading before it
            ok = ok or head.kinds[0] == "spam" and (len(cluster) >= 2 or end == n - 1
                                                    and _spam_walk(lines, head.first) < head.first)
        elif not strong and len(names) >= 3 and end == n - 1:
            # each name must introduce text in a reader's voice, unlike the article's
            voiced = 0
            for h, nxt in zip(cluster, cluster[1:] + [None]):
                stop = nxt.first if nxt else end + 1
                if any(lines[i].content >= 0.6 for i in range(h.last + 1, stop)):
                    voiced += 1
            article = [lines[i].content for i in range(0, first)]
            mean_article = sum(article) / len(article) if article else 0.0
            mean_body = content / len(body) if body else 0.0
            echoed = sum(_echoed(lines, h) for h in names)
            ok = voiced >= 0.6 * len(names) and mean_body >= mean_article + 0.3 \
                and echoed * 3 <= len(names) and first >= 4
        # readers write sentences: heads over tables of figures or lists of dates are not
        # comments ("Pay April 15" / "Daily .059 cts vs .059 cts prior")
        spam = sum(h.kinds[0] == "spam" for h in cluster)  # a spam message is text enough
        worded = [i for i in body if any(ch.isalpha() for ch in lines[i].text)]  # not "2"
        prose = sum(map(_prose, (lines[i] for i in worded))) + spam
        if ok and (body or len(strong) >= 2) and prose < max(1, 0.5 * (len(worded) + spam)):
            ok = False
        # nor are heads that repeat word for word ("Record April 15" under every fund)
        texts = [" ".join(lines[i].text for i in range(h.first, h.last + 1)) for h in strong]
        if ok and len(texts) >= 3 and len(set(texts)) * 2 < len(texts):
            ok = False
        if not ok:
            continue
        # signatures after the comment body: the section starts with the first comment's text
        start = first
        after_body = last == end or lines[last + 1].kind or last + 1 in head_lines
        if strong and not _opens(lines, cluster[0]) and after_body:
            k = first
            reach = max(1, min(typical if len(cluster) > 1 else 1, 6))
            while k > 0 and first - k < reach and not lines[k - 1].kind \
                    and _comment_like(lines[k - 1]) and lines[k - 1].nw < 120:
                k -= 1
            start = k
        if cluster[0].kinds[0] == "spam":
            start = _spam_walk(lines, start)
        # a heading right before the first head opens the section
        for j in range(start - 1, max(start - 3, -1), -1):
            if lines[j].kind == "header":
                start = j
                break
        kinds: dict[str, int] = {}
        for h in cluster:
            for kind in h.kinds:
                kinds[kind] = kinds.get(kind, 0) + 1
        reasons: dict[str, int] = {}
        for i in body:
            for r in lines[i].reasons:
                reasons[r] = reasons.get(r, 0) + 1
        yield start, end, {"heads": len(cluster), "kinds": kinds, "content": reasons,
                           "score": round(score, 2)}


def _describe(evidence: dict[str, Any]) -> str:
    content = ", ".join(f"{k} x{v}" for k, v in sorted(evidence["content"].items(),
                                                        key=lambda kv: (-kv[1], kv[0]))
                        if k not in ("not a comment", "reported speech"))
    if not evidence["heads"]:
        paragraphs = evidence["kinds"]["comment-styled paragraph"]
        text = (f"no interface markers, but {paragraphs} trailing paragraphs in a reader's voice "
                f"after the article, sharing {evidence['shared']:.0%} of their words with it")
    else:
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(evidence["kinds"].items(),
                                                        key=lambda kv: (-kv[1], kv[0])))
        text = f"{evidence['heads']} comment heads ({kinds})"
    if content:
        text += f"; content: {content}"
    return text


_CACHE: list = [None, None, None]  # text, lexicon, lines of the last document analysed


def analyse(doc: Document, lex: Lexicon) -> list[Line]:
    """The document's lines with markers classified and spam scored (shared by C101/C102)."""
    text = doc.text
    if _CACHE[0] is text and _CACHE[1] is lex:
        return _CACHE[2]
    lines = split_lines(text, lex)
    for line in lines:
        classify(lex, line)
    scan_spam(lex, text, lines)
    _CACHE[:] = [text, lex, lines]
    return lines


def _lines_with(lower: str, words: Iterable[str], starts: list[int]) -> set[int]:
    """Indices of the lines where any of ``words`` occurs as a substring of ``lower``."""
    import bisect

    found: set[int] = set()
    for word in words:
        pos = lower.find(word)
        while pos != -1:
            found.add(bisect.bisect_right(starts, pos) - 1)
            pos = lower.find(word, pos + len(word))
    return found


def scan_spam(lex: Lexicon, text: str, lines: list[Line]) -> None:
    """Score spam for every line; a pattern is tried only on lines holding its gate words."""
    lower = text.lower()
    tokens = frozenset(fast_tokens(lower))
    patterns = [(gate, rx) for gate, rx in lex.promo if gate_open(gate, tokens)]
    links = not _LINK_WORDS.isdisjoint(tokens)
    vocab = bool(lex.spam) and lex.spam.possible(tokens)
    if not (patterns or links or vocab):
        for line in lines:
            line._spam = (0.0, [])
        return
    everywhere = range(len(lines))
    aligned = len(lower) == len(text)  # case folding kept offsets: search the whole text
    starts = [line.start for line in lines]
    found: dict[int, list[str]] = {}
    for gate, rx in patterns:
        if gate and aligned:
            group = min(gate, key=lambda g: len(g & tokens))
            candidates = sorted(_lines_with(lower, group & tokens, starts))
        else:
            candidates = everywhere
        for index in candidates:
            if index < 0:
                continue
            line = lines[index]
            if gate_open(gate, line.wordset):
                found.setdefault(index, []).extend(
                    " ".join(m.group(0).split()) for m in rx.finditer(line.text.lower()))
    linked: set[int] = set()
    if links:
        if aligned:
            linked = {bisect_index for bisect_index in
                      _lines_with(lower, ("http", "www", ".com", ".net", ".org", ".info", ".biz",
                                          ".ly", ".io", ".tv", ".ru", ".pl", ".uk"), starts)
                      if bisect_index >= 0 and has_link(lines[bisect_index])}
        else:
            linked = {i for i, line in enumerate(lines) if has_link(line)}
    for index, line in enumerate(lines):
        promo, link = found.get(index, []), index in linked
        if promo or link or (vocab and line.nw <= 40):
            line._spam = spam_evidence(lex, line, promo, link)
        else:
            line._spam = (0.0, [])


class _FamilyRule(Rule):
    """Loads the word lists once, when the run starts: a bad file is a configuration error."""

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        from corpus_lint.config import ConfigError

        try:
            self._lex = lexicon_for(self.params)
        except DataError as exc:
            raise ConfigError(f"[rules.{self.code}] {exc}") from None

    def lexicon(self) -> Lexicon:
        return self._lex


class CommentSection(_FamilyRule):
    spec = RuleSpec.from_catalogue("C101")

    def check(self, doc: Document) -> Iterable[Finding]:
        lex = self.lexicon()
        lines = analyse(doc, lex)
        if len(lines) < 2:
            return
        for start, end, evidence in comment_sections(lex, lines, self.params):
            first, last = lines[start], lines[end]
            yield self.finding(
                doc, first.start, last.end,
                f"Reader-comment section ({end - start + 1} lines). Evidence: {_describe(evidence)}.",
                properties={"score": evidence["score"], "heads": evidence["heads"],
                            "markers": evidence["kinds"], "content": evidence["content"]})


# -- C102 spam messages ------------------------------------------------------------------------

_IMPERATIVE = frozenset({"check", "checkout", "visit", "click", "subscribe", "sub", "follow",
                         "watch", "like", "share", "download", "buy", "order", "call", "join",
                         "get", "go", "listen", "add", "vote", "support", "help", "look",
                         "please", "pls", "plz", "hey", "hi", "hello"})


def has_link(line: Line) -> bool:
    return not _LINK_WORDS.isdisjoint(line.wordset) and bool(_URL.search(line.text))


def spam_evidence(lex: Lexicon, line: Line, promo: list[str] | None = None,
                  link: bool | None = None) -> tuple[float, list[str]]:
    """Spam score of one line and the evidence behind it.

    ``promo`` (promotion matches) and ``link`` may be given when the caller scanned the whole
    document at once; otherwise they are computed here.
    """
    nw = line.nw
    if nw == 0:
        return 0.0, []
    lower_text = line.text.lower()
    if promo is None:
        promo = []
        wordset = line.wordset
        for gate, rx in lex.promo:
            if gate_open(gate, wordset):
                promo.extend(" ".join(m.group(0).split()) for m in rx.finditer(lower_text))
    if link is None:
        link = has_link(line)
    if not promo and not link and (nw > 40 or not lex.spam or not lex.spam.possible(line.wordset)):
        return 0.0, []
    if promo:  # words inside a promotion match are not counted again as vocabulary
        for match in promo:
            lower_text = lower_text.replace(match, " ")
        tokens = fast_tokens(lower_text)
        vocab = sorted(set(lex.spam.hits(tokens, frozenset(tokens)))) if lex.spam else []
    else:
        vocab = sorted(set(lex.spam.hits(line.lower, line.wordset))) if lex.spam else []
    if not (promo or vocab or link):
        return 0.0, []
    # long paragraphs need promotion or a link, not vocabulary alone (news writes about casinos)
    if not (promo or link) and (nw > 40 or len(vocab) < 2):
        return 0.0, []
    if nw > 80 and not promo:
        return 0.0, []
    density = (len(promo) * 3 + len(vocab)) / nw
    if nw > 40 and density < 0.05 and not (promo and nw <= 120):
        return 0.0, []
    evidence: list[str] = []
    score = 3.0 * min(len(promo), 2) + 1.0 * min(len(vocab), 3)
    if promo:
        evidence.append("promotion: " + ", ".join(sorted(set(promo))[:3]))
    if vocab:
        evidence.append("spam words: " + ", ".join(vocab[:5]))
    if link:
        evidence.append("link")
        score += 1.0 + (1.0 if promo else 0.5 if vocab else 0.0) + (0.5 if nw <= 12 else 0.0)
        if nw <= 40 and "](" not in line.text and lex.praise \
                and lex.praise.hits(line.lower, line.wordset):  # (not a Markdown link)
            score += 2.0  # "Great post! http://..." is the classic comment spam
            evidence.append("praise with a link")
    reasons = line.reasons
    if "shouting" in reasons:
        score += 0.5
        evidence.append("shouting")
    if line.lower and line.lower[0] in _IMPERATIVE:
        score += 0.5
    if "informal" in reasons:
        score += 0.3
    return score, evidence


class SpamMessage(_FamilyRule):
    spec = RuleSpec.from_catalogue("C102")

    def check(self, doc: Document) -> Iterable[Finding]:
        lex = self.lexicon()
        threshold = float(self.params["min-score"])
        lines = analyse(doc, lex)
        hits: list[tuple[int, float, list[str]]] = []
        for index, line in enumerate(lines):
            if line.spam_score >= threshold:
                hits.append((index, line.spam_score, line.spam_reasons))
        # consecutive spam lines of one paragraph are one message
        groups: list[list[tuple[int, float, list[str]]]] = []
        for hit in hits:
            if groups and hit[0] == groups[-1][-1][0] + 1 and not lines[hit[0]].blank_before:
                groups[-1].append(hit)
            else:
                groups.append([hit])
        for group in groups:
            first, last = lines[group[0][0]], lines[group[-1][0]]
            evidence = []
            for _, _, items in group:
                evidence.extend(e for e in items if e not in evidence)
            score = max(score for _, score, _ in group)
            yield self.finding(doc, first.start, last.end,
                               f"Spam message. Evidence: {'; '.join(evidence)} (score {score:.1f}).",
                               properties={"score": round(score, 2), "evidence": evidence})


# -- plugin -----------------------------------------------------------------------------------


@hookimpl
def corpus_lint_rules():
    return [CommentSection, SpamMessage]
