"""``termkit review --report FILE.html``: the review's state as one self-contained page to share or attach.

Why self-contained: the page goes into a pull request or an e-mail, so styles and script are inline, it
loads nothing (its Content-Security-Policy forbids any fetch), and it is written from the same data the
review page shows: per pair, how many beads were reviewed, a confidence histogram (SVG), and every bead.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from termkit.review.pages import render, static_text
from termkit.review.workspace import Workspace

BINS = 10
_W, _H, _PAD = 320, 120, 20  # histogram size and the room for its labels, in SVG units


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


def histogram(scores: list[float]) -> list[Bar]:
    """Bars of BINS equal bins over [0, 1] (1.0 falls in the last), scaled to the tallest."""
    counts = [0] * BINS
    for s in scores:
        counts[min(int(s * BINS), BINS - 1)] += 1
    top = max(counts, default=0) or 1
    width = _W / BINS
    return [Bar(i * width, _H - c / top * _H, width - 2, c / top * _H, c, f"{i / BINS:.1f}–{(i + 1) / BINS:.1f}")
            for i, c in enumerate(counts)]


def _summary(ws: Workspace, key: str) -> dict:
    state = ws.state(key)
    beads = state["beads"]
    scores = [b["score"] for b in beads if b["score"] is not None]
    by = {name: sum(1 for b in beads if b["review"] == name) for name in ("accepted", "rejected")}
    return {**state, "accepted": by["accepted"], "rejected": by["rejected"],
            "unreviewed": sum(1 for b in beads if not b["review"]),
            "bands": {name: sum(1 for b in beads if b["band"] == name) for name in ("high", "medium", "low", "none")},
            "mean": sum(scores) / len(scores) if scores else None, "bars": histogram(scores)}


def render_report(ws: Workspace) -> str:
    """The HTML of the report on every pair of ``ws``."""
    script = static_text("report.js")
    inline = f"\n{script}\n"  # the text of the <script> element in report.html, which its CSP hash must match
    digest = base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode("ascii")
    return render("report.html", project=ws.project.resolve().name, pairs=[_summary(ws, k) for k in ws.pairs],
                  css=Markup(static_text("review.css")), script=Markup(script), script_hash=digest,
                  size={"w": _W, "h": _H, "pad": _PAD})
