"""The sentence encoder's term: which pairs get it, its calibration, its cache, and what it adds to a bead."""

from __future__ import annotations

import numpy as np
import pytest

from termkit.align import aligner, dp, encoder
from termkit.align.band import dots_in_band

ZH = ["今天天气很好。", "我们去公园散步吧。", "这本书非常有意思。"]
EN = ["The weather is nice today.", "Let's go for a walk in the park.", "This book is very interesting."]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh vector cache (the dictionary's stays where it is: parsing it again would cost seconds)."""
    monkeypatch.setattr(encoder, "cache_dir", lambda: tmp_path)
    return tmp_path


def test_resolve_keeps_use_for_known_languages_and_none_as_asked():
    assert encoder.resolve("use", "zh", "en") == ("use", None)
    assert encoder.resolve("none", "sv", "en") == ("none", None)


def test_resolve_falls_back_with_one_line_naming_the_language():
    name, notice = encoder.resolve("use", "sv", "en")
    assert name == "none"
    assert notice.split(":")[0].endswith("know sv") and "\n" not in notice


def test_resolve_refuses_an_unknown_encoder():
    with pytest.raises(ValueError, match="laser"):
        encoder.resolve("laser", "zh", "en")


def test_translations_are_nearer_than_other_sentences(cache):
    x, y = encoder.encode(ZH), encoder.encode(EN)
    assert x.shape == (3, 512) and x.dtype == np.float32
    sims = x @ y.T
    assert (sims.argmax(axis=1) == np.arange(3)).all()


def test_vectors_come_from_the_cache_the_second_time(cache, monkeypatch):
    first = encoder.encode(EN)
    assert len(list((cache / "vectors").glob("*.npy"))) == 1

    def no_model(_sentences):
        raise AssertionError("encoded again")

    monkeypatch.setattr(encoder, "_encode", no_model)
    assert np.array_equal(encoder.encode(EN), first)
    with pytest.raises(AssertionError, match="encoded again"):
        encoder.encode([*EN, "One more line."])  # another document: another hash


def test_a_damaged_cache_entry_is_encoded_again(cache):
    encoder.encode(EN[:1])
    path = encoder.cache_file(EN[:1])
    path.write_bytes(b"not numpy")
    assert encoder.encode(EN[:1]).shape == (1, 512)


def test_centred_vectors_have_zero_mean_and_unit_length():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(20, 8)) + 5.0  # a shared component, as every sentence of a document has
    c = encoder.centred(v)
    assert np.allclose(c.mean(axis=0), 0.0, atol=0.05)
    assert np.allclose(np.linalg.norm(c, axis=1), 1.0)


def test_calibration_puts_unrelated_near_zero_and_translations_near_one():
    """The encoder term's own calibration: random pairs are the base, nearby best pairs the scale."""
    rng = np.random.default_rng(0)
    x = encoder.centred(rng.normal(size=(60, 16)))
    y = encoder.centred(x + 0.3 * rng.normal(size=(60, 16)))
    lengths = np.full(60, 20.0)
    base, scale, _ = dp.calibrate(x, y, lengths, lengths, np.random.default_rng(1))
    assert abs(base) < 0.1
    true = np.einsum("ij,ij->i", x, y)
    assert abs((np.median(true) - base) / scale - 1.0) < 0.2


