"""Clean text of eight more kinds for false-alarm counts, from NLTK's corpora: scripture
(King James and World English Bible Genesis), verse drama (Shakespeare), formal speeches (US
inaugural and State of the Union addresses), patient information leaflets, movie reviews
typed in lower case, and the Brown corpus (1961 American prose of 15 genres).

    python benchmarks/collect_nltk_clean.py NLTK_DATA OUT
    corpus-lint check --no-cache --select garbling,comment-spam --format json-lines OUT

NLTK_DATA is a checkout of github.com/nltk/nltk_data (its packages/corpora/*.zip are read;
nothing is downloaded). News, the text the families were written against, and package
documentation (collect_package_docs.py) are two registers; these are registers a corpus of
books, speeches, medicine or reviews brings: archaic and formulaic English, rhetorical
repetition, drug names, opinion throughout. OUT gets one folder per kind, each document a
.txt of paragraphs separated by blank lines:

- kjv, web-bible: Genesis in twelve-sentence documents, three sentences a paragraph;
- shakespeare: speeches of 30 words or more, eight a document, each speech a paragraph;
- leaflets: each leaflet's text blocks of 8 words or more (SGML markup and entities
  removed);
- reviews: the first 600 movie_reviews files, five lines a paragraph;
- inaugural, state_union: the addresses as they are, a paragraph a line;
- brown: each of the 500 texts with its part-of-speech tags taken off and its tokens put
  back together ("said , `` no" -> 'said, "no'), five sentences a paragraph.
"""
from __future__ import annotations

import argparse
import html
import io
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


def members(archive: Path, suffix: str) -> list[tuple[str, str]]:
    """(name, text) of the archive's files ending in ``suffix``, sorted by name."""
    with zipfile.ZipFile(archive) as z:
        return [(name, z.read(name).decode("utf-8", errors="replace"))
                for name in sorted(z.namelist()) if name.endswith(suffix)]


def scripture(text: str) -> list[str]:
    sentences = SENTENCE_END.split(" ".join(text.split()))
    return ["\n\n".join(" ".join(chunk[j:j + 3]) for j in range(0, len(chunk), 3))
            for chunk in (sentences[i:i + 12] for i in range(0, len(sentences), 12))]


def plays(texts: list[str]) -> list[str]:
    speeches = [" ".join(line.text or "" for line in speech.iter("LINE"))
                for text in texts for speech in ET.parse(io.StringIO(text)).iter("SPEECH")]
    speeches = [speech for speech in speeches if len(speech.split()) >= 30]
    return ["\n\n".join(speeches[i:i + 8]) for i in range(0, len(speeches), 8)]


def leaflet(text: str) -> str:
    blocks = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
              for block in re.findall(r"<BLOCK>(.*?)</BLOCK>", text, re.S)]
    return "\n\n".join(block for block in blocks if len(block.split()) >= 8)


def review(text: str) -> str:
    lines = text.splitlines()
    return "\n\n".join(" ".join(lines[j:j + 5]) for j in range(0, len(lines), 5))


def brown(text: str) -> str:
    sentences = []
    for line in text.splitlines():
        words = [token.rsplit("/", 1)[0] for token in line.split() if "/" in token]
        if words:
            sentence = " ".join(words).replace("``", '"').replace("''", '"')
            sentences.append(re.sub(r"\( ", "(", re.sub(r" ([,.;:!?)])", r"\1", sentence)))
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nltk_data", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    corpora = args.nltk_data / "packages" / "corpora"
    if not corpora.is_dir():
        print(f"{args.nltk_data}: no packages/corpora folder (a checkout of nltk_data?)",
              file=sys.stderr)
        return 2
    genesis = dict(members(corpora / "genesis.zip", ".txt"))
    kinds = {
        "kjv": scripture(genesis["genesis/english-kjv.txt"]),
        "web-bible": scripture(genesis["genesis/english-web.txt"]),
        "shakespeare": plays([text for _, text in members(corpora / "shakespeare.zip", ".xml")]),
        "leaflets": [leaflet(text) for _, text in members(corpora / "pil.zip", ".sgml")],
        "reviews": [review(text) for _, text in members(corpora / "movie_reviews.zip",
                                                         ".txt")[:600]],
        "inaugural": [text for name, text in members(corpora / "inaugural.zip", ".txt")
                      if "README" not in name],
        "state_union": [text for name, text in members(corpora / "state_union.zip", ".txt")
                        if "README" not in name],
        "brown": [brown(text) for name, text in members(corpora / "brown.zip", "")
                  if re.fullmatch(r"c[a-r]\d\d", name.rsplit("/", 1)[-1])],
    }
    for kind, documents in kinds.items():
        folder = args.out / kind
        folder.mkdir(parents=True, exist_ok=True)
        kept = [document.strip() for document in documents if document.strip()]
        for number, document in enumerate(kept):
            (folder / f"{kind}-{number:04d}.txt").write_text(document + "\n", encoding="utf-8")
        print(f"{kind}: {len(kept)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
