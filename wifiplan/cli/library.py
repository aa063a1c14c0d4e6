"""``wifiplan materials|profiles|radios|channels``: the shipped library as tables or JSON."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from wifiplan.cli._common import out_console

__all__ = ["register"]

_FMT = typer.Option("table", "--format", metavar="table|json", help="table or json.")


def _cite(entry) -> str:
    """Short citation for tables: the [S..] ids of the entry's source, and 'estimate' if so."""
    import re

    ids = list(dict.fromkeys(re.findall(r"\[S\d+\]", entry.source)))
    text = " ".join(ids) if ids else "see --format json"
    return f"{text} (estimate)" if getattr(entry, "estimate", False) else text


def _check_fmt(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")


def register(app: typer.Typer) -> None:
    @app.command("materials")
    def materials(fmt: str = _FMT) -> None:
        """List wall and slab materials: loss per crossing in dB per band, with sources."""
        from wifiplan.library import load_library

        _check_fmt(fmt)
        lib = load_library()
        rows = sorted(lib.materials.values(), key=lambda m: m.name)
        if fmt == "json":
            typer.echo(json.dumps([m.model_dump(mode="json") for m in rows], indent=2, ensure_ascii=False))
            return
        table = Table(title="Materials: loss per crossing (dB); sources: docs/sources.md, full text: --format json")
        for col, just in (("name", "left"), ("2.4 GHz", "right"), ("5 GHz", "right"), ("6 GHz", "right"),
                          ("description", "left"), ("source", "left")):
            table.add_column(col, justify=just, overflow="fold")
        for m in rows:
            table.add_row(m.name, *(f"{m.loss_db[b]:g}" for b in ("2.4", "5", "6")), m.description, _cite(m))
        out_console().print(table)

    @app.command("profiles")
    def profiles(fmt: str = _FMT) -> None:
        """List usage profiles: devices per person, concurrency, Mbps per active device."""
        from wifiplan.library import load_library

        _check_fmt(fmt)
        lib = load_library()
        rows = sorted(lib.profiles.values(), key=lambda p: p.name)
        if fmt == "json":
            typer.echo(json.dumps([p.model_dump(mode="json") for p in rows], indent=2, ensure_ascii=False))
            return
        table = Table(title="Usage profiles (per active device)")
        for col, just in (("name", "left"), ("devices/person", "right"), ("concurrency", "right"),
                          ("down Mbps", "right"), ("up Mbps", "right"), ("m²/person", "right"),
                          ("description", "left"), ("source", "left")):
            table.add_column(col, justify=just, overflow="fold")
        for p in rows:
            table.add_row(p.name, f"{p.devices_per_person:g}", f"{p.concurrency:.0%}", f"{p.down_mbps:g}",
                          f"{p.up_mbps:g}", f"{p.occupancy_m2_per_person:g}", p.description, _cite(p))
        out_console().print(table)

    @app.command("radios")
    def radios(fmt: str = _FMT) -> None:
        """List AP and client radio presets: bands, streams, power, antenna gain, PoE."""
        from wifiplan.library import load_library

        _check_fmt(fmt)
        lib = load_library()
        aps = sorted(lib.ap_presets.values(), key=lambda p: p.name)
        clients = sorted(lib.client_presets.values(), key=lambda p: p.name)
        if fmt == "json":
            typer.echo(json.dumps({"ap_presets": [p.model_dump(mode="json") for p in aps],
                                   "client_presets": [p.model_dump(mode="json") for p in clients]},
                                  indent=2, ensure_ascii=False))
            return
        table = Table(title="AP presets")
        for col in ("name", "gen", "streams", "bands", "max tx dBm", "antenna dBi", "widths MHz", "PoE", "W",
                    "clients/radio", "source"):
            table.add_column(col, overflow="fold", no_wrap=col == "name")
        for p in aps:
            table.add_row(p.name, p.generation, str(p.streams), "/".join(p.bands),
                          "/".join(f"{p.max_tx_power_dbm[b]:g}" for b in p.bands),
                          "/".join(f"{p.antenna_gain_dbi[b]:g}" for b in p.bands),
                          "/".join(str(w) for w in p.widths_mhz), f"{p.poe_standard} class {p.poe_class}",
                          f"{p.power_w:g}", str(p.max_clients_per_radio), _cite(p))
        con = out_console()
        con.print(table)
        table = Table(title="Client presets")
        for col in ("name", "gen", "streams", "bands", "tx dBm", "antenna dBi", "signal offset dB", "max width MHz",
                    "source"):
            table.add_column(col, overflow="fold", no_wrap=col == "name")
        for p in clients:
            table.add_row(p.name, p.generation, str(p.streams), "/".join(p.bands), f"{p.tx_power_dbm:g}",
                          f"{p.antenna_gain_dbi:g}", f"{p.signal_offset_db:g}", str(p.max_width_mhz), _cite(p))
        con.print(table)

    @app.command("channels")
    def channels(
        country: str = typer.Argument("JP", help="Country code (JP, US, or an EU/EEA code)."),
        band: str = typer.Option("5", "--band", metavar="GHZ", help="2.4, 5 or 6."),
        width: int = typer.Option(20, "--width", metavar="MHZ", help="Channel width in MHz."),
        avoid_dfs: bool = typer.Option(False, "--avoid-dfs", help="Leave out DFS channels."),
        fmt: str = _FMT,
    ) -> None:
        """List the legal channels of a country for a band and width, with DFS and EIRP."""
        from wifiplan.library import load_library
        from wifiplan.model.common import band_key
        from wifiplan.model.resolve import domain_code

        _check_fmt(fmt)
        try:
            bkey = band_key(band)
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--band") from None
        domain = load_library().domains[domain_code(country)]
        if width not in domain.widths(bkey):
            raise typer.BadParameter(f"{width} MHz is not used in {bkey} GHz; use one of {domain.widths(bkey)}",
                                     param_hint="--width")
        chans = domain.channels(bkey, width, avoid_dfs=avoid_dfs)
        if fmt == "json":
            typer.echo(json.dumps([c.model_dump(mode="json") if hasattr(c, "model_dump") else vars(c) for c in chans],
                                  indent=2, ensure_ascii=False))
            return
        table = Table(title=f"{domain_code(country)} {bkey} GHz, {width} MHz: {len(chans)} channels")
        for col in ("channel", "centre MHz", "group", "DFS", "indoor only", "max EIRP dBm"):
            table.add_column(col, justify="right" if col != "group" else "left")
        for c in chans:
            table.add_row(str(c.number), f"{c.centre_mhz:g}", str(c.group), "yes" if c.dfs else "",
                          "yes" if c.indoor_only else "", f"{c.max_eirp_dbm:g}")
        out_console().print(table)
