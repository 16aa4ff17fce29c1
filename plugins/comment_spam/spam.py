"""Spam evidence of every line (C102, and C101 which counts a spam message as a comment):
gated promotion patterns, spam vocabulary, links, praise wrapped round a link, shouting, an
imperative opening, and the statistical spam score (``spammodel``) of the lines that hold
any of these or a way to reach the spammer (a link, an e-mail address, a phone number or
short code). The whole document is searched once for each pattern's gate words, so a
pattern is tried only on the lines that may match it."""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Iterable, Sequence

from corpus_lint.documents.language import familiar_words, stop_words_of
from corpus_lint.documents.layout import lines_are_paragraphs

from .lexicon import Lexicon, fast_tokens, gate_open
from .lines import (FIRST_PERSON, FUNCTION_WORDS, LINK_WORDS, SECOND_PERSON, Line, has_link,
                    link_host_words, next_link_mark)
from .markers import is_name_line
from .spammodel import load_model
from .starts import find_matches

# a contact the spam wants you to use: an e-mail address, a phone number or a short code
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")
# ... or a keyword in capitals to send back: "Reply YES", "txt CLAIM" ("send" takes
# capitals in news: "send NASA astronauts"; "send STOP to 87239" has its short code)
_KEYWORD = re.compile(r"\b(?:[Rr]eply|REPLY|[Tt]xt|TXT|[Tt]ext|TEXT)\s+"
                      r"[\"'“]?[A-Z][A-Z0-9]{1,11}\b(?![a-z]|['’][a-z])")
_KEYWORD_WORDS = ("reply", "txt", "text")  # in the lower-cased text, or _KEYWORD cannot match
_PHONE = re.compile(r"[+\d][\d ()-]{4,}\d")  # then checked by _phone
MODEL_FROM = 2.0  # log-odds where the statistical score starts to count
MODEL_SLOPE = 0.5  # points per unit of log-odds above it
MODEL_MAX = 2.5  # at most: the model alone never reaches C102's min-score (3.5)
MODEL_MAX_WORDS = 80
LONGEST = 120  # words: a longer paragraph is spam only if its promotion is dense
DENSITY = 0.05  # promotion points (3 a match, 1 a spam word) per word
HEADLINE_WORDS = 15  # a longer first line is text, not a headline
PLUG_WORDS = 20  # an article's own plug is a paragraph of prose
SPAM_LINE = 3.5  # C102's default min-score: a line scoring this is a spam message

_IMPERATIVE = frozenset({"check", "checkout", "visit", "click", "subscribe", "sub", "follow",
                         "watch", "like", "share", "download", "buy", "order", "call", "join",
                         "get", "go", "listen", "add", "vote", "support", "help", "look",
                         "please", "pls", "plz", "hey", "hi", "hello"})
NO_SPAM: tuple[float, Sequence[str]] = (0.0, ())

# A message that tells the reader to act through the contact it gives: "Claim it now at
# <link>", "If you did not make this purchase, call <phone>", "Email me at <address>". An
# action verb opening a sentence or a clause, or after "please", "now", "just"...
_ACTIONS = ("call", "ring", "phone", "text", "txt", "reply", "send", "email", "e-mail", "visit",
            "click", "tap", "claim", "submit", "update", "verify", "confirm", "apply", "sign up", "buy",
            "register", "shop", "order", "book", "unlock", "reschedule", "press", "whatsapp", "dm",
            "contact", "log in", "login", "download", "join", "enter", "redeem", "collect", "go to",
            "complete", "fill in", "renew", "respond", "pay", "activate", "secure", "reset")
# ... "Listen now at <link>", "Watch it here": orders to consume what the link gives, which
# open a sentence only (a message's subject words may still be "watch" or "listen": they
# are no _ACTION_WORDS)
_CALL_TO_ACT = re.compile(
    r"(?:^|[.!?:;,)]\s+|\b(?:please|pls|plz|now|just|simply|then)\s+)"
    rf"(?:{'|'.join(_ACTIONS + ('listen', 'watch'))})\b")
