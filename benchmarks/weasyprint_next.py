"""Where stock WeasyPrint puts each footnote of the Romania country brief: per page, the calls laid
out and the notes in the footnote area, and every note that is not on its call's page.

    .venv/bin/python benchmarks/weasyprint_next.py                      # the pinned WeasyPrint
    .venv-weasyprint-next/bin/python benchmarks/weasyprint_next.py      # after `make test-weasyprint-next`

One layout of the HTML briefgen's PDF step starts from (notes inline at their calls), without
briefgen's checks and retries and without its footnote-area shortcut; then briefgen's own PDF
step, with how many layouts it needed to place every note on its call's page.
"""

from __future__ import annotations

import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    import weasyprint

    from briefgen.config import load_config
    from briefgen.documents.render import render_document
    from briefgen.factbase.load import load_factbase
    from briefgen.publish.html import markdown_to_html, page_css
    from briefgen.publish.outputs import check_pages, floated_calls, inspect_layout, render_pdf

    config = load_config(REPO)
    doc = render_document("country-brief", load_factbase(config), "Romania", config)
    templates = Path(config.templates)
    css = (templates / "print.css").read_text(encoding="utf-8")
    html = markdown_to_html(doc, inline_notes=True, css=css, extra_css=page_css(doc))
    document = weasyprint.HTML(string=html, base_url=templates.resolve().as_uri() + "/").render()
    pages = inspect_layout(document)
    floated = floated_calls(document)
    placed = [call for page in pages for call, _ in page.notes]
    print(f"WeasyPrint {weasyprint.__version__}: {len(pages)} pages, {len(floated)} notes floated, "
          f"{len(placed)} placed, lost: {sorted(set(floated) - set(placed)) or 'none'}")
    for number, page in enumerate(pages, 1):
        print(f"  page {number}: calls {list(page.call_ids)}; notes {[call for call, _ in page.notes]}")
    problems = check_pages(pages)[0]
    print("  away from their call:", "; ".join(problems) or "none")
    layouts: list = []
    start = time.perf_counter()
    _, placement = render_pdf(doc, templates, after_layout=layouts.append)
    print(f"briefgen's PDF step: notes placed by '{placement}' after {len(layouts)} layout(s), "
          f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
