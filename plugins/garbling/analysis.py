"""Garbling family: English that reads like bad machine translation or article spinning.

Judged paragraph by paragraph, without any source text, in three tiers:

* G101 ``mt-construction``: specific non-native constructions that fluent English almost
  never produces ("that whose", "pros and cons who", "just in last week"). Patterns are data
  (``rules/garbling/constructions.toml``), each with an explanation for the editor.
* G102 ``foreign-fragment`` and G103 ``spintax``: untranslated leftovers (a run of CJK or
  another script inside an English paragraph, a run of another Latin-script language's
  function words, transliterated words left in lower case such as ``vimsen``: not English
  words and not capitalised like a name, in one paragraph or spread thinly over several
  paragraphs of a document), and spinner templates (``{quick|fast|rapid}``).
  G105 ``repetition-loop``: degenerate MT output that repeats a phrase over and over.
  G107 ``model-token-leftover``: pieces of the model's vocabulary in raw output (``<unk>``,
  ``transl@@ ation``, ``▁the▁cat``).
* G104 ``improbable-word-sequence``: a statistical score. Each word is reduced to its
  *skeleton* (frequent function words stay, other words become a shape class: ``<C>``
  capitalised, ``<ing>``, ``<ed>``, ``<s>``, ``<N>`` number...), and a logistic model over
  skeleton n-grams (1-4), trained on machine translation judged garbled by humans against
  human post-edits of the same sentences (mlqe-pe, CC0), scores the paragraph. The model,
  the word list and the feature combiner ship in ``plugins/data/`` and are built by
  ``scripts/build_garbling_model.py``. The finding shows the n-grams that weigh most.
  G106 ``garbled-document`` adds the same scores up over a whole document: many
  moderately suspicious paragraphs are stronger evidence than one. Thresholds are
  calibrated on the clean side of the training data (quantiles stored in the model).

Only English prose paragraphs are scored (see ``MIN_ENGLISH_SHARE``). Heavy data is loaded
lazily and once per process; all rules share one analysis per paragraph.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from typing import Any, Iterable

from corpus_lint.hookspecs import hookimpl
from corpus_lint.layout import code_paragraphs
from corpus_lint.model import Document, Finding
from corpus_lint.rulebook import Rule, RuleSpec, family_data

MODEL_FILE = "model.json.gz"
NGRAMS_FILE = "ngrams.npy.gz"
WORDS_FILE = "words.txt.gz"
CONSTRUCTIONS_FILE = "constructions.toml"
FOREIGN_WORDS_FILE = "foreign-words.toml"

# ---------------------------------------------------------------------------------------
# Tokens and skeletons (shared with scripts/build_garbling_model.py: keep them in step)

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
# The word and number tokens of _TOKEN (everything but punctuation).
_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                            "`": "'", "´": "'"})
_PUNCT_KEEP = frozenset(".,;:!?()\"'-")
_SUFFIXES = (("ing", "<ing>"), ("ed", "<ed>"), ("ly", "<ly>"), ("tion", "<tion>"),
             ("sion", "<tion>"), ("s", "<pl>"))
# Every class a token can get besides the kept words ("<s>" and "</s>" mark the ends).
_SHAPE_CLASSES = ("<s>", "</s>", "<N>", "<P>", "<F>", "<C>", "<w>") + tuple(
    sorted({cls for _, cls in _SUFFIXES})) + tuple(sorted(_PUNCT_KEEP))
_BASE = 1 << 12  # class ids are below this: an n-gram code is its ids as base-4096 digits


# E-mail addresses, URLs, host and file names: not prose, blanked out before analysis.
_NOT_PROSE = re.compile(
    r"`[^`\n]+`|\S+@\S+|(?:https?|ftp)://\S+|www\.\S+|\b\w+(?:\.\w+){2,}\b"
    r"|\b[A-Za-z][\w-]*\.(?:com|org|net|edu|gov|mil|info|io|uk|de|fr|nl|se|au|ca|jp|cn|ru|"
    r"it|es|ch|at|be|fi|no|dk|txt|html?|exe|zip|gz|tar|c|h|py|pl|sh|tmpl)\b")


_MAYBE_ADDRESS = re.compile(r"[.@/][A-Za-z]|`")  # addresses, file names, inline code


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def normalise(text: str) -> str:
    """Quotes and dashes unified, addresses blanked; same length, so offsets still hold."""
    text = text.translate(_NORMALISE)
    if _MAYBE_ADDRESS.search(text):  # cheap test first: most paragraphs have no address
        text = _NOT_PROSE.sub(_blank, text)
    return text


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every word, number and punctuation mark of ``text``."""
    text = normalise(text)  # same length: the map is one code point to one
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def word_class(token: str, keep: frozenset) -> str:
    low = token.lower()
    if low in keep:
        return low
    first = token[0]
    if first.isdigit():
        return "<N>"
    if not first.isalpha():
        return token if token in _PUNCT_KEEP else "<P>"
    if not first.isascii():
        return "<F>"
    if first.isupper():
        return "<C>"
    for suffix, cls in _SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return cls
    return "<w>"


