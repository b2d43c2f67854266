"""Sentence rule tables, one ``<lang>.toml`` per language (package data read by ``termkit.segment``)."""
