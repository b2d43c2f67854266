"""A tiny built project for the review tests: two documents, five beads, hostile text in sentences and titles."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from termkit.formats.tsv import write_alignments_tsv
from termkit.review.decisions import REVIEW_COLUMN
from termkit.tables import ALIGNMENTS, DOCUMENTS, SEGMENTS

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
BRACES = "{{ 7*7 }}"
ZH = ["第一句。", f"第二句{SCRIPT}。", "第三句。", "第四句。", "第五句。", "第六句。"]
EN = ["One.", f"Two {IMG}.", "Three.", f"Four {BRACES}.", "Five.", "Six."]
#: (src ids, tgt ids, score): 1:1 high, 1:1 low, 2:1 medium, 1:1 high, 1:1 medium; zh 5 and en 5 unpaired
BEADS = [([0], [0], 0.95), ([1], [1], 0.3), ([2, 3], [2], 0.7), ([4], [3], 0.99)]


def make_project(root: Path) -> Path:
    """Write sources/manifest.tsv and an aligned/ folder as build would (documents, segments, one pair)."""
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "manifest.tsv").write_text("id\tfile\tlang\n000\ta.txt\tzh\n004\tb.txt\ten\n", encoding="utf-8")
    out = root / "aligned"
    out.mkdir()
    docs = [{**dict.fromkeys(DOCUMENTS, ""), "doc_id": "000", "lang": "zh", "script": "zh-Hans",
             "title": f"标题 {SCRIPT}"},
            {**dict.fromkeys(DOCUMENTS, ""), "doc_id": "004", "lang": "en", "script": "en", "title": f"Title {IMG}"}]
    pl.DataFrame(docs, schema=DOCUMENTS).write_parquet(out / "documents.parquet")
    segs = [{"doc_id": d, "seg_id": i, "para_id": 0, "start": 0, "end": len(t), "kind": "body", "lang": lang,
             "text": t} for d, lang, texts in (("000", "zh", ZH), ("004", "en", EN)) for i, t in enumerate(texts)]
    pl.DataFrame(segs, schema=SEGMENTS).write_parquet(out / "segments.parquet")
    rows = [{"tuid": f"000-004-{n}", "src_doc": "000", "tgt_doc": "004", "src_ids": s, "tgt_ids": t,
             "src_lang": "zh-Hans", "tgt_lang": "en", "src_text": "".join(ZH[i] for i in s),
             "tgt_text": " ".join(EN[j] for j in t), "score": score, "mode": "parallel", REVIEW_COLUMN: ""}
            for n, (s, t, score) in enumerate(BEADS, start=1)]
    write_alignments_tsv(pl.DataFrame(rows, schema={**ALIGNMENTS, REVIEW_COLUMN: pl.String}),
                         out / "000-004.alignments.tsv", extra_columns=(REVIEW_COLUMN,))
    return root
