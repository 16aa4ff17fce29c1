"""The HTML audit report: escaping, exact counts and shares, bounded tables, determinism, no
external resources; and, when Chromium is installed, the page rendered in headless Chromium
(scripts ran, charts and tables are in the DOM, nothing was fetched, a screenshot was taken)."""
from __future__ import annotations

import base64
import hashlib
import html as html_module
import io
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.model import Finding, Location, Problem
from corpus_lint.reporters.html import CSP, SCRIPT, HtmlReporter, share
from corpus_lint.rulebook import RuleSpec
from corpus_lint.engine.run import RunResult
from corpus_lint.findings.store import FindingStore

HOSTILE = "<script>alert(1)</script>"


# -- a run built by hand: the reporter needs only these attributes ---------------------------

def spec(code, name, family, level="warning"):
    return RuleSpec(code=code, name=name, family=family, level=level,
                    summary=f"{name} summary", description=f"{name} description.")


SPECS = {s.code: s for s in (spec("D101", "duplicate-paragraph", "duplicate"),
                             spec("D301", "duplicate-document", "duplicate"),
                             spec("M101", "no-metadata", "metadata"),
                             spec("I103", "binary-file", "integrity", "error"))}


def finding(code, path, line, message="Something is wrong.", record=None, level=None,
            properties=None, related=()):
    return Finding(code=code, level=level or SPECS[code].level, path=path,
                   region=Region(line, 1, line, 10), message=message, related=list(related),
                   fingerprint=f"{code}{path}{line}", properties=properties or {}, record=record)


def run(findings, documents=10, problems=(), files=None):
    store = FindingStore()
    store.append_sorted_batch(sorted(findings, key=Finding.sort_key))
    return RunResult(store, list(problems), SPECS,
                     files=files if files is not None else documents, documents=documents,
                     version="0.0.test")


def render(result, **options) -> str:
    out = io.StringIO()
    HtmlReporter(result, options).render(out)
    return out.getvalue()


