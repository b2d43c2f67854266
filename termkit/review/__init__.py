"""Review of alignments by a translator (issue 12): decisions files, their application, the page, the report."""