# ... or an action verb followed by "now" wherever it stands ("To avoid prosecution renew it
# now at ...", "so claim yours today", "call our fraud team immediately", "Call now on
# 0207 ...", "buy before Friday!"): an order with a deadline needs no "you" to be
# addressed to the reader (not one reported after "to" or a modal: "Residents have been
# asked to register before midnight", "Fans can buy tickets before Friday")
_NOT_REPORTED = (r"(?<!\bto )(?<!\bcan )(?<!\bcould )(?<!\bshould )(?<!\bwill )(?<!\bmay )"
                 r"(?<!\bmust )")
_URGENT_ORDER = re.compile(
    rf"{_NOT_REPORTED}\b(?:{'|'.join(_ACTIONS)})\s+(?:[\w'’]+\s+){{0,3}}?"
    r"(?:now|today|tonight|immediately|asap"
    r"|before\s+(?:midnight|(?:mon|tues|wednes|thurs|fri|satur|sun)day|it'?s\s+too\s+late))\b")
# ... or an order about the reader's own things, wherever it stands ("To avoid prosecution
# update your details at ...", "verify your account", "claim ur prize"), not reported
_ORDER_ABOUT_YOURS = re.compile(
    rf"{_NOT_REPORTED}\b(?:{'|'.join(_ACTIONS)})\s+(?:your|ur|yr)\b")
# ... or, without a "you", a message that opens with an order to consume or buy and gives a
# link ("Discover a beautiful song http://...", "Watch my new video www..."; not "See" or
# "Read", with which documents refer to their sources)
_OPENING_ORDERS = frozenset({"discover", "watch", "listen", "subscribe", "download", "grab",
                             "earn", "win", "claim", "buy", "shop", "order", "register", "signup",
                             "meet", "visit", "click", "join", "get"})
# ... but not a publisher's label for its own media ("Watch: the penalty that sent England
# through", "Listen: the storm from inside the lighthouse"): the verb and a colon
_MEDIA_LABEL = re.compile(r"\s*(?:watch|listen)\s*:")
# ... or a sentence that asks to be reached: "I need a partner. Email me at", "Can you text
# me back on WhatsApp asap?"
_REACH_ME = re.compile(r"(?:^|[.!?]\s+)(?:(?:please|can\s+you|could\s+you)\s+)?(?:call|ring|phone|"
                       r"text|txt|e-?mail|contact|message|whatsapp|dm)\s+(?:me|us)\b")
_ADDRESS = re.compile(r"\S*(?:@|/|\w\.\w)\S*")  # a link, an e-mail address, a dotted name
_ACTION_WORDS = frozenset(word for action in _ACTIONS for word in action.replace("-", "").split())
CALL_TO_ACT = 2.5  # points: with the contact's 1 (a link's 1 or more), a spam message
CALL_TO_ACT_WORDS = 40  # a longer paragraph is the document's own text
OFF_TOPIC_SHARE = 0.25  # at most this share of its content words occur in the rest of the text
PROSE_LINE_WORDS = 15  # a block is written a paragraph a line when 3 lines this long end it
FEW_LINES = 64  # up to this many lines, each line's word set is tested, not the text searched
SUBJECT_WORDS = 3  # content words a message needs to have a subject ("email me at ..." has none)


