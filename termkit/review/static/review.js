// termkit review: the page. Plain DOM; every corpus text goes in through textContent, never as HTML.
"use strict";

const TOKEN = document.querySelector('meta[name="termkit-token"]').content;
let pairKey = null;
let state = null;
let current = 0;
let picked = null; // an unpaired source sentence id waiting for its target

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The sentence text with every occurrence of the findings' terms wrapped in <mark> (as text nodes).
function marked(text, terms) {
  const frag = document.createDocumentFragment();
  const hits = [];
  for (const term of terms) {
    if (!term) continue;
    let at = text.indexOf(term);
    while (at >= 0) {
      hits.push([at, at + term.length]);
      at = text.indexOf(term, at + term.length);
    }
  }
  hits.sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [start, end] of hits) {
    if (start < pos) continue;
    frag.append(document.createTextNode(text.slice(pos, start)));
    frag.append(el("mark", {}, text.slice(start, end)));
    pos = end;
  }
  frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

function side(sentences, terms) {
  const cell = el("td", {});
  for (const s of sentences) {
    cell.append(el("span", {"class": "sent", "data-id": s.id}, marked(s.text, terms)), " ");
  }
  return cell;
}

function finding(f) {
  return el("div", {"class": "finding " + f.severity}, el("b", {}, f.rule), " ", f.message,
    f.fix ? el("span", {"class": "fix"}, " → ", el("q", {}, f.fix)) : null);
}

// Errors and warnings in full; notes folded, so that a bead's row stays readable.
function findingsCell(findings) {
  const loud = findings.filter((f) => f.severity !== "note");
  const notes = findings.filter((f) => f.severity === "note");
  const cell = el("td", {"class": "findings"}, ...loud.map(finding));
  if (notes.length) {
    cell.append(el("details", {}, el("summary", {}, `${notes.length} note${notes.length === 1 ? "" : "s"}`),
      ...notes.map(finding)));
  }
  return cell;
}

function render() {
  document.getElementById("title").textContent =
    `${state.src_doc} ↔ ${state.tgt_doc} (${state.mode}): ${state.src_title} ↔ ${state.tgt_title}`;
  document.getElementById("where").textContent = `decisions: ${state.decisions}`;
  const p = state.progress;
  document.getElementById("progress").textContent = `reviewed ${p.reviewed} / ${p.total}`;
  const link = document.querySelector(`#pairs a[data-pair="${CSS.escape(state.key)}"] .pair-progress`);
  if (link) link.textContent = `${p.reviewed}/${p.total}`;
  for (const a of document.querySelectorAll("#pairs a")) a.classList.toggle("active", a.dataset.pair === state.key);

  const stale = document.getElementById("stale");
  stale.replaceChildren(...state.stale.map((s) => el("li", {}, s)));

  const body = document.querySelector("#beads tbody");
  current = Math.max(0, Math.min(current, state.beads.length - 1));
  body.replaceChildren(...state.beads.map((b, i) => {
    const terms = b.findings.map((f) => f.term).concat(b.findings.map((f) => f.fix));
    const score = b.score === null ? "reviewer" : b.score.toFixed(2);
    const row = el("tr", {"class": `bead band-${b.band} review-${b.review || "none"}`, "data-index": i,
                          "data-tuid": b.tuid},
      el("td", {"class": "meta"}, el("div", {"class": "tuid"}, b.tuid),
         el("div", {}, `${score} · ${b.shape}`), el("div", {"class": "status"}, b.review || "")),
      side(b.src, terms), side(b.tgt, terms), findingsCell(b.findings));
    row.addEventListener("click", () => { current = i; highlight(); });
    return row;
  }));
  if (!state.beads.length) {
    body.append(el("tr", {}, el("td", {"colspan": 4}, "No beads yet: pair the unpaired sentences below by clicking.")));
  }
  renderUnpaired();
  highlight();
}

