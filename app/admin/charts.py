"""Small server-rendered SVG bar charts (no chart library, no other host)."""

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 220, 28


def bar_chart(series, label):
    """Grouped bars: ``series`` is [(name, css class, {x label: value})] with equal x labels."""
    if not series:
        return Markup("")
    xs = list(series[0][2])
    top = max([v for _, _, values in series for v in values.values()] + [1])
    group = (WIDTH - 2 * PAD) / max(len(xs), 1)
    bar = group * 0.8 / len(series)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 40}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for i, x in enumerate(xs):
        gx = PAD + i * group + group * 0.1
        for j, (name, css, values) in enumerate(series):
            value = values[x]
            h = (HEIGHT - PAD) * value / top
            parts.append(
                f'<rect class="{css}" x="{gx + j * bar:.1f}" y="{HEIGHT - h:.1f}" '
                f'width="{bar - 2:.1f}" height="{h:.1f}"><title>{escape(name)} {escape(x)}: '
                f"{value}</title></rect>"
            )
            if value:
                parts.append(
                    f'<text class="value" x="{gx + j * bar + bar / 2:.1f}" '
                    f'y="{HEIGHT - h - 3:.1f}" text-anchor="middle">{value}</text>'
                )
        parts.append(
            f'<text class="axis" x="{gx + group * 0.4:.1f}" y="{HEIGHT + 16}" '
            f'text-anchor="middle">{escape(x[-5:] if len(x) > 5 else x)}</text>'
        )
    parts.append(f'<line x1="{PAD}" y1="{HEIGHT}" x2="{WIDTH - PAD}" y2="{HEIGHT}" class="axis"/>')
    legend_x = PAD
    for name, css, _ in series:
        parts.append(
            f'<rect class="{css}" x="{legend_x}" y="{HEIGHT + 26}" width="10" height="10"/>'
            f'<text class="legend" x="{legend_x + 14}" y="{HEIGHT + 35}">{escape(name)}</text>'
        )
        legend_x += 14 + 8 * len(str(name)) + 20
    parts.append("</svg>")
    return Markup("".join(parts))