def scan_spam(lex: Lexicon, text: str, lines: list[Line], folded: str | None = None) -> None:
    """Set the spam score and evidence of every line that may hold spam (``folded``:
    ``word_text(text)`` when the caller has it)."""
    lower = text.lower()
    tokens = _document_words(text, lower, lines, folded)
    present = lex.gates.words & tokens  # the gate words the document has (a few dozen)
    patterns = [(gate, rx) for gate, rx, pre in lex.gates.open(present)
                if pre is None or pre.search(lower)]
    links = not LINK_WORDS.isdisjoint(tokens)
    vocab = bool(lex.spam) and lex.spam.possible(tokens)
    contacts = _contacts(text, lower, lines)
    if not (patterns or links or vocab or contacts):
        return
    # case folding kept offsets: find the lines holding a word by searching the whole text
    starts = [line.start for line in lines] if len(lower) == len(text) else None
    found = _promotions(lower, present, patterns, lines, starts)
    linked = _linked(lower, lines, starts) if links else set()
    firsts = _first_words(lex, lines) if vocab else None
    own: set[int] | None = None  # lines that are paragraphs with no blank line (when needed)
    for index, line in enumerate(lines):
        promo, link, contact = found.get(index, []), index in linked, index in contacts
        if promo or link or contact or (vocab and (firsts is None or not firsts.isdisjoint(
                line.vocab)) and line.nw <= 40):
            alone = _alone(lines, index)
            calls = False
            if link or contact:
                if not alone and own is None:
                    own = _own_paragraphs(lines)
                calls = (alone or index in own) and _calls_to_act(line, lower)
            line.spam_score, line.spam_reasons = spam_evidence(
                lex, line, promo, link, contact, alone, calls)
            if line.spam_score and (not (link or contact) and _on_the_headline(lines, index)
                                    or _QUOTES_A_MESSAGE.search(line.text)
                                    or not link and (_ATTRIBUTED.search(line.text)
                                                     or _support_service(line.text))
                                    or _reports_an_event(line)):
                line.spam_score, line.spam_reasons = NO_SPAM


# A sentence of a story that reports on an offer rather than makes one ("Retailers offered
# up to 70% off, with the chain's website, example-store.co.uk, crashing for an hour"):
# long, in the third person (no I, we, you), its verbs told in the past or reported. A
# pasted message is short, speaks for its writer or to the reader, and in the present.
_NARRATED = re.compile(r"\b(?:was|were|had|said|say|says|told|reported|according\s+to)\b")
_PERSONS = FIRST_PERSON | SECOND_PERSON | {"we", "us", "our"}
NARRATIVE_WORDS = 16  # a pasted message is seldom longer and a story's sentence seldom shorter


def _reports_an_event(line: Line) -> bool:
    """The line is a story's sentence about an offer or a message (``_NARRATED``)."""
    return line.nw >= NARRATIVE_WORDS and _PERSONS.isdisjoint(line.wordset) \
        and _NARRATED.search(line.text.lower()) is not None


_HEAD_KINDS = frozenset({"signature", "stamp", "date"})


def _own_paragraphs(lines: list[Line]) -> set[int]:
    """Indices of the lines of blocks written one paragraph per line, with no blank line
    between paragraphs (``layout.lines_are_paragraphs``; not hard-wrapped prose): a message
    there stands alone for the call-to-act test (not for the half point of a promotion: in
    lists and changelogs every line would earn it)."""
    own: set[int] = set()
    start = 0
    for index, line in enumerate(lines):
        if line.blank_after or index == len(lines) - 1:
            block = [lines[i].text for i in range(start, index + 1)]
            if len(block) > 1 and lines_are_paragraphs(block) and sum(
                    len(text.split()) >= PROSE_LINE_WORDS and text.rstrip()[-1] in ".!?\"'”"
                    for text in block) >= 3:  # (paragraphs of prose, not a list or a sig)
                own.update(range(start, index + 1))
            start = index + 1
    return own


def _alone(lines: list[Line], index: int) -> bool:
    """Line ``index`` is a paragraph of its own (not the headline), or the text under a
    comment's head: its writer's name, a date or a stamp, or a name over a date."""
    line = lines[index]
    if index == 0 or not line.blank_after:
        return False
    if line.blank_before:
        return True
    for head in (lines[index - 1], lines[index - 2]) if index > 2 else (lines[index - 1],):
        if not (head.kind in _HEAD_KINDS or is_name_line(head)):
            return False
        if head.blank_before:
            return head is not lines[0]
    return False


