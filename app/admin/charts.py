"""The numbers of small server-rendered bar charts; ``admin/_charts.html`` draws them as SVG
(no chart library, nothing from another host)."""

from dataclasses import dataclass, field

WIDTH, HEIGHT, PAD = 640, 220, 28


@dataclass
class Bar:
    css: str
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str


@dataclass
class Chart:
    label: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (x, text, second line) under each group
    rows: list = field(default_factory=list)  # (label, [value per series]): the table
    legend: list = field(default_factory=list)  # (x, css, name)
    series: list = field(default_factory=list)  # the series' names (the table's columns)
    width: int = WIDTH
    height: int = HEIGHT


def bar_chart(series, label, x_labels=None):
    """Grouped bars: ``series`` is [(name, css class, {x key: value})] with the same x keys.

    ``x_labels`` maps an x key to the text under its group (the key itself otherwise), or to
    (text, second line): months are "dec." with the year under the first and every January,
    so that twelve of them fit side by side. ``rows`` holds the same numbers for a table.
    """
    chart = Chart(label)
    chart.series = [name for name, _, _ in series]
    if not series:
        return chart
    xs = list(series[0][2])
    top = max([v for _, _, values in series for v in values.values()] + [1])
    group = (WIDTH - 2 * PAD) / max(len(xs), 1)
    bar = group * 0.8 / len(series)
    for i, x in enumerate(xs):
        gx = PAD + i * group + group * 0.1
        text = (x_labels or {}).get(x, x)
        text, second = text if isinstance(text, tuple) else (text, "")
        full = f"{text} {second}".strip()
        for j, (name, css, values) in enumerate(series):
            value = values[x]
            height = (HEIGHT - PAD) * value / top
            chart.bars.append(
                Bar(css, gx + j * bar, HEIGHT - height, bar - 2, height, value, f"{name} {full}")
            )
        chart.ticks.append((gx + group * 0.4, text, second))
        chart.rows.append((full, [values[x] for _, _, values in series]))
    legend_x = PAD
    for name, css, _ in series:
        chart.legend.append((legend_x, css, name))
        legend_x += 14 + 8 * len(str(name)) + 20
    return chart
