"""Renderers: draw the core's data (results, progress, reports) for a terminal or a file."""
