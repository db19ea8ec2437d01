"""Dry-run preview of an export: the engine, and its terminal and HTML reports."""
