"""Use mapping users can fix (issue 14): corrected rules, --use-map FILE, the fallback summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import box

from tests.cli.helpers import cli
from tests.io.test_dxf import make_dxf
from wifiplan.errors import ConfigError
from wifiplan.io.importcommon import ZoneCandidate, clean_zones, guess_use, is_void, load_use_map, user_use_rules
from wifiplan.io.importreport import ImportReport, fallback_summary
from wifiplan.model.building import Building


@pytest.mark.parametrize("name, use", [
    # pinyin: 辅助面 back-of-house is not 面 noodles; real noodle shops still are food
    ("fuzhumian", "warehouse"), ("xishoujianfuzhumian", "warehouse"), ("feikaifangquyu", "warehouse"),
    ("kongpu", "warehouse"), ("niuzaolaomian", "break-room"), ("biangbiangmian", "break-room"),
    ("zhihemianguan", "break-room"), ("xiuxiqu", "break-room"), ("nanweishengjian", "circulation"),
    # US plan abbreviations
    ("MENS RR", "circulation"), ("WOMENS RR", "circulation"), ("MECH RM", "warehouse"), ("ELEC RM", "warehouse"),
    ("STOR.", "warehouse"), ("JAN", "warehouse"), ("CONF 201", "meeting-room"), ("CORR", "circulation"),
    ("BRK RM", "break-room"), ("ELEV LOBBY", "circulation"),
    # German and Japanese
    ("Flur", "circulation"), ("Bad", "circulation"), ("Küche", "break-room"), ("Büro 1.04", "office"),
    ("Besprechung", "meeting-room"), ("Lager", "warehouse"), ("湯沸室", "break-room"), ("更衣室", "circulation"),
    # Chinese
    ("走廊", "circulation"), ("会议室", "meeting-room"), ("卫生间", "circulation"), ("茶水间", "break-room"),
])
def test_corrected_rules(name: str, use: str) -> None:
    assert not is_void(name)
    assert guess_use(name) == use


@pytest.mark.parametrize("name", ["124 ELEV", "ELEV", "zhongkong", "louti", "dianti", "Parking bay 12", "Treppenhaus",
                                  "Aufzug", "Lift shaft"])
def test_lift_shafts_voids_and_parking_bays_are_excluded(name: str) -> None:
    assert is_void(name)


def test_use_map_file_overrides_and_excludes(tmp_path: Path) -> None:
    f = tmp_path / "uses.yaml"
    f.write_text("'^X\\d+$': meeting-room\n'(?i)atrium': office\n'^SHOP': exclude\n", encoding="utf-8")
    rules = load_use_map(f)
    assert guess_use("X7") is None
    with user_use_rules(rules):
        assert guess_use("X7") == "meeting-room"
        assert not is_void("Atrium") and guess_use("Atrium") == "office"  # the user's rule beats the void rule
        assert is_void("SHOP 3")
    assert is_void("Atrium") and guess_use("X7") is None  # only inside the block


@pytest.mark.parametrize("text, match", [
    ("- a\n- b\n", "mapping"), ("'(': office\n", "regular expression"), ("x: ofice\n", "did you mean 'office'"),
])
def test_use_map_errors(tmp_path: Path, text: str, match: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_use_map(f)


def test_fallback_summary_shares() -> None:
    report = ImportReport()
    cands = [ZoneCandidate("Room A", box(0, 0, 10, 10), use="office", headcount=10),   # 100 m², 10 people
             ZoneCandidate("zzz", box(10, 0, 40, 10), headcount=30),                  # 300 m², 30 people: fallback
             ZoneCandidate("Corridor", box(0, 10, 40, 15), headcount=0)]              # 200 m²
    zones = clean_zones(cands, box(0, 0, 40, 15), report)
    b = Building.model_validate({"floors": [{"name": "1F", "elevation_m": 0, "outline": [[0, 0], [40, 0], [40, 15], [0, 15]],
                                            "zones": [z.model_dump() for z in zones]}]})
    fb = fallback_summary(b, report)
    # 300 of 600 m² and 30 of 40 people
    assert (fb.zones, fb.total_zones) == (1, 3)
    assert fb.area_share == pytest.approx(0.5, abs=0.01) and fb.people_share == pytest.approx(0.75)
    assert fb.uses == ["office"] and fb.examples == ["zzz"]


def test_cli_use_map_and_summary(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "o.dxf", insunits=4, extra=lambda msp, s: None)
    out = tmp_path / "o.yaml"
    code, _, stderr = cli(capsys, "import", "dxf", str(dxf), "-o", str(out), "--country", "JP")
    assert code == 0, stderr
    # "Server room" is a telecom room; "会議室" a meeting room: nothing falls back here
    assert "fell back" not in stderr
    umap = tmp_path / "u.yaml"
    umap.write_text("'会議室': office\n", encoding="utf-8")
    code, _, stderr = cli(capsys, "import", "dxf", str(dxf), "-o", str(out), "--country", "JP", "--force",
                          "--use-map", str(umap))
    assert code == 0, stderr
    import yaml

    uses = {z["name"]: z["use"] for z in yaml.safe_load(out.read_text())["floors"][0]["zones"]}
    assert uses["会議室"] == "office"
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: nope\n", encoding="utf-8")
    code, _, stderr = cli(capsys, "import", "dxf", str(dxf), "-o", str(tmp_path / "n.yaml"), "--use-map", str(bad))
    assert code == 2 and "unknown use 'nope'" in stderr and not (tmp_path / "n.yaml").exists()


def test_use_map_matches_mall_categories(tmp_path: Path) -> None:
    """Unnamed mall units carry only a category id: a --use-map rule on it gives their use."""
    import json
    import re

    from tests.io.test_geojson import feature, ll, rect
    from wifiplan.io.geojson import import_mall

    d = tmp_path / "site" / "F1"
    d.mkdir(parents=True)
    outline = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ll(rect(0, 0, 60, 30))]}}
    units = [feature(rect(0, 0, 20, 10), name="", category=["5d1", "5dA"]),
             feature(rect(20, 0, 40, 10), name="", category=["5d1", "5dB"])]
    (d / "geojson_map.json").write_text(json.dumps({"type": "FeatureCollection", "features": [outline, *units]}))
    plain = import_mall(tmp_path / "site")
    assert fallback_summary(plain.building, plain.report).zones == 2  # both unnamed: the default use
    with user_use_rules([(re.compile("5dA"), "meeting-room"), (re.compile("5dB"), "exclude")]):
        mapped = import_mall(tmp_path / "site")
    (f,) = mapped.building.floors
    assert [z.use for z in f.zones if not z.name.startswith("Concourse")] == ["meeting-room"]
    assert len(f.exclude) == 1
    assert fallback_summary(mapped.building, mapped.report).zones == 0
