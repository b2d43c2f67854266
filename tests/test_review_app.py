"""The review web app over HTTP (Starlette's TestClient): the API, every action, and the safety rules."""

from __future__ import annotations

import pytest
from review_project import BRACES, EN, IMG, SCRIPT, ZH, make_project
from starlette.testclient import TestClient

from termkit.review.app import create_app
from termkit.review.decisions import read_decisions
from termkit.review.workspace import Workspace

TOKEN = "test-token"
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def _client(project, **kw) -> TestClient:
    ws = Workspace(project, project / "aligned", reviewer="ann")
    return TestClient(create_app(ws, "127.0.0.1", 8765, token=TOKEN), base_url=kw.get("base_url", BASE))


@pytest.fixture
def client(project):
    return _client(project)


def _act(client, **action):
    return client.post("/api/pairs/000-004/actions", json=action, headers={"X-Termkit-Token": TOKEN})


def _decisions(project):
    return [(d.src_ids, d.tgt_ids, d.verdict) for d in read_decisions(project / "sources" / "review" / "000-004.tsv")]


def _shapes(state):
    return [(b["src_ids"], b["tgt_ids"], b["review"]) for b in state["beads"]]


def test_page_escapes_corpus_text_and_forbids_foreign_scripts(client):
    res = client.get("/")
    assert res.status_code == 200
    html = res.text
    assert SCRIPT not in html and "<img" not in html and "&lt;script&gt;" in html and "&#34;&gt;&lt;img" in html
    assert '<meta name="termkit-token" content="test-token">' in html
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["x-frame-options"] == "DENY"


def test_state_carries_the_texts_as_data(client):
    state = client.get("/api/pairs/000-004").json()
    assert state["beads"][1]["src"][0]["text"] == ZH[1] and state["beads"][1]["tgt"][0]["text"] == EN[1]
    assert state["beads"][2]["shape"] == "2:1" and state["beads"][1]["band"] == "low"
    assert state["unpaired"] == {"src": [{"id": 5, "text": ZH[5]}], "tgt": [{"id": 4, "text": EN[4]},
                                                                           {"id": 5, "text": EN[5]}]}
    assert state["progress"] == {"reviewed": 0, "total": 4}
    assert BRACES in state["beads"][3]["tgt"][0]["text"]


def test_template_never_evaluates_braces_in_titles(project):
    import polars as pl

    docs = pl.read_parquet(project / "aligned" / "documents.parquet").with_columns(
        pl.lit(f"T {BRACES} {IMG}").alias("title"))
    docs.write_parquet(project / "aligned" / "documents.parquet")
    html = _client(project).get("/").text
    assert "{{ 7*7 }}" in html and "49" not in html and "<img" not in html


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "127.0.0.1", "attacker.127.0.0.1.nip.io:8765"])
def test_a_wrong_host_header_is_refused(client, host):
    for res in (client.get("/", headers={"Host": host}),
                client.get("/api/pairs/000-004", headers={"Host": host}),
                client.post("/api/pairs/000-004/actions", json={"op": "accept", "index": 0},
                            headers={"Host": host, "X-Termkit-Token": TOKEN})):
        assert res.status_code == 421
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_changes_need_the_token_and_json(client, project):
    assert client.post("/api/pairs/000-004/actions", json={"op": "accept", "index": 0}).status_code == 403
    assert client.post("/api/pairs/000-004/actions", json={"op": "accept", "index": 0},
                       headers={"X-Termkit-Token": "guess"}).status_code == 403
    res = client.post("/api/pairs/000-004/actions", content='{"op": "accept", "index": 0}',
                      headers={"X-Termkit-Token": TOKEN, "Content-Type": "text/plain"})
    assert res.status_code == 415
    assert client.get("/api/pairs/000-004/actions").status_code == 405
    assert not (project / "sources" / "review").exists()


@pytest.mark.parametrize("path", ["/static/../../sources/manifest.tsv", "/static/..%2F..%2Fsources%2Fmanifest.tsv",
                                  "/static/app.py", "/sources/manifest.tsv", "/aligned/000-004.alignments.tsv",
                                  "/api/pairs/..%2F..%2Fetc", "/api/pairs/000-005"])
def test_nothing_outside_the_app_is_served(client, path):
    res = client.get(path)
    assert res.status_code == 404
    assert "000\ta.txt" not in res.text


def test_static_files_are_served(client):
    assert "textContent" in client.get("/static/review.js").text
    assert client.get("/static/review.css").headers["content-type"].startswith("text/css")


def test_accept_and_reject_are_saved_at_once_and_a_new_workspace_sees_them(client, project):
    state = _act(client, op="accept", index=1, tuid="000-004-2").json()
    assert state["beads"][1]["review"] == "accepted" and state["progress"] == {"reviewed": 1, "total": 4}
    _act(client, op="reject", index=2, tuid="000-004-3")
    assert _decisions(project) == [((1,), (1,), "accept"), ((2, 3), (2,), "reject")]
    row = read_decisions(project / "sources" / "review" / "000-004.tsv")[0]
    assert (row.src_text, row.tgt_text, row.reviewer) == (ZH[1], EN[1], "ann")
    again = _client(project).get("/api/pairs/000-004").json()
    assert [b["review"] for b in again["beads"]] == ["", "accepted", "rejected", ""]


