"""Node writers compiled per (profile, class, dict shape): the RDF walk without the walk.

`ModelProfile.walk_node` is the generic walk: for each key of a node's dict it looks up the
slot's plan entry and branches on its kind, hook and cardinality. Those decisions depend only
on the class and the keys, and the dicts the engine hands writers come in a few key orders
per class (the model's slot order, minus absent slots). So, per (class, key tuple) met, this
module writes a small Python function that unpacks the values in that order and does, for
each slot, just the common case of its kind inline:

- a plain single string (or an enum code without a meaning IRI, or a hook that only writes a
  plain literal, `literal_hooks`): one pair into the node's dict (escaped by plain_literal
  when it must be);
- an enum code with a meaning IRI: the IRI pair, then describe_concept as encode_value does;
- a date: its literal typed with date_datatype, as encode_value writes it;
- a list of plain strings: a loop of the same;
- a boolean, an int: the pair with the constant or formatted literal;
- a child object or a list of them: the child IRI, then the child's own compiled writer.

Anything else (another type than the plan expects, hooks, uri-range values, lists of enums) is
handed to `encode_slot` - the generic walk's own slot code - so the output is the generic
walk's by construction; tests/test_rdf_compiled.py compares the two on corpus records and
generated ones for every profile. The source is made once per shape (`compiled_source`) and
exec'd; the profile keeps up to SHAPE_LIMIT shapes per class.
"""
from __future__ import annotations

from typing import Any, Callable

from harmonise.mappings.dcat.schema_info import BOOLEAN, DATE, ENUM, INTEGER, OBJECT, STRING

_SAFE = "{v}.isprintable() and '\"' not in {v} and '\\\\' not in {v}"


