"""Build a labelled comment-spam set from clean articles: SMS-style spam pasted under them,
and news sentences that look like spam set into others, for ``../shared/tools/score.py``.

    python benchmarks/simulate_pasted_spam.py ARTICLES OUT [--untouched 40] [--seed 13]
    corpus-lint check --select comment-spam --format sarif OUT/docs > OUT/found.sarif
    python ../shared/tools/score.py OUT/found.sarif OUT/labels.jsonl

ARTICLES: a folder of clean .txt articles (../shared/bench/bbc). The dev set's spam is
YouTube comments; spam of another kind (premium-rate texts, prize draws, phishing, loan and
dating offers, a keyword to send back) is what a linter meets in corpora built from other
sources. Each message of benchmarks/data/pasted_spam.txt (written for this, not taken from
any collection) goes under its own article in one of four layouts, the message alone, under
a commenter's name, under a name and a date, or under a comments heading (the layouts of
eval/comment-spam), and is labelled at the block's first line (the name or heading); each
sentence of benchmarks/data/spam_lookalikes.txt (appeals, helplines, votes, reported
orders) goes into two articles, at the end and in the middle, as negatives; --untouched
articles stay as they are. Every article is used once, in a seeded order. ``labels.jsonl`` gives each
document's ``layout`` and, for spam, the message's line number in the data file.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = ("bare", "author", "author_date", "header")
NAMES = ("Dave M", "sarah_k", "Tom Hughes", "jenny87", "Mike", "Priya Shah", "Gary W.",
         "Lucy B", "anon", "Kev")
HEADINGS = ("Comments", "3 Comments", "Leave a Reply", "Join the discussion")


def read_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the file's lines that are neither blank nor comments."""
    return [(number, line.strip()) for number, line in enumerate(path.read_text().splitlines(), 1)
            if line.strip() and not line.startswith("#")]


def spam_block(message: str, layout: str, rng: random.Random) -> str:
    """The message as a reader's comment in ``layout``."""
    if layout == "author":
        return f"{rng.choice(NAMES)}\n{message}"
    if layout == "author_date":
        stamp = f"{rng.randint(1, 28)} March 2015 at {rng.randint(10, 19)}:{rng.randint(10, 59)}"
        return f"{rng.choice(NAMES)}\n{stamp}\n{message}"
    if layout == "header":
        return f"{rng.choice(HEADINGS)}\n\n{message}"
    return message


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--untouched", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--spam", type=Path, default=DATA / "pasted_spam.txt",
                        help="messages to paste, one a line (a held-out set written later, "
                             "so the rules are not measured on what shaped them)")
    parser.add_argument("--lookalikes", type=Path, default=DATA / "spam_lookalikes.txt")
    args = parser.parse_args(argv)
    spam = read_lines(args.spam)
    lookalikes = read_lines(args.lookalikes)
    articles = sorted(args.articles.glob("*.txt"))
    needed = len(spam) + 2 * len(lookalikes) + args.untouched
    if len(articles) < needed:
        print(f"{args.articles}: {len(articles)} .txt articles, {needed} needed", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    rng.shuffle(articles)
    docs = args.out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    labels = []
    texts = (article.read_text(errors="replace").rstrip("\n") for article in articles)

    def write(name: str, text: str, label: dict) -> None:
        (docs / name).write_text(text)
        labels.append({"file": f"docs/{name}", "family": "comment-spam", **label})

    for k, (number, message) in enumerate(spam):
        article, layout = next(texts), LAYOUTS[k % len(LAYOUTS)]
        block = spam_block(message, layout, rng)
        first = article.count("\n") + 3  # the block's first line, as the dev set labels it
        write(f"spam-{k:03d}.txt", f"{article}\n\n{block}\n",
              {"positive": True, "lines": [first], "layout": layout, "message": number})
    for k, (number, sentence) in enumerate(lookalikes):
        for where in ("end", "middle"):
            paragraphs = next(texts).split("\n\n")
            paragraphs.insert(len(paragraphs) if where == "end" else len(paragraphs) // 2,
                              sentence)
            write(f"lookalike-{k:03d}-{where}.txt", "\n\n".join(paragraphs) + "\n",
                  {"positive": False, "lines": [], "layout": where, "sentence": number})
    for k in range(args.untouched):
        write(f"clean-{k:03d}.txt", next(texts) + "\n",
              {"positive": False, "lines": [], "layout": "untouched"})
    (args.out / "labels.jsonl").write_text("".join(json.dumps(label) + "\n" for label in labels))
    print(f"{len(spam)} spam, {2 * len(lookalikes)} look-alike and {args.untouched} untouched "
          f"documents in {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
