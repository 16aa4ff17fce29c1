"""A self-contained HTML audit report: one file that opens offline in any browser.

Nothing is fetched: no external script, style sheet, font or image. Charts are inline SVG
drawn here in Python; a little inline JavaScript sorts and filters the tables. A Content
Security Policy in the page allows only this page's own style sheet and script (by hash), so
even a mistake in escaping could not run injected code; and everything taken from the run
(paths, messages, properties, problem texts: all untrusted) is escaped anyway.

Counts are exact however big the run; what is *listed* is bounded (findings table, worst
documents, histograms), with a note saying what was left out. The output depends only on
the run's result (sorted everywhere, no clock), so two runs over the same corpus give the
same bytes. ``options``: ``title`` and ``generated`` (a timestamp string, printed only when
given), ``max_rows`` (findings table size).
"""
from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter
from html import escape
from typing import Any, Iterable, TextIO

from corpus_lint.findings.model import LEVEL_RANK, LEVELS
from . import Reporter

MAX_TABLE_ROWS = 2000
MAX_WORST = 50
MAX_LINKS_PER_DOC = 12
MAX_RULE_BARS = 40
MAX_HISTOGRAMS = 60
MAX_PROBLEMS = 1000
MAX_MESSAGE = 600
MAX_RELATED = 3
HIST_BINS = 20
LEVEL_WEIGHT = {"error": 9, "warning": 3, "note": 1}
LEVEL_COLORS = {"error": "#c0392b", "warning": "#c27c0e", "note": "#2e6da4"}
OTHER_COLOR = "#8d6e63"
BAR_COLOR = "#4e79a7"

# Numeric properties that are places, not measurements: no histogram for them.
_POSITIONAL = re.compile(r"(^|_)(line|column|col|offset|start|end|index|paragraph|record|row|"
                         r"position|pos|id)$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")