def _bead_gain(cos: float, sc: dp.Scoring) -> float:
    """What the encoder term adds to a 1-1 bead whose two vectors have cosine ``cos``."""
    x = np.asarray([[1.0, 0.0]], dtype=np.float32)
    y = np.asarray([[cos, np.sqrt(1 - cos * cos)]], dtype=np.float32)
    ones = np.ones(1)
    lo, hi = np.zeros(2, dtype=np.int64), np.ones(2, dtype=np.int64)
    bd = dots_in_band(x, y, ones, ones, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    t = dp.SHAPES.index((1, 1))
    with_enc, without = dp.bead_scores(bd, 0, 2, sc, bd, dp.Encoded(x, y)), dp.bead_scores(bd, 0, 2, sc)
    return float(with_enc[t, 1, 1] - without[t, 1, 1])


def test_the_encoder_term_is_weight_at_a_typical_translation_and_zero_at_unrelated():
    sc = aligner._scoring((0.0, 1.0, 1.0), 6.8, 1.0, (0.1, 0.3, 1.0))
    assert sc.encoder == aligner.ENCODER_WEIGHT and (sc.enc_base, sc.enc_scale) == (0.1, 0.3)
    assert _bead_gain(0.4, sc) == pytest.approx(aligner.ENCODER_WEIGHT, rel=1e-5)
    assert _bead_gain(0.1, sc) == pytest.approx(0.0, abs=1e-5)
    assert _bead_gain(1.0, sc) == pytest.approx(aligner.ENCODER_WEIGHT * aligner.CAP)  # capped at CAP


def test_scoring_without_the_encoder_has_no_encoder_term():
    sc = aligner._scoring((0.0, 1.0, 1.0), 6.8, 1.0)
    assert sc.encoder == 0.0


def test_align_with_the_encoder_pairs_a_short_translation(cache):
    beads = aligner.align_sentences(ZH, EN, "zh", "en", encoder_name="use")
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_a_language_the_encoder_lacks_aligns_as_none(cache):
    src = ["Det är fint väder i dag.", "Vi går en promenad i parken.", "Boken är mycket intressant."]
    assert aligner.align_sentences(src, EN, "sv", "en", encoder_name="use") == \
        aligner.align_sentences(src, EN, "sv", "en", encoder_name="none")


def _pair(folder, src_lines, tgt_lines):
    src, tgt = folder / "src.txt", folder / "tgt.txt"
    src.write_text("\n".join(src_lines) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(tgt_lines) + "\n", encoding="utf-8")
    return src, tgt


def test_cli_without_encoder_flag_gives_the_default_encoders_output(cli, cache, tmp_path):
    src, tgt = _pair(tmp_path, ZH, EN)
    plain = cli("align", src, tgt, "--presplit", "-f", "tsv")
    none = cli("align", src, tgt, "--presplit", "-f", "tsv", "--encoder", "none")
    use = cli("align", src, tgt, "--presplit", "-f", "tsv", "--encoder", "use")
    assert plain.returncode == none.returncode == use.returncode == 0, use.stderr
    assert plain.stdout == (use if encoder.DEFAULT == encoder.USE else none).stdout
    assert use.stdout.count("\n") == none.stdout.count("\n") == 4  # a header and three beads
    assert list(cache.glob("vectors/*.npy"))


def test_cli_encoder_falls_back_with_one_notice(cli, cache, tmp_path):
    src, tgt = _pair(tmp_path, ["Det är fint väder i dag.", "Vi går en promenad i parken."], EN[:2])
    got = cli("align", src, tgt, "--presplit", "--src-lang", "sv", "--tgt-lang", "en", "--encoder", "use")
    assert got.returncode == 0
    notices = [line for line in got.stderr.splitlines() if "encoder" in line]
    assert len(notices) == 1 and "sv" in notices[0]


def test_cli_refuses_an_unknown_encoder(cli, tmp_path):
    src, tgt = _pair(tmp_path, ZH, EN)
    got = cli("align", src, tgt, "--presplit", "--encoder", "laser")
    assert got.returncode != 0 and "laser" in got.stderr


def test_blocks_encode_joined_runs_centred_on_the_sentences(cache):
    blocks = encoder.encode_blocks(EN, [1, 2], " ")
    assert blocks[1].shape == blocks[2].shape == (4, 512)
    assert not blocks[2][:2].any()  # no run of two ends before the second sentence
    sent = encoder.encode(EN)
    joined = encoder.encode([EN[0] + " " + EN[1]])
    assert np.allclose(blocks[2][2], encoder.centred(joined, sent.mean(axis=0, keepdims=True))[0], atol=1e-3)
    assert np.allclose(blocks[1][1:], encoder.centred(sent), atol=1e-3)


def test_a_merged_bead_is_scored_on_its_joined_text_too_when_blocks_are_kept():
    """With blocks, a 1-2 bead's encoder term is the mean of the summed vectors' and the joined text's."""
    sc = aligner._scoring((0.0, 1.0, 1.0), 6.8, 1.0, (0.0, 0.5, 1.0))
    x = np.asarray([[1.0, 0.0]], dtype=np.float32)
    y = np.asarray([[0.0, 1.0], [0.0, 1.0]], dtype=np.float32)  # each target alone: unrelated
    joined = np.asarray([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]], dtype=np.float32)  # the two joined: x itself
    lengths = np.ones(2)
    lo, hi = np.zeros(2, dtype=np.int64), np.full(2, 2, dtype=np.int64)
    bd = dots_in_band(x, y, lengths[:1], lengths, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    summed = dp.bead_scores(bd, 0, 2, sc, bd, dp.Encoded(x, y))
    src_blocks = {a: np.zeros((2, 2), dtype=np.float32) for a in range(1, dp.MAX_SRC + 1)}
    tgt_blocks = {b: np.zeros((3, 2), dtype=np.float32) for b in range(1, dp.MAX_TGT + 1)}
    src_blocks[1][1:], tgt_blocks[1][1:], tgt_blocks[2] = x, y, joined
    blocks = dp.Encoded(x, y, src_blocks, tgt_blocks)
    with_blocks = dp.bead_scores(bd, 0, 2, sc, bd, blocks)
    t = dp.SHAPES.index((1, 2))
    gain = with_blocks[t, 1, 2] - summed[t, 1, 2]
    assert gain == pytest.approx(aligner.ENCODER_WEIGHT * 1.5 * aligner.CAP / 2)  # the joined half: capped


@pytest.mark.slow
def test_several_processes_encode_what_one_does(cache, monkeypatch):
    sentences = ZH + EN + ["第四句话。", "A fifth sentence.", "第六句。"]
    monkeypatch.setattr(encoder, "BATCH", 3)
    alone = encoder._encode(sentences)
    monkeypatch.setattr(encoder, "PARALLEL_MIN", 0)
    with encoder.use_processes(2):
        shared = encoder._encode(sentences)
    assert encoder._processes == 1
    assert shared.shape == (9, 512)
    np.testing.assert_array_equal(shared, alone)


def test_a_long_pair_is_judged_without_joined_runs_and_the_model_is_dropped(cache, monkeypatch):
    monkeypatch.setattr(aligner, "JOINED_MAX", 2 * len(ZH))
    assert aligner._encoded(ZH, EN, "zh", "en").src_blocks is not None
    assert encoder._model is None
    monkeypatch.setattr(aligner, "JOINED_MAX", 2 * len(ZH) - 1)
    enc = aligner._encoded(ZH, EN, "zh", "en")
    assert enc.src_blocks is None and enc.tgt_blocks is None
    assert enc.x.shape == (3, 512)


def test_a_repeated_sentence_is_encoded_once_and_gets_the_same_vector(cache, monkeypatch):
    seen: list[str] = []
    real = encoder._encode_batch
    monkeypatch.setattr(encoder, "_encode_batch", lambda batch: (seen.extend(batch), real(batch))[1])
    vec = encoder._encode([ZH[0], EN[0], ZH[0], EN[1]])
    assert sorted(seen) == sorted([ZH[0], EN[0], EN[1]])
    np.testing.assert_array_equal(vec[0], vec[2])
    np.testing.assert_array_equal(vec[1], real([EN[0]])[0])
