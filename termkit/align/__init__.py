"""Sentence alignment (issue 3)."""
