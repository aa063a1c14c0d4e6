"""Coverage maps as images (PNG/SVG, matplotlib Agg) and as CSV ``floor,x_m,y_m,value``."""

from __future__ import annotations

import io
import math

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.geometry import polygon
from wifiplan.model.plan import AccessPoint
from wifiplan.rf.engine import band_aps
from wifiplan.rf.maps import METRICS, Maps

__all__ = [
    "IMAGE_FORMATS",
    "METRIC_LABELS",
    "map_csv",
    "metric_threshold",
    "render_heatmap",
]

#: Image formats render_heatmap can write.
IMAGE_FORMATS = ("png", "svg")

#: Human labels of the metrics (``rf.maps.METRICS`` keys).
METRIC_LABELS: dict[str, str] = {
    "rssi": "Best RSSI (dBm)",
    "secondary": "Second-best RSSI (dBm)",
    "snr": "SNR (dB)",
    "sinr": "SINR (dB)",
    "overlap": "Co-channel APs heard ≥ −85 dBm",
    "rate": "Expected PHY rate (Mbit/s)",
    "serving": "Serving AP",
    "cochannel": "Co-channel APs heard ≥ CCA (serving AP included)",
}

_INTEGER_METRICS = {"overlap", "serving", "cochannel"}

#: Colour scale limits per metric (None = from the data).
_LIMITS: dict[str, tuple[float | None, float | None]] = {
    "rssi": (-90.0, -30.0),
    "secondary": (-90.0, -30.0),
    "snr": (0.0, 50.0),
    "sinr": (-10.0, 50.0),
    "overlap": (0.0, None),
    "rate": (0.0, None),
    "serving": (None, None),
    "cochannel": (0.0, None),
}


def metric_threshold(building: Building, metric: str) -> float | None:
    """The requirement's pass/fail threshold for a metric, or None.

    rssi → ``min_rssi_dbm``; secondary → ``secondary_rssi_dbm`` (None when unset);
    snr and sinr → ``min_snr_db``.
    """
    req = building.requirements
    return {
        "rssi": req.min_rssi_dbm,
        "secondary": req.secondary_rssi_dbm,
        "snr": req.min_snr_db,
        "sinr": req.min_snr_db,
    }.get(metric)


def _number(value: float, decimals: int) -> str:
    text = f"{round(float(value), decimals) + 0.0:.{decimals}f}"
    return "0." + "0" * decimals if text in ("-0", "-0." + "0" * decimals) else text


def map_csv(maps: Maps, metric: str) -> str:
    """The map ``metric`` as CSV text: header ``floor,x_m,y_m,value``, one row per grid cell.

    Rows are sorted by x then y; coordinates are written to 0.001 m, values rounded to
    0.01 (whole numbers for ``overlap`` and ``serving``, where −1 = no AP); a cell with no
    value (no AP heard, no second AP) has an empty value. Line ends are ``\\n``.

    Raises
    ------
    KeyError
        If the metric is unknown.
    """
    if metric not in METRICS:
        raise KeyError(metric)
    values = maps.metric(metric)
    xy = maps.grid.xy
    order = np.lexsort((xy[:, 1], xy[:, 0])) if xy.shape[0] else np.zeros(0, dtype=int)
    floor = _csv_field(maps.floor)
    lines = ["floor,x_m,y_m,value"]
    integer = metric in _INTEGER_METRICS
    for i in order.tolist():
        v = values[i]
        if not math.isfinite(v):
            text = ""
        elif integer:
            text = str(int(round(v)))
        else:
            text = _number(v, 2)
        lines.append(f"{floor},{_number(xy[i, 0], 3)},{_number(xy[i, 1], 3)},{text}")
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _material_colors(building: Building, names: list[str]) -> dict[str, str]:
    from wifiplan.library import load_library

    lib = load_library().materials
    out = {}
    for name in names:
        custom = building.materials.get(name)
        if custom is not None and custom.color:
            out[name] = custom.color
        elif name in lib:
            out[name] = lib[name].color
        else:
            out[name] = "#555555"
    return out


