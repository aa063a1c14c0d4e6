"""Batch planning: parallel processes and Dask give the serial run's files, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wifiplan.errors import InputError, OutputExistsError
from wifiplan.workflow.batch import CRASH_HOOK_ENV, batch_jobs, run_batch

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "floorplans" / "small-office.yaml"


def _variant(tmp: Path, name: str, scale: float) -> Path:
    """The shipped small office under another name, every headcount scaled by ``scale``."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["name"] = f"Small office {name}"
    for floor in data["floors"]:
        for zone in floor.get("zones", []):
            if "headcount" in zone:
                zone["headcount"] = round(zone["headcount"] * scale)
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def buildings(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("batch-buildings")
    return [_variant(tmp, "alpha", 1.0), _variant(tmp, "beta", 1.6), _variant(tmp, "gamma", 0.5)]


@pytest.fixture(scope="module")
def serial(buildings, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("serial")
    return out, run_batch(buildings, out, jobs=1)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.plan.yaml"))}


def test_serial_batch_plans_every_building(serial, buildings):
    out, result = serial
    assert [Path(i.building).name for i in result.items] == [b.name for b in buildings]
    assert sorted(_files(out)) == ["alpha.plan.yaml", "beta.plan.yaml", "gamma.plan.yaml"]
    for item in result.items:
        assert item.status in ("met", "unmet") and item.aps >= 1
        plan = yaml.safe_load(Path(item.output).read_text(encoding="utf-8"))
        # the plan names its building relative to the output folder, so it loads from there
        assert (out / plan["building"]).resolve() == Path(item.building).resolve()
    # more people, at least as many APs (the beta variant has 1.6x the headcount of alpha)
    by = {Path(i.building).stem: i for i in result.items}
    assert by["beta"].aps >= by["alpha"].aps >= by["gamma"].aps


def test_parallel_processes_write_the_serial_bytes_in_any_order(serial, buildings, tmp_path):
    out, _ = serial
    result = run_batch(list(reversed(buildings)), tmp_path, jobs=2)
    assert result.engine == "local" and not result.failed
    assert _files(tmp_path) == _files(out)
    # items come back in the order given, whatever order they finished in
    assert [Path(i.building).name for i in result.items] == [b.name for b in reversed(buildings)]


def test_bad_building_is_reported_and_others_finish(buildings, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\nname: Broken\ncountry: JP\nfloors: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch([buildings[0], bad, buildings[2]], out, jobs=2)
    statuses = {Path(i.building).name: i.status for i in result.items}
    assert statuses == {"alpha.yaml": result.items[0].status, "broken.yaml": "failed",
                        "gamma.yaml": result.items[2].status}
    assert statuses["alpha.yaml"] != "failed" and statuses["gamma.yaml"] != "failed"
    failed = result.failed[0]
    assert "broken.yaml" in failed.error and "floors" in failed.error  # the located message
    assert sorted(_files(out)) == ["alpha.plan.yaml", "gamma.plan.yaml"]
    assert not result.ok


def test_dying_worker_is_reported_and_others_finish(buildings, tmp_path, monkeypatch):
    monkeypatch.setenv(CRASH_HOOK_ENV, "beta.yaml")
    result = run_batch(buildings, tmp_path, jobs=2)
    by = {Path(i.building).name: i for i in result.items}
    assert by["beta.yaml"].status == "failed"
    assert "died" in by["beta.yaml"].error and "86" in by["beta.yaml"].error
    assert by["alpha.yaml"].status != "failed" and by["gamma.yaml"].status != "failed"
    assert sorted(_files(tmp_path)) == ["alpha.plan.yaml", "gamma.plan.yaml"]


def test_existing_plan_is_refused_before_any_planning(buildings, tmp_path):
    (tmp_path / "beta.plan.yaml").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="beta.plan.yaml.*--force"):
        run_batch(buildings, tmp_path, jobs=2)
    assert (tmp_path / "beta.plan.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beta.plan.yaml"]


def test_same_file_name_twice_is_an_input_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(InputError, match="same plan file"):
        batch_jobs([tmp_path / "a" / "x.yaml", tmp_path / "b" / "x.yaml"], tmp_path / "out")
    with pytest.raises(InputError, match="given twice"):
        batch_jobs([tmp_path / "a" / "x.yaml", tmp_path / "a" / "x.yaml"], tmp_path / "out")
    with pytest.raises(InputError, match="at least 1"):
        run_batch([SMALL], tmp_path / "out", jobs=0)


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="needs Dask distributed (pip install 'wifiplan[test]')")
    import dask

    # one try per task: a worker that dies fails its building at once instead of after 3 retries;
    # saturation 1.0 keeps queued tasks on the scheduler, so a dying worker holds only its own task
    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.scheduler.worker-saturation": 1.0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=40) as cluster:
            yield cluster


def test_dask_cluster_writes_the_serial_bytes(serial, buildings, tmp_path, dask_cluster):
    out, _ = serial
    result = run_batch(buildings, tmp_path, scheduler=dask_cluster.scheduler_address)
    assert result.engine == "dask" and not result.failed
    assert _files(tmp_path) == _files(out)


def test_dask_unreachable_scheduler_is_an_input_error(tmp_path):
    pytest.importorskip("distributed", reason="needs Dask distributed (pip install 'wifiplan[test]')")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run_batch([SMALL], tmp_path, scheduler="tcp://127.0.0.1:9", connect_timeout_s=2)


def test_dask_dying_worker_is_reported_and_others_finish(buildings, tmp_path, monkeypatch, dask_cluster):
    monkeypatch.setenv(CRASH_HOOK_ENV, "gamma.yaml")
    result = run_batch(buildings, tmp_path, scheduler=dask_cluster.scheduler_address)
    by = {Path(i.building).name: i for i in result.items}
    assert by["gamma.yaml"].status == "failed" and "Dask task failed" in by["gamma.yaml"].error
    assert by["alpha.yaml"].status != "failed" and by["beta.yaml"].status != "failed"
    assert sorted(_files(tmp_path)) == ["alpha.plan.yaml", "beta.plan.yaml"]
