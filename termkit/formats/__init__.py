"""Readers and writers of the file formats termkit exchanges: aligned TSV, ladders, TMX, TBX."""
