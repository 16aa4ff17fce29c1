"""A result cache keyed on content, tool version and configuration (like ruff's).

A unit's results are reused when the bytes it covers (and any sidecar metadata file), the
corpus-lint version, the loaded plugins' code and the whole effective configuration are
unchanged; anything else is a miss. Entries are written atomically, so parallel workers
and interrupted runs never leave a corrupt entry behind.

An entry is data a file system hands back, so it is never trusted: it is JSON (loading it
runs no code, unlike pickle), its first line names the key it was written for and the
SHA-256 of the rest, and it is decoded with a type check on every field. An entry that
fails any of these is discarded with a note and its unit checked again.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import stat as stat_module
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.model import Directive, Finding, Location, Problem
from corpus_lint.readers.frontmatter import find_sidecar

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.discovery.units import WorkUnit

    from .engine import FileResult

CACHE_DIR = ".corpus-lint-cache"
FORMAT = b"corpus-lint-cache/3"
_READ = 1024 * 1024


def configuration_key(*parts: Any) -> str:
    """A digest of everything besides the input that decides a unit's results, and the
    entry format (entries of an older format are misses, not discarded with a note)."""
    digest = hashlib.sha256(FORMAT + b"\0")
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def plugin_code_key(modules: list[str]) -> str:
    """Size and mtime of each plugin's code, so editing a plugin invalidates the cache: a
    module's file, or every .py file of a package (its submodules load lazily)."""
    stamps = []
    for name in sorted(modules):
        module = sys.modules.get(name)
        folders = list(getattr(module, "__path__", []) or [])
        files = [os.path.join(root, file) for folder in folders
                 for root, _, names in os.walk(folder) for file in names if file.endswith(".py")]
        filename = getattr(module, "__file__", None)
        for path in sorted(files) or ([filename] if filename else []):
            try:
                stat = os.stat(path)
                stamps.append((name, path, stat.st_size, stat.st_mtime_ns))
            except OSError:
                stamps.append((name, path, None))
    return configuration_key(stamps)


def files_key(folders: list[Path]) -> str:
    """Size and mtime of every file under ``folders`` (rule files, word lists, models)."""
    stamps = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                stamps.append((os.path.join(root, name), stat.st_size, stat.st_mtime_ns))
    return configuration_key(sorted(stamps))


class ResultCache:
    def __init__(self, folder: Path, config_key: str):
        self.folder = Path(folder)
        self.config_key = config_key
        self.hits = self.misses = 0
        self.notes: list[str] = []  # discarded entries, for the unit's result

    def key(self, unit: "WorkUnit") -> str | None:
        """Content hash of the unit's bytes (whole file or byte range) and its sidecar; for
        ranges in a reader's own units (Parquet row groups) the file's size and mtime."""
        path = unit.path
        digest = hashlib.sha256(
            f"{self.config_key}\0{unit.display}\0{unit.start}\0{unit.end}\0".encode())
        try:
            if not stat_module.S_ISREG(os.stat(path).st_mode):
                return None  # a FIFO or device: never read here; the reader reports it
            if unit.byte_range or unit.whole_file:
                self._hash_bytes(digest, path, unit.start if unit.byte_range else 0,
                                 unit.end if unit.byte_range else None)
            else:
                stat = os.stat(path)
                digest.update(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
            sidecar = find_sidecar(path)
            if sidecar is not None:
                digest.update(b"\0sidecar\0" + sidecar.read_bytes())
        except OSError:
            return None  # unreadable: let the reader report it, uncached
        return digest.hexdigest()

    @staticmethod
    def _hash_bytes(digest, path: Path, start: int, end: int | None) -> None:
        with open(path, "rb") as handle:
            handle.seek(start)
            remaining = None if end is None else end - start
            while remaining is None or remaining > 0:
                block = handle.read(_READ if remaining is None else min(_READ, remaining))
                if not block:
                    break
                digest.update(block)
                if remaining is not None:
                    remaining -= len(block)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str | None) -> "FileResult | None":
        """The stored result for ``key``, or None (a miss; a bad entry is noted and removed)."""
        if key is None:
            return None
        entry = self._entry(key)
        try:
            with open(entry, "rb") as handle:
                data = handle.read()
        except OSError:
            self.misses += 1
            return None
        try:
            value = decode_entry(data, key)
        except CacheEntryError as exc:
            self.misses += 1
            self.notes.append(f"cache entry {entry} was discarded ({exc}); checked again")
            try:
                entry.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        return value

    def put(self, key: str | None, value: "FileResult") -> None:
        if key is None:
            return
        try:
            data = encode_entry(value, key)
        except CacheEntryError:
            return  # a plugin's summary that JSON cannot hold: the unit stays uncached
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by corpus-lint\n*\n")
            import tempfile  # only when writing an entry (start-up)

            handle, temporary = tempfile.mkstemp(dir=entry.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, entry)
        except OSError:
            pass  # a read-only or full disk only costs speed


class CacheEntryError(ValueError):
    """A cache entry that is not exactly what this version writes for this key."""


