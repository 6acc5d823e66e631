"""Benchmarks: scripts that print figures (never timed assertions). Run with `make bench`."""
