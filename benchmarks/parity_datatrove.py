"""Peer parity: datatrove's Gopher, C4 and FineWeb quality heuristics against the quality
family's rules, heuristic by heuristic, over the same documents.

    python benchmarks/parity_datatrove.py DATA [DATA ...] --datatrove-python PY [--limit N]
        [--skip N] [--show N]

DATA is a folder of .txt documents (../shared/bench/bbc) or a JSONL file with a "text"
field (../shared/bench/news.jsonl; --limit takes its first N records). datatrove runs in
its own interpreter (a virtual environment with "datatrove[processing]" and spacy, as for
bench_throughput.py). Each datatrove heuristic is evaluated on its own (the others
switched off), so a document rejected by two heuristics counts for both; corpus-lint runs
every quality rule (`--select quality`), once with the catalogue defaults and once with
the parameters the rule documentation says give datatrove's behaviour (PARITY).

Prints, per heuristic and source: both/datatrove only/corpus-lint only/neither, and the
agreement. Documents without a word are left out (datatrove divides by zero on them).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

# heuristic name: (corpus-lint code, datatrove filter class, its keyword arguments)
_GOPHER_OFF = dict(min_doc_words=None, max_doc_words=None, min_avg_word_length=None,
                   max_avg_word_length=None, max_symbol_word_ratio=None,
                   max_bullet_lines_ratio=None, max_ellipsis_lines_ratio=None,
                   max_non_alpha_words_ratio=None, min_stop_words=None)
_FINEWEB_OFF = dict(line_punct_thr=0.0, short_line_thr=2.0, char_duplicates_ratio=2.0,
                    new_line_ratio=1e9)
HEURISTICS = {
    "gopher word count": ("Q101", "GopherQualityFilter",
                          {**_GOPHER_OFF, "min_doc_words": 50, "max_doc_words": 100000}),
    "gopher mean word length": ("Q102", "GopherQualityFilter",
                                {**_GOPHER_OFF, "min_avg_word_length": 3,
                                 "max_avg_word_length": 10}),
    "gopher symbol ratio": ("Q103", "GopherQualityFilter",
                            {**_GOPHER_OFF, "max_symbol_word_ratio": 0.1}),
    "gopher bullet lines": ("Q104", "GopherQualityFilter",
                            {**_GOPHER_OFF, "max_bullet_lines_ratio": 0.9}),
    "gopher ellipsis lines": ("Q105", "GopherQualityFilter",
                              {**_GOPHER_OFF, "max_ellipsis_lines_ratio": 0.3}),
    "gopher alphabetic words": ("Q106", "GopherQualityFilter",
                                {**_GOPHER_OFF, "max_non_alpha_words_ratio": 0.8}),
    "gopher stop words": ("Q107", "GopherQualityFilter", {**_GOPHER_OFF, "min_stop_words": 2}),
    "c4 lorem ipsum": ("Q201", "C4QualityFilter",
                       {"min_num_sentences": -1, "filter_curly_bracket": False}),
    "c4 curly bracket": ("Q202", "C4QualityFilter",
                         {"min_num_sentences": -1, "filter_lorem_ipsum": False}),
    "c4 few sentences": ("Q203", "C4QualityFilter",
                         {"filter_lorem_ipsum": False, "filter_curly_bracket": False}),
    "fineweb line punctuation": ("Q301", "FineWebQualityFilter",
                                 {**_FINEWEB_OFF, "line_punct_thr": 0.12}),
    "fineweb short lines": ("Q302", "FineWebQualityFilter",
                            {**_FINEWEB_OFF, "short_line_thr": 0.67}),
    "fineweb duplicated lines": ("Q303", "FineWebQualityFilter",
                                 {**_FINEWEB_OFF, "char_duplicates_ratio": 0.01}),
    "fineweb list-like": ("Q304", "FineWebQualityFilter",
                          {**_FINEWEB_OFF, "new_line_ratio": 0.3}),
}
# The parameters each rule's documentation says give datatrove's behaviour.
PARITY = {
    "Q102": {"min-words": 1}, "Q106": {"count-symbols": True, "min-words": 1},
    "Q107": {"min-words": 1}, "Q301": {"unit": "line", "min-lines": 1},
    "Q302": {"min-lines": 1}, "Q303": {"min-line-chars": 1}, "Q304": {"min-lines": 1},
}

DATATROVE_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from datatrove.data import Document
from datatrove.pipeline import filters
heuristics = json.loads(sys.argv[2])
built = {name: getattr(filters, cls)(**kwargs) for name, (code, cls, kwargs) in heuristics.items()}
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        record = json.loads(line)
        rejected = []
        for name, flt in built.items():
            verdict = flt.filter(Document(text=record["text"], id=record["id"]))
            if verdict is False or (isinstance(verdict, tuple) and not verdict[0]):
                rejected.append(name)
        print(json.dumps({"id": record["id"], "rejected": rejected}))
"""