def _calls_to_act(line: Line, lower: str) -> bool:
    """A short paragraph that asks the reader to act through its contact ("you", "your",
    "u" with an order, an order to send a keyword back ("Reply CITY to enter"), an order
    with a deadline, or "email me", "call us") and is off the document's subject: few of
    its content words occur in the rest of the text (a bare "email me at ..." has no
    subject to be off). Spam is pasted in from elsewhere; a story's own appeal ("if you saw
    the crash, please call police on ...") is written about the story, and a README's
    "please report bugs at <its tracker>" names its project."""
    if line.nw > CALL_TO_ACT_WORDS:
        return False
    text = line.text.lower()
    if not (_CALL_TO_ACT.search(text) and (not SECOND_PERSON.isdisjoint(line.wordset)
                                           or _KEYWORD.search(line.text))
            or _URGENT_ORDER.search(text) or _ORDER_ABOUT_YOURS.search(text)
            or _REACH_ME.search(text)
            or line.lower and line.lower[0] in _OPENING_ORDERS and has_link(line)
            and "](" not in text  # (a Markdown link is a document's reference)
            and not _MEDIA_LABEL.match(text)):
        return False
    if _names_the_subject(text, lower) or _public_sites_only(text):
        return False
    said = _ADDRESS.sub(" ", text)  # the message without the names in its contacts
    common = stop_words_of("en") or FUNCTION_WORDS  # ("have", "will": in any English text)
    words = {w for w in fast_tokens(said) if len(w) > 3 and w.isalpha() and w not in common
             and w not in FUNCTION_WORDS and w not in SECOND_PERSON and w not in _ACTION_WORDS}
    if len(words) < SUBJECT_WORDS:
        return False
    shared = 0
    easy = familiar_words()
    for word in words:  # as a word or the start of one ("refund": "refunds", not "prefund")
        if word in easy:
            continue  # "year", "much", "money": any story may use them, they name no subject
        starts = re.compile(rf"(?<![^\W\d_]){re.escape(word)}")
        shared += len(starts.findall(lower)) > len(starts.findall(text))
    return shared <= OFF_TOPIC_SHARE * len(words)


# A story quoting the message it reports on: 'One such text read: "Your account has been
# locked. Please verify your details at ..."', 'The e-mail said: "Claim your prize"'.
_QUOTES_A_MESSAGE = re.compile(r"^\S.{0,80}?\b(?:read|reads|said|says|stated|states|wrote|"
                               r"writes|warned|warns|saying|reading)\s*[:,]\s*[\"“]")
# ... or one that says who said what it reports: '"Text VOTE to 63333 now," the presenter
# told viewers', "Send STOP to unsubscribe, the company's messages say", "..., according to
# the complaint" (a pasted message speaks for itself; with a link it may quote a testimonial)
_ATTRIBUTED = re.compile(r"[,\"”]\s+(?:according\s+to\b|(?:[\w'’-]+\s+){1,4}?"
                         r"(?:said|says|say|told|added|explained|warned|reported)\b)")
# ... or the support line a story closes with, for readers it may have distressed ("you can
# contact Samaritans free on 116 123 or text SHOUT to 85258"): a public service's number is
# no promotion, though its short code is written as one. Named by the service (a message
# telling a sad story, "a friend who tried to commit suicide", may still be spam; a debt
# offer's "free, confidential advice" is not among them).
_SUPPORT_SERVICE = re.compile(
    r"(?i)\b(?:help\s?line|crisis\s+(?:text\s+)?(?:line|lifeline|counsel|support|team|cent(?:re|er))"
    r"|samaritans|childline|counsel+(?:or|ing)|mental\s+health|domestic\s+abuse"
    r"|confidential\s+support|support\s+is\s+available)")
# ... but a support line neither charges by the minute or message nor hands out prizes:
# "To claim call our prize helpline 09066612345. 150p/min" is a premium-rate scam's
_PRIZE_OR_RATE = re.compile(r"(?i)\b(?:won|wins?|winner|prizes?|claim|bonus|cash)\b"
                            r"|\d\s?p\s?/|[£$€]\s?\d+(?:\.\d+)?\s?/|\bper\s+(?:min|minute|msg|text)")


