"""Design: candidate positions, AP placement, channels and power, spares, lower bound, the plan."""

from wifiplan.design.bounds import LowerBound, lower_bound
from wifiplan.design.channels import assign_channels, band_channels, choose_width, interference_graph, needed_colours
from wifiplan.design.planfile import plan_to_yaml
from wifiplan.design.planner import LayoutResult, design_layout

__all__ = [
    "LowerBound",
    "LayoutResult",
    "assign_channels",
    "band_channels",
    "choose_width",
    "interference_graph",
    "lower_bound",
    "design_layout",
    "needed_colours",
    "plan_to_yaml",
]