def test_merge_split_and_shift_write_reviewer_beads(client, project):
    state = _act(client, op="merge", index=0, tuid="000-004-1").json()
    assert _shapes(state)[0] == ([0, 1], [0, 1], "accepted") and not state["beads"][0]["built"]
    state = _act(client, op="split", index=0, tuid=state["beads"][0]["tuid"]).json()
    assert _shapes(state)[:2] == [([0], [0], "accepted"), ([1], [1], "accepted")]
    assert _decisions(project) == [((0,), (0,), "accept"), ((1,), (1,), "accept")]  # the built beads again
    state = _act(client, op="shift", index=2, tuid="000-004-3", side="src", direction="down").json()
    assert _shapes(state)[2:] == [([2], [2], "accepted"), ([3, 4], [3], "accepted")]
    state = _act(client, op="shift", index=3, tuid=state["beads"][3]["tuid"], side="tgt", direction="up").json()
    assert _shapes(state)[2:] == [([2], [2, 3], "accepted")]  # the remainder 3,4↔ is one-sided: unpaired
    assert [s["id"] for s in state["unpaired"]["src"]] == [3, 4, 5]


def test_pairing_unpaired_sentences_and_undo(client, project):
    state = _act(client, op="pair", src=5, tgt=5).json()
    assert _shapes(state)[-1] == ([5], [5], "accepted") and state["beads"][-1]["tuid"] == "000-004-5"
    assert state["unpaired"] == {"src": [], "tgt": [{"id": 4, "text": EN[4]}]}
    _act(client, op="accept", index=0, tuid="000-004-1")
    assert _decisions(project) == [((5,), (5,), "pair"), ((0,), (0,), "accept")]
    _act(client, op="undo")
    assert _decisions(project) == [((5,), (5,), "pair")]
    state = _act(client, op="undo").json()
    assert not (project / "sources" / "review" / "000-004.tsv").exists() and state["progress"]["reviewed"] == 0
    assert _act(client, op="undo").json() == {"error": "nothing to undo"}


def test_bad_actions_are_refused_with_a_reason(client):
    assert _act(client, op="explode", index=0).status_code == 409
    assert "out of date" in _act(client, op="accept", index=0, tuid="000-004-9").json()["error"]
    assert "next bead" in _act(client, op="merge", index=3, tuid="000-004-4").json()["error"]
    assert "split" in _act(client, op="split", index=0, tuid="000-004-1").json()["error"]
    assert "before" in _act(client, op="shift", index=0, tuid="000-004-1", side="src", direction="up").json()["error"]
    assert client.post("/api/pairs/000-004/actions", content="[]",
                       headers={"X-Termkit-Token": TOKEN, "Content-Type": "application/json"}).status_code == 400


def test_a_broken_decisions_file_is_reported_with_file_and_line(client, project):
    f = project / "sources" / "review" / "000-004.tsv"
    f.parent.mkdir(parents=True)
    f.write_text("src_ids\ttgt_ids\tverdict\tsrc_text\ttgt_text\treviewer\tdate\tnote\n0\t0\tmaybe\t\t\t\t\t\n",
                 encoding="utf-8")
    res = client.get("/api/pairs/000-004")
    assert res.status_code == 409 and res.json()["error"].endswith("000-004.tsv:2: bad verdict 'maybe': use one of "
                                                                   "accept, reject, pair")


def test_loopback_and_allowed_hosts():
    from termkit.review.app import allowed_hosts, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.com")
    assert allowed_hosts("::1", 80) == {"[::1]:80", "localhost:80"}
    assert allowed_hosts("192.168.1.2", 80) == {"192.168.1.2:80"}


def test_cli_serves_on_a_free_loopback_port_and_prints_the_url(project):
    import os
    import re
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-m", "termkit", "review", str(project / "aligned")],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    try:
        line = proc.stderr.readline()
        m = re.fullmatch(r"termkit review: http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)\n", line)
        assert m, line
        with urllib.request.urlopen(f"http://127.0.0.1:{m[1]}/", timeout=10) as res:
            assert res.status == 200 and b"termkit-token" in res.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_stale_decisions_are_listed_and_not_applied(client, project):
    from termkit.review.decisions import Decision, write_decisions

    write_decisions(project / "sources" / "review" / "000-004.tsv",
                    [Decision((1,), (1,), "reject", "第二句。", EN[1]), Decision((0,), (0,), "accept", ZH[0], EN[0])])
    state = client.get("/api/pairs/000-004").json()
    assert [b["review"] for b in state["beads"]] == ["accepted", "", "", ""]
    assert state["stale"] == [f"{project / 'sources' / 'review' / '000-004.tsv'}:2: stale reject of 1↔1 not applied: "
                              "the source text has changed"]