def _support_service(text: str) -> bool:
    """A public service's support line (``_SUPPORT_SERVICE``), not a scam using its words."""
    return bool(_SUPPORT_SERVICE.search(text)) and not _PRIZE_OR_RATE.search(text)


_HOST = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})")
SITE_WORD = 5  # letters of a word of the text that a site's name must hold
SITE_SHARE = 0.5  # of the letters of a site's name (its top-level domain aside)


# The domains of public bodies, which a scam cannot register: a message sending readers to
# one is a public notice ("Visit www.gov.uk/register-to-vote now"); a scam's look-alike
# ("gov-uk-refunds.com", "hmrc.gov.uk.verify-id.net") ends otherwise.
_PUBLIC_SUFFIXES = (".gov", ".gov.uk", ".nhs.uk", ".ac.uk", ".police.uk", ".edu", ".mil",
                    ".int", ".gc.ca", ".gov.au", ".govt.nz", ".europa.eu", ".gouv.fr")


def _hosts(text: str) -> list[str]:
    """The hosts of the links and bare domains in ``text`` (``_HOST``)."""
    return [m.group(1) for m in _HOST.finditer(text) if "." in m.group(1)]


def _public_sites_only(text: str) -> bool:
    """The line's links all go to public bodies' sites (``_PUBLIC_SUFFIXES``)."""
    hosts = _hosts(text)
    return bool(hosts) and all(("." + host).endswith(_PUBLIC_SUFFIXES) for host in hosts)


def _names_the_subject(text: str, lower: str) -> bool:
    """A link to a site named after what the text is about ("leedsgrandtheatre.com" under
    a story on the Leeds Grand Theatre): the story's own plug, not a pasted message. The
    words of the text must make up most of the site's name (``SITE_SHARE`` of its
    letters): a scam's "hmrc-refunds-online.com" holds "online", a word of any story on
    the web, and is not named after it."""
    hosts = _hosts(text)
    if not hosts:
        return False
    rest = _ADDRESS.sub(" ", lower.replace(text, " "))  # (not the message's own words)
    words = {w for w in fast_tokens(rest) if len(w) >= SITE_WORD and w.isalpha()}
    for host in hosts:
        name = "".join(char for char in host.rsplit(".", 1)[0] if char.isalpha())
        found = [word for word in words if word in name]
        if found and _covered(name, found) >= SITE_SHARE * len(name):
            return True
    return False


def _covered(name: str, words: list[str]) -> int:
    """Letters of ``name`` inside an occurrence of any of ``words``."""
    covered = bytearray(len(name))
    for word in words:
        at = name.find(word)
        while at != -1:
            covered[at:at + len(word)] = b"\x01" * len(word)
            at = name.find(word, at + 1)
    return sum(covered)


def _on_the_headline(lines: list[Line], index: int) -> bool:
    """Line ``index``, a paragraph of prose, carries the subject of the headline (the first
    line, a short one that is no spam itself): at least half its words. Spam is pasted in
    from elsewhere and promotes something the article is not about; a paragraph on the
    headline's subject, with no link or contact to follow, is the article's own plug (a
    blog's course, its page on a social site). A short line may be spam repeating a spam
    headline's words."""
    headline = lines[0]
    if index == 0 or headline.nw > HEADLINE_WORDS or headline.spam_score >= SPAM_LINE \
            or lines[index].nw < PLUG_WORDS:
        return False
    subject = {w for w in headline.wordset if len(w) > 2 and w not in FUNCTION_WORDS}
    return bool(subject) and 2 * len(subject & lines[index].wordset) >= len(subject)


def _document_words(text: str, lower: str, lines: list[Line],
                    folded: str | None) -> frozenset[str]:
    """The words of the lower-cased document: those of its lines together (``Page``: of
    the lexicon's vocabulary, what is looked up in them). Folding the case before or after
    punctuation is made spaces gives the same words but for a capital sigma (its final
    form depends on the characters beside it), so only then is the document tokenised
    apart."""
    if folded is None or "\u03a3" in text:
        return frozenset(fast_tokens(lower))
    return lines[0].page.words if lines else frozenset()


