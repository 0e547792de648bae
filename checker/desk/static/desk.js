// figcheck desk: the page. Every string from the claim file or the draft reaches the page
// through textContent or a form field's value, never as HTML.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);
let state = null;        // the last answer from the server
let report = null;       // the last report (kept when a check is cancelled)
let marked = null;       // {ids: Set, figures: Set} marked in the draft and the claims
let pending = 0;         // edits sent and not yet answered
let latest = 0;          // serial number of the latest edit sent
let storeKey = "";
let draftText = null;    // the draft and the claims `extract` would suggest: sent once
let suggestions = [];

// -- talking to the desk's server ---------------------------------------------------------
async function api(path, body) {
  const init = {headers: {"X-Desk-Token": TOKEN}, cache: "no-store"};
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch("api/" + path, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {error: response.statusText}; }
  if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), {data});
  return data;
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// -- edits --------------------------------------------------------------------------------
async function edit(change) {
  const serial = ++latest;
  const sent = performance.now();
  pending++;
  showProgress();
  try {
    const answer = await api("edit", {edit: change});
    if (serial === latest) {
      const answered = performance.now();
      show(answer);
      void document.body.offsetHeight;  // the layout too: the time until the page can be read
      const ms = performance.now() - sent;
      $("timing").textContent = answer.report ? `updated in ${Math.round(ms)} ms` : "";
      document.body.dataset.lastDrawMs = (performance.now() - answered).toFixed(1);
      document.body.dataset.lastEditMs = ms.toFixed(1);
    }
  } catch (error) {
    banner(error.message);
    // A refused edit left the file as it was: the fields go back to what the file says.
    if (state && serial === latest) redrawAll();
  } finally {
    pending--;
    showProgress();
  }
}

function keep() {
  if (!state) return;
  if (state.saved || !state.exists && state.revision === 0) localStorage.removeItem(storeKey);
  else localStorage.setItem(storeKey, JSON.stringify({text: state.text, disk: state.disk}));
}

async function save() {
  try {
    show(await api("save", {}), {keepReport: true});
    banner("");
  } catch (error) {
    if (error.data && error.data.changed_on_disk) offerReload(error.message);
    else banner(error.message);
  }
}

function offerReload(message) {
  banner(message, [el("button", {type: "button", text: "Reload from disk (drops the desk's edits)",
    onclick: async () => { if (confirm("Drop the edits made in the desk and load the file from disk?")) {
      show(await api("reload", {})); banner(""); } }})]);
}

// -- progress and cancelling --------------------------------------------------------------
let progressTimer = null;
function showProgress() {
  if (pending === 0) {
    clearTimeout(progressTimer); progressTimer = null;
    $("progress").hidden = true;
    return;
  }
  if (progressTimer) return;
  const tick = async () => {
    if (pending === 0) return;
    try {
      const p = await api("progress");
      if (p.running_for !== null && p.running_for > 0.3) {
        $("progress").hidden = false;
        $("progress-text").textContent = `checking… ${p.running_for.toFixed(1)} s of at most ${p.budget} s`;
        setPill("checking", "checking…");
      }
    } catch (e) { /* the next tick tries again */ }
    progressTimer = setTimeout(tick, 250);
  };
  progressTimer = setTimeout(tick, 300);
}

// -- drawing the answer -------------------------------------------------------------------
function show(answer, options) {
  state = answer;
  if (answer.report) report = answer.report;
  $("path").textContent = answer.path;
  $("dirty").hidden = answer.saved;
  $("save").disabled = answer.saved;
  if (!(options && options.noKeep)) keep();
  const keepReport = options && options.keepReport;
  if (answer.error) {
    banner(answer.error);
    setPill("stopped", "not checked");
  } else if (answer.report === null && !keepReport) {
    setPill("stopped", "not checked: stopped");
  } else if (answer.report === undefined && !keepReport) {
    setPill("checking", "checking…");
  } else if (report) {
    const labels = {consistent: "consistent", inconsistent: "inconsistent", undecided: "undecided",
                    error: "error in the file"};
    setPill(report.status, labels[report.status] || report.status);
  }
  drawReport();
  drawDraft();
  drawClaims();
  drawRelations();
}

function redrawAll() {
  drawnGroups = [];
  drawnRelations = null;
  drawnParts.clear();
  drawnDraft = null;
  show(state, {keepReport: true, noKeep: true});
}

