"""The controlled glossary (issue 4)."""
