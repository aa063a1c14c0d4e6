"""Help that reads like a manual: plain value names, one set of short flags, an example per command.

Typer shows Python types in help (``<bool>``, ``<list[Path]>``, ``<int range> [x>=0]``)
and wraps required arguments in braces in the usage line (``{plan}``). The command
modules declare their options as usual; :func:`finish_app` then gives every command of
the app, sub-commands included, the classes below, which

* name values as a user reads them: ``FILE``, ``DIR``, ``N``, ``table|json``, nothing
  for flags;
* add the shared short flags (:data:`SHORT_FLAGS`) to every command that has the long
  option, so ``-o``, ``-f``, ``-b`` and ``-F`` mean the same everywhere;
* append the command's example (:data:`EXAMPLES`) to its help.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

__all__ = ["SHORT_FLAGS", "EXAMPLES", "finish_app", "walk_commands"]

#: One short flag per common long option, the same in every command.
SHORT_FLAGS: dict[str, str] = {
    "--output": "-o",
    "--format": "-f",
    "--building": "-b",
    "--force": "-F",
}

#: One or more example command lines per command path (``"import dxf"``).
EXAMPLES: dict[str, list[str]] = {
    "validate": ["wifiplan validate floorplans/city-hall.yaml examples/small-office.plan.yaml"],
    "schema": ["wifiplan schema building -o building.schema.json"],
    "materials": ["wifiplan materials -f json"],
    "profiles": ["wifiplan profiles"],
    "radios": ["wifiplan radios"],
    "channels": ["wifiplan channels JP --band 5 --width 40 --avoid-dfs"],
    "init": ["wifiplan init office.yaml"],
    "plan": [
        "wifiplan plan floorplans/small-office.yaml -o office.plan.yaml -F",
        "wifiplan plan floorplans/small-office.yaml --set requirements.growth=0.5 --set requirements.band=6",
        "wifiplan plan floorplans/*.yaml --out-dir plans/ --jobs 2",
        "wifiplan plan grown.yaml --existing office.plan.yaml -o grown.plan.yaml",
    ],
    "grow": ["wifiplan grow floorplans/city-hall.yaml --steps 0.15,0.3,0.5 -f csv -o path.csv",
             "wifiplan grow floorplans/old-office-tower.yaml --scenario retrofit --no-progress -f json -o path.json"],
    "check": ["wifiplan check examples/small-office.plan.yaml -f sarif -o check.sarif"],
    "report": ["wifiplan report examples/small-office.plan.yaml -o report/",
               "wifiplan report city-hall.plan.yaml -o report/ --pdf --growth-steps 0.15,0.3,0.5 "
               "--compare-preset wifi7-2x2"],
    "diff": ["wifiplan diff old.plan.yaml new.plan.yaml -f markdown"],
    "predict": ["wifiplan predict examples/small-office.plan.yaml --at points.csv -o predicted.csv"],
    "calibrate": ["wifiplan calibrate examples/small-office.plan.yaml survey.csv -o calibrated.plan.yaml"],
    "cost": ["wifiplan cost examples/small-office.plan.yaml --scenario retrofit -f csv -o bom.csv"],
    "heatmap": ["wifiplan heatmap examples/small-office.plan.yaml --floor 1F --metric rssi -o 1F.png"],
    "coverage": ["wifiplan coverage examples/small-office.plan.yaml --band 5 -f json"],
    "import": ["wifiplan import dxf 1F.dxf 2F.dxf -o building.yaml"],
    "import dxf": ["wifiplan import dxf 1F.dxf 2F.dxf --floor 1F --floor 2F -o building.yaml"],
    "import ifc": ["wifiplan import ifc model.ifc -o building.yaml"],
    "import geojson": ["wifiplan import geojson site1/ -o mall.yaml"],
    "import imdf": ["wifiplan import imdf venue.zip -o venue.yaml"],
    "import esx": ["wifiplan import esx survey.esx -o building.yaml --plan-output existing.plan.yaml"],
    "export": ["wifiplan export esx examples/small-office.plan.yaml -o office.esx"],
    "export esx": ["wifiplan export esx examples/small-office.plan.yaml -o office.esx"],
}

#: Value names by Python type, for options that give no ``metavar``.
_TYPE_NAMES = {int: "N", float: "NUMBER", str: "TEXT"}


def _value_name(param: TyperOption | TyperArgument) -> str:
    """The value a user types: ``FILE``, ``DIR``, ``N``, ``NUMBER``, ``a|b`` or ``TEXT``."""
    if param.metavar:
        return param.metavar
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices)
    if desc.is_path:
        name = (param.name or "").lower()
        return "DIR" if "dir" in name else "FILE"
    annotation = desc.annotation
    args = getattr(annotation, "__args__", None)
    if desc.is_list and args:
        annotation = args[0]
        if getattr(annotation, "__name__", "") in ("Path", "PosixPath", "WindowsPath"):
            return "FILE"
    return _TYPE_NAMES.get(annotation, "TEXT")


class _PlainOption(TyperOption):
    """An option shown as ``-o, --output FILE``; flags show no value."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - typer's signature
        if self.is_flag or self.count:
            return ""
        return _value_name(self)

    def _get_number_range_help_str(self) -> str | None:
        return None


