"""CC-CEDICT: lookup in both scripts, maximum-match tokenising, gloss cleaning, the on-disk parse cache."""

from __future__ import annotations

import pickle

import pytest

from termkit import cedict


def test_lookup_in_both_scripts() -> None:
    d = cedict.load()
    assert "science" in " ".join(d.lookup("科学"))
    assert d.lookup("科學") == d.lookup("科学")
    assert d.lookup("不是一个词语吧") == ()


def test_tokenize_keeps_numbers_whole_and_prefers_long_words() -> None:
    d = cedict.load()
    assert d.tokenize("2025年科学技术") == ["2025", "年", "科学技术"]
    assert d.tokenize("3.89平方公里")[0] == "3.89"


@pytest.mark.parametrize("seed", [0, 1])
def test_tokenize_is_forward_maximum_matching_over_every_length(seed: int) -> None:
    """The per-character and per-pair bounds on a word's length only skip lengths no headword has."""
    import random

    d = cedict.load()
    rng = random.Random(seed)
    heads = [h for h in d.glosses if all("\u4e00" <= c <= "\u9fff" for c in h)]
    idioms = [h for h in heads if len(h) >= 4]
    text = "".join(rng.choice(idioms if rng.random() < 0.3 else heads)[rng.randrange(2):] for _ in range(3000))

    def slow(t: str, limit: int) -> list[str]:
        out, i = [], 0
        while i < len(t):
            k = next(k for k in range(min(limit, len(t) - i), 0, -1) if k == 1 or t[i:i + k] in d.glosses)
            out.append(t[i:i + k])
            i += k
        return out

    for limit in (8, d.max_len):
        assert d.tokenize(text, limit) == slow(text, limit)


def test_clean_gloss_drops_classifiers_and_cross_references() -> None:
    assert cedict.clean_gloss("CL:個|个[ge4]") == ""
    assert cedict.clean_gloss("see also 科学") == ""
    assert cedict.clean_gloss("to help sb (with sth)") == "to help somebody"


@pytest.mark.slow  # parses the whole of CC-CEDICT again
def test_cache_is_written_then_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMKIT_CACHE", str(tmp_path))
    cedict.load.cache_clear()
    try:
        first = cedict.load()
        path = cedict.cache_path()
        assert path.parent == tmp_path and path.is_file()
        cedict.load.cache_clear()
        assert cedict.load() == first
    finally:
        cedict.load.cache_clear()


@pytest.mark.slow  # parses the whole of CC-CEDICT again
def test_unreadable_cache_is_reparsed(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMKIT_CACHE", str(tmp_path))
    cedict.load.cache_clear()
    try:
        cedict.cache_path().write_bytes(b"not a pickle")
        d = cedict.load()
        assert "科学" in d
        with cedict.cache_path().open("rb") as fh:
            assert isinstance(pickle.load(fh), cedict.Cedict)
    finally:
        cedict.load.cache_clear()


def test_clean_gloss_expands_sb_and_sth_only_as_words() -> None:
    assert cedict.clean_gloss("husband") == "husband"
    assert cedict.clean_gloss("to tell sb sth") == "to tell somebody something"
