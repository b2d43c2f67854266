"""``termkit align`` and ``termkit eval``: inputs, languages, formats, batch, errors, as a user runs them."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import TEST_GLOSSARY, interrupt_when_one_is_written
from lxml import etree

from termkit.batch import AlignOptions, plan_batch
from termkit.batch import align_files as align_pair
from termkit.checkpoint import JOURNAL
from termkit.corpus import glossary_pairs, presplit_side
from termkit.errors import TermkitError
from termkit.formats.alignments import Format, file_name, output_format
from termkit.formats.alignments import write_aligned as write_output
from termkit.formats.ladder import parse_ladder, read_ladder, write_ladder
from termkit.formats.tmx import PROP_SCORE
from termkit.formats.tsv import read_alignments_tsv

ZH = [
    "园区面积约3.89平方公里。",
    "国务院印发了《河套深港科技创新合作区深圳园区发展规划》，规划提出，到2025年，深圳园区与香港园区协同发展的"
    "格局基本形成，科技创新资源加快集聚，一批重大科研平台建成投入使用。",
    "这只是第一步。",
    "林新表示，科技部将支持园区建设国际一流的科研平台，吸引全球顶尖人才，推动深港两地科研人员、资金和数据"
    "跨境流动更加便利，让园区成为国际科技创新的重要极点。",
]
EN = [
    "The park covers about 3.89 square kilometres.",
    "The State Council has issued the development plan for the Shenzhen Park of the Hetao Shenzhen-Hong Kong "
    "Science and Technology Innovation Cooperation Zone; by 2025, the plan says, a pattern of coordinated "
    "development between the Shenzhen Park and the Hong Kong Park will basically take shape, innovation "
    "resources will gather faster, and a number of major research platforms will be in use.",
    "This is only the first step.",
    "Lin Xin said the Ministry of Science and Technology will support the park in building world-class "
    "research platforms, attracting top talent from around the world, and making it easier for researchers, "
    "funds and data to flow between Shenzhen and Hong Kong, so that the park becomes an important pole of "
    "international science and technology innovation.",
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    (folder / "zh.txt").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    (folder / "en.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    return folder / "zh.txt", folder / "en.txt"


@pytest.fixture(scope="module")
def aligned(pair):
    """The pair aligned once in this process (each new process pays for loading CC-CEDICT)."""
    return align_pair(*pair, AlignOptions(presplit=True)).alignments


def _covers_each_sentence_once(beads, n_src, n_tgt):
    src = sorted(i for b in beads for i in b[0])
    tgt = sorted(j for b in beads for j in b[1])
    return src == list(range(n_src)) and tgt == list(range(n_tgt))


# --- in-process: reading, language checks, planning -------------------------------------------------

def test_presplit_lines_are_sentences_and_language_is_detected(pair):
    side = presplit_side(pair[0], None, what="--src-lang")
    assert (side.lang, side.tag) == ("zh", "zh-Hans")
    assert side.segments["seg_id"].to_list() == [0, 1, 2, 3]
    assert side.segments["text"].to_list() == ZH
    trad = pair[0].with_name("hk.txt")
    trad.write_text("香港特別行政區政府政務司司長陳國基表示，會繼續積極跟深圳合作。\n", encoding="utf-8")
    assert presplit_side(trad, None, what="--src-lang").tag == "zh-Hant"
    with pytest.raises(TermkitError, match="--tgt-lang de does not fit this text: it reads as en"):
        presplit_side(pair[1], "de", what="--tgt-lang")  # English function words throughout: clearly not German
    names = pair[1].with_name("names.txt")
    names.write_text("Hetao Shenzhen-Hong Kong\nLin Xin\n", encoding="utf-8")
    assert presplit_side(names, "de", what="--tgt-lang").tag == "de"  # no evidence against the claim: trusted


@pytest.mark.parametrize(("which", "flag", "shown"), [(0, "en", "--src-lang en"), (1, "zh", "--src-lang zh")])
def test_wrong_language_for_flag(pair, which, flag, shown):
    with pytest.raises(TermkitError, match=shown) as exc:
        presplit_side(pair[which], flag, what="--src-lang")
    assert str(exc.value).startswith(str(pair[which]))


def test_gb18030_input_and_blank_only_input(tmp_path):
    gb = tmp_path / "gb.txt"
    gb.write_bytes(("\n".join(ZH) + "\n").encode("gb18030"))
    assert presplit_side(gb, "zh", what="--src-lang").segments["text"].to_list() == ZH
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n \n")
    with pytest.raises(TermkitError, match="empty"):
        presplit_side(blank, None, what="--src-lang")


def test_mismatched_lengths_warn_but_align(tmp_path, pair):
    long = tmp_path / "long.txt"
    long.write_text("\n".join(EN * 10) + "\n", encoding="utf-8")
    result = align_pair(pair[0], long, AlignOptions(presplit=True))
    assert result.alignments.height > 0
    assert len(result.warnings) == 1 and "10×" in result.warnings[0]
    assert not align_pair(*pair, AlignOptions(presplit=True)).warnings


def test_the_wrong_file_is_named_in_one_warning_and_still_aligned(tk):
    from conftest import shared_path

    folder = shared_path("data", "mac-dev")
    first, second = sorted(p.name for p in (folder / "zh").iterdir())[:2]
    args = ("--presplit", "--src-lang", "zh", "--tgt-lang", "en", "--encoder", "none")
    code, out, err = tk("align", folder / "zh" / first, folder / "en" / second, *args)
    assert code == 0 and out  # the alignment is still written: the user decides
    warned = [line for line in err.splitlines() if "do not read as translations" in line]
    assert len(warned) == 1 and f"zh/{first} ↔ " in warned[0] and f"en/{second}:" in warned[0]
    code, _, err = tk("align", folder / "zh" / first, folder / "en" / first, *args)
    assert code == 0 and "do not read as translations" not in err


GLOSSARY = (
    "concept_id\tsubject\tdefinition\tsource\tlang\tscript\tterm\tstatus\tterm_type\tpos\tcase_sensitive\tnote\n"
    "most\t\t\t\tzh\t\t科学技术部\tpreferred\tfullForm\tproperNoun\t\t\n"
    "most\t\t\t\ten\t\tMinistry of Science and Technology\tpreferred\tfullForm\tproperNoun\t\t\n"
)


def test_glossary_pairs_reach_the_aligner(pair, tmp_path, monkeypatch):
    path = tmp_path / "g.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    pairs = glossary_pairs(path)
    assert ("科学技术部", "Ministry of Science and Technology") in pairs
    assert ("科學技術部", "Ministry of Science and Technology") in pairs  # the Traditional form as well
    seen = {}

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    import termkit.align

    real = termkit.align.align_segments
    monkeypatch.setattr(termkit.align, "align_segments", spy)
    align_pair(*pair, AlignOptions(presplit=True, extra_pairs=pairs))
    assert set(pairs) <= set(seen["extra_pairs"])
    assert glossary_pairs(None) == ()
    with pytest.raises(TermkitError, match="no such glossary"):
        glossary_pairs(tmp_path / "missing.tsv")


def test_output_format_from_flag_or_suffix():
    assert output_format(Format.tsv, Path("x.txt")) is Format.tsv
    assert output_format(Format.tsv, Path("x.alignments.tsv")) is Format.tsv
    with pytest.raises(TermkitError, match=r"x\.tmx: --format tsv contradicts the output's suffix \.tmx"):
        output_format(Format.tsv, Path("x.tmx"))
    assert output_format(None, Path("x.TMX")) is Format.tmx
    assert output_format(None, Path("x.ladder")) is Format.ladder
    assert output_format(None, Path("x.txt")) is Format.ladder
    assert output_format(None, None) is Format.ladder


def test_plan_batch_pairs_same_names_and_reads_manifests(tmp_path):
    for side in ("zh", "en"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a.txt").write_text("x\n")
        (tmp_path / side / "b.txt").write_text("x\n")
    (tmp_path / "zh" / "only-zh.txt").write_text("x\n")
    pairs, notes = plan_batch(tmp_path / "zh", tmp_path / "en")
    assert [(n, s.name, t.parent.name) for n, s, t in pairs] == [("a", "a.txt", "en"), ("b", "b.txt", "en")]
    assert len(notes) == 1 and "only-zh.txt" in notes[0]
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("src\ttgt\tname\nzh/a.txt\ten/b.txt\tab\nzh/b.txt\ten/a.txt\t\n")
    pairs, _ = plan_batch(manifest, None)
    assert [(n, s, t) for n, s, t in pairs] == [
        ("ab", tmp_path / "zh/a.txt", tmp_path / "en/b.txt"), ("b", tmp_path / "zh/b.txt", tmp_path / "en/a.txt")]
    manifest.write_text("src\ttgt\nzh/a.txt\n")
    with pytest.raises(TermkitError, match=r"pairs\.tsv:2: expected 2"):
        plan_batch(manifest, None)
    manifest.write_text("source\ttarget\nzh/a.txt\ten/a.txt\n")
    with pytest.raises(TermkitError, match="'src' and 'tgt'"):
        plan_batch(manifest, None)


# --- end to end, as a user runs it ------------------------------------------------------------------

def test_align_presplit_ladder_to_stdout_and_eval(cli, pair, tmp_path):
    res = cli("align", "--presplit", str(pair[0]), str(pair[1]))
    assert res.returncode == 0, res.stderr
    beads = parse_ladder(res.stdout)
    assert _covers_each_sentence_once(beads, len(ZH), len(EN))
    assert beads == [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])]
    gold = tmp_path / "gold.align"
    write_ladder(beads, gold)
    (tmp_path / "test.align").write_text(res.stdout)
    res = cli("eval", str(gold), str(tmp_path / "test.align"), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["overall"]["strict_f1"] == 1.0
    res = cli("eval", str(gold), str(tmp_path / "test.align"))
    assert "overall" in res.stdout and "1.000" in res.stdout


def test_every_format_carries_confidence(aligned, tmp_path):
    assert aligned["src_ids"].to_list() == [[0], [1], [2], [3]]
    for fmt in Format:
        write_output(aligned, fmt, tmp_path / file_name("out", fmt))
    assert read_ladder(tmp_path / "out.align") == [([i], [i]) for i in range(4)]
    table = read_alignments_tsv(tmp_path / "out.alignments.tsv")
    assert table["src_text"].to_list() == ZH
    assert table["score"].is_between(0, 1).all()
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["tgt_ids"] for r in rows] == [[0], [1], [2], [3]]
    assert all(0 <= r["score"] <= 1 and r["src_lang"] == "zh-Hans" and r["tgt_text"] for r in rows)
    root = etree.parse(str(tmp_path / "out.tmx")).getroot()
    scores = [float(p.text) for p in root.iter("prop") if p.get("type") == PROP_SCORE]
    assert len(scores) == len(root.findall("body/tu")) == 4
    assert all(0 <= x <= 1 for x in scores)


def test_user_errors_are_one_line(cli, pair, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for args, msg in [
        (["--presplit", str(empty), str(pair[1])], "file is empty"),
        (["--presplit", "--src-lang", "zh", str(pair[1]), str(pair[0])], "--src-lang zh does not fit"),
        (["--presplit", str(pair[0])], "needs two files"),
        (["--batch", str(tmp_path), str(tmp_path)], "-o DIR"),
        (["--presplit", "--src-lang", "chinese!", str(pair[0]), str(pair[1])], "not a language code"),
        (["--presplit", "-g", str(tmp_path / "none.tsv"), str(pair[0]), str(pair[1])], "no such glossary"),
    ]:
        res = cli("align", *args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("termkit: error: ") and msg in lines[0], res.stderr


@pytest.mark.slow  # new processes: each loads termkit and CC-CEDICT
def test_batch_folders_with_workers_and_a_bad_pair(cli, pair, tmp_path):
    for side, lines in (("zh", ZH), ("en", EN)):
        (tmp_path / side).mkdir()
        for name in ("001", "002"):
            (tmp_path / side / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "en" / "002").write_text("\n".join(EN * 10) + "\n", encoding="utf-8")
    (tmp_path / "zh" / "003").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    (tmp_path / "en" / "003").write_text("   \n")
    out = tmp_path / "out"
    res = cli("align", "--batch", "--presplit", "--workers", "2", str(tmp_path / "zh"), str(tmp_path / "en"),
              "-o", str(out))
    assert res.returncode == 2
    assert "1 of 3 pairs failed: 003" in res.stderr and "en/003: file is empty" in res.stderr
    assert "termkit: warning:" in res.stderr and "10×" in res.stderr  # 002: 4 sentences against 40
    assert sorted(p.name for p in out.iterdir()) == [".termkit-batch.jsonl", "001.align", "002.align"]
    assert read_ladder(out / "001.align") == [([i], [i]) for i in range(4)]
    assert "001" in res.stderr and "002" in res.stderr and res.stdout == ""  # the summary table


def test_raw_articles_comparable_mode(cli, root, tmp_path):
    zh, en = root / "sources" / "002_3430000063e81d4c.txt", root / "sources" / "004_023b25b2aed6222f.txt"
    out = tmp_path / "hk-en.jsonl"  # the format comes from the suffix
    res = cli("align", "--mode", "comparable", str(zh), str(en), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert f"to {out}" in res.stderr and "wrote" in res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["src_lang"] == "zh-Hant" and r["tgt_lang"] == "en" for r in rows)
    assert all(r["src_ids"] and r["tgt_ids"] and r["mode"] == "comparable" for r in rows)
    used = [i for r in rows for i in r["src_ids"]]
    assert len(used) == len(set(used))


def test_a_format_that_contradicts_the_suffix_is_refused_before_aligning(tk, pair, tmp_path):
    code, out, err = tk("align", "--presplit", *pair, "-o", tmp_path / "o.tmx", "-f", "tsv")
    assert code == 2 and out == "" and err.count("\n") == 1 and "contradicts" in err
    assert not (tmp_path / "o.tmx").exists()


def test_batch_tsv_output_is_read_by_export_suggest_and_lint(tk, pair, tmp_path):
    for side, path in zip(("zh", "en"), pair, strict=True):
        (tmp_path / side).mkdir()
        for name in ("001", "002"):
            shutil.copy(path, tmp_path / side / name)
    out = tmp_path / "out"
    code, _, err = tk("align", "--batch", "--presplit", "-f", "tsv", tmp_path / "zh", tmp_path / "en", "-o", out)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [".termkit-batch.jsonl", "001.alignments.tsv", "002.alignments.tsv"]
    code, _, err = tk("export", "tmx", out, "-o", tmp_path / "tm.tmx")
    assert code == 0 and "wrote 8 translation units" in err, err
    code, _, err = tk("glossary", "suggest", out, "-g", TEST_GLOSSARY, "-q")
    assert code == 0, err
    code, report, err = tk("lint", out, "-g", TEST_GLOSSARY)
    assert code in (0, 1) and "in 2 files" in report, (report, err)


def _run_as_another_user() -> dict:
    """subprocess options that take root's override of file permissions away (tests run as root in CI)."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no user 'nobody' to test permissions as")
    as_other = {"user": "nobody", "group": grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name}
    if subprocess.run([sys.executable, "-c", "import termkit"], capture_output=True, **as_other).returncode:
        pytest.skip(f"user 'nobody' cannot run {sys.executable} (its interpreter lives in a folder only root reads)")
    return as_other


