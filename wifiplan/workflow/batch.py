"""Plan many buildings at once: parallel local processes or a Dask distributed cluster.

Each building is loaded and validated here (so a bad file is reported with its located
message and the others go on), then planned by :func:`wifiplan.workflow.plan.plan_building`
in a worker: a process of its own on this machine (``jobs`` at a time), or a task on a
Dask scheduler for campuses beyond one machine. Workers return the plan file's text;
only this process writes files, so results are byte-identical to a serial run whatever
the worker count or the order in which buildings finish.

A building that fails (bad input, infeasible setup, a worker that dies) is reported as
failed with the reason; the other buildings still finish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wifiplan.errors import InputError, WifiplanError

__all__ = [
    "BatchItem",
    "BatchResult",
    "BatchJob",
    "batch_jobs",
    "plan_text",
    "run_batch",
    "CRASH_HOOK_ENV",
]

#: Test hook: a worker planning the building with this file name exits at once (exit code
#: 86), as a worker killed by the operating system would. Used by the suite to prove that a
#: dying worker is reported and the other buildings still finish.
CRASH_HOOK_ENV = "WIFIPLAN_TEST_WORKER_CRASH"

#: Called with each finished item (in completion order) and the counts so far.
Listener = Callable[["BatchItem", int, int], None]


@dataclass(frozen=True)
class BatchJob:
    """One building of a batch: where it is, where its plan goes, how the plan names it."""

    building: Path
    output: Path
    building_ref: str


@dataclass
class BatchItem:
    """The outcome for one building: ``met``, ``unmet`` (plan written, exit 1) or ``failed``."""

    building: str
    output: str | None
    status: str
    aps: int = 0
    spares: int = 0
    people: float = 0.0
    seconds: float = 0.0
    unmet: list[str] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"building": self.building, "output": self.output, "status": self.status, "aps": self.aps,
                "spares": self.spares, "people": self.people, "seconds": round(self.seconds, 2),
                "unmet": list(self.unmet), "error": self.error}


@dataclass
class BatchResult:
    """Every building's outcome, in the order the buildings were given."""

    items: list[BatchItem]
    seconds: float = 0.0
    engine: str = "local"

    @property
    def failed(self) -> list[BatchItem]:
        return [i for i in self.items if i.status == "failed"]

    @property
    def unmet(self) -> list[BatchItem]:
        return [i for i in self.items if i.status == "unmet"]

    @property
    def ok(self) -> bool:
        return all(i.status == "met" for i in self.items)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".yaml", ".yml", ".json"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def batch_jobs(buildings: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str]) -> list[BatchJob]:
    """One job per building: ``OUT_DIR/NAME.plan.yaml``, the building named relative to it.

    Raises
    ------
    InputError
        If no building is given, a building is given twice, or two buildings would write
        the same plan file (same file name in different folders).
    """
    out = Path(out_dir)
    if not buildings:
        raise InputError("no building files given; name one or more building files")
    seen: dict[str, Path] = {}
    jobs = []
    for b in buildings:
        path = Path(b)
        stem = _stem(path)
        if stem in seen:
            same = seen[stem].resolve() == path.resolve()
            raise InputError(
                f"{path}: " + ("given twice; name each building once" if same else
                               f"would write the same plan file as {seen[stem]} ({stem}.plan.yaml); "
                               "rename one of them or plan them into different --out-dir folders")
            )
        seen[stem] = path
        target = out / f"{stem}.plan.yaml"
        try:
            ref = Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()
        except ValueError:  # another drive (Windows)
            ref = path.resolve().as_posix()
        jobs.append(BatchJob(path, target, ref))
    return jobs


