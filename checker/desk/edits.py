"""What the desk's page can change in a claim file, each as one function of the text.

An edit arrives from the page as a small mapping (`{"op": "set", "section": "claims",
"id": "caption", "field": "value", "value": "175"}`); `apply` returns the new text or
raises `EditError` with a sentence for the page. Every edit is spliced into the text
(yamledit.py), so what it does not touch stays byte for byte.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from yaml import YAMLError

from ..forms import NAME
from .yamledit import EditError, MappingNode, ScalarNode, SequenceNode
from .yamledit import append, compose, entry, get, items, key_node, nodes_with_rules, plain
from .yamledit import remove_item, remove_key, rename_in_rule, replace, set_key

FIELDS = {
    "claims": ("id", "quantity", "value", "quote", "where", "source", "weight", "rule", "accept"),
    "relations": ("id", "rule", "accept"),
    "quantities": ("unit", "about"),
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
MAX_TEXT = 2_000  # one field from the page; a quote or a rule is far shorter


def apply(text: str, edit: Mapping[str, Any]) -> str:
    """The text after one edit from the page."""
    op = _OPS.get(str(edit.get("op")))
    if op is None:
        raise EditError(f"unknown edit {edit.get('op')!r}")
    return op(text, edit)


def _text(edit: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = edit.get(key)
    if value is None:
        value = ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise EditError(f"`{key}` must be text")
    value = str(value).strip()
    if len(value) > MAX_TEXT:
        raise EditError(f"`{key}` is longer than {MAX_TEXT} characters")
    if required and not value:
        raise EditError(f"`{key}` is empty")
    return value


def _name(edit: Mapping[str, Any], key: str) -> str:
    name = _text(edit, key)
    if not NAME.fullmatch(name):
        raise EditError(f"`{name}` is not a quantity name: a letter, then letters, digits or _")
    return name


def _section(edit: Mapping[str, Any]) -> str:
    section = edit.get("section")
    if section not in ("claims", "relations"):
        raise EditError("section must be claims or relations")
    return str(section)


def _root(text: str) -> Any:
    try:
        root = compose(text)
    except YAMLError:
        raise EditError("the file is not valid YAML; mend it in an editor first (the report says where)") from None
    if not isinstance(root, MappingNode):
        raise EditError("the file is not a mapping of sections; mend it in an editor first")
    return root


def _ids(root: Any) -> set[str]:
    return {str(get(item, "id").value) for section in ("claims", "relations")
            for item in items(get(root, section)) if isinstance(get(item, "id"), ScalarNode)}


def _new_id(root: Any, base: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.:-]+", "-", base).strip("-") or "claim"
    taken, ident, n = _ids(root), base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


# -- the edits ----------------------------------------------------------------------------

def _set(text: str, edit: Mapping[str, Any]) -> str:
    """A field of a claim or relation: written, replaced, or removed when left empty."""
    section, field = _section(edit), edit.get("field")
    if field not in FIELDS[section]:
        raise EditError(f"{section} have no field {field!r} the desk can edit")
    root = _root(text)
    node = entry(root, section, _text(edit, "id"))
    if field == "quantity":
        names = edit.get("value")
        if not isinstance(names, list) or not names:
            raise EditError("a claim names one quantity or more")
        names = [_name({"n": n}, "n") for n in names]
        return set_key(text, node, "quantity", names[0] if len(names) == 1 else names)
    value = _text(edit, "value", required=field == "id")  # empty: the key goes (an accept withdrawn)
    if field == "id":
        if not _ID.fullmatch(value):
            raise EditError(f"`{value}` cannot be an id: letters, digits and - _ . : only")
        if value in _ids(root) - {str(get(node, 'id').value)}:
            raise EditError(f"the id `{value}` is taken")
    if not value:
        return remove_key(text, node, str(field))
    return set_key(text, node, str(field), value)


def _add_claim(text: str, edit: Mapping[str, Any]) -> str:
    """A claim for a figure of the draft, and its quantity when the file has none of that name."""
    root = _root(text)
    name = _name(edit, "quantity")
    claim: dict[str, Any] = {"id": _new_id(root, _text(edit, "id", required=False) or name)}
    for field in ("where", "source", "quote"):
        if value := _text(edit, field, required=False):
            claim[field] = value
    claim["quantity"] = name
    claim["value"] = _text(edit, "value")
    if get(get(root, "quantities"), name) is None:
        text = _add_quantity(text, {"name": name, "unit": edit.get("unit") or "count"})
        root = _root(text)
    return append(text, root, "claims", claim)


def _add_relation(text: str, edit: Mapping[str, Any]) -> str:
    root = _root(text)
    ident = _new_id(root, _text(edit, "id", required=False) or "rule")
    return append(text, root, "relations", {"id": ident, "rule": _text(edit, "rule")})


def _delete(text: str, edit: Mapping[str, Any]) -> str:
    root = _root(text)
    section = _section(edit)
    return remove_item(text, get(root, section), entry(root, section, _text(edit, "id")))


def _accept(text: str, edit: Mapping[str, Any]) -> str:
    """`accept:` with the reviewer's note: a known discrepancy that no longer fails the check."""
    if not _text(edit, "note", required=False):
        raise EditError("accepting a discrepancy needs a note saying why")
    return _set(text, {**edit, "field": "accept", "value": edit.get("note")})


