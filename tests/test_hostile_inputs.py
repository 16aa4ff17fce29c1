"""Hostile inputs: each is reported in one line naming the file, the rest is still checked,
no traceback, exit code 1."""
from __future__ import annotations

import gzip
import os

import pytest

from conftest import run_cli

GOOD = "---\ntitle: Good\ndate: 2020-01-01\n---\nA clean document that ends properly.\n"
ALIAS_BOMB = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "---\nBody.\n"


def _hostile_files():
    gz = gzip.compress(b'{"text": "x"}\n' * 200)
    return {
        "binary.txt": bytes(range(256)) * 8,
        "latin1.txt": "Le caf\u00e9 est ferm\u00e9 depuis lundi.\n".encode("latin-1"),
        "utf16.txt": "A UTF-16 document.\n".encode("utf-16"),
        "crlf.txt": b"First line.\r\n\r\nSecond paragraph.\nThird.\r\n",  # mixed
        "huge.txt": b"word " * 2_000_000,
        "unterminated.md": "---\ntitle: x\nNever closed.\n",
        "bomb.md": ALIAS_BOMB,
        "broken.jsonl": '{"text": "fine", "title": "t", "date": "2020-01-01"}\n{oops\n',
        "truncated.jsonl.gz": gz[: len(gz) // 2],
    }


EXPECTED = {  # file -> what its one line must say
    "binary.txt": "I103",
    "latin1.txt": "I101",
    "utf16.txt": "I102",
    "crlf.txt": "I109",
    "huge.txt": "M101",
    "unterminated.md": "never closed",
    "bomb.md": "aliases are not allowed",
    "broken.jsonl:2": "invalid JSON",
    "truncated.jsonl.gz": "corrupt compressed stream",
    "loop.txt": "symbolic link loop",
}


@pytest.fixture
def hostile(write):
    root = write({**_hostile_files(), "good.md": GOOD})
    os.symlink("loop.txt", root / "loop.txt")
    return root


def test_every_hostile_input_is_reported_and_the_run_goes_on(hostile):
    result = run_cli("check", "--jobs", "2", ".", cwd=hostile)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    lines = result.out.splitlines()
    for name, expected in EXPECTED.items():
        assert any(line.startswith(name + ":") and expected in line for line in lines), name
    assert not any(line.startswith("good.md") for line in lines)
    assert "(10 files)" in lines[-1]


def test_hostile_inputs_in_sarif_are_notifications_or_results(hostile, tmp_path):
    result = run_cli("check", "--format", "sarif", ".", cwd=hostile)
    run = result.json()["runs"][0]
    notified = " ".join(n["message"]["text"] for n in
                        run["invocations"][0]["toolExecutionNotifications"])
    for name in ("loop.txt", "broken.jsonl", "truncated.jsonl.gz"):
        assert name in notified
    assert result.err.count("\n") == 3  # one line per unreadable input on stderr


def test_explicit_missing_and_unsupported_paths(write):
    root = write({"good.md": GOOD, "image.png": b"\x89PNG"})
    result = run_cli("check", "good.md", "missing.txt", "image.png", cwd=root)
    assert result.code == 2  # a path that does not exist is a usage error (issue 14)
    assert "no such file or folder: 'missing.txt'" in result.err
    result = run_cli("check", "good.md", "image.png", cwd=root)
    assert result.code == 1
    assert "image.png: error: unsupported file type" in result.out
