"""What each action of the review page does to a pair's decisions: a pure function of the decisions and the beads shown.

Why decisions and not beads: the page only ever writes the decisions file, and build derives the beads
from it, so what the reviewer sees after any action is exactly what the next build will write. Every
action keeps the file valid: one decision a bead, and no two kept beads (accept/pair) sharing a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from termkit.errors import TermkitError
from termkit.review.decisions import Decision, PairDocs, bead_text

Key = tuple[tuple[int, ...], tuple[int, ...]]
ACTIONS = ("accept", "reject", "merge", "split", "shift", "pair")


@dataclass(frozen=True)
class Signer:
    """Who signs a decision and when (written into the file)."""

    reviewer: str
    date: str


def _overlaps(a: Key, b: Key) -> bool:
    return bool(set(a[0]) & set(b[0]) or set(a[1]) & set(b[1]))


def put(decisions: Sequence[Decision], new: Decision) -> list[Decision]:
    """``decisions`` with ``new`` in place of any decision on its bead (and, when ``new`` keeps its bead, of
    any kept bead sharing a sentence with it)."""
    def clashes(d: Decision) -> bool:
        return new.verdict != "reject" and d.verdict != "reject" and _overlaps(d.key, new.key)

    return [*(d for d in decisions if d.key != new.key and not clashes(d)), new]


def _decision(key: Key, verdict: str, docs: PairDocs, who: Signer) -> Decision:
    src = bead_text(key[0], docs.src_texts, docs.src_tag)
    tgt = bead_text(key[1], docs.tgt_texts, docs.tgt_tag)
    if src is None or tgt is None:
        raise TermkitError(f"no such sentence in {docs.tuid_prefix}: {key}")
    return Decision(key[0], key[1], verdict, src, tgt, who.reviewer, who.date)


def _keep(decisions: list[Decision], key: Key, built: set[Key], docs: PairDocs, who: Signer) -> list[Decision]:
    """Keep the bead ``key``: accepted if the built table has it, made by the reviewer otherwise."""
    if not key[0] or not key[1]:
        return decisions  # a one-sided remainder is not a bead to keep: its sentences go back to the unpaired
    return put(decisions, _decision(key, "accept" if key in built else "pair", docs, who))


def _sorted(ids: set[int] | list[int] | tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(ids))


def apply_action(decisions: Sequence[Decision], shown: Sequence[Key], built: set[Key], action: dict,
                 docs: PairDocs, who: Signer) -> list[Decision]:
    """The decisions after ``action`` (``{"op": ..., "index": bead index in shown, ...}``); bad ones raise.

    ``shown`` are the beads on the page, ``built`` those of the built table: keeping a bead the table
    has is an ``accept``, keeping any other a ``pair``.
    """
    op = action.get("op")
    if op not in ACTIONS:
        raise TermkitError(f"unknown action {op!r}")
    out = list(decisions)
    if op == "pair":
        src, tgt = action.get("src"), action.get("tgt")
        if not isinstance(src, int) or not isinstance(tgt, int):
            raise TermkitError("pair needs a source and a target sentence id")
        return _keep(out, ((src,), (tgt,)), built, docs, who)
    i = action.get("index")
    if not isinstance(i, int) or not 0 <= i < len(shown):
        raise TermkitError(f"no bead {i!r}")
    b = shown[i]
    if op == "accept":
        return put(out, _decision(b, "accept" if b in built else "pair", docs, who))
    if op == "reject":
        if b in built:
            return put(out, _decision(b, "reject", docs, who))
        return [d for d in out if d.key != b]  # rejecting one's own bead undoes it
    if op == "merge":
        if i + 1 >= len(shown):
            raise TermkitError("the last bead has no next bead to merge with")
        nxt = shown[i + 1]
        out = [d for d in out if d.key not in (b, nxt)]
        merged = (_sorted({*b[0], *nxt[0]}), _sorted({*b[1], *nxt[1]}))
        return _keep(out, merged, built, docs, who)
    if op == "split":
        s, t = b
        if not s or not t or len(s) + len(t) < 3:
            raise TermkitError("only a bead with sentences on both sides and more than one on a side can be split")
        out = [d for d in out if d.key != b]
        if len(s) >= 2 and len(t) >= 2:
            out = _keep(out, ((s[0],), (t[0],)), built, docs, who)
            return _keep(out, (s[1:], t[1:]), built, docs, who)
        return _keep(out, ((s[0],), t) if len(s) >= 2 else (s, (t[0],)), built, docs, who)
    side, direction = action.get("side"), action.get("direction")
    if side not in ("src", "tgt") or direction not in ("up", "down"):
        raise TermkitError("shift needs side src|tgt and direction up|down")
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(shown):
        raise TermkitError(f"no bead {'before' if direction == 'up' else 'after'} this one to shift a sentence into")
    other = shown[j]
    n = 0 if side == "src" else 1
    mine = list(b[n])
    if not mine:
        raise TermkitError("this bead has no sentence on that side to shift")
    moved = mine.pop(0 if direction == "up" else -1)
    theirs = _sorted({*other[n], moved})
    here: Key = (_sorted(mine), b[1]) if n == 0 else (b[0], _sorted(mine))
    there: Key = (theirs, other[1]) if n == 0 else (other[0], theirs)
    out = [d for d in out if d.key not in (b, other)]
    return _keep(_keep(out, here, built, docs, who), there, built, docs, who)
