"""``termkit review --report``: a self-contained page with per-pair summary, SVG histogram and escaped text."""

from __future__ import annotations

import base64
import hashlib
import re

from conftest import run_cli
from review_project import IMG, SCRIPT, ZH, make_project

from termkit.review.decisions import Decision, write_decisions
from termkit.review.report import BINS, histogram, render_report
from termkit.review.workspace import Workspace


def test_histogram_bins_scores_over_zero_to_one():
    bars = histogram([0.0, 0.05, 0.31, 1.0, 0.99])
    assert len(bars) == BINS and [b.count for b in bars] == [2, 0, 0, 1, 0, 0, 0, 0, 0, 2]
    assert bars[0].height == bars[-1].height > bars[3].height > 0 == bars[1].height
    assert [b.count for b in histogram([])] == [0] * BINS


def test_report_is_self_contained_escaped_and_counts_decisions(tmp_path):
    project = make_project(tmp_path)
    write_decisions(project / "sources" / "review" / "000-004.tsv",
                    [Decision((1,), (1,), "reject", ZH[1], "Two " + IMG + "."), Decision((0,), (0,), "accept", ZH[0], "One.")])
    html = render_report(Workspace(project, project / "aligned"))
    assert SCRIPT not in html and "<img" not in html and "&lt;script&gt;alert" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html) and "<link" not in html
    assert re.findall(r"<script[ >]", html) == ["<script>"]  # inline, and the only one
    script = re.search(r"<script>(.*?)</script>", html, re.S)[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html and "default-src 'none'" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S)[0]
    assert svg.count("<rect") == BINS and "<title>0.9–1.0: 2</title>" in svg and "<title>0.3–0.4: 1</title>" in svg
    row = re.search(r"<tr><td><a href=\"#pair-000-004\">000-004</a></td>(.*?)</tr>", html, re.S)[1]
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[:7] == ["parallel", "4", "2", "1", "1", "2", "1"]  # mode, beads, reviewed, accepted, rejected, open, low


def test_cli_writes_the_report(tmp_path):
    project = make_project(tmp_path)
    res = run_cli("review", str(project / "aligned"), "--report", str(tmp_path / "r.html"))
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip() == f"wrote {tmp_path / 'r.html'}" and res.stdout == ""
    assert "confidence histogram of 000-004" in (tmp_path / "r.html").read_text(encoding="utf-8")
    res = run_cli("review", str(tmp_path / "nowhere"), "--report", str(tmp_path / "x.html"), cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.startswith("termkit: error: ") and len(res.stderr.splitlines()) == 1
