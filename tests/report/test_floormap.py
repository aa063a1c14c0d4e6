"""Floor maps for people: labels that do not collide, scale bar, deterministic PNG, Japanese names."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

from tests.check.helpers import ONE_FLOOR, GOOD_SPARES
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Spare
from wifiplan.report.floormap import _OFFSETS, place_labels, render_floor_map, scale_bar_length


@pytest.mark.parametrize(("width", "bar"), [(100.0, 20.0), (37.0, 5.0), (4.0, 0.5), (250.0, 50.0), (10.0, 2.0)])
def test_scale_bar_is_round_and_about_a_fifth(width, bar):
    # 100/5 = 20 → 20; 37/5 = 7.4 → 5; 4/5 = 0.8 → 0.5; 250/5 = 50 → 50; 10/5 = 2 → 2
    assert scale_bar_length(width) == pytest.approx(bar)


def test_crowded_labels_do_not_overlap():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 4), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    renderer = FigureCanvasAgg(fig).get_renderer()
    # six points 3 m apart in a row: their labels would all overlap at the same offset
    items = [(40.0 + 3 * i, 50.0, f"AP-{i:02d}", {"fontsize": 8}) for i in range(6)]
    anns = place_labels(ax, items, renderer)
    boxes = [a.get_window_extent(renderer) for a in anns]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert not (a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1), (i, j)
    assert len(_OFFSETS) >= 8


def _project():
    import yaml

    data = yaml.safe_load(ONE_FLOOR.replace("name: West", "name: 市民課").replace("name: East", "name: 会議室"))
    data["floors"][0]["risers"] = [{"name": "R1", "at": [16, 11]}]
    b = Building.model_validate(data)
    aps = [AccessPoint(name=f"AP{i}", floor="1F", at=[5 + 4 * i, 10], radios={}) for i in range(6)]
    spares = [Spare.model_validate(s) for s in GOOD_SPARES]
    return b, aps, spares


def test_floor_map_png_deterministic_without_warnings():
    b, aps, spares = _project()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one = render_floor_map(b, "1F", aps, spares, None, dpi=50)
    two = render_floor_map(b, "1F", aps, spares, None, dpi=50)
    assert one[:8] == b"\x89PNG\r\n\x1a\n" and one == two


def test_floor_map_draws_the_equipment():
    from PIL import Image

    b, aps, spares = _project()
    rgb = np.asarray(Image.open(io.BytesIO(render_floor_map(b, "1F", aps, spares, None, dpi=60))).convert("RGB"), int)
    # the AP triangles (#1f5fbf), the telecom room square (#2e7d32) and the riser (#8e24aa) are all there
    for colour in ((0x1F, 0x5F, 0xBF), (0x2E, 0x7D, 0x32), (0x8E, 0x24, 0xAA)):
        close = np.abs(rgb - np.array(colour)).sum(axis=2) < 12
        assert close.sum() > 10, colour
