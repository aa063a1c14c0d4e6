"""Reading indoor maps in lon/lat: mall GeoJSON folders (one per floor) and Apple IMDF archives.

Returns levels of units (name, category, lon/lat geometry) and openings, in source
coordinates; :mod:`wifiplan.io.geojson` projects and maps them to floors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from wifiplan.errors import InputError
from wifiplan.io.importreport import ImportReport
from wifiplan.io.safezip import open_zip, read_member

__all__ = ["Unit", "Level", "mall_floor_ordinal", "read_mall", "read_imdf", "imdf_address_country", "features",
           "label_text"]

_MALL_FLOOR = re.compile(r"^(?:(B)(\d+)|(?:F|L)(\d+))$", re.I)


def mall_floor_ordinal(name: str) -> int | None:
    """Ordinal of a mall floor folder: ``B2`` → −2, ``B1`` → −1, ``F1`` → 0, ``F3`` → 2.

    >>> [mall_floor_ordinal(n) for n in ("B2", "B1", "F1", "F3", "roof")]
    [-2, -1, 0, 2, None]
    """
    m = _MALL_FLOOR.match(name.strip())
    if not m:
        return None
    if m.group(1):
        return -int(m.group(2))
    return int(m.group(3)) - 1


@dataclass
class Unit:
    name: str
    category: str
    geom: BaseGeometry  # lon/lat until projected
    source_ids: str = ""  # the source's own category ids (mall maps): matched by --use-map rules only


@dataclass
class Level:
    name: str
    ordinal: int
    outline: BaseGeometry | None
    units: list[Unit] = field(default_factory=list)
    openings: list[tuple[BaseGeometry, bool]] = field(default_factory=list)  # (line, has door)
    expected_size_m: tuple[float, float] | None = None




def label_text(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("en", "zh", "ja"):
            if value.get(key):
                return str(value[key])
        return str(next(iter(value.values()), "")) if value else ""
    return "" if value is None else str(value)


def _geom(feature: dict, where: str) -> BaseGeometry | None:
    g = feature.get("geometry")
    if not g:
        return None
    try:
        return shape(g)
    except Exception as err:  # noqa: BLE001 - shapely raises several types for bad GeoJSON
        raise InputError(f"{where}: bad GeoJSON geometry: {err}") from err


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not valid JSON ({err})") from None


def read_mall(root: Path, report: ImportReport, floors: list[str] | None) -> list[Level]:
    if not root.is_dir():
        raise InputError(f"{root}: expected a site folder with one sub-folder per floor (each with geojson_map.json)")
    levels: list[Level] = []
    folders = sorted(p for p in root.iterdir() if (p / "geojson_map.json").is_file())
    if not folders:
        raise InputError(f"{root}: no floor sub-folders with geojson_map.json found")
    for folder in folders:
        if floors and folder.name not in floors:
            continue
        data = _read_json(folder / "geojson_map.json")
        feats = data.get("features") if isinstance(data, dict) else None
        feats = [f for f in feats if isinstance(f, dict)] if isinstance(feats, list) else None
        if not feats:
            report.skipped("floor", "geojson_map.json has no features", example=folder.name)
            continue
        ordinal = mall_floor_ordinal(folder.name)
        props0 = feats[0].get("properties") if isinstance(feats[0].get("properties"), dict) else {}
        if ordinal is None and isinstance(props0.get("floor_num"), int):
            n = props0["floor_num"]
            ordinal = n if n < 0 else n - 1
        if ordinal is None:
            report.skipped("floor", "folder name is not B<n>/F<n> and no floor_num", example=folder.name)
            continue
        outline = _geom(feats[0], f"{folder.name}/geojson_map.json features[0]")
        level = Level(folder.name, ordinal, outline)
        for k, feat in enumerate(feats[1:], start=1):
            g = _geom(feat, f"{folder.name}/geojson_map.json features[{k}]")
            if g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
                report.skipped("unit", "not a polygon", example=f"{folder.name}#{k}")
                continue
            props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
            name = label_text(props.get("display") or props.get("name"))
            cat = props.get("category")
            ids = " ".join(map(str, cat)) if isinstance(cat, list) else (str(cat) if cat else "")
            level.units.append(Unit(name, "", g, ids))
        info = folder / "floor_info.json"
        if info.is_file():
            data_info = _read_json(info)
            mi = data_info.get("map_info") if isinstance(data_info, dict) else None
            try:
                level.expected_size_m = (float(mi["width"]), float(mi["height"]))
            except (TypeError, KeyError, ValueError):
                report.skipped("floor_info.json", "no map_info width/height", example=folder.name)
        levels.append(level)
    if floors:
        missing = sorted(set(floors) - {lv.name for lv in levels})
        if missing:
            raise InputError(f"{root}: floor(s) {', '.join(missing)} not found; folders: {', '.join(p.name for p in folders)}")
    return levels


def _imdf_members(path: Path) -> dict[str, Any]:
    """Feature collections of an IMDF folder or ZIP by file stem (``level``, ``unit``...)."""
    out: dict[str, Any] = {}
    if path.is_dir():
        for p in sorted(path.glob("*.geojson")) + sorted(path.glob("manifest.json")):
            out[p.stem] = _read_json(p)
        return out
    if not path.is_file():
        raise InputError(f"{path}: not found")
    with open_zip(path) as zf:
        for info in zf.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith(".geojson") or base == "manifest.json":
                raw = read_member(zf, info)
                try:
                    out[base.rsplit(".", 1)[0]] = json.loads(raw.decode("utf-8-sig"))
                except (json.JSONDecodeError, UnicodeDecodeError) as err:
                    raise InputError(f"{path}:{info.filename}: not valid JSON ({err})") from None
    return out


def features(collection: Any) -> list[dict]:
    feats = collection.get("features") if isinstance(collection, dict) else None
    return [f for f in feats if isinstance(f, dict)] if isinstance(feats, list) else []


def read_imdf(path: Path, report: ImportReport) -> tuple[list[Level], str | None]:
    members = _imdf_members(path)
    if "manifest" not in members:
        report.warn("archive", "no manifest.json (not a complete IMDF archive)")
    for need in ("level", "unit"):
        if need not in members:
            raise InputError(f"{path}: IMDF needs {need}.geojson (found: {', '.join(sorted(members)) or 'nothing'})")
    levels: dict[str, Level] = {}
    for k, feat in enumerate(features(members["level"])):
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        lid = str(feat.get("id"))
        ordinal = props.get("ordinal")
        if not isinstance(ordinal, int):
            report.skipped("level", "no integer ordinal", example=lid)
            continue
        name = (label_text(props.get("short_name")) or label_text(props.get("name")) or f"L{ordinal}")[:100]
        levels[lid] = Level(name, ordinal, _geom(feat, f"level.geojson features[{k}]"))
    for k, feat in enumerate(features(members["unit"])):
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        lv = levels.get(str(props.get("level_id")))
        g = _geom(feat, f"unit.geojson features[{k}]")
        if lv is None or g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
            report.skipped("unit", "no level or not a polygon", example=str(feat.get("id")))
            continue
        name = label_text(props.get("name")) or label_text(props.get("alt_name"))
        lv.units.append(Unit(name, str(props.get("category") or ""), g))
    for k, feat in enumerate(features(members.get("opening"))):
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        lv = levels.get(str(props.get("level_id")))
        g = _geom(feat, f"opening.geojson features[{k}]")
        if lv is None or g is None or g.geom_type not in ("LineString", "MultiLineString"):
            report.skipped("opening", "no level or not a line", example=str(feat.get("id")))
            continue
        lv.openings.append((g, bool(props.get("door"))))
    # a venue with several buildings has one level per building and ordinal: one floor each
    by_ordinal: dict[int, list[Level]] = {}
    for lv in levels.values():
        by_ordinal.setdefault(lv.ordinal, []).append(lv)
    merged: list[Level] = []
    for ordinal in sorted(by_ordinal):
        group = by_ordinal[ordinal]
        if len(group) == 1:
            merged.append(group[0])
            continue
        outlines = [lv.outline for lv in group if lv.outline is not None]
        names = sorted({lv.name for lv in group})
        merged.append(Level(names[0] if len(names) == 1 else "/".join(names), ordinal,
                             shapely.union_all(outlines) if outlines else None,
                             [u for lv in group for u in lv.units], [o for lv in group for o in lv.openings]))
        report.warn("level", f"{len(group)} levels share ordinal {ordinal} (several buildings): merged", example=names[0])
    known = {"manifest", "level", "unit", "opening", "address"}
    for other in sorted(set(members) - known):
        n = len(features(members[other]))
        if n:
            report.skipped(other, "feature type not used by wifiplan", count=n)
    return merged, imdf_address_country(members)


def imdf_address_country(members: dict[str, Any]) -> str | None:
    """The ``country`` of the first IMDF address feature (ISO 3166 alpha-2), if any."""
    for feat in features(members.get("address")):
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        c = props.get("country")
        if isinstance(c, str) and re.fullmatch(r"[A-Za-z]{2}", c.strip()):
            return c.strip().upper()
    return None
