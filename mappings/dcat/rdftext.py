"""N-Triples and Turtle text of one record's triples, written directly: byte for byte what
pyoxigraph writes, without its per-triple Python objects (parsing the N-Triples lines back into
pyoxigraph terms cost more than everything else in the RDF writers together).

Only the plain case is written here; everything else goes through pyoxigraph as before
(`write` returns None), so output and errors stay exactly pyoxigraph's:

- every IRI must be one pyoxigraph accepts in N-Triples (no forbidden character, and
  `NamedNode` parses it), checked once per distinct IRI;
- every literal must be one whose N-Triples form pyoxigraph writes unchanged: our lines escape
  `\\ " LF CR`, pyoxigraph also escapes the other C0 controls, DEL, U+FFFE and U+FFFF, so a text
  holding one of those (or a lone surrogate) is left to pyoxigraph (`Emitter.unsafe`);
- Turtle: prefixed names are written as pyoxigraph writes them (`prefix:local` when the local
  name needs no escape; anything else is asked of pyoxigraph once and cached), `a` for
  rdf:type, booleans and integers with a Turtle lexical form inline, subjects grouped in
  first-appearance order, `;` between predicates and `,` between objects of one predicate.

tests/test_rdf_golden.py pins the result against pyoxigraph's own output, and
tests/test_rdf_text.py compares the two on generated triples.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from harmonise.mappings.dcat import terms as T

#: characters N-Triples forbids inside <...> (pyoxigraph's lexer rejects them)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: after our escaping, characters pyoxigraph would still write differently (or cannot encode)
LITERAL_UNSAFE = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: a local name pyoxigraph writes after the prefix unchanged
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_TURTLE_INTEGER = re.compile(r"[+-]?[0-9]+")
_TURTLE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_TURTLE_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+")
_INLINE = {T.XSD + "boolean": re.compile("true|false"), T.XSD + "integer": _TURTLE_INTEGER,
           T.XSD + "decimal": _TURTLE_DECIMAL, T.XSD + "double": _TURTLE_DOUBLE}
_CACHE_LIMIT = 200_000
#: what the walk appends to the dataset IRI to name the record's other nodes ("/tables/0/…").
#: Appending "/" + unreserved characters to a valid IRI keeps it valid whatever the IRI ends
#: in (authority, path, query or fragment), so these need no check of their own.
_NODE_SUFFIX = re.compile(r"(?:/[A-Za-z0-9_]+)+")

#: IRIs checked valid (and their Turtle forms), kept across records: most are vocabulary
_valid: set[str] = set()
_turtle_terms: dict[str, str] = {}


_NamedNode: Any = None


def iri_ok(iri: str, root: str | None = None) -> bool:
    """Whether pyoxigraph's N-Triples parser accepts <iri> (checked once per IRI). `root`: a
    valid IRI; one made from it by appending _NODE_SUFFIX is valid too (not cached)."""
    global _NamedNode
    if iri in _valid:
        return True
    if root is not None and iri.startswith(root) and _NODE_SUFFIX.fullmatch(iri, len(root)):
        return True
    if _NamedNode is None:
        from pyoxigraph import NamedNode as _NamedNode
    if not isinstance(iri, str) or _IRI_FORBIDDEN.search(iri):
        return False
    try:
        _NamedNode(iri)
    except (ValueError, TypeError, UnicodeError):
        return False
    if len(_valid) > _CACHE_LIMIT:
        _valid.clear()
    _valid.add(iri)
    return True


class _Turtle:
    """The prefix table of one `prefixes` mapping: header text and IRI -> Turtle term."""

    def __init__(self, prefixes: dict[str, str]):
        from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

        self.prefixes = prefixes
        probe = serialize([Triple(NamedNode("http://a.invalid/s"), NamedNode("http://a.invalid/p"),
                                  NamedNode("http://a.invalid/o"))], format=RdfFormat.TURTLE, prefixes=prefixes)
        self.header = probe.decode("utf-8").split("<http://a.invalid/s>", 1)[0]
        ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.by_iri = {iri: name for name, iri in ordered}
        # an IRI under two prefixes (one namespace inside another): pyoxigraph's choice is asked
        self.nested = any(a != b and a.startswith(b) for a in prefixes.values() for b in prefixes.values())
        self.match = re.compile("|".join(re.escape(iri) for _, iri in ordered)).match if ordered else None
        self.terms: dict[str, str] = {}
        self.prefix_tuple = tuple(prefixes.values())
        self.longest = max(map(len, self.prefix_tuple), default=0)
        self.root: str | None = None           # the record's dataset IRI, once checked
        self.root_plain = False                # no prefix can apply to an IRI under root
        self.objects: dict[str, str] = {}      # N-Triples object -> Turtle
        self.first_predicate: dict[str, str] = {}   # predicate -> " p " after a subject
        self.next_predicate: dict[str, str] = {}    # predicate -> " ;\n\tp " after an object

    def set_root(self, root: str | None) -> None:
        """The record's (checked) dataset IRI. An IRI under it matches a prefix only if root
        is under that prefix or the prefix under root; when neither, node IRIs are <...>."""
        self.root = root
        self.root_plain = root is not None and not root.startswith(self.prefix_tuple) and (
            len(root) > self.longest or not any(iri.startswith(root) for iri in self.prefix_tuple))

    def predicate(self, iri: str, first: bool) -> str | None:
        form = "a" if iri == T.RDF_TYPE and iri_ok(iri) else self.iri(iri)
        if form is None:
            return None
        if first:
            found = self.first_predicate[iri] = f" {form} "
        else:
            found = self.next_predicate[iri] = f" ;\n\t{form} "
        return found

    def iri(self, iri: str) -> str | None:
        """The Turtle term of an IRI; None when pyoxigraph would not accept the IRI."""
        found = self.terms.get(iri)
        if found is not None:
            return found
        root = self.root
        if root is not None and self.root_plain and iri.startswith(root) and _NODE_SUFFIX.fullmatch(iri, len(root)):
            return f"<{iri}>"   # a node IRI of the record: valid, and under no prefix (not cached)
        if not iri_ok(iri, root):
            return None
        m = self.match(iri) if self.match else None
        if m is None:
            found = f"<{iri}>"
        else:
            local = iri[m.end():]
            if self.nested:
                found = self._ask(iri)
            elif not local:
                found = self.by_iri[m.group(0)] + ":"
            elif _SIMPLE_LOCAL.fullmatch(local):
                found = f"{self.by_iri[m.group(0)]}:{local}"
            else:
                found = self._ask(iri)
        if len(self.terms) > _CACHE_LIMIT:
            self.terms.clear()
        self.terms[iri] = found
        return found

    def _ask(self, iri: str) -> str:
        """pyoxigraph's own Turtle form of one IRI (rare: escaped local names, nested prefixes)."""
        from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

        text = serialize([Triple(NamedNode("http://a.invalid/s"), NamedNode("http://a.invalid/p"), NamedNode(iri))],
                         format=RdfFormat.TURTLE, prefixes=self.prefixes).decode("utf-8")
        return text[len(self.header) + len("<http://a.invalid/s> <http://a.invalid/p> "):-len(" .\n")]

    def obj(self, obj: str) -> str | None:
        """Turtle form of an N-Triples object term (an <IRI> or a literal); None for a bad IRI."""
        if obj[0] == "<":
            root = self.root
            if root is not None and self.root_plain and obj.startswith(root, 1) \
                    and _NODE_SUFFIX.fullmatch(obj, len(root) + 1, len(obj) - 1):
                return obj   # a node IRI of the record: written as in N-Triples (not cached)
            return self.iri(obj[1:-1])
        if obj[-1] != ">":   # plain or language-tagged literal: the same text
            return obj
        cut = obj.rindex('"^^<')
        lexical, datatype = obj[1:cut], obj[cut + 4:-1]
        inline = _INLINE.get(datatype)
        if inline is not None and inline.fullmatch(lexical):
            return lexical
        datatype_term = self.iri(datatype)
        return None if datatype_term is None else obj[: cut + 1] + "^^" + datatype_term


