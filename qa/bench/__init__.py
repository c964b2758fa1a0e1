"""Benchmarks that print numbers (``python -m qa.bench``)."""
