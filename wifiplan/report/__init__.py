"""Reports: check output formats, terminal tables, heatmaps, HTML/Markdown reports, plan diffs.

Import the modules you need (``wifiplan.report.sarif`` ...); this package imports nothing
heavy on its own.
"""

__all__: list[str] = []
