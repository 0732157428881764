"""`briefgen review`: every action of the page through Starlette's test client, and its security."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient  # noqa: E402

from briefgen.app.build import build_documents  # noqa: E402
from briefgen.app.review.web import Settings, create_app  # noqa: E402
from briefgen.config import load_config  # noqa: E402
from briefgen.factbase.load import load_factbase  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
VISIT = "2023-02-20-szijjarto-tashkent-trade-up-new"
UPDATE = "2023-10-05-hungarianuzbek-trade-keeps-growing"
STUDENTS = f"{VISIT}#f-238fa279"  # "About 1,200 Uzbek students", in no other article
TURNOVER = f"{VISIT}#f-269feb15"  # $405.5 million in 2022; the October article says $410 million
HAND_FILE = """\
# Uzbekistan: kept by the Central Asia desk. Do not reorder.
corrections:
  # The October article rounds the 2022 total; checked with the customs office.
  - id: 2023-10-05-hungarianuzbek-trade-keeps-growing#f-b95dadf6
    value: 370000000   # exports, USD
    reason: Same as the February figure.

rejections: []
"""


def write_config(root: Path) -> None:
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    config = config.replace("templates: ../../../templates", f"templates: {TEMPLATES}")
    (root / "briefgen.yaml").write_text(config.replace("formats: [md, html, pdf]", "formats: [md, html]"), encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the document fixture, articles included (the page shows them)."""
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    shutil.copytree(FIXTURE / "articles", root / "articles")
    write_config(root)
    return root


def client_for(root: Path, partner: str = "Uzbekistan", *, prepare: bool = False) -> tuple[TestClient, Settings]:
    """A logged-in test client (the token traded for its cookie) and the run's settings."""
    settings = Settings(load_config(root), partner, 8765, prepare=prepare)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8765", follow_redirects=False)
    first = client.get(f"/?token={settings.token}")
    assert first.status_code == 303 and first.headers["location"] == "/"
    return client, settings


def extracted_digest(root: Path) -> str:
    files = sorted((root / "facts" / "extracted").iterdir())
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()


def post(client: TestClient, settings: Settings, action: str, **fields: str):
    return client.post(f"/fact/{action}", data={"csrf": settings.csrf, **fields})


# -- security ----------------------------------------------------------------------------