def skeleton_ngrams(classes: list[str], nmax: int) -> list[tuple[str, int, int]]:
    """(n-gram key, first token index, last token index + 1) over <s> classes </s>."""
    seq = ["<s>"] + classes + ["</s>"]
    out = []
    for n in range(1, nmax + 1):
        for i in range(len(seq) - n + 1):
            out.append((" ".join(seq[i:i + n]), i - 1, i - 1 + n))
    return out


def repetition(words: list[str]) -> tuple[float, int]:
    """Share of repeated word 4-grams beyond the first repeat, and how many 4-grams repeat
    an earlier one. Saying a phrase twice is rhetoric ("the universe is not silent, because
    the universe is not..."); loops repeat more."""
    grams = list(zip(words, words[1:], words[2:], words[3:]))
    if not grams:
        return 0.0, 0
    repeated = len(grams) - len(set(grams))
    return max(0, repeated - 1) / len(grams), repeated


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


_DERIVATIONS = ("ment", "ments", "ness", "less", "ful", "ly", "ers", "er", "ings", "ing",
                "ed", "es", "s", "ism", "ist", "ists", "ity", "able", "ation", "ations")


@lru_cache(maxsize=1 << 16)
def is_typo(word: str, vocabulary: frozenset) -> bool:
    """An English word in disguise: a compound of two English words ("writedown"), an
    English word with a derivational suffix ("extinguishment"), or one deletion, insertion,
    substitution or transposition away from an English word ("retruned").

    Only for words of seven letters or more: shorter transliterations ("hamu", "tika")
    are one edit away from some English word by chance.
    """
    if len(word) < 7:
        return False
    for i in range(3, len(word) - 2):
        if word[:i] in vocabulary and word[i:] in vocabulary:
            return True
    for suffix in _DERIVATIONS:
        if word.endswith(suffix) and word[:-len(suffix)] in vocabulary:
            return True
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


def lowercase_unknown(tokens: list[str], vocabulary: frozenset) -> list[str]:
    """Lower-case ASCII words that are not English words (transliterations).

    Words at the start of a sentence or a quotation, abbreviations (fewer than two vowels),
    and English words in disguise (``is_typo``) do not count.
    """
    candidates = {tok for tok in set(tokens).difference(vocabulary)
                  if tok.islower() and len(tok) >= 4 and tok.isascii() and tok.isalpha()
                  and sum(map(tok.count, "aeiou")) >= 2}  # "dlrs", "avgs": abbreviations
    if not candidates:
        return []
    candidates = {tok for tok in candidates if not is_typo(tok, vocabulary)}
    out = []
    previous = "."
    for token in tokens:
        if token in candidates and previous not in (".", "!", "?", '"', "'", "("):
            out.append(token)
        previous = token
    return out


# ---------------------------------------------------------------------------------------
# Shipped data, loaded lazily

def _plugin_data(name: str):
    return family_data("garbling", name)


def class_ids(keep: Iterable[str]) -> dict[str, int]:
    """The id of each skeleton class (shape classes, then the kept words in order)."""
    ids = {cls: i for i, cls in enumerate(_SHAPE_CLASSES + tuple(sorted(keep)), start=1)}
    assert len(ids) < _BASE
    return ids


