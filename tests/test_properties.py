"""Property-based: whatever documents, front matter, records and plugin findings a corpus
holds, a run ends cleanly with valid, in-file, deterministic SARIF.

Bounded to a few seconds here; ``CORPUS_LINT_PROPERTY_EXAMPLES=10000`` runs the long
version (see the issue notes for its figures).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FIXTURES, run_cli
from corpus_lint.documents.sourcemap import Region
from corpus_lint.hookspecs import hookimpl
from corpus_lint.rulebook import Rule, RuleSpec

EXAMPLES = int(os.environ.get("CORPUS_LINT_PROPERTY_EXAMPLES", "25"))
SCHEMA = jsonschema.Draft4Validator(
    json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))

WORDS = st.sampled_from([
    "the", "council", "said", "on", "Monday", "that", "schools", "would", "reopen", "café",
    "naïve", "東京", "Москва", "😀", "lorem", "ipsum", "http://example.com/x", "Reply",
    "says:", "2 years ago", "subscribe", "&amp;", "\u200b", "\t", "—", "...", "!!!", "ok.",
    "corpus-lint:", "<!-- corpus-lint: disable=D101 -->", "\x07", "\\", '"', "\ufeff",
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(lambda s: ". ".join(s) + ".")
BODY = st.lists(PARAGRAPH, min_size=0, max_size=6).map("\n\n".join)
META_VALUE = st.one_of(st.text(max_size=20), st.integers(-10**30, 10**30), st.booleans(),
                       st.sampled_from(["2020-01-01", "2999-12-31", "yesterday", "en", "xx-YY",
                                        "http://x", "not a url"]))
METADATA = st.dictionaries(st.sampled_from(["title", "date", "source", "language", "url",
                                            "author", "corpus-lint-disable", "x"]),
                           META_VALUE, max_size=5)


@st.composite
def text_file(draw):
    body = draw(BODY)
    if draw(st.booleans()):  # repeat a paragraph, so duplicate rules fire
        paragraphs = body.split("\n\n")
        body += "\n\n" + draw(st.sampled_from(paragraphs))
    front = ""
    meta = draw(METADATA)
    if meta and draw(st.booleans()):
        front = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items()) + "---\n"
    data = (front + body + draw(st.sampled_from(["", "\n"]))).encode("utf-8")
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.sampled_from([b"\xff\xfe caf\xe9", b"\xc3", b"\xe2\x82"]))
    return data


@st.composite
def jsonl_file(draw):
    lines = []
    for number in range(draw(st.integers(1, 5))):
        record = {"id": f"r{number}", "text": draw(BODY), **draw(METADATA)}
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 14)) == 0:
            line = line[: len(line) // 2]  # a broken record
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")


CORPUS = st.dictionaries(
    st.sampled_from(["a.txt", "b.md", "news/c.txt", "d.jsonl", "news/e.jsonl", "f.md"]),
    st.one_of(text_file(), jsonl_file()), min_size=1, max_size=4)  # any content, any name


class RandomFindings(Rule):
    """A plugin rule that reports at random places, valid and invalid alike."""

    spec = RuleSpec.from_dict({"code": "Z999", "name": "random-findings",
                               "family": "integrity", "level": "note", "summary": "s",
                               "description": "d"}, "test")
    seed = 0

    def check(self, doc):
        rng = random.Random(f"{self.seed}:{doc.path}:{doc.record}")
        for _ in range(rng.randint(0, 3)):
            start = rng.randint(0, len(doc.text))
            end = rng.randint(start, len(doc.text))
            finding = self.finding(doc, start, end, "Random finding.",
                                   properties={"x": rng.random()})
            if rng.random() < 0.2:  # a broken one: the engine must drop it
                finding.region = Region(rng.randint(-2, 3), 0, 1, 1)
            yield finding


class RandomPlugin:
    @hookimpl
    def corpus_lint_rules(self):
        return [RandomFindings]


def _lines_of(path: Path) -> list[str]:
    """The file's lines as corpus-lint numbers and measures them."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", "replace")
    if path.name.endswith(".jsonl"):
        return data.decode("utf-8", "replace").split("\n")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_regions(log: dict, root: Path) -> None:
    for result in log["runs"][0]["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            path = root / unquote_to_bytes(physical["artifactLocation"]["uri"]).decode()
            lines = _lines_of(path)
            region = physical["region"]
            for line, column in ((region["startLine"], region["startColumn"]),
                                 (region["endLine"], region["endColumn"])):
                assert 1 <= line <= len(lines), (result["ruleId"], path, region)
                assert 1 <= column <= len(lines[line - 1]) + 1, (result["ruleId"], path, region)


@pytest.fixture
def random_plugin(monkeypatch):
    from corpus_lint import pluginhost

    class EntryPoint:
        name, value, dist = "random", "random_findings", None

        def load(self):
            return RandomPlugin()

    real = pluginhost._entry_points
    monkeypatch.setattr(pluginhost, "_entry_points", lambda: real() + [EntryPoint()])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(corpus=CORPUS, seed=st.integers(0, 10**6))
def test_any_corpus_gives_a_clean_run_and_valid_in_file_sarif(random_plugin, corpus, seed):
    RandomFindings.seed = seed
    root = Path(tempfile.mkdtemp(prefix="corpus-lint-prop-"))
    try:
        for name, data in corpus.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        outputs = []
        for _ in range(2):  # deterministic: the same bytes twice
            result = run_cli("check", "--no-cache", "--jobs", "1", "--extend-select", "Z999",
                             "--format", "sarif", ".", cwd=root)
            assert result.code in (0, 1), result.err
            assert "Traceback" not in result.err and "internal error" not in result.err
            outputs.append(result.out)
        assert outputs[0] == outputs[1]
        log = json.loads(outputs[0])
        SCHEMA.validate(log)
        _check_regions(log, root)
    finally:
        shutil.rmtree(root)
