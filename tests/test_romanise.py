"""Hong Kong spellings of names from their Cantonese readings."""

from __future__ import annotations

import pytest

from termkit.romanise import hk_spellings, jyutping_to_hk


@pytest.mark.parametrize("name, spelled", [
    ("陳國基", "Chan Kwok-ki"),  # the Chief Secretary, as the HKSAR Government writes him
    ("李家超", "Lee Ka-chiu"),
    ("曾俊華", "Tsang Chun-wah"),
    ("梁振英", "Leung Chun-ying"),
    ("林鄭月娥", "Lam Cheng Yuet-ngor"),
    ("陈国基", "Chan Kwok-ki"),  # Simplified input reads the same
])
def test_official_hong_kong_names_are_among_the_spellings(name: str, spelled: str) -> None:
    syllables = spelled.lower().replace("-", " ").split()
    assert len(syllables) == len(name)
    for ch, syllable in zip(name, syllables, strict=True):
        assert syllable in hk_spellings(ch), (ch, hk_spellings(ch))


def test_jyutping_rules() -> None:
    assert jyutping_to_hk("zoeng1") == ("cheung", "tseung")
    assert "sze" in jyutping_to_hk("si1") and "tsz" in jyutping_to_hk("zi2")
    assert jyutping_to_hk("ng4") == ("ng",)
    assert jyutping_to_hk("gei1") == ("kee", "kei", "ki")
    assert jyutping_to_hk("not jyutping") == ()


def test_non_han_has_no_spelling() -> None:
    assert hk_spellings("A") == () and hk_spellings("。") == ()


def test_spellings_are_kept_on_disk_and_read_back_without_the_libraries(tmp_path, monkeypatch):
    from termkit import romanise

    monkeypatch.setattr(romanise, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(romanise, "_table", None)
    first = romanise.spellings("陳清")
    assert "chan" in first["陳"] and "chen" in first["陳"] and "ching" in first["清"]
    assert romanise.table_path().exists()
    monkeypatch.setattr(romanise, "_table", None)
    monkeypatch.setattr(romanise, "_spell", lambda ch: pytest.fail(f"{ch} spelt again"))
    assert romanise.spellings("清陳") == first


def test_spellings_work_where_the_cache_cannot_be_written(tmp_path, monkeypatch):
    from termkit import romanise

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(romanise, "cache_dir", lambda: blocked / "cache")
    monkeypatch.setattr(romanise, "_table", None)
    assert "leung" in romanise.spellings("梁")["梁"]