function setPill(kind, text) {
  const pill = $("status");
  pill.className = "pill " + kind;
  pill.textContent = text;
}

function banner(text, actions) {
  $("banner").hidden = !text;
  $("banner-text").textContent = text || "";
  $("banner-actions").replaceChildren(...(actions || []));
}

function drawReport() {
  const r = report;
  if (!r) return;
  const open = r.cards.filter((c) => c.accepted === null).length;
  const verdict = {
    consistent: "Consistent: every claim can hold at once",
    inconsistent: `Not consistent: ${open} ${open === 1 ? "cause" : "causes"} of discrepancies`,
    undecided: "Undecided: no discrepancy proved, but a question was left open",
    error: "The file has errors; fix them to check it",
  }[r.status] || r.status;
  $("verdict").textContent = verdict;
  part("questions", r.open_questions, () => r.open_questions.length ? [el("section", {class: "questions"},
    el("h3", {text: "Left open"}),
    el("ul", {}, r.open_questions.map((q) => el("li", {}, el("strong", {text: q.ids.join(", ")}), ": ",
      q.settle, q.reason === "time" ? " (the time limit ran out)" : " (the work budget ran out)"))))] : []);
  part("errors", r.errors, () => r.errors.length ? [el("section", {class: "errors"},
    el("h3", {text: "Errors"}), el("ul", {}, r.errors.map(problemItem)))] : []);
  part("warnings", [r.warnings, r.ranges], () => [...(r.warnings.length ? [el("details", {class: "warnings"},
    el("summary", {text: `${r.warnings.length} ${r.warnings.length === 1 ? "warning" : "warnings"}`}),
    el("ul", {}, r.warnings.map(problemItem)))] : []),
    ...(r.ranges.length ? [el("details", {class: "ranges"},
      el("summary", {text: "What the kept claims say each quantity is"}),
      el("table", {}, r.ranges.map((q) => el("tr", {}, el("th", {}, el("code", {text: q.name})),
        el("td", {text: q.range}), el("td", {class: "unit", text: q.unit})))))] : [])]);
  part("cards", r.cards, () => r.cards.map(card));
  part("repairs", r.repairs, () => r.repairs.length ? [el("section", {class: "repairs"},
    el("h3", {text: "Repairs, lightest first"}),
    el("ol", {}, r.repairs.slice(0, 3).map(repair)))] : []);
}

// One part of the report, redrawn only when what it shows changed: an open <details> stays
// open and a note being typed into a card stays there.
const drawnParts = new Map();
function part(id, data, make) {
  const sig = JSON.stringify(data);
  if (drawnParts.get(id) === sig) return;
  drawnParts.set(id, sig);
  $(id).replaceChildren(...make());
}

function problemItem(p) {
  return el("li", {}, el("code", {text: p.line ? `line ${p.line}:${p.column}` : p.code}), " ",
    p.message, p.hint ? el("div", {class: "hint", text: p.hint}) : null);
}

function card(c) {
  const node = el("section", {class: "card" + (c.accepted !== null ? " accepted" : ""),
    "data-group": c.group.join(" "), tabindex: "0", role: "button",
    "aria-label": `discrepancy: ${c.group.join(", ")}`,
    onclick: (event) => { if (!event.target.closest("form, button")) mark(c.ids); },
    onkeydown: (event) => { if (event.key === "Enter" && event.target === node) mark(c.ids); }},
    el("h3", {}, c.accepted !== null ? "Accepted: " : "Discrepancy: ", el("span", {class: "group",
      text: c.group.join(", ")}),
      c.numbers.length > 1 ? el("small", {text: ` · ${c.numbers.length} conflicts, one cause`}) : null),
    el("p", {class: "why", text: c.explanation}),
    c.also.length ? el("ul", {class: "also"}, c.also.map((t) => el("li", {text: t}))) : null,
    el("ul", {class: "members"}, c.members.map((m) => el("li", {},
      el("code", {text: m.id}), " ", el("span", {class: "written", text: m.written}),
      m.quote ? el("q", {text: m.quote}) : null, m.source ? el("small", {text: ` — ${m.source}`}) : null))),
    c.accepted !== null ? el("p", {class: "note"}, "Note: ", el("span", {text: c.accepted})) : null,
    acceptControl(c));
  return node;
}

