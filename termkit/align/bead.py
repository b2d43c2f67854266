"""The unit the aligner returns: groups of source and target sentence indices with a confidence."""

from __future__ import annotations

from typing import NamedTuple


class Bead(NamedTuple):
    """``src``/``tgt`` are 0-based sentence indices (either may be empty in parallel mode); ``score`` in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
