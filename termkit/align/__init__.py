"""Sentence alignment (issue 3): parallel (monotonic) and comparable (mined) modes.

Public API: ``Bead``, ``align_sentences`` (lists of sentences) and ``align_segments`` (SEGMENTS tables →
ALIGNMENTS table). See the modules for the method.
"""

from termkit.align.aligner import align_sentences
from termkit.align.bead import Bead
from termkit.align.segments import align_segments

__all__ = ["Bead", "align_segments", "align_sentences"]