def documents(data: Path, limit: int | None, skip: int = 0) -> list[dict]:
    """(id, source, text) of each document of a folder of .txt files or a JSONL file."""
    if data.is_dir():
        paths = sorted(data.glob("*.txt"))[:limit]
        return [{"id": p.name, "source": data.name,
                 "text": p.read_text(encoding="utf-8", errors="replace")} for p in paths]
    found = []
    with open(data, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number < skip:
                continue
            record = json.loads(line)
            found.append({"id": str(record.get("id", len(found))),
                          "source": str(record.get("id", data.stem)).split("-")[0],
                          "text": record.get("text") or ""})
            if limit and len(found) >= limit:
                break
    return found


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def run_datatrove(python: str, corpus: Path) -> dict[str, set[str]]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(DATATROVE_SCRIPT)
    done = subprocess.run([python, script.name, str(corpus), json.dumps(HEURISTICS)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"datatrove failed: {done.stderr.strip()[-800:]}")
    return {row["id"]: set(row["rejected"])
            for row in map(json.loads, done.stdout.splitlines())}


def run_corpus_lint(corpus: Path, ids: list[str], parity: bool) -> dict[str, set[str]]:
    """Codes reported per document id, every quality rule selected."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "corpus-lint.toml"
        lines = ['select = ["quality"]']
        for code, params in (PARITY.items() if parity else ()):
            values = ", ".join(f'"{k}" = {json.dumps(v)}' for k, v in params.items())
            lines.append(f"[rules.{code}]\n{values.replace(', ', chr(10))}")
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = Path(folder) / "out.json"
        done = subprocess.run([sys.executable, "-m", "corpus_lint", "check", "--no-cache",
                               "--config", str(config), "--format", "json", "--output",
                               str(out), str(corpus)], capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"corpus-lint failed: {done.stderr.strip()[-800:]}")
        payload = json.loads(out.read_text(encoding="utf-8"))
    reported: dict[str, set[str]] = defaultdict(set)
    for finding in payload["findings"]:
        reported[ids[finding["record"] - 1]].add(finding["code"])
    return reported


def table(docs: list[dict], datatrove: dict, lint: dict, title: str) -> None:
    print(f"\n{title}")
    print(f"{'heuristic':28} {'code':5} {'source':10} {'docs':>6} {'both':>6} {'dt only':>8} "
          f"{'cl only':>8} {'neither':>8} {'agree':>7}")
    sources = sorted({d["source"] for d in docs})
    for name, (code, _, _) in HEURISTICS.items():
        for source in sources:
            counts = [0, 0, 0, 0]
            for d in docs:
                if d["source"] != source:
                    continue
                dt, cl = name in datatrove[d["id"]], code in lint.get(d["id"], ())
                counts[(0 if cl else 2) if dt else (1 if cl else 3)] += 1
            both, cl_only, dt_only, neither = counts
            total = sum(counts)
            print(f"{name:28} {code:5} {source:10} {total:6} {both:6} {dt_only:8} {cl_only:8} "
                  f"{neither:8} {(both + neither) / max(1, total):7.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--datatrove-python", required=True)
    parser.add_argument("--limit", type=int, default=None, help="records per JSONL file")
    parser.add_argument("--skip", type=int, default=0,
                        help="records skipped at the start of each JSONL file (21577 in "
                             "news.jsonl: its 20 Newsgroups part)")
    parser.add_argument("--show", type=int, default=0,
                        help="print this many ids of each disagreement class")
    args = parser.parse_args()
    docs = [d for data in args.data for d in documents(data, args.limit, args.skip)]
    skipped = sum(not has_words(d["text"]) for d in docs)
    docs = [d for d in docs if has_words(d["text"])]
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as handle:
            for d in docs:
                handle.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
        datatrove = run_datatrove(args.datatrove_python, corpus)
        ids = [d["id"] for d in docs]
        defaults = run_corpus_lint(corpus, ids, parity=False)
        parity = run_corpus_lint(corpus, ids, parity=True)
    print(f"documents: {len(docs)} (left out, no word: {skipped})")
    table(docs, datatrove, defaults, "corpus-lint with the catalogue defaults")
    table(docs, datatrove, parity, "corpus-lint with the documented datatrove parameters")
    if args.show:
        for name, (code, _, _) in HEURISTICS.items():
            for label, pick in (("dt only", lambda d: name in datatrove[d["id"]]
                                 and code not in parity.get(d["id"], ())),
                                ("cl only", lambda d: name not in datatrove[d["id"]]
                                 and code in parity.get(d["id"], ()))):
                chosen = [d["id"] for d in docs if pick(d)][:args.show]
                if chosen:
                    print(f"{code} {label}: {' '.join(chosen)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