def encode_entry(result: "FileResult", key: str) -> bytes:
    try:
        body = json.dumps(_result_data(result), ensure_ascii=True, separators=(",", ":"),
                          allow_nan=True).encode("ascii")
    except (TypeError, ValueError) as exc:
        raise CacheEntryError(str(exc)) from None
    header = b"%s %s %s\n" % (FORMAT, key.encode("ascii"), hashlib.sha256(body).hexdigest().encode())
    return header + body


def decode_entry(data: bytes, key: str) -> "FileResult":
    header, _, body = data.partition(b"\n")
    parts = header.split(b" ")
    if len(parts) != 3 or parts[0] != FORMAT:
        raise CacheEntryError("unknown format")
    if parts[1] != key.encode("ascii"):
        raise CacheEntryError("written for another unit")
    if parts[2] != hashlib.sha256(body).hexdigest().encode():
        raise CacheEntryError("checksum mismatch")
    try:
        return _result_from(json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError) as exc:
        raise CacheEntryError(f"malformed: {type(exc).__name__}") from None


# -- JSON form of a unit's result --------------------------------------------------------

def _result_data(result: "FileResult") -> dict[str, Any]:
    return {"path": result.path,
            "documents": [{"path": doc.path, "record": doc.record,
                           "record_id": doc.record_id, "identity": doc.identity,
                           "findings": [_finding_data(f) for f in doc.findings],
                           "directives": [[d.kind, list(d.codes), d.line, d.column,
                                           list(d.covers) if d.covers else None]
                                          for d in doc.directives],
                           "summaries": {code: _summary_data(value)
                                         for code, value in doc.summaries.items()}}
                          for doc in result.documents],
            "problems": [[p.path, p.message, p.line, p.kind] for p in result.problems]}


def _summary_data(value: Any) -> Any:
    """A cross-document summary as tagged JSON: bytes, tuples, lists and dicts keep their type."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [_summary_data(item) for item in value]}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"dict": {key: _summary_data(item) for key, item in value.items()}}
    raise CacheEntryError(f"a summary of type {type(value).__name__}")


def _finding_data(finding: Finding) -> list[Any]:
    return [finding.code, finding.level, finding.path, _region_data(finding.region),
            finding.message, [[loc.path, _region_data(loc.region), loc.message]
                              for loc in finding.related],
            finding.fingerprint, finding.properties, finding.record, finding.record_id,
            list(finding.excerpt) if finding.excerpt else None]


def _region_data(region: Region) -> list[int]:
    return [region.start_line, region.start_column, region.end_line, region.end_column]


def _want(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"expected {kind}, got {type(value).__name__}")
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _want(value, int)


def _optional_str(value: Any) -> str | None:
    return None if value is None else _want(value, str)


def _region_from(data: Any) -> Region:
    values = _want(data, list)
    if len(values) != 4:
        raise ValueError("region")
    return Region(*(_want(value, int) for value in values))


def _finding_from(data: Any) -> Finding:
    (code, level, path, region, message, related, fingerprint, properties, record,
     record_id, excerpt) = _want(data, list)
    locations = []
    for item in _want(related, list):
        loc_path, loc_region, loc_message = _want(item, list)
        locations.append(Location(_want(loc_path, str), _region_from(loc_region),
                                   _want(loc_message, str)))
    if excerpt is not None:
        text, start, end = _want(excerpt, list)
        excerpt = (_want(text, str), _want(start, int), _want(end, int))
    return Finding(_want(code, str), _want(level, str), _want(path, str), _region_from(region),
                   _want(message, str), locations, _want(fingerprint, str),
                   _want(properties, dict), _optional_int(record), _optional_str(record_id),
                   excerpt)


def _directive_from(data: Any) -> Directive:
    kind, codes, line, column, covers = _want(data, list)
    if covers is not None:
        first, last = _want(covers, list)
        covers = (_want(first, int), _want(last, int))
    return Directive(_want(kind, str), tuple(_want(code, str) for code in _want(codes, list)),
                     _want(line, int), _want(column, int), covers)


def _summary_from(data: Any) -> Any:
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    (kind, value), = _want(data, dict).items()
    if kind == "bytes":
        return base64.b64decode(_want(value, str), validate=True)
    if kind == "tuple":
        return tuple(_summary_from(item) for item in _want(value, list))
    if kind == "list":
        return [_summary_from(item) for item in _want(value, list)]
    if kind == "dict":
        return {key: _summary_from(item) for key, item in _want(value, dict).items()}
    raise ValueError("summary")


def _result_from(data: Any) -> "FileResult":
    from .engine import DocumentResult, FileResult

    data = _want(data, dict)
    result = FileResult(_want(data["path"], str))
    for doc in _want(data["documents"], list):
        doc = _want(doc, dict)
        result.documents.append(DocumentResult(
            _want(doc["path"], str), _optional_int(doc["record"]),
            [_finding_from(item) for item in _want(doc["findings"], list)],
            [_directive_from(item) for item in _want(doc["directives"], list)],
            {_want(code, str): _summary_from(value)
             for code, value in _want(doc["summaries"], dict).items()},
            _optional_str(doc["record_id"]), _optional_str(doc["identity"])))
    for problem in _want(data["problems"], list):
        path, message, line, kind = _want(problem, list)
        result.problems.append(Problem(_want(path, str), _want(message, str),
                                       _optional_int(line), _want(kind, str)))
    return result
