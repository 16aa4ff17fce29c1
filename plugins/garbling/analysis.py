"""The per-paragraph analysis every garbling rule but G103 and G107 reads: skeleton score,
combined score, construction hits, transliterations and repeats of each prose paragraph,
computed once per document (all its paragraphs scored together) and memoised on it."""
from __future__ import annotations

import math
import sys
from array import array
from itertools import chain

from corpus_lint.documents.document import Document, Paragraph
from corpus_lint.documents.layout import document_code
from corpus_lint.documents.letters import case_counts
from corpus_lint.rulebook import Rule

from .chunks import batch_columns, columns
from .constructions import find_constructions_many, load_constructions
from .leftovers import lowercase_unknown, transliteration_candidates
from .lm import NEUTRAL as LM_NEUTRAL, laid_end_to_end, lm_features, load_lm
from .model import (BASE, load_foreign_words, load_model, load_vocabulary, per_model,
                    vocabulary as words)
from .tokens import normalise, repeat_share, repetition, token_spans, tokenise

# English running text has 40-60% of its words among the 1,000 most frequent ones; a list
# of names, code or another language has far fewer. The statistical rules judge only
# English prose; the transliteration check needs some English around the leftovers.
MIN_ENGLISH_SHARE = 0.25
MIN_ENGLISH_SHARE_LEFTOVERS = 0.15
# Running text is mostly words: signatures, phone lists, tables and formulas are not.
MIN_WORD_SHARE = 0.75
# The same share over a whole document's prose: below it the document is not English and
# the family does not judge it at all (a French article's English quotation is not MT).
MIN_ENGLISH_DOCUMENT_SHARE = 0.2


class ParagraphAnalysis:
    """What the rules read of one prose paragraph (filled in by ``analyse_many``)."""

    __slots__ = ("score", "skeleton_score", "features", "n_words", "n_tokens", "high_orders",
                 "english_share", "text", "_tokens", "foreign_words",
                 "constructions", "unknown", "repeat_share", "repeated",
                 "lm_sequence", "index")

    @property
    def tokens(self) -> list[str]:
        """The paragraph's tokens (of its normalised ``text``), made when first asked for:
        a batch's analysis counts them without making them (``chunks.batch_columns``)."""
        if self._tokens is None:
            self._tokens = tokenise(self.text)
        return self._tokens

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


def analyse(text: str) -> ParagraphAnalysis:
    """Features, score and evidence of one paragraph."""
    return analyse_many([text])[0]


def _laid_end_to_end(ids: dict[str, int], class_ids, counts, pad: int):
    """The class ids of all paragraphs' skeletons (<s> classes </s>, then ``pad``) in one
    array, the paragraph each position belongs to, and where each paragraph starts and how
    long its skeleton is (lists), from all tokens' class ids end to end (an array) and each
    paragraph's number of tokens. ``pad`` is an id no weighted n-gram has: an n-gram that
    would cross from one paragraph into the next contains it and weighs 0, without a mask."""
    import numpy as np

    counts = np.asarray(counts, dtype=np.int64)
    paragraph = np.arange(len(counts))
    lengths = counts + 2
    starts = np.cumsum(lengths + 1) - (lengths + 1)
    seq = np.full(len(class_ids) + 3 * len(counts), pad, dtype=np.int64)
    seq[starts] = ids["<s>"]
    seq[starts + lengths - 1] = ids["</s>"]
    seq[np.arange(len(class_ids)) + 3 * np.repeat(paragraph, counts) + 1] = class_ids
    owner = np.repeat(paragraph, lengths + 1)
    return seq, owner, starts.tolist(), lengths.tolist()


# Until a process has scored this many skeleton positions it does so in plain Python:
# importing numpy (60-300 ms) costs a one-file run more than all its checking, while plain
# Python costs about 6 us more per position, so past this budget (about what the import
# costs) numpy takes over for good. Both give bit-identical scores (the same float
# operations in the same order), so the output does not depend on which ran.
PLAIN_BUDGET = 20_000
_plain_used = [0]


def _skeleton_scores(model: dict, id_lists: list[list[int]]):
    """(skeleton score, weights of the 3- and 4-grams by start) for each paragraph, given
    the class ids of its tokens (plain Python while the budget lasts, else numpy)."""
    positions = sum(len(c) + 2 for c in id_lists)
    if "numpy" not in sys.modules and _plain_used[0] + positions <= PLAIN_BUDGET:
        _plain_used[0] += positions
        return _skeleton_scores_plain(model, id_lists)
    import numpy as np

    return _skeleton_scores_numpy(model, np.fromiter(chain.from_iterable(id_lists), np.int64),
                                  list(map(len, id_lists)))


