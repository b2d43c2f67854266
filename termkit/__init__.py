"""termkit: turn bilingual Chinese–English coverage into translation assets (TM, glossary, checks)."""

__version__ = "0.1.0"
