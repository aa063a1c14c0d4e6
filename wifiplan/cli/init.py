"""``wifiplan init``: write a commented starter building file."""

from __future__ import annotations

from pathlib import Path

import typer

from wifiplan.io.atomic import check_output, write_text

__all__ = ["register", "STARTER"]

STARTER = """\
# yaml-language-server: $schema=building.schema.json
# A wifiplan building file (format 1). Coordinates are metres [x, y] in one frame for
# all floors. Write the schema next to this file with:
#   wifiplan schema building -o building.schema.json
# Check it with `wifiplan validate building.yaml`, plan it with
#   wifiplan plan building.yaml -o building.plan.yaml
format: 1
name: My office
country: JP                  # regulatory domain: JP, US, or an EU/EEA code (DE, FR, ...)
floors:
  - name: 1F
    elevation_m: 0.0         # finished floor level
    height_m: 3.6            # slab to slab
    ap_height_m: 2.7         # AP mount height above this floor
    slab: concrete-slab      # material between this floor and the one below
    outline: [[0, 0], [40, 0], [40, 20], [0, 20]]
    walls:                   # polylines; materials: `wifiplan materials`
      - {material: concrete, path: [[0, 0], [40, 0], [40, 20], [0, 20], [0, 0]]}
      - {material: drywall, path: [[25, 0], [25, 8]]}
      - {material: glass, path: [[25, 8], [25, 12]]}
      - {material: drywall, path: [[25, 12], [25, 20]]}
      - {material: drywall, path: [[25, 10], [40, 10]]}
    zones:                   # people and how they work: `wifiplan profiles`
      - {name: Open office, use: office-web-meetings, headcount: 60,
         polygon: [[0, 0], [25, 0], [25, 20], [0, 20]]}
      - {name: Meeting A, use: meeting-room, headcount: 12,
         polygon: [[25, 0], [40, 0], [40, 10], [25, 10]]}
      - {name: Meeting B, use: paperless-meeting, headcount: 12,
         polygon: [[25, 10], [40, 10], [40, 20], [25, 20]]}
    exclude: []              # shafts, stairs, voids: no coverage asked, no AP mounted
    telecom_rooms:
      - {name: MDF, kind: mdf, at: [1.0, 1.0]}
    risers: []               # same name on several floors = a vertical cable path
    pathways:                # cable trays / ceiling routes
      - {kind: tray, path: [[1, 1], [1, 10], [39, 10]]}
requirements:                # every field has a documented default
  band: 5                    # design band: 2.4, 5 or 6
  min_rssi_dbm: -67          # primary coverage
  min_snr_db: 25
  # secondary_rssi_dbm: -75  # a second AP this strong (roaming, voice)
  coverage_target: 0.95      # share of the covered area that must meet the above
  max_utilization: 0.5       # channel airtime cap at the growth scenario
  growth: 0.3                # headcount growth the design must carry
  spare_positions: 0.2       # extra pre-cabled mount points, as a share of APs
  # spare_growth: 0.5        # or as many as the cell splits predicted up to +50 % headcount
ap:
  preset: wifi6e-2x2         # AP radio preset (`wifiplan radios`)
  client: laptop             # client used for rates and uplink
"""


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        output: Path = typer.Argument(Path("building.yaml"), help="File to write ('-' for stdout)."),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    ) -> None:
        """Write a commented starter building file to edit."""
        if str(output) == "-":
            typer.echo(STARTER, nl=False)
            return
        write_text(check_output(output, force=force), STARTER)
        typer.echo(f"wrote {output}; edit it, then run `wifiplan validate {output}`", err=True)
