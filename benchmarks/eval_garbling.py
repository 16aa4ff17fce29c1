#!/usr/bin/env python3
"""Evaluate the garbling family on a labelled set: per-source precision/recall and ROC AUC.

    python3 benchmarks/eval_garbling.py /work/shared/eval/garbling [--clean /work/shared/bench/bbc]

Runs the garbling rules in-process over every document of EVAL_DIR/docs, then prints, for
the whole set and for each source (file-name prefix before the first "-", with mlqe-ne and
mlqe-si together as "mlqe"): document-level TP FP FN TN, precision, recall, and the ROC AUC
of the G104 paragraph score over labelled paragraphs (garbled lines vs clean_lines; for sets
without line labels, every paragraph gets its document's label). With --clean, also the
share of clean documents flagged and the paragraph-score quantiles there.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins import garbling
from corpus_lint.plugins.garbling import analysis as garbling_analysis, model as shipped

RULES = garbling.corpus_lint_rules()


def make_doc(path: Path) -> Document:
    text = path.read_text(encoding="utf-8", errors="replace")
    return Document(path=str(path), text=text, source_map=TextSourceMap(text))


def check(rules, doc):
    return [f for rule in rules for f in rule.check(doc)]


def auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    n1 = sum(labels)
    n0 = len(labels) - n1
    if not n1 or not n0:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):  # average ranks over ties
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += sum(l for _, l in pairs[i:j]) * (i + j + 1) / 2
        i = j
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def source_of(name: str) -> str:
    return name.split("-", 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("eval_dir")
    parser.add_argument("--clean", help="a folder of clean documents (false-alarm rate)")
    parser.add_argument("--codes", default=",".join(cls.spec.code for cls in RULES))
    parser.add_argument("--model", help="evaluate this model file instead of the shipped one")
    args = parser.parse_args()
    if args.model:
        import gzip

        with gzip.open(args.model, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        model["keep"] = frozenset(model["keep"])
        shipped.load_model.cache_clear()
        garbling_analysis.load_model = lambda: model
    codes = set(args.codes.split(","))
    rules = [cls() for cls in RULES if cls.spec.code in codes]
    root = Path(args.eval_dir)
    labels = [json.loads(l) for l in (root / "labels.jsonl").read_text().splitlines() if l.strip()]
    counts = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    para = defaultdict(lambda: ([], []))
    by_code = defaultdict(lambda: [0, 0])
    for label in labels:
        doc = make_doc(root / label["file"])
        src = source_of(Path(label["file"]).name)
        findings = check(rules, doc)
        flagged = bool(findings)
        for code in {f.code for f in findings}:
            by_code[code][0 if label["positive"] else 1] += 1
        for key in (src, "ALL"):
            c = counts[key]
            if label["positive"]:
                c[0 if flagged else 2] += 1
            else:
                c[1 if flagged else 3] += 1
        garbled = set(label.get("lines", []))
        clean = set(label.get("clean_lines", []))
        whole = label.get("line_labels", True) is False
        for paragraph, analysis in garbling_analysis.english_analyses(doc):
            line = doc.region(paragraph.start, paragraph.end).start_line
            if whole:
                y = int(label["positive"])
            elif line in garbled:
                y = 1
            elif line in clean:
                y = 0
            else:
                continue
            for key in (src, "ALL"):
                para[key][0].append(analysis.score)
                para[key][1].append(y)
    print(f"{'source':10} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'prec':>6} {'recall':>6} {'paraAUC':>7} {'paras':>6}")
    for key in sorted(counts, key=lambda k: (k == "ALL", k)):
        tp, fp, fn, tn = counts[key]
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        s, y = para[key]
        print(f"{key:10} {tp:4} {fp:4} {fn:4} {tn:4} {prec:6.3f} {rec:6.3f} {auc(s, y):7.3f} {len(y):6}")
    print("documents flagged per code (positive, negative):",
          {k: tuple(v) for k, v in sorted(by_code.items())})
    if args.clean:
        files = sorted(p for p in Path(args.clean).rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
        flagged, scores, per_code, doc_max, doc_mean = 0, [], defaultdict(int), [], []
        for path in files:
            doc = make_doc(path)
            findings = check(rules, doc)
            flagged += bool(findings)
            for code in {f.code for f in findings}:
                per_code[code] += 1
            scores.extend(a.score for _, a in garbling_analysis.english_analyses(doc))
            scored = [a.score for _, a in garbling_analysis.english_analyses(doc) if a.n_words >= 8]
            doc_max.append(max(scored, default=-99.0))
            doc_mean.append(sum(scored) / len(scored) if len(scored) >= 3 else -99.0)
        scores.sort()
        doc_max.sort()
        doc_mean.sort()
        dq = lambda p, v=doc_max: v[min(len(v) - 1, int(p * len(v)))]
        q = lambda p: scores[min(len(scores) - 1, int(p * len(scores)))]
        print(f"clean: {flagged}/{len(files)} documents flagged ({flagged / max(1, len(files)):.2%}); "
              f"per code {dict(sorted(per_code.items()))}; paragraph score quantiles "
              f"99% {q(0.99):.2f} 99.9% {q(0.999):.2f} max {scores[-1]:.2f}; highest paragraph score per "
              f"document (G104 calibration): 99% {dq(0.99):.2f} 99.5% {dq(0.995):.2f} 99.7% {dq(0.997):.2f}; "
              f"mean paragraph score per document (G106 calibration): 99% {dq(0.99, doc_mean):.2f} "
              f"99.5% {dq(0.995, doc_mean):.2f} 99.7% {dq(0.997, doc_mean):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