class _PlainArgument(TyperArgument):
    """An argument shown as ``PLAN`` (``[PLANS]...`` when optional or repeated)."""

    @property
    def display_name_raw(self) -> str:
        if self.metavar is not None:
            return self.metavar
        return (self.name or "").upper()

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - typer's signature
        return ""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self) -> str | None:
        return None


def _plain_params(params: list[Any]) -> list[Any]:
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _PlainOption
            taken = set(param.opts) | set(param.secondary_opts)
            for long, short in SHORT_FLAGS.items():
                if long in param.opts and short not in taken:
                    param.opts.append(short)
        elif type(param) is TyperArgument:
            param.__class__ = _PlainArgument
    return params


_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Each paragraph of a docstring on one line (list items and ``\\b`` paragraphs kept as written).

    Typer keeps the single line breaks of every paragraph after the first, so a docstring
    wrapped at 100 columns printed in an 80-column terminal broke mid-sentence.

    >>> reflow("First line\\ngoes on.\\n\\nSecond\\nparagraph:\\n- one\\n- two")
    'First line goes on.\\n\\nSecond paragraph:\\n- one\\n- two'
    """
    out = []
    for par in text.split("\n\n"):
        if par.startswith("\b"):
            out.append(par)
            continue
        lines = par.split("\n")
        joined = lines[0]
        for line in lines[1:]:
            joined += ("\n" + line) if _LIST_ITEM.match(line) else (" " + line.strip())
        out.append(joined)
    return "\n\n".join(out)


def _example_text(path: str) -> str | None:
    lines = EXAMPLES.get(path)
    if not lines:
        return None
    label = "Example" if len(lines) == 1 else "Examples"
    return f"{label}:\n\n" + "\n\n".join(lines)


class Command(TyperCommand):
    """A command with plain value names, the shared short flags and its example."""

    path = ""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(super().get_params(ctx))

    def _finish(self) -> None:
        _plain_params(self.params)
        self.help = reflow(inspect.cleandoc(self.help or ""))
        example = _example_text(self.path)
        if example and "Example" not in self.help:
            self.help = f"{self.help.rstrip()}\n\n{example}"


class Group(TyperGroup):
    """A group (``import``, ``export``, the app) with the same plain help."""

    path = ""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(super().get_params(ctx))


def _command_class(path: str) -> type[Command]:
    def __init__(self: Command, *args: Any, **kwargs: Any) -> None:
        TyperCommand.__init__(self, *args, **kwargs)
        self._finish()

    return type("Command", (Command,), {"path": path, "__init__": __init__})


def _group_class(path: str) -> type[Group]:
    def __init__(self: Group, *args: Any, **kwargs: Any) -> None:
        TyperGroup.__init__(self, *args, **kwargs)
        _plain_params(self.params)
        self.help = reflow(inspect.cleandoc(self.help or ""))
        example = _example_text(path)
        if example and "Example" not in self.help:
            self.help = f"{self.help.rstrip()}\n\n{example}"

    return type("Group", (Group,), {"path": path, "__init__": __init__})


def finish_app(app: typer.Typer, prefix: str = "") -> None:
    """Give every command and group under ``app`` the plain help classes (call once, after registering)."""
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        if _is_default(info.cls, TyperCommand):
            info.cls = _command_class(f"{prefix}{name}")
    for group in app.registered_groups:
        sub = group.typer_instance
        name = group.name or sub.info.name
        path = f"{prefix}{name}"
        if _is_default(sub.info.cls, TyperGroup) and _is_default(group.cls, TyperGroup):
            sub.info.cls = group.cls = _group_class(path)
        finish_app(sub, prefix=f"{path} ")
    if not prefix and _is_default(app.info.cls, TyperGroup):
        app.info.cls = _group_class("")


def _is_default(cls: Any, base: type) -> bool:
    """True when a command or group class was left to typer (None, its placeholder or its own class)."""
    return cls is None or cls is base or type(cls).__name__ == "DefaultPlaceholder"


def walk_commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every leaf command of a click command tree, with its path (``("import", "dxf")``)."""
    subs = getattr(command, "commands", None)
    if not subs:
        return [(path, command)]
    out: list[tuple[tuple[str, ...], Any]] = []
    for name in sorted(subs):
        out += walk_commands(subs[name], (*path, name))
    return out
