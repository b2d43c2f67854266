"""Decode Chinese and English text files: UTF-8, GB18030 (mainland) and Big5/Big5-HKSCS (Hong Kong, Taiwan).

Why not chardet: the question here is narrow (three encodings) and answerable exactly. Both GB18030 and
Big5 decode many byte strings that are not theirs, so a candidate is judged by how much of its Chinese
falls in the frequent-character sets of the two standards themselves (GB2312 level 1 and Big5's
"frequently used" block); a wrong decoding produces rare characters.
"""

from __future__ import annotations

import codecs
import contextlib
from functools import lru_cache
from pathlib import Path

from termkit.errors import TermkitError
from termkit.fileio import read_bytes
from termkit.lang import is_han

CANDIDATES = ("gb18030", "big5hkscs")


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):  # GB2312 level 1: the 3,755 most frequent simplified characters
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    for hi in range(0xA4, 0xC7):  # Big5 frequently used characters (A440–C67E)
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("big5"))
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of CJK characters that are frequent ones; 0 for text with no CJK at all."""
    common = _common_hanzi()
    cjk = [c for c in text if is_han(c)]
    if not cjk:
        return 0.0
    return sum(c in common for c in cjk) / len(cjk)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def check_encoding(name: str) -> str:
    """The codec's canonical name (``GBK`` → ``gbk``), or a one-line error for a name Python does not know."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TermkitError(f"unknown encoding {name!r} (try utf-8, gb18030, big5hkscs, utf-16)") from None


def _decode_as(data: bytes, encoding: str, path: str | Path) -> tuple[str, str]:
    """Decode with the encoding the user named: every byte must fit, and the error says where one does not."""
    name = check_encoding(encoding)
    try:
        text = data.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TermkitError(f"not valid {name}: byte {data[exc.start]:#04x} at offset {exc.start}", path,
                           line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), name


def decode_bytes(data: bytes, path: str | Path = "<input>", encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``TermkitError`` naming ``path`` when no encoding fits.

    ``encoding`` (the user's ``--encoding``) replaces detection: for a file detection gets wrong, such as
    a short GBK text that also decodes as Big5. UTF-16 with a byte-order mark (what Windows calls
    "Unicode") is accepted before the binary check, since its NUL bytes would otherwise look binary.
    """
    if encoding:
        return _decode_as(data, encoding, path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TermkitError("bad UTF-16 text (it starts with a byte-order mark)", path) from None
        return text.replace("\r\n", "\n").replace("\r", "\n"), "utf-16"
    if _looks_binary(data):
        raise TermkitError("looks like a binary file, not text", path)
    try:
        text = data.decode("utf-8-sig")
        return text.replace("\r\n", "\n").replace("\r", "\n"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < 0.5:
        raise TermkitError("unknown text encoding (not UTF-8, GB18030 or Big5)", path)
    _, enc, text = best
    return text.replace("\r\n", "\n").replace("\r", "\n"), ("big5" if enc.startswith("big5") else enc)


def read_text(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a user's text file: ``(text, encoding)``; ``encoding`` overrides detection."""
    return decode_bytes(read_bytes(path), path, encoding)
