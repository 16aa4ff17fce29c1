#!/usr/bin/env python3
"""Build the garbling family's shipped artefacts in rules/garbling/.

    python3 scripts/build_garbling_model.py [--train /work/shared/train] [--out rules/garbling]

Writes model.json.gz (the model's parameters), ngrams.npy.gz (its n-gram table, ready for
lookup) and words.txt.gz (the English word list).

Sources (both redistributable):

* mlqe-pe (github sheffieldnlp/mlqe-pe @2a670a1, CC0-1.0): Estonian, Romanian and Russian
  into English machine translation with human direct-assessment scores and human post-edits.
  Garbled = MT sentences with mean DA < 30; clean = the human post-edits (detokenised here)
  and MT sentences with mean DA >= 70. Nepali and Sinhala are not in the training file.
* pyspellchecker (PyPI, MIT licence) ``spellchecker/resources/en.json.gz``: English word
  frequencies; its word list becomes ``words.txt.gz`` (the vocabulary that tells a
  transliterated leftover from an English word). Needed at build time only.

Steps: (1) skeleton vocabulary = the most frequent words of the clean side; (2) a logistic
model over skeleton n-grams (1..4) with out-of-fold scores from a 5-fold split by Wikipedia
article; (3) a logistic combiner over paragraph features (skeleton score, unknown lower-case
words, repeated phrases, length) fitted on the out-of-fold scores;
(4) the skeleton model refitted on everything. Deterministic: no randomness, sorted output.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import re
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_lint.plugins.garbling import analysis, leftovers, lm, model as shipped, tokens  # noqa: E402

KEEP_WORDS = 1000
NMAX = 4
MIN_FEATURE_COUNT = 3
L2 = 0.1  # chosen by out-of-fold AUC on the training data (0.03..10 tried)
GARBLED_DA = 30
CLEAN_DA = 70


def detokenise(text: str) -> str:
    """Undo Moses-style tokenisation of the post-edits ("defeated ." -> "defeated.")."""
    text = text.replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
    text = re.sub(r" ([.,;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'t|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r'" ([^"]*?) "', r'"\1"', text)
    return text


def load_training(train_dir: Path):
    rows = []
    path = train_dir / "mlqe-pe" / "mlqe-pe-et-ro-ru-en.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
    texts, labels, groups, articles, edited = [], [], [], [], []
    for row in rows:
        article = f"{row['pair']}|{row.get('doc_id') or row['index']}"
        group = zlib.crc32(article.encode()) % 5
        if row.get("pe"):
            texts.append(detokenise(row["pe"])); labels.append(0)
            groups.append(group); articles.append(article); edited.append(True)
        da = row.get("da_mean")
        if da is None:
            continue
        if da < GARBLED_DA or da >= CLEAN_DA:
            texts.append(row["mt"]); labels.append(1 if da < GARBLED_DA else 0)
            groups.append(group); articles.append(article); edited.append(False)
    return texts, np.array(labels, float), np.array(groups), articles, np.array(edited)


def load_vocabulary() -> list[str]:
    import spellchecker  # build-time only: pip install pyspellchecker

    path = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        freq = json.load(fh)
    return sorted({w for w in freq if w.isascii() and w.isalpha() and w.islower()})


def fit_logistic(X, y, l2, maxiter=400):
    """Class-balanced L2 logistic regression (L-BFGS); returns (bias, weights)."""
    from scipy.optimize import minimize

    w_pos = len(y) / (2 * y.sum())
    w_neg = len(y) / (2 * (len(y) - y.sum()))
    sample = np.where(y == 1, w_pos, w_neg)

    def objective(w):
        z = X @ w[1:] + w[0]
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        loss = -(sample * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum()
        loss += l2 * (w[1:] ** 2).sum()
        g = sample * (p - y)
        return loss, np.concatenate([[g.sum()], X.T @ g + 2 * l2 * w[1:]])

    result = minimize(objective, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B",
                      options={"maxiter": maxiter})
    return result.x[0], result.x[1:]


def auc(scores, labels):
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(len(scores))
    n1 = labels.sum()
    n0 = len(labels) - n1
    return (ranks[labels == 1].sum() - n1 * (n1 - 1) / 2) / (n1 * n0)


def build_matrix(texts, keep_set, index=None):
    """Skeleton n-gram counts (normalised like analysis.analyse) as a sparse matrix."""
    import scipy.sparse as sp

    grams = [[k for k, _, _ in tokens.skeleton_ngrams([tokens.word_class(tok, keep_set) for tok, _, _ in
                                                   tokens.token_spans(t)], NMAX)] for t in texts]
    if index is None:
        doc_freq = collections.Counter(g for gs in grams for g in set(gs))
        index = {g: i for i, g in enumerate(sorted(g for g, c in doc_freq.items()
                                                    if c >= MIN_FEATURE_COUNT))}
    rows, cols, vals = [], [], []
    for r, gs in enumerate(grams):
        c = collections.Counter(index[g] for g in gs if g in index)
        scale = NMAX / max(1, len(gs))  # same normalisation as analysis.analyse
        for j, v in sorted(c.items()):
            rows.append(r); cols.append(j); vals.append(v * scale)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(index))), index


def skeleton_vocabulary(texts, y) -> list[str]:
    """The words kept as themselves in skeletons: the most frequent of the clean side."""
    counts = collections.Counter()
    for text, label in zip(texts, y):
        if label == 0:
            counts.update(t.lower() for t, _, _ in tokens.token_spans(text) if t[0].isalpha())
    return sorted(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:KEEP_WORDS])


def out_of_fold_scores(X, y, groups):
    """Skeleton scores of each sentence from a model fitted without its article's fold."""
    oof = np.zeros(len(y))
    for fold in range(5):
        test = groups == fold
        bias, w = fit_logistic(X[~test], y[~test], L2)
        oof[test] = X[test] @ w + bias
    print(f"skeleton model, out-of-fold sentence AUC: {auc(oof, y):.3f}")
    return oof