function acceptControl(c) {
  const target = c.group[0];
  const section = c.members.find((m) => m.id === target && m.kind === "relation") ? "relations" : "claims";
  if (c.accepted !== null) {
    return el("button", {type: "button", class: "quiet", text: "Withdraw the acceptance",
      onclick: () => edit({op: "set", section, id: target, field: "accept", value: ""})});
  }
  const note = el("input", {class: "note-input", placeholder: "why this is known and fine (required)",
    "aria-label": "note", required: true});
  const form = el("form", {class: "accept", hidden: true, onsubmit: (event) => {
    event.preventDefault();
    if (!note.value.trim()) { note.focus(); return; }
    edit({op: "accept", section, id: target, note: note.value});
  }}, note, el("button", {type: "submit", text: "Accept"}));
  const open = el("button", {type: "button", class: "quiet", text: `Accept (note on ${target})…`,
    onclick: () => { form.hidden = false; open.hidden = true; note.focus(); }});
  return el("div", {class: "accept-box"}, open, form);
}

function repair(r) {
  return el("li", {}, el("span", {class: "weight", text: `weight ${r.weight}`}), " ",
    r.changes.map((ch) => el("div", {class: "change"},
      ch.value !== null
        ? [el("code", {text: ch.id}), ": ", el("del", {text: ch.written}), " → ", el("ins", {text: ch.value}), " ",
           el("button", {type: "button", class: "quiet", text: "apply",
             onclick: () => edit({op: "set", section: "claims", id: ch.id, field: "value", value: ch.value})})]
        : Object.keys(ch.needs).length
          ? [el("code", {text: ch.id}), ": ", el("del", {text: ch.written}), " → it would need ",
             el("span", {class: "needs", text: Object.entries(ch.needs).map(([q, v]) => `${q} = ${v}`).join(", ")})]
          : [el("code", {text: ch.id}), ": drop ", el("del", {text: ch.written})])));
}

// -- the draft ----------------------------------------------------------------------------
// The draft as the last report read it: sent once, and again only when it changed on disk.
function shownDraft() {
  const view = report && report.draft;
  if (view && view.text !== null && view.text !== undefined) draftText = view.text;
  return draftText;
}

let drawnDraft = null;  // what the draft on the page shows: redrawn only when that changes

