"""The review page in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

A copy of the bundled corpus is built, reviewed by keyboard (and one click-pairing), the page reloaded,
the decisions file read back, the copy rebuilt and its TMX checked. Skipped, saying why, where Chromium
or Playwright is missing (``.ci/run`` installs Chromium, so CI runs it).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, TEST_GLOSSARY
from lxml import etree

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright not installed (pip install termkit[test])")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from termkit.build import run_build

    proj = tmp_path_factory.mktemp("proj")
    shutil.copytree(ROOT / "sources", proj / "sources", ignore=shutil.ignore_patterns("review"))
    shutil.copytree(TEST_GLOSSARY, proj / "glossary")
    run_build(proj)
    return proj


@contextlib.contextmanager
def serving(project: Path) -> Iterator[str]:
    """The review app on a free loopback port, served by uvicorn in a thread, as `termkit review` serves it."""
    import uvicorn

    from termkit.cli.review import bind_socket
    from termkit.review.app import create_app
    from termkit.review.workspace import Workspace

    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_app(Workspace(project, project / "aligned", reviewer="browser"), "127.0.0.1", port)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(project):
    with serving(project) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (Debian's, so Playwright downloads nothing)."""
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def test_hostile_corpus_text_stays_text_in_the_browser(tmp_path, browser):
    from review_project import BRACES, EN, IMG, SCRIPT, ZH, make_project

    with serving(make_project(tmp_path)) as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + "#000-004")
        _ready(page)
        assert page.text_content('#beads tr[data-tuid="000-004-2"] td:nth-child(2)').strip() == ZH[1]
        assert page.text_content('#beads tr[data-tuid="000-004-2"] td:nth-child(3)').strip() == EN[1]
        assert BRACES in page.text_content("#beads") and SCRIPT in page.text_content("#beads")
        assert IMG in page.get_attribute("#pairs a", "title")
        assert page.locator("img").count() == 0 and page.locator("#beads script").count() == 0
        page.close()
    assert dialogs == []


def _ready(page) -> None:
    page.wait_for_selector("body[data-ready=yes]", timeout=10_000)


def _key(page, key: str) -> None:
    page.keyboard.press(key)
    _ready(page)


def _current(page) -> dict:
    return page.eval_on_selector("#beads tr.current", "r => ({tuid: r.dataset.tuid, cls: r.className})")


def test_review_by_keyboard_survives_reload_and_reaches_the_tmx(project, server, browser):
    from termkit.build import run_build
    from termkit.review.decisions import read_decisions

    decisions = project / "sources" / "review" / "000-004.tsv"
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "#000-004")
    _ready(page)
    rows = page.locator("#beads tbody tr")
    total = rows.count()
    assert total > 3 and page.text_content("#progress") == f"reviewed 0 / {total}"

    page.keyboard.press("n")  # the first unreviewed low-confidence or non-1:1 bead
    first = _current(page)
    assert "band-high" not in first["cls"] or "1:1" not in page.text_content("#beads tr.current .meta")
    _key(page, "a")
    page.keyboard.press("n")
    second = _current(page)
    assert second["tuid"] != first["tuid"]
    _key(page, "r")
    page.keyboard.press("j")
    page.keyboard.press("k")
    merged_from = _current(page)["tuid"]
    _key(page, "m")
    assert rows.count() == total - 1
    _key(page, "u")  # undo the merge
    assert rows.count() == total and _current(page)["tuid"] == merged_from

    page.click("#unpaired-src li >> nth=0")  # pair two unpaired sentences by clicking
    page.click("#unpaired-tgt li >> nth=0")
    _ready(page)
    assert rows.count() == total + 1

    page.reload()
    _ready(page)
    assert page.text_content("#progress") == f"reviewed 3 / {total + 1}"
    assert "review-accepted" in page.get_attribute(f'#beads tr[data-tuid="{first["tuid"]}"]', "class")
    assert "review-rejected" in page.get_attribute(f'#beads tr[data-tuid="{second["tuid"]}"]', "class")
    page.close()
    assert errors == []

    got = read_decisions(decisions)
    assert [d.verdict for d in got] == ["accept", "reject", "pair"] and {d.reviewer for d in got} == {"browser"}
    accepted, rejected, paired = got

    run_build(project)
    tmx = etree.parse(str(project / "aligned" / "000-004.tmx"))

    def units(d) -> list[etree._Element]:
        ids = ",".join(map(str, d.src_ids)), ",".join(map(str, d.tgt_ids))
        return tmx.xpath(f'//tu[prop[@type="x-termkit-source-segments"]="{ids[0]}"]'
                         f'[prop[@type="x-termkit-target-segments"]="{ids[1]}"]')

    for d in (accepted, paired):
        (tu,) = units(d)
        assert tu.xpath('prop[@type="x-termkit-review"]/text()') == ["accepted"]
        assert tu.xpath("tuv/seg/text()") == [d.src_text, d.tgt_text]
    assert units(rejected) == []
    assert len(tmx.xpath('//tu[prop[@type="x-termkit-review"]]')) == 2