class Tables(HTMLParser):
    """Cell texts of every table with an id, and every tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.row_ids: dict[str, list[str]] = {}
        self.tags: list[tuple[str, dict]] = []
        self._table = None
        self._cell = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
            self.row_ids[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
            self.row_ids[self._table].append(attrs.get("id"))
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row and not self._row[0] in ("Code", "Family", "Location", "#", "Path"):
                self.tables[self._table].append(self._row)
            else:
                self.row_ids[self._table].pop()
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


# -- unit tests of the page ------------------------------------------------------------------

def test_hostile_text_is_escaped_everywhere():
    evil_path = 'a"><img src=x onerror=alert(2)>.txt'
    result = run([
        finding("D101", evil_path, 3, message=f"Paragraph repeats {HOSTILE} here.",
                related=[Location("orig.txt", Region(1, 1, 1, 5), f"original {HOSTILE}")],
                properties={"similarity": 0.9, f"key{HOSTILE}": f"value{HOSTILE}"}),
        finding("M101", "b.txt", 1, message="Lone \ud800 surrogate and \x00 control \x1b char."),
    ], problems=[Problem(f"c{HOSTILE}.jsonl", f"invalid JSON {HOSTILE}", line=2)])
    html = render(result, title=f"Audit {HOSTILE}", generated=HOSTILE)
    html.encode("utf-8")  # no lone surrogate reaches the output
    assert "\x00" not in html and "\x1b" not in html
    assert html.count("<script>") == 1 and html.count("</script>") == 1  # only the page's own
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and 'a&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.txt' in html
    tags = {tag for tag, _ in parse(html).tags}
    assert "img" not in tags and "link" not in tags and "iframe" not in tags


def test_counts_and_shares_per_rule_and_family():
    findings = [finding("D101", "a.txt", line) for line in (1, 5, 9)]  # 3 findings, 1 document
    findings += [finding("D101", "b.txt", 2), finding("D301", "b.txt", 1)]
    findings += [finding("M101", "c.jsonl", line, record=line) for line in (1, 2, 3, 4)]
    findings += [finding("M101", "a.txt", 1)]
    tables = parse(render(run(findings, documents=8))).tables
    rules = {row[0]: row for row in tables["rule-table"]}
    # code, name, family, level, findings, documents flagged, share, summary
    assert rules["D101"][4:7] == ["4", "2", "25.0%"]
    assert rules["D301"][4:7] == ["1", "1", "12.5%"]
    assert rules["M101"][4:7] == ["5", "5", "62.5%"]
    assert rules["I103"][4:7] == ["0", "0", "0%"]  # enabled, no findings: still listed
    families = {row[0]: row for row in tables["family-table"]}
    # family, rules, findings, documents flagged, share
    assert families["duplicate"][1:] == ["2", "5", "2", "25.0%"]
    assert families["metadata"][1:] == ["1", "5", "5", "62.5%"]
    assert families["integrity"][1:] == ["1", "0", "0", "0%"]
    html = render(run(findings, documents=8))
    summary = dict(re.findall(r'data-card="([^"]+)"><div class="value">([^<]+)<', html))
    assert summary == {"Files": "8", "Documents checked": "8", "Documents flagged": "6",
                       "Findings": "10", "Suppressed": "0", "Unreadable inputs": "0"}
    worst = tables["worst-table"]
    assert worst[0][1] == "a.txt" and worst[0][3] == "4"  # 4 warnings: the heaviest document
    assert [row[1] for row in worst[1:3]] == ["b.txt", "c.jsonl #1"]


def test_share_formatting():
    assert share(0, 10) == "0%" and share(10, 10) == "100%" and share(1, 3) == "33.3%"
    assert share(1, 5000) == "<0.1%" and share(1, 0) == "–"


def test_table_is_capped_but_counts_stay_exact_and_links_have_targets():
    findings = [finding("M101", f"doc{n:03d}.txt", 1) for n in range(300)]
    findings += [finding("I103", "zzz.bin", line, level="error") for line in range(1, 31)]
    html = render(run(findings, documents=400), max_rows=50)
    parsed = parse(html)
    rows = parsed.row_ids["findings-table"]
    assert "Showing 62 of 330 findings" in html  # 50 first + 12 linked from the worst document
    assert len(rows) == 62
    targets = set(rows)
    links = [attrs["href"][1:] for tag, attrs in parsed.tags
             if tag == "a" and re.fullmatch(r"#f\d+", attrs.get("href", ""))]
    assert links and all(link in targets for link in links)
    rules = {row[0]: row for row in parsed.tables["rule-table"]}
    assert rules["M101"][4:7] == ["300", "300", "75.0%"]
    assert parsed.tables["worst-table"][0][1] == "zzz.bin"


def test_score_histograms_for_numeric_properties_only():
    findings = [finding("D101", f"d{n}.txt", 4, properties={
        "similarity": 0.8 + n / 100, "original_line": n, "exact": True, "unit": "x"})
        for n in range(20)]
    html = render(run(findings, documents=20))
    charts = re.findall(r'data-rule="([^"]+)" data-property="([^"]+)"', html)
    assert charts == [("D101", "similarity")]  # not positions, booleans or strings
    block = html[html.index('data-property="similarity"'):]
    assert "n=20" in block
    bars = re.findall(r'<rect [^>]*><title>([^<]+): (\d+)</title>', block.split("</svg>")[0])
    assert sum(int(count) for _, count in bars) == 20


def test_output_is_deterministic_and_self_contained():
    findings = [finding("D101", "a.txt", 3, properties={"similarity": 0.97}),
                finding("M101", "b.txt", 1)]
    first, second = render(run(findings)), render(run(list(findings)))
    assert first == second
    parsed = parse(first)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "data", "poster", "srcset"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "@import" not in first and "url(" not in first
    # the page's script is allowed by hash, nothing else is
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP and "default-src 'none'" in CSP
    assert f'content="{CSP}"' in first and f"<script>{SCRIPT}</script>" in first


def test_empty_run_renders():
    html = render(run([], documents=0, files=0))
    assert "No findings." in html and "Every input was read." in html


def test_cli_writes_the_report(tmp_path, cli):
    (tmp_path / "a.txt").write_text(f"{PARAGRAPH}\n\nBetween them.\n\n{PARAGRAPH}\n")
    result = cli("check", "--select", "D101,M101", "--format", "html", "--output", "r.html",
                 "a.txt", cwd=tmp_path)
    assert result.code == 1
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    rules = {row[0]: row for row in parse(html).tables["rule-table"]}
    assert rules["D101"][4:7] == ["1", "1", "100%"]
    again = cli("check", "--select", "D101,M101", "--format", "html", "--output", "s.html",
                "a.txt", cwd=tmp_path)
    assert again.code == 1 and (tmp_path / "s.html").read_text(encoding="utf-8") == html


# -- headless Chromium -----------------------------------------------------------------------

PARAGRAPH = ("The committee met on Tuesday to discuss the new budget for the coming year, and "
             "most members agreed that the plan was sound and should go ahead without delay.")


def chromium_binary() -> str | None:
    explicit = os.environ.get("CORPUS_LINT_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


# Chromium's own background services, which it contacts even with the flags below (time,
# component updates, sign-in): not requests of the page. A page fetch names its own host.
BROWSER_SERVICES = {"update.googleapis.com", "accounts.google.com", "clients1.google.com",
                    "clients2.google.com", "clientservices.googleapis.com",
                    "optimizationguide-pa.googleapis.com", "safebrowsing.googleapis.com",
                    "redirector.gvt1.com", "edgedl.me.gvt1.com"}


def request_host(request: bytes) -> str:
    """The host of a proxied request: ``CONNECT host:443`` or ``GET http://host/...``."""
    parts = request.split(b"\r\n", 1)[0].decode("latin-1").split()
    target = parts[1] if len(parts) > 1 else ""
    target = target.split("://", 1)[-1]
    return target.split("/", 1)[0].rsplit(":", 1)[0].lower()