function drawDraft() {
  const view = report && report.draft;
  const text = shownDraft();
  $("draft-path").textContent = state.draft_path || "";
  const box = $("draft");
  const figures = view ? view.figures : [];
  const quotes = marked && view ? view.quotes.filter((q) => marked.ids.has(q.id)) : [];
  const sig = JSON.stringify([figures, quotes, marked ? [...marked.ids, ...marked.figures] : null]);
  if (drawnDraft && drawnDraft.text === text && drawnDraft.sig === sig) return;
  drawnDraft = {text, sig};
  if (!text) {
    box.replaceChildren(el("p", {class: "empty", text: "This claim file names no draft (article.draft)."}));
    return;
  }
  const cuts = new Set([0, text.length]);
  for (const f of figures) { cuts.add(f.start); cuts.add(f.end); }
  for (const q of quotes) { cuts.add(q.start); cuts.add(q.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  let figureNode = null;
  let figureAt = -1;
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const inQuote = quotes.some((q) => q.start <= start && end <= q.end);
    const span = el("span", {class: inQuote ? "quoted" : null, text: text.slice(start, end)});
    const index = figures.findIndex((f) => f.start <= start && end <= f.end);
    if (index < 0) { parts.push(inQuote ? span : document.createTextNode(text.slice(start, end))); continue; }
    if (index !== figureAt) {
      figureAt = index;
      figureNode = figureElement(figures[index]);
      parts.push(figureNode);
    }
    figureNode.append(inQuote ? span : text.slice(start, end));
  }
  box.replaceChildren(...parts);
}

function figureElement(f) {
  const isMarked = marked && (f.ids.some((id) => marked.ids.has(id)) || marked.figures.has(f.start));
  return el("span", {class: `fig fig-${f.state}` + (isMarked ? " marked" : ""), tabindex: "0",
    role: "button", "data-start": f.start, "data-ids": f.ids.join(" "),
    title: f.ids.length ? `claims: ${f.ids.join(", ")}` : "no claim yet: click to add one",
    onclick: () => clickFigure(f),
    onkeydown: (event) => { if (event.key === "Enter") clickFigure(f); }});
}

function clickFigure(f) {
  if (f.ids.length) { mark(f.ids, f.start); return; }
  const s = suggestions.find((x) => x.start <= f.start && f.start < x.end) || {};
  const text = shownDraft() || "";
  // A figure `extract` made nothing of gets a quantity of its own, to be renamed or merged:
  // never one already in the file, which would say the two figures are one.
  const names = new Set(state.document.quantities.map((q) => q.name));
  let fresh = "new_quantity";
  for (let n = 2; names.has(fresh); n++) fresh = `new_quantity_${n}`;
  edit({op: "add_claim", quantity: s.quantity || fresh, unit: s.unit || "count",
        where: s.where || "body", source: s.source || "",
        quote: s.quote || quoteAround(text, f),
        value: s.value || f.text});
}

// The words around a figure, within its sentence and short of the figures beside it: a quote
// that covers this figure alone.
function quoteAround(text, f) {
  const figures = (report && report.draft && report.draft.figures) || [];
  const stop = /[.!?\n]/;
  let from = f.start;
  while (from > 0 && f.start - from < 40 && !stop.test(text[from - 1])
         && !figures.some((g) => g.start < from && from <= g.end)) from--;
  let to = f.end;
  while (to < text.length && to - f.end < 40 && !stop.test(text[to])
         && !figures.some((g) => g.start <= to && to < g.end)) to++;
  // whole words only: a word cut at either end is left out
  if (from > 0 && /\w/.test(text[from - 1])) from = text.indexOf(" ", from) < f.start ? text.indexOf(" ", from) : f.start;
  if (to < text.length && /\w/.test(text[to])) to = text.lastIndexOf(" ", to) >= f.end ? text.lastIndexOf(" ", to) : f.end;
  return text.slice(from, to).trim();
}

function mark(ids, figureStart) {
  marked = {ids: new Set(ids), figures: new Set(figureStart === undefined ? [] : [figureStart])};
  drawDraft();
  drawClaims();
  // Show the other side of the click: a figure's claims, or a card's figures in the draft.
  const other = document.querySelector(figureStart === undefined ? "#draft .marked" : "#claims .claim.marked");
  if (other) other.scrollIntoView({block: "nearest"});
}

// -- start --------------------------------------------------------------------------------
async function start() {
  $("save").addEventListener("click", save);
  $("cancel").addEventListener("click", () => api("cancel", {}));
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
  });
  const ruleInput = $("new-relation-rule");
  const form = $("new-relation");
  form.querySelector(".rule-box").replaceWith(ruleBox(ruleInput, () => {}));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!ruleInput.value.trim()) return;
    edit({op: "add_relation", id: $("new-relation-id").value, rule: ruleInput.value});
    ruleInput.value = "";
    $("new-relation-id").value = "";
  });
  let first;
  try {
    first = await api("state?check=0");  // the file and the draft now; the report follows
  } catch (error) {
    banner(error.message);
    return;
  }
  storeKey = "figcheck-desk:" + first.path;
  draftText = first.draft_text;
  suggestions = first.suggestions || [];
  const kept = JSON.parse(localStorage.getItem(storeKey) || "null");
  show(first, {noKeep: true});  // what the browser kept stays kept until it is restored
  const restoring = kept && kept.text !== first.text && kept.disk === first.disk;
  if (kept && kept.text !== first.text && !restoring) {
    // Set aside, not dropped: the file changed since, so they cannot simply be put back.
    localStorage.setItem(storeKey + ":earlier", JSON.stringify(kept));
    banner("Unsaved edits from an earlier session were made to another version of the file; " +
      "this browser keeps their text aside (localStorage, \"" + storeKey + ":earlier\").",
      [el("button", {type: "button", text: "Discard them", onclick: () => {
        localStorage.removeItem(storeKey + ":earlier"); banner(""); }})]);
  }
  pending++;  // the first check may be a long one too: show its progress, let it be stopped
  showProgress();
  try {
    if (restoring) {
      show(await api("restore", {text: kept.text, disk: kept.disk}));
      banner("Your unsaved edits were restored.");
    } else {
      show(await api("state"));
    }
  } catch (error) {
    banner(error.message);
  } finally {
    pending--;
    showProgress();
  }
  setInterval(async () => {
    try {
      const p = await api("progress");
      if (p.changed_on_disk) offerReload("The claim file was changed outside the desk. Saving would overwrite that change, so the desk will not save until you reload it.");
    } catch (e) { /* the server stopped: leave the page as it is */ }
  }, 2000);
}

document.addEventListener("DOMContentLoaded", start);
