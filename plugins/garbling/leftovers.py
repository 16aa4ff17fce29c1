"""G102's evidence: what a failed translation leaves of its source. Runs of another script,
runs of another Latin-script language's function words, and transliterated words left in
lower case (neither English words nor capitalised like names)."""
from __future__ import annotations

import re
from functools import lru_cache

from corpus_lint.lazyre import lazy

from .model import load_foreign_words, load_toml

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Scripts whose presence inside an English paragraph is a leftover, not a loanword.
# compiled when a paragraph has a character beyond Greek (``lazy``: 5-10 ms at start-up)
_FOREIGN_RUN = lazy(
    r"[\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0900-\u0DFF\u0E00-\u0E7F\u1100-\u11FF"
    r"\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]+"
    r"(?:[\s\d,.·、，。]*[\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0900-\u0DFF\u0E00-\u0E7F"
    r"\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]+)*")
_CJK = lazy(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]")
_NON_GREEK = re.compile(r"[^\x00-\u03FF]")
# a bracketed name in Latin letters right after a run of another script: its romanisation
_ROMANISED = re.compile(r"\s*[(（]\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*[)）]")


def foreign_fragments(text: str) -> list[tuple[int, int]]:
    """Runs of another script inside a paragraph that is otherwise English.

    A run in brackets right after a word (``Tokyo (東京)``) is a gloss, not a leftover; a
    run followed by a bracketed name in Latin letters is that name, romanised.
    """
    if text.isascii() or not _NON_GREEK.search(text):  # isascii: a flag, not a scan
        return []
    latin = len(_LATIN.findall(text))
    out = []
    for match in _FOREIGN_RUN.finditer(text):
        start, end = match.start(), match.end()
        before = text[max(0, start - 2):start]
        after = text[end:end + 1]
        if ("(" in before or "（" in before or "《" in before or "「" in before) and after in ")）》」":
            continue
        if _ROMANISED.match(text, end):  # "أحمد المحمودي (Ahmed El-Mahmoudy)": the name's
            continue  # own spelling in Latin letters follows it
        if not _CJK.search(match.group()) and end - start < 3:
            continue
        out.append((start, end))
    foreign = sum(end - start for start, end in out)
    if latin < 20 or foreign * 2 > latin:
        return []  # not an English paragraph with leftovers: a foreign paragraph or a quote
    return out


# A run of another script this short is the size of a name: Chinese, Japanese and Korean
# names take 2 to 4 characters, others 1 to 3 words.
NAME_CHARACTERS = 4
NAME_WORDS = 3


def name_sized(run: str) -> bool:
    """Whether a run of another script (``foreign_fragments``) is no longer than a name.
    In a technical document such a run is a contributor credited in a changelog ("Based on
    a patch by 张丹丹 <...>", "Reported by 강우진") or a sample string, not a leftover:
    whole clauses left untranslated are longer."""
    words = run.split()
    if _CJK.search(run) and len(words) == 1:
        return len(run) <= NAME_CHARACTERS
    return len(words) <= NAME_WORDS


# A run of another language has at least this many of its function words (distinct).
MIN_FOREIGN_HITS = 3