def _first_words(lex: Lexicon, lines: list[Line]) -> frozenset[str] | None:
    """The first words of spam phrases among the lines' words (``Page``): a line holding
    none of them holds no phrase (``lex.spam.possible`` of its words is false), found by a
    set test of a few words before the line's words are counted or looked up. None (no
    test) for a list with prefixes, which any word may start with."""
    if lex.spam.prefixes or not lines:
        return None
    return lines[0].page.firsts(lex.spam)


def _phone(text: str, m: re.Match) -> bool:
    """A phone number (9 digits or more) or a short code (5 or 6 digits), not part of a
    figure ("1,250,000", "12.5%") nor of a link's path or query ("/stream/257879-simd",
    "?id=40750213")."""
    if m.start() and text[m.start() - 1] in ".,/#=_&?%":
        return False
    if m.end() < len(text) and text[m.end()] in ".,%" and text[m.end() + 1:m.end() + 2].isdigit():
        return False
    digits = sum(ch.isdigit() for ch in m.group(0))
    return digits >= 9 or (5 <= digits <= 6 and m.group(0).isdigit())


def _contacts(text: str, lower: str, lines: list[Line]) -> set[int]:
    """Indices of the lines holding an e-mail address, a phone number, a short code or a
    keyword to send back ("Reply YES for a free call back": the reply is the contact).
    ``lower``: the text lower-cased, whose substring tests gate the keyword's regex (ten
    times cheaper than a case-blind search for the words)."""
    found = [m for m in _PHONE.finditer(text) if _phone(text, m)] if _five_digits(text) else []
    if "@" in text:
        found += _EMAIL.finditer(text)
    if any(word in lower for word in _KEYWORD_WORDS):
        found += _KEYWORD.finditer(text)
    if not found:
        return set()
    starts = [line.start for line in lines]
    return {bisect.bisect_right(starts, m.start()) - 1 for m in found} - {-1}


_DIGITS_AS_0 = bytes(48 if 48 <= b <= 57 else 120 for b in range(256))  # "0"-"9" -> "0", else "x"
_ASCII = bytes(range(128))
_DIGIT = re.compile(r"\d")


def _five_digits(text: str) -> bool:
    """Whether ``_phone`` can accept a match of ``_PHONE``: it needs five digits with only
    " ()-" between them, which are five digits in a row once those are deleted (bytes
    functions in C, 3x cheaper than the regex; most news has no such figure). A text
    with digits beyond ASCII (``\\d`` takes them) is left to the regex."""
    raw = text.encode("utf-8", "surrogatepass")
    if not text.isascii() and _DIGIT.search(raw.translate(None, _ASCII).decode(
            "utf-8", "surrogatepass")):
        return True
    return b"00000" in raw.translate(_DIGITS_AS_0, b" ()-")


def _lines_with(lower: str, words: Iterable[str], lines: list[Line],
                starts: list[int]) -> set[int]:
    """Indices of the lines where any of ``words`` occurs as a substring of ``lower``
    (-1: before the first line). After a hit the search goes on from the end of its line:
    the work is one search per line holding the word, not one per occurrence (a document
    written as one line holds thousands)."""
    found: set[int] = set()
    for word in words:
        pos = lower.find(word)
        while pos != -1:
            index = bisect.bisect_right(starts, pos) - 1
            found.add(index)
            pos = lower.find(word, max(pos + len(word), lines[index].end if index >= 0 else 0))
    return found


def _promotions(lower: str, present: frozenset[str], patterns, lines: list[Line],
                starts: list[int] | None) -> dict[int, list[str]]:
    """The promotion matches of each line, in pattern order (``present``: the document's
    gate words, which a gate's groups are cut down to)."""
    found: dict[int, list[str]] = {}
    lowered: dict[int, str] = {}  # each line lower-cased once, not once per pattern
    for gate, rx in patterns:
        if gate and starts is not None and len(lines) > FEW_LINES:
            group = min(gate, key=lambda g: len(g & present))
            candidates: Iterable[int] = _lines_with(lower, group & present, lines, starts)
        else:
            candidates = range(len(lines))
        for index in candidates:
            if index >= 0 and gate_open(gate, lines[index].vocab):
                if index not in lowered:
                    lowered[index] = lines[index].text.lower()
                matches = [" ".join(m.group(0).split()) for m in find_matches(rx, lowered[index])
                           if not _few_sites(m.group(0))]
                if matches:  # (most tries find none: no empty list kept for the line)
                    found.setdefault(index, []).extend(matches)
    return found