def plan_text(building: Any, *, building_ref: str, building_sha256: str, seed: int, name: str) -> dict[str, Any]:
    """Plan one validated building and return the plan file's text and summary figures.

    This is the worker's function (it runs in another process or on a Dask worker), so
    it takes and returns plain picklable values and writes nothing.
    """
    from wifiplan.design.planfile import plan_to_yaml
    from wifiplan.workflow.plan import plan_building

    result = plan_building(building, building_ref=building_ref, building_sha256=building_sha256, seed=seed)
    header = (f"wifiplan plan for {building.name} ({building_ref}), seed {seed}.\n"
              "Generated by `wifiplan plan`; `wifiplan check` re-evaluates it from the building and the APs.")
    summary = result.plan.summary
    return {
        "text": plan_to_yaml(result.plan, header=header),
        "met": bool(result.requirements_met),
        "unmet": list(result.unmet),
        "aps": len(result.plan.aps),
        "spares": len(result.plan.spares),
        "people": float(sum(f.get("people", 0.0) for f in summary.get("floors", []))),
        "seconds": float(result.seconds),
    }


def _guarded(building: Any, ref: str, sha: str, seed: int, name: str, crash: bool = False) -> tuple[str, Any]:
    """Run :func:`plan_text`, turning errors into a message (workers never raise)."""
    if crash:  # the test hook (CRASH_HOOK_ENV), decided by the caller, acted on in the worker
        os._exit(86)
    try:
        return "ok", plan_text(building, building_ref=ref, building_sha256=sha, seed=seed, name=name)
    except WifiplanError as err:
        return "error", str(err)
    except MemoryError:
        return "error", "out of memory while planning; plan it alone or on a larger machine"
    except Exception as err:  # noqa: BLE001 - a worker reports every failure as a message
        return "error", f"internal error: {type(err).__name__}: {err} (a bug; please report it)"


def _child(conn, args) -> None:  # runs in the worker process
    try:
        conn.send(_guarded(*args))
    finally:
        conn.close()


def _run_local(tasks: list[tuple[int, tuple]], jobs: int, done: Callable[[int, str, Any], None]) -> None:
    """Each task in a process of its own, ``jobs`` at a time; a process that dies is a failure."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["wifiplan.workflow.plan", "wifiplan.design.planfile"])
    pending = list(tasks)
    running: dict[Any, tuple[int, Any, Any]] = {}  # reader -> (index, process, reader)
    try:
        while pending or running:
            while pending and len(running) < jobs:
                idx, args = pending.pop(0)
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(writer, args), daemon=True)
                proc.start()
                writer.close()
                running[reader] = (idx, proc, reader)
            ready = wait([r for r in running] + [p.sentinel for _, p, _ in running.values()])
            for reader in list(running):
                idx, proc, _ = running[reader]
                if reader in ready or proc.sentinel in ready:
                    try:
                        status, payload = reader.recv()
                    except (EOFError, OSError):
                        proc.join()
                        status, payload = "error", (f"the worker process died (exit code {proc.exitcode}); "
                                                    "out of memory or killed — plan this building alone")
                    reader.close()
                    proc.join()
                    del running[reader]
                    done(idx, status, payload)
    finally:
        for idx, proc, reader in running.values():
            proc.kill()
            proc.join()


def _run_dask(tasks: list[tuple[int, tuple]], scheduler: Any, done: Callable[[int, str, Any], None],
              connect_timeout_s: float) -> None:
    """Each task on a Dask distributed cluster; a worker that dies is retried by Dask, then failed.

    A building whose worker died (``KilledWorker``) may only have shared the worker with the
    building that crashed it, so it is tried once more, alone, after the others: the building
    that kills its worker fails again and is reported, the others finish.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError("--scheduler needs Dask distributed: pip install 'wifiplan[dask]'") from None
    own = not hasattr(scheduler, "submit")
    try:
        client = Client(scheduler, timeout=f"{connect_timeout_s:g}s") if own else scheduler
    except (OSError, TimeoutError) as err:
        raise InputError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({err}); "
                         "check the address (tcp://HOST:8786) and that it is running") from None
    by_idx = dict(tasks)

    def outcome(fut) -> tuple[str, Any, bool]:
        try:
            status, payload = fut.result()
            return status, payload, False
        except Exception as err:  # noqa: BLE001 - KilledWorker, CancelledError, ...
            killed = type(err).__name__ == "KilledWorker"
            return "error", f"the Dask task failed ({type(err).__name__}: {err})", killed

    try:
        futures = {client.submit(_guarded, *args, key=f"wifiplan-plan-{idx}-{args[4]}", pure=False): idx
                   for idx, args in tasks}
        again: list[int] = []
        for fut in as_completed(futures):
            idx = futures[fut]
            status, payload, killed = outcome(fut)
            if killed:
                again.append(idx)
                continue
            done(idx, status, payload)
        for idx in sorted(again):  # one at a time, so a crashing building takes no other with it
            fut = client.submit(_guarded, *by_idx[idx], key=f"wifiplan-plan-{idx}-{by_idx[idx][4]}-alone", pure=False)
            status, payload, _killed = outcome(fut)
            done(idx, status, payload)
    finally:
        if own:
            client.close()


