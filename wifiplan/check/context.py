"""The check context: a loaded project plus lazily computed, cached evaluations."""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wifiplan.errors import BuildingFileError, InputError, Location, PlanFileError, Problem, WifiplanError
from wifiplan.io.load import Loaded, load_building, load_plan
from wifiplan.model.building import Building, Floor
from wifiplan.model.plan import AccessPoint, Plan, Settings

__all__ = ["CheckOptions", "CheckContext", "StageUnavailable", "load_context", "display_path", "stage"]


class CheckOptions(BaseModel):
    """What to check: rule selectors (codes, names, prefixes) and the failure threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    select: tuple[str, ...] = Field((), description="Run only these rules (empty: all).")
    ignore: tuple[str, ...] = Field((), description="Never report these rules.")
    fail_on: Literal["error", "warning"] = "error"


class StageUnavailable(Exception):
    """A rule needs a pipeline stage (or a function of it) that this install does not have."""


def stage(module: str, *names: str) -> Any:
    """Import ``module`` and return the attribute(s) ``names``; raise :class:`StageUnavailable`.

    Rules code against the public functions of later-landing stages (rf, capacity, design,
    cabling, cost); when one is missing the rule is reported as skipped, not as a crash.
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name and (module == err.name or module.startswith(err.name + ".")):
            raise StageUnavailable(f"{module} is not available in this version") from None
        raise
    try:
        found = [getattr(mod, n) for n in names]
    except AttributeError as err:
        raise StageUnavailable(f"{module} has no {err.name}") from None
    return found[0] if len(found) == 1 else tuple(found)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as reports show it: relative to the working directory when below it, POSIX slashes."""
    p = Path(os.path.normpath(os.path.abspath(path)))
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return p.as_posix()


@dataclass
class CheckContext:
    """A plan and its building, with evaluations computed once on first use.

    ``cache(key, factory)`` memoises anything else a rule needs; coverage maps are cached
    per (floor, band) so CV01, CV02, CV03 and CH03 share one evaluation.
    """

    plan_file: Loaded[Plan]
    building_file: Loaded[Building]
    building_problems: list[Problem] = field(default_factory=list)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    # -- the models ---------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self.plan_file.model

    @property
    def building(self) -> Building:
        return self.building_file.model

    @property
    def building_changed(self) -> bool:
        """The plan's ``building_sha256`` is set and differs from the building file now."""
        sha = self.plan.building_sha256
        return bool(sha) and sha != self.building_file.sha256

    @cached_property
    def floors(self) -> list[Floor]:
        """Floors ordered bottom-up by elevation."""
        return sorted(self.building.floors, key=lambda f: f.elevation_m)

    @cached_property
    def settings(self) -> Settings:
        """The plan's model settings completed for the building (materials it does not list resolved).

        Uses ``wifiplan.rf.settings.effective_settings`` (a hand-written plan gets every
        default filled in); the model parameters are inputs, not results, so they are used.
        """
        try:
            effective_settings = stage("wifiplan.rf.settings", "effective_settings")
        except StageUnavailable:
            from wifiplan.model.resolve import resolve_materials

            return self.plan.settings.model_copy(update={"materials": resolve_materials(self.building)})
        return effective_settings(self.building, self.plan.settings)

    @cached_property
    def requirements(self):
        """The building's requirements with the issue-12 defaults for the plan's model.

        A plan of the legacy model (``settings.model: multiwall``) gets only what the building
        sets explicitly (format-1 contract, ``Requirements.effective``).
        """
        return self.building.requirements.effective(self.plan.settings.model)

    @property
    def new_capacity(self) -> bool:
        """Capacity is evaluated on every band with clients in contention (not the legacy design-band model)."""
        r = self.requirements
        return bool(r.client_contention) or bool(r.check_associated_clients)

    @cached_property
    def aps(self) -> list[AccessPoint]:
        """APs standing on a floor of the building (others are reported by PL00)."""
        names = {f.name for f in self.building.floors}
        return [ap for ap in self.plan.aps if ap.floor in names]

    def ap_index(self, ap: AccessPoint) -> int:
        """Position of ``ap`` in the plan's ``aps`` list."""
        for i, item in enumerate(self.plan.aps):
            if item is ap:
                return i
        return self.plan.aps.index(ap)

    def aps_on(self, floor: str) -> list[AccessPoint]:
        return [ap for ap in self.aps if ap.floor == floor]

    # -- locations ----------------------------------------------------------------------
    def in_plan(self, *path: str | int, key: bool = False) -> Location:
        """Location of a field of the plan file (its key with ``key``; nearest enclosing node when absent)."""
        return self.plan_file.source_map.locate(tuple(path), key=key)

    def in_building(self, *path: str | int) -> Location:
        return self.building_file.source_map.locate(tuple(path))

    def at_ap(self, ap: AccessPoint, *path: str | int) -> Location:
        return self.in_plan("aps", self.ap_index(ap), *path)

    def at_floor(self, floor: str, *path: str | int) -> Location:
        return self.in_building("floors", self.building.floor_index(floor), *path)

    def zone_at(self, floor: str, x_m: float, y_m: float) -> tuple[int, str] | None:
        """Index and name of the zone of ``floor`` containing the point, if any."""
        import shapely

        from wifiplan.model.geometry import polygon

        fl = self.building.floor(floor)
        pt = shapely.points(x_m, y_m)
        for j, zone in enumerate(fl.zones):
            if polygon(zone.polygon).buffer(1e-6).covers(pt):
                return j, zone.name
        return None

    # -- cached evaluations -------------------------------------------------------------
    def cache(self, key: Any, factory: Callable[[], Any]) -> Any:
        """``factory()`` computed once per key and context; a StageUnavailable is cached too."""
        if key not in self._cache:
            try:
                self._cache[key] = factory()
            except StageUnavailable as err:
                self._cache[key] = err
        value = self._cache[key]
        if isinstance(value, StageUnavailable):
            raise value
        return value

    def grid(self, floor: str) -> Any:
        """The sample grid of ``floor`` (``wifiplan.rf.grid.floor_grid``), at ``settings.grid_m``."""
        def make():
            floor_grid = stage("wifiplan.rf.grid", "floor_grid")
            return floor_grid(self.building, floor, self.settings.grid_m)

        return self.cache(("grid", floor), make)

    def coverage(self, floor: str, band: str) -> Any:
        """Coverage maps of ``floor`` on ``band`` from every AP of the plan (``rf.maps.coverage_maps``)."""
        def make():
            coverage_maps = stage("wifiplan.rf.maps", "coverage_maps")
            maps = coverage_maps(self.building, self.settings, self.aps, floor, band, grid=self.grid(floor))
            # the (APs × points) levels are only read by the every-band capacity: keep what it reads
            # of them (capacity.bands.band_maps, sparse) and let the grid go (a mall: 0.45 GB per
            # floor and band, every floor and band cached at once)
            try:
                band_maps = stage("wifiplan.capacity.bands", "band_maps")
                self._cache[("band_maps", floor, band)] = band_maps(self.building, self.settings, self.aps, maps)
            except (StageUnavailable, WifiplanError):   # e.g. an unknown use: capacity_bands will say so
                return maps
            return dataclasses.replace(maps, rssi_dbm=None)

        return self.cache(("coverage", floor, band), make)


    @cached_property
    def spares(self) -> list:
        """Spares standing on a floor of the building, names not already used by an AP."""
        names = {f.name for f in self.building.floors}
        taken = {ap.name for ap in self.aps}
        out = []
        for s in self.plan.spares:
            if s.floor in names and s.name not in taken:
                taken.add(s.name)
                out.append(s)
        return out

    def cabling(self) -> Any:
        """Every AP and spare routed to a telecom room (``wifiplan.cabling.route_plan``), computed once.

        Duplicate names (PL00's finding) are routed once, under their first use.
        """
        def make():
            route_plan = stage("wifiplan.cabling", "route_plan")
            seen: set[str] = set()
            aps = []
            for ap in self.aps:
                if ap.name not in seen:
                    seen.add(ap.name)
                    aps.append(ap)
            return route_plan(self.building, aps, self.spares, ap_preset=self.building.ap.preset)

        return self.cache("cabling", make)


    def capacity(self) -> Any:
        """Demand, association, airtime, utilisation and clients per radio on the design band at the
        growth scenario (``wifiplan.capacity.evaluate.evaluate_plan``), computed once."""
        def make():
            evaluate_plan = stage("wifiplan.capacity.evaluate", "evaluate_plan")
            band = self.building.requirements.band
            return evaluate_plan(self.building, self.settings, self.aps, band=band,
                                 maps_of=lambda floor: self.coverage(floor, band))

        return self.cache("capacity", make)


    def _band_maps(self, floor: str, band: str) -> Any:
        maps = self.coverage(floor, band)
        return self._cache.get(("band_maps", floor, band), maps)

    def capacity_bands(self) -> Any:
        """Capacity on every band the plan serves (``wifiplan.capacity.bands.evaluate_bands``), computed once:
        band → evaluation with airtime, utilisation (clients counted unless
        ``requirements.client_contention`` is off), active and associated clients per radio."""
        def make():
            evaluate_bands = stage("wifiplan.capacity.bands", "evaluate_bands")
            return evaluate_bands(self.building, self.settings, self.aps, requirements=self.requirements,
                                  maps_of=self._band_maps)

        return self.cache("capacity_bands", make)