def paragraph_features(texts, oof, vocab_set):
    """The paragraph features of each sentence (out-of-fold skeleton score, unknown words,
    repeats, length, language-model features) as a matrix, and their names."""
    token_lists = [[tok for tok, _, _ in tokens.token_spans(text)] for text in texts]
    feats = []
    for s, score, lm_features in zip(token_lists, oof, lm.lm_features_many(token_lists)):
        words = [t.lower() for t in s if t[0].isalnum()]
        share, _ = tokens.repetition(words)
        unknown = leftovers.lowercase_unknown(s, vocab_set)
        f = analysis.paragraph_features(score, len(words), len(unknown), share, lm_features)
        feats.append([f[k] for k in sorted(f)])
    return np.array(feats), sorted(f)


def fit_combiner(F, y):
    """Class-balanced logistic combiner over standardised features, returned in raw units."""
    mean, std = F.mean(0), F.std(0) + 1e-9
    cb, cw = fit_logistic((F - mean) / std, y, 1.0)
    return cb - float((cw * mean / std).sum()), cw / std


def held_out_combined(F, y, groups):
    """Scores of each sentence from a combiner fitted without its article's fold."""
    out = np.zeros(len(y))
    for fold in range(5):
        test = groups == fold
        bias, weights = fit_combiner(F[~test], y[~test])
        out[test] = F[test] @ weights + bias
    return out


def ablation(F, names, y, groups) -> None:
    """Held-out sentence AUC (split by article) of the combiner without the LM features,
    with each, and with all: what each addition is worth."""
    base = [n for n in names if n not in lm.NEUTRAL]
    for extra in [[], *([n] for n in sorted(lm.NEUTRAL)), sorted(lm.NEUTRAL)]:
        cols = [names.index(n) for n in base + extra]
        score = auc(held_out_combined(F[:, cols], y, groups), y)
        print(f"held-out sentence AUC, {' + '.join(['base'] + extra)}: {score:.4f}")


def document_tradeoff(combined, y, article, long_enough) -> dict:
    """G106 as it runs: only sentences of >= 8 words count, pseudo-documents of 4-6 of them;
    the clean side's quantiles give thresholds, the garbled side (MT with DA < 30, grouped
    the same way) the held-out recall at each."""
    chunks: dict[int, dict[str, list]] = {0: collections.defaultdict(list),
                                          1: collections.defaultdict(list)}
    for g, label, score, ok in zip(article, y, combined, long_enough):
        if ok:
            chunks[int(label)][g].append(score)
    doc_means = {label: np.array([float(np.mean(v[i:i + 6])) for _, v in sorted(by.items())
                                  for i in range(0, len(v) - 3, 6)])
                 for label, by in chunks.items()}
    tradeoff = {}
    for q in (0.95, 0.98, 0.99):
        threshold = float(np.quantile(doc_means[0], q))
        tradeoff[str(q)] = {"threshold": round(threshold, 3),
                            "garbled_recall": round(float((doc_means[1] >= threshold).mean()), 3)}
    print(f"G106 pseudo-documents (>= 8-word sentences): {len(doc_means[0])} clean, "
          f"{len(doc_means[1])} garbled; clean quantile -> threshold, garbled recall: {tradeoff}")
    return tradeoff


def calibrate(combined, y, article, long_enough) -> dict:
    """Calibration on the clean side (post-edits and well-rated MT), out of fold: the
    paragraph score and the mean over pseudo-documents of 6 sentences of one article."""
    clean = combined[y == 0]
    clean_groups = [g for g, l in zip(article, y) if l == 0]
    by_article = collections.defaultdict(list)
    for g, score in zip(clean_groups, clean):
        by_article[g].append(score)
    means = [float(np.mean(v[i:i + 6])) for v in by_article.values() for i in range(0, len(v) - 2, 6)]
    tradeoff = document_tradeoff(combined, y, article, long_enough)
    calibration = {
        "paragraph": {str(q): round(float(np.quantile(clean, q)), 3) for q in (0.99, 0.995, 0.999)},
        "document_mean": {str(q): round(float(np.quantile(means, q)), 3) for q in (0.99, 0.995, 0.999)},
        "document_mean_min_words": tradeoff,
    }
    print("clean-side calibration quantiles:", calibration)
    return calibration


