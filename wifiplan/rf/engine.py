"""Path loss and RSSI from access points to receivers, within and across floors."""

from __future__ import annotations

import numpy as np

from wifiplan.errors import ConfigError, InputError
from wifiplan.model.building import Building
from wifiplan.model.common import band_key
from wifiplan.model.plan import AccessPoint, Settings
from wifiplan.rf.channels import centre_mhz
from wifiplan.rf.crossing import wall_loss_many_db
from wifiplan.rf.models import ModelFunc, PathContext, get_model
from wifiplan.rf.settings import material_losses, slab_loss_db
from wifiplan.rf.walls import prepare_walls

__all__ = [
    "CULL_RSSI_DBM",
    "PER_AP_OFFSET_KEY",
    "band_aps",
    "ap_height_m",
    "antenna_gain_dbi",
    "eirp_dbm",
    "floor_order",
    "path_loss_db",
    "rssi_dbm",
]

#: Most (transmitter, receiver) pairs evaluated at once; larger requests are split into
#: blocks of receivers so the temporary arrays stay near 0.5 GB whatever the floor size.
CHUNK_PAIRS = 4_000_000

#: Pairs whose RSSI *without walls* is already below this are not computed (range
#: culling) and get RSSI −inf ("not heard"). 25 dB under the 5 GHz noise floor, so even 40
#: such APs add < 0.5 dB to the noise.
CULL_RSSI_DBM = -120.0


def floor_order(building: Building) -> list[str]:
    """Floor names bottom-up by ``elevation_m`` (file order breaks ties)."""
    indexed = sorted(enumerate(building.floors), key=lambda t: (t[1].elevation_m, t[0]))
    return [f.name for _, f in indexed]


def _floor(building: Building, name: str):
    try:
        return building.floor(name)
    except KeyError:
        names = ", ".join(f.name for f in building.floors)
        raise InputError(f"unknown floor '{name}'; the building has floors: {names}") from None


def _slabs_between(building: Building, settings: Settings, losses, tx_floor: str, rx_floor: str, band: str) -> tuple[int, float]:
    """Floors crossed and the sum of slab losses between two floors (a floor's slab is under it)."""
    order = floor_order(building)
    i, j = order.index(tx_floor), order.index(rx_floor)
    lo, hi = min(i, j), max(i, j)
    total = sum(slab_loss_db(building, settings, losses, order[k], band) for k in range(lo + 1, hi + 1))
    return hi - lo, float(total)


def _slab_losses(building: Building, settings: Settings, losses, tx_floor: str, rx_floor: str, band: str) -> list[float]:
    """Loss of each slab between two floors, dB, bottom-up."""
    order = floor_order(building)
    i, j = order.index(tx_floor), order.index(rx_floor)
    return [slab_loss_db(building, settings, losses, order[k], band) for k in range(min(i, j) + 1, max(i, j) + 1)]


def _monotone_models() -> frozenset:
    from wifiplan.rf.models import MODELS

    return frozenset(MODELS[name] for name in ("multiwall", "p1238", "p1238-site", "multiwall-nl", "multiwall-office")
                     if name in MODELS)


#: Built-in models whose loss never falls as the distance grows (for a non-negative exponent
#: and slab losses): every term is a non-decreasing function of d (log-distance slopes > 0,
#: the oblique slab factor min(d / |dz|, cap)) and the rest does not depend on d.
_MONOTONE_MODELS = _monotone_models()


def _cross_floor_live(func, settings: Settings, key: str, freqs: np.ndarray, dz: np.ndarray, floors_crossed: int,
                      slabs: float, slab_list: tuple[float, ...], limit: np.ndarray) -> np.ndarray | None:
    """Per transmitter, whether any receiver on another floor can come in under ``limit``; None when unknown.

    Range culling of whole floor pairs, exact: for a model of :data:`_MONOTONE_MODELS` the
    wall-free loss is smallest at the smallest distance, and no receiver on another floor is
    nearer than the height difference ``|dz|`` (computed as ``sqrt(dz²)``, so that the
    rounded 3-D distance ``sqrt(dx² + dy² + dz²)`` is never below it). A transmitter whose
    loss at that distance already reaches ``limit`` is culled for every receiver, which is
    what the full computation gives (``free >= limit`` → inf) without the m × n work: in a
    tower, a floor hears only the few floors whose slabs leave it above the cull level.
    """
    from wifiplan.rf.context import path_loss_exponent

    if func not in _MONOTONE_MODELS or slabs < 0 or path_loss_exponent(settings, key) < 0:
        return None
    nearest = np.maximum(np.sqrt(dz**2), 1.0)
    ctx = PathContext(key, settings, freqs, nearest, floors_crossed, slabs, None, None, slab_list, None, dz)
    try:
        bound = np.asarray(func(ctx), dtype=float).reshape(-1)
    except Exception:  # a model that needs more context: compute in full
        return None
    return bound < limit[:, 0]


