// figcheck desk: the relations and their rule editor, which completes quantity names and shows
// where a rule stops parsing. Uses `el`, `api`, `edit` and `state` from desk.js
// and `keepingFocus` from claims.js; the same rule
// as there holds: text from the files reaches the page only as text.
"use strict";

let drawnRelations = null;  // the relations on the page: redrawn only when they change

function drawRelations() {
  const box = $("relations");
  const sig = JSON.stringify(state.document.relations);
  if (sig === drawnRelations) return;
  drawnRelations = sig;
  keepingFocus(box, () => box.replaceChildren(...state.document.relations.map((r) => {
    const input = el("input", {class: "rule", value: r.rule || "", "aria-label": `rule ${r.id}`,
                               "data-key": `r:${r.id}:rule`, "data-orig": r.rule || ""});
    const row = el("div", {class: "relation", "data-relation": r.id},
      el("code", {class: "rid", text: r.id}), ruleBox(input, (rule) =>
        edit({op: "set", section: "relations", id: r.id, field: "rule", value: rule})),
      el("button", {type: "button", class: "quiet delete", text: "✕", "aria-label": `delete ${r.id}`,
        onclick: () => { if (confirm(`Delete the relation ${r.id}?`)) edit({op: "delete", section: "relations", id: r.id}); }}));
    return row;
  })));
}

function ruleBox(input, commit) {
  const problem = el("div", {class: "rule-error", hidden: true});
  const list = el("ul", {class: "complete", hidden: true, role: "listbox"});
  const box = el("div", {class: "rule-box"}, input, list, problem);
  let timer = null;
  const word = () => {
    const upto = input.value.slice(0, input.selectionStart);
    const m = upto.match(/[A-Za-z_][A-Za-z0-9_]*$/);
    return m ? m[0] : "";
  };
  const complete = (name) => {
    const at = input.selectionStart;
    const w = word();
    input.value = input.value.slice(0, at - w.length) + name + input.value.slice(at);
    const caret = at - w.length + name.length;
    input.setSelectionRange(caret, caret);
    list.hidden = true;
    input.focus();
  };
  input.addEventListener("input", () => {
    const w = word();
    const names = state.document.quantities.map((q) => q.name).filter((n) => w && n.startsWith(w) && n !== w);
    list.replaceChildren(...names.slice(0, 8).map((n) => el("li", {role: "option", text: n,
      onmousedown: (event) => { event.preventDefault(); complete(n); }})));
    list.hidden = names.length === 0;
    clearTimeout(timer);
    timer = setTimeout(() => checkRule(input.value, problem, input), 120);
  });
  input.addEventListener("keydown", (event) => {
    if ((event.key === "Tab" || event.key === "Enter") && !list.hidden && list.firstChild) {
      event.preventDefault();
      complete(list.firstChild.textContent);
    } else if (event.key === "Enter") {
      event.preventDefault();
      commit(input.value);
    } else if (event.key === "Escape") list.hidden = true;
  });
  input.addEventListener("change", () => commit(input.value));
  input.addEventListener("blur", () => { list.hidden = true; });
  return box;
}

async function checkRule(text, problem, input) {
  if (!text.trim()) { problem.hidden = true; return; }
  const answer = await api("rule", {rule: text});
  if (input.value !== text) return;  // typed on since: a newer answer is coming
  const known = new Set(state.document.quantities.map((q) => q.name));
  const unknown = answer.ok ? answer.names.filter((n) => !known.has(n)) : [];
  if (answer.ok && unknown.length === 0) { problem.hidden = true; return; }
  problem.hidden = false;
  if (!answer.ok) {
    const at = Math.min(answer.offset, text.length);
    problem.replaceChildren(el("code", {class: "where"}, text.slice(0, at),
      el("mark", {text: text.slice(at, at + 1) || " "}), text.slice(at + 1)),
      el("div", {text: answer.message}), answer.hint ? el("div", {class: "hint", text: answer.hint}) : null);
  } else {
    problem.replaceChildren(el("div", {text: `no quantity called ${unknown.join(", ")}`}));
  }
}