_TURTLES: dict[tuple, _Turtle] = {}
#: node IRI suffix ("/tables/0/variables/3") -> whether it is /segments (_NODE_SUFFIX)
_suffixes: dict[str, bool] = {}


def _node_suffix(suffix: str) -> bool:
    """Whether `suffix` is what the walk appends to the dataset IRI (remembered in _suffixes)."""
    ok = _NODE_SUFFIX.fullmatch(suffix) is not None
    if len(_suffixes) > _CACHE_LIMIT:
        _suffixes.clear()
    _suffixes[suffix] = ok
    return ok


def _turtle(prefixes: dict[str, str]) -> _Turtle:
    key = tuple(prefixes.items())
    found = _TURTLES.get(key)
    if found is None:
        found = _TURTLES[key] = _Turtle(prefixes)
    return found


def turtle_header(prefixes: dict[str, str]) -> str:
    """The `@prefix` lines pyoxigraph writes before the first subject of a Turtle document."""
    return _turtle(prefixes).header


def _all_iris_ok(nodes: dict[str, dict[tuple[str, str], None]], object_iris: list[str] | None,
                 root: str | None = None) -> bool:
    if not nodes:
        return False
    iris = set(nodes)
    for pairs in nodes.values():
        for p, o in pairs:
            iris.add(p)
            if object_iris is None and o[0] == "<":
                iris.add(o[1:-1])
    if object_iris is not None:
        iris.update(object_iris)
    for iri in iris - _valid:
        if not iri_ok(iri, root):
            return False
    return True