class ConnectionRecorder:
    """A TCP listener used as Chromium's proxy: every network request lands here."""

    def page_requests(self) -> list[bytes]:
        return [r for r in self.requests if request_host(r) not in BROWSER_SERVICES]

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):  # record the request line and headers, answer nothing
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.requests.append(conn.recv(512))
                except OSError:
                    self.requests.append(b"")

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def chromium(tmp_path_factory):
    binary = chromium_binary()
    if binary is None:
        pytest.skip("Chromium not installed (Debian: apt-get install -y chromium; or set "
                    "CORPUS_LINT_CHROMIUM to a Chrome/Chromium binary)")
    recorder = ConnectionRecorder()

    def run_chromium(url: str, *extra: str) -> str:
        profile = tmp_path_factory.mktemp("chromium-profile")
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--disable-extensions",
                   "--disable-default-apps", "--mute-audio", f"--user-data-dir={profile}",
                   f"--proxy-server=http://127.0.0.1:{recorder.port}",
                   "--proxy-bypass-list=<-loopback>", *extra, url]
        done = subprocess.run(command, capture_output=True, timeout=180,
                              env={**os.environ, "HOME": str(profile)})
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        return done.stdout.decode("utf-8", errors="replace")

    run_chromium.recorder = recorder
    yield run_chromium
    recorder.close()


