"""``wifiplan plan``: design the AP layout for a building (placeholder until the planner lands)."""

from __future__ import annotations

from pathlib import Path

import typer

from wifiplan.errors import ConfigError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        building: Path = typer.Argument(..., help="Building file."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Plan file to write."),
    ) -> None:
        """Design APs, channels, spares, cabling and cost for a building."""
        raise ConfigError("`wifiplan plan` is not built yet; `wifiplan validate` checks buildings today")
