"""Floor maps for people: zones by name, access points and spare positions, telecom rooms,
risers, cable routes, scale bar, north arrow and legend (PNG, matplotlib Agg).

Labels are placed greedily: each label tries positions around its point and takes the
first whose box overlaps no label already placed (checked in display units after a draw).
"""

from __future__ import annotations

import io
import math

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.geometry import polygon
from wifiplan.report.fonts import figure_fonts
from wifiplan.report.i18n import _

__all__ = ["render_floor_map", "scale_bar_length", "place_labels"]

#: Candidate label offsets in points around a marker: right, up, left, down, then diagonals.
_OFFSETS = ((7, 0, "left", "center"), (0, 8, "center", "bottom"), (-7, 0, "right", "center"),
            (0, -8, "center", "top"), (6, 6, "left", "bottom"), (-6, 6, "right", "bottom"),
            (-6, -6, "right", "top"), (6, -6, "left", "top"), (14, 10, "left", "bottom"),
            (-14, -10, "right", "top"), (14, -10, "left", "top"), (-14, 10, "right", "bottom"))


def scale_bar_length(width_m: float) -> float:
    """A round scale-bar length near a fifth of the drawing width: 1, 2 or 5 × 10^k metres.

    >>> scale_bar_length(100.0), scale_bar_length(37.0), scale_bar_length(4.0)
    (20.0, 5.0, 0.5)
    """
    target = max(width_m / 5.0, 1e-6)
    exp = math.floor(math.log10(target))
    best = 1.0
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * 10 ** exp <= target:
            best = m * 10 ** exp
    return float(best)


def _overlaps(box, boxes) -> bool:
    return any(box.x0 < b.x1 and b.x0 < box.x1 and box.y0 < b.y1 and b.y0 < box.y1 for b in boxes)


def place_labels(ax, items: list[tuple[float, float, str, dict]], renderer, obstacles=()) -> list:
    """Annotate ``items`` (x, y, text, style) so no two label boxes overlap where avoidable.

    ``obstacles`` are display-space boxes labels must also avoid (the markers). A style
    with ``"center": True`` tries the point itself first (zone names). Returns the
    matplotlib annotations; a label that fits nowhere keeps its first position.
    """
    placed_boxes: list = list(obstacles)
    out = []
    for x, y, text, style in items:
        style = dict(style)
        offsets = ((0, 0, "center", "center"), *_OFFSETS) if style.pop("center", False) else _OFFSETS
        chosen = None
        for dx, dy, ha, va in offsets:
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style)
            box = ann.get_window_extent(renderer).expanded(1.05, 1.1)
            if not _overlaps(box, placed_boxes):
                chosen = (ann, box)
                break
            ann.remove()
        if chosen is None:
            dx, dy, ha, va = offsets[0]
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style)
            chosen = (ann, ann.get_window_extent(renderer))
        placed_boxes.append(chosen[1])
        out.append(chosen[0])
    return out


def render_floor_map(building: Building, floor_name: str, aps, spares, cabling=None, *, dpi: int = 110) -> bytes:
    """Draw the floor map of ``floor_name`` as PNG bytes (deterministic for the same input)."""
    with figure_fonts():
        return _render(building, floor_name, aps, spares, cabling, dpi)