def ngram_table(keep: Iterable[str], weights: dict[str, float]):
    """(sorted integer codes, their weights) of the weighted n-grams: what scoring looks up
    by binary search. The build script ships this table ready-made (NGRAMS_FILE)."""
    import numpy as np

    ids = class_ids(keep)
    codes = []
    for key in weights:
        code = 0
        for cls in key.split(" "):
            code = code * _BASE + ids[cls]
        codes.append(code)
    order = np.argsort(np.array(codes, dtype=np.int64), kind="stable")
    return (np.array(codes, dtype=np.int64)[order],
            np.array(list(weights.values()), dtype=np.float64)[order])


@lru_cache(maxsize=None)
def load_model() -> dict[str, Any]:
    """The shipped model: parameters (JSON) and the n-gram table (two .npy arrays, gzipped)."""
    import numpy as np

    with _plugin_data(MODEL_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    model["keep"] = frozenset(model["keep"])
    model["ids"] = class_ids(model["keep"])
    with _plugin_data(NGRAMS_FILE).open("rb") as raw, gzip.open(raw, "rb") as fh:
        model["codes"] = np.load(fh)
        model["code_weights"] = np.load(fh)
    return model


@lru_cache(maxsize=None)
def load_vocabulary() -> frozenset:
    with _plugin_data(WORDS_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


def _load_toml(name: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]

    with open(family_data("garbling", name), "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def load_foreign_words() -> tuple[dict[str, frozenset], frozenset, frozenset]:
    """Function words of other Latin-script languages (by language), the name particles
    among them, and all of them together."""
    data = _load_toml(FOREIGN_WORDS_FILE)
    languages = {lang: frozenset(words) for lang, words in data["languages"].items()}
    return languages, frozenset(data["particles"]), frozenset().union(*languages.values())


def foreign_word_runs(tokens: list[str], window: int = 6, min_hits: int = 3,
                      min_non_particles: int = 2) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, language) of runs where at least ``min_hits`` distinct
    lower-case function words of one other language fall within ``window`` tokens."""
    languages, particles, every = load_foreign_words()
    if sum(map(every.__contains__, tokens)) < min_hits:
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


@lru_cache(maxsize=None)
def load_constructions() -> tuple[list, list]:
    """Construction patterns (id, regex, explanation, weight, (needs, also)) and orphan words
    (id, word, word regex, licensor regex, explanation, weight, unless-followed-by regex)."""
    data = _load_toml(CONSTRUCTIONS_FILE)
    patterns = [(item["id"], re.compile(item["pattern"], 0 if item.get("case") else re.I),
                 item["explain"], float(item.get("weight", 1.0)),
                 (tuple(item.get("needs", ())), tuple(item.get("also", ()))))
                for item in data.get("construction", [])]
    orphans = [(item["id"], item["word"].lower(), re.compile(rf"\b{re.escape(item['word'])}\b", re.I),
                re.compile(rf"(?:{item['licensors']})", re.I), item["explain"],
                float(item.get("weight", 1.0)),
                re.compile(item["unless_followed_by"]) if item.get("unless_followed_by") else None)
               for item in data.get("orphan", [])]
    return patterns, orphans


_SENTENCE_END = re.compile(r"[.!?;:]\s")
_WORD = re.compile(r"[A-Za-z]+")


def find_constructions(text: str, normalised: bool = False, lowered: str | None = None
                       ) -> list[tuple[str, int, int, str, float]]:
    """Every construction-pattern hit in ``text``: (id, start, end, explanation, weight)."""
    if not normalised:
        text = normalise(text)
    if lowered is None:
        lowered = text.lower()
    patterns, orphans = load_constructions()
    hits = [(cid, m.start(), m.end(), explain, weight)
            for cid, pattern, explain, weight, needs in patterns
            if (not needs[0] or any(map(lowered.__contains__, needs[0])))
            and (not needs[1] or any(map(lowered.__contains__, needs[1])))
            for m in pattern.finditer(text)]
    for cid, literal, word, licensors, explain, weight, unless in orphans:
        if literal not in lowered:
            continue
        for m in word.finditer(text):
            if unless is not None and unless.match(text, m.end()):
                continue
            before = text[:m.start()]
            ends = list(_SENTENCE_END.finditer(before))
            sentence = before[ends[-1].end():] if ends else before
            if not any(licensors.fullmatch(w) for w in _WORD.findall(sentence)):
                start = max(0, m.start() - 40)
                space = text.find(" ", start, m.start())
                hits.append((cid, space + 1 if space >= 0 else start, m.end(), explain, weight))
    return hits


# ---------------------------------------------------------------------------------------
# Paragraph analysis

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Scripts whose presence inside an English paragraph is a leftover, not a loanword.
_FOREIGN_RUN = re.compile(
    r"[\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0900-\u0DFF\u0E00-\u0E7F\u1100-\u11FF"
    r"\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]+"
    r"(?:[\s\d,.·、，。]*[\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0900-\u0DFF\u0E00-\u0E7F"
    r"\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]+)*")
_CJK = re.compile(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]")
_NON_GREEK = re.compile(r"[^\x00-\u03FF]")
_SPINTAX = re.compile(r"\{[^{}|\n]{1,60}(?:\|[^{}|\n]{1,60})+\}")

# Pieces of a neural model's vocabulary that only raw system output contains: the unknown-word
# token a translation system writes for a word it could not translate, padding, mask and
# separator tokens, subword-nmt's "@@ " joins ("transl@@ ation") and SentencePiece's "▁" word
# marks ("▁the▁cat"). "<s>" and "</s>" are left out: they are also HTML's strike-through tag.
_MT_TOKEN = re.compile(
    r"<unk>|&lt;unk&gt;|\[UNK\]|<pad>|\[PAD\]|<mask>|\[MASK\]|\[SEP\]|\[CLS\]"
    r"|<\|endoftext\|>|<\|im_(?:start|end)\|>"
    r"|(?<=[^\W\d_])@@ (?=[^\W\d_])"
    r"|(?<![\u2581-\u258f])\u2581(?=[^\W\d_])", re.I)
# Words near a token that show the text is about tokens ("the <unk> token"), not raw output.
_TOKEN_TALK = re.compile(r"\b(?:tokens?|tokeni[sz]ers?|symbols?|vocabular(?:y|ies)|placeholders?"
                         r"|tags?|markers?|sentencepiece|bpe|subwords?)\b", re.I)
_QUOTES = frozenset("'\"`‘’“”")


def mt_token_leftovers(text: str) -> list[tuple[int, int]]:
    """Spans of model vocabulary tokens left in prose (see ``_MT_TOKEN``).

    A token in quotes or backticks, or with words such as "token" or "symbol" close by,
    is being written about, as in a text on machine translation, and is not counted.
    """
    out = []
    for match in _MT_TOKEN.finditer(text):
        start, end = match.span()
        if text[start - 1:start] in _QUOTES or text[end:end + 1] in _QUOTES:
            continue
        if _TOKEN_TALK.search(text, max(0, start - 40), min(len(text), end + 40)):
            continue
        out.append((start, end))
    return out


def foreign_fragments(text: str) -> list[tuple[int, int]]:
    """Runs of another script inside a paragraph that is otherwise English.

    A run in brackets right after a word (``Tokyo (東京)``) is a gloss, not a leftover.
    """
    if not _NON_GREEK.search(text):
        return []
    latin = len(_LATIN.findall(text))
    out = []
    for match in _FOREIGN_RUN.finditer(text):
        start, end = match.start(), match.end()
        before = text[max(0, start - 2):start]
        after = text[end:end + 1]
        if ("(" in before or "（" in before or "《" in before or "「" in before) and after in ")）》」":
            continue
        if not _CJK.search(match.group()) and end - start < 3:
            continue
        out.append((start, end))
    foreign = sum(end - start for start, end in out)
    if latin < 20 or foreign * 2 > latin:
        return []  # not an English paragraph with leftovers: a foreign paragraph or a quote
    return out


class ParagraphAnalysis:
    __slots__ = ("score", "skeleton_score", "features", "n_words", "n_tokens", "high_orders",
                 "english_share", "tokens",
                 "constructions", "unknown", "repeat_share", "repeated")

    def evidence(self, limit: int = 3) -> list[tuple[int, int, float]]:
        """(first token, last token + 1, weight) of the 3- and 4-grams that weigh most
        towards "garbled", not overlapping, strongest first."""
        candidates = []
        for n, values in self.high_orders:
            for i, weight in enumerate(values.tolist()):
                # skeleton index i covers tokens i-1 .. i-1+n (index 0 is <s>)
                if weight > 0 and i >= 1 and i - 1 + n <= self.n_tokens:
                    candidates.append((weight, i - 1, i - 1 + n))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        chosen, used = [], set()
        for weight, first, last in candidates:
            if used.intersection(range(first, last)):
                continue
            used.update(range(first, last))
            chosen.append((first, last, weight))
            if len(chosen) == limit:
                break
        return chosen

    def evidence_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, weight) in ``text`` of the n-grams that weighed most (up to three)."""
        spans = token_spans(text)
        return [(spans[first][1], spans[last - 1][2], weight)
                for first, last, weight in self.evidence() if last <= len(spans)]


_CLASS_CACHE: dict[str, str] = {}


def analyse(text: str) -> ParagraphAnalysis:
    """Features, score and evidence of one paragraph."""
    return analyse_many([text])[0]


def _classes(tokens: list[str], keep: frozenset) -> list[str]:
    cache = _CLASS_CACHE
    if len(cache) > 200_000:
        cache.clear()
    classes = list(map(cache.get, tokens))
    if None in classes:
        for i, cls in enumerate(classes):
            if cls is None:
                classes[i] = cache[tokens[i]] = word_class(tokens[i], keep)
    return classes


def _skeleton_scores(model: dict, class_lists: list[list[str]]):
    """(skeleton score, weights of the 3- and 4-grams by start) for each paragraph.

    All paragraphs of a document are scored together: their skeletons are laid end to end,
    n-grams are coded as base-4096 numbers, looked up by binary search in the model's
    sorted codes, and n-grams that would cross from one paragraph into the next dropped.
    """
    import numpy as np

    ids, nmax = model["ids"], model["nmax"]
    codes, weights = model["codes"], model["code_weights"]
    lengths = [len(c) + 2 for c in class_lists]
    flat = []
    for classes in class_lists:
        flat.append("<s>")
        flat.extend(classes)
        flat.append("</s>")
    seq = np.fromiter(map(ids.__getitem__, flat), dtype=np.int64, count=len(flat))
    owner = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    totals = np.zeros(len(lengths))
    counts = np.zeros(len(lengths))
    high: list[list] = [[] for _ in lengths]
    grams = seq
    for n in range(1, nmax + 1):
        if n > 1:
            grams = grams[:-1] * _BASE + seq[n - 1:]
        if not len(grams):
            break
        where = np.searchsorted(codes, grams).clip(max=len(codes) - 1)
        values = np.where(codes[where] == grams, weights[where], 0.0)
        inside = owner[:len(grams)] == owner[n - 1:]
        values *= inside
        totals += np.bincount(owner[:len(grams)], weights=values, minlength=len(lengths))
        counts += np.bincount(owner[:len(grams)], weights=inside, minlength=len(lengths))
        if n >= 3:
            for i, (start, length) in enumerate(zip(starts, lengths)):
                high[i].append((n, values[start:start + max(0, length - n + 1)]))
    scores = model["bias"] + totals / np.maximum(counts, 1) * nmax
    return [(float(score), orders) for score, orders in zip(scores, high)]


def analyse_many(texts: list[str]) -> list[ParagraphAnalysis]:
    """Features, score and evidence of each paragraph (scored together: faster)."""
    if not texts:
        return []
    model = load_model()
    keep = model["keep"]
    vocabulary = load_vocabulary()
    combiner_bias, combiner = model["combiner"]["bias"], model["combiner"]["weights"]
    normalised = [normalise(text) for text in texts]  # same length and offsets
    token_lists = [_TOKEN.findall(text) for text in normalised]
    class_lists = [_classes(tokens, keep) for tokens in token_lists]
    out = []
    for text, tokens, classes, (skeleton_score, high_orders) in zip(
            normalised, token_lists, class_lists, _skeleton_scores(model, class_lists)):
        lowered = text.lower()
        words = _WORD_TOKEN.findall(lowered)
        repeat_share, repeated = repetition(words)
        unknown = lowercase_unknown(tokens, vocabulary)
        features = paragraph_features(skeleton_score, len(words), len(unknown), repeat_share)
        analysis = ParagraphAnalysis()
        analysis.score = combiner_bias + sum(combiner[k] * v for k, v in features.items())
        analysis.skeleton_score = skeleton_score
        analysis.features = features
        analysis.n_words = len(words)
        analysis.n_tokens = len(tokens)
        analysis.tokens = tokens
        analysis.english_share = sum(map(keep.__contains__, classes)) / max(1, len(words))
        analysis.high_orders = high_orders
        analysis.constructions = find_constructions(text, normalised=True, lowered=lowered)
        analysis.unknown = unknown
        analysis.repeat_share = repeat_share
        analysis.repeated = repeated
        out.append(analysis)
    return out


def paragraph_features(skeleton_score: float, n_words: int, n_unknown: int,
                       repeat_share: float) -> dict[str, float]:
    """The inputs of the paragraph-level combiner (the build script uses this too).

    Construction patterns are left out: they are too rare in the training data to get a
    sound weight, and G101 reports them on its own.
    """
    import math

    n_words = max(1, n_words)
    return {
        "skeleton": skeleton_score,
        "unknown_rate": n_unknown / n_words,
        "repeat_share": repeat_share,
        "log_words": math.log(n_words),
    }


def paragraph_analyses(doc: Document) -> list[tuple[Any, ParagraphAnalysis]]:
    """Analyses of the document's prose paragraphs, computed once and shared by the rules."""
    cached = doc.__dict__.get("_garbling_analyses")
    if cached is None:
        prose = [p for p in doc.paragraphs if _is_prose(p.text)]
        cached = list(zip(prose, analyse_many([p.text for p in prose])))
        doc.__dict__["_garbling_analyses"] = cached
    return cached


# English running text has 40-60% of its words among the 1,000 most frequent ones; a list
# of names, code or another language has far fewer. The statistical rules judge only
# English prose; the transliteration check needs some English around the leftovers.
MIN_ENGLISH_SHARE = 0.25
MIN_ENGLISH_SHARE_LEFTOVERS = 0.15


# Running text is mostly words: signatures, phone lists, tables and formulas are not.
MIN_WORD_SHARE = 0.75


def english_analyses(doc: Document, minimum: float = MIN_ENGLISH_SHARE):
    """The paragraphs that are English running text (what the statistical rules judge)."""
    return [(p, a) for p, a in paragraph_analyses(doc)
            if a.english_share >= minimum and a.n_words >= MIN_WORD_SHARE * a.n_tokens]


def _is_prose(text: str) -> bool:
    """Long enough and mostly words: headings, tables and code are not judged."""
    return len(text) >= 40 and text.count(" ") >= 6 and not text.lstrip().startswith("|")


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------------------
# Rules

class _GarblingRule(Rule):
    """A rule that reads the shared paragraph analysis: its model and word lists are loaded
    before workers fork. G103 and G107 match plain patterns and need none of it."""

    def prepare(self) -> None:
        load_model()
        load_vocabulary()
        load_foreign_words()
        load_constructions()


class GarbledConstruction(_GarblingRule):
    spec = RuleSpec.from_catalogue("G101")

    def check(self, doc: Document) -> Iterable[Finding]:
        needed = float(self.params["min-weight"])
        for paragraph, analysis in paragraph_analyses(doc):
            hits = analysis.constructions
            if not hits or sum(hit[4] for hit in hits) < needed:
                continue
            shown = "; ".join(f'"{_quote(paragraph.text[s:e], 40)}" ({why})'
                              for _, s, e, why, _ in hits[:4])
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like garbled machine translation: {len(hits)} non-native "
                f"construction(s): {shown}. Statistical paragraph score {analysis.score:.2f} (see G104).",
                properties={"constructions": [hit[0] for hit in hits],
                            "score": round(analysis.score, 3)})


class ForeignFragment(_GarblingRule):
    spec = RuleSpec.from_catalogue("G102")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_unknown = int(self.params["min-transliterations"])
        min_rate = float(self.params["min-transliteration-rate"])
        reported = False
        for paragraph, analysis in paragraph_analyses(doc):
            text = paragraph.text
            runs = foreign_fragments(text)
            fragments = []
            if analysis.english_share >= MIN_ENGLISH_SHARE:
                found = foreign_word_runs(analysis.tokens)
                if found:
                    spans = token_spans(text)
                    fragments = [(spans[a][1], spans[b - 1][2], lang) for a, b, lang in found]
            unknown = analysis.unknown
            n_words = max(1, analysis.n_words)
            distinct = sorted(set(unknown))
            transliterated = (len(distinct) >= min_unknown and len(unknown) / n_words >= min_rate
                              and analysis.english_share >= MIN_ENGLISH_SHARE_LEFTOVERS)
            if not runs and not transliterated and not fragments:
                continue
            reported = reported or transliterated
            parts = []
            if runs:
                parts.append("untranslated text in another script: " + ", ".join(
                    f'"{text[s:e]}"' for s, e in runs[:4]))
            if fragments:
                parts.append("a fragment in another language: " + ", ".join(
                    f'"{_quote(text[s:e], 50)}" ({lang})' for s, e, lang in fragments[:3]))
            if transliterated:
                parts.append("words that are neither English nor capitalised like names: "
                             + ", ".join(f'"{w}"' for w in distinct[:6]))
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph contains untranslated or transliterated leftovers: {'; '.join(parts)}.",
                properties={"foreign_runs": [text[s:e] for s, e in runs],
                            "foreign_fragments": [text[s:e] for s, e, _ in fragments],
                            "transliterations": distinct,
                            "score": round(analysis.score, 3)})
        if not reported:
            yield from self._document_leftovers(doc)

    def _document_leftovers(self, doc: Document) -> Iterable[Finding]:
        """Transliterations spread over the document: a few per paragraph, each too few to
        report, in several paragraphs of the same text (a whole article translated badly).
        The rate counts distinct words: one topic word missing from the word list ("cafes"
        in an article about cafes) recurs; leftovers of a failed translation vary."""
        min_distinct = int(self.params["min-document-transliterations"])
        if min_distinct <= 0:
            return
        with_leftovers = [(p, a) for p, a in english_analyses(doc, MIN_ENGLISH_SHARE_LEFTOVERS)
                          if a.unknown]
        if len(with_leftovers) < int(self.params["min-document-paragraphs"]):
            return
        words = sum(a.n_words for _, a in english_analyses(doc, MIN_ENGLISH_SHARE_LEFTOVERS))
        unknown = [w for _, a in with_leftovers for w in a.unknown]
        distinct = sorted(set(unknown))
        if (len(distinct) < min_distinct
                or len(distinct) / max(1, words) < float(self.params["min-document-rate"])):
            return
        paragraph, _ = max(with_leftovers, key=lambda pa: (len(set(pa[1].unknown)), -pa[0].start))
        yield self.finding(
            doc, paragraph.start, paragraph.end,
            f"Document contains transliterated leftovers in {len(with_leftovers)} paragraphs: "
            f"{len(unknown)} words that are neither English nor capitalised like names "
            f"({', '.join(repr(w) for w in distinct[:8])}); this paragraph has the most.",
            properties={"transliterations": distinct, "paragraphs": len(with_leftovers),
                        "rate": round(len(distinct) / max(1, words), 4)})


