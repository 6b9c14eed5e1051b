"""Charts drawn on the server as SVG: no script, no CDN, readable in print (patterns and
labels, not colour alone). Each chart is an image whose table follows it on the page."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..report import SMALL, Figure, shown

ROW = 22
LABEL_W = 190
BAR_W = 420
FILLS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#595959")


def _bar_width(n: int, top: int) -> float:
    # A count of 1 to 4 is drawn as 5 (and labelled "fewer than 5"): the picture keeps the secret too.
    shown_n = SMALL if 0 < n < SMALL else max(0, n)
    return 0.0 if top <= 0 else BAR_W * shown_n / top


def bars(fig: Figure, chart_id: str) -> Markup:
    rows = fig.rows
    top = max([SMALL if 0 < n < SMALL else n for _, ns in rows for n in ns] + [1])
    per = len(fig.series)
    height = max(1, len(rows)) * (ROW * per + 8) + (ROW if per > 1 else 0)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {LABEL_W + BAR_W + 130} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(fig.title)}</title>'
    ]
    y = 0
    if per > 1:
        for i, name in enumerate(fig.series):
            parts.append(
                f'<rect x="{LABEL_W + i * 110}" y="4" width="12" height="12" fill="{FILLS[i % len(FILLS)]}"/>'
                f'<text x="{LABEL_W + i * 110 + 16}" y="15">{escape(name)}</text>'
            )
        y = ROW
    if not rows:
        parts.append(f'<text x="0" y="{y + 15}">none</text>')
    for label, ns in rows:
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end">{escape(label[:28])}</text>')
        for i, n in enumerate(ns):
            w = _bar_width(n, top)
            fill = FILLS[i % len(FILLS)]
            dash = ' stroke="#000" stroke-dasharray="3 2" fill-opacity="0.35"' if 0 < n < SMALL else ""
            parts.append(
                f'<rect x="{LABEL_W}" y="{y + 2}" width="{w:.1f}" height="{ROW - 6}" fill="{fill}"{dash}/>'
                f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 15}">{escape(shown(n))}</text>'
            )
            y += ROW
        y += 8
    parts.append("</svg>")
    return Markup("".join(parts))


def heat(fig: Figure, chart_id: str) -> Markup:
    cell, left, top_pad = 24, 40, 20
    values = [SMALL if 0 < n < SMALL else n for _, ns in fig.rows for n in ns]
    top = max(values + [1])
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {left + 24 * cell + 4} '
        f'{top_pad + 7 * cell + 4}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(fig.title)}</title>'
    ]
    for h in range(0, 24, 3):
        parts.append(f'<text x="{left + h * cell + 2}" y="14">{h:02d}</text>')
    for r, (label, ns) in enumerate(fig.rows):
        y = top_pad + r * cell
        parts.append(f'<text x="0" y="{y + 16}">{escape(label)}</text>')
        for h, n in enumerate(ns):
            v = SMALL if 0 < n < SMALL else max(0, n)
            shade = 0 if v == 0 else int(40 + 200 * v / top)
            parts.append(
                f'<rect x="{left + h * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="rgb({255 - shade},{255 - shade // 2},255)" stroke="#999" stroke-width="0.5">'
                f"<title>{escape(label)} {h:02d}:00: {escape(shown(n))}</title></rect>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def chart(fig: Figure, chart_id: str) -> Markup:
    return heat(fig, chart_id) if fig.kind == "heat" else bars(fig, chart_id)
