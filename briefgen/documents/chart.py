"""A deterministic, hand-written SVG bar chart (no plotting library, no timestamps)."""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 20
MARGIN_RIGHT = 20
MARGIN_TOP = 34
MARGIN_BOTTOM = 34


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(points: list[tuple[str, float | None, str]], title: str) -> str:
    """An SVG bar chart of (label, value, value text) points, one slot per point; a point without
    a value (a year the sources do not give) keeps its slot on the axis, marked "no data"."""
    if not points:
        raise ValueError("a chart needs at least one point")
    top = max((value for _, value, _ in points if value is not None), default=0.0) or 1.0
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / len(points)
    bar_w = min(slot * 0.6, 70)
    base_y = MARGIN_TOP + plot_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        'font-family="DejaVu Sans, Liberation Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<text x="{MARGIN_LEFT}" y="18" font-size="13" font-weight="bold" fill="#1f2d3d">{escape(title)}</text>',
        f'<line x1="{MARGIN_LEFT}" y1="{_num(base_y)}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y2="{_num(base_y)}" stroke="#55606e" stroke-width="1"/>',
    ]
    for index, (label, value, text) in enumerate(points):
        if value is None:
            centre = MARGIN_LEFT + slot * index + slot / 2
            out.append(
                f'<text x="{_num(centre)}" y="{_num(base_y - 6)}" font-size="10" text-anchor="middle" '
                f'fill="#8a939e">no data</text>'
            )
            out.append(
                f'<text x="{_num(centre)}" y="{_num(base_y + 16)}" font-size="11" text-anchor="middle" '
                f'fill="#8a939e">{escape(label)}</text>'
            )
            continue
        height = plot_h * 0.85 * max(value, 0.0) / top
        x = MARGIN_LEFT + slot * index + (slot - bar_w) / 2
        y = base_y - height
        centre = x + bar_w / 2
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(height)}" fill="#2f5d8a"/>'
        )
        out.append(
            f'<text x="{_num(centre)}" y="{_num(y - 5)}" font-size="11" text-anchor="middle" '
            f'fill="#1f2d3d">{escape(text)}</text>'
        )
        out.append(
            f'<text x="{_num(centre)}" y="{_num(base_y + 16)}" font-size="11" text-anchor="middle" '
            f'fill="#1f2d3d">{escape(label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