class Spintax(Rule):
    spec = RuleSpec.from_catalogue("G103")

    def check(self, doc: Document) -> Iterable[Finding]:
        for paragraph in doc.paragraphs:
            if "{" not in paragraph.text:
                continue
            text = paragraph.text
            for match in _SPINTAX.finditer(text):
                inner = match.group()[1:-1]
                before = text[match.start() - 1:match.start()]
                after = text[match.end():match.end() + 1]
                # "M{lndal" (braces as letters), "{spdcc|ima}!user" (a bang path)
                if before.isalnum() or (after and (after.isalnum() or after in "!/@.:")):
                    continue
                options = inner.split("|")
                # {a|b} in code or maths has no spaces and symbols; spintax offers words.
                if not all(re.search(r"[A-Za-z]", o) for o in options):
                    continue
                if re.search(r"[=;$\\<>]", inner):
                    continue
                start = paragraph.start + match.start()
                yield self.finding(
                    doc, start, paragraph.start + match.end(),
                    f"Unexpanded spintax template {_quote(match.group())}: "
                    f"{len(options)} alternatives left in the text by an article spinner.",
                    properties={"options": options})


class ImprobableSequence(_GarblingRule):
    spec = RuleSpec.from_catalogue("G104")

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = float(self.params["threshold"])
        min_words = int(self.params["min-words"])
        for paragraph, analysis in english_analyses(doc):
            if analysis.score < threshold:
                continue
            if analysis.n_words < min_words:
                continue
            text = paragraph.text
            evidence = analysis.evidence_spans(text)
            shown = ", ".join(f'"{_quote(text[s:e], 40)}"' for s, e, _ in evidence)
            extra = []
            if analysis.constructions:
                extra.append(f"{len(analysis.constructions)} non-native construction(s)")
            if analysis.unknown:
                extra.append(f"{len(analysis.unknown)} unknown lower-case word(s)")
            if analysis.repeat_share >= 0.1:
                extra.append(f"{analysis.repeat_share:.0%} repeated phrases")
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like garbled machine translation (score {analysis.score:.2f}, "
                f"threshold {threshold:.2f}). Least English-like word sequences: {shown or 'none'}"
                + (f"; also {', '.join(extra)}" if extra else "") + ".",
                properties={"score": round(analysis.score, 3),
                            "skeleton_score": round(analysis.skeleton_score, 3),
                            "features": {k: round(v, 4) for k, v in analysis.features.items()},
                            "evidence": [text[s:e] for s, e, _ in evidence]})


