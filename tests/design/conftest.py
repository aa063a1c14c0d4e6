"""Small synthetic buildings for the design tests (fast to plan)."""

from __future__ import annotations

import pytest

from wifiplan.model.building import Building


def office_floor(name: str, elevation: float, *, people: int = 30, use: str = "office-web-meetings") -> dict:
    """A 24 x 16 m floor: open office west, meeting room east behind drywall and glass, a shaft."""
    return {
        "name": name, "elevation_m": elevation, "height_m": 3.5, "ap_height_m": 2.7,
        "outline": [[0, 0], [24, 0], [24, 16], [0, 16]],
        "walls": [
            {"material": "concrete", "path": [[0, 0], [24, 0], [24, 16], [0, 16], [0, 0]]},
            {"material": "drywall", "path": [[14, 0], [14, 7]]},
            {"material": "glass", "path": [[14, 7], [14, 10]]},
            {"material": "drywall", "path": [[14, 10], [14, 16]]},
        ],
        "zones": [
            {"name": f"Office {name}", "use": use, "headcount": people, "polygon": [[0, 0], [14, 0], [14, 16], [0, 16]]},
            {"name": f"Meeting {name}", "use": "meeting-room", "headcount": 10,
             "polygon": [[14, 0], [24, 0], [24, 16], [14, 16]]},
        ],
        "exclude": [[[20, 13], [24, 13], [24, 16], [20, 16]]],
        "telecom_rooms": [{"name": f"TR-{name}", "kind": "mdf" if elevation == 0 else "idf", "at": [1, 1]}],
        "risers": [{"name": "R1", "at": [2, 1]}],
        "pathways": [{"kind": "tray", "path": [[1, 1], [1, 8], [23, 8]]}],
    }


def make_building(country: str = "JP", floors: int = 1, **requirements) -> Building:
    return Building.model_validate({
        "name": "Synthetic", "country": country,
        "floors": [office_floor(f"{i + 1}F", 3.5 * i) for i in range(floors)],
        "requirements": requirements,
    })


def make_workspace(floors: int):
    """The design-band (5 GHz, 20 dBm EIRP) workspace of :func:`make_building` with ``floors`` floors."""
    from wifiplan.design.radio import ap_spec
    from wifiplan.design.workspace import Workspace
    from wifiplan.rf.settings import make_settings

    b = make_building(floors=floors)
    return Workspace(b, make_settings(b), band="5", spec=ap_spec(b), cover_freq_mhz=5825.0,
                     hear_freq_mhz=5180.0, max_eirp_dbm=20.0)


@pytest.fixture
def one_floor() -> Building:
    return make_building()
