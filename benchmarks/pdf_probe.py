"""Time briefgen's PDF step against a bare WeasyPrint render of briefgen's own HTML, in one process.

    .venv/bin/python benchmarks/pdf_probe.py WORKSPACE PARTNER OUT_DIR [--repeats 3]

Run by benchmarks/run.py in a subprocess on a workspace whose facts are extracted.
Prints one JSON object: seconds for import, briefgen's PDF step (render + verify + write)
and the bare renders, each the median of the repeats after one warm-up.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _median_time(func, repeats: int) -> float:  # noqa: ANN001
    func()  # warm-up: fonts, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Command line: print the timings as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("partner")
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result: dict[str, float | str | None] = {}
    start = time.perf_counter()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    result["import_weasyprint"] = time.perf_counter() - start
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from briefgen.config import load_config
    from briefgen.documents.render import render_document
    from briefgen.factbase.load import load_factbase
    from briefgen.publish.outputs import publish

    config = load_config(args.root)
    doc = render_document("country-brief", load_factbase(config), args.partner, config)
    templates = Path(config.templates)
    args.out.mkdir(parents=True, exist_ok=True)
    result["briefgen_pdf_step"] = _median_time(
        lambda: publish(doc, args.out, ("pdf",), templates=templates), args.repeats
    )
    layouts: list[object] = []
    publish(doc, args.out, ("pdf",), templates=templates, after_layout=layouts.append)
    result["layouts_per_pdf"] = len(layouts)
    result["pages"] = len(layouts[-1].pages) if layouts else None
    result["repeats"] = args.repeats
    # briefgen's own Markdown and HTML of the same document, for the bare and pandoc renders.
    publish(doc, args.out, ("md", "html"), templates=templates)
    html_file = args.out / f"{doc.name}.html"
    result["html_file"] = str(html_file)

    def bare_file() -> None:
        weasyprint.HTML(filename=str(html_file)).write_pdf(args.out / "bare.pdf", font_config=FontConfiguration())

    result["bare_weasyprint_html_file"] = _median_time(bare_file, args.repeats) if html_file.is_file() else None
    # The HTML of the PDF step's first layout (notes at their calls, nearby repeats bare and
    # held on their note's page), rendered once without verification.
    try:
        from briefgen.publish.html import markdown_to_html, page_css

        css = (templates / "print.css").read_text(encoding="utf-8")
        # Chart images as data: URLs, as the PDF step embeds them.
        urls = {name: "data:image/svg+xml;base64," + base64.b64encode(content.encode("utf-8")).decode("ascii")
                for name, content in doc.assets}  # fmt: skip
        html_text = markdown_to_html(doc, inline_notes=True, css=css, extra_css=page_css(doc), asset_urls=urls)
        assets = (templates / "assets").resolve().as_uri() + "/"

        def bare_pdf_html() -> None:
            page = weasyprint.HTML(string=html_text, base_url=assets)
            page.write_pdf(args.out / "bare-inline.pdf", font_config=FontConfiguration())

        result["bare_weasyprint_pdf_html"] = _median_time(bare_pdf_html, args.repeats)
        try:  # the same render with the footnote-area shortcut the PDF step uses
            from briefgen.publish.weasyprint_internals import linear_footnote_area

            def bare_pdf_html_linear() -> None:
                with linear_footnote_area():
                    bare_pdf_html()

            result["bare_weasyprint_pdf_html_linear"] = _median_time(bare_pdf_html_linear, args.repeats)
        except ImportError:
            result["bare_weasyprint_pdf_html_linear"] = None
    except (ImportError, TypeError) as exc:
        result["bare_weasyprint_pdf_html"] = None
        result["note"] = f"inline-notes HTML not available: {exc}"
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