_LOOP_UNIT = re.compile(r"[^=#*|<>{}\[\]\\/_~^+]+")
_LOOP = re.compile(r"\b((?:\w+\W+){1,8}?)\1{2,}", re.I)


class RepetitionLoop(_GarblingRule):
    spec = RuleSpec.from_catalogue("G105")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_repeats = int(self.params["min-repeats"])
        min_words = int(self.params["min-loop-words"])
        for paragraph, analysis in paragraph_analyses(doc):
            if min_words >= 8 and not analysis.repeated:
                continue  # a loop covering 8 words or more repeats some word 4-gram
            text = paragraph.text
            for match in _LOOP.finditer(normalise(text) + " "):
                unit = match.group(1)
                unit_words = len(re.findall(r"\w+", unit))
                repeats = len(match.group()) // len(unit)
                if repeats < min_repeats or unit_words * repeats < min_words:
                    continue
                if not re.search(r"[A-Za-z]{2}", unit) or not _LOOP_UNIT.fullmatch(unit):
                    continue  # "Atari= Atari= Atari=" is a table, not a sentence
                yield self.finding(
                    doc, paragraph.start, paragraph.end,
                    f"Paragraph repeats {_quote(unit.strip(), 40)!r} {repeats} times in a row, "
                    f"a degenerate machine-translation loop.",
                    properties={"unit": unit.strip(), "repeats": repeats})
                break


