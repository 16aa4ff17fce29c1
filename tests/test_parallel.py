"""--jobs N: identical, deterministically ordered output whatever N is."""
from __future__ import annotations

from conftest import SEEDS, run_cli


def test_output_is_identical_for_any_number_of_jobs(write):
    files = {f"doc{i:02}.txt": f"Document {i} without metadata ends here\u200b.\n" for i in range(12)}
    files["corpus.jsonl"] = "".join('{"text": "Record %d.\\u0007"}\n' % i for i in range(20))
    root = write(files)
    for seed in SEEDS.glob("*.txt"):
        (root / seed.name).write_bytes(seed.read_bytes())
    outputs = {jobs: run_cli("check", "--format", "sarif", "--jobs", jobs, ".", cwd=root).out
               for jobs in (1, 2, 3)}
    assert outputs[1] == outputs[2] == outputs[3]
    assert '"ruleId": "I107"' in outputs[1] and '"record": 20' in outputs[1]


def test_small_input_is_checked_in_one_process_whatever_jobs_says(write, monkeypatch):
    """Issue 14, item 15: forking a pool for a few kilobytes only makes --jobs N slower."""
    from corpus_lint.engine import executors

    monkeypatch.setattr(executors, "PARALLEL_FROM_BYTES", 256 << 10)

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small input")

    monkeypatch.setattr(executors, "_pool_map", no_pool)
    root = write({f"d{i}.txt": "Hello world, this is a plain text file.\n" for i in range(4)})
    result = run_cli("check", "--no-cache", "--format", "json", "--jobs", "4", ".", cwd=root)
    assert result.code == 1 and result.json()["summary"]["documents"] == 4
    monkeypatch.setattr(executors, "PARALLEL_FROM_BYTES", 100)  # past it: the pool is used
    assert run_cli("check", "--no-cache", "--jobs", "4", ".", cwd=root).code == 3