def compiled_source(profile: Any, cls: str, keys: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """(source of `_node(data, node, em, ctx, rdf_type)`, its globals) for `cls` dicts whose
    keys are `keys`, in that order."""
    from harmonise.mappings.dcat import terms as T
    from harmonise.mappings.dcat.profiles import (_FALSE, _INTEGER, _NON_NEGATIVE, _RDF_TYPE, _TRUE, _XSD_STRING,
                                                  plain_literal)

    plan = profile._plans.get(cls)
    if plan is None:
        plan = profile._plans[cls] = profile._plan(cls)
    rdf_type = profile._types.get(cls) or profile._types.setdefault(cls, profile.class_uri(cls))
    env: dict[str, Any] = {"slot": profile.encode_slot, "type_node": profile.type_node,
                           "after": profile.after_node, "shape": profile._shape, "encode_node": profile.encode_node,
                           "NON_NEGATIVE": _NON_NEGATIVE, "INTEGER": _INTEGER,
                           "plain_literal": plain_literal, "describe_concept": profile.describe_concept,
                           "date_datatype": T.date_datatype, "XSD_STRING": _XSD_STRING}
    lines = ["def _node(data, node, em, ctx, rdf_type):"]
    targets = [f"v{i}" if name in plan else "_" for i, name in enumerate(keys)]
    literals: dict[str, str] = {}
    if keys:
        lines.append(f"    {', '.join(targets)}, = data.values()")
    lines += ["    nodes = em.nodes",
              "    triples = nodes.get(node)",
              "    if triples is None:",
              "        triples = nodes[node] = {}",
              "    if rdf_type:",
              f"        type_node({cls!r}, rdf_type, triples, em)",
              "    else:",
              f"        triples[{(_RDF_TYPE, f'<{rdf_type}>')!r}] = None",
              f"        em._objects.append({rdf_type!r})"]
    for i, name in enumerate(keys):
        step = plan.get(name)
        if step is None:
            continue
        v = f"v{i}"
        env[f"STEP{i}"] = step
        fallback = f"slot({cls!r}, STEP{i}, {name!r}, {v}, data, node, em, ctx, triples)"
        kind, multivalued, prop, hook, info = step
        safe = _SAFE.format(v=v)
        literal = profile.literal_hooks.get((cls, name)) if hook is not None else None
        if literal is not None and not multivalued:
            lines += [f"    if {v}.__class__ is str and {v} and {safe}:",
                      f"        triples[({literal!r}, f'\"{{{v}}}\"')] = None"]
        elif hook is not None:
            lines.append(f"    {fallback}")
            continue
        elif kind is STRING and not multivalued:
            # l<i>: the value's plain literal when it is a str (after steps reuse it), else None
            literals[name] = f"l{i}"
            lines += [f"    if {v}.__class__ is str and {safe}:",
                      f"        l{i} = f'\"{{{v}}}\"'",
                      f"        if {v}:",
                      f"            triples[({prop!r}, l{i})] = None",
                      f"    elif {v}.__class__ is str:",
                      f"        l{i} = plain_literal({v}, em)",
                      f"        triples[({prop!r}, l{i})] = None",
                      "    else:",
                      f"        l{i} = None",
                      f"        {fallback}"]
            continue
        elif kind is STRING:
            safe_x = _SAFE.format(v="x")
            lines += [f"    if {v}.__class__ is list:",
                      f"        for x in {v}:",
                      f"            if x.__class__ is str and {safe_x}:",
                      f"                triples[({prop!r}, f'\"{{x}}\"')] = None",
                      "            elif x.__class__ is str:",
                      f"                triples[({prop!r}, plain_literal(x, em))] = None",
                      "            else:",
                      f"                em.lit(node, {prop!r}, x)"]
        elif kind is ENUM and not multivalued:
            meanings = profile._enum_meanings(info.range)
            env[f"M{i}"] = {code: ((prop, f"<{iri}>"), iri) for code, iri in meanings.items()}
            lines += [f"    if {v}.__class__ is str and {v} and {v} not in M{i} and {safe}:",
                      f"        triples[({prop!r}, f'\"{{{v}}}\"')] = None",
                      f"    elif {v}.__class__ is str and {v} and {v} in M{i}:   # a code with a meaning IRI",
                      f"        pair, iri = M{i}[{v}]",
                      "        triples[pair] = None",
                      "        em._objects.append(iri)",
                      f"        describe_concept(iri, {prop!r}, em)"]
        elif kind is DATE and not multivalued:
            lines += [f"    if {v}.__class__ is str and {v} and {safe}:",
                      f"        datatype = date_datatype({v})",
                      f"        triples[({prop!r}, f'\"{{{v}}}\"' if datatype == XSD_STRING else f'\"{{{v}}}\"^^<{{datatype}}>')] = None"]
        elif kind is BOOLEAN and not multivalued:
            lines += [f"    if {v} is True:",
                      f"        triples[{(prop, _TRUE)!r}] = None",
                      f"    elif {v} is False:",
                      f"        triples[{(prop, _FALSE)!r}] = None"]
        elif kind is INTEGER and not multivalued:
            if info.non_negative:
                lines += [f"    if {v}.__class__ is int:",
                          f"        triples[({prop!r}, f'\"{{{v}}}\"^^<{{NON_NEGATIVE if {v} >= 0 else INTEGER}}>')] = None"]
            else:
                lines += [f"    if {v}.__class__ is int:",
                          f"        triples[({prop!r}, f'\"{{{v}}}\"^^<{_INTEGER}>')] = None"]
        elif kind is OBJECT:
            child_cls = info.range
            env[f"S{i}"] = profile._shapes.setdefault(child_cls, {})
            call = ["fn = S{i}.get(tuple(item))", "if fn is None:", f"    fn = shape({child_cls!r}, item)",
                    "fn(item, child, em, ctx, None)"]
            if multivalued:
                lines += [f"    if {v}.__class__ is list:",
                          f"        head = f'{{node}}/{name}/'",
                          f"        for index, item in enumerate({v}):",
                          "            child = f'{head}{index}'",
                          f"            triples[({prop!r}, f'<{{child}}>')] = None",
                          "            if item.__class__ is dict:"]
                lines += ["                " + c.format(i=i) for c in call]
                lines += ["            else:",
                          f"                encode_node({child_cls!r}, item, child, em, ctx)"]
            else:
                lines += [f"    if {v}.__class__ is dict:",
                          f"        item = {v}",
                          f"        child = f'{{node}}/{name}'",
                          f"        triples[({prop!r}, f'<{{child}}>')] = None"]
                lines += ["        " + c.format(i=i) for c in call]
        else:
            lines.append(f"    {fallback}")
            continue
        lines += ["    else:", f"        {fallback}"]
    if cls in profile.after_classes:
        inline = profile.compiled_after(cls, {name: f"v{i}" for i, name in enumerate(keys) if name in plan}, literals)
        lines += inline if inline is not None else [f"    after({cls!r}, data, node, em, ctx)"]
    return "\n".join(lines) + "\n", env


def compile_shape(profile: Any, cls: str, keys: tuple[str, ...]) -> Callable:
    """The compiled writer of `cls` nodes with these keys (see compiled_source)."""
    source, env = compiled_source(profile, cls, keys)
    exec(compile(source, f"<harmonise rdf {profile.name} {cls}>", "exec"), env)
    return env["_node"]