class GarbledDocument(_GarblingRule):
    spec = RuleSpec.from_catalogue("G106")

    def check(self, doc: Document) -> Iterable[Finding]:
        analyses = english_analyses(doc)
        scored = [(p, a) for p, a in analyses if a.n_words >= int(self.params["min-words"])]
        if len(scored) < int(self.params["min-paragraphs"]):
            return
        mean = sum(a.score for _, a in scored) / len(scored)
        threshold = float(self.params["threshold"])
        if mean < threshold:
            return
        # point at the paragraph that weighs most, so an editor starts where it is worst
        paragraph, worst = max(scored, key=lambda pa: (pa[1].score, -pa[0].start))
        above = sum(1 for _, a in scored if a.score >= threshold)
        yield self.finding(
            doc, paragraph.start, paragraph.end,
            f"Document reads like machine translation throughout: mean paragraph score "
            f"{mean:.2f} over {len(scored)} paragraphs (threshold {threshold:.2f}; {above} above it). "
            f"Highest here ({worst.score:.2f}).",
            properties={"mean_score": round(mean, 3), "paragraphs": len(scored),
                        "max_score": round(worst.score, 3)})


class ModelTokenLeftover(Rule):
    spec = RuleSpec.from_catalogue("G107")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not _MT_TOKEN.search(doc.text):
            return
        code = code_paragraphs(doc.text, doc.paragraphs)
        for paragraph in doc.paragraphs:
            if paragraph.index in code:
                continue
            spans = mt_token_leftovers(paragraph.text)
            if len(spans) < int(self.params["min-tokens"]):
                continue
            tokens = sorted({paragraph.text[s:e].strip() for s, e in spans})
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph contains {len(spans)} token(s) of a translation model's vocabulary "
                f"({', '.join(repr(t) for t in tokens[:4])}): raw machine-translation output, "
                f"where a word the system could not translate or join was left as a token.",
                properties={"tokens": tokens, "count": len(spans)})


RULES = [GarbledConstruction, ForeignFragment, Spintax, ImprobableSequence, RepetitionLoop,
         GarbledDocument, ModelTokenLeftover]


@hookimpl
def corpus_lint_rules():
    return RULES