def build_report(root: Path, cli) -> Path:
    (root / "dup.txt").write_text(f"---\ntitle: Budget\ndate: 2021-03-04\n---\n{PARAGRAPH}\n\n"
                                  f"Something else happened in the afternoon.\n\n{PARAGRAPH}\n")
    (root / "<img src=x onerror=alert(1)>.txt").write_text(f"A note about {HOSTILE} today.\n")
    (root / "wire.jsonl").write_text(
        '{"id": "r1", "title": "T", "date": "2020-01-01", "text": "' + PARAGRAPH + "\\n\\n"
        + PARAGRAPH + '"}\n{"id": "r2", "text": "Plain record."}\n{broken\n')
    result = cli("check", "--select", "D101,M101", "--format", "html", "--output",
                 "report.html", ".", cwd=root)
    assert result.code == 1, result.err
    return root / "report.html"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_report_renders_in_headless_chromium(tmp_path, cli, chromium):
    report = build_report(tmp_path, cli)
    dom = chromium(report.as_uri(), "--dump-dom", "--virtual-time-budget=3000")
    root_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-report-ready="1"' in root_tag, "the page's script did not run to the end"
    assert "data-js-error" not in root_tag and "data-csp-violation" not in root_tag, root_tag
    assert 'data-resources="0"' in root_tag, root_tag  # the page loaded nothing
    charts = int(re.search(r'data-charts="(\d+)"', root_tag).group(1))
    assert charts >= 3  # families, rules and at least one score histogram
    assert dom.count("<svg") >= charts and "<rect" in dom
    assert 'id="findings-table"' in dom and 'id="f0"' in dom and 'id="worst-table"' in dom
    assert 'id="findings-shown">3<' in dom  # the filter script counted the rows
    # hostile file name and text: shown as text, never as markup
    assert "<img" not in dom and "&lt;img src=x onerror=alert(1)&gt;.txt" in dom
    assert "invalid JSON" in dom  # the unreadable record is listed
    assert chromium.recorder.page_requests() == [], chromium.recorder.requests

    shot = tmp_path / "report.png"
    chromium(report.as_uri(), f"--screenshot={shot}", "--window-size=1280,1800",
             "--hide-scrollbars")
    assert png_size(shot) == (1280, 1800)
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>")
    blank_shot = tmp_path / "blank.png"
    chromium(blank.as_uri(), f"--screenshot={blank_shot}", "--window-size=1280,1800")
    assert shot.stat().st_size > 5 * blank_shot.stat().st_size  # text and charts were painted
    assert chromium.recorder.page_requests() == [], chromium.recorder.requests


PROBE = """<!DOCTYPE html><html><body><iframe id="report" src="report.html" width="1200"
height="800"></iframe><script>
document.getElementById("report").addEventListener("load", function () {
  var out = {};
  try {
    var doc = this.contentDocument;
    var table = doc.getElementById("rule-table");
    var header = table.tHead.rows[0].cells[4];
    var codes = function () {
      return Array.prototype.map.call(table.tBodies[0].rows,
                                      function (row) { return row.cells[0].textContent; });
    };
    out.before = codes();
    header.querySelector("button").click();
    out.ascending = codes();
    out.aria = header.getAttribute("aria-sort");
    header.querySelector("button").click();
    out.descending = codes();
    var filter = doc.getElementById("finding-filter");
    filter.value = "wire.jsonl";
    filter.dispatchEvent(new Event("input"));
    out.shown = doc.getElementById("findings-shown").textContent;
    out.hidden = doc.querySelectorAll("#findings-table tbody tr[hidden]").length;
    out.ready = doc.documentElement.getAttribute("data-report-ready");
  } catch (error) { out.error = String(error); }
  document.body.setAttribute("data-probe", JSON.stringify(out));
});
</script></body></html>"""


def test_report_tables_sort_and_filter_in_chromium(tmp_path, cli, chromium):
    """A probe page drives the report's own controls (file pages may script each other only
    with --allow-file-access-from-files, which the report itself never needs)."""
    build_report(tmp_path, cli)
    probe = tmp_path / "probe.html"
    probe.write_text(PROBE)
    dom = chromium(probe.as_uri(), "--dump-dom", "--virtual-time-budget=5000",
                   "--allow-file-access-from-files")
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[-2000:]
    result = json.loads(html_module.unescape(found.group(1)))
    assert "error" not in result, result
    assert result["ready"] == "1"
    assert result["before"] == ["D101", "M101"]  # family order
    assert result["ascending"] == ["M101", "D101"] and result["aria"] == "ascending"  # 1 < 2
    assert result["descending"] == ["D101", "M101"]
    assert result["shown"] == "1" and result["hidden"] == 2
    assert chromium.recorder.page_requests() == [], chromium.recorder.requests


def test_the_network_check_would_see_a_fetch(tmp_path, chromium):
    """The proxy-based check above can fail: a page that loads a remote image is caught."""
    page = tmp_path / "fetches.html"
    page.write_text('<!DOCTYPE html><img src="http://corpus-lint.invalid/pixel.png">')
    chromium(page.as_uri(), "--dump-dom", "--virtual-time-budget=3000")
    assert "corpus-lint.invalid" in {request_host(r) for r in chromium.recorder.page_requests()}