def _skeleton_scores_numpy(model: dict, class_ids, counts):
    """``_skeleton_scores`` from all paragraphs' class ids end to end (an array) and each
    paragraph's number of tokens.

    All paragraphs of a document are scored together: their skeletons are laid end to end
    with a padding id between them, n-grams are coded as base-4096 numbers and looked up, the
    unigrams and bigrams in dense tables, the others by one binary search among the model's
    sorted codes of orders 3 and up; per paragraph, the few remaining sums and divisions are
    plain floats (fewer numpy calls per document, issue 17).
    """
    import numpy as np

    nmax = model["nmax"]
    pad, (unigrams, (bigram_index, bigram_weights)), (codes, weights) = _tables(model)
    seq, owner, starts, lengths = _laid_end_to_end(model["ids"], class_ids, counts, pad)
    paragraphs = len(counts)
    values = [unigrams[seq],
              bigram_weights[bigram_index[seq[:-1] * (pad + 1) + seq[1:]]]][:nmax]
    grams, high = seq[:-1] * BASE + seq[1:], []
    for n in range(3, nmax + 1):
        grams = grams[:-1] * BASE + seq[n - 1:]
        high.append(grams)
    if high:  # every order >= 3 in one search among their codes, the keys sorted
        keys = np.concatenate(high)
        found = np.zeros(len(keys))
        if len(codes):
            order = np.argsort(keys)
            keys = keys[order]
            where = np.searchsorted(codes, keys).clip(max=len(codes) - 1)
            found[order] = np.where(codes[where] == keys, weights[where], 0.0)
        for grams in high:
            values.append(found[:len(grams)])
            found = found[len(grams):]
    # each order's sum per paragraph, added up order by order and divided by the number of
    # n-grams: the same float operations in the same order as the plain path, made for all
    # paragraphs at once (a batch of documents has thousands, issue 17)
    total, count = np.zeros(paragraphs), np.zeros(paragraphs)
    sizes = np.array(lengths, dtype=np.float64)
    for n, v in enumerate(values, start=1):
        total += np.bincount(owner[:len(v)], weights=v, minlength=paragraphs)
        count += np.maximum(sizes - (n - 1), 0.0)
    scores = (model["bias"] + total / np.maximum(count, 1.0) * nmax).tolist()
    orders = list(enumerate(values, start=1))[2:]
    return [(score, [(n, v[start:start + max(0, length - n + 1)]) for n, v in orders])
            for score, start, length in zip(scores, starts, lengths)]


@per_model
def _tables(model: dict):
    """The padding id (one more than the largest class id); the weights of the model's
    unigrams and bigrams as dense tables (0.0 where the model has none, and for the
    padding), indexed by class id and by first id * (padding + 1) + second id (the bigrams'
    as an index into their weights); and the
    sorted codes and weights of the higher orders (a 3-gram's code is below every 4-gram's,
    so one search serves both orders). Dense tables make two of the four binary searches
    per document plain reads, and the search, with the keys sorted, follows nearby paths
    through the codes (issue 17). Built once per process
    (2 MB for the shipped model's 1,023 classes); the weights are the table's own, so the
    scores do not change."""
    import numpy as np

    pad = max(model["ids"].values()) + 1
    assert pad < BASE
    width = pad + 1
    codes = np.frombuffer(model["codes"], dtype=np.int64)
    weights = np.frombuffer(model["code_weights"], dtype=np.float64)
    unigrams = np.zeros(width)
    one = codes < BASE
    two = (codes >= BASE) & (codes < BASE * BASE)
    unigrams[codes[one]] = weights[one]
    # the bigram table holds each bigram's place in a short list of weights (0: none), as
    # uint16: 2 MB instead of 8 MB of float64, fewer cache misses and less memory per
    # process (issue 17); the weights read through it are the same float64 values
    bigram_weights = np.concatenate([[0.0], weights[two]])
    assert len(bigram_weights) <= 1 << 16
    bigram_index = np.zeros(width * width, dtype=np.uint16)
    bigram_index[codes[two] // BASE * width + codes[two] % BASE] = np.arange(
        1, len(bigram_weights), dtype=np.uint16)
    high = int(np.searchsorted(codes, BASE ** 2))
    return pad, (unigrams, (bigram_index, bigram_weights)), (codes[high:], weights[high:])


