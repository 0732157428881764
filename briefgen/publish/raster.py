"""A PNG rendition of briefgen's own SVG charts, for Word.

pandoc embeds an SVG in a .docx only as Office 2016's SVG extension, and leaves the picture
Word 2013 and other readers show empty unless ``rsvg-convert`` is installed to make a PNG
fallback. The charts come from briefgen.documents.chart and use only ``rect``, ``line`` and
``text``, so they are drawn here with Pillow (already installed with WeasyPrint) instead of
adding an SVG renderer. Anything else in an SVG is refused rather than silently left out.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET  # noqa: N817 - our own SVG, not untrusted input
from functools import cache
from pathlib import Path

from briefgen.errors import PublishError

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 3  # pixels per SVG unit: sharp when printed at the chart's width
# Fonts named by the charts (font-family="DejaVu Sans, Liberation Sans, sans-serif").
_FONT_FILES = {
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@cache
def _font(size: float, bold: bool):  # noqa: ANN202 - PIL.ImageFont.FreeTypeFont
    from PIL import ImageFont

    pixels = max(1, round(size * SCALE))
    for path in _FONT_FILES[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, pixels)
    return ImageFont.load_default(pixels)


def _number(element: ET.Element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise PublishError(f"chart: {element.tag.removeprefix(SVG)} {name}={value!r} is not a number") from None


def _colour(value: str | None) -> str | None:
    return None if value in (None, "none") else value


def svg_to_png(svg_text: str, *, name: str = "chart") -> bytes:
    """PNG bytes of a chart SVG drawn with rect, line and text elements (``name`` for errors)."""
    from PIL import Image, ImageDraw

    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as exc:
        raise PublishError(f"{name}: not a readable SVG ({exc})") from None
    width, height = _number(root, "width"), _number(root, "height")
    if root.tag != f"{SVG}svg" or width <= 0 or height <= 0:
        raise PublishError(f"{name}: expected an <svg> with a width and a height")
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    for element in root:
        tag = element.tag.removeprefix(SVG)
        if tag == "title":
            continue
        if tag == "rect":
            x, y = _number(element, "x"), _number(element, "y")
            w, h = _number(element, "width"), _number(element, "height")
            if w > 0 and h > 0:
                draw.rectangle([x * SCALE, y * SCALE, (x + w) * SCALE - 1, (y + h) * SCALE - 1],
                               fill=_colour(element.get("fill", "black")))
        elif tag == "line":
            points = [_number(element, a) * SCALE for a in ("x1", "y1", "x2", "y2")]
            stroke = _colour(element.get("stroke"))
            if stroke:
                draw.line(points, fill=stroke, width=max(1, round(_number(element, "stroke-width", 1) * SCALE)))
        elif tag == "text":
            font = _font(_number(element, "font-size", 16), element.get("font-weight") == "bold")
            anchor = _ANCHORS.get(element.get("text-anchor", "start"), "ls")
            draw.text((_number(element, "x") * SCALE, _number(element, "y") * SCALE), "".join(element.itertext()),
                      fill=_colour(element.get("fill", "black")) or "black", font=font, anchor=anchor)
        else:
            raise PublishError(f"{name}: cannot draw SVG <{tag}> for Word (only rect, line and text)")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(96 * SCALE, 96 * SCALE), optimize=False)
    return out.getvalue()
