"""Translation checks (issue 4)."""