# the site a link goes to: its host without "www." (an address or a bare domain)
_SITE = re.compile(r"(?:https?://|www\.)(?:www\.)?([^/\s,;|()\[\]<>\"']+)"
                   r"|(?<![\w./@-])((?:[\w-]+\.)+(?:com|net|org|info|biz|ru|pl))\b")
SEO_SITES = 3


def _few_sites(match: str) -> bool:
    """A list of three links or more into fewer than three sites: a technical post's links
    to one project's tracker and docs ("#812 https://github.com/o/r/pull/812 ..."), not an
    SEO link list, whose links send readers to many sites. (Only matches holding three
    links are looked at: a pattern's match is one phrase most of the time.)"""
    if match.count(".") < 3:
        return False
    sites = [a or b for a, b in _SITE.findall(match)]
    return len(sites) >= 3 and len(set(sites)) < SEO_SITES


def _linked(lower: str, lines: list[Line], starts: list[int] | None) -> set[int]:
    """Indices of the lines holding a link: of those where a mark of one occurs
    (``_marked_lines``), the ones ``has_link`` confirms."""
    if starts is None:
        return {i for i, line in enumerate(lines) if has_link(line)}
    return {i for i in _marked_lines(lower, lines, starts) if i >= 0 and has_link(lines[i])}


def _marked_lines(lower: str, lines: list[Line], starts: list[int]) -> set[int]:
    """``_lines_with(lower, LINK_MARKS, ...)`` in one pass of an automaton over the text
    instead of a search per mark (32 of them, most news holding none: a tenth of the
    family's time over BBC, issue 17); after a hit the pass goes on from its line's end."""
    found: set[int] = set()
    start = next_link_mark(lower)
    while start is not None:
        index = bisect.bisect_right(starts, start) - 1
        found.add(index)
        start = next_link_mark(lower, max(start + 1, lines[index].end if index >= 0 else 0))
    return found


def spam_evidence(lex: Lexicon, line: Line, promo: list[str], link: bool,
                  contact: bool = False, alone: bool = False, calls_to_act: bool = False
                  ) -> tuple[float, Sequence[str]]:
    """Spam score of one line and the evidence behind it, given its promotion matches,
    whether it holds a link, a contact (e-mail, phone, short code), whether it is a
    paragraph of its own after the headline, and whether it asks the reader to act through
    its contact, off the document's subject (``_calls_to_act``)."""
    nw = line.nw
    if not promo and not link and not contact \
            and (nw > 40 or not lex.spam or not lex.spam.possible(line.wordset)):
        return NO_SPAM
    if nw > LONGEST and not (promo and _dense_enough(nw, promo, _most_vocab(lex))):
        return NO_SPAM  # (what _worth_scoring says of it whatever its spam words)
    vocab = _spam_words(lex, line, promo)
    if link and lex.spam:  # what the address itself says ("www.cheap-pills-online.biz")
        words = link_host_words(line.text)
        vocab = sorted(set(vocab).union(lex.spam.hits(words, frozenset(words))))
    model = _model_points(line) if nw <= MODEL_MAX_WORDS else 0.0
    if not model and not calls_to_act and not _worth_scoring(nw, promo, vocab, link):
        return NO_SPAM
    evidence: list[str] = []
    score = 3.0 * min(len(promo), 2) + 1.0 * min(len(vocab), 3)
    if model:
        score += model
        evidence.append(f"statistical spam score {model:.1f}" + (" with a contact" if contact else ""))
    if contact and (model or calls_to_act):
        score += 1.0
    if calls_to_act:
        score += CALL_TO_ACT
        evidence.append("asks the reader to act through a contact, off the text's subject")
    if promo:
        evidence.append("promotion: " + ", ".join(sorted(set(promo))[:3]))
        # a short paragraph of its own that is all promotion (not a line of wrapped text)
        score += 0.5 if nw <= 25 and alone else 0.0
    if vocab:
        evidence.append("spam words: " + ", ".join(vocab[:5]))
    if link:
        score += _link_score(lex, line, promo, vocab, evidence)
    if "shouting" in line.reasons:
        score += 0.5
        evidence.append("shouting")
    if line.lower and line.lower[0] in _IMPERATIVE:
        score += 0.5
    if "informal" in line.reasons:
        score += 0.3
    return score, evidence


