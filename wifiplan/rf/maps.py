"""Coverage maps of one floor and band: best/second RSSI, serving AP, SNR, SINR, overlap, rate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.common import band_key
from wifiplan.model.plan import AccessPoint, Settings
from wifiplan.rf.channels import channel_span_mhz
from wifiplan.rf.engine import band_aps, rssi_dbm
from wifiplan.rf.grid import Grid, floor_grid
from wifiplan.rf.models import ModelFunc
from wifiplan.rf.noise import noise_floor_dbm
from wifiplan.rf.rate import phy_rate_mbps

__all__ = ["OVERLAP_RSSI_DBM", "METRICS", "Maps", "coverage_maps", "co_channel_matrix", "cca_dbm", "cochannel_heard", "CCA_20MHZ_DBM",
           "area_percentile"]

#: Co-channel APs heard above this count as channel overlap, dBm (Revolution Wi-Fi
#: co-channel interference design threshold, [S38]).
OVERLAP_RSSI_DBM = -85.0

#: Map names (``Maps.metric(name)``) and their units.
METRICS: dict[str, str] = {
    "rssi": "dBm",
    "secondary": "dBm",
    "snr": "dB",
    "sinr": "dB",
    "overlap": "APs",
    "rate": "Mbit/s",
    "serving": "AP index",
    "cochannel": "APs",
}

#: CCA (preamble detect) level at 20 MHz, dBm: a radio defers to any frame it decodes at or
#: above it (OBSS-PD reference = MCS0 20 MHz sensitivity, [S9], [S26]); +3 dB per doubling
#: of the width.
CCA_20MHZ_DBM = -82.0


def cca_dbm(width_mhz: int | np.ndarray) -> np.ndarray:
    """CCA threshold of a channel, dBm: −82 at 20 MHz, −79 at 40, −76 at 80, −73 at 160.

    >>> cca_dbm(np.array([20, 80])).tolist()
    [-82.0, -76.0]
    """
    return CCA_20MHZ_DBM + 3.0 * np.log2(np.asarray(width_mhz, dtype=float) / 20.0)


def area_percentile(values: np.ndarray, share: float) -> float:
    """The smallest value ``v`` with at least ``share`` of the cells at or below it (NaN when empty).

    Every grid cell has the same area, so this is the ``share`` percentile of the floor's
    coverage area (inverted CDF: an observed value, no interpolation).

    >>> area_percentile(np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, 3]), 0.95), area_percentile(np.array([1, 2]), 0.5)
    (3.0, 1.0)
    """
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return float("nan")
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1] (got {share})")
    return float(np.quantile(v, share, method="inverted_cdf"))


def cochannel_heard(rssi_dbm: np.ndarray, serving: np.ndarray, overlap: np.ndarray,
                    widths_mhz: np.ndarray) -> np.ndarray:
    """Co-channel APs heard at each point (Hamina/Ekahau "channel overlap"), count, shape (n,).

    The APs, the serving AP included, whose channel shares a 20 MHz sub-channel with the
    serving AP's and whose signal at the point is ≥ the CCA threshold of the serving
    channel's width (:func:`cca_dbm`). 0 where no AP serves the point.

    Parameters
    ----------
    rssi_dbm : (k, n) — every AP's signal at every point, dBm.
    serving : (n,) int — serving AP index, −1 for none.
    overlap : (k, k) bool — APs i, j on overlapping channels (diagonal ignored: an AP
        always overlaps itself).
    widths_mhz : (k,) — each AP's channel width.

    >>> rssi = np.array([[-60., -90.], [-81., -70.], [-83., -80.]])
    >>> cochannel_heard(rssi, np.array([0, 1]), np.ones((3, 3), bool), np.array([20, 20, 20])).tolist()
    [2, 2]
    """
    rssi = np.asarray(rssi_dbm, dtype=float)
    srv = np.asarray(serving, dtype=int)
    k, n = rssi.shape
    if k == 0 or n == 0:
        return np.zeros(n, dtype=int)
    ov = np.asarray(overlap, dtype=bool) | np.eye(k, dtype=bool)
    s = np.maximum(srv, 0)
    thr = cca_dbm(np.asarray(widths_mhz))[s]          # (n,)
    rows = ov[s].T                                     # (k, n): AP j overlaps the serving channel
    count = np.count_nonzero(rows & (rssi >= thr[None, :]), axis=0)
    return np.where(srv >= 0, count, 0)


@dataclass(frozen=True)
class Maps:
    """Per-cell coverage figures of one floor on one band (arrays of shape (n,) over ``grid.xy``).

    Attributes
    ----------
    best_rssi_dbm, second_rssi_dbm : ndarray
        Strongest and second-strongest AP signal, dBm (NaN when not heard / no second AP).
    serving : ndarray of int
        Index of the strongest AP into ``ap_names`` (``band_aps`` order), −1 when none.
    snr_db : ndarray
        Best RSSI minus the noise floor for the serving radio's channel width, dB.
    sinr_db : ndarray
        Best RSSI over noise + the sum (in mW) of every other AP whose channel overlaps
        the serving AP's channel, dB.
    overlap_count : ndarray of int
        Other APs on overlapping channels heard at or above −85 dBm (0 = a clean channel).
    cochannel_count : ndarray of int
        Co-channel APs heard (serving AP included) at ≥ the CCA threshold of the serving
        width (:func:`cochannel_heard`; metric ``cochannel``); 1 = a clean channel.
    rate_mbps : ndarray
        Expected PHY rate from SNR (``rf.rate.phy_rate_mbps``), Mbit/s; 0 when not served.
    rssi_dbm : ndarray, shape (n_ap, n)
        Every AP's signal, dBm (−inf when culled as far too weak).
    """

    floor: str
    band: str
    grid: Grid
    ap_names: list[str]
    rssi_dbm: np.ndarray
    best_rssi_dbm: np.ndarray
    second_rssi_dbm: np.ndarray
    serving: np.ndarray
    snr_db: np.ndarray
    sinr_db: np.ndarray
    overlap_count: np.ndarray
    rate_mbps: np.ndarray
    noise_dbm: np.ndarray
    cochannel_count: np.ndarray | None = None

    def metric(self, name: str) -> np.ndarray:
        """The map called ``name`` (a key of :data:`METRICS`) as floats, shape (n,).

        Raises
        ------
        KeyError
            If the name is unknown.
        """
        table = {
            "rssi": self.best_rssi_dbm,
            "secondary": self.second_rssi_dbm,
            "snr": self.snr_db,
            "sinr": self.sinr_db,
            "overlap": self.overlap_count,
            "rate": self.rate_mbps,
            "serving": self.serving,
            "cochannel": self.cochannel_count if self.cochannel_count is not None else np.zeros(len(self.serving)),
        }
        return np.asarray(table[name], dtype=float)


def co_channel_matrix(aps: list[AccessPoint], band: str) -> np.ndarray:
    """(k, k) bool: APs i and j (i ≠ j) use overlapping channels on ``band`` (``band_aps`` order)."""
    key = band_key(band)
    radios = [ap.radios[key] for ap in band_aps(aps, key)]
    if not radios:
        return np.zeros((0, 0), dtype=bool)
    spans = np.array([channel_span_mhz(key, r.channel, r.width_mhz) for r in radios])
    lo, hi = spans[:, 0], spans[:, 1]
    overlap = np.minimum(hi[:, None], hi[None, :]) - np.maximum(lo[:, None], lo[None, :]) > 1e-9
    np.fill_diagonal(overlap, False)
    return overlap


def _radio_caps(building: Building, settings: Settings, ap: AccessPoint) -> tuple[int, str | None]:
    """Spatial streams and generation usable between this AP and the plan's client preset."""
    from wifiplan.library import load_library

    lib = load_library()
    preset = None
    if ap.model and ap.model in lib.ap_presets:
        preset = lib.ap_presets[ap.model]
    else:
        name = settings.ap_preset if "ap_preset" in settings.model_fields_set else building.ap.preset
        preset = lib.ap_presets.get(name)
    if building.ap.streams and not (ap.model and ap.model in lib.ap_presets):
        ap_streams = int(building.ap.streams)
    else:
        ap_streams = preset.streams if preset else 2
    client_name = settings.client if "client" in settings.model_fields_set else building.ap.client
    client = lib.client_presets.get(client_name)
    streams = min(ap_streams, client.streams) if client else ap_streams
    gens = [g for g in ((preset.generation if preset else None), (client.generation if client else None)) if g]
    generation = min(gens, key=lambda g: lib.mcs.max_mcs[g]) if gens else None
    return max(1, streams), generation