@pytest.mark.slow  # new processes: each loads termkit and CC-CEDICT
def test_a_read_only_output_folder_fails_before_aligning(pair):
    as_other = _run_as_another_user()
    work = Path(tempfile.mkdtemp(prefix="termkit-ro-"))
    try:
        for p in pair:
            shutil.copy(p, work / p.name)
        (work / "ro").mkdir()
        work.chmod(0o755)
        (work / "ro").chmod(0o555)
        for args in (["-o", "ro/out.tmx"], ["--batch", "-o", "ro"]):
            srcs = ["zh.txt", "en.txt"] if "--batch" not in args else [".", "."]
            res = subprocess.run([sys.executable, "-m", "termkit", "align", "--presplit", *srcs, *args], cwd=work,
                                 capture_output=True, text=True, timeout=120, **as_other)
            assert res.returncode == 2, res.stderr
            assert res.stderr.count("\n") == 1 and "ro: is not writable" not in res.stderr
            assert "cannot write here" in res.stderr and ".tmp" not in res.stderr, res.stderr
        assert os.listdir(work / "ro") == []
    finally:
        (work / "ro").chmod(0o755)
        shutil.rmtree(work)


@pytest.mark.slow  # new processes: each loads termkit and CC-CEDICT
def test_ctrl_c_in_a_batch_with_workers_is_one_line_and_leaves_no_temp_file(pair, tmp_path):
    for side, path in zip(("zh", "en"), pair, strict=True):
        (tmp_path / side).mkdir()
        text = path.read_text(encoding="utf-8") * 60
        for i in range(40):
            (tmp_path / side / f"{i:03}").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    done = interrupt_when_one_is_written(["align", "--batch", "--presplit", "--workers", "2", tmp_path / "zh",
                                          tmp_path / "en", "-o", out], out)
    err = done.stderr
    assert done.returncode == 130, err
    assert err.strip().splitlines()[-1] == "termkit: error: interrupted" and "Traceback" not in err, err
    names = [p.name for p in out.iterdir() if p.name != JOURNAL]
    assert names and all(n.endswith(".align") and not n.startswith(".") for n in names), names
    assert all(read_ladder(out / n) for n in names)  # what was finished is whole


