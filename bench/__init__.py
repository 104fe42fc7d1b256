"""Benchmarks: each prints its figure as a ratio to a reference measured in the same run."""