def load_context(plan_path: str | os.PathLike[str], *, building: str | os.PathLike[str] | None = None) -> CheckContext:
    """Load a plan and its building for checking; building problems are kept, not raised.

    Raises
    ------
    PlanFileError
        The plan is unreadable, not valid YAML/JSON, does not follow the plan format,
        or names no building that exists.
    BuildingFileError
        The building is unreadable or does not follow the building format.
    """
    from wifiplan.model.validate import validate_building

    try:
        plan = load_plan(display_path(plan_path))
    except InputError as err:
        if isinstance(err, PlanFileError):
            raise
        raise PlanFileError(str(err), problems=err.problems) from err
    if building is not None:
        bpath = Path(building)
    elif plan.model.building:
        bpath = Path(plan_path).parent / plan.model.building
    else:
        loc = plan.source_map.locate(())
        raise PlanFileError(f"{loc.file}: the plan names no building; add `building: <file>` "
                            "(relative to the plan) or pass --building FILE")
    if not bpath.exists():
        where = plan.source_map.locate(("building",))
        raise PlanFileError(f"{where}: building file '{bpath}' not found; fix the path (relative to the plan file)")
    try:
        bld = load_building(display_path(bpath))
    except InputError as err:
        if isinstance(err, BuildingFileError):
            raise
        raise BuildingFileError(str(err), problems=err.problems) from err
    problems = validate_building(bld.model, locate=bld.source_map.locate)
    return CheckContext(plan, bld, problems)
