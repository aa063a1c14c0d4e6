"""Reading and writing files: YAML/JSON with source positions, atomic outputs, importers."""

__all__: list[str] = []