def test_every_format_that_reads_gives_back_the_same_beads(aligned, tmp_path):
    import polars as pl

    from termkit.formats.alignments import FORMATS, read_aligned

    for fmt in Format:
        out = tmp_path / file_name("out", fmt)
        assert write_output(aligned, fmt, out) == aligned.height
        if FORMATS[fmt.value].read is None:
            continue
        back = pl.concat(list(read_aligned(out)))
        assert back["src_text"].to_list() == ZH and back["tgt_text"].to_list() == EN, fmt
        assert back["src_ids"].to_list() == aligned["src_ids"].to_list(), fmt
        assert back["score"].round(4).to_list() == aligned["score"].round(4).to_list(), fmt


def test_workers_for_one_pair_let_the_encoder_use_processes_for_that_run_only(tk, tmp_path, monkeypatch):
    from termkit.align import encoder

    seen: list[int] = []
    real = encoder._encode
    monkeypatch.setattr(encoder, "_encode", lambda sentences: (seen.append(encoder._processes), real(sentences))[1])
    monkeypatch.setattr(encoder, "cache_dir", lambda: tmp_path / "cache")
    (tmp_path / "zh.txt").write_text("今天天气很好。\n我们去公园散步吧。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The weather is nice today.\nLet's go for a walk in the park.\n", encoding="utf-8")
    code, _, err = tk("align", "--presplit", "zh.txt", "en.txt", "--src-lang", "zh", "--tgt-lang", "en",
                      "--workers", "2", "-o", "out.tsv", cwd=tmp_path)
    assert code == 0, err
    assert seen and set(seen) == {2}
    assert encoder._processes == 1
