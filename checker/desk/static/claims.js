// figcheck desk: the claims, grouped by quantity, and every field of a claim a fact-checker
// writes. Uses `el`, `edit`, `state`, `marked` and `$` from desk.js; text from the files
// reaches the page only as text.
//
// Redrawn group by group: a group whose quantity and claims are as they were keeps its nodes,
// so the field the reader is in keeps its focus, its caret and what they have typed.
"use strict";

const WHERE = ["headline", "standfirst", "body", "caption", "graphic", "quote", "other"];
const openClaims = new Set();  // claims (group|id) whose every field is shown for editing
let drawnGroups = [];          // [{key, sig, node}] as on the page now

function drawClaims() {
  const doc = state.document;
  const box = $("claims");
  if (!doc.readable) {
    drawnGroups = [];
    box.replaceChildren(el("p", {class: "empty", text: "The file cannot be read as YAML: see the errors above."}));
    return;
  }
  const names = doc.quantities.map((q) => q.name);
  const known = $("quantity-names");
  if (known.children.length !== names.length || names.some((n, i) => known.children[i].value !== n)) {
    known.replaceChildren(...names.map((n) => el("option", {value: n})));
  }
  const wanted = doc.quantities.map((q) => {
    const claims = doc.claims.filter((c) => c.quantity.includes(q.name));
    return {key: "q:" + q.name, sig: signature(q.name, [q, names], claims),
            make: () => quantityGroup(q, names, claims)};
  });
  const others = doc.claims.filter((c) => !c.quantity.some((n) => names.includes(n)));
  if (others.length) {
    wanted.push({key: "others", sig: signature("", [], others), make: () => el("section", {class: "quantity"},
      el("h3", {text: "Claims with a rule, or no known quantity"}),
      el("ul", {class: "claim-list"}, others.map((c) => claimRow(c, ""))))});
  }
  keepingFocus(box, () => {
    const sameOrder = wanted.length === drawnGroups.length && wanted.every((w, i) => w.key === drawnGroups[i].key);
    if (!sameOrder) {
      drawnGroups = wanted.map((w) => ({key: w.key, sig: w.sig, node: w.make()}));
      box.replaceChildren(...drawnGroups.map((g) => g.node));
      return;
    }
    wanted.forEach((w, i) => {
      const old = drawnGroups[i];
      if (old.sig === w.sig) return;
      const node = w.make();
      old.node.replaceWith(node);
      drawnGroups[i] = {key: w.key, sig: w.sig, node};
    });
  });
}

function signature(group, head, claims) {
  return JSON.stringify([head, claims.map((c) => [c, !!(marked && marked.ids.has(c.id)),
                                                   openClaims.has(group + "|" + c.id)])]);
}

// A redraw may replace the field the reader is in: focus the new one, with what they typed.
function keepingFocus(box, draw) {
  const active = document.activeElement;
  const key = active && box.contains(active) ? active.dataset.key : undefined;
  const typing = key && (active.tagName === "INPUT" || active.tagName === "TEXTAREA");
  const typed = typing && active.value !== active.dataset.orig ? active.value : null;
  let caret = null;
  try { caret = key ? [active.selectionStart, active.selectionEnd] : null; } catch (e) { caret = null; }
  draw();
  if (!key || box.contains(active)) return;
  const again = box.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!again) return;
  if (typed !== null) again.value = typed;  // not sent yet: sent when the reader leaves it
  again.focus();
  if (caret && caret[0] !== null && again.setSelectionRange) {
    try { again.setSelectionRange(caret[0], caret[1]); } catch (e) { /* a select has no caret */ }
  }
}

// A form field that sends its value when the reader changes it and leaves it (or presses Enter).
function field(tag, key, value, send, props) {
  const node = el(tag, {...props, value, "data-key": key});
  node.dataset.orig = value;
  const commit = () => {
    if (node.value === node.dataset.orig) return;
    node.dataset.orig = node.value;
    send(node.value);
  };
  node.addEventListener("change", commit);
  node.addEventListener("blur", commit);  // a value carried over a redraw has had no `change`
  if (tag === "input" || tag === "textarea") {
    node.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); commit(); } });
  }
  return node;
}

function quantityGroup(q, names, claims) {
  const name = field("input", `q:${q.name}:name`, q.name,
    (to) => edit({op: "rename_quantity", name: q.name, to}), {class: "qname", "aria-label": `name of ${q.name}`});
  const unit = field("input", `q:${q.name}:unit`, q.unit || "",
    (value) => edit({op: "set_quantity", name: q.name, field: "unit", value}),
    {class: "qunit", placeholder: "unit", "aria-label": `unit of ${q.name}`});
  const merge = el("select", {"aria-label": `merge ${q.name} into`, onchange: () => {
    if (merge.value) edit({op: "merge_quantity", name: q.name, into: merge.value});
  }}, el("option", {value: "", text: "merge into…"}),
     names.filter((n) => n !== q.name).map((n) => el("option", {value: n, text: n})));
  return el("section", {class: "quantity", "data-quantity": q.name},
    el("div", {class: "qhead"}, name, unit, merge),
    q.about ? el("p", {class: "about", text: q.about}) : null,
    claims.length ? el("ul", {class: "claim-list"}, claims.map((c) => claimRow(c, q.name)))
                  : el("p", {class: "empty", text: "no claim states it"}));
}