def test_a_request_without_the_token_is_refused(workspace: Path) -> None:
    settings = Settings(load_config(workspace), "Uzbekistan", 8765)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8765", follow_redirects=False)
    for path in ("/", "/facts", f"/fact?id={VISIT}%23f-269feb15", "/static/review.css", "/?token=wrong"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "briefgen review" in response.text
    assert client.post("/fact/reject", data={"csrf": settings.csrf, "id": STUDENTS, "reason": "x"}).status_code == 403
    # With the token the URL is traded for an HttpOnly, SameSite=Strict cookie and dropped from the address.
    response = client.get(f"/facts?kind=figure&token={settings.token}")
    assert response.status_code == 303 and response.headers["location"] == "/facts?kind=figure"
    cookie = response.headers["set-cookie"]
    assert settings.token in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/facts?kind=figure")
    assert page.status_code == 200 and "Every fact of Uzbekistan" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "same-origin"


def test_a_foreign_host_header_is_refused(workspace: Path) -> None:
    client, settings = client_for(workspace)
    # DNS rebinding: evil.example resolving to 127.0.0.1 sends its own name as Host.
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 421
    assert client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 421
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_a_cross_site_form_post_is_refused(workspace: Path) -> None:
    client, settings = client_for(workspace)
    curated = workspace / "facts" / "curated" / "uzbekistan.yaml"
    no_token = client.post("/fact/reject", data={"id": STUDENTS, "reason": "forged"})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    wrong = client.post("/fact/reject", data={"csrf": "guess", "id": STUDENTS, "reason": "forged"})
    assert wrong.status_code == 403
    foreign = client.post("/fact/reject", data={"csrf": settings.csrf, "id": STUDENTS, "reason": "forged"},
                          headers={"origin": "http://evil.example"})
    assert foreign.status_code == 403 and "another site" in foreign.text
    fetched = client.post("/fact/reject", data={"csrf": settings.csrf, "id": STUDENTS, "reason": "forged"},
                          headers={"sec-fetch-site": "cross-site"})
    assert fetched.status_code == 403
    assert client.post("/rebuild", data={}).status_code == 403
    assert not curated.exists()


def test_only_build_files_and_the_page_assets_are_served(workspace: Path) -> None:
    client, _ = client_for(workspace)
    build_documents(load_config(workspace), prepare=False)
    brief = client.get("/build/uzbekistan/country-brief.html")
    assert brief.status_code == 200 and "Uzbekistan" in brief.text
    assert client.get("/static/review.js").status_code == 200
    for path in ("/build/../briefgen.yaml", "/build/%2e%2e/briefgen.yaml", "/build/.lock",
                 "/build/uzbekistan/.snapshots/country-brief.json", "/build//etc/passwd",
                 "/static/../web.py", "/static/%2e%2e/web.py"):
        assert client.get(path).status_code == 404, path


# -- pages -------------------------------------------------------------------------------


def test_the_queue_puts_conflicts_first_and_links_each_fact(workspace: Path) -> None:
    client, _ = client_for(workspace)
    page = client.get("/").text
    assert page.index("Conflicting figures") < page.index("Stale key figure")
    assert "$405.5 million" in page and "$410 million" in page
    assert f'href="/fact?id={VISIT}%23f-269feb15"' in page


def test_the_fact_list_filters_by_kind_metric_period_and_source(workspace: Path) -> None:
    client, _ = client_for(workspace)
    everything = client.get("/facts").text
    assert "Bakhtiyor Saidov" in everything and "students" in everything
    figures = client.get("/facts", params={"kind": "figure", "metric": "trade_turnover", "period": "2022"}).text
    rows = re.findall(r'<tr class="status-[a-z]+">', figures)
    assert len(rows) == 2 and "Bakhtiyor Saidov" not in figures
    one_source = client.get("/facts", params={"kind": "figure", "metric": "trade_turnover", "period": "2022",
                                              "source": UPDATE}).text
    assert "$410 million" in one_source and "$405.5 million" not in one_source


def test_the_fact_page_highlights_the_quote_in_the_article(workspace: Path) -> None:
    client, _ = client_for(workspace)
    page = client.get("/fact", params={"id": STUDENTS}).text
    assert '<mark id="quote">About 1,200 Uzbek students study at Hungarian universities' in page
    assert "TASHKENT, 20 February 2023." in page  # the article around the quote
    for action in ("confirm", "reject", "correct", "add"):
        assert f'action="/fact/{action}"' in page
    assert client.get("/fact", params={"id": "nope#f1"}).status_code == 404


# -- actions -----------------------------------------------------------------------------


def test_reject_writes_the_curated_file_and_never_extracted_facts(workspace: Path) -> None:
    client, settings = client_for(workspace)
    before = extracted_digest(workspace)
    missing_reason = post(client, settings, "reject", id=STUDENTS, reason="  ")
    assert missing_reason.status_code == 400 and "say why" in missing_reason.text
    assert not (workspace / "facts" / "curated" / "uzbekistan.yaml").exists()
    done = post(client, settings, "reject", id=STUDENTS, reason="Scholarship holders only, not all students.")
    assert done.status_code == 303
    assert client.get(done.headers["location"]).text.count("Rejected: written to the curated file") == 1
    text = (workspace / "facts" / "curated" / "uzbekistan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Curated facts for Uzbekistan")
    assert f"rejections:\n  - id: {STUDENTS}\n    reason: Scholarship holders only, not all students.\n" in text
    fb = load_factbase(load_config(workspace))
    assert fb.problems == () and fb.records[STUDENTS].status == "rejected"
    assert extracted_digest(workspace) == before


def test_a_correction_keeps_the_hand_written_comments(workspace: Path) -> None:
    curated = workspace / "facts" / "curated" / "uzbekistan.yaml"
    curated.parent.mkdir(parents=True)
    curated.write_text(HAND_FILE, encoding="utf-8")
    client, settings = client_for(workspace)
    form = {"value": "405,000,000", "unit": "USD", "metric": "trade_turnover", "period": "2022", "approx": "about",
            "scope": "", "base": "", "reason": "Customs release of 2023-03-01."}
    assert post(client, settings, "correct", id=TURNOVER, **form).status_code == 303
    text = curated.read_text(encoding="utf-8")
    # Every comment, blank line and entry of the person's file is where they left it.
    assert text.startswith(HAND_FILE.split("\nrejections")[0])
    assert "    value: 370000000   # exports, USD\n" in text
    assert "# The October article rounds the 2022 total; checked with the customs office.\n" in text
    assert (f"  - id: {TURNOVER}\n    value: 405000000\n    approx: about\n"
            "    reason: Customs release of 2023-03-01.\n\nrejections: []\n") in text
    fb = load_factbase(load_config(workspace))
    assert fb.problems == ()
    record = fb.records[TURNOVER]
    assert record.status == "corrected" and record.fact.value == 405e6 and record.fact.approx == "about"
    # Correcting again updates the same entry instead of adding a second one.
    form["value"] = "405500000"
    form["reason"] = "Back to the article's figure."
    assert post(client, settings, "correct", id=TURNOVER, **form).status_code == 303
    text = curated.read_text(encoding="utf-8")
    assert text.count(f"id: {TURNOVER}") == 1 and "value: 405500000" in text


def test_a_correction_that_does_not_validate_writes_nothing(workspace: Path) -> None:
    curated = workspace / "facts" / "curated" / "uzbekistan.yaml"
    curated.parent.mkdir(parents=True)
    curated.write_text(HAND_FILE, encoding="utf-8")
    client, settings = client_for(workspace)
    bad = post(client, settings, "correct", id=TURNOVER, value="2.9 bn", unit="USD", metric="trade_turnover",
               period="2022", approx="", scope="", base="", reason="typo")
    assert bad.status_code == 400 and "value: expected a number, got &#34;2.9 bn&#34;" in bad.text
    period = post(client, settings, "correct", id=TURNOVER, value="405500000", unit="USD", metric="trade_turnover",
                  period="2022-13", approx="", scope="", base="", reason="typo")
    assert period.status_code == 400 and "period" in period.text
    unchanged = post(client, settings, "correct", id=TURNOVER, value="405500000", unit="USD",
                     metric="trade_turnover", period="2022", approx="", scope="", base="", reason="nothing")
    assert unchanged.status_code == 400 and "changes nothing" in unchanged.text
    assert curated.read_text(encoding="utf-8") == HAND_FILE


def test_confirm_records_the_check_and_shows_the_fact_as_confirmed(workspace: Path) -> None:
    client, settings = client_for(workspace)
    assert post(client, settings, "confirm", id=STUDENTS, reason="Checked with the embassy.").status_code == 303
    text = (workspace / "facts" / "curated" / "uzbekistan.yaml").read_text(encoding="utf-8")
    assert f"confirmations:\n  - id: {STUDENTS}\n    reason: Checked with the embassy.\n" in text
    fb = load_factbase(load_config(workspace))
    assert fb.problems == () and fb.curation_problems == ()
    assert fb.records[STUDENTS].confirmed == "Checked with the embassy."
    assert post(client, settings, "reject", id=TURNOVER, reason="Superseded by customs data.").status_code == 303
    refused = post(client, settings, "confirm", id=TURNOVER, reason="")
    assert refused.status_code == 400 and "this fact is rejected (Superseded by customs data.)" in refused.text
    listed = client.get("/facts", params={"status": "confirmed"}).text
    rows = re.findall(r'<tr class="status-([a-z]+)">', listed)
    assert rows == ["confirmed"] and "students" in listed


def test_prefer_settles_a_conflict_and_empties_its_queue_entry(workspace: Path) -> None:
    client, settings = client_for(workspace)
    assert "Conflicting figures" in client.get("/").text
    page = client.get("/fact", params={"id": f"{UPDATE}#f-6f25354f"}).text
    assert "Other values under the same key" in page and "$405.5 million" in page
    assert post(client, settings, "prefer", id=f"{UPDATE}#f-6f25354f", reason="Later, full-year figure.").status_code == 303
    text = (workspace / "facts" / "curated" / "uzbekistan.yaml").read_text(encoding="utf-8")
    assert f"  - prefer: {UPDATE}#f-6f25354f\n    over: [{TURNOVER}]\n    reason: Later, full-year figure.\n" in text
    assert "Conflicting figures" not in client.get("/").text
    views = load_factbase(load_config(workspace)).all_figures()
    assert {v.id: v.status for v in views}[TURNOVER] == "superseded"


def test_add_a_missed_figure_from_a_quote_in_the_article(workspace: Path) -> None:
    client, settings = client_for(workspace)
    quote = "Uzbekistan is Hungary's 48th largest trading partner in the world."
    wrong = post(client, settings, "add", id=STUDENTS, source=VISIT, quote="Not in the article.", metric="trade_partner_rank",
                 value="48", unit="rank", period="", approx="", scope="world")
    assert wrong.status_code == 400 and "not found verbatim" in wrong.text
    done = post(client, settings, "add", id=STUDENTS, source=VISIT, quote=f"  {quote}\n", metric="trade_partner_rank",
                value="47", unit="rank", period="2022", approx="", scope="world", note="Missed by the extractor.")
    assert done.status_code == 303
    new_id = "curated/uzbekistan#trade_partner_rank-2022"
    assert done.headers["location"] == "/fact?id=curated%2Fuzbekistan%23trade_partner_rank-2022&done=add"
    fb = load_factbase(load_config(workspace))
    assert fb.problems == ()
    record = fb.records[new_id]
    assert record.status == "added" and record.fact.value == 47 and record.citation.source == VISIT
    text = (workspace / "articles" / "2023-02-20-minister-visit.txt").read_text(encoding="utf-8")
    assert record.citation.quote == quote and record.fact.start >= 0
    assert quote in text
    page = client.get(done.headers["location"]).text
    assert "<mark id=\"quote\">Uzbekistan is Hungary&#39;s 48th largest" in page


def test_a_quote_containing_a_script_tag_is_shown_as_text(tmp_path: Path) -> None:
    from briefgen.extract.run import run_extract
    from briefgen.ingest.run import run_ingest

    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    write_config(root)
    article = root / "articles" / "2024-03-01-turkey.txt"
    article.write_text('Turkey trade update\n\nANKARA, 1 March 2024. Trade between Hungary and Turkey '
                       '<script>alert("x")</script> reached 4.5 billion US dollars in 2023, the ministry said.\n',
                       encoding="utf-8")
    config = load_config(root)
    assert not run_ingest(config).problems
    assert not run_extract(config, [article], write=True).problems
    fb = load_factbase(config)
    figure = next(r for r in fb.records.values() if r.fact.kind == "figure")
    assert "<script>" in figure.fact.quote
    client, _ = client_for(root, "Turkey")
    page = client.get("/fact", params={"id": figure.fact.id}).text
    assert '<mark id="quote">Trade between Hungary and Turkey &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; reached' in page
    assert "<script>alert" not in page
    assert page.count("<script") == 1  # the page's own script file, nothing else


def test_rejected_figure_is_gone_from_the_rebuilt_brief_and_listed_in_its_changes(workspace: Path) -> None:
    config = load_config(workspace)
    assert build_documents(config, prepare=False).problems == []
    brief = workspace / "build" / "uzbekistan" / "country-brief.md"
    assert "About 1,200" in brief.read_text(encoding="utf-8")
    client, settings = client_for(workspace)
    fact_page = client.get("/fact", params={"id": STUDENTS}).text
    assert 'href="/build/uzbekistan/country-brief.html">country-brief</a>' in fact_page
    assert post(client, settings, "reject", id=STUDENTS, reason="Only scholarship holders.").status_code == 303
    result = client.post("/rebuild", data={"csrf": settings.csrf})
    assert result.status_code == 200
    assert "documents rendered" in result.text and "0 problems" in result.text
    assert 'href="/build/uzbekistan/country-brief.html"' in result.text
    assert "Withdrawn:" in result.text and "is no longer in the fact base" in result.text
    text = brief.read_text(encoding="utf-8")
    # Only the "Changes since" line (and its note, quoting the article) still names the figure.
    naming = [line for line in text.splitlines() if "1,200" in line]
    assert len(naming) == 2, naming
    assert naming[0].startswith("- Withdrawn: Uzbek students in Hungary") and naming[1].startswith("[^")
    assert naming[0].endswith("is no longer in the fact base (rejected: Only scholarship holders.)")
    assert "Not used by any built document" in client.get("/fact", params={"id": STUDENTS}).text


def test_a_doubted_figure_leads_the_queue_until_it_is_confirmed(tmp_path: Path) -> None:
    """A figure the extractor marked `review: <reason>` comes first; confirming it writes the
    correction that clears the doubt, and the documents may use it again."""
    from briefgen.documents.selection import CheckedFacts, key_figures
    from briefgen.extract.run import run_extract
    from briefgen.ingest.run import run_ingest

    root = tmp_path / "ws"
    shutil.copytree(Path(__file__).parent / "fixtures" / "review", root)
    config = load_config(root)
    run_ingest(config)
    run_extract(config)
    doubted = {r.fact.value: r.fact for r in load_factbase(config).records.values() if r.fact.kind == "figure"}
    imports = doubted[160e6]
    assert "reporting period" in imports.review
    client, settings = client_for(root, "Malaysia")
    queue = client.get("/").text
    first = re.search(r'<span class="badge ([a-z-]+)">', queue)
    assert first and first.group(1) == "needs-review" and "reporting period" in queue
    page = client.get("/fact", params={"id": imports.id}).text
    assert "Extractor unsure:" in page
    assert post(client, settings, "confirm", id=imports.id, reason="The release covers January-June 2024.").status_code == 303
    text = (root / "facts" / "curated" / "malaysia.yaml").read_text(encoding="utf-8")
    assert f"corrections:\n  - id: {imports.id}\n    review: null\n    reason: The release covers January-June 2024.\n" in text
    assert "reporting period" not in client.get("/").text
    fb = load_factbase(config)
    assert fb.problems == () and fb.records[imports.id].status == "corrected"
    assert "imports" in [row.metric for row in key_figures(CheckedFacts(fb), "Malaysia", dt.date(2024, 9, 1))]
    listed = client.get("/facts", params={"status": "confirmed"}).text
    assert re.findall(r'<tr class="status-([a-z]+)">', listed) == ["confirmed"]


def test_review_command_refuses_an_unknown_partner(workspace: Path) -> None:
    from click.testing import CliRunner

    from briefgen.cli import cli

    result = CliRunner().invoke(cli, ["--root", str(workspace), "review", "Atlantis", "--no-browser"])
    assert result.exit_code == 2 and "unknown partner 'Atlantis'" in result.output


def test_an_action_waits_while_another_run_holds_the_workspace_lock(workspace: Path) -> None:
    import subprocess
    import sys
    import time

    client, settings = client_for(workspace)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom briefgen.storage.lock import workspace_lock\n"
         "with workspace_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(1.5)\n",
         str(workspace / "build")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        assert post(client, settings, "reject", id=STUDENTS, reason="After the build.").status_code == 303
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=10)
    assert waited >= 0.5, f"the edit did not wait for the lock ({waited:.2f} s)"
    assert "After the build." in (workspace / "facts" / "curated" / "uzbekistan.yaml").read_text(encoding="utf-8")