def foreign_word_runs(tokens: list[str], window: int = 6, min_hits: int = MIN_FOREIGN_HITS,
                      min_non_particles: int = 2) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, language) of runs where at least ``min_hits`` distinct
    lower-case function words of one other language fall within ``window`` tokens: none
    in tokens with fewer than ``min_hits`` function words of any other language."""
    languages, particles, every = load_foreign_words()
    # most English paragraphs have none of these words: said in C without counting them
    if (min_hits > 0 and every.isdisjoint(tokens)
            or sum(map(every.__contains__, tokens)) < min_hits):
        return []
    runs: list[tuple[int, int, str]] = []
    for lang, words in languages.items():
        hits = [i for i, tok in enumerate(tokens) if tok in words]
        if len(hits) < min_hits:
            continue
        for k in range(len(hits) - min_hits + 1):
            span = [i for i in hits[k:] if i < hits[k] + window]
            distinct = {tokens[i] for i in span}
            if (len(distinct) >= min_hits
                    and len(distinct - particles) >= min_non_particles
                    and not (runs and runs[-1][2] == lang and runs[-1][1] > hits[k])):
                runs.append((hits[k], span[-1] + 1, lang))
    runs.sort()
    merged: list[tuple[int, int, str]] = []
    for run in runs:
        if merged and run[0] < merged[-1][1]:
            continue
        merged.append(run)
    return merged


def named(tokens: list[str], language: str) -> bool:
    """A run whose words, but for the language's function words, are all capitalised is a
    name in that language ("Institut des Previsions Economiques et Financieres pour
    l'Industrie", "Banco de la Nacion"), which English text keeps as it is; a sentence left
    untranslated has words of its own in lower case."""
    function_words = load_foreign_words()[0][language]
    words = [t for t in tokens if t[:1].isalpha() and t.lower() not in function_words]
    return bool(words) and all(t[0].isupper() for t in words)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_DERIVATIONS = ("ment", "ments", "ness", "less", "ful", "ly", "ers", "er", "ings", "ing",
                "ed", "es", "s", "ism", "ist", "ists", "ity", "able", "ation", "ations",
                "ated", "ates", "ification", "ifications", "ization", "izations",
                "isation", "isations")


@lru_cache(maxsize=1 << 16)
def is_typo(word: str, vocabulary: frozenset) -> bool:
    """An English word in disguise: a compound of two English words ("writedown"), an
    English word with a derivational suffix ("extinguishment", "organification",
    "iodinated"), spelled as speech (``_spoken``), one deletion, insertion,
    substitution or transposition away from an English word ("retruned"), or typing: a
    letter held down ("sloooow"), function words run together ("onthe").

    The compounds, suffixes and edits only for words of seven letters or more: shorter
    transliterations ("hamu", "tika") are one edit away from some English word by chance.
    """
    if any(ch * 3 in word for ch in set(word)):
        return True  # a letter held down ("neeeds", "sloooow"): hardly a spelling
    if _spoken(word, vocabulary):
        return True  # speech written as fiction spells it ("goin", "knowed")
    if scientific(word):
        return True  # chemistry's and medicine's word formation ("chlorpheniramine")
    if len(word) < 7:
        return _short_typo(word)
    for i in range(3, len(word) - 2):
        if word[:i] in vocabulary and word[i:] in vocabulary:
            return True
    for suffix in _DERIVATIONS:
        # the stem as it is or with the "e" the suffix took ("iodination": iodine)
        if word.endswith(suffix) and (word[:-len(suffix)] in vocabulary
                                      or word[:-len(suffix)] + "e" in vocabulary):
            return True
    return _one_edit_away(word, vocabulary)


def _spoken(word: str, vocabulary: frozenset) -> bool:
    """An English word spelled as fiction writes speech (eye dialect): the "g" dropped from
    "-ing" ("goin", "sittin", "lookin": the apostrophe after them is not a letter) or a
    regular past of an irregular verb ("knowed", "blowed", "growed"). Huckleberry Finn's
    and Dracula's dialogue is full of them; a transliteration seldom ends in "in" with
    English before the "g" it lacks, or in "ed" after an English verb."""
    return word.endswith("in") and word + "g" in vocabulary \
        or word.endswith("ed") and word[:-2] in vocabulary


SCIENTIFIC_FILE = "scientific-morphemes.toml"


def scientific(word: str) -> bool:
    """A word built as chemistry, pharmacology and medicine build theirs ("diphenhydramine",
    "hydrodealkylation", "appendectomy", "nifedipine", "hydroxypropyl": the endings and
    roots of rules/garbling/scientific-morphemes.toml): English technical vocabulary the
    word list lacks, not a transliteration."""
    shortest, pattern = _scientific_pattern()
    return len(word) >= shortest and pattern.search(word) is not None


@lru_cache(maxsize=1)
def _scientific_pattern() -> tuple[int, re.Pattern]:
    data = load_toml(SCIENTIFIC_FILE)
    endings = "|".join(map(re.escape, sorted(data["endings"], key=len, reverse=True)))
    roots = "|".join(map(re.escape, sorted(data["roots"], key=len, reverse=True)))
    return int(data["min-letters"]), re.compile(rf"(?:{endings})$|{roots}")


# Function words run together in typing ("onthe", "butit", "ofthe"): a transliteration is
# seldom two of them glued (one glued to an English word is: "jaat", "shahi", "rana").
_GLUED = frozenset("an the of on in to at it is be as by or and but for not you we he she "
                   "they my your".split())


def _short_typo(word: str) -> bool:
    """A word under seven letters that is two function words run together ("onthe",
    "butit"). Only that: a short transliteration is one edit, a swap of two letters
    ("pani", "nito") or a function word away from some English word by chance ("jaat",
    "rana")."""
    return any(word[:i] in _GLUED and word[i:] in _GLUED for i in range(2, len(word) - 1))


def _one_edit_away(word: str, vocabulary: frozenset) -> bool:
    """One deletion, transposition, substitution or insertion turns ``word`` into an
    English word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right and left + right[1:] in vocabulary:
            return True
        if len(right) > 1 and left + right[1] + right[0] + right[2:] in vocabulary:
            return True
        for letter in _LETTERS:
            if right and left + letter + right[1:] in vocabulary:
                return True
            if left + letter + right in vocabulary:
                return True
    return False


def looks_transliterated(token: str) -> bool:
    """A word ``lowercase_unknown`` looks at when it is not English: lower-case ASCII
    letters, at least four of them and two vowels ("dlrs", "avgs": abbreviations)."""
    return (token.islower() and len(token) >= 4 and token.isascii() and token.isalpha()
            and sum(map(token.count, "aeiou")) >= 2)


def transliteration_candidates(tokens, vocabulary: frozenset) -> set[str]:
    """The tokens ``lowercase_unknown`` reports where they stand: lower-case ASCII words
    that are not English words, abbreviations (``looks_transliterated``) or English words
    in disguise (``is_typo``)."""
    candidates = set(filter(looks_transliterated, set(tokens) - vocabulary))  # or a table
    return {tok for tok in candidates if not is_typo(tok, vocabulary)}


def lowercase_unknown(tokens: list[str], vocabulary: frozenset,
                      candidates: set[str] | None = None) -> list[str]:
    """Lower-case ASCII words that are not English words (transliterations), in order.

    Words at the start of a sentence or a quotation, abbreviations (fewer than two vowels),
    and English words in disguise (``is_typo``) do not count. ``candidates``: the tokens'
    ``transliteration_candidates`` when already known.
    """
    if candidates is None:
        candidates = transliteration_candidates(tokens, vocabulary)
    if not candidates:
        return []
    borrowed = _in_loan_phrases(tokens, candidates)
    out = []
    previous = "."
    for index, token in enumerate(tokens):
        if token in candidates and previous not in (".", "!", "?", '"', "'", "(") \
                and index not in borrowed:
            out.append(token)
        previous = token
    return out


LOAN_PHRASES_FILE = "loan-phrases.toml"


def _in_loan_phrases(tokens: list[str], candidates: set[str]) -> set[int]:
    """Indices of the tokens that stand in a phrase English borrows ("in vitro", "inter
    alia", "raison d'etre": rules/garbling/loan-phrases.toml), or are one of its words of
    reference ("ibid")."""
    phrases, words, longest = _loan_phrases()
    # the tokens' words, an apostrophe or hyphen splitting them ("d'etre": d, etre), each
    # with the index of its token; punctuation left out
    spelled = [(word, index) for index, token in enumerate(tokens) if token[:1].isalnum()
               for word in _APOSTROPHE_OR_HYPHEN.split(token.lower()) if word]
    found: set[int] = set()
    for at, (word, index) in enumerate(spelled):
        if tokens[index] not in candidates:
            continue
        if word in words:
            found.add(index)
            continue
        for size in range(2, longest + 1):  # every phrase of ``size`` words holding it
            for first in range(max(0, at - size + 1), at + 1):
                if tuple(w for w, _ in spelled[first:first + size]) in phrases:
                    found.add(index)
    return found


_APOSTROPHE_OR_HYPHEN = re.compile(r"['’-]")


@lru_cache(maxsize=1)
def _loan_phrases() -> tuple[frozenset, frozenset, int]:
    data = load_toml(LOAN_PHRASES_FILE)
    phrases = frozenset(tuple(phrase.split()) for phrase in data["phrases"])
    return phrases, frozenset(data["words"]), max(map(len, phrases))


# What a paragraph of technical writing holds besides prose: inline code, Markdown link
# targets, reference labels ("[Pietro Albini][pietro]") and reference definitions, and
# whitespace-separated chunks that are code or
# addresses (a name glued to "=", "_", "/", "#", "<", ">", "{", "}", "|", "@" or "\\", a
# command-line option "--init" / "-fi", a dotted name "child_process.md").
_CODE_SPAN = lazy(r"`[^`\n]*`|\]\([^)\s]*\)|\]\[[^\]\n]*\]|^[ \t]*\[[^\]\n]+\]:.*$", re.M)
_CODE_CHUNK = lazy(r"\S*[=_/#<>{}|@\\]\S*|(?<!\S)--?[A-Za-z]\S*|\S*[A-Za-z]\.[A-Za-z]\S*")


def outside_code(text: str, words: list[str]) -> list[str]:
    """``words`` (unknown lower-case words of ``text``) that stand in its prose: a word seen
    only in code, a path, an option or a link target ("./configure --with-oniguruma=builtin",
    "[`.fork()`]: #clusterforkenv"), or also inside one (a user name linked to its profile
    page), is an identifier, not a transliteration left by a failed translation."""
    if not words:
        return words
    code: list[str] = []

    def blank(match: re.Match) -> str:
        code.append(match.group())
        return " "

    prose = _CODE_CHUNK.sub(blank, _CODE_SPAN.sub(blank, text))
    in_code = set(re.findall(r"[a-z]+", " ".join(code)))
    in_prose = set(re.findall(r"[a-z]+", prose))
    return [word for word in words if word in in_prose and word not in in_code]


# British and Commonwealth spellings the (American) word list lacks, as rewritings that
# give the American form, each where only English puts it (a Spanish "pollo" or a French
# "lettre" is not an English "polo" or "letter"): colour, organisation, analyse, catalogue,
# defence, travelled, paediatric, manoeuvre. Tried one and two at a time; the American
# form must be a listed word, with an English suffix or not ("colours").
_BRITISH = tuple((re.compile(british), american) for british, american in (
    (r"our(?=s?$|ed$|ing$|ite|abl|ful|less|er|ist)", "or"),
    (r"is(?=e$|es$|ed$|ing$|ation|er$|ers$)", "iz"), (r"ys(?=e$|es$|ed$|ing$)", "yz"),
    (r"ogue(?=s?$)", "og"), (r"(?<=[fc])ence(?=s?$)", "ense"),
    (r"(?<=[a-z]e)ll(?=ed$|ing$|er$|ers$|ery$|or$|ors$)", "l"),
    (r"(?<=^p)ae|(?<=^h)ae|(?<=an)ae|^oe|(?<=f)oe|(?<=h)oe", "e"),
    (r"oeu", "eu")))
# -re words (their -er forms are other words in French and Spanish: "lettre", "entre")
# and irregular spellings (cheque for check, tyre for tire, kerb for curb ...).
_BRITISH_WORDS = frozenset(
    "centre theatre litre metre fibre sombre calibre sabre lustre spectre meagre manoeuvre "
    "ochre sceptre kilometre centimetre millimetre cheque programme mould plough grey tyre "
    "kerb aluminium pyjamas jewellery sceptic sceptical draught storey cosy gaol moustache "
    "smoulder".split())
_ENGLISH_ENDINGS = ("s", "es", "d", "ed", "ing", "ism", "ist", "ists", "ly")


@lru_cache(maxsize=1 << 14)
def british_spelling(word: str, vocabulary: frozenset) -> bool:
    """Whether ``word`` is the British spelling of an English word (with an English
    derivational suffix or not: "privatisation", "colours")."""
    if len(word) < 5:
        return False
    for ending in ("",) + _ENGLISH_ENDINGS:
        if word.endswith(ending) and word[:len(word) - len(ending)] in _BRITISH_WORDS:
            return True
    forms = {word}
    for _ in range(2):
        forms |= {pattern.sub(american, form) for form in forms for pattern, american in _BRITISH}
    forms.discard(word)
    return any(form in vocabulary or any(form.endswith(suffix) and len(form) - len(suffix) >= 4
                                         and form[:-len(suffix)] in vocabulary
                                         for suffix in _DERIVATIONS)
               for form in forms)


def leftover_words(text: str, words: list[str]) -> list[str]:
    """Of ``words`` (unknown lower-case words of ``text``), the ones that are leftovers of a
    failed translation: standing in its prose (``outside_code``) and not British spellings
    of English words. Asked only when the words would be reported: it costs more than
    finding them."""
    from .model import load_vocabulary

    vocabulary = load_vocabulary()
    return [word for word in outside_code(text, words)
            if not british_spelling(word, vocabulary)]
