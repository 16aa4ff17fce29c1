#!/usr/bin/env python3
"""Evaluate the garbling family on a labelled set: per-source precision/recall and ROC AUC.

    python3 benchmarks/eval_garbling.py /work/shared/eval/garbling [--clean /work/shared/bench/bbc]

Runs the garbling rules in-process over every document of EVAL_DIR/docs, then prints, for
the whole set and for each source (file-name prefix before the number: mlqe-ne, mlqe-si,
ted, wmt17zhen, wmt23): document-level TP FP FN TN, precision, recall, and the ROC AUC
of the G104 paragraph score over labelled paragraphs (garbled lines vs clean_lines; for sets
without line labels, every paragraph gets its document's label), overall and within length
bins (words per paragraph), so that length is not mistaken for signal: "lenAUC" is the
mean of the per-bin AUCs weighted by paragraphs. With --clean (a folder of .txt/.md) or
--clean-jsonl (records with a "text" field, e.g. Reuters in news.jsonl; --clean-prefix
keeps records whose id starts so), also the share of clean documents flagged and the
paragraph-score quantiles there.
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
    return name.rsplit("-", 1)[0]


LENGTH_BINS = (0, 15, 25, 40, 10**9)  # words per paragraph


def length_binned_auc(scores, labels, lengths) -> tuple[float, str]:
    """The AUC within each length bin and their mean weighted by paragraphs (bins with only
    one class are left out)."""
    parts, total, weighted = [], 0, 0.0
    for low, high in zip(LENGTH_BINS, LENGTH_BINS[1:]):
        inside = [(s, y) for s, y, n in zip(scores, labels, lengths) if low <= n < high]
        value = auc([s for s, _ in inside], [y for _, y in inside]) if inside else float("nan")
        if value == value:
            total += len(inside)
            weighted += value * len(inside)
        parts.append(f"{low}-{high if high < 10**9 else ''}:{value:.2f}/{len(inside)}")
    return (weighted / total if total else float("nan")), " ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("eval_dir")
    parser.add_argument("--clean", help="a folder of clean documents (false-alarm rate)")
    parser.add_argument("--clean-jsonl", help="a JSONL file of clean documents (false-alarm rate)")
    parser.add_argument("--clean-prefix", default="", help="only records whose id starts so")
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
    para = defaultdict(lambda: ([], [], []))
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
                para[key][2].append(analysis.n_words)
    print(f"{'source':10} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'prec':>6} {'recall':>6} "
          f"{'paraAUC':>7} {'lenAUC':>6} {'paras':>6}  AUC by length bin (words:AUC/paragraphs)")
    for key in sorted(counts, key=lambda k: (k == "ALL", k)):
        tp, fp, fn, tn = counts[key]
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        s, y, n = para[key]
        binned, bins = length_binned_auc(s, y, n)
        print(f"{key:10} {tp:4} {fp:4} {fn:4} {tn:4} {prec:6.3f} {rec:6.3f} {auc(s, y):7.3f} "
              f"{binned:6.3f} {len(y):6}  {bins}")
    print("documents flagged per code (positive, negative):",
          {k: tuple(v) for k, v in sorted(by_code.items())})
    if args.clean:
        files = sorted(p for p in Path(args.clean).rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
        report_clean(rules, args.clean, [make_doc(path) for path in files])
    if args.clean_jsonl:
        report_clean(rules, args.clean_jsonl, jsonl_docs(args.clean_jsonl, args.clean_prefix))
    return 0


def jsonl_docs(path: str, prefix: str):
    """Documents from the "text" field of JSONL records whose "id" starts with ``prefix``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if str(record.get("id", "")).startswith(prefix) and record.get("text"):
                text = record["text"]
                yield Document(path=str(record["id"]), text=text, source_map=TextSourceMap(text))


def report_clean(rules, name: str, docs) -> None:
    """Share of clean documents flagged, per code, and score quantiles there."""
    files, flagged, scores, per_code, doc_max, doc_mean = [], 0, [], defaultdict(int), [], []
    for doc in docs:
        files.append(doc.path)
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
    print(f"clean {name}: {flagged}/{len(files)} documents flagged ({flagged / max(1, len(files)):.2%}); "
          f"per code {dict(sorted(per_code.items()))}; paragraph score quantiles "
          f"99% {q(0.99):.2f} 99.9% {q(0.999):.2f} max {scores[-1]:.2f}; highest paragraph score per "
          f"document (G104 calibration): 99% {dq(0.99):.2f} 99.5% {dq(0.995):.2f} 99.7% {dq(0.997):.2f}; "
          f"mean paragraph score per document (G106 calibration): 99% {dq(0.99, doc_mean):.2f} "
          f"99.5% {dq(0.995, doc_mean):.2f} 99.7% {dq(0.997, doc_mean):.2f}")


if __name__ == "__main__":
    sys.exit(main())
