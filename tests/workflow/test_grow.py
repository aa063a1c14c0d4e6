"""plan --existing: existing APs kept, spares first, origin on every AP, idempotence, CSV and ESX sources."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import SMALL_BUILDING
from wifiplan.design.grow import Existing, next_names
from wifiplan.design.planfile import plan_to_yaml
from wifiplan.model.building import Building
from wifiplan.model.plan import Spare
from wifiplan.workflow.grow import STEP_KEYS, existing_from_plan, grow_path, load_existing, plan_grown, scaled_building
from wifiplan.workflow.plan import plan_building


@pytest.fixture(scope="module")
def building() -> Building:
    return Building.model_validate(yaml.safe_load(SMALL_BUILDING))


@pytest.fixture(scope="module")
def base(building):
    return plan_building(building, seed=0)


@pytest.fixture(scope="module")
def doubled(building, base):
    return plan_grown(scaled_building(building, 1.0), existing_from_plan(base.plan), seed=0)


def _where(plan) -> dict[str, tuple]:
    return {a.name: (a.floor, tuple(a.at), a.height_m) for a in plan.aps}


def test_unchanged_building_keeps_the_plan(building, base) -> None:
    again = plan_grown(building, existing_from_plan(base.plan), seed=0)
    assert [a.model_copy(update={"origin": None}) for a in again.plan.aps] == base.plan.aps
    assert all(a.origin == "existing" for a in again.plan.aps)
    assert again.plan.spares == base.plan.spares
    assert again.plan.cabling == base.plan.cabling


def test_the_24_ghz_note_counts_the_radios_the_plan_keeps(building, base) -> None:
    # the other bands are re-planned for the whole set inside the step and then the existing
    # radios are kept: the re-planned set's thinning note ("N of M switched off") must not be
    # written for radios the plan does not have (city hall: the note said 52 off, the plan 51)
    aps = [a.model_copy(update={"radios": a.radios | {"2.4": a.radios["2.4"].model_copy(update={"enabled": False})}})
           if k < 2 else a for k, a in enumerate(base.plan.aps)]
    start = existing_from_plan(base.plan.model_copy(update={"aps": aps}))
    for b in (building, scaled_building(building, 1.0)):
        res = plan_grown(b, start, seed=0)
        off = sum(1 for a in res.plan.aps if not a.radios["2.4"].enabled)
        said = [n for n in res.plan.summary["notes"] if "radios switched off" in n]
        assert said == [f"2.4 GHz: {off} of {len(res.plan.aps)} radios switched off (at most 3 co-channel APs heard "
                        "per location, check CH05)"], said
        assert off >= 2


def test_replan_against_its_own_plan_is_byte_identical(building, base, doubled) -> None:
    b2 = scaled_building(building, 1.0)
    once = plan_grown(b2, existing_from_plan(doubled.plan), seed=0)
    twice = plan_grown(b2, existing_from_plan(once.plan), seed=0)
    assert plan_to_yaml(once.plan) == plan_to_yaml(twice.plan)
    assert _where(once.plan) == _where(doubled.plan)


def test_growth_keeps_existing_aps_in_place(base, doubled) -> None:
    old = _where(base.plan)
    new = _where(doubled.plan)
    assert all(new[name] == where for name, where in old.items())   # 0 moved, 0 removed
    origins = {a.name: a.origin for a in doubled.plan.aps}
    assert {origins[n] for n in old} == {"existing"}
    added = [a for a in doubled.plan.aps if a.name not in old]
    assert added, "twice the headcount needs more APs"
    assert {a.origin for a in added} <= {"spare", "new"}
    # existing APs keep their cable runs
    runs = {r.from_: r for r in doubled.plan.cabling}
    for r in base.plan.cabling:
        if r.from_ in old:
            assert runs[r.from_] == r


def test_growth_retunes_only_what_must_change(base, doubled) -> None:
    # the doubled headcount is met by adding APs; the existing APs' radios already serve their
    # cells, so none needs another channel, width or on/off (the old search re-planned every band);
    # a radio's power may only go down (the balancing lowers a loaded radio 1 dB at a time)
    old = {a.name: a.radios for a in base.plan.aps}
    assert doubled.requirements_met
    for a in doubled.plan.aps:
        if a.name not in old:
            continue
        for b, r in a.radios.items():
            o = old[a.name][b]
            assert (r.channel, r.width_mhz, r.enabled) == (o.channel, o.width_mhz, o.enabled)
            assert r.tx_power_dbm <= o.tx_power_dbm


def test_spares_first_and_used_spares_leave_the_list(base, doubled) -> None:
    spare_at = {(s.floor, tuple(s.at)): s.name for s in base.plan.spares}
    on_spares = [a for a in doubled.plan.aps if a.origin == "spare"]
    assert on_spares, "the base plan's spares should take some of the growth"
    for a in on_spares:
        assert (a.floor, tuple(a.at)) in spare_at
    left = {s.name for s in doubled.plan.spares}
    assert not left & {spare_at[(a.floor, tuple(a.at))] for a in on_spares}
    # new positions only once the spares are used up or do not help
    new = [a for a in doubled.plan.aps if a.origin == "new"]
    if new:
        assert len(on_spares) >= 1


def test_spares_run_out_new_positions_priced_as_retrofit(building, base) -> None:
    one = Existing(aps=list(base.plan.aps), spares=list(base.plan.spares[:1]), cabling=list(base.plan.cabling))
    res = plan_grown(scaled_building(building, 2.0), one, seed=0)
    origins = [a.origin for a in res.plan.aps]
    assert origins.count("spare") <= 1 and origins.count("new") >= 1
    assert res.cost.new_positions == origins.count("new")
    assert any(line.category == "copper" for line in res.cost.lines)            # new runs are priced
    assert any(line.key == "ceiling_opening" for line in res.cost.lines)        # as a retrofit


def test_new_names_take_the_next_free_number(base, doubled) -> None:
    for floor in {a.floor for a in doubled.plan.aps}:
        old = sorted(int(a.name.rsplit("AP", 1)[1]) for a in base.plan.aps if a.floor == floor)
        new = sorted(int(a.name.rsplit("AP", 1)[1]) for a in doubled.plan.aps
                     if a.floor == floor and a.origin != "existing")
        if new:
            assert new == list(range(max(old, default=0) + 1, max(old, default=0) + 1 + len(new)))
    assert next_names("2F", {"2F-AP03"}, 1) == ["2F-AP04"]


def test_same_step_without_spares_costs_more(building, base) -> None:
    b2 = scaled_building(building, 1.0)
    with_spares = plan_grown(b2, existing_from_plan(base.plan), seed=0)
    bare = Existing(aps=list(base.plan.aps), spares=[], cabling=[r for r in base.plan.cabling
                                                                 if r.from_ in {a.name for a in base.plan.aps}])
    without = plan_grown(b2, bare, seed=0)
    assert without.cost.on_spares == 0
    if with_spares.cost.on_spares:
        assert without.cost.total > with_spares.cost.total


def test_csv_source(tmp_path, building, base) -> None:
    rows = ["floor,name,x_m,y_m,height_m"] + [f"{a.floor},{a.name},{a.at[0]},{a.at[1]},{a.height_m}" for a in base.plan.aps]
    path = tmp_path / "aps.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ex = load_existing(path, building)
    assert [(a.name, a.floor, tuple(a.at)) for a in ex.aps] == [(a.name, a.floor, tuple(a.at)) for a in base.plan.aps]
    res = plan_grown(building, ex, seed=0)
    kept = {a.name: (a.floor, tuple(a.at)) for a in res.plan.aps if a.origin == "existing"}
    assert kept == {a.name: (a.floor, tuple(a.at)) for a in base.plan.aps}


def test_esx_source(tmp_path, building, base) -> None:
    from wifiplan.io.esx import export_esx

    path = tmp_path / "site.esx"
    path.write_bytes(export_esx(base.plan, building))
    ex = load_existing(path, building)
    got = sorted((a.floor, a.at[0], a.at[1]) for a in ex.aps)
    want = sorted((a.floor, a.at[0], a.at[1]) for a in base.plan.aps)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g[0] == w[0] and g[1] == pytest.approx(w[1], abs=0.01) and g[2] == pytest.approx(w[2], abs=0.01)
    grown = plan_grown(scaled_building(building, 1.0), ex, seed=0)   # the imported APs stay where they are
    kept = sorted((a.floor, a.at[0], a.at[1]) for a in grown.plan.aps if a.origin == "existing")
    assert kept == got and len(grown.plan.aps) > len(kept)


def test_unknown_floor_is_a_clear_error(building, base) -> None:
    from wifiplan.errors import WifiplanError

    bad = Existing(aps=[base.plan.aps[0].model_copy(update={"floor": "9F"})], spares=[Spare(name="s", floor="1F", at=[1, 1])],
                   source="old.plan.yaml")
    with pytest.raises(WifiplanError, match="9F.*not in the building.*old.plan.yaml"):
        plan_grown(building, bad, seed=0)


def test_unknown_existing_kind(tmp_path, building) -> None:
    from wifiplan.errors import InputError

    p = tmp_path / "aps.txt"
    p.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown kind"):
        load_existing(p, building)


def test_removal_only_when_allowed(building, base) -> None:
    fewer = scaled_building(building, -0.8)          # a fifth of the people: the existing APs are more than enough
    kept = plan_grown(fewer, existing_from_plan(base.plan), seed=0)
    assert {a.name for a in kept.plan.aps} == {a.name for a in base.plan.aps}
    pruned = plan_grown(fewer, existing_from_plan(base.plan), seed=0, allow_removal=True)
    names = {a.name for a in pruned.plan.aps}
    assert names < {a.name for a in base.plan.aps}               # some removed (6 -> 2 when written)
    assert pruned.requirements_met
    assert all(a.origin == "existing" for a in pruned.plan.aps)
    where = _where(base.plan)
    assert all(where[a.name] == (a.floor, tuple(a.at), a.height_m) for a in pruned.plan.aps)  # removed, never moved


def test_moves_only_when_allowed(building, base, doubled) -> None:
    b2 = scaled_building(building, 1.0)
    moved = plan_grown(b2, existing_from_plan(base.plan), seed=0, allow_moves=True)
    old = _where(base.plan)
    assert {a.name for a in moved.plan.aps} >= set(old)           # nothing removed
    shifted = [a for a in moved.plan.aps if a.name in old and (a.floor, tuple(a.at), a.height_m) != old[a.name]]
    assert shifted                                                 # the move pass used its licence
    assert all(a.floor == old[a.name][0] for a in shifted)         # a move stays on its floor
    runs = {r.from_: r for r in moved.plan.cabling}
    for a in shifted:                                              # a moved AP gets a new run from where it is
        assert runs[a.name].route[0] == a.at
    assert all(_where(doubled.plan)[n] == w for n, w in old.items())  # and without the flag nothing moved


def test_an_empty_deployment_is_an_input_error(building) -> None:
    from wifiplan.errors import InputError

    with pytest.raises(InputError, match="empty.plan.yaml: no access points"):
        plan_grown(building, Existing(aps=[], source="empty.plan.yaml"))


def test_origin_round_trip(tmp_path, doubled) -> None:
    from wifiplan.io.load import load_plan

    path = tmp_path / "grown.plan.yaml"
    path.write_text(plan_to_yaml(doubled.plan), encoding="utf-8")
    back = load_plan(path).model
    assert [(a.name, a.origin) for a in back.aps] == [(a.name, a.origin) for a in doubled.plan.aps]
    assert {a.origin for a in back.aps} >= {"existing"} and len({a.origin for a in back.aps}) >= 2
    assert plan_to_yaml(back) == plan_to_yaml(doubled.plan)


def test_relabelled_channels_keep_existing_aps_on_theirs() -> None:
    from wifiplan.design.grow import _keep_channels
    from wifiplan.library import get_domain
    from wifiplan.model.plan import AccessPoint, Radio

    def ap(name, ch5, ch24):
        return AccessPoint(name=name, floor="1F", at=[0, 0], radios={"5": Radio(channel=ch5, width_mhz=20),
                                                                    "2.4": Radio(channel=ch24, width_mhz=20)})

    before = {"A": ap("A", 36, 1), "B": ap("B", 40, 5)}      # JP 2.4 GHz design channels: 1, 5, 9, 13
    # the re-plan swapped A and B on 2.4 GHz and gave a new AP C channel 1 (with B): same partition
    replanned = [ap("A", 36, 5), ap("B", 40, 1), ap("C", 44, 1)]
    out = _keep_channels(replanned, before, get_domain("JP"), skip="5")
    got = {a.name: (a.radios["5"].channel, a.radios["2.4"].channel) for a in out}
    assert got == {"A": (36, 1), "B": (40, 5), "C": (44, 5)}   # 2.4 GHz relabelled 5<->1; 5 GHz untouched


def test_grow_path_is_the_stable_record_the_report_reads(building) -> None:
    d = grow_path(building, [0.5, 1.0], seed=0)
    for key in ("with_spares", "without_spares"):
        assert [tuple(r) for r in d["paths"][key]] == [STEP_KEYS, STEP_KEYS]
        assert [r["step"] for r in d["paths"][key]] == [0.5, 1.0]
        for r in d["paths"][key]:
            assert r["aps_added"] == r["on_spares"] + r["new_positions"]
    assert d["paths"]["without_spares"][0]["on_spares"] == 0
    tot = {k: sum(r["cost_incl_tax"] for r in v) for k, v in d["paths"].items()}
    assert d["totals_incl_tax"] == {k: round(v, d["decimals"]) for k, v in tot.items()}
    want = tot["without_spares"] - tot["with_spares"] - d["prepare_now"]["cost_incl_tax"]
    assert d["saving_incl_tax"] == round(want, d["decimals"])


def test_added_capacity_aps_take_the_power_of_an_ap_on_their_floor(building, base) -> None:
    # the existing APs turned down 3 dB (as the planner's power control does where APs are dense):
    # an AP added for capacity takes the power of the nearest AP on its floor, not the design
    # power, or it would draw its neighbours' clients and overload itself
    band = base.layout.band
    low = [a.model_copy(update={"radios": {**a.radios, band: a.radios[band].model_copy(
        update={"tx_power_dbm": a.radios[band].tx_power_dbm - 3.0})}}) for a in base.plan.aps]
    # × 2.5 headcount: capacity APs are needed (at × 2, the 3 dB lower cells leave coverage short first)
    res = plan_grown(scaled_building(building, 1.5), Existing(aps=low, spares=list(base.plan.spares),
                                                              cabling=list(base.plan.cabling)), seed=0)
    added = [a for a in res.plan.aps if a.origin in ("spare", "new") and a.reason == "capacity"]
    assert added
    lowered = {a.radios[band].tx_power_dbm for a in low}
    for a in added:
        assert a.radios[band].tx_power_dbm in lowered