def _skeleton_scores_plain(model: dict, id_lists: list[list[int]]):
    """``_skeleton_scores`` without numpy, paragraph by paragraph, for small documents."""
    from bisect import bisect_left

    nmax, codes, weights, ids = model["nmax"], model["codes"], model["code_weights"], model["ids"]
    last = len(codes) - 1
    results = []
    for class_ids in id_lists:
        seq = [ids["<s>"], *class_ids, ids["</s>"]]
        total = count = 0.0
        orders = []
        grams = seq
        for n in range(1, nmax + 1):
            if n > 1:
                grams = [gram * BASE + nxt for gram, nxt in zip(grams, seq[n - 1:])]
            if not grams:
                break
            values = array("d")
            for gram in grams:
                where = min(bisect_left(codes, gram), last)
                values.append(weights[where] if codes[where] == gram else 0.0)
            part = 0.0
            for value in values:  # summed in order, as numpy's bincount does
                part += value
            total += part
            count += len(grams)
            if n >= 3:
                orders.append((n, values))
        results.append((float(model["bias"] + total / max(count, 1.0) * nmax), orders))
    return results


def analyse_many(texts: list[str]) -> list[ParagraphAnalysis]:
    """Features, score and evidence of each paragraph (scored together: faster)."""
    if not texts:
        return []
    model = load_model()
    vocabulary = words()  # a one-file run does not build the frozenset (start-up)
    normalised = [normalise(text) for text in texts]  # same length and offsets
    if "numpy" in sys.modules:  # a long run: the batch's columns read together
        counts, sequence, scores, lm = _numpy_columns(model, vocabulary, normalised)
        tokens = [None] * len(texts)
    else:
        counts, sequence, scores, lm, tokens = _plain_columns(model, vocabulary, normalised)
    analyses = [_analysis(model, vocabulary, *paragraph)
                for paragraph in zip(normalised, tokens, counts, scores, lm,
                                     find_constructions_many(normalised))]
    for index, analysis in enumerate(analyses):  # what G108 reads, shared by the paragraphs
        analysis.lm_sequence, analysis.index = sequence, index
    return analyses


def _plain_columns(model: dict, vocabulary, texts: list[str]):
    """Each paragraph's counts (tokens, words, kept-word tokens, another language's
    function words; the tokens to look for transliterations among, an empty tuple when
    none may be one; repeat share and repeated 4-grams), the LM sequence
    (``lm.id_sequence``), skeleton scores, LM features and tokens, paragraph by paragraph
    (``chunks.columns``): no numpy."""
    paragraphs = [columns(text, model, vocabulary) for text in texts]
    kept, foreign = model["kept_ids"].__contains__, load_foreign_words()[2].__contains__
    counts = [(len(p.tokens), len(p.words), sum(map(kept, p.class_ids)),
               sum(map(foreign, p.tokens)), p.tokens if p.leftover else (),
               *repetition(p.words, p.breaks)) for p in paragraphs]
    sequence = laid_end_to_end([p.lm_ids for p in paragraphs])
    return (counts, sequence, _skeleton_scores(model, [p.class_ids for p in paragraphs]),
            lm_features(*sequence, len(texts)), [p.tokens for p in paragraphs])


def _numpy_columns(model: dict, vocabulary, texts: list[str]):
    """``_plain_columns`` but the tokens, for a batch at once (``chunks.batch_columns``):
    of the tokens that may be transliterations, only those of the chunks that have one."""
    batch = batch_columns(texts, model, vocabulary, load_foreign_words()[2])
    counts = [(*row, tokenise(" ".join(chunks)) if chunks else (),
               repeat_share(in_sentences, n - 3), again)
              for row, chunks, n, again, in_sentences in zip(
                  zip(*(column.tolist() for column in batch[:4])), batch.leftover,
                  batch.n_words.tolist(), batch.repeated.tolist(),
                  batch.repeated_in_sentences.tolist())]
    sequence = (batch.lm_sequence.tolist(), batch.lm_starts.tolist())
    return (counts, sequence,
            _skeleton_scores_numpy(model, batch.class_ids, batch.n_tokens),
            lm_features(batch.lm_sequence, sequence[1], len(texts)))