def post_edit_false_alarms(combined, y, article, edited, long_enough) -> None:
    """The clean post-edited side as G104 and G106 see it at the shipped thresholds (read
    from the rule TOMLs), printed (``post_edit_false_alarm_counts``)."""
    def default(code):
        return shipped.load_toml(f"{code}.toml")["parameters"]["threshold"]["default"]

    g104, g106 = default("G104"), default("G106")
    flagged, total = post_edit_false_alarm_counts(combined, y, article, edited, long_enough,
                                                  g104, g106)
    print(f"post-edited pseudo-documents flagged at G104 >= {g104}, G106 >= {g106}: "
          f"{flagged}/{total} ({flagged / max(1, total):.2%})")


def post_edit_false_alarm_counts(combined, y, article, edited, long_enough, g104: float,
                                 g106: float) -> tuple[int, int]:
    """(flagged, total) pseudo-documents of up to six post-edited sentences of one article,
    flagged if a sentence reaches G104's threshold or their mean (sentences of >= 8 words,
    at least three) reaches G106's; held-out scores."""
    by_article = collections.defaultdict(list)
    for g, label, was_edited, score, ok in zip(article, y, edited, combined, long_enough):
        if label == 0 and was_edited:
            by_article[g].append((score, ok))
    flagged = total = 0
    for _, rows in sorted(by_article.items()):
        for i in range(0, len(rows), 6):
            chunk = rows[i:i + 6]
            scored = [sc for sc, ok in chunk if ok]
            hit = any(sc >= g104 for sc, ok in chunk if ok)
            hit |= len(scored) >= 3 and float(np.mean(scored)) >= g106
            flagged += hit
            total += 1
    return flagged, total


def write_artefacts(out: Path, model: dict, ngram_weights: dict, vocabulary: list[str]) -> None:
    """The three shipped files, gzipped without a time stamp (two builds give the same bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out / shipped.MODEL_FILE, "wb", mtime=0) as fh:
        fh.write(json.dumps(model, sort_keys=True, separators=(",", ":")).encode())
    codes, code_weights = shipped.ngram_table(model["keep"], dict(sorted(ngram_weights.items())))
    with gzip.GzipFile(out / shipped.NGRAMS_FILE, "wb", mtime=0) as fh:
        np.save(fh, codes)
        np.save(fh, code_weights)
    with gzip.GzipFile(out / shipped.WORDS_FILE, "wb", mtime=0) as fh:
        fh.write("\n".join(vocabulary).encode() + b"\n")
    print(f"wrote {out / shipped.MODEL_FILE}, {out / shipped.NGRAMS_FILE} ({len(ngram_weights)} "
          f"n-grams) and {out / shipped.WORDS_FILE} ({len(vocabulary)} words)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", default=os.environ.get("CORPUS_LINT_TRAIN", "/work/shared/train"))
    parser.add_argument("--out", default=str(ROOT / "rules" / "garbling"))
    args = parser.parse_args()

    texts, y, groups, article, edited = load_training(Path(args.train))
    print(f"training sentences: {len(texts)} ({int(y.sum())} garbled)")
    vocabulary = load_vocabulary()
    keep = skeleton_vocabulary(texts, y)
    X, index = build_matrix(texts, frozenset(keep))
    print(f"skeleton n-gram features: {len(index)}")
    oof = out_of_fold_scores(X, y, groups)

    F, names = paragraph_features(texts, oof, frozenset(vocabulary))
    ablation(F, names, y, groups)
    bias, weights = fit_combiner(F, y)
    print("combiner weights:", dict(zip(names, np.round(weights, 3))))
    combined = held_out_combined(F, y, groups)
    print(f"combined held-out sentence AUC: {auc(combined, y):.3f}")
    long_enough = F[:, names.index("log_words")] >= np.log(8)
    calibration = calibrate(combined, y, article, long_enough)
    post_edit_false_alarms(combined, y, article, edited, long_enough)

    bias_all, w_all = fit_logistic(X, y, L2)
    inverse = sorted(index, key=index.get)
    ngram_weights = {g: round(float(w), 4) for g, w in zip(inverse, w_all) if abs(w) >= 0.002}
    model = {
        "about": "corpus-lint garbling model: skeleton n-gram logistic model and paragraph "
                 "combiner (with the features of english-lm.npy.gz), built by "
                 "scripts/build_garbling_model.py from mlqe-pe (CC0-1.0).",
        "nmax": NMAX,
        "keep": keep,
        "bias": round(float(bias_all), 4),
        "ngrams": len(ngram_weights),
        "calibration": calibration,
        "combiner": {"bias": round(bias, 4),
                     "weights": {k: round(float(v), 4) for k, v in zip(names, weights)}},
    }
    write_artefacts(Path(args.out), model, ngram_weights, vocabulary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
