"""The country of an imported building: --country, guesses reported as guesses, or the XX placeholder."""

from __future__ import annotations

import pytest

from wifiplan.errors import ConfigError
from wifiplan.io.country import PLACEHOLDER_COUNTRY, check_country, country_from_lonlat, country_from_text, settle_country
from wifiplan.io.importreport import ImportReport


@pytest.mark.parametrize("text, code", [
    ("1600 Amphitheatre Pkwy, Mountain View, CA, USA", "US"), ("東京都千代田区丸の内1-1", "JP"),
    ("Musterstraße 1, Berlin, Germany", "DE"), ("上海市浦东新区", "CN"), ("DE", "DE"), ("XX", None), ("", None),
    ("Room 4", None),
])
def test_country_from_text(text: str, code: str | None) -> None:
    assert country_from_text(text) == code


@pytest.mark.parametrize("lon, lat, code", [
    (139.69, 35.69, "JP"), (126.98, 37.57, "KR"), (116.40, 39.90, "CN"), (-74.0, 40.7, "US"), (13.4, 52.5, "DE"),
    (103.85, 1.29, "SG"), (-43.2, -22.9, None),
])
def test_country_from_lonlat(lon: float, lat: float, code: str | None) -> None:
    assert country_from_lonlat(lon, lat) == code


def test_settle_country_order_and_reporting() -> None:
    r = ImportReport()
    assert settle_country("us", "JP", r, basis="x") == "US" and r.count("imported", "country") == 1
    r = ImportReport()
    assert settle_country(None, "JP", r, basis="the address") == "JP" and r.count("guessed", "country") == 1
    r = ImportReport()
    assert settle_country(None, None, r, basis="") == PLACEHOLDER_COUNTRY == "XX"
    assert r.count("warning", "country") == 1
    with pytest.raises(ConfigError, match="--country"):
        check_country("Japan")


def test_imdf_address_wins_over_coordinates_and_mall_coordinates_are_a_guess(tmp_path) -> None:
    import json

    from tests.io.test_geojson import make_imdf, make_mall
    from wifiplan.io.geojson import import_imdf, import_mall

    venue = make_imdf(tmp_path / "venue")
    plain = import_imdf(venue)
    (venue / "address.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "a", "feature_type": "address", "geometry": None,
         "properties": {"address": "1 Main St", "locality": "Springfield", "country": "us"}}]}))
    res = import_imdf(venue)
    assert res.building.country == "US"
    assert any("IMDF address" in r.action for r in res.report.rows.values() if r.entity == "country")
    # the synthetic maps lie at 120.13° E, 30.30° N (Hangzhou): a guess of CN from the coordinates
    assert plain.building.country == "CN"
    mall = import_mall(make_mall(tmp_path / "site"))
    rows = [r for r in mall.report.rows.values() if r.entity == "country"]
    assert mall.building.country == "CN" and [r.kind for r in rows] == ["guessed"]
    assert "coordinates" in rows[0].action
    assert import_mall(make_mall(tmp_path / "site2"), country="JP").building.country == "JP"
