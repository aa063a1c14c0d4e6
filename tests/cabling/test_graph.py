"""Pathway graph: noding at crossings, snapping, perpendicular drops, fallback, risers."""

from __future__ import annotations

import networkx as nx
import pytest
from numpy.testing import assert_allclose

from tests.cabling.fixtures import building, corridor, tower
from wifiplan.cabling.graph import build_pathway_graph, floors_by_elevation, pathway_z_m
from wifiplan.cabling.options import CablingOptions


def _one_floor(pathways, rooms=None, risers=None):
    data = corridor(40.0)
    data["floors"][0]["pathways"] = pathways
    if rooms is not None:
        data["floors"][0]["telecom_rooms"] = rooms
    if risers is not None:
        data["floors"][0]["risers"] = risers
    return building(data)


def _dist(pg, a, b):
    return nx.shortest_path_length(pg.graph, pg.nodes[a], pg.nodes[b], weight="length_m")


def test_crossing_trays_are_noded_at_the_intersection():
    # a tray along x and one along y crossing at (20, 10): AP at (20, 18) reaches MDF (5, 10) via the crossing
    b = _one_floor([{"kind": "tray", "path": [[0, 10], [40, 10]]}, {"kind": "tray", "path": [[20, 2], [20, 18]]}])
    pg = build_pathway_graph(b, {"ap": ("1F", (20.0, 18.0))}, CablingOptions())
    assert pg.graph.has_node(("1F", 20.0, 10.0))
    assert_allclose(_dist(pg, "ap", "tr:MDF"), 8.0 + 15.0, atol=1e-6)


def test_endpoint_within_snap_distance_is_joined():
    # the branch ends 0.3 m short of the main tray: joined with a 0.3 m connector
    b = _one_floor([{"kind": "tray", "path": [[0, 10], [40, 10]]}, {"kind": "tray", "path": [[30, 10.3], [30, 20]]}])
    pg = build_pathway_graph(b, {"ap": ("1F", (30.0, 19.0))}, CablingOptions(snap_m=0.5))
    assert_allclose(_dist(pg, "ap", "tr:MDF"), (19.0 - 10.3) + 0.3 + 25.0, atol=1e-6)


def test_disconnected_pieces_are_joined_rectilinearly_with_slack():
    # second tray 3 m away (beyond snapping): a fallback link of (3 m) × 1.1 joins it
    b = _one_floor([{"kind": "tray", "path": [[0, 10], [20, 10]]}, {"kind": "tray", "path": [[20, 13], [40, 13]]}])
    pg = build_pathway_graph(b, {"ap": ("1F", (40.0, 13.0))}, CablingOptions())
    assert_allclose(_dist(pg, "ap", "tr:MDF"), 15.0 + 3.0 * 1.1 + 20.0, atol=1e-6)


def test_perpendicular_drop_to_the_nearest_pathway():
    b = _one_floor([{"kind": "tray", "path": [[0, 10], [40, 10]]}])
    pg = build_pathway_graph(b, {"ap": ("1F", (25.0, 16.5))}, CablingOptions())
    kinds = {d["kind"] for _, _, d in pg.graph.edges(pg.nodes["ap"], data=True)}
    assert kinds == {"drop"}
    assert_allclose(_dist(pg, "ap", "tr:MDF"), 6.5 + 20.0, atol=1e-6)


@pytest.mark.parametrize("slack", [1.0, 1.1, 1.5])
def test_floor_without_pathways_routes_rectilinearly_times_slack(slack):
    # no pathways: trunk along the longer axis (x) through the MDF at (5, 10), then straight to the AP
    b = _one_floor([])
    pg = build_pathway_graph(b, {"ap": ("1F", (30.0, 2.0))}, CablingOptions(fallback_slack=slack))
    assert pg.fallback_floors == ["1F"]
    assert_allclose(_dist(pg, "ap", "tr:MDF"), (25.0 + 8.0) * slack, atol=1e-6)


def test_fallback_drop_off_the_trunk_end_is_rectilinear():
    # an L-shaped outline clips the trunk; an AP beyond its end still gets |dx| + |dy|
    data = corridor(40.0)
    fl = data["floors"][0]
    fl["outline"] = [[0, 0], [40, 0], [40, 20], [30, 20], [30, 30], [0, 30]]
    fl["walls"] = []
    fl["zones"] = []
    fl["pathways"] = []
    fl["telecom_rooms"] = [{"name": "MDF", "kind": "mdf", "at": [5, 25]}]
    pg = build_pathway_graph(building(data), {"ap": ("1F", (38.0, 5.0))}, CablingOptions(fallback_slack=1.0))
    # trunk y = 25 runs x 0..30; the AP drops to (30, 25) with |8| + |20|
    assert_allclose(_dist(pg, "ap", "tr:MDF"), 25.0 + 8.0 + 20.0, atol=1e-6)


def test_risers_join_floors_with_the_elevation_difference():
    b = building(tower())
    pg = build_pathway_graph(b, {}, CablingOptions())
    floors = floors_by_elevation(b)
    assert_allclose(_dist(pg, "riser:1F:R1", "riser:10F:R1"), 9 * 3.6, atol=1e-6)
    e = pg.graph.edges[pg.nodes["riser:1F:R1"], pg.nodes["riser:2F:R1"]]
    assert e["kind"] == "riser" and e["slabs"] == 1
    assert_allclose(e["length_m"], pathway_z_m(floors[1], CablingOptions()) - pathway_z_m(floors[0], CablingOptions()))


def test_floors_sorted_by_elevation_not_list_order():
    data = tower()
    data["floors"] = list(reversed(data["floors"]))
    b = building(data)
    assert [f.name for f in floors_by_elevation(b)][:3] == ["1F", "2F", "3F"]
    pg = build_pathway_graph(b, {}, CablingOptions())
    assert_allclose(_dist(pg, "riser:1F:R1", "riser:2F:R1"), 3.6, atol=1e-6)