#: Grid points per block in :func:`coverage_maps` (bounds its temporaries; every figure is per point).
_MAP_BLOCK = 4096


def coverage_maps(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    floor_name: str,
    band: str,
    *,
    grid: Grid | None = None,
    model: str | ModelFunc | None = None,
) -> Maps:
    """Every coverage map of ``floor_name`` on ``band`` from all APs serving the band (all floors).

    Parameters
    ----------
    building, settings
        The building and the plan's settings.
    aps : list of AccessPoint
        Every AP of the plan; APs without an enabled radio on ``band`` do not serve it.
    floor_name, band : str
    grid : Grid, optional
        Sample grid (default ``floor_grid(building, floor_name, settings.grid_m)``).
    model : str or callable, optional
        Overrides ``settings.model``.

    Raises
    ------
    InputError
        If the floor (or an AP's floor) is unknown.
    ConfigError
        If the model, a material or a preset cannot be resolved.

    Notes
    -----
    The serving AP is the strongest (ties: the first in ``aps`` order). Channel overlap
    uses the occupied spectrum (``rf.channels.channels_overlap``), so a 40 MHz channel
    interferes with both its 20 MHz members. The rate uses the SNR (co-channel APs share
    airtime rather than corrupt frames: that is the capacity stage's airtime model).
    """
    key = band_key(band)
    if grid is None:
        grid = floor_grid(building, floor_name, settings.grid_m)
    serving_aps = band_aps(aps, key)
    k, n = len(serving_aps), grid.n
    rssi = rssi_dbm(building, settings, aps, key, floor_name, grid.xy, model=model)
    names = [ap.name for ap in serving_aps]
    if k == 0 or n == 0:
        nan = np.full(n, np.nan)
        return Maps(floor_name, key, grid, names, rssi, nan, nan.copy(), np.full(n, -1), nan.copy(), nan.copy(),
                    np.zeros(n, dtype=int), np.zeros(n), nan.copy(), np.zeros(n, dtype=int))
    # the per-point figures below only look at APs heard somewhere on this floor: rows that
    # are -inf everywhere (APs floors away, culled) change no maximum, count or sum (their
    # power is 0 mW), so a tall building's maps cost (APs of a few floors) × points
    live = np.flatnonzero(np.isfinite(rssi).any(axis=1))
    if not len(live):
        live = np.arange(1)
    sub = len(live) < k
    widths = np.array([ap.radios[key].width_mhz for ap in serving_aps])
    noise_ap = np.array([noise_floor_dbm(settings, key, w) for w in widths])
    co_all = co_channel_matrix(aps, key)
    co_live = co_all[np.ix_(live, live)] if sub else co_all
    serving = np.empty(n, dtype=int)
    best = np.empty(n)
    second = np.empty(n)
    interference = np.empty(n)
    overlap = np.empty(n, dtype=int)
    cochannel = np.empty(n, dtype=int)
    # every figure is per point: computed in blocks of points, so the temporaries are
    # (APs heard × block), not (APs heard × points) several times over (a 60,000-point mall
    # floor with 968 APs: 0.45 GB each)
    for c0 in range(0, n, _MAP_BLOCK):
        c1 = min(n, c0 + _MAP_BLOCK)
        cols = np.arange(c1 - c0)
        heard_rows = rssi[live, c0:c1] if sub else np.ascontiguousarray(rssi[:, c0:c1])
        arg = np.argmax(heard_rows, axis=0)
        srv_b = live[arg] if sub else arg
        best_b = heard_rows[arg, cols]
        heard_b = np.isfinite(best_b)
        serving[c0:c1] = np.where(heard_b, srv_b, -1)
        best[c0:c1] = np.where(heard_b, best_b, np.nan)
        if k > 1:
            rest = heard_rows.copy()
            rest[arg, cols] = -np.inf
            sec_b = rest.max(axis=0)
            del rest
        else:
            sec_b = np.full(c1 - c0, -np.inf)
        second[c0:c1] = np.where(np.isfinite(sec_b) & heard_b, sec_b, np.nan)
        srv0 = np.maximum(srv_b, 0)
        co_rows = co_all[live][:, srv0] if sub else co_all[srv0].T
        power_mw = np.power(10.0, heard_rows / 10.0)  # -inf -> 0 mW
        interference[c0:c1] = np.einsum("ji,ji->i", co_rows, power_mw)
        del power_mw
        overlap[c0:c1] = np.where(heard_b, np.count_nonzero(co_rows & (heard_rows >= OVERLAP_RSSI_DBM), axis=0), 0)
        at = np.where(heard_b, arg, -1)
        cochannel[c0:c1] = cochannel_heard(heard_rows, at, co_live, widths[live] if sub else widths)
    heard = serving >= 0
    srv = np.maximum(serving, 0)
    noise = np.where(heard, noise_ap[srv], np.nan)
    snr = best - noise
    noise_mw = np.power(10.0, noise / 10.0)
    sinr = best - 10.0 * np.log10(noise_mw + interference)

    rate = np.zeros(n)
    caps = [(_radio_caps(building, settings, ap)) for ap in serving_aps]
    combos: dict[tuple[int, int, str | None], list[int]] = {}
    for i, ap in enumerate(serving_aps):
        combos.setdefault((int(widths[i]), caps[i][0], caps[i][1]), []).append(i)
    for (width, streams, generation), members in sorted(combos.items(), key=lambda t: (t[0][0], t[0][1], str(t[0][2]))):
        mask = heard & np.isin(serving, members)
        if mask.any():
            rate[mask] = phy_rate_mbps(snr[mask], width, streams, generation)
    return Maps(floor_name, key, grid, names, rssi, best, second, serving, snr, sinr, overlap, rate, noise, cochannel)