def _model_points(line: Line) -> float:
    """Points from the statistical score: none under MODEL_FROM, at most MODEL_MAX."""
    z = load_model().score(line.text)
    return min(MODEL_MAX, (z - MODEL_FROM) * MODEL_SLOPE) if z > MODEL_FROM else 0.0


def _spam_words(lex: Lexicon, line: Line, promo: list[str]) -> list[str]:
    """The spam vocabulary of a line; words inside a promotion match are not counted again."""
    if not lex.spam:
        return []
    if not promo:
        found = set(line.hits(lex.spam))
    else:
        tokens = fast_tokens(without(line.text.lower(), promo))
        found = set(lex.spam.hits(tokens, frozenset(tokens)))
    if found and "." in line.text:
        lower = line.text.lower()
        found = {word for word in found if " " in word or _as_a_word(word, lower)}
    return sorted(found)


def _as_a_word(word: str, lower: str) -> bool:
    """Whether ``word`` stands in ``lower`` at least once as a word, not only as a part of a
    dotted name ("crypto.sign", "node.crypto" in a changelog are an API, not spam talk)."""
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w]|\.\w)", lower) is not None


def without(text: str, matches: list[str]) -> str:
    """``text`` with each match made a space, one after the other (``text.replace(match,
    " ")`` for each). The same match again (a pattern's repeats come together) changes the
    text only where cutting it made a new one: a pass for each match, not for each of its
    repeats (a long line holds thousands)."""
    for match, run in itertools.groupby(matches):
        for _ in run:
            cut = text.replace(match, " ")
            if cut == text:
                break
            text = cut
    return text


def _worth_scoring(nw: int, promo: list[str], vocab: list[str], link: bool) -> bool:
    """Long paragraphs need promotion or a link, not vocabulary alone (news writes about
    casinos), and the longest need promotion dense enough."""
    if not (promo or vocab or link):
        return False
    if not (promo or link) and (nw > 40 or len(vocab) < 2):
        return False
    if nw > 80 and not promo:
        return False
    return nw <= 40 or bool(promo) and nw <= LONGEST or _dense_enough(nw, promo, len(vocab))


def _dense_enough(nw: int, promo: list[str], vocab: int) -> bool:
    """Promotion dense enough in a long paragraph, with ``vocab`` spam words."""
    return (len(promo) * 3 + vocab) / nw >= DENSITY


def _most_vocab(lex: Lexicon) -> float:
    """The most spam words a line can have (no bound: infinite)."""
    most = lex.spam.most_hits if lex.spam else 0
    return float("inf") if most is None else most


def _link_score(lex: Lexicon, line: Line, promo: list[str], vocab: list[str],
                evidence: list[str]) -> float:
    """A link is worth more beside promotion or spam words, on a short line, and after
    praise ("Great post! http://..." is the classic comment spam)."""
    evidence.append("link")
    score = 1.0 + (1.0 if promo else 0.5 if vocab else 0.0) + (0.5 if line.nw <= 12 else 0.0)
    praise = lex.markers.praise
    if line.nw <= 40 and "](" not in line.text and praise \
            and line.hits(praise):  # (not a Markdown link)
        score += 2.0
        evidence.append("praise with a link")
    return score
