"""Charts for reports: a dyad's events per quad class (stacked bars) and mean Goldstein (line)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

QUADS = (("verbal_cooperation", "Verbal cooperation", "#74add1"),
         ("material_cooperation", "Material cooperation", "#4575b4"),
         ("verbal_conflict", "Verbal conflict", "#f46d43"),
         ("material_conflict", "Material conflict", "#a50026"))
BAR_DAYS = {"day": 0.8, "week": 5.5, "month": 24, "year": 300}


def plot_dyad(series: list[dict], a: str, b: str, by: str, out: Path) -> Path:
    """Write a PNG of a dyad series (rows of ``queries.dyad_series``)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen: render to a file
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    periods = [date.fromisoformat(row["period"]) for row in series]
    fig, (bars, line) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(3, 2),
                                     constrained_layout=True)
    bottom = [0] * len(series)
    for key, label, colour in QUADS:
        counts = [row[key] for row in series]
        bars.bar(periods, counts, width=BAR_DAYS[by], bottom=bottom, label=label, color=colour)
        bottom = [x + y for x, y in zip(bottom, counts)]
    bars.set_ylabel("events")
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)
    bars.set_title(f"{a}–{b}: events per {by} by quad class and mean Goldstein score")
    goldstein = [row["mean_goldstein"] for row in series]
    line.axhline(0, color="#888888", linewidth=0.8)
    # stems, not a line: periods without events have no score, and a line would invent one
    colours = ["#4575b4" if g >= 0 else "#d73027" for g in goldstein]
    line.vlines(periods, 0, goldstein, colors=colours, linewidth=1.5)
    line.scatter(periods, goldstein, c=colours, zorder=3, s=24)
    line.set_ylim(-10.5, 10.5)
    line.set_ylabel("mean Goldstein")
    line.xaxis.set_major_formatter(mdates.ConciseDateFormatter(line.xaxis.get_major_locator()))
    if not series:
        bars.text(0.5, 0.5, "no events between these two countries", ha="center", va="center",
                  transform=bars.transAxes)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return Path(out)
