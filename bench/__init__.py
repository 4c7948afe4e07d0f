"""Benchmarks: measure what users feel, against a reference measured side by side."""