STYLE = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
nav { margin-top: 10px; display: flex; flex-wrap: wrap; gap: 14px; }
nav a, main a { color: var(--accent); text-decoration: none; }
nav a:hover, main a:hover { text-decoration: underline; }
main { padding: 6px 28px 40px; max-width: 1500px; }
section { margin-top: 26px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 4px; }
.note { color: var(--muted); margin: 6px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
.card .value { font-size: 24px; font-weight: 600; }
.card .label { color: var(--muted); }
.card .sub { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); position: sticky; top: 0; z-index: 1; white-space: nowrap; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.loc, td.code { white-space: nowrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: 12.5px; }
td.msg { max-width: 560px; overflow-wrap: anywhere; }
td.rel { max-width: 320px; overflow-wrap: anywhere; font-size: 12.5px; }
td.props { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; max-width: 220px; }
tr:target { background: #fff8c5; }
.level { display: inline-block; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; }
.level-error { background: #c0392b; } .level-warning { background: #c27c0e; }
.level-note { background: #2e6da4; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
.chart { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.chart svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  fill: #1f2328; }
svg text.small { font-size: 10.5px; fill: #59636e; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 6px 0; }
.controls input { min-width: 280px; padding: 4px 8px; }
td.levels { white-space: nowrap; }
.links a { margin-right: 4px; white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
"""

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (event) {
    root.setAttribute("data-js-error", String(event.message || "error"));
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    root.setAttribute("data-csp-violation", event.violatedDirective + " " + event.blockedURI);
  });
  function key(cell) {
    var value = cell.getAttribute("data-key");
    return value === null ? cell.textContent.trim() : value;
  }
  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = header.getAttribute("aria-sort") === "ascending";
    var numeric = header.classList.contains("num");
    rows.forEach(function (row, index) { row.setAttribute("data-order", String(index)); });
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]), result;
      if (numeric) {
        result = (parseFloat(x.replace(/,/g, "")) || 0) - (parseFloat(y.replace(/,/g, "")) || 0);
      } else {
        result = x < y ? -1 : (x > y ? 1 : 0);
      }
      if (descending) { result = -result; }
      return result || (+a.getAttribute("data-order") - +b.getAttribute("data-order"));
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = header.querySelector("button");
      if (button) {
        button.addEventListener("click", function () { sortBy(table, column, header); });
      }
    });
  });
  var findings = document.getElementById("findings-table");
  var search = document.getElementById("finding-filter");
  var level = document.getElementById("level-filter");
  var shown = document.getElementById("findings-shown");
  function applyFilter() {
    if (!findings) { return; }
    var query = search ? search.value.trim().toLowerCase() : "";
    var wanted = level ? level.value : "";
    var count = 0;
    Array.prototype.forEach.call(findings.tBodies[0].rows, function (row) {
      var visible = (!wanted || row.getAttribute("data-level") === wanted) &&
        (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    if (shown) { shown.textContent = String(count); }
  }
  if (search) { search.addEventListener("input", applyFilter); }
  if (level) { level.addEventListener("change", applyFilter); }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.hidden) {
      if (search) { search.value = ""; }
      if (level) { level.value = ""; }
      applyFilter();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  applyFilter();
  root.setAttribute("data-charts", String(document.querySelectorAll("svg.chart-svg").length));
  root.setAttribute("data-resources",
    String(window.performance ? performance.getEntriesByType("resource").length : 0));
  root.setAttribute("data-report-ready", "1");
})();
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = ("default-src 'none'; img-src data:; style-src " + _csp_hash(STYLE) + "; script-src "
       + _csp_hash(SCRIPT) + "; base-uri 'none'; form-action 'none'")


def _clean(value: Any, limit: int | None = None) -> str:
    """Untrusted text made safe to print: valid UTF-8, no control characters, clipped."""
    text = value if isinstance(value, str) else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. from undecodable input)
        text = text.encode("utf-8", "replace").decode("utf-8")
    if _CONTROL.search(text):
        text = _CONTROL.sub("\ufffd", text)
    return text


def esc(value: Any, limit: int | None = None) -> str:
    """HTML-escape untrusted text for an element body or a quoted attribute."""
    return escape(_clean(value, limit), quote=True)


def _count(number: int) -> str:
    return f"{number:,}"


def share(part: int, whole: int) -> str:
    """A share as a percentage for people: exact 0 and 100, '<0.1%' for tiny ones."""
    if whole <= 0:
        return "–"
    if part == 0:
        return "0%"
    percent = 100.0 * part / whole
    if percent < 0.1:
        return "<0.1%"
    if part == whole:
        return "100%"
    return f"{percent:.1f}%"


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return _count(int(value))
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.1f}"
    if magnitude >= 1:
        return f"{value:.3g}" if magnitude < 10 else f"{value:.1f}"
    return f"{value:.3f}".rstrip("0").rstrip(".") if magnitude >= 0.001 else f"{value:.2e}"


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.6f}" if whole else "0"


def _doc_label(path: str, record: int | None) -> str:
    return path if record is None else f"{path} #{record}"


# -- statistics ------------------------------------------------------------------------------

class _Doc:
    """One flagged document: weight (error 9, warning 3, note 1), counts, first findings."""

    __slots__ = ("path", "record", "weight", "count", "levels", "links")

    def __init__(self, path: str, record: int | None):
        self.path = path
        self.record = record
        self.weight = 0
        self.count = 0
        self.levels: Counter[str] = Counter()
        self.links: list[tuple[int, str, int]] = []  # (finding index, code, line)

    def rank(self) -> tuple:
        top = max((LEVEL_RANK.get(level, 0) for level in self.levels), default=0)
        return (-self.weight, -top, -self.count, self.path,
                self.record if self.record is not None else -1)


class _Values:
    """Exact running figures of one numeric property of one rule's findings."""

    __slots__ = ("count", "low", "high", "total", "integral", "bins")

    def __init__(self):
        self.count = 0
        self.low = math.inf
        self.high = -math.inf
        self.total = 0.0
        self.integral = True
        self.bins: list[int] | None = None

    def add(self, value: float) -> None:
        self.count += 1
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        self.total += value
        if self.integral and not isinstance(value, int):  # 1.0 is a score, not a count
            self.integral = False


class Statistics:
    """What the page shows beyond the run's counts: the worst documents and the running
    figures of each numeric property, from one pass over the findings in report order.

    Counts per rule, family and level come from ``result.stats()`` (computed once per run).
    Memory does not grow with the corpus: a document's findings are contiguous in report
    order (same path; a record's or row's findings all start on its line), so documents are
    ranked as they close, and only the worst ``worst_limit`` are kept. Score distributions
    keep running figures; their bins are filled by a second pass.
    """

    def __init__(self, result, worst_limit: int = MAX_WORST):
        self.result = result
        self.worst_limit = worst_limit
        self.family_of_code = {code: spec.family for code, spec in result.specs.items()}
        counts = result.stats()
        self.rule_findings: Counter[str] = Counter(counts.findings_by_code)
        self.rule_docs: Counter[str] = Counter(counts.documents_by_code)
        self.level_findings: Counter[str] = Counter(counts.findings_by_level)
        self.family_findings: Counter[str] = Counter()
        for code, found in counts.findings_by_code.items():
            self.family_findings[self.family_of(code)] += found
        self.family_docs: Counter[str] = Counter(
            {family or "other": flagged for family, flagged in counts.documents_by_family.items()})
        self.flagged = counts.documents_flagged
        self.total = len(result.findings)
        self.values: dict[tuple[str, str], _Values] = {}
        self._worst: list[_Doc] = []
        current: _Doc | None = None
        for index, finding in enumerate(result.findings):
            code = finding.code
            if current is None or finding.path != current.path or finding.record != current.record:
                self._close(current)
                current = _Doc(finding.path, finding.record)
            current.weight += LEVEL_WEIGHT.get(finding.level, 1)
            current.count += 1
            current.levels[finding.level] += 1
            if len(current.links) < MAX_LINKS_PER_DOC:
                current.links.append((index, code, finding.region.start_line))
            for key, value in (finding.properties or {}).items():
                if _is_number(value) and not _POSITIONAL.search(key):
                    figures = self.values.get((code, key))
                    if figures is None:
                        figures = self.values[(code, key)] = _Values()
                    figures.add(value)
        self._close(current)
        self._trim()

    def _close(self, doc: _Doc | None) -> None:
        if doc is None:
            return
        self._worst.append(doc)
        if len(self._worst) > 4 * self.worst_limit:
            self._trim()

    def _trim(self) -> None:
        self._worst.sort(key=_Doc.rank)
        del self._worst[self.worst_limit:]

    def family_of(self, code: str) -> str:
        return self.family_of_code.get(code, "other")

    def family_rank(self, family: str) -> tuple[int, int, str]:
        """Registered families in their listing order, then any other."""
        known = self.result.families.get(family)
        return (0, *known.sort_key()) if known else (1, 0, family)

    def colour(self, family: str) -> str:
        known = self.result.families.get(family)
        return known.colour if known else OTHER_COLOR

    def codes(self) -> list[str]:
        """Every enabled rule and every code that has findings, by family then code."""
        codes = set(self.result.specs) | set(self.rule_findings)
        return sorted(codes, key=lambda code: (self.family_rank(self.family_of(code)), code))

    def families(self) -> list[str]:
        return sorted({self.family_of(code) for code in self.codes()}, key=self.family_rank)

    def worst(self) -> list[_Doc]:
        return self._worst


# -- charts (inline SVG) -------------------------------------------------------------------

def _svg_open(width: int, height: int, label: str) -> str:
    return (f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{esc(label)}"><title>{esc(label)}</title>')


def bar_chart(rows: list[tuple[str, int, str, str]], label: str, width: int = 720) -> str:
    """Horizontal bars: (label, value, note shown after the bar, colour)."""
    label_width, note_width, row_height = 300, 170, 22
    plot = width - label_width - note_width - 10
    height = row_height * len(rows) + 8
    top = max((value for _, value, _, _ in rows), default=0) or 1
    parts = [_svg_open(width, height, label)]
    for position, (name, value, note, color) in enumerate(rows):
        y = 4 + position * row_height
        bar = 0 if value == 0 else max(1.5, plot * value / top)
        parts.append(
            f'<g><title>{esc(name)}: {esc(note)}</title>'
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{esc(name, 40)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="{row_height - 6}" '
            f'rx="2" fill="{color}"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 15}">{esc(note)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def bin_edges(figures: _Values) -> tuple[list[tuple[float, float, str]], bool]:
    """Bins (low, high, label) for a property; integers get one bin per value if few.
    Values within [0, 1] (scores, similarities, fractions) are drawn on the whole [0, 1]."""
    low, high = figures.low, figures.high
    if figures.integral and high - low < HIST_BINS:
        return [(v, v + 1, _number(v)) for v in range(int(low), int(high) + 1)], True
    if 0 <= low and high <= 1:
        low, high = 0.0, 1.0
    if high == low:
        return [(low, high, _number(low))], False
    step = (high - low) / HIST_BINS
    return [(low + i * step, low + (i + 1) * step,
             f"{_number(low + i * step)}–{_number(low + (i + 1) * step)}")
            for i in range(HIST_BINS)], False


def bin_of(figures: _Values, edges: list[tuple[float, float, str]], integral: bool,
           value: float) -> int:
    if len(edges) == 1:
        return 0
    if integral:
        return int(value) - int(edges[0][0])
    low, high = edges[0][0], edges[-1][1]
    return min(len(edges) - 1, max(0, int((value - low) * len(edges) / (high - low))))


def histogram(figures: _Values, label: str, width: int = 340, height: int = 170) -> str:
    edges, integral = bin_edges(figures)
    counts = figures.bins or [0] * len(edges)
    left, right, top, bottom = 40, 10, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts) or 1
    slot = plot_w / len(edges)
    parts = [_svg_open(width, height, label)]
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
                 f'y2="{top + plot_h}" stroke="#8c959f"/>'
                 f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#8c959f"/>'
                 f'<text class="small" x="{left - 4}" y="{top + 8}" text-anchor="end">'
                 f'{_count(peak)}</text>'
                 f'<text class="small" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>')
    for position, ((_, _, name), count) in enumerate(zip(edges, counts)):
        bar_h = 0 if count == 0 else max(1.0, plot_h * count / peak)
        x = left + position * slot
        parts.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - bar_h:.1f}" '
                     f'width="{max(1.0, slot - 2):.1f}" height="{bar_h:.1f}" fill="{BAR_COLOR}">'
                     f'<title>{esc(name)}: {_count(count)}</title></rect>')
    first, last = edges[0], edges[-1]
    if integral or len(edges) == 1:
        parts.append(f'<text class="small" x="{left + slot / 2:.1f}" y="{top + plot_h + 14}" '
                     f'text-anchor="middle">{esc(_number(first[0]))}</text>')
        if len(edges) > 1:
            parts.append(f'<text class="small" x="{left + plot_w - slot / 2:.1f}" '
                         f'y="{top + plot_h + 14}" text-anchor="middle">'
                         f'{esc(_number(last[0]))}</text>')
    else:
        parts.append(f'<text class="small" x="{left}" y="{top + plot_h + 14}" '
                     f'text-anchor="start">{esc(_number(first[0]))}</text>'
                     f'<text class="small" x="{left + plot_w}" y="{top + plot_h + 14}" '
                     f'text-anchor="end">{esc(_number(last[1]))}</text>')
    mean = figures.total / figures.count if figures.count else 0
    parts.append(f'<text class="small" x="{left + plot_w / 2:.1f}" y="{height - 4}" '
                 f'text-anchor="middle">n={_count(figures.count)} · mean {esc(_number(mean))}'
                 f'</text></svg>')
    return "".join(parts)


# -- the page --------------------------------------------------------------------------------

class HtmlReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        for part in self.page():
            stream.write(part)

    def page(self) -> Iterable[str]:
        """Two passes over the findings (the store is re-iterable, in memory or on disk):
        counts first, then table rows and histogram bins; memory stays bounded."""
        result = self.result
        stats = Statistics(result)
        table = self.second_pass(stats)
        title = self.options.get("title") or "corpus-lint audit report"
        yield ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               '<meta name="referrer" content="no-referrer">\n'
               f'<meta name="generator" content="corpus-lint {esc(result.version)}">\n'
               f'<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n')
        generated = self.options.get("generated")
        about = f"corpus-lint {esc(result.version)} · {_count(len(result.specs))} rules enabled"
        if generated:
            about += f" · {esc(generated)}"
        yield (f'<header><h1>{esc(title)}</h1><p>{about}</p><nav>'
               '<a href="#summary">Summary</a><a href="#families">Families</a>'
               '<a href="#rules">Rules</a><a href="#scores">Score distributions</a>'
               '<a href="#worst">Worst documents</a><a href="#findings">Findings</a>'
               '<a href="#problems">Unreadable inputs</a></nav></header>\n<main>\n')
        yield self.summary(stats)
        yield self.families(stats)
        yield self.rules(stats)
        yield self.scores(stats)
        yield self.worst(stats)
        yield from self.findings(stats, table)
        yield self.problems()
        yield f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"

    def histogram_keys(self, stats: Statistics) -> list[tuple[str, str]]:
        return sorted(stats.values, key=lambda item: (stats.family_rank(stats.family_of(item[0])),
                                                      item[0], item[1]))[:MAX_HISTOGRAMS]

    def second_pass(self, stats: Statistics) -> list[str]:
        """Rows of the findings table (the first ``max_rows`` in report order, plus those the
        worst documents link to, so every link has a target) and the histograms' bins."""
        limit = max(0, int(self.options.get("max_rows", MAX_TABLE_ROWS)))
        linked = {index for doc in stats.worst() for index, _, _ in doc.links}
        last = max(linked | {limit - 1}) if stats.total else -1
        binning = {}
        for key in self.histogram_keys(stats):
            figures = stats.values[key]
            edges, integral = bin_edges(figures)
            figures.bins = [0] * len(edges)
            binning[key] = (figures, edges, integral)
        rows: list[str] = []
        if last < 0 and not binning:
            return rows
        for index, finding in enumerate(self.result.findings):
            if index < limit or index in linked:
                rows.append(self.finding_row(index, finding))
            elif index > last and not binning:
                break
            if binning and finding.properties:
                for key, value in finding.properties.items():
                    entry = binning.get((finding.code, key))
                    if entry is not None and _is_number(value):
                        figures, edges, integral = entry
                        figures.bins[bin_of(figures, edges, integral, value)] += 1
        return rows

    # -- sections ------------------------------------------------------------------------------
    def summary(self, stats: Statistics) -> str:
        result = self.result
        documents = result.documents
        levels = ", ".join(f"{_count(stats.level_findings[level])} {level}s"
                           for level in reversed(LEVELS) if stats.level_findings[level])
        inputs = sum(1 for p in result.problems if p.kind == "input")
        plugins = len(result.problems) - inputs
        cards = [
            ("Files", _count(result.files), "read"),
            ("Documents checked", _count(documents), "files, records and rows"),
            ("Documents flagged", _count(stats.flagged),
             f"{share(stats.flagged, documents)} of documents checked"),
            ("Findings", _count(stats.total), levels or "none"),
            ("Suppressed", _count(result.suppressed), "by inline or metadata directives"),
        ]
        baselined = getattr(result, "baselined", 0) or 0
        stale = getattr(result, "stale_baseline", None) or []
        if baselined or stale:
            cards.append(("In the baseline", _count(baselined),
                          f"{_count(len(stale))} stale baseline entries"))
        cards.append(("Unreadable inputs", _count(inputs),
                      f"{_count(plugins)} plugin errors" if plugins else
                      "files or records not read"))
        body = "".join(f'<div class="card" data-card="{esc(name)}"><div class="value">{value}'
                       f'</div><div class="label">{esc(name)}</div><div class="sub">{esc(sub)}'
                       f'</div></div>' for name, value, sub in cards)
        return f'<section id="summary"><h2>Summary</h2><div class="cards">{body}</div></section>\n'

    def families(self, stats: Statistics) -> str:
        documents = self.result.documents
        families = stats.families()
        if not families:
            return ('<section id="families"><h2>Findings per family</h2>'
                    '<p class="empty">No rules were enabled.</p></section>\n')
        rows, chart = [], []
        codes = stats.codes()
        for family in families:
            rules = sum(1 for code in codes if stats.family_of(code) == family)
            found = stats.family_findings[family]
            flagged = stats.family_docs[family]
            color = stats.colour(family)
            chart.append((family, found, f"{_count(found)} · {share(flagged, documents)} of docs",
                          color))
            rows.append(f'<tr data-family="{esc(family)}"><td>{esc(family)}</td>'
                        f'<td class="num">{rules}</td><td class="num">{_count(found)}</td>'
                        f'<td class="num">{_count(flagged)}</td>'
                        f'<td class="num" data-key="{_ratio(flagged, documents)}">'
                        f'{share(flagged, documents)}</td></tr>')
        label = "Findings per family (bar: findings; label: findings and share of documents flagged)"
        return ('<section id="families"><h2>Findings per family</h2>'
                f'<div class="charts"><div class="chart">{bar_chart(chart, label)}</div></div>'
                '<table class="sortable" id="family-table"><thead><tr>'
                + _headers([("Family", ""), ("Rules", "num"), ("Findings", "num"),
                            ("Documents flagged", "num"), ("Share of documents", "num")])
                + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                f'<p class="note">Share = documents with at least one finding of the family / '
                f'{_count(documents)} documents checked.</p></section>\n')

    def rules(self, stats: Statistics) -> str:
        result = self.result
        documents = result.documents
        rows = []
        for code in stats.codes():
            spec = result.specs.get(code)
            found = stats.rule_findings[code]
            flagged = stats.rule_docs[code]
            level = spec.level if spec else ""
            rows.append(
                f'<tr id="rule-{esc(code)}" data-code="{esc(code)}"><td class="code">{esc(code)}</td>'
                f'<td>{esc(spec.name if spec else "")}</td><td>{esc(stats.family_of(code))}</td>'
                f'<td data-key="{LEVEL_RANK.get(level, -1)}">{_level(level) if level else ""}</td>'
                f'<td class="num">{_count(found)}</td><td class="num">{_count(flagged)}</td>'
                f'<td class="num" data-key="{_ratio(flagged, documents)}">'
                f'{share(flagged, documents)}</td>'
                f'<td>{esc(spec.summary if spec else "", 200)}</td></tr>')
        with_findings = sorted(stats.rule_findings,
                               key=lambda code: (-stats.rule_findings[code], code))
        chart = ""
        if with_findings:
            bars = []
            for code in with_findings[:MAX_RULE_BARS]:
                spec = result.specs.get(code)
                bars.append((f"{code} {spec.name}" if spec else code, stats.rule_findings[code],
                             f"{_count(stats.rule_findings[code])} · "
                             f"{share(stats.rule_docs[code], documents)} of docs",
                             stats.colour(stats.family_of(code))))
            more = len(with_findings) - MAX_RULE_BARS
            legend = _family_legend(sorted({stats.family_of(c) for c in with_findings},
                                           key=stats.family_rank), stats)
            label = ("Findings per rule (bar: findings; label: findings and share of "
                     "documents flagged)")
            chart = (f'<div class="charts"><div class="chart">{bar_chart(bars, label)}'
                     f'{legend}</div></div>'
                     + (f'<p class="note">{more} more rules with findings are in the table.</p>'
                        if more > 0 else ""))
        return ('<section id="rules"><h2>Findings per rule</h2>' + chart
                + '<table class="sortable" id="rule-table"><thead><tr>'
                + _headers([("Code", ""), ("Name", ""), ("Family", ""), ("Level", ""),
                            ("Findings", "num"), ("Documents flagged", "num"),
                            ("Share of documents", "num"), ("Summary", "")])
                + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                f'<p class="note">Every enabled rule is listed, also those without findings. '
                f'Share = documents flagged by the rule / {_count(documents)} documents '
                f'checked.</p></section>\n')

    def scores(self, stats: Statistics) -> str:
        keys = self.histogram_keys(stats)
        if not keys:
            return ('<section id="scores"><h2>Score distributions</h2><p class="empty">'
                    'No finding carries a numeric score.</p></section>\n')
        charts = []
        for code, key in keys:
            spec = self.result.specs.get(code)
            figures = stats.values[(code, key)]
            name = f"{code} {spec.name}" if spec else code
            charts.append(f'<div class="chart" data-rule="{esc(code)}" data-property="{esc(key)}">'
                          f'<h3>{esc(name)}: {esc(key, 60)}</h3>'
                          f'<p class="note">min {esc(_number(figures.low))} · max '
                          f'{esc(_number(figures.high))}</p>'
                          f'{histogram(figures, f"{name}: distribution of {key}")}</div>')
        more = len(stats.values) - len(keys)
        note = (f'<p class="note">{more} more distributions not drawn.</p>' if more > 0 else "")
        return ('<section id="scores"><h2>Score distributions</h2><p class="note">One histogram '
                'per numeric property of each rule\'s findings (scores, similarities, '
                'fractions, counts).</p>'
                f'<div class="charts">{"".join(charts)}</div>{note}</section>\n')

    def worst(self, stats: Statistics) -> str:
        worst = stats.worst()
        if not worst:
            return ('<section id="worst"><h2>Worst documents</h2><p class="empty">'
                    'No document has findings.</p></section>\n')
        rows = []
        for rank, doc in enumerate(worst, start=1):
            levels = " ".join(f'{_level(level)}&nbsp;{_count(doc.levels[level])}'
                              for level in reversed(LEVELS) if doc.levels[level])
            links = " ".join(f'<a href="#f{index}">{esc(code)}&nbsp;L{line}</a>'
                            for index, code, line in doc.links)
            more = doc.count - len(doc.links)
            if more > 0:
                links += f' <span class="note">+{_count(more)}&nbsp;more</span>'
            rows.append(f'<tr id="doc-{rank}"><td class="num">{rank}</td>'
                        f'<td class="loc">{esc(_doc_label(doc.path, doc.record), 200)}</td>'
                        f'<td class="num">{_count(doc.weight)}</td>'
                        f'<td class="num">{_count(doc.count)}</td><td class="levels">{levels}</td>'
                        f'<td class="links">{links}</td></tr>')
        note = (f"The {len(worst)} documents with the heaviest findings (weight: error "
                f"{LEVEL_WEIGHT['error']}, warning {LEVEL_WEIGHT['warning']}, note "
                f"{LEVEL_WEIGHT['note']}), of {_count(stats.flagged)} flagged. "
                "Each link jumps to the finding in the table below.")
        return ('<section id="worst"><h2>Worst documents</h2>'
                f'<p class="note">{esc(note)}</p>'
                '<table class="sortable" id="worst-table"><thead><tr>'
                + _headers([("#", "num"), ("Document", ""), ("Weight", "num"),
                            ("Findings", "num"), ("Levels", ""), ("Findings (links)", "")])
                + f'</tr></thead><tbody>{"".join(rows)}</tbody></table></section>\n')

    def findings(self, stats: Statistics, rows: list[str]) -> Iterable[str]:
        total = stats.total
        yield '<section id="findings"><h2>Findings</h2>'
        if not total:
            yield '<p class="empty">No findings.</p></section>\n'
            return
        if len(rows) < total:
            yield (f'<p class="note" id="findings-capped">Showing {_count(len(rows))} of '
                   f'{_count(total)} findings (the first ones in path order, and those of the '
                   'worst documents); the counts above are exact. Use --format json or sarif '
                   'for all of them.</p>')
        options = "".join(f'<option value="{level}">{level}</option>'
                          for level in reversed(LEVELS))
        yield ('<div class="controls"><input id="finding-filter" type="search" '
               'placeholder="Filter findings (path, code, message...)" aria-label="Filter findings">'
               '<select id="level-filter" aria-label="Level"><option value="">all levels</option>'
               f'{options}</select><span class="note"><span id="findings-shown">'
               f'{_count(len(rows))}</span> rows shown</span></div>')
        yield ('<table class="sortable" id="findings-table"><thead><tr>'
               + _headers([("Location", ""), ("Code", ""), ("Name", ""), ("Level", ""),
                           ("Message", ""), ("Related (original)", ""), ("Properties", "")])
               + '</tr></thead><tbody>')
        for start in range(0, len(rows), 500):
            yield "".join(rows[start:start + 500])
        yield '</tbody></table></section>\n'

    def finding_row(self, index: int, finding) -> str:
        spec = self.result.specs.get(finding.code)
        region = finding.region
        where = f"{finding.path}:{region.start_line}:{region.start_column}"
        if finding.record is not None:
            where += f" (record {finding.record})"
        related = []
        for loc in finding.related[:MAX_RELATED]:
            text = f"{loc.path}:{loc.region.start_line}:{loc.region.start_column}"
            related.append(f'<div><code>{esc(text, 300)}</code>'
                           + (f" {esc(loc.message, 200)}" if loc.message else "") + "</div>")
        if len(finding.related) > MAX_RELATED:
            related.append(f'<div class="note">+{len(finding.related) - MAX_RELATED} more</div>')
        props = []
        properties = finding.properties or {}
        for key in sorted(properties)[:8]:
            value = properties[key]
            if _is_number(value):
                shown = _number(value)
            elif isinstance(value, (str, bool)) or value is None:
                shown = str(value)
            else:
                continue  # lists and tables: in the JSON and SARIF output
            props.append(f"{esc(key, 40)}={esc(shown, 60)}")
        return (f'<tr id="f{index}" data-level="{esc(finding.level)}">'
                f'<td class="loc" data-key="{index:09d}">{esc(where, 300)}</td>'
                f'<td class="code"><a href="#rule-{esc(finding.code)}">{esc(finding.code)}</a></td>'
                f'<td>{esc(spec.name if spec else "")}</td>'
                f'<td data-key="{LEVEL_RANK.get(finding.level, -1)}">{_level(finding.level)}</td>'
                f'<td class="msg">{esc(finding.labelled_message(), MAX_MESSAGE)}</td>'
                f'<td class="rel">{"".join(related)}</td>'
                f'<td class="props">{" ".join(props)}</td></tr>')

    def problems(self) -> str:
        problems = self.result.problems
        if not problems:
            return ('<section id="problems"><h2>Unreadable inputs</h2><p class="empty">'
                    'Every input was read.</p></section>\n')
        rows = "".join(
            f'<tr><td class="loc">{esc(p.path, 300)}</td>'
            f'<td class="num">{p.line if p.line else ""}</td><td>{esc(p.kind)}</td>'
            f'<td class="msg">{esc(p.message, MAX_MESSAGE)}</td></tr>'
            for p in problems[:MAX_PROBLEMS])
        note = (f'<p class="note">Showing {MAX_PROBLEMS} of {_count(len(problems))}.</p>'
                if len(problems) > MAX_PROBLEMS else "")
        return ('<section id="problems"><h2>Unreadable inputs</h2>'
                f'<p class="note">{_count(len(problems))} files, records or plugins that could '
                'not be read or run; everything else was checked.</p>'
                '<table class="sortable" id="problem-table"><thead><tr>'
                + _headers([("Path", ""), ("Line", "num"), ("Kind", ""), ("Problem", "")])
                + f'</tr></thead><tbody>{rows}</tbody></table>{note}</section>\n')


def _headers(columns: list[tuple[str, str]]) -> str:
    return "".join(f'<th scope="col"{f" class={chr(34)}{kind}{chr(34)}" if kind else ""}>'
                   f'<button type="button">{esc(name)}</button></th>' for name, kind in columns)


def _level(level: str) -> str:
    return f'<span class="level level-{esc(level)}">{esc(level)}</span>'


def _family_legend(families: list[str], stats) -> str:
    width = 720
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="22" '
             f'viewBox="0 0 {width} 22" aria-hidden="true">']
    x = 300
    for family in families:
        color = stats.colour(family)
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" rx="2" fill="{color}"/>'
                     f'<text x="{x + 16}" y="16">{esc(family)}</text>')
        x += 24 + 8 * len(family)
    parts.append("</svg>")
    return "".join(parts)
