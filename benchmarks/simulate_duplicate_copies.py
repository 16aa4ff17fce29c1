"""Build a labelled duplicate set from hard-wrapped text, as the duplicate dev set's builder
does from BBC articles (its README): a paragraph of 20 words or more copied exactly, with
formatting edits or with 1-3 word edits, pasted after a paragraph at the same or a later
position; paragraphs separated by a blank line or by a single newline. The wraps are
kept, so in the newline layout a story is one block of lines and the copy sits inside it.

    python benchmarks/simulate_duplicate_copies.py SOURCE OUT [--documents 500] [--seed 7]
    corpus-lint check --select duplicate --format sarif OUT/docs > OUT/found.sarif
    python ../shared/tools/score.py OUT/found.sarif OUT/labels.jsonl

SOURCE: a JSONL file whose records have a "text" (and a "title", which opens the document;
a Reuters story's paragraphs start with an indented line: ../shared/bench/news.jsonl, the
records whose id starts with --id-prefix), or a folder of .txt files whose paragraphs are
separated by blank lines (only paragraphs of wrapped prose are kept: two lines or more,
ending a sentence, no list bullet). The first 60 % of the documents hold a copy, the others
are untouched. labels.jsonl carries the layout and the kind of each copy, for a breakdown.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

FILLERS = ["also", "the", "very", "just", "still", "now", "a"]
_PROSE_LINE = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def stories(source: Path, id_prefix: str) -> list[tuple[str, str, list[str]]]:
    """(name, title, paragraphs) of every source document with four paragraphs or more."""
    found = []
    if source.is_dir():
        for path in sorted(source.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            blocks = [re.sub(r"^[ \t]+", "", block.strip("\n"), flags=re.M)
                      for block in re.split(r"\n\s*\n", text)]
            paragraphs = [block for block in blocks if _wrapped_prose(block)][:12]
            if len(paragraphs) >= 4:
                found.append((path.name, "", paragraphs))
        return found
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not str(record.get("id", "")).startswith(id_prefix) or not record.get("title"):
                continue
            paragraphs = [p.strip() for p in re.split(r"\n(?=[ \t]+\S)", record["text"].strip())]
            paragraphs = [p for p in paragraphs if p and not re.fullmatch(r"(?i)reuter", p)]
            if len(paragraphs) >= 4:
                found.append((str(record["id"]), record["title"], paragraphs))
    return found


def _wrapped_prose(block: str) -> bool:
    lines = block.split("\n")
    letters = sum(char.isalpha() for char in block)
    return (len(lines) >= 2 and len(block.split()) >= 20 and block.rstrip()[-1:] in ".!?"
            and letters > 0.75 * len(re.sub(r"\s", "", block))
            and not _PROSE_LINE.match(block) and all(len(line) < 90 for line in lines))


def formatted(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """1-3 formatting edits: the lower-cased word sequence stays the same."""
    edits = rng.sample(["lower", "upper-start", "double-space", "trailing", "drop-commas",
                        "final-punctuation", "curly-quotes", "dash-for-comma",
                        "space-before-punctuation"], rng.randint(1, 3))
    for edit in edits:
        if edit == "lower":
            text = text.lower()
        elif edit == "upper-start":
            words = text.split(" ", 3)
            text = " ".join(word.upper() for word in words[:3]) + \
                (" " + words[3] if len(words) > 3 else "")
        elif edit == "double-space":
            text = text.replace(" ", "  ", rng.randint(1, 4))
        elif edit == "trailing":
            text = text.replace("\n", "  \n") + "  "
        elif edit == "drop-commas":
            text = text.replace(",", "")
        elif edit == "final-punctuation":
            text = re.sub(r"[.!?]\s*$", rng.choice(["!", ";", "", ".."]), text)
        elif edit == "curly-quotes":
            text = text.replace('"', "\u201c")
        elif edit == "dash-for-comma":
            text = text.replace(",", " -", 1)
        else:
            text = re.sub(r"([,.])", r" \1", text, count=2)
    return text, edits


def lightly_edited(text: str, vocabulary: list[str], rng: random.Random
                   ) -> tuple[str, list[str]]:
    """1-3 word edits (substitution, insertion of a filler, deletion), line breaks kept,
    never the first or the last word."""
    parts = re.split(r"( +|\n)", text)
    words = [i for i, part in enumerate(parts) if part and not part.isspace()]
    edits = []
    for _ in range(rng.randint(1, 3)):
        at = rng.choice(words[1:-1])
        edit = rng.choice(["substitute", "insert", "delete"])
        edits.append(edit)
        if edit == "substitute":
            parts[at] = rng.choice(vocabulary or FILLERS)
        elif edit == "insert":
            parts[at] = rng.choice(FILLERS) + " " + parts[at]
        else:
            parts[at] = ""
    edited = re.sub(r" {2,}", " ", "".join(parts))
    return edited.replace(" \n", "\n").replace("\n ", "\n"), edits


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--id-prefix", default="reuters", help="JSONL records used")
    parser.add_argument("--joined", action="store_true",
                        help="paste each copy with no break after it (every other document "
                             "of a layout) or before it, so that it opens or ends a paragraph "
                             "of the blank layout")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    found = stories(args.source, args.id_prefix)
    rng.shuffle(found)
    (args.out / "docs").mkdir(parents=True, exist_ok=True)
    labels = []
    positives = int(0.6 * min(args.documents, len(found)))
    for number, (name, title, paragraphs) in enumerate(found[:args.documents]):
        layout = "newline" if number % 2 else "blank"
        label = {"family": "duplicate", "positive": number < positives, "source": name,
                 "layout": layout, "kind": "untouched", "lines": []}
        copy_at = original = None
        candidates = [i for i, p in enumerate(paragraphs[:-1]) if len(p.split()) >= 20]
        if label["positive"] and candidates:
            original = rng.choice(candidates)
            kind = ["exact", "format", "light"][number % 3]
            text, edits = paragraphs[original], []
            if kind == "format":
                text, edits = formatted(text, rng)
            elif kind == "light":
                vocabulary = sorted({w for p in paragraphs for w in p.split()
                                     if w.isalpha() and w.islower()})
                text, edits = lightly_edited(text, vocabulary, rng)
            after = original if (number // 3) % 2 == 0 else \
                rng.randint(original, len(paragraphs) - 1)
            paragraphs = paragraphs[:after + 1] + [text] + paragraphs[after + 1:]
            copy_at = after + 1
            label.update(kind=kind, edits=edits,
                         position="adjacent" if after == original else "later")
        elif label["positive"]:
            label["positive"] = False
        separator = "\n" if layout == "newline" else "\n\n"
        gaps = [separator] * (len(paragraphs) - 1)  # gaps[k]: between paragraphs k and k+1
        if args.joined and copy_at is not None:
            if (number // 2) % 2 and copy_at < len(gaps):
                gaps[copy_at] = "\n"  # no break after the copy: it opens the next paragraph
                label["paste"] = "joined after"
            elif copy_at > 0:
                gaps[copy_at - 1] = "\n"  # no break before it: it ends the one above
                label["paste"] = "joined before"
        head = title + "\n\n" if title else ""
        first_lines, line = [], head.count("\n") + 1
        for paragraph, gap in zip(paragraphs, gaps + [""]):
            first_lines.append(line)
            line += paragraph.count("\n") + gap.count("\n")
        body = "".join(paragraph + gap for paragraph, gap in zip(paragraphs, gaps + [""]))
        file = f"docs/{number:04d}.txt"
        (args.out / file).write_text(head + body + "\n", encoding="utf-8")
        label["file"] = file
        if copy_at is not None:
            label["lines"] = [first_lines[copy_at]]
            label["related"] = {str(first_lines[copy_at]): first_lines[original]}
        labels.append(label)
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as out:
        for label in labels:
            out.write(json.dumps(label) + "\n")
    print(f"{len(labels)} documents ({sum(l['positive'] for l in labels)} with a copy) "
          f"in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