function renderUnpaired() {
  const make = (list, which) => list.map((s) => {
    const item = el("li", {"class": "sent", "data-id": s.id, "data-side": which}, el("small", {}, `${s.id} `), s.text);
    if (which === "src" && picked === s.id) item.classList.add("picked");
    item.addEventListener("click", () => pickUnpaired(which, s.id));
    return item;
  });
  document.getElementById("unpaired-src").replaceChildren(...make(state.unpaired.src, "src"));
  document.getElementById("unpaired-tgt").replaceChildren(...make(state.unpaired.tgt, "tgt"));
}

function pickUnpaired(which, id) {
  if (which === "src") {
    picked = picked === id ? null : id;
    renderUnpaired();
  } else if (picked !== null) {
    const src = picked;
    picked = null;
    act({op: "pair", src: src, tgt: id});
  } else {
    say("click a source sentence first");
  }
}

function highlight() {
  const rows = document.querySelectorAll("#beads tbody tr");
  rows.forEach((r, i) => r.classList.toggle("current", i === current));
  if (rows[current]) rows[current].scrollIntoView({block: "nearest"});
}

function say(text) {
  document.getElementById("message").textContent = text;
}

async function load(key) {
  pairKey = key;
  const res = await fetch(`/api/pairs/${encodeURIComponent(key)}`);
  const body = await res.json();
  if (!res.ok) { say(body.error); return; }
  state = body;
  render();
  document.body.dataset.ready = "yes";
}

async function act(action, after) {
  const bead = state.beads[current];
  const body = Object.assign({index: current, tuid: bead ? bead.tuid : null}, action);
  if (action.op === "undo" || action.op === "pair") { delete body.index; delete body.tuid; }
  document.body.dataset.ready = "no";
  const res = await fetch(`/api/pairs/${encodeURIComponent(pairKey)}/actions`, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-Termkit-Token": TOKEN},
    body: JSON.stringify(body),
  });
  const got = await res.json();
  if (!res.ok) {
    say(got.error);
  } else {
    say("");
    state = got;
    if (after) after();
    render();
  }
  document.body.dataset.ready = "yes";
}

function needsLook(b) {
  return !b.review && (b.band !== "high" || b.shape !== "1:1");
}

function jump() {
  const n = state.beads.length;
  for (let k = 1; k <= n; k++) {
    const i = (current + k) % n;
    if (needsLook(state.beads[i])) { current = i; highlight(); return; }
  }
  say("no unreviewed low-confidence or non-1:1 bead left");
}

function move(by) {
  current = Math.max(0, Math.min(state.beads.length - 1, current + by));
  highlight();
}

const KEYS = {
  "j": () => move(1), "ArrowDown": () => move(1),
  "k": () => move(-1), "ArrowUp": () => move(-1),
  "n": jump,
  "a": () => act({op: "accept"}, () => { current += 1; }),
  "r": () => act({op: "reject"}, () => { current += 1; }),
  "m": () => act({op: "merge"}),
  "s": () => act({op: "split"}),
  "[": () => act({op: "shift", side: "src", direction: "up"}),
  "]": () => act({op: "shift", side: "src", direction: "down"}),
  "{": () => act({op: "shift", side: "tgt", direction: "up"}),
  "}": () => act({op: "shift", side: "tgt", direction: "down"}),
  "u": () => act({op: "undo"}),
};

document.addEventListener("keydown", (event) => {
  if (!state || event.altKey || event.metaKey) return;
  if (event.ctrlKey) {
    if (event.key === "z") { event.preventDefault(); act({op: "undo"}); }
    return;
  }
  const handler = KEYS[event.key];
  if (handler) { event.preventDefault(); handler(); }
});

function fromHash() {
  const key = decodeURIComponent(location.hash.slice(1));
  const first = document.querySelector("#pairs a");
  const known = [...document.querySelectorAll("#pairs a")].some((a) => a.dataset.pair === key);
  if (known) { current = 0; load(key); } else if (first) { location.hash = first.dataset.pair; }
}

window.addEventListener("hashchange", fromHash);
fromHash();
