"""`briefgen review` as a person uses it: the real command and server, and a real browser.

The browser test drives Debian's Chromium (/usr/bin/chromium, installed by .ci/run) with
Playwright; it is skipped, saying why, where either is missing. Playwright never downloads a
browser here: the test passes Chromium's path.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

CHROMIUM = Path(os.environ.get("BRIEFGEN_CHROMIUM", "/usr/bin/chromium"))
# The flags a machine without network access needs (no background connections, no sandbox as root).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    shutil.copytree(FIXTURE / "articles", root / "articles")
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    config = config.replace("templates: ../../../templates", f"templates: {TEMPLATES}")
    (root / "briefgen.yaml").write_text(config.replace("formats: [md, html, pdf]", "formats: [md, html]"), encoding="utf-8")
    return root


@pytest.fixture
def server(workspace: Path):
    """`briefgen review Uzbekistan --no-browser` running in its own process; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--root", str(workspace), "review", "Uzbekistan", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        assert match, f"no URL in {line!r}; stderr: {process.stderr.read() if process.poll() is not None else ''}"
        yield match.group(0), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_review_serves_on_loopback_with_a_token_and_stops_on_ctrl_c(server) -> None:
    url, process = server
    base = url.split("/?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/", timeout=10)
    assert refused.value.code == 403

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            return None

    with pytest.raises(urllib.error.HTTPError) as traded:
        urllib.request.build_opener(NoRedirect).open(url, timeout=10)
    assert traded.value.code == 303
    cookie = traded.value.headers["set-cookie"].split(";")[0]
    page = urllib.request.urlopen(urllib.request.Request(base + "/", headers={"Cookie": cookie}), timeout=10)
    assert "Needs a person" in page.read().decode("utf-8")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert "stopped" in process.stderr.read()


def _playwright():
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does) for the browser test")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is absent: `pip install -e '.[test]'` installs it")
    return sync_playwright


def test_in_a_browser_reject_a_figure_rebuild_and_see_it_gone(server, workspace: Path, tmp_path: Path) -> None:
    sync_playwright = _playwright()
    url, _ = server
    from briefgen.app.build import build_documents
    from briefgen.config import load_config

    # As `briefgen build` would: the page's rebuild then has nothing to ingest or extract.
    assert build_documents(load_config(workspace)).problems == []
    shots = Path(os.environ.get("BRIEFGEN_SCREENSHOTS", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    headless=True, timeout=30_000)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            assert page.locator("h1").inner_text().startswith("Needs a person")
            page.screenshot(path=str(shots / "review-queue.png"), full_page=True)
            page.goto(url.split("/?")[0] + "/facts?metric=students")
            page.get_by_role("link", name="students undated: about 1,200").click()
            assert page.locator("mark#quote").inner_text().startswith("About 1,200 Uzbek students")
            page.screenshot(path=str(shots / "review-fact.png"), full_page=True)
            # Selecting a sentence in the article fills the quote of the add-a-figure form.
            missed = "Uzbekistan is Hungary's 48th largest trading partner in the world."
            page.evaluate("""(sentence) => {
                const text = document.getElementById("article").firstChild;
                const at = text.textContent.indexOf(sentence);
                const range = document.createRange();
                range.setStart(text, at);
                range.setEnd(text, at + sentence.length);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);
                document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
            }""", missed)
            assert page.locator("#add-quote").input_value() == missed
            page.locator('form[action="/fact/reject"] input[name="reason"]').fill("Scholarship holders only.")
            page.locator('form[action="/fact/reject"] button').click()
            assert "Rejected" in page.locator("p.done").inner_text()
            page.get_by_role("button", name="Rebuild documents").click()
            assert "0 problems" in page.locator("ul.summary").inner_text()
            changes = "\n".join(page.locator("section.changes").all_inner_texts())
            assert "Withdrawn: Uzbek students in Hungary" in changes
            page.get_by_role("link", name="uzbekistan/country-brief.html").click()
            body = page.locator("body").inner_text()
            key_figures = body.split("Changes since")[0]
            assert "Uzbek students" not in key_figures and "Withdrawn" in body
        finally:
            browser.close()
    curated = (workspace / "facts" / "curated" / "uzbekistan.yaml").read_text(encoding="utf-8")
    assert "rejections:\n  - id: " in curated and "Scholarship holders only." in curated
