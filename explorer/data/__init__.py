"""Data layer: no Qt here (import-linter checks it), so it can be tested and
reused without a GUI."""
