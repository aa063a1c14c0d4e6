"""PoE power per AP from the AP presets, and switch-port / PoE sizing per telecom room."""

from __future__ import annotations

import functools
import math
from importlib import resources

import yaml

__all__ = ["POE_CLASS_PSE_W", "ap_pse_power_w", "ports_needed", "switches_needed", "poe_budget_needed_w"]

#: Power a switch port allocates (PSE) per PoE class, W: 802.3af 15.4, 802.3at 30,
#: 802.3bt class 5 45, class 6 60, class 7 75, class 8 90 ([S84]). Fallback when the AP
#: preset cannot be read.
POE_CLASS_PSE_W: dict[int, float] = {0: 15.4, 1: 4.0, 2: 7.0, 3: 15.4, 4: 30.0, 5: 45.0, 6: 60.0, 7: 75.0, 8: 90.0}

#: Used when neither the library nor the preset name helps: a Wi-Fi 6E 2x2 AP on 802.3bt
#: class 5 (45 W at the PSE, [S84], [S85]).
_DEFAULT_PSE_W = 45.0


@functools.lru_cache(maxsize=1)
def _presets() -> dict[str, dict]:
    try:  # the library helper's loader, when present
        from wifiplan.library import load_library  # type: ignore[attr-defined]

        lib = load_library()
        return {name: {"pse_power_w": p.pse_power_w, "poe_class": p.poe_class} for name, p in lib.ap_presets.items()}
    except Exception:  # noqa: BLE001 - library still being built: read its data file directly
        try:
            text = (resources.files("wifiplan.library") / "data" / "radios.yaml").read_text(encoding="utf-8")
            data = yaml.safe_load(text) or {}
            return {str(k): dict(v) for k, v in (data.get("ap_presets") or {}).items() if isinstance(v, dict)}
        except Exception:  # noqa: BLE001
            return {}


def ap_pse_power_w(preset: str | None) -> float:
    """PoE power a switch port allocates to an AP of ``preset``, W (``pse_power_w``, [S84]).

    Unknown presets (hand-written model names) fall back to 45 W (802.3bt class 5).

    >>> ap_pse_power_w("no-such-model")
    45.0
    """
    p = _presets().get(preset or "")
    if not p:
        return _DEFAULT_PSE_W
    if p.get("pse_power_w"):
        return float(p["pse_power_w"])
    return POE_CLASS_PSE_W.get(int(p.get("poe_class", 5)), _DEFAULT_PSE_W)


def ports_needed(ap_drops: int, spares: int, spare_share: float) -> int:
    """Switch ports: every AP drop patched, one port per spare outlet, plus ``spare_share``.

    >>> ports_needed(20, 4, 0.2)
    29
    """
    return math.ceil((ap_drops + spares) * (1.0 + spare_share) - 1e-9)


def switches_needed(ports: int, ports_per_switch: int) -> int:
    """Access switches of ``ports_per_switch`` ports for ``ports`` ports (at least one if any)."""
    return math.ceil(ports / ports_per_switch) if ports > 0 else 0


def poe_budget_needed_w(load_w: float, max_load: float) -> float:
    """PoE budget that keeps ``load_w`` at most ``max_load`` of it ([S85]: 70 %)."""
    return load_w / max_load
