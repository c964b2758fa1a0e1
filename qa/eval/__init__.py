"""Evaluation harness: gold questions, metrics, the report (``python -m qa.eval``)."""