def _render(building, floor_name, aps, spares, cabling, dpi) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrow, Patch
    from matplotlib.patches import Polygon as PolygonPatch

    floor = building.floor(floor_name)
    outline = np.asarray(polygon(floor.outline).exterior.coords)
    xmin, ymin = outline.min(axis=0)
    xmax, ymax = outline.max(axis=0)
    w, h = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
    fig_w = 11.0
    fig_h = min(max(fig_w * 0.74 * h / w + 1.2, 4.0), 16.0)
    fig = Figure(figsize=(fig_w, fig_h), dpi=dpi)
    ax = fig.add_axes((0.03, 0.05, 0.74, 0.88))
    ax.set_axis_off()

    # zones: pale categorical fills, names at a point inside
    pale = matplotlib.colormaps["Pastel2"].colors
    for i, zone in enumerate(floor.zones):
        ring = np.asarray(polygon(zone.polygon).exterior.coords)
        ax.add_patch(PolygonPatch(ring, closed=True, facecolor=pale[i % len(pale)], edgecolor="#bbbbbb",
                                  linewidth=0.6, zorder=1))
    for ring in floor.exclude:
        ax.add_patch(PolygonPatch(np.asarray(polygon(ring).exterior.coords), closed=True, facecolor="#eeeeee",
                                  edgecolor="#888888", hatch="///", linewidth=0.6, zorder=2))
    ax.plot(outline[:, 0], outline[:, 1], color="black", linewidth=1.6, zorder=4)
    walls = [[p, q] for wall in floor.walls for p, q in zip(np.asarray(wall.path, float)[:-1],
                                                                np.asarray(wall.path, float)[1:], strict=False)]
    if walls:
        ax.add_collection(LineCollection(walls, colors="#666666", linewidths=1.0, zorder=3))

    # cable routes on this floor (outlet → telecom room or riser)
    routes = []
    if cabling is not None:
        for run in cabling.runs:
            pts, fl = run.route, run.route_floors or [run.floor] * len(run.route)
            for k in range(len(pts) - 1):
                if fl[k] == floor_name and fl[k + 1] == floor_name and pts[k] != pts[k + 1]:
                    routes.append([pts[k], pts[k + 1]])
    if routes:
        ax.add_collection(LineCollection(routes, colors="#d9822b", linewidths=1.4, alpha=0.8, zorder=5))

    on_floor = [ap for ap in aps if ap.floor == floor_name]
    sp_floor = [sp for sp in spares if sp.floor == floor_name]
    if on_floor:
        xy = np.array([ap.at for ap in on_floor], float)
        ax.scatter(xy[:, 0], xy[:, 1], marker="^", s=70, c="#1f5fbf", edgecolors="black", linewidths=0.8, zorder=8)
    if sp_floor:
        xy = np.array([sp.at for sp in sp_floor], float)
        ax.scatter(xy[:, 0], xy[:, 1], marker="o", s=55, facecolors="white", edgecolors="#1f5fbf", linewidths=1.4,
                   zorder=8)
    for tr in floor.telecom_rooms:
        ax.scatter([tr.at[0]], [tr.at[1]], marker="s", s=90, c="#2e7d32", edgecolors="black", linewidths=0.8,
                   zorder=9)
    for riser in floor.risers:
        ax.scatter([riser.at[0]], [riser.at[1]], marker="D", s=60, c="#8e24aa", edgecolors="black", linewidths=0.8,
                   zorder=9)

    pad = 0.04 * max(w, h)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - 2.5 * pad, ymax + pad)
    ax.set_aspect("equal")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()

    # labels: equipment first (they matter most), then zones, all without collisions
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    items = []
    items += [(tr.at[0], tr.at[1], tr.name, {"fontsize": 7.5, "fontweight": "bold", "color": "#1b5e20", "bbox": box,
                                              "zorder": 12}) for tr in floor.telecom_rooms]
    items += [(r.at[0], r.at[1], r.name, {"fontsize": 7, "color": "#6a1b9a", "bbox": box, "zorder": 12})
              for r in floor.risers]
    items += [(ap.at[0], ap.at[1], ap.name, {"fontsize": 7, "color": "#0d3c85", "bbox": box, "zorder": 11})
              for ap in on_floor]
    items += [(sp.at[0], sp.at[1], sp.name, {"fontsize": 6.5, "color": "#0d3c85", "style": "italic", "bbox": box,
                                             "zorder": 11}) for sp in sp_floor]
    zone_style = {"fontsize": 7, "color": "#333333", "zorder": 10, "center": True}
    for zone in floor.zones:
        p = polygon(zone.polygon).representative_point()
        items.append((p.x, p.y, zone.name, zone_style))
    from matplotlib.transforms import Bbox

    marks = [tuple(tr.at) for tr in floor.telecom_rooms] + [tuple(r.at) for r in floor.risers] + \
        [tuple(ap.at) for ap in on_floor] + [tuple(sp.at) for sp in sp_floor]
    half = 4.0 * dpi / 72.0  # a marker is about 8 points across
    obstacles = []
    if marks:
        disp = ax.transData.transform(np.asarray(marks, float))
        obstacles = [Bbox([[px - half, py - half], [px + half, py + half]]) for px, py in disp]
    place_labels(ax, items, renderer, obstacles)

    # scale bar and north arrow (drawing north: the building file has no orientation)
    bar = scale_bar_length(w)
    x0, y0 = xmin, ymin - 1.6 * pad
    ax.add_patch(PolygonPatch([[x0, y0], [x0 + bar, y0], [x0 + bar, y0 + 0.25 * pad], [x0, y0 + 0.25 * pad]],
                              closed=True, facecolor="black", edgecolor="black", zorder=12))
    ax.text(x0 + bar / 2, y0 + 0.45 * pad, f"{bar:g} m", ha="center", va="bottom", fontsize=8, zorder=12)
    ax.text(x0, y0 - 0.2 * pad, "0", ha="center", va="top", fontsize=7)
    ax.text(x0 + bar, y0 - 0.2 * pad, f"{bar:g}", ha="center", va="top", fontsize=7)
    nx, ny = xmax - 0.5 * pad, ymin - 2.2 * pad
    ax.add_patch(FancyArrow(nx, ny, 0, 1.6 * pad, width=0.25 * pad, head_width=0.7 * pad, head_length=0.6 * pad,
                            color="black", zorder=12, length_includes_head=True))
    ax.text(nx - 0.6 * pad, ny + 0.8 * pad, _("N"), ha="right", va="center", fontsize=10, fontweight="bold")

    handles = [
        Line2D([0], [0], marker="^", color="none", markerfacecolor="#1f5fbf", markeredgecolor="black", markersize=8,
               label=_("Access point ({n})").format(n=len(on_floor))),
        Line2D([0], [0], marker="o", color="none", markerfacecolor="white", markeredgecolor="#1f5fbf", markersize=7,
               label=_("Spare position, cabled ({n})").format(n=len(sp_floor))),
        Line2D([0], [0], marker="s", color="none", markerfacecolor="#2e7d32", markeredgecolor="black", markersize=8,
               label=_("Telecom room")),
        Line2D([0], [0], marker="D", color="none", markerfacecolor="#8e24aa", markeredgecolor="black", markersize=7,
               label=_("Riser")),
        Line2D([0], [0], color="#d9822b", linewidth=2, label=_("Cable route")),
        Line2D([0], [0], color="#666666", linewidth=1, label=_("Wall")),
        Patch(facecolor=pale[0], edgecolor="#bbbbbb", label=_("Zone (name inside)")),
    ]
    if floor.exclude:
        handles.append(Patch(facecolor="#eeeeee", edgecolor="#888888", hatch="///", label=_("Not covered")))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.785, 0.93), fontsize=8, frameon=False)
    fig.text(0.785, 0.06, _("North arrow: drawing north (+y);\nthe building file has no orientation."),
             fontsize=6.5, color="#555555", va="bottom")
    ax.set_title(_("{building} — floor {floor} — floor map").format(building=building.name, floor=floor_name),
                 fontsize=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": "wifiplan"})
    return buffer.getvalue()