def _analysis(model: dict, vocabulary: frozenset, text: str, tokens: list[str] | None,
              counts: tuple, skeleton: tuple, lm: dict, constructions: list
              ) -> ParagraphAnalysis:
    """One paragraph's analysis from its normalised text and tokens (None: made when
    asked for), counts (see ``_plain_columns``), skeleton score, language-model features
    and construction hits."""
    n_tokens, n_words, kept, foreign, leftover, repeats, repeated = counts
    skeleton_score, high_orders = skeleton
    bias, weights = model["combiner"]["bias"], model["combiner"]["weights"]
    analysis = ParagraphAnalysis()
    analysis.text, analysis._tokens = text, tokens
    candidates = transliteration_candidates(leftover, vocabulary) if leftover and cased(text) \
        else ()
    unknown = lowercase_unknown(analysis.tokens, vocabulary, candidates) if candidates else []
    features = paragraph_features(skeleton_score, n_words, len(unknown), repeats, lm)
    analysis.score = bias + sum(weights[k] * features[k] for k in weights)
    analysis.skeleton_score = skeleton_score
    analysis.features = features
    analysis.n_words = n_words
    analysis.n_tokens = n_tokens
    analysis.foreign_words = foreign
    analysis.english_share = kept / max(1, n_words)
    analysis.high_orders = high_orders
    analysis.constructions = constructions
    analysis.unknown = unknown
    analysis.repeat_share = repeats
    analysis.repeated = repeated
    return analysis


CASED_UPPER_SHARE = 0.5  # a paragraph with more capitals than this among its letters is in capitals


def cased(text: str) -> bool:
    """Whether ``text`` is written in upper and lower case, so that a name stands out by its
    capital: in a paragraph typed all in lower case ("banco de los trabajadores de
    venezuela") or in capitals (wire copy), an unknown lower-case word may be a name, and
    is no sign of a transliteration left untranslated."""
    if text.islower() or text.isupper():
        return False  # (one case only; the mixed-case paragraphs go on to the share)
    upper, letters = case_counts(text)
    return upper < CASED_UPPER_SHARE * letters


def paragraph_features(skeleton_score: float, n_words: int, n_unknown: int,
                       repeat_share: float, lm: dict | None = None) -> dict[str, float]:
    """The inputs of the paragraph-level combiner (the build script uses this too): the
    model file's combiner weights say which of them count.

    Construction patterns are left out: they are too rare in the training data to get a
    sound weight, and G101 reports them on its own.
    """
    n_words = max(1, n_words)
    return {
        "skeleton": skeleton_score,
        "unknown_rate": n_unknown / n_words,
        "repeat_share": repeat_share,
        "log_words": math.log(n_words),
        **(lm or LM_NEUTRAL),
    }


def analyse_documents(texts: list[list[str]]) -> list[list[ParagraphAnalysis]]:
    """``analyse_many`` of each document's paragraphs, all documents' paragraphs analysed
    together (the numpy calls' fixed costs paid once per batch, issue 17); each document's
    analyses get a sequence of their own for G108, as ``analyse_many`` would give them."""
    analyses = analyse_many([text for paragraphs in texts for text in paragraphs])
    if not analyses:
        return [[] for _ in texts]
    seq, starts = analyses[0].lm_sequence
    out, first = [], 0
    for paragraphs in texts:
        last = first + len(paragraphs)
        mine = analyses[first:last]
        if mine:  # from the PARAGRAPH mark before its first paragraph to the one after its last
            begin = starts[first] - 1
            end = starts[last] if last < len(starts) else len(seq)
            sequence = (seq[begin:end], [start - begin for start in starts[first:last]])
            for index, analysis in enumerate(mine):
                analysis.lm_sequence, analysis.index = sequence, index
        out.append(mine)
        first = last
    return out


ANALYSES = ("garbling", "analyses")  # the memo key


def paragraph_analyses(doc: Document) -> list[tuple[Paragraph, ParagraphAnalysis]]:
    """Analyses of the document's prose paragraphs, computed once and shared by the rules
    (by ``GarblingRule.prepare_documents`` for a batch of documents in a long run)."""
    return doc.memo(ANALYSES, lambda: _analyse_prose(doc))


def _prose(doc: Document) -> list[Paragraph]:
    """The paragraphs a reader reads as sentences: not code in a Markdown fence (whose
    identifiers, string literals and comments are not translation leftovers)."""
    code = document_code(doc)
    return [p for p in doc.paragraphs if _is_prose(p.text) and p.index not in code]


def _analyse_prose(doc: Document) -> list[tuple[Paragraph, ParagraphAnalysis]]:
    prose = _prose(doc)
    return list(zip(prose, analyse_many([p.text for p in prose])))


