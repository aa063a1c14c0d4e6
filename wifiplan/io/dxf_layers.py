"""DXF layer names → materials and roles: the shipped map (AIA/NCS, Chinese, Japanese) and ``--layer-map``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wifiplan.errors import ConfigError

__all__ = [
    "UNITS",
    "ROLES",
    "SAGITTA_M",
    "MAX_BLOCK_DEPTH",
    "HEAVY_LINEWEIGHT",
    "HEAVY_WALL_MATERIAL",
    "GENERIC_WALL",
    "rule_of",
    "LayerRule",
    "default_layer_rules",
    "parse_layer_map",
    "target_of",
]

UNITS = {"in": 1, "ft": 2, "mm": 4, "cm": 5, "m": 6}

#: Layer roles besides materials: room outlines, the floor outline, and ignored layers.
ROLES = ("room", "outline", "ignore")

#: Curves are flattened so no chord strays more than this from the arc, m.
SAGITTA_M = 0.02

#: Deepest block nesting expanded.
MAX_BLOCK_DEPTH = 16



@dataclass(frozen=True)
class LayerRule:
    """A layer-name pattern (regex, case-insensitive, searched) and the material or role it gets."""

    pattern: str
    target: str

    def matches(self, layer: str) -> bool:
        return re.search(self.pattern, layer, re.IGNORECASE) is not None


#: The pattern of the generic wall rule (its lines may be masonry when drawn heavy).
GENERIC_WALL = r"WALL|壁|墙"


def default_layer_rules(*, wall_material: str = "drywall") -> list[LayerRule]:
    """The shipped layer map (first match wins); ``wall_material`` is the generic wall material.

    AIA/NCS names (docs/import.md): ``A-AREA*``/``*ROOM*``/``*SPACE*`` rooms, outline
    layers, exterior walls (``*EXT*``) concrete, ``A-GLAZ`` glass, ``A-DOOR`` wood doors,
    structure (``S-COLS``, ``S-WALL``, cores) concrete, lifts and shafts
    ``elevator-shaft``, partial-height walls and panels ``cubicle``, masonry wall layers
    (``A-WALL-MASN``, ``*CMU*``, ``*BRICK*``, ``*BLOCK*``) ``concrete-block`` / ``brick``,
    concrete wall layers (``*CONC*``) ``concrete``, other ``*WALL*`` layers ``wall_material``.
    Chinese (GB/T 18112 style and common office names: 墙 wall, 砖墙/砌体 masonry,
    混凝土/剪力墙/砼 concrete, 门 door, 窗/幕墙 glass, 电梯/井道 lift, 柱 column, 楼梯 stairs,
    轴线/标注/尺寸/文字/家具 annotation) and Japanese (壁, ＲＣ/コンクリート, ブロック/ＣＢ,
    建具/扉/ドア, 窓/ガラス, ＥＶ/エレベ/昇降, 柱/躯体, 通り芯/寸法/文字/家具) names are known.
    Text-only layers (``*IDEN*``, ``*TEXT*``, 房名, 室名) carry room labels.
    """
    return [
        LayerRule(r"OUTL|OTLN|OUTLINE|FOOTPRINT|BOUNDARY|GROS|外形|外周|外轮廓", "outline"),
        LayerRule(r"IDEN|TEXT|ANNO|DIMS|NOTE|SYMB|GRID|FURN|EQPM|FIXT|PLUM|HATCH|PATT|TTLB|"
                  r"轴线|轴号|标注|尺寸|文字|家具|填充|图框|洁具|通り芯|寸法|家具|ハッチ|図枠|衛生", "ignore"),
        LayerRule(r"STAIR|STRS|楼梯|階段", "ignore"),
        LayerRule(r"^A-AREA|ROOM|SPACE|部屋|室|房间|房名", "room"),
        LayerRule(r"ELEV|LIFT|SHAFT|ＥＶ|エレベ|昇降|电梯|井道", "elevator-shaft"),
        LayerRule(r"DOOR|扉|ドア|建具|门", "wood-door"),
        LayerRule(r"GLAZ|GLASS|WIND|CURT|ガラス|窓|窗|幕墙|玻璃", "glass"),
        LayerRule(r"EXT|EXTR|EXTERIOR|外壁|外墙", "concrete"),
        LayerRule(r"^S-|COLS|COLM|COLUMN|CORE|STRU|躯体|柱|(?<![A-Z])RC(?![A-Z])|ＲＣ|剪力墙|混凝土|砼|コンクリート|CONC", "concrete"),
        LayerRule(r"MASN|MASONRY|CMU|BLOCK|BLCK|砌块|砌体|ブロック|ＣＢ", "concrete-block"),
        LayerRule(r"BRICK|BRCK|BRK|砖|レンガ|煉瓦", "brick"),
        LayerRule(r"PRHT|PART|CUBI|PNLS|パーテ|間仕切|隔断", "cubicle"),
        LayerRule(GENERIC_WALL, wall_material),
    ]


#: A generic wall drawn at least this heavy (1/100 mm, DXF lineweight) is taken as masonry:
#: architects draw cut masonry and concrete with heavy pens (0.5 mm and up) and partitions
#: light (0.25–0.35 mm). An office convention, not a standard: reported as a guess.
HEAVY_LINEWEIGHT = 50
#: Material of generic wall-layer lines drawn heavy.
HEAVY_WALL_MATERIAL = "concrete-block"


def parse_layer_map(items: list[str]) -> list[LayerRule]:
    """Rules from ``REGEX=material`` strings (``--layer-map``), checked against the library.

    Raises
    ------
    ConfigError
        If an item has no ``=``, the regex is invalid, or the material is unknown.
    """
    from wifiplan.library import load_library, suggest

    known = set(load_library().materials) | set(ROLES)
    out = []
    for item in items:
        if "=" not in item:
            raise ConfigError(f"--layer-map {item!r}: write REGEX=material, e.g. 'A-WALL-CONC=concrete'")
        pattern, target = item.rsplit("=", 1)
        pattern, target = pattern.strip(), target.strip()
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(f"--layer-map {item!r}: bad regular expression ({err})") from None
        if target not in known:
            guess = suggest(target, sorted(known))
            hint = f"; did you mean '{guess}'?" if guess else f"; use a material ({', '.join(sorted(known - set(ROLES)))}) or {', '.join(ROLES)}"
            raise ConfigError(f"--layer-map {item!r}: unknown material '{target}'{hint}")
        out.append(LayerRule(pattern, target))
    return out


def rule_of(layer: str, rules: list[LayerRule]) -> LayerRule | None:
    """The first rule matching ``layer``, or None."""
    for rule in rules:
        if rule.matches(layer):
            return rule
    return None


def target_of(layer: str, rules: list[LayerRule]) -> str | None:
    """The material or role of the first rule matching ``layer``, or None."""
    for rule in rules:
        if rule.matches(layer):
            return rule.target
    return None