def render_heatmap(
    building: Building,
    maps: Maps,
    metric: str,
    aps: list[AccessPoint],
    *,
    fmt: str = "png",
    threshold: float | None = None,
    title: str | None = None,
    dpi: int = 150,
) -> bytes:
    """Draw one map of one floor as PNG or SVG bytes (deterministic for the same input).

    The map is drawn over the floor with the outline, walls coloured by material (library
    colour, legend), exclude areas hatched, the floor's APs as labelled markers (APs
    without a radio on the band as grey crosses), a colour bar with the requirement's
    threshold marked (and a dashed contour at the threshold on the map), equal aspect and
    metres on the axes.

    Raises
    ------
    ValueError
        If ``fmt`` is not png or svg, or the metric is unknown.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import colors as mcolors
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon as PolygonPatch

    floor = building.floor(maps.floor)
    grid = maps.grid
    values = maps.metric(metric)
    image = grid.to_image(values)
    xmin, xmax, ymin, ymax = grid.extent
    width_m, height_m = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
    fig_w = 11.0
    fig_h = min(max(fig_w * 0.62 * height_m / width_m + 1.3, 4.0), 16.0)
    fig = Figure(figsize=(fig_w, fig_h), dpi=dpi)
    ax = fig.add_axes((0.07, 0.09, 0.62, 0.82))
    cax = fig.add_axes((0.77, 0.09, 0.02, 0.82))

    lo, hi = _LIMITS[metric]
    finite = values[np.isfinite(values)]
    if metric == "serving":
        count = max(len(maps.ap_names), 1)
        base = matplotlib.colormaps["tab20"].colors
        cycle = [base[i] for i in (*range(0, 20, 2), *range(1, 20, 2))]  # strong colours first
        cmap = mcolors.ListedColormap([cycle[i % len(cycle)] for i in range(max(count, 2))])
        norm = mcolors.BoundaryNorm(np.arange(-0.5, count + 0.5, 1.0), cmap.N)
        image = np.where(image < 0, np.nan, image)
    elif metric == "overlap":
        top = int(max(finite.max() if finite.size else 0, 3))
        cmap = matplotlib.colormaps["RdYlGn_r"].resampled(top + 1)
        norm = mcolors.BoundaryNorm(np.arange(-0.5, top + 1.5, 1.0), cmap.N)
    else:
        vmin = lo if lo is not None else (float(finite.min()) if finite.size else 0.0)
        vmax = hi if hi is not None else (float(finite.max()) if finite.size else 1.0)
        if vmax <= vmin:
            vmax = vmin + 1.0
        cmap = matplotlib.colormaps["turbo" if metric in ("rssi", "secondary", "snr", "sinr") else "viridis"]
        norm = mcolors.Normalize(vmin=vmin, vmax=vmax)
    cmap = cmap.with_extremes(bad=(1.0, 1.0, 1.0, 0.0))
    mesh = ax.imshow(np.ma.masked_invalid(image), origin="lower", extent=(xmin, xmax, ymin, ymax), cmap=cmap,
                     norm=norm, interpolation="nearest", alpha=0.85, zorder=1)
    cbar = fig.colorbar(mesh, cax=cax)
    cbar.set_label(METRIC_LABELS[metric])
    if metric == "overlap":
        cbar.set_ticks(list(range(cmap.N)))
    if metric == "serving":
        ticks = list(range(len(maps.ap_names)))
        if ticks and len(ticks) <= 40:
            cbar.set_ticks(ticks)
            cbar.set_ticklabels(maps.ap_names)
    if threshold is not None and metric not in ("serving", "overlap"):
        cbar.ax.axhline(threshold, color="black", linewidth=4.0)
        cbar.ax.axhline(threshold, color="white", linewidth=1.6, linestyle="--")
        cbar.ax.text(-0.5, threshold, f"min {threshold:g}", transform=cbar.ax.get_yaxis_transform(),
                     ha="right", va="center", fontsize=8, fontweight="bold")
        if finite.size and np.nanmin(image) < threshold < np.nanmax(image):
            xs = xmin + (np.arange(grid.shape[1]) + 0.5) * grid.grid_m
            ys = ymin + (np.arange(grid.shape[0]) + 0.5) * grid.grid_m
            ax.contour(xs, ys, np.ma.masked_invalid(image), levels=[threshold], colors="black",
                       linewidths=1.0, linestyles="--", zorder=2)

    for ring in floor.exclude:
        ax.add_patch(PolygonPatch(np.asarray(polygon(ring).exterior.coords), closed=True, facecolor="#f2f2f2",
                                  edgecolor="#666666", hatch="///", linewidth=0.8, zorder=3))
    outline = np.asarray(polygon(floor.outline).exterior.coords)
    ax.plot(outline[:, 0], outline[:, 1], color="black", linewidth=1.2, zorder=4)

    names = sorted({w.material for w in floor.walls})
    palette = _material_colors(building, names)
    segments, seg_colors = [], []
    for wall in floor.walls:
        pts = np.asarray(wall.path, dtype=float)
        for p, q in zip(pts[:-1], pts[1:], strict=False):
            segments.append([p, q])
            seg_colors.append(palette[wall.material])
    if segments:
        ax.add_collection(LineCollection(segments, colors="black", linewidths=3.4, zorder=5))
        ax.add_collection(LineCollection(segments, colors=seg_colors, linewidths=2.2, zorder=6))
    handles = [Line2D([0], [0], color=palette[n], linewidth=3, label=n) for n in names]

    serving = {ap.name for ap in band_aps(aps, maps.band)}
    on_floor = [ap for ap in aps if ap.floor == maps.floor]
    for ap in on_floor:
        x, y = float(ap.at[0]), float(ap.at[1])
        if ap.name in serving:
            ax.plot([x], [y], marker="^", markersize=9, markerfacecolor="white", markeredgecolor="black",
                    markeredgewidth=1.5, linestyle="none", zorder=8)
            ax.annotate(ap.name, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=7, zorder=9,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        else:
            ax.plot([x], [y], marker="x", markersize=7, color="#777777", linestyle="none", zorder=8)
    if any(ap.name in serving for ap in on_floor):
        handles.append(Line2D([0], [0], marker="^", color="black", markerfacecolor="white", linestyle="none",
                              label=f"AP ({maps.band} GHz)"))
    if any(ap.name not in serving for ap in on_floor):
        handles.append(Line2D([0], [0], marker="x", color="#777777", linestyle="none",
                              label=f"AP, no {maps.band} GHz radio"))
    if floor.exclude:
        handles.append(PolygonPatch([[0, 0], [1, 0], [1, 1]], facecolor="#f2f2f2", edgecolor="#666666",
                                    hatch="///", label="excluded"))
    if threshold is not None and metric not in ("serving", "overlap"):
        handles.append(Line2D([0], [0], color="black", linestyle="--", label=f"threshold {threshold:g}"))
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.855, 0.91), fontsize=7, frameon=False)

    pad = 0.02 * max(width_m, height_m)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_aspect("equal")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
    default_title = f"{building.name} — floor {maps.floor} — {maps.band} GHz — {METRIC_LABELS[metric]}"
    if not maps.ap_names:
        default_title += f" (no AP has a {maps.band} GHz radio)"
    ax.set_title(title or default_title, fontsize=10)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "wifiplan"}
    with matplotlib.rc_context({"svg.hashsalt": "wifiplan", "svg.fonttype": "none"}):
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