def _add_quantity(text: str, edit: Mapping[str, Any]) -> str:
    root = _root(text)
    name = _name(edit, "name")
    quantities = get(root, "quantities")
    if get(quantities, name) is not None:
        raise EditError(f"there is a quantity `{name}` already")
    fields = {"unit": _text(edit, "unit", required=False) or "count"}
    if isinstance(quantities, MappingNode) and quantities.value:
        return set_key(text, quantities, name, fields)
    from .yamledit import emit

    if quantities is not None:
        raise EditError("`quantities:` is empty or not a mapping; add the first one in an editor")
    tail = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{tail}\nquantities:\n  {name}: {emit(fields)}\n"


def _set_quantity(text: str, edit: Mapping[str, Any]) -> str:
    root = _root(text)
    field = edit.get("field")
    if field not in FIELDS["quantities"]:
        raise EditError(f"quantities have no field {field!r} the desk can edit")
    node = get(get(root, "quantities"), _name(edit, "name"))
    if not isinstance(node, MappingNode):
        raise EditError(f"no quantity `{edit.get('name')}` written as a mapping")
    value = _text(edit, "value", required=False)
    return set_key(text, node, str(field), value) if value else remove_key(text, node, str(field))


def _rename(text: str, edit: Mapping[str, Any]) -> str:
    """A quantity called by a new name everywhere: its entry, the claims, the rules."""
    old, new = _name(edit, "name"), _name(edit, "to")
    root = _root(text)
    quantities = get(root, "quantities")
    if get(quantities, old) is None:
        raise EditError(f"there is no quantity `{old}`")
    if get(quantities, new) is not None:
        raise EditError(f"there is a quantity `{new}` already; merge into it instead")
    return _renamed(text, old, new, key_node(quantities, old))


def _merge(text: str, edit: Mapping[str, Any]) -> str:
    """Two names for one quantity made one: `name`'s claims and rules now say `into`."""
    old, new = _name(edit, "name"), _name(edit, "into")
    root = _root(text)
    quantities = get(root, "quantities")
    if old == new or get(quantities, old) is None or get(quantities, new) is None:
        raise EditError(f"merging needs two quantities; `{old}` into `{new}` are not")
    text = _renamed(text, old, new, None)
    return remove_key(text, get(_root(text), "quantities"), old)


def _renamed(text: str, old: str, new: str, key: Any) -> str:
    """Every reference to `old` (and its key in `quantities:`, when given) written `new`."""
    root = _root(text)
    changes: list[tuple[Any, Any]] = [(key, new)] if key is not None else []
    for claim in items(get(root, "claims")):
        named = get(claim, "quantity")
        if isinstance(named, ScalarNode) and named.value == old:
            changes.append((named, new))
        elif isinstance(named, SequenceNode) and any(n.value == old for n in named.value):
            names = list(dict.fromkeys(new if n.value == old else n.value for n in named.value))
            changes.append((named, names[0] if len(names) == 1 else names))
    for rule in nodes_with_rules(root):
        renamed = rename_in_rule(rule.value, old, new)
        if renamed != rule.value:
            changes.append((rule, renamed))
    # From the end backwards, so that each splice leaves the earlier offsets valid.
    for node, data in sorted(changes, key=lambda c: c[0].start_mark.index, reverse=True):
        text = replace(text, node, data)
    return text


_OPS: dict[str, Callable[[str, Mapping[str, Any]], str]] = {
    "set": _set,
    "add_claim": _add_claim,
    "add_relation": _add_relation,
    "delete": _delete,
    "accept": _accept,
    "add_quantity": _add_quantity,
    "set_quantity": _set_quantity,
    "rename_quantity": _rename,
    "merge_quantity": _merge,
}


def document(text: str) -> dict[str, Any]:
    """The file's quantities, relations and claims as the page lists them (text as written)."""
    try:
        root = compose(text)
    except YAMLError:  # the check's report says where and why
        return {"readable": False, "quantities": [], "relations": [], "claims": []}
    data = plain(root) if isinstance(root, MappingNode) else {}
    quantities = data.get("quantities") if isinstance(data.get("quantities"), dict) else {}

    def entries(section: str) -> list[dict[str, Any]]:
        listed = data.get(section)
        return [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []

    claims = []
    for claim in entries("claims"):
        named = claim.get("quantity")
        claim["quantity"] = named if isinstance(named, list) else [named] if named else []
        claims.append(claim)
    return {
        "readable": isinstance(root, MappingNode),
        "quantities": [{"name": name, **(q if isinstance(q, dict) else {})} for name, q in quantities.items()],
        "relations": entries("relations"),
        "claims": claims,
        "draft": (data.get("article") or {}).get("draft") if isinstance(data.get("article"), dict) else None,
    }
