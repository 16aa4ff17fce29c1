"""benchmarks/eval_garbling_aggregation.py: the threshold it gives each aggregator must keep
to the false-alarm budget it claims, or its comparison means nothing. Invented numbers."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location("eval_garbling_aggregation",
                                                      BENCHMARKS / "eval_garbling_aggregation.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_threshold_keeps_to_the_budget():
    m = _module()
    values = np.arange(100.0)
    for budget in (0.0, 0.01, 0.05, 0.5):
        t = m.threshold_for(values, budget)
        assert (values >= t).sum() == int(budget * 100)


def test_calibration_counts_g104_first_and_caps_each_clean_kind():
    m = _module()
    pe = np.arange(100.0)
    g104 = np.zeros(100, bool)
    g104[[10, 20]] = True  # two documents already flagged by G104: one more allowed at 3%
    t = m.calibrate(pe, g104, {}, {}, 0.03)
    assert ((pe >= t) | g104).sum() == 3
    # a clean kind on which the shipped G106 fires once: no more than one hit there
    t = m.calibrate(pe, g104, {"books": [500.0, 400.0, 1.0]}, {"books": 1}, 0.03)
    assert t > 400.0 and ((pe >= t) | g104).sum() == 2
    # G104 alone over the budget: nothing more may be flagged
    assert m.calibrate(pe, g104, {}, {}, 0.01) == float("inf")


def test_aggregators_pool_longer_documents_differently():
    m = _module()
    short, long = np.array([1.0, 1.0, 1.0]), np.array([1.0] * 8)
    assert m.mean(short) == m.mean(long)
    assert m.excess(0.5)(long) > m.excess(0.5)(short)  # summed evidence grows with length
    assert m.top_half(np.array([3.0, 1.0, -1.0, -3.0])) == 2.0


def test_books_are_cut_into_documents_after_their_front_matter(tmp_path):
    m = _module()
    paragraphs = [f"Paragraph {i} of the book, long enough to be a paragraph." for i in range(50)]
    (tmp_path / "book.txt").write_text("\n\n".join(paragraphs))
    docs = list(m.book_documents(str(tmp_path), size=10))
    assert [d.text.split("\n\n")[0] for d in docs] == [paragraphs[10], paragraphs[20], paragraphs[30], paragraphs[40]]
    assert all(len(d.text.split("\n\n")) == 10 for d in docs)
