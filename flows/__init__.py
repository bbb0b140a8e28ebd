"""Prefect flows and the command line: one-off conversion and the scheduled news archive."""
