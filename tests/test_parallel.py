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