def _rows(value, m: int, start: int, step: int):
    """Rows ``start:start + step`` of a per-transmitter argument given as a scalar or an (m,) array."""
    if value is None:
        return None
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return value
    return np.broadcast_to(arr.reshape(-1), (m,))[start : start + step]


def path_loss_db(
    building: Building,
    settings: Settings,
    *,
    tx_floor: str,
    tx_xy: np.ndarray,
    tx_height_m: float | np.ndarray,
    rx_floor: str,
    rx_xy: np.ndarray,
    band: str,
    freq_mhz: float | np.ndarray,
    max_loss_db: float | np.ndarray | None = None,
    model: str | ModelFunc | None = None,
) -> np.ndarray:
    """Path loss in dB from m transmitters on one floor to n receivers on one floor, (m, n).

    Parameters
    ----------
    building, settings
        The building and the plan's settings (model, exponent, materials, heights).
    tx_floor, rx_floor : str
        Floor names.
    tx_xy : array, shape (m, 2)
        Transmitter positions, m.
    tx_height_m : float or array (m,)
        Mount height above the transmitter's floor, m.
    rx_xy : array, shape (n, 2)
        Receiver positions, m; receivers are ``settings.receiver_height_m`` above their floor.
    band : str
        ``"2.4"``, ``"5"`` or ``"6"`` (wall and slab losses are per band).
    freq_mhz : float or array (m,)
        Centre frequency of each transmitter's channel, MHz.
    max_loss_db : float or array (m,), optional
        Range culling: pairs whose loss without walls already reaches this get ``inf``.
    model : str or callable, optional
        Overrides ``settings.model`` (a name in ``rf.models.MODELS`` or a model function).

    Returns
    -------
    ndarray, shape (m, n)

    Raises
    ------
    InputError
        If a floor name is unknown.
    ConfigError
        If the model, its environment or a material is unknown.
    ValueError
        If array shapes are wrong or a coordinate is not finite.

    Notes
    -----
    d is the 3-D distance from the AP's mount point (floor elevation + height) to the
    receiver (floor elevation + ``receiver_height_m``), at least 1 m. Wall crossings
    follow the rules in :mod:`wifiplan.rf.walls`.
    """
    key = band_key(band)
    txf, rxf = _floor(building, tx_floor), _floor(building, rx_floor)
    tx = np.asarray(tx_xy, dtype=float)
    rx = np.asarray(rx_xy, dtype=float)
    if tx.ndim != 2 or tx.shape[1] != 2 or rx.ndim != 2 or rx.shape[1] != 2:
        raise ValueError(f"tx_xy and rx_xy must have shape (m, 2) and (n, 2) (got {tx.shape}, {rx.shape})")
    m = tx.shape[0]
    if m * rx.shape[0] > CHUNK_PAIRS and m > 1 and rx.shape[0] <= CHUNK_PAIRS // 2:
        # Memory stays bounded: blocks of transmitters (rows are independent), each against
        # every receiver, so a transmitter's wall geometry (rf.crossing's slab index) is
        # prepared once, not once per block of receivers.
        step = max(1, CHUNK_PAIRS // rx.shape[0])
        return np.concatenate(
            [
                path_loss_db(building, settings, tx_floor=tx_floor, tx_xy=tx[i : i + step],
                             tx_height_m=_rows(tx_height_m, m, i, step), rx_floor=rx_floor, rx_xy=rx, band=key,
                             freq_mhz=_rows(freq_mhz, m, i, step), max_loss_db=_rows(max_loss_db, m, i, step),
                             model=model)
                for i in range(0, m, step)
            ],
            axis=0,
        )
    if m * rx.shape[0] > CHUNK_PAIRS and rx.shape[0] > 1:
        # Memory stays bounded: evaluate blocks of receivers and join them.
        step = max(1, CHUNK_PAIRS // max(m, 1))
        return np.concatenate(
            [
                path_loss_db(building, settings, tx_floor=tx_floor, tx_xy=tx, tx_height_m=tx_height_m,
                             rx_floor=rx_floor, rx_xy=rx[i : i + step], band=key, freq_mhz=freq_mhz,
                             max_loss_db=max_loss_db, model=model)
                for i in range(0, rx.shape[0], step)
            ],
            axis=1,
        ) if rx.shape[0] else np.zeros((m, 0))
    heights = np.broadcast_to(np.asarray(tx_height_m, dtype=float), (m,))
    freqs = np.broadcast_to(np.asarray(freq_mhz, dtype=float), (m,)).reshape(m, 1)
    for name, arr in (("tx_xy", tx), ("rx_xy", rx), ("tx_height_m", heights), ("freq_mhz", freqs)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite")
    if np.any(freqs <= 0):
        raise ValueError("freq_mhz must be > 0")
    func = get_model(model if model is not None else settings.model)
    losses = material_losses(building, settings)
    floors_crossed, slabs = _slabs_between(building, settings, losses, tx_floor, rx_floor, key)
    slab_list = tuple(_slab_losses(building, settings, losses, tx_floor, rx_floor, key))
    dz = (txf.elevation_m + heights)[:, None] - (rxf.elevation_m + settings.receiver_height_m)
    limit = None
    if max_loss_db is not None:
        limit = np.broadcast_to(np.asarray(max_loss_db, dtype=float), (m,)).reshape(m, 1)
    if limit is not None and floors_crossed > 0 and m and rx.shape[0]:
        live = _cross_floor_live(func, settings, key, freqs, dz, floors_crossed, slabs, slab_list, limit)
        if live is not None and not live.all():
            out = np.full((m, rx.shape[0]), np.inf)
            if live.any():
                out[live] = path_loss_db(building, settings, tx_floor=tx_floor, tx_xy=tx[live],
                                         tx_height_m=heights[live], rx_floor=rx_floor, rx_xy=rx, band=key,
                                         freq_mhz=freqs[live, 0], max_loss_db=limit[live, 0], model=func)
            return out
    dxy = tx[:, None, :] - rx[None, :, :]
    d3 = np.sqrt(dxy[..., 0] ** 2 + dxy[..., 1] ** 2 + dz**2)
    distance = np.maximum(d3, 1.0)

    walls_fn = None
    counts_fn = None
    if floors_crossed == 0 and txf.walls:
        wallset = prepare_walls(txf)
        piece_loss = wallset.losses_db(losses, key)

        def _walls(active: np.ndarray | None) -> np.ndarray:
            return wall_loss_many_db(wallset, piece_loss, tx, rx, active=active)

        def _counts(active: np.ndarray | None) -> tuple[list[str], np.ndarray, np.ndarray]:
            from wifiplan.rf.features import wall_crossings_many

            return wall_crossings_many(wallset, piece_loss, tx, rx, active=active)

        walls_fn, counts_fn = _walls, _counts

    ctx = PathContext(key, settings, freqs, distance, floors_crossed, slabs, limit, walls_fn, slab_list, counts_fn, dz)
    loss = np.asarray(func(ctx), dtype=float)
    if loss.shape != (m, rx.shape[0]):
        raise ConfigError(f"path-loss model returned shape {loss.shape}, expected {(m, rx.shape[0])}")
    if limit is not None:
        # Cull on the wall-free part: the model evaluated without walls.
        if walls_fn is None and counts_fn is None and func in _MONOTONE_MODELS:
            # no walls: a built-in model reads max_loss_db only to skip wall work, so the
            # wall-free loss is the loss itself (same arithmetic, same numbers)
            free = loss
        else:
            ctx_free = PathContext(key, settings, freqs, distance, floors_crossed, slabs, None, None, slab_list, None, dz)
            free = np.asarray(func(ctx_free), dtype=float)
        loss = np.where(free >= limit, np.inf, loss)
    return loss


def band_aps(aps: list[AccessPoint], band: str) -> list[AccessPoint]:
    """The APs with an enabled radio on ``band``, in their order (others do not serve it)."""
    key = band_key(band)
    return [ap for ap in aps if key in ap.radios and ap.radios[key].enabled]


def _library():
    from wifiplan.library import load_library

    return load_library()


def _preset(building: Building, settings: Settings, ap: AccessPoint):
    presets = _library().ap_presets
    if ap.model and ap.model in presets:
        return presets[ap.model]
    name = settings.ap_preset if "ap_preset" in settings.model_fields_set else building.ap.preset
    return presets.get(name) or presets.get(building.ap.preset)


def antenna_gain_dbi(building: Building, settings: Settings, ap: AccessPoint, band: str) -> float:
    """AP antenna gain on ``band``, dBi.

    In order: the AP's ``antenna_gain_dbi``; the preset named by the AP's ``model``; the
    building's ``ap.antenna_gain_dbi``; the plan's (or building's) AP preset; else 0.
    """
    key = band_key(band)
    if key in ap.antenna_gain_dbi:
        return float(ap.antenna_gain_dbi[key])
    presets = _library().ap_presets
    if ap.model and ap.model in presets:
        return float(presets[ap.model].antenna_gain_dbi.get(key, 0.0))
    if building.ap.antenna_gain_dbi and key in building.ap.antenna_gain_dbi:
        return float(building.ap.antenna_gain_dbi[key])
    preset = _preset(building, settings, ap)
    if preset is not None and key in preset.antenna_gain_dbi:
        return float(preset.antenna_gain_dbi[key])
    return 0.0


#: ``settings.params`` key of per-AP EIRP offsets ``{band: {ap name: dB}}``, added to
#: ``eirp_offset_db[band]`` (written by ``wifiplan calibrate --eirp per-ap``).
PER_AP_OFFSET_KEY = "eirp_offset_db_per_ap"


def eirp_dbm(building: Building, settings: Settings, ap: AccessPoint, band: str) -> float:
    """EIRP on ``band``, dBm: radio tx power + antenna gain + ``settings.eirp_offset_db[band]``
    + the AP's own offset in ``settings.params["eirp_offset_db_per_ap"][band]`` (if any)."""
    key = band_key(band)
    radio = ap.radios[key]
    per_ap = float(((settings.params.get(PER_AP_OFFSET_KEY) or {}).get(key) or {}).get(ap.name, 0.0))
    return float(radio.tx_power_dbm + antenna_gain_dbi(building, settings, ap, key) + settings.eirp_offset_db.get(key, 0.0) + per_ap)


def ap_height_m(building: Building, ap: AccessPoint) -> float:
    """Mount height above the AP's floor, m (the AP's ``height_m`` or the floor's ``ap_height_m``)."""
    return float(ap.height_m if ap.height_m is not None else _floor(building, ap.floor).ap_height_m)


#: Transmitters per path-loss call in :func:`rssi_dbm`: bounds its temporaries (a 60,000-point
#: mall floor: 64 × 60,000 float64 = 31 MB each) whatever the AP count.
_RSSI_BLOCK = 64


def rssi_dbm(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    band: str,
    rx_floor: str,
    rx_xy: np.ndarray,
    *,
    model: str | ModelFunc | None = None,
    cull_rssi_dbm: float | None = CULL_RSSI_DBM,
) -> np.ndarray:
    """Received signal in dBm from every AP serving ``band`` at each receiver, (n_ap_band, n).

    RSSI = tx power + AP antenna gain + ``eirp_offset_db[band]`` − path loss +
    ``client_antenna_gain_dbi``. Rows follow :func:`band_aps` (APs without an enabled radio
    on the band do not serve it and are not rows). APs on every floor are included; pairs
    below ``cull_rssi_dbm`` without walls are −inf (range culling; None disables it).

    Raises
    ------
    InputError
        If an AP or ``rx_floor`` names an unknown floor.
    """
    key = band_key(band)
    rx = np.asarray(rx_xy, dtype=float).reshape(-1, 2)
    serving = band_aps(aps, key)
    out = np.full((len(serving), rx.shape[0]), -np.inf)
    if not serving:
        return out
    _floor(building, rx_floor)
    groups: dict[str, list[int]] = {}
    known = {f.name for f in building.floors}
    for i, ap in enumerate(serving):
        if ap.floor not in known:
            names = ", ".join(f.name for f in building.floors)
            raise InputError(f"AP '{ap.name}': unknown floor '{ap.floor}'; the building has floors: {names}")
        groups.setdefault(ap.floor, []).append(i)
    gain_rx = float(settings.client_antenna_gain_dbi)
    for floor_name in sorted(groups):
        idx = groups[floor_name]
        group = [serving[i] for i in idx]
        eirp = np.array([eirp_dbm(building, settings, ap, key) for ap in group])
        freqs = np.array([centre_mhz(key, ap.radios[key].channel, ap.radios[key].width_mhz) for ap in group])
        heights = np.array([ap_height_m(building, ap) for ap in group])
        xy = np.array([ap.at for ap in group], dtype=float)
        limit = None if cull_rssi_dbm is None else eirp + gain_rx - float(cull_rssi_dbm)
        # transmitters in blocks: each row is computed on its own, so blocks give the same
        # values while the path-loss temporaries stay (block × receivers), not (floor's APs × receivers)
        rows = np.asarray(idx)
        for s in range(0, len(idx), _RSSI_BLOCK):
            b = slice(s, s + _RSSI_BLOCK)
            loss = path_loss_db(
                building, settings, tx_floor=floor_name, tx_xy=xy[b], tx_height_m=heights[b], rx_floor=rx_floor,
                rx_xy=rx, band=key, freq_mhz=freqs[b], max_loss_db=None if limit is None else limit[b], model=model,
            )
            out[rows[b]] = eirp[b, None] - loss + gain_rx
    return out
