"""HE/EHT (Wi-Fi 6/7) MCS table: PHY rates, SNR floors and sensitivities as numpy arrays."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field, PrivateAttr, field_validator, model_validator

from wifiplan.library.models import Generation, LibraryModel

__all__ = ["McsEntry", "McsGeneration", "McsTable"]


def _parse_rate(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"coding_rate must be a fraction like '5/6' (got {value!r})") from None
    return value


class McsEntry(LibraryModel):
    """One MCS index: modulation, coding rate, and per-width SNR floor and sensitivity."""

    mcs: int = Field(ge=0, le=15)
    modulation: str = Field(min_length=1)
    bits_per_subcarrier: int = Field(ge=1, le=12)
    coding_rate: float = Field(gt=0, le=1)
    min_snr_db: dict[int, float]
    sensitivity_dbm: dict[int, float]

    @field_validator("coding_rate", mode="before")
    @classmethod
    def _fraction(cls, value: Any) -> Any:
        return _parse_rate(value)


class McsGeneration(LibraryModel):
    """What a Wi-Fi generation supports: highest MCS index and widest channel."""

    max_mcs: int = Field(ge=0, le=15)
    max_width_mhz: int
    source: str = Field(min_length=1)


class McsTable(LibraryModel):
    """The MCS table with numpy accessors.

    Rates follow ``N_SD * bits * R * N_SS / (symbol_us + gi_us)`` Mbit/s [S22], [S23]
    (0.8 us GI by default); SNR floors are the hostap ``minsnr_bitrate_entry`` values [S24].

    Examples
    --------
    >>> from wifiplan.library import load_library
    >>> round(load_library().mcs.rate_mbps(11, 80, 2), 1)
    1201.0
    """

    source: str = Field(min_length=1)
    symbol_us: float = Field(gt=0)
    gi_us: float = Field(ge=0)
    data_subcarriers: dict[int, int]
    generations: dict[Generation, McsGeneration]
    mac_efficiency: float = Field(gt=0, le=1)
    mac_efficiency_source: str = Field(min_length=1)
    sensitivity_source: str = Field(min_length=1)
    entries: list[McsEntry] = Field(min_length=1)

    _arrays: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> McsTable:
        indices = [e.mcs for e in self.entries]
        if indices != list(range(len(indices))):
            raise ValueError(f"entries must list MCS 0, 1, 2, ... in order (got {indices})")
        widths = sorted(self.data_subcarriers)
        for entry in self.entries:
            for field in ("min_snr_db", "sensitivity_dbm"):
                if sorted(getattr(entry, field)) != widths:
                    raise ValueError(
                        f"entries[{entry.mcs}].{field} must give every width {widths}"
                    )
        for width in widths:
            snr = [e.min_snr_db[width] for e in self.entries]
            if any(b <= a for a, b in zip(snr, snr[1:], strict=False)):
                raise ValueError(f"min_snr_db at {width} MHz must rise with the MCS index")
        for name, gen in self.generations.items():
            if gen.max_mcs >= len(self.entries):
                raise ValueError(f"generations.{name}.max_mcs {gen.max_mcs} has no table entry")
            if gen.max_width_mhz not in self.data_subcarriers:
                raise ValueError(f"generations.{name}.max_width_mhz {gen.max_width_mhz} unknown")
        return self

    def model_post_init(self, context: Any, /) -> None:
        def frozen(values: list[float], dtype: type = float) -> np.ndarray:
            array = np.asarray(values, dtype=dtype)
            array.flags.writeable = False
            return array

        arrays: dict[str, Any] = {
            "index": frozen([e.mcs for e in self.entries], int),
            "bits": frozen([e.bits_per_subcarrier for e in self.entries]),
            "rate": frozen([e.coding_rate for e in self.entries]),
        }
        for width in self.data_subcarriers:
            arrays[f"snr{width}"] = frozen([e.min_snr_db[width] for e in self.entries])
            arrays[f"sens{width}"] = frozen([e.sensitivity_dbm[width] for e in self.entries])
        self._arrays = arrays

    # -- lookups -------------------------------------------------------------------------

    @property
    def widths_mhz(self) -> list[int]:
        """Channel widths the table covers, ascending."""
        return sorted(self.data_subcarriers)

    @property
    def max_mcs(self) -> dict[str, int]:
        """Highest MCS index per generation, e.g. ``{"wifi6": 11, "wifi7": 13}``."""
        return {name: gen.max_mcs for name, gen in self.generations.items()}

    @property
    def indices(self) -> np.ndarray:
        """MCS indices 0..N, shape ``(n_mcs,)`` (read-only)."""
        return self._arrays["index"]

    def _check_width(self, width_mhz: int) -> int:
        width = int(width_mhz)
        if width != width_mhz or width not in self.data_subcarriers:
            raise ValueError(f"unknown channel width {width_mhz} MHz; use one of {self.widths_mhz}")
        return width

    def min_snr_db(self, width_mhz: int) -> np.ndarray:
        """SNR floor in dB per MCS index at ``width_mhz``, shape ``(n_mcs,)`` (read-only).

        Raises
        ------
        ValueError
            If ``width_mhz`` is not one of :attr:`widths_mhz`.
        """
        return self._arrays[f"snr{self._check_width(width_mhz)}"]

    def sensitivity_dbm(self, width_mhz: int) -> np.ndarray:
        """Minimum receiver sensitivity in dBm per MCS index at ``width_mhz`` [S26]."""
        return self._arrays[f"sens{self._check_width(width_mhz)}"]

    def rate_mbps(
        self,
        mcs: int | np.ndarray,
        width_mhz: int,
        streams: int | np.ndarray = 1,
        *,
        gi_us: float | None = None,
    ) -> float | np.ndarray:
        """PHY data rate in Mbit/s for MCS index(es), width and spatial streams.

        ``mcs`` and ``streams`` broadcast; a scalar in gives a float out.

        >>> from wifiplan.library import load_library
        >>> round(load_library().mcs.rate_mbps(9, 20, 2), 1)
        229.4

        Raises
        ------
        ValueError
            If the width is unknown, an MCS index is outside the table or streams < 1.
        """
        width = self._check_width(width_mhz)
        mcs_arr = np.asarray(mcs)
        if mcs_arr.size and (mcs_arr.min() < 0 or mcs_arr.max() >= len(self.entries)):
            raise ValueError(f"MCS index out of range 0..{len(self.entries) - 1} (got {mcs})")
        streams_arr = np.asarray(streams)
        if streams_arr.size and streams_arr.min() < 1:
            raise ValueError(f"streams must be >= 1 (got {streams})")
        gi = self.gi_us if gi_us is None else gi_us
        index = mcs_arr.astype(int)
        bits_per_symbol = self.data_subcarriers[width] * self._arrays["bits"][index]
        rate = bits_per_symbol * self._arrays["rate"][index] * streams_arr / (self.symbol_us + gi)
        return float(rate) if np.ndim(rate) == 0 else rate

    def rates_mbps(self, width_mhz: int, streams: int = 1) -> np.ndarray:
        """PHY rate in Mbit/s of every MCS index at ``width_mhz``, shape ``(n_mcs,)``."""
        return np.asarray(self.rate_mbps(self.indices, width_mhz, streams))

    def mcs_for_snr(
        self, snr_db: float | np.ndarray, width_mhz: int, *, max_mcs: int | None = None
    ) -> np.ndarray:
        """Highest MCS index whose SNR floor ``snr_db`` meets, or -1 below MCS 0.

        Vectorised over ``snr_db`` (any shape; NaN gives -1). ``max_mcs`` caps the
        result (e.g. ``table.max_mcs["wifi6"]``).

        >>> from wifiplan.library import load_library
        >>> load_library().mcs.mcs_for_snr([1.0, 25.0, 60.0], 20, max_mcs=11).tolist()
        [-1, 7, 11]
        """
        floors = self.min_snr_db(width_mhz)
        snr = np.asarray(snr_db, dtype=float)
        found = np.searchsorted(floors, np.nan_to_num(snr, nan=-np.inf), side="right") - 1
        if max_mcs is not None:
            found = np.minimum(found, max_mcs)
        return found.astype(int)