def run_batch(
    buildings: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    jobs: int = 1,
    scheduler: Any = None,
    seed: int = 0,
    force: bool = False,
    listener: Listener | None = None,
    connect_timeout_s: float = 20.0,
) -> BatchResult:
    """Plan every building into ``out_dir``; return each one's outcome in the given order.

    Parameters
    ----------
    buildings : sequence of paths
        Building files; each plan is written to ``OUT_DIR/NAME.plan.yaml``.
    jobs : int
        Buildings planned at once on this machine (each in its own process); 1 plans them
        one after the other in this process.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (``tcp://host:8786``) or client: plan on that cluster
        instead (``jobs`` is then ignored; the cluster decides). ``connect_timeout_s``
        bounds the wait for an address that does not answer.
    force : bool
        Replace existing plan files; without it an existing file is an error before any
        planning starts.

    Raises
    ------
    InputError
        Bad arguments, or an output that exists without ``force`` (nothing is planned).
    """
    from wifiplan.io.atomic import check_output, write_text
    from wifiplan.io.project import load_valid_building

    if jobs < 1:
        raise InputError(f"--jobs: must be at least 1 (got {jobs})")
    t0 = time.perf_counter()
    job_list = batch_jobs(buildings, out_dir)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out-dir {out}: is a file, not a directory")
    out.mkdir(parents=True, exist_ok=True)
    inputs = [j.building for j in job_list]
    for j in job_list:
        check_output(j.output, force=force, inputs=inputs)
    items: list[BatchItem | None] = [None] * len(job_list)
    finished = 0

    def finish(idx: int, item: BatchItem) -> None:
        nonlocal finished
        items[idx] = item
        finished += 1
        if listener is not None:
            listener(item, finished, len(job_list))

    tasks: list[tuple[int, tuple]] = []
    for idx, job in enumerate(job_list):
        try:
            loaded, _warnings = load_valid_building(job.building)
        except WifiplanError as err:
            finish(idx, BatchItem(str(job.building), None, "failed", error=str(err)))
            continue
        crash = os.environ.get(CRASH_HOOK_ENV) == job.building.name
        tasks.append((idx, (loaded.model, job.building_ref, loaded.sha256, seed, job.building.name, crash)))

    def done(idx: int, status: str, payload: Any) -> None:
        job = job_list[idx]
        if status != "ok":
            finish(idx, BatchItem(str(job.building), None, "failed", error=str(payload)))
            return
        write_text(job.output, payload["text"])
        finish(idx, BatchItem(str(job.building), job.output.as_posix(), "met" if payload["met"] else "unmet",
                              aps=payload["aps"], spares=payload["spares"], people=payload["people"],
                              seconds=payload["seconds"], unmet=payload["unmet"]))

    engine = "local"
    if scheduler is not None:
        engine = "dask"
        _run_dask(tasks, scheduler, done, connect_timeout_s)
    elif jobs == 1 and not any(args[-1] for _, args in tasks):
        for idx, args in tasks:
            status, payload = _guarded(*args)
            done(idx, status, payload)
    else:
        _run_local(tasks, jobs, done)
    return BatchResult([i for i in items if i is not None], time.perf_counter() - t0, engine)
