"""Turning a file's bytes into text without ever failing, and remembering what went wrong.

The integrity rules report what this module finds (binary content, byte-order marks,
undecodable bytes, line endings); every other rule gets usable text whatever the input.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192
# Undecodable sequences located one by one; past this the rest are only counted.
_MAX_LOCATED_ERRORS = 50
# Bytes below 0x20 that plain text legitimately contains: tab, LF, VT, FF, CR, ESC.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# every byte but the control bytes that make a file binary (deleted to count those)
_NOT_CONTROLS = bytes(b for b in range(256) if b >= 0x20 or b in _TEXT_CONTROLS)


@dataclass
class Decoded:
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    binary: bool = False
    # (offset in text, description) of undecodable byte sequences, first ones only
    errors: list[tuple[int, str]] = field(default_factory=list)
    undecodable_bytes: int = 0
    line_endings: dict[str, int] = field(default_factory=dict)
    # the legacy encoding the undecodable bytes most likely came from
    likely_encoding: str | None = None


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control bytes, as git and grep judge binary files; but a stray NUL
    or two in a long text (a corrupted record) leave it text, whose control characters
    I106 reports where they are. Binary data and UTF-16 hold NULs by the hundred."""
    if not sample:
        return False
    if sample.count(0) > max(2, len(sample) // 1000):
        return True
    controls = len(sample.translate(None, _NOT_CONTROLS))  # in C: 25 us a file, not 25 ms
    return controls > len(sample) * 0.10


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text saved without a byte-order mark, which
    holds a NUL beside nearly every byte of a Latin-script text (other binary data has NULs
    scattered), else None."""
    if len(sample) < 16 or sample.count(0) * 3 < len(sample):
        return None
    sample = sample[:len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    for zeros, chars, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) <= 0.01 * len(chars):
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            # words, not 16-bit numbers that happen to be small
            if sum(ch.isalpha() or ch.isspace() for ch in text) >= 0.7 * len(text):
                return encoding
    return None


def _decode_utf8(data: bytes) -> tuple[str, list[tuple[int, str]], int]:
    """Decode UTF-8, replacing bad sequences with U+FFFD and locating the first ones."""
    try:
        return data.decode("utf-8"), [], 0
    except UnicodeDecodeError:
        pass
    pieces: list[str] = []
    length = 0
    errors: list[tuple[int, str]] = []
    bad_bytes = 0
    position = 0
    while len(errors) < _MAX_LOCATED_ERRORS:
        try:
            piece = data[position:].decode("utf-8")
        except UnicodeDecodeError as exc:
            piece = data[position:position + exc.start].decode("utf-8")
            pieces.append(piece)
            length += len(piece)
            bad = exc.object[exc.start:exc.end]
            errors.append((length, f"{exc.reason} (byte{'s' if len(bad) > 1 else ''} "
                                   f"{' '.join(f'0x{b:02X}' for b in bad)})"))
            bad_bytes += len(bad)
            pieces.append("\ufffd")
            length += 1
            position += exc.end
            continue
        pieces.append(piece)
        return "".join(pieces), errors, bad_bytes
    rest = data[position:].decode("utf-8", "replace")
    pieces.append(rest)
    # Each U+FFFD in the rest stands for at least one bad byte (a few may be genuine).
    bad_bytes += rest.count("\ufffd")
    return "".join(pieces), errors, bad_bytes


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes: BOM-declared UTF-16/32, else UTF-8 with located errors."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if encoding != "utf-8":
                return _normalise_newlines(_decode_wide(body, encoding, bom=True))
            text, errors, bad = _decode_utf8(body)
            return _normalise_newlines(Decoded(text, encoding=encoding, bom=True, errors=errors,
                                               undecodable_bytes=bad))
    utf16 = _utf16_without_bom(data[:_SNIFF])
    if utf16:
        return _normalise_newlines(_decode_wide(data, utf16, bom=False))
    if looks_binary(data[:_SNIFF]):
        return Decoded("", binary=True)
    text, errors, bad = _decode_utf8(data)
    result = Decoded(text, errors=errors, undecodable_bytes=bad)
    if errors:
        result.likely_encoding = _guess_legacy_encoding(data)
    return _normalise_newlines(result)


def _decode_wide(data: bytes, encoding: str, bom: bool) -> Decoded:
    """UTF-16 or UTF-32, bad sequences read as U+FFFD and the first one located."""
    text = data.decode(encoding, "replace")
    result = Decoded(text, encoding=encoding, bom=bom)
    if "\ufffd" in text:
        result.undecodable_bytes = text.count("\ufffd")
        result.errors.append((text.index("\ufffd"), f"invalid {encoding} sequence"))
    return result


def _normalise_newlines(result: Decoded) -> Decoded:
    """CRLF and lone CR become LF, counted first, so that lines number as editors show them."""
    text = result.text
    if "\r" in text:
        crlf = text.count("\r\n")
        lone_cr = text.count("\r") - crlf
        result.line_endings = {"crlf": crlf, "cr": lone_cr, "lf": text.count("\n") - crlf}
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # Error offsets were counted before newline normalisation: shift them back.
        if result.errors:
            result.errors = [(_shift(result.text, offset), what) for offset, what in result.errors]
        result.text = text
    return result


def _shift(original: str, offset: int) -> int:
    prefix = original[:offset]
    return offset - prefix.count("\r\n")


def _guess_legacy_encoding(data: bytes) -> str | None:
    """Name the single-byte encoding that undecodable bytes most likely came from."""
    try:
        data.decode("cp1252")
        return "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return None
