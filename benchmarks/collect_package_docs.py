"""Clean text of another kind for false-alarm counts: the README, NEWS, changelog and
documentation files of the packages installed on this machine, copied into one folder.

    python benchmarks/collect_package_docs.py OUT [--root DIR ...] [--count N] [--depth N]

News (../shared/bench) is the text every family was written against; software
documentation, release notes, licences and changelogs are real, clean, mostly English text
of a different register (identifiers, terse entries, contributors' names in their own
scripts, parallel descriptions), which a linter run over a web crawl meets too. The files
are those ``find ROOT... -maxdepth DEPTH -type f`` lists whose names look like
documentation (README*, NEWS*, changelog*, *.txt, *.md, *.rst, case-blind), sorted by path,
the first --count of them; gzipped ones are unpacked. They are written as doc1.txt ...
docN.txt with SOURCES.tsv (number, original path) beside them, which corpus-lint skips
(not a document name). Nothing is downloaded.

The package-doc figures in the issue notes came from
``--root /usr/share/doc --root <the system Python's site-packages> --count 600``.
"""
from __future__ import annotations

import argparse
import fnmatch
import gzip
import os
import sys
from pathlib import Path

PATTERNS = ("readme*", "news*", "changelog*", "*.txt", "*.md", "*.rst")


def candidates(roots: list[Path], depth: int) -> list[Path]:
    """Files at most ``depth`` levels under each root (as ``find -maxdepth``) whose names
    match PATTERNS, sorted by their paths as strings (as ``sort`` orders them)."""
    found = []
    for root in roots:
        base = len(root.parts)
        for folder, dirs, files in os.walk(root):
            level = len(Path(folder).parts) - base
            if level >= depth:
                dirs.clear()
            if level + 1 > depth:
                continue
            found += [Path(folder) / name for name in files
                      if any(fnmatch.fnmatch(name.lower(), pattern) for pattern in PATTERNS)]
    return sorted((path for path in found if path.is_file() and not path.is_symlink()), key=str)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, action="append",
                        help="a folder to take files from (repeatable; default /usr/share/doc "
                             "and this interpreter's site-packages)")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--depth", type=int, default=3)
    args = parser.parse_args(argv)
    import sysconfig

    roots = args.root or [Path("/usr/share/doc"), Path(sysconfig.get_paths()["purelib"])]
    paths = candidates([root for root in roots if root.is_dir()], args.depth)[:args.count]
    if not paths:
        print(f"no documentation files under {', '.join(map(str, roots))}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    sources = []
    for number, path in enumerate(paths, 1):
        data = path.read_bytes()
        if path.suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                print(f"{path}: not unpacked ({exc}); copied as it is", file=sys.stderr)
        (args.out / f"doc{number}.txt").write_bytes(data)
        sources.append(f"{number}\t{path}")
    (args.out / "SOURCES.tsv").write_text("\n".join(sources) + "\n")
    print(f"{len(paths)} files written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