def ntriples(triples: Iterable[tuple[str, str, str]]) -> list[str]:
    """The N-Triples lines of (subject IRI, predicate IRI, N-Triples object) triples."""
    return [f"<{s}> <{p}> {o} .\n" for s, p, o in triples]


def node_lines(nodes: dict[str, dict[tuple[str, str], None]]) -> list[str]:
    """The N-Triples lines of triples grouped by subject (Emitter.nodes), in that order."""
    return [f"<{s}> <{p}> {o} .\n" for s, pairs in nodes.items() for p, o in pairs]


def write(nodes: dict[str, dict[tuple[str, str], None]], fmt: str, prefixes: dict[str, str] | None = None,
          object_iris: list[str] | None = None, root: str | None = None) -> bytes | None:
    """`nt` or `ttl` bytes of unique triples grouped by subject (subject -> (predicate, object)
    pairs, both in first-appearance order); None when pyoxigraph must write them.

    `object_iris`: every IRI used as an object and not as a subject (when the caller knows them);
    `root`: the dataset IRI the record's node IRIs are made from."""
    if root is not None and not iri_ok(root):
        root = None
    if fmt == "nt":
        if not _all_iris_ok(nodes, object_iris, root):
            return None
        lines = node_lines(nodes)
        lines.sort()
        text = "".join(lines)
    else:
        if not nodes:
            return None
        tt = _turtle(prefixes or {})
        tt.set_root(root)
        term, obj = tt.iri, tt.obj
        known = tt.terms.get
        objects = tt.objects
        known_object = objects.get
        first_predicate, next_predicate = tt.first_predicate, tt.next_predicate
        # the record's node IRIs (root + /segments) under no prefix: written <iri>, not cached;
        # whether a suffix is /segments is remembered per suffix (they repeat from record to record)
        plain_root = root if tt.root_plain else None
        root_end = len(root) if root is not None else 0
        suffix_ok = _suffixes.get
        out = [tt.header]
        append = out.append
        # every IRI is checked (iri_ok) before its Turtle form is cached; an IRI pyoxigraph
        # would refuse leaves the record to pyoxigraph (None)
        for s, pairs in nodes.items():
            if plain_root is not None and s.startswith(plain_root) \
                    and (suffix_ok(s[root_end:]) or _node_suffix(s[root_end:])):
                form = f"<{s}>"
            else:
                form = known(s) or term(s)
                if form is None:
                    return None
            append(form)
            previous = None
            for p, o in pairs:
                if p == previous:
                    append(" , ")
                else:
                    if previous is None:
                        form = first_predicate.get(p)
                        if form is None:
                            form = tt.predicate(p, True)
                            if form is None:
                                return None
                    else:
                        form = next_predicate.get(p)
                        if form is None:
                            form = tt.predicate(p, False)
                            if form is None:
                                return None
                    append(form)
                    previous = p
                if o[-1] == '"':   # a plain literal: the same text
                    append(o)
                else:
                    form = known_object(o)
                    if form is None:
                        if plain_root is not None and o.startswith(plain_root, 1) \
                                and (suffix_ok(o[root_end + 1:-1]) or _node_suffix(o[root_end + 1:-1])):
                            form = o   # a node IRI of the record
                        else:
                            form = obj(o)
                            if form is None:
                                return None
                            if form is not o:   # node IRIs come back as they are: not cached
                                if len(objects) > _CACHE_LIMIT:
                                    objects.clear()
                                objects[o] = form
                    append(form)
            append(" .\n")
        text = "".join(out)
    try:
        return text.encode("utf-8")
    except UnicodeError:
        return None