def test_an_articles_page_lists_its_facts_and_adds_a_figure(workspace: Path) -> None:
    client, settings = client_for(workspace)
    page = client.get("/source", params={"id": VISIT}).text
    assert "Szijjártó in Tashkent" in page and "About 1,200 Uzbek students study" in page
    assert f'href="/fact?id={VISIT}%23f-238fa279"' in page and 'name="source" value="' + VISIT in page
    quote = "Energy and transport corridors were also on the agenda."
    refused = post(client, settings, "add", source=VISIT, quote=quote, metric="trade_turnover", value="",
                   unit="USD", period="", approx="", scope="")
    assert refused.status_code == 400 and "value: missing" in refused.text and "Szijjártó in Tashkent" in refused.text
    unknown = post(client, settings, "add", source="nope", quote=quote, metric="trade_turnover", value="1",
                   unit="USD", period="", approx="", scope="")
    assert unknown.status_code == 404
    assert client.get("/source", params={"id": "nope"}).status_code == 404


def test_the_web_stack_is_imported_only_by_the_review_command() -> None:
    import subprocess
    import sys

    code = ("import sys, briefgen.cli, briefgen.app.build\n"
            "heavy = sorted(m for m in ('starlette', 'uvicorn', 'ruamel.yaml', 'multipart') if m in sys.modules)\n"
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_people_and_events_are_corrected_with_their_own_fields(workspace: Path) -> None:
    client, settings = client_for(workspace)
    person, event = f"{VISIT}#p-2732e207", f"{VISIT}#e-3d7ad6a9"
    page = client.get("/fact", params={"id": person}).text
    assert 'name="role" value="Foreign Minister"' in page and 'name="value"' not in page.split("/fact/correct")[1].split("</form>")[0]
    done = post(client, settings, "correct", id=person, name="Bakhtiyor Saidov", role="Minister of Foreign Affairs",
                organisation="Ministry of Foreign Affairs", country="Uzbekistan", date="2023-02-14",
                reason="Official title on the ministry's site.")
    assert done.status_code == 303
    assert post(client, settings, "correct", id=event, event="visit", title="Visit of the Foreign Minister to Tashkent",
                date="2023-02-13", place="Tashkent", ordinal="", reason="The ministry's calendar.").status_code == 303
    bad = post(client, settings, "correct", id=event, event="visit", title="Visit", date="2023-02-30",
               place="Tashkent", ordinal="first", reason="x")
    assert bad.status_code == 400
    fb = load_factbase(load_config(workspace))
    assert fb.problems == () and fb.curation_problems == ()
    assert fb.records[person].fact.role == "Minister of Foreign Affairs"
    assert str(fb.records[person].fact.date) == "2023-02-14"
    assert fb.records[event].fact.date == "2023-02-13" and fb.records[event].status == "corrected"