function claimRow(c, group) {
  const isMarked = marked && marked.ids.has(c.id);
  const isOpen = openClaims.has(group + "|" + c.id);
  const key = (name) => `c:${group}|${c.id}:${name}`;
  const set = (name) => (value) => edit({op: "set", section: "claims", id: c.id, field: name, value});
  const explicit = c.value !== null && typeof c.value === "object";
  const value = field("input", key("value"), explicit ? JSON.stringify(c.value) : (c.value || ""), set("value"),
    {class: "value", disabled: explicit || c.value === undefined, "aria-label": `value of ${c.id}`});
  const toggle = el("button", {type: "button", class: "quiet more", text: isOpen ? "fields ▴" : "fields ▾",
    "aria-expanded": isOpen ? "true" : "false", "aria-label": `every field of ${c.id}`, "data-key": key("more"),
    onclick: () => {
      if (openClaims.has(group + "|" + c.id)) openClaims.delete(group + "|" + c.id);
      else openClaims.add(group + "|" + c.id);
      drawClaims();
    }});
  return el("li", {class: "claim" + (isMarked ? " marked" : "") + (isOpen ? " open" : ""), "data-claim": c.id},
    el("div", {class: "claim-head"}, el("code", {class: "cid", text: c.id}),
      c.where ? el("span", {class: "where", text: c.where}) : null, value, toggle,
      el("button", {type: "button", class: "quiet delete", text: "✕", title: `delete ${c.id}`,
        "aria-label": `delete ${c.id}`,
        onclick: () => { if (confirm(`Delete the claim ${c.id}?`)) edit({op: "delete", section: "claims", id: c.id}); }})),
    isOpen ? claimFields(c, key, set) : [
      c.quote ? el("q", {class: "quote", text: c.quote}) : null,
      c.rule ? el("code", {class: "crule", text: c.rule}) : null,
      c.source ? el("small", {class: "source", text: ` — ${c.source}`}) : null],
    c.accept ? el("div", {class: "note"}, "accepted: ", el("span", {text: c.accept})) : null);
}

// Every field a fact-checker writes; leaving one empty removes it from the file.
function claimFields(c, key, set) {
  const text = (v) => (v === null || v === undefined || typeof v === "object" ? "" : String(v));
  const row = (label, node) => el("label", {class: "frow"}, el("span", {text: label}), node);
  const where = el("select", {"data-key": key("where"), class: "f-where", "aria-label": `where of ${c.id}`,
    onchange: () => set("where")(where.value)},
    ["", ...WHERE, ...(c.where && !WHERE.includes(c.where) ? [c.where] : [])].map((w) =>
      el("option", {value: w, text: w || "(not said)", selected: text(c.where) === w})));
  const fields = [
    c.rule !== undefined
      ? row("rule", ruleField(c, key("rule"), set("rule")))
      : row("quantity", field("input", key("quantity"), c.quantity.join(", "),
          (value) => edit({op: "set", section: "claims", id: c.id, field: "quantity",
                           value: value.split(/[\s,]+/).filter(Boolean)}),
          {class: "f-quantity", list: "quantity-names", "aria-label": `quantity of ${c.id}`})),
    row("quote", field("textarea", key("quote"), text(c.quote), set("quote"),
      {class: "f-quote", rows: 2, "aria-label": `quote of ${c.id}`})),
    row("where", where),
    row("source", field("input", key("source"), text(c.source), set("source"),
      {class: "f-source", "aria-label": `source of ${c.id}`})),
    row("weight", field("input", key("weight"), text(c.weight), set("weight"),
      {class: "f-weight", inputmode: "decimal", placeholder: "1", "aria-label": `weight of ${c.id}`})),
    row("accept", field("input", key("accept"), text(c.accept), set("accept"),
      {class: "f-accept", placeholder: "a note: why this discrepancy is known and fine",
       "aria-label": `acceptance note of ${c.id}`})),
  ];
  return el("div", {class: "fields"}, fields);
}

// A rule claim's rule, in the relations' editor: names completed, a parse error shown where it is.
function ruleField(c, key, send) {
  const input = el("input", {class: "rule f-rule", value: c.rule || "", "data-key": key, "data-orig": c.rule || "",
                             "aria-label": `rule of ${c.id}`});
  return ruleBox(input, (rule) => {
    if (rule === input.dataset.orig) return;
    input.dataset.orig = rule;
    send(rule);
  });
}
