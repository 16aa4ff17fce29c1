"""Where the garbling family's time goes: CPU per stage of its per-document analysis.

    python benchmarks/bench_garbling_stages.py DATA_PATH [--rounds N] [--batch N]

bench_rules.py gives the family's documents per second; this splits that time into the
stages of ``analysis.analyse_many`` (and G108's synonym check), each run alone over the
prose paragraphs of every document under DATA_PATH, in the batches of documents a run
analyses together (--batch; 1: document by document), best of --rounds (CPU time of this
process). The stages run apart, so their sum is close to, not exactly, the family's
checking time. Stages marked (lm.py) are the language
model's, the others the family's own code (issue 17).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_rules import load_documents  # noqa: E402

from corpus_lint.engine import batching  # noqa: E402
from corpus_lint.engine.engine import Engine, RunOptions  # noqa: E402
from corpus_lint.plugins.garbling import analysis, lm, spinning  # noqa: E402
from corpus_lint.plugins.garbling.chunks import batch_columns  # noqa: E402
from corpus_lint.plugins.garbling.constructions import find_constructions_many  # noqa: E402
from corpus_lint.plugins.garbling.leftovers import transliteration_candidates  # noqa: E402
from corpus_lint.plugins.garbling.tokens import normalise, tokenise  # noqa: E402


def prose_by_document(data: Path) -> list[list[str]]:
    """The texts of the prose paragraphs the analysis judges, per document."""
    engine = Engine({}, None, RunOptions(select=["garbling"], jobs=1, cross_document=False))
    for rule in engine.rules.values():
        rule.prepare()
    docs = load_documents(engine, data)
    return [[p.text for p in doc.paragraphs if analysis._is_prose(p.text)] for doc in docs]


def stages(documents: list[list[str]]):
    """(name, function of no arguments) of each stage, in the order analyse_many runs them
    on a long run's batches (numpy loaded); each stage's input is computed once beforehand."""
    model, vocabulary = analysis.load_model(), analysis.load_vocabulary()
    foreign = analysis.load_foreign_words()[2]
    documents = [texts for texts in documents if texts]
    normalised = [[normalise(t) for t in texts] for texts in documents]
    read = [batch_columns(texts, model, vocabulary, foreign) for texts in normalised]
    sequences = [((b.lm_sequence.tolist(), b.lm_starts.tolist()), len(b.n_tokens)) for b in read]
    leftovers = [[tokenise(" ".join(chunks)) for chunks in b.leftover if chunks] for b in read]
    return [
        ("normalise", lambda: [[normalise(t) for t in texts] for texts in documents]),
        ("chunks: counts and ids", lambda: [batch_columns(texts, model, vocabulary, foreign)
                                            for texts in normalised]),
        ("skeleton scores", lambda: [analysis._skeleton_scores_numpy(model, b.class_ids,
                                                                     b.n_tokens)
                                     for b in read]),
        ("lm_features (lm.py)", lambda: [lm.lm_features(b.lm_sequence, seq[1], n)
                                         for b, (seq, n) in zip(read, sequences)]),
        ("constructions", lambda: [find_constructions_many(texts) for texts in normalised]),
        ("transliterations", lambda: [[transliteration_candidates(tokens, vocabulary)
                                       for tokens in lists] for lists in leftovers]),
        ("G108 spun_in_sequence", lambda: [spinning.spun_in_sequence(seq, 1.0)
                                           for seq, _ in sequences]),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=batching.BATCH_DOCUMENTS,
                        help="documents analysed together, as a run prepares them "
                             "(engine/batching.py; 1: one at a time)")
    args = parser.parse_args(argv)
    documents = prose_by_document(args.data)
    documents = [[text for texts in documents[i:i + args.batch] for text in texts]
                 for i in range(0, len(documents), max(1, args.batch))]
    timed = []
    for name, run in stages(documents):
        best = float("inf")
        for _ in range(args.rounds):
            started = time.process_time()
            run()
            best = min(best, time.process_time() - started)
        timed.append((name, best))
    total = sum(seconds for _, seconds in timed)
    print(f"batches of {args.batch} documents: {len(documents)}  "
          f"prose paragraphs: {sum(map(len, documents))}")
    for name, seconds in timed:
        print(f"{name:26s} {seconds:7.3f} s CPU  {seconds / total:6.1%}")
    print(f"{'sum':26s} {total:7.3f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
