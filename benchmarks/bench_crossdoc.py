"""Cross-document duplicate detection (D301, D302) at scale: wall time, peak memory, recall.

    python benchmarks/bench_crossdoc.py DATA_PATH [--sizes 100000,250000,500000,1000000]
                                        [--jobs 2] [--dup-rate 0.02] [--workdir DIR]
    python benchmarks/bench_crossdoc.py DATA_PATH --compare-minhash

DATA_PATH is a folder of real text (e.g. shared/bench: ``*.jsonl`` records with a ``text``
field and ``*.txt`` files, searched recursively). Its paragraphs (split by the engine's
layout rules, one line each) are the base. To reach a million paragraphs without making
everything a copy, further rounds re-emit the base documents through a seeded word
substitution (a bijection of the vocabulary per round): the same lengths and word
statistics, different text. Into a share ``--dup-rate`` of the documents one paragraph of an
earlier document is copied, half verbatim, half with two words replaced; those planted copies
measure recall. Everything is written to a temporary folder (never the repository), as JSONL
parts of 50,000 paragraphs, and removed afterwards.

Wall time depends on what else the machine runs; the CPU time of all processes is printed
beside it. Each size runs in a fresh interpreter (``--run-one``) through the engine's own ``run_check``
with only D301 and D302 selected, so peak memory (ru_maxrss of the checking process and of
its workers) belongs to that size alone.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PART_PARAGRAPHS = 50_000


# -- building the corpus -----------------------------------------------------------------
def base_documents(root: Path) -> list[list[str]]:
    """Paragraphs (whitespace-flattened) of every document under ``root``, in path order."""
    from corpus_lint.documents.layout import split_paragraphs

    docs: list[list[str]] = []

    def add(text: str) -> None:
        paragraphs = [" ".join(p.text.split()) for p in split_paragraphs(text)]
        paragraphs = [p for p in paragraphs if p]
        if paragraphs:
            docs.append(paragraphs)

    for path in sorted(root.rglob("*")):
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    text = json.loads(line).get("text")
                    if isinstance(text, str):
                        add(text)
        elif path.suffix == ".txt":
            add(path.read_text(encoding="utf-8", errors="replace"))
    return docs


def build(root: Path, out: Path, total: int, dup_rate: float, seed: int = 7) -> dict:
    """Write JSONL parts under ``out`` until ``total`` paragraphs; return the manifest."""
    base = base_documents(root)
    vocabulary = sorted({word for doc in base for p in doc for word in p.split()})
    rng = random.Random(seed)
    parts: list[dict] = []
    planted: list[dict] = []
    written = 0
    part_paragraphs = 0
    handle = None
    line = 0
    recent: list[tuple[str, int, str]] = []  # (part, line, paragraph) of earlier long paragraphs
    round_number = 0
    while written < total:
        if round_number == 0:
            mapping = None
        else:
            shuffled = vocabulary[:]
            random.Random(seed * 1000 + round_number).shuffle(shuffled)
            mapping = dict(zip(vocabulary, shuffled))
        for doc in base:
            if written >= total:
                break
            if handle is None or part_paragraphs >= PART_PARAGRAPHS:
                if handle is not None:
                    handle.close()
                name = f"part-{len(parts):04d}.jsonl"
                parts.append({"file": name, "paragraphs": 0, "documents": 0})
                handle = open(out / name, "w", encoding="utf-8")
                part_paragraphs = line = 0
            paragraphs = doc if mapping is None else \
                [" ".join(mapping[w] for w in p.split()) for p in doc]
            paragraphs = list(paragraphs)
            line += 1
            if recent and rng.random() < dup_rate:
                source_part, source_line, source = rng.choice(recent)
                words = source.split()
                edited = rng.random() < 0.5
                if edited:
                    for _ in range(2):
                        words[rng.randrange(len(words))] = rng.choice(vocabulary)
                slot = rng.randrange(len(paragraphs) + 1)
                paragraphs.insert(slot, " ".join(words))
                planted.append({"file": parts[-1]["file"], "line": line,
                                "original": [source_part, source_line], "edited": edited})
            for p in paragraphs:
                if len(p.split()) >= 20 and rng.random() < 0.01:
                    recent.append((parts[-1]["file"], line, p))
                    if len(recent) > 5000:
                        recent.pop(rng.randrange(len(recent)))
            handle.write(json.dumps({"id": f"r{round_number}-{written}",
                                     "text": "\n\n".join(paragraphs)}) + "\n")
            written += len(paragraphs)
            part_paragraphs += len(paragraphs)
            parts[-1]["paragraphs"] += len(paragraphs)
            parts[-1]["documents"] += 1
        round_number += 1
    if handle is not None:
        handle.close()
    return {"parts": parts, "planted": planted, "paragraphs": written}


# -- datasketch or numpy ---------------------------------------------------------------------
def compare_minhash(root: Path, documents: int = 2000) -> None:
    """Paragraph signatures per second: datasketch's MinHash (128 permutations, one hash per
    shingle and permutation) against the plugin's one-permutation numpy MinHash, on the
    same normalised paragraphs (character 5-grams), one batch a document as in the rule."""
    import importlib

    analysis = importlib.import_module("corpus_lint.plugins.duplicate.analysis")
    minhash = importlib.import_module("corpus_lint.plugins.duplicate.minhash")
    docs = [[analysis.normalise(p) for p in doc] for doc in base_documents(root)[:documents]]
    docs = [[p for p in doc if p.count(" ") >= 9] for doc in docs]
    docs = [doc for doc in docs if doc]
    count = sum(len(doc) for doc in docs)
    started = time.process_time()
    for doc in docs:
        minhash.signatures(doc)
    ours = time.process_time() - started
    print(f"numpy one-permutation MinHash: {count / ours:,.0f} paragraphs/s "
          f"({count} paragraphs, {ours:.2f} s CPU)")
    try:
        from datasketch import MinHash
    except ImportError:
        print("datasketch is not installed: no comparison")
        return
    started = time.process_time()
    for doc in docs:
        for p in doc:
            m = MinHash(num_perm=128, seed=1)
            m.update_batch([p[i:i + 5].encode() for i in range(len(p) - 4)])
    theirs = time.process_time() - started
    print(f"datasketch MinHash(128).update_batch: {count / theirs:,.0f} paragraphs/s "
          f"({theirs:.2f} s CPU): numpy is {theirs / ours:.0f}x faster")


# -- running one size ----------------------------------------------------------------------
def run_one(files: list[str], jobs: int, planted_path: str | None) -> dict:
    import resource

    from corpus_lint.engine.engine import Engine, RunOptions
    from corpus_lint.engine.run import run_check

    started = time.perf_counter()
    cpu = time.process_time()
    engine = Engine({}, None, RunOptions(select=["D301", "D302"], jobs=jobs))
    result = run_check(files, engine)
    wall = time.perf_counter() - started
    by_code: dict[str, int] = {}
    found: set[tuple[str, int]] = set()
    for finding in result.findings:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
        found.add((os.path.basename(finding.path), finding.region.start_line))
    report = {
        "documents": result.documents, "wall_s": round(wall, 2),
        "parent_cpu_s": round(time.process_time() - cpu, 2),
        "cpu_s": round(sum(getattr(resource.getrusage(who), field)
                           for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                           for field in ("ru_utime", "ru_stime")), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_worker_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "findings": by_code, "problems": len(result.problems),
    }
    if planted_path:
        with open(planted_path, encoding="utf-8") as handle:
            planted = json.load(handle)
        names = {os.path.basename(f) for f in files}
        mine = [p for p in planted if p["file"] in names
                and p["original"][0] in names]
        hit = [p for p in mine if (p["file"], p["line"]) in found]
        report["planted"] = len(mine)
        report["planted_found"] = len(hit)
        for kind, edited in (("exact", False), ("edited", True)):
            subset = [p for p in mine if p["edited"] == edited]
            report[f"recall_{kind}"] = round(
                sum(1 for p in subset if (p["file"], p["line"]) in found) / len(subset), 4
            ) if subset else None
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?")
    parser.add_argument("--sizes", default="100000,250000,500000,1000000",
                        help="paragraph counts to time (comma-separated)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dup-rate", type=float, default=0.02)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the temporary corpus goes (default: the system temp dir)")
    parser.add_argument("--compare-minhash", action="store_true",
                        help="only time datasketch against the numpy signatures, then stop")
    parser.add_argument("--run-one", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--planted", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(args.run_one, args.jobs, args.planted)))
        return 0
    if args.data is None:
        parser.error("DATA_PATH is required")
    if args.compare_minhash:
        compare_minhash(args.data)
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    folder = Path(tempfile.mkdtemp(prefix="corpus-lint-crossdoc-", dir=args.workdir))
    try:
        started = time.perf_counter()
        manifest = build(args.data, folder, sizes[-1], args.dup_rate)
        print(f"built {manifest['paragraphs']:,} paragraphs in {len(manifest['parts'])} parts "
              f"({time.perf_counter() - started:.0f} s) under {folder}", flush=True)
        planted_path = folder / "planted.json"
        planted_path.write_text(json.dumps(manifest["planted"]))
        rows = []
        for size in sizes:
            files, count = [], 0
            for part in manifest["parts"]:
                if count >= size:
                    break
                files.append(str(folder / part["file"]))
                count += part["paragraphs"]
            command = [sys.executable, os.path.abspath(__file__), "--jobs", str(args.jobs),
                       "--planted", str(planted_path), "--run-one", *files]
            output = subprocess.run(command, capture_output=True, text=True)
            if output.returncode:
                print(output.stderr, file=sys.stderr)
                return 1
            report = json.loads(output.stdout.strip().splitlines()[-1])
            report["paragraphs"] = count
            rows.append(report)
            print(json.dumps(report), flush=True)
        print()
        print(f"{'paragraphs':>11} {'documents':>10} {'wall s':>8} {'CPU s':>7} {'para/s':>9} "
              f"{'peak MB':>8} {'worker MB':>9} {'D301':>6} {'D302':>7} {'recall':>7}")
        for r in rows:
            recall = (r["planted_found"] / r["planted"]) if r.get("planted") else float("nan")
            print(f"{r['paragraphs']:>11,} {r['documents']:>10,} {r['wall_s']:>8.1f} "
                  f"{r['cpu_s']:>7.0f} {r['paragraphs'] / r['wall_s']:>9,.0f} {r['peak_rss_mb']:>8.0f} "
                  f"{r['peak_worker_rss_mb']:>9.0f} {r['findings'].get('D301', 0):>6} "
                  f"{r['findings'].get('D302', 0):>7} {recall:>7.3f}")
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            scale = last["paragraphs"] / first["paragraphs"]
            print(f"\n{scale:.1f}x the paragraphs: {last['wall_s'] / first['wall_s']:.1f}x the "
                  f"wall time, {last['cpu_s'] / first['cpu_s']:.1f}x the CPU time (all "
                  f"processes), {last['peak_rss_mb'] / first['peak_rss_mb']:.1f}x the peak memory")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
