"""A full build (ingest, extract, Markdown, HTML, PDF) never opens a network connection.

The article is an HTML page pointing at a local listener and at local files, and its text
carries URLs and markup; a socket guard fails any connection attempt and the listener records
any contact that gets through anyway.
"""

from __future__ import annotations

import inspect
import io
import shutil
import socket
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.app.build import build_documents
from briefgen.config import load_config

REPO = Path(__file__).resolve().parents[1]


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it receives."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.contacts: list[tuple[str, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, address = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.contacts.append(address)
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.server.close()


def _page(port: int) -> str:
    base = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Kazakhstan and Romania expand trade | Example Herald</title>
<meta name="date" content="2026-05-20">
<link rel="stylesheet" href="{base}/style.css"><link rel="attachment" href="file:///etc/passwd">
<link rel="preload" href="{base}/font.woff2"><link rel="icon" href="{base}/favicon.ico">
<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}</style>
<script src="{base}/app.js"></script>
</head><body>
<iframe src="{base}/frame"></iframe>
<article>
<h1>Kazakhstan and Romania expand trade</h1>
<p>BUCHAREST – Trade turnover between Kazakhstan and Romania reached $3.3 billion in 2025, the ministry said,
citing figures at {base}/stats and &lt;img src="{base}/inline.png"&gt; and ![chart]({base}/chart.png)
and [report](file:///etc/passwd) and &lt;iframe src="{base}/x"&gt;.</p>
<p><img src="{base}/photo.jpg" srcset="{base}/photo-2x.jpg 2x"><video src="{base}/v.mp4"></video>
<a href="{base}/more">More</a> about energy and transport cooperation.</p>
</article></body></html>
"""


def _resource_urls(page: str) -> list[str]:
    """Every URL an element of ``page`` refers to (links, images, frames, styles, scripts)."""
    found: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs if name in ("src", "href", "srcset", "data", "poster"))

    Collect().feed(page)
    return found


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch):
    """A listener to point resources at, and a guard that fails any outgoing connection."""
    listener = Listener()
    # The listener really hears a connection (so an empty record below means something).
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    for _ in range(50):
        if listener.contacts:
            break
        threading.Event().wait(0.02)
    assert len(listener.contacts) == 1
    listener.contacts.clear()
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise ConnectionRefusedError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # ... and the guard really stops one.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", listener.port))
    assert len(attempts) == 1
    attempts.clear()
    yield listener, attempts
    listener.close()


def test_full_build_with_hostile_resources_makes_no_connection(tmp_path: Path, guarded) -> None:
    listener, attempts = guarded
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "facts").mkdir()
    (root / "articles").mkdir()
    (root / "articles" / "herald.html").write_text(_page(listener.port), encoding="utf-8")
    # In this process, so the socket guard covers the PDF step too (the listener would still
    # hear a worker process that tried to connect).
    options = {"jobs": 1} if "jobs" in inspect.signature(build_documents).parameters else {}
    report = build_documents(load_config(root), formats=["md", "html", "pdf"], **options)
    assert report.problems == [], [str(p) for p in report.problems]
    outputs = sorted(p.name for p in report.written)
    assert {"country-brief.md", "country-brief.html", "country-brief.pdf", "fact-box.pdf"} <= set(outputs)
    assert attempts == [] and listener.contacts == []
    port = str(listener.port)
    brief_html = (root / "build" / "romania" / "country-brief.html").read_text(encoding="utf-8")
    # The quote keeps the URLs as text; nothing in the page points anywhere.
    assert f"127.0.0.1:{port}/stats" in brief_html
    assert "$3.3 billion" in brief_html
    for name in ("country-brief.html", "fact-box.html"):
        page = (root / "build" / "romania" / name).read_text(encoding="utf-8")
        assert {url for url in _resource_urls(page) if not url.startswith("#")} <= {"country-brief-turnover.svg"}
    pdf = PdfReader(io.BytesIO((root / "build" / "romania" / "country-brief.pdf").read_bytes()))
    for page in pdf.pages:
        for annotation in page.get("/Annots") or ():
            assert "/URI" not in (annotation.get_object().get("/A") or {})