def is_english(analyses) -> bool:
    """Enough English words for the statistical model to mean anything: at least
    MIN_ENGLISH_DOCUMENT_SHARE of the prose's words are among the 1,000 most frequent
    English words. The engine already skips documents detected or declared as another
    language (``GarblingRule.languages``); this keeps out those it could not tell (code,
    tables, transliterations), whose improbable sequences are not MT garbling."""
    words = english = 0.0
    for analysis in analyses:
        words += analysis.n_words
        english += analysis.english_share * analysis.n_words
    return not words or english >= MIN_ENGLISH_DOCUMENT_SHARE * words


def english_analyses(doc: Document, minimum: float = MIN_ENGLISH_SHARE
                     ) -> list[tuple[Paragraph, ParagraphAnalysis]]:
    """The paragraphs that are English running text (what the statistical rules judge), in
    a document that is English. Pattern rules (G101, G102's scripts, G105) read every
    paragraph: a degenerate loop ("kathi kathi kathi ...") is not English either. Four
    rules ask: the answer is memoised (callers do not change the list)."""
    return doc.memo(("garbling", "english", minimum), lambda: _english(doc, minimum))


def _english(doc: Document, minimum: float) -> list[tuple[Paragraph, ParagraphAnalysis]]:
    analyses = paragraph_analyses(doc)
    if not is_english(a for _, a in analyses):
        return []
    return [(p, a) for p, a in analyses
            if a.english_share >= minimum and a.n_words >= MIN_WORD_SHARE * a.n_tokens]


# A paragraph of four lines or more whose lines (but the last, which wrapped prose leaves
# short) are mostly shorter than this (characters) is verse, unless they are filled as a
# wrapped paragraph's are (``_wrapped``). Three lines are too few to tell: a wire story's
# first paragraph wraps after a short dateline line and ends short.
VERSE_LINE = 45


def _is_prose(text: str) -> bool:
    """Long enough and mostly words: headings, tables and code are not judged, nor a column
    of short lines (a signature or address block, a list of figures: "Grant Smith",
    "jgrant@example.ca", "Airborne Geophysics", "Ottawa, Canada"), nor verse (a poem's or a
    song's lines, whose refrains and inversions are not a failed translation: "the rain
    came down on the river road, / the rain came down on the hill")."""
    if len(text) < 40 or text.count(" ") < 6 or text.lstrip().startswith("|"):
        return False
    if text.count("\n") < 2:
        return True
    lines = text.split("\n")
    words = sorted(len(line.split()) for line in lines)
    if words[len(words) // 2] < 5:
        return False
    lengths = sorted(len(line.strip()) for line in lines[:-1])
    return len(lines) < 4 or lengths[len(lengths) // 2] >= VERSE_LINE or _wrapped(lines)


def _wrapped(lines: list[str]) -> bool:
    """Prose wrapped at a column, however narrow (a newspaper's): most lines but the last
    are full, the next line's first word would not have fitted after them, and most breaks
    fall inside a sentence, the next line going on in lower case. A verse line ends where
    its sense does, often with room to spare; a list's items each start anew."""
    lines = [line.strip() for line in lines if line.strip()]
    width = max(map(len, lines))
    breaks = list(zip(lines, lines[1:]))
    full = sum(len(line) + 1 + len(after.split()[0]) > width for line, after in breaks)
    going_on = sum(not after[0].isupper() for _, after in breaks)
    return full >= 0.8 * len(breaks) and going_on >= 0.5 * len(breaks)


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class GarblingRule(Rule):
    """A rule that reads the shared paragraph analysis: its model and word lists are loaded
    before workers fork. G103 and G107 match plain patterns and need none of it."""

    languages = ("en",)  # an English model: other languages' text is not judged (issue 15)

    def prepare(self) -> None:
        # the dense tables too: built before the fork, their 2 MB are shared by every
        # worker instead of copied into each (audit tree PSS, issue 17)
        _tables(load_model())
        load_lm()
        load_vocabulary()
        load_foreign_words()
        load_constructions()

    def prepare_documents(self, docs: list[Document]) -> None:
        """Every document's analyses at once (``analyse_documents``): 1.5x faster over BBC
        than one document at a time. Only the analyses are computed ahead: a rule's own
        gates and findings stay in ``check``."""
        prose = [_prose(doc) for doc in docs]
        found = analyse_documents([[p.text for p in paragraphs] for paragraphs in prose])
        for doc, paragraphs, analyses in zip(docs, prose, found):
            doc.memo(ANALYSES, lambda: list(zip(paragraphs, analyses)))
