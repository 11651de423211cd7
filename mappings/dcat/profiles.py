"""RDF profiles, in the style of ckanext-dcat: one class per export target.

`ModelProfile` writes every slot of the model with its own slot_uri (the generic mapping:
read from model/harmonise.yaml). `DCATAP301Profile` projects the same record onto what the
DCAT-AP 3.0.1 shapes expect (IRIs typed with their range class, e-mails as mailto: IRIs,
identifiers as adms:Identifier, free text that has no IRI moved to a harmonise: property).
`HealthDCATAPR8Profile` adds HealthDCAT-AP Release 8: access level, HEAL theme, health
category, health data access body, applicable legislation, CSVW variable description —
with documented, configurable defaults for what UK records lack (each reported as
`defaulted`; `strict` turns them into failures).

Every node gets a deterministic IRI under the record's dataset IRI (no blank nodes), and the
triples come out in a fixed order, so two exports of one record are byte-identical.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote

from harmonise.errors import RecordError
from harmonise.mappings.dcat import terms as T
from harmonise.mappings.dcat.rdftext import LITERAL_UNSAFE, iri_ok, node_lines
from harmonise.mappings.dcat.schema_info import BOOLEAN, DATE, ENUM, INTEGER, OBJECT, STRING, URI, model_info

Term = Any  # pyoxigraph NamedNode | Literal


_RDF_TYPE = T.RDF_TYPE
_XSD_STRING = T.XSD + "string"
_PLAIN_LANG = re.compile("[a-z]{2,3}")
#: xsd:boolean literals as Emitter.lit writes them
_TRUE, _FALSE = f'"true"^^<{T.XSD}boolean>', f'"false"^^<{T.XSD}boolean>'
_INTEGER, _NON_NEGATIVE = T.XSD + "integer", T.XSD + "nonNegativeInteger"
_CSVW_TITLE, _CSVW_DATATYPE, _DCT_DESCRIPTION = T.CSVW + "title", T.CSVW + "datatype", T.DCT + "description"


#: (predicate, object) pairs of the per-variable defaults (HealthDCATAPR8Profile.slot_Dataset_tables)
_DEFAULTED_CSVW_TITLE = (T.DEFAULTED, f"<{_CSVW_TITLE}>")
_DEFAULTED_DCT_DESCRIPTION = (T.DEFAULTED, f"<{_DCT_DESCRIPTION}>")
_DEFAULTED_CSVW_DATATYPE = (T.DEFAULTED, f"<{_CSVW_DATATYPE}>")
_CSVW_DATATYPE_STRING = (_CSVW_DATATYPE, '"string"')


#: compiled node writers kept per class (distinct key orders of its dicts); beyond, the generic walk
SHAPE_LIMIT = 256

#: rdf:type IRI -> its (predicate, object) pair
_TYPE_PAIRS: dict[str, tuple[str, str]] = {}


def _plain_lit(em: "Emitter", pairs: dict, s: str, p: str, value: Any) -> None:
    """em.lit(s, p, value) for a plain literal, with `pairs` = em.node(s): text that needs no
    escaping is written inline."""
    if value.__class__ is str and value.isprintable() and '"' not in value and "\\" not in value:
        pairs[(p, f'"{value}"')] = None
    else:
        em.lit(s, p, value)


def plain_literal(text: str, em: "Emitter") -> str:
    """The N-Triples form Emitter.lit gives a str as a plain literal (escaped; `em.unsafe` set
    when pyoxigraph would write it differently). A printable text holds no LF, CR or character
    LITERAL_UNSAFE matches (all unprintable), so only quotes and backslashes need escaping."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if not text.isprintable():
        escaped = escaped.replace("\n", "\\n").replace("\r", "\\r")
        if LITERAL_UNSAFE.search(escaped):
            em.unsafe = True
    return f'"{escaped}"'


#: characters quote(..., safe="-._~") leaves as they are, and the % of its escapes
_QUOTED_ID = re.compile(r"[A-Za-z0-9_.~%-]*")


@functools.lru_cache(maxsize=4096)
def _country_alpha_3(alpha_2: str) -> str | None:
    """pycountry's alpha-3 code of a two-letter country code (None when unknown), asked once per code."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha_2)
    return None if country is None else country.alpha_3


@functools.lru_cache(maxsize=4096)
def _language_alpha_3(alpha_2: str) -> str | None:
    """pycountry's alpha-3 code of a two-letter language code (None when unknown), asked once per code."""
    import pycountry

    return getattr(pycountry.languages.get(alpha_2=alpha_2), "alpha_3", None)


def text_property_for(slot: str) -> str:
    head, *rest = slot.split("_")
    return T.HARMONISE + head + "".join(part.capitalize() for part in rest) + "Text"


def dataset_iri(base: str, record_id: str) -> str:
    """The dataset node's IRI: the base IRI + the record id, percent-encoded (deterministic)."""
    text = str(record_id)
    if text.isascii():   # ids are mostly URLs or UUIDs: their ':' and '/' escaped without quote()'s per-byte loop
        quoted = text.replace("%", "%25").replace(":", "%3A").replace("/", "%2F")
        if _QUOTED_ID.fullmatch(quoted):
            return base + quoted
    return base + quote(text, safe="-._~")


class Emitter:
    """Collects one record's triples, grouped by subject: `nodes` maps each subject IRI (in
    order of its first triple) to its (predicate IRI, object) pairs in emission order, the
    object in N-Triples form (`<iri>` or a literal): plain string work, no per-triple Python
    RDF objects. A triple met twice is kept once, at its first place. rdftext.py writes
    N-Triples / Turtle from them; pyoxigraph writes the other formats (writer.serialise)."""

    __slots__ = ("nodes", "_objects", "unsafe", "root")

    def __init__(self) -> None:
        self.nodes: dict[str, dict[tuple[str, str], None]] = {}
        #: IRIs used as objects (checked before the direct text is written; node IRIs minted
        #: by the walk are subjects too, so they are checked as subjects)
        self._objects: list[str] = []
        #: a literal pyoxigraph would write differently from its N-Triples line (rdftext.py)
        self.unsafe = False
        #: the dataset IRI, which the record's other node IRIs extend (rdftext._NODE_SUFFIX)
        self.root: str | None = None

    def node(self, s: str) -> dict[tuple[str, str], None]:
        """The (predicate, object) pairs of subject `s` (created empty: write to it at once)."""
        found = self.nodes.get(s)
        if found is None:
            found = self.nodes[s] = {}
        return found

    def iri(self, s: str, p: str, iri: str) -> None:
        found = self.nodes.get(s)
        if found is None:
            found = self.nodes[s] = {}
        found[(p, f"<{iri}>")] = None
        self._objects.append(iri)

    def lit(self, s: str, p: str, value: Any, datatype: str | None = None, lang: str | None = None) -> None:
        text = str(value)
        if not text.isprintable() or '"' in text or "\\" in text:
            text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            if LITERAL_UNSAFE.search(text):
                self.unsafe = True
        if lang:
            obj = f'"{text}"@{lang}'
            if not _PLAIN_LANG.fullmatch(lang):
                self.unsafe = True
        elif datatype and datatype != _XSD_STRING:
            obj = f'"{text}"^^<{datatype}>'
            if not iri_ok(datatype):
                self.unsafe = True
        else:
            obj = f'"{text}"'
        found = self.nodes.get(s)
        if found is None:
            found = self.nodes[s] = {}
        found[(p, obj)] = None

    def typed(self, s: str, *classes: str) -> None:
        found = self.nodes.get(s)
        if found is None:
            found = self.nodes[s] = {}
        for cls in classes:
            found[(_RDF_TYPE, f"<{cls}>")] = None
        self._objects.extend(classes)

    def drop(self, predicate: str) -> None:
        """Forget every triple whose N-Triples line holds ` <predicate> `."""
        needle = f" <{predicate}> "
        for s in list(self.nodes):
            pairs = self.nodes[s]
            kept = [(p, o) for p, o in pairs if needle not in f"<{s}> <{p}> {o} .\n"]
            if len(kept) != len(pairs):
                if kept:
                    pairs.clear()
                    pairs.update(dict.fromkeys(kept))
                else:
                    del self.nodes[s]

    @property
    def triples(self) -> "RecordGraph":
        """The record's unique triples, grouped by subject (a sequence of N-Triples lines)."""
        return RecordGraph(self.nodes, self.unsafe, self._objects, self.root)


class RecordGraph(Sequence):
    """One record's triples: a sequence of unique N-Triples lines, subjects in order of first
    appearance and each subject's triples in emission order (what writer.serialise takes), with
    the grouped pairs themselves (`nodes`) for the direct N-Triples / Turtle text."""

    def __init__(self, nodes: dict[str, dict[tuple[str, str], None]], unsafe: bool,
                 objects: list[str] | None = None, root: str | None = None):
        self.nodes = nodes
        self.unsafe = unsafe
        self.root = root
        #: the IRIs among the objects, when the emitter kept them (else they are looked for)
        self.object_iris = objects
        self._lines: list[str] | None = None

    @property
    def keys(self) -> dict[tuple[str, str, str], None]:
        """The triples as (subject, predicate, object) keys, in the order of `lines`."""
        return {(s, p, o): None for s, pairs in self.nodes.items() for p, o in pairs}

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = node_lines(self.nodes)
        return self._lines

    def __len__(self) -> int:
        return sum(map(len, self.nodes.values()))

    def __getitem__(self, index):
        return self.lines[index]

    def __iter__(self):
        return iter(self.lines)


class WriteContext:
    """What one record's export needs: its account (for defaults), options and strictness."""

    def __init__(self, account: Any, options: dict[str, Any], strict: bool, record_id: str):
        self.account = account
        self.options = options
        self.strict = strict
        self.record_id = record_id

    em: "Emitter"

    def default(self, node: str, prop: str, target: str, value: Any, why: str) -> None:
        if self.strict:
            raise RecordError(f"{target}: no value in the record and --strict forbids the default {value!r} ({why})")
        if self.account is not None and (target, value, why) not in self.account.defaulted:
            self.account.default(target, value, why)   # once, however many RDF writers run
        self.em.iri(node, T.DEFAULTED, prop)


class ModelProfile:
    """Every slot with its slot_uri; enums with a meaning as IRIs. Lossless, not shape-checked."""

    name = "harmonise"
    title = "harmonise model RDF (slot_uris)"
    #: (class, slot) -> property IRI used instead of the slot_uri (collisions, range clashes)
    renamed: dict[tuple[str, str], str] = {("ConversionProvenance", "overlays"): T.HARMONISE + "overlay"}
    #: class -> rdf:type used instead of the class_uri
    retyped: dict[str, str] = {}
    #: (class, slot) -> property, for a slot hook that writes a non-empty text value as one
    #: plain literal of that property (compiled.py writes those inline)
    literal_hooks: dict[tuple[str, str], str] = {}

    def __init__(self) -> None:
        self.info = model_info()
        self._plans: dict[str, dict[str, tuple[Any, str, Callable | None]]] = {}
        self._types: dict[str, str] = {}
        self._meanings: dict[str, dict[str, str]] = {}
        #: classes whose nodes get `after_node` once the generic walk has written them
        self.after_classes: frozenset[str] = frozenset()
        #: nodes are written by code compiled per (class, dict shape) (compiled.py); False: the
        #: generic walk only (the reference tests compare the two with)
        self.compiled = True
        self._shapes: dict[str, dict[tuple[str, ...], Callable]] = {}
        #: a shape is compiled the compile_after-th time it is met (walked generically before)
        self.compile_after = 2
        self._seen: dict[tuple[str, tuple[str, ...]], int] = {}

    # -- the generic walk -----------------------------------------------------------------
    def graph(self, record: dict[str, Any], base: str, ctx: WriteContext, node: str | None = None) -> Emitter:
        """The record's triples; `node`: its dataset IRI when the caller has made it already."""
        em = Emitter()
        ctx.em = em
        node = em.root = node or dataset_iri(base, record["id"])
        self.encode_node("Dataset", record, node, em, ctx)
        self.finish_dataset(record, node, em, ctx)
        return em

    def class_uri(self, cls: str) -> str:
        return self.retyped.get(cls) or self.info.classes[cls].uri

    def encode_node(self, cls: str, data: dict[str, Any], node: str, em: Emitter, ctx: WriteContext,
                    rdf_type: str | None = None) -> None:
        """Write one node of class `cls`: the code compiled for its dict's shape (compiled.py),
        or the generic walk (walk_node) when `compiled` is off or the data is not a dict."""
        if self.compiled and data.__class__ is dict:
            shapes = self._shapes.get(cls)
            fn = shapes.get(tuple(data)) if shapes is not None else None
            if fn is None:
                fn = self._shape(cls, data)
            fn(data, node, em, ctx, rdf_type)
        else:
            self.walk_node(cls, data, node, em, ctx, rdf_type)

    def walk_node(self, cls: str, data: dict[str, Any], node: str, em: Emitter, ctx: WriteContext,
                  rdf_type: str | None = None) -> None:
        """The generic walk (the reference the compiled shapes are tested against): the node's
        rdf:type, then each slot of `data` in its order (encode_slot), then after_node."""
        plan = self._plans.get(cls)
        if plan is None:
            plan = self._plans[cls] = self._plan(cls)
        triples = em.nodes.get(node)
        if triples is None:
            triples = em.nodes[node] = {}
        self.type_node(cls, rdf_type, triples, em)
        for name, value in data.items():
            step = plan.get(name)
            if step is not None:
                self.encode_slot(cls, step, name, value, data, node, em, ctx, triples)
        if cls in self.after_classes:
            self.after_node(cls, data, node, em, ctx)

    def type_node(self, cls: str, rdf_type: str | None, triples: dict, em: Emitter) -> None:
        """The node's rdf:type (`rdf_type`, else the class's) into its pairs `triples`."""
        rdf_type = rdf_type or self._types.get(cls) or self._types.setdefault(cls, self.class_uri(cls))
        type_pair = _TYPE_PAIRS.get(rdf_type)
        if type_pair is None:
            type_pair = _TYPE_PAIRS[rdf_type] = (_RDF_TYPE, f"<{rdf_type}>")
        triples[type_pair] = None
        em._objects.append(rdf_type)

    def encode_slot(self, cls: str, step: tuple, name: str, value: Any, data: dict[str, Any], node: str,
                    em: Emitter, ctx: WriteContext, triples: dict) -> None:
        """One slot's triples (`step`: its plan entry, `triples`: the node's pairs)."""
        kind, multivalued, prop, hook, info = step
        # the commonest slot first: one plain string that needs no escaping
        if kind is STRING and value.__class__ is str and hook is None and not multivalued \
                and value.isprintable() and '"' not in value and "\\" not in value:
            if value:
                triples[(prop, f'"{value}"')] = None
            return
        if not value and (value is None or value == [] or value == ""):
            return
        if kind is ENUM and value.__class__ is str and hook is None and not multivalued \
                and value not in self._enum_meanings(info.range) \
                and value.isprintable() and '"' not in value and "\\" not in value:
            triples[(prop, f'"{value}"')] = None   # a code with no meaning IRI: as encode_value writes it
            return
        if hook is not None and hook(data, value, node, em, ctx) is not False:
            return
        if kind is STRING:   # the common case, inline (Emitter.lit for what needs escaping)
            for item in (value if multivalued else (value,)):
                text = str(item)
                if text.isprintable() and '"' not in text and "\\" not in text:
                    triples[(prop, f'"{text}"')] = None
                else:
                    em.lit(node, prop, item)
            return
        if kind is OBJECT:
            # node IRIs extend the dataset IRI: checked as subjects, not kept in _objects
            if multivalued:
                head = f"{node}/{name}/"
                for index, item in enumerate(value):
                    child = f"{head}{index}"
                    triples[(prop, f"<{child}>")] = None
                    self.encode_node(info.range, item, child, em, ctx)
            else:
                child = f"{node}/{name}"
                triples[(prop, f"<{child}>")] = None
                self.encode_node(info.range, value, child, em, ctx)
            return
        if kind is BOOLEAN:
            for item in (value if multivalued else (value,)):
                triples[(prop, _TRUE if item else _FALSE)] = None
            return
        if kind is INTEGER:   # as encode_value writes them
            for item in (value if multivalued else (value,)):
                number = int(item)
                datatype = _NON_NEGATIVE if info.non_negative and number >= 0 else _INTEGER
                triples[(prop, f'"{number}"^^<{datatype}>')] = None
            return
        for item in (value if multivalued else (value,)):
            self.encode_value(cls, info, prop, item, node, em)

    def _shape(self, cls: str, data: dict[str, Any]) -> Callable:
        """The compiled writer of `cls` nodes whose dict has `data`'s keys in `data`'s order
        (made once per shape and kept, up to SHAPE_LIMIT shapes per class; then the generic walk)."""
        from harmonise.mappings.dcat.compiled import compile_shape

        shapes = self._shapes.setdefault(cls, {})
        key = tuple(data)
        found = shapes.get(key)
        if found is None:
            if len(shapes) >= SHAPE_LIMIT:
                return functools.partial(self.walk_node, cls)
            # compiling costs about a millisecond: a shape met once (a one-off record) is walked
            seen = self._seen.get((cls, key), 0) + 1
            if seen < self.compile_after:
                if len(self._seen) > SHAPE_LIMIT * 16:
                    self._seen.clear()
                self._seen[(cls, key)] = seen
                return functools.partial(self.walk_node, cls)
            self._seen.pop((cls, key), None)
            found = shapes[key] = compile_shape(self, cls, key)
        return found

    def _enum_meanings(self, enum: str) -> dict[str, str]:
        """Code -> meaning IRI of one enum (encode_value's lookup), for the walk's fast path."""
        found = self._meanings.get(enum)
        if found is None:
            found = self._meanings[enum] = {code: iri for code, iri in self.info.enum_meanings.get(enum, {}).items() if iri}
        return found

    def after_node(self, cls: str, data: dict[str, Any], node: str, em: Emitter, ctx: WriteContext) -> None:
        """Profile additions to a node of a class in `after_classes` (none in the model profile)."""

    def compiled_after(self, cls: str, values: dict[str, str], literals: dict[str, str]) -> list[str] | None:
        """after_node as source lines for compiled.py (`values`: slot -> the local holding its
        value, for the slots the node's shape has; `literals`: slot -> the local holding the
        value's plain literal when it is a str, else None), or None: compiled code calls after_node."""
        return None

    def _plan(self, cls: str) -> dict[str, tuple[str, bool, str, Callable | None, Any]]:
        """slot -> (kind, multivalued, property, hook, info) for one class, computed once per profile."""
        kinds = {k: k for k in (OBJECT, ENUM, URI, INTEGER, BOOLEAN, DATE, STRING)}   # `is` compares
        return {name: (kinds.get(info.kind, info.kind), info.multivalued, self.renamed.get((cls, name), info.uri),
                       getattr(self, f"slot_{cls}_{name}", None), info)
                for name, info in self.info.classes[cls].slots.items()}

    def encode_value(self, cls: str, info: Any, prop: str, value: Any, node: str, em: Emitter) -> None:
        kind = info.kind
        if kind == ENUM:
            meaning = self.info.enum_meanings.get(info.range, {}).get(str(value))
            if meaning:
                em.iri(node, prop, meaning)
                self.describe_concept(meaning, prop, em)
            else:
                em.lit(node, prop, value)
        elif kind == URI:
            if T.is_iri(value):
                em.iri(node, prop, value)
                self.describe_iri(value, prop, em)
            else:
                em.lit(node, self.text_property(info, prop), value, T.XSD + "anyURI")
        elif kind == INTEGER:
            em.lit(node, prop, int(value), T.XSD + ("nonNegativeInteger" if info.non_negative and int(value) >= 0 else "integer"))
        elif kind == BOOLEAN:
            em.lit(node, prop, "true" if value else "false", T.XSD + "boolean")
        elif kind == DATE:
            em.lit(node, prop, value, T.date_datatype(str(value)))
        else:
            em.lit(node, prop, value)

    def describe_concept(self, iri: str, prop: str, em: Emitter) -> None:
        """Nothing in the plain model profile; DCAT profiles type vocabulary IRIs."""

    def text_property(self, info: Any, prop: str) -> str:
        """Where a uri-range value that is not an absolute IRI goes (here: the same property)."""
        return prop

    def describe_iri(self, iri: str, prop: str, em: Emitter) -> None:
        """Nothing in the plain model profile."""

    def finish_dataset(self, record: dict[str, Any], node: str, em: Emitter, ctx: WriteContext) -> None:
        """Profile-level additions after the generic walk."""


#: rdf:type a DCAT-AP range check expects of an IRI used as the value of a property.
RANGE_CLASSES = {
    T.DCT + "accessRights": [T.DCT + "RightsStatement", T.SKOS + "Concept"],
    T.DCT + "accrualPeriodicity": [T.DCT + "Frequency", T.SKOS + "Concept"],
    T.DCT + "language": [T.DCT + "LinguisticSystem", T.SKOS + "Concept"],
    T.DCT + "format": [T.DCT + "MediaTypeOrExtent", T.SKOS + "Concept"],
    T.DCAT + "mediaType": [T.DCT + "MediaType"],
    T.DCT + "license": [T.DCT + "LicenseDocument"],
    T.DCAT + "theme": [T.SKOS + "Concept"],
    T.DCT + "type": [T.SKOS + "Concept"],
    T.HEALTH + "healthCategory": [T.SKOS + "Concept"],
    T.HEALTH + "healthTheme": [T.SKOS + "Concept"],
    T.DCT + "conformsTo": [T.DCT + "Standard", T.SKOS + "Concept"],
    T.HEALTH + "hasCodingSystem": [T.DCT + "Standard", T.SKOS + "Concept"],
    T.DCATAP + "applicableLegislation": [T.ELI + "LegalResource"],
    T.DCAT + "landingPage": [T.FOAF + "Document"],
    T.FOAF + "page": [T.FOAF + "Document"],
    T.FOAF + "homepage": [T.FOAF + "Document"],
    T.DPV + "hasPersonalData": [T.DPV + "PersonalData"],
    T.DPV + "hasLegalBasis": [T.DPV + "LegalBasis"],
    T.DCT + "spatial": [T.DCT + "Location", T.SKOS + "Concept"],
}


class DCATAP301Profile(ModelProfile):
    """DCAT-AP 3.0.1: the model projected so the SEMIC shapes (core + ranges) hold."""

    name = "dcat-ap-3.0.1"
    title = "DCAT-AP 3.0.1"
    renamed = {
        **ModelProfile.renamed,
        ("Dataset", "dataset_types"): T.HARMONISE + "datasetTypeAssignment",
        ("Dataset", "revisions"): T.HARMONISE + "revision",
        ("Dataset", "synthetic_data_links"): T.HARMONISE + "syntheticDataLink",
        ("Dataset", "dataset_completeness"): T.HARMONISE + "datasetCompleteness",
        ("Dataset", "purposes"): T.HARMONISE + "purpose",
        ("Dataset", "derived_from"): T.HARMONISE + "derivedFrom",
        ("Dataset", "is_part_of"): T.HARMONISE + "isPartOf",
        ("Dataset", "formats"): T.HARMONISE + "format",
        ("Dataset", "jurisdictions"): T.HARMONISE + "jurisdiction",
        ("Agent", "agent_type"): T.HARMONISE + "agentType",
        ("Dataset", "tables"): T.HARMONISE + "table",
        ("Dataset", "spatial_coverage"): T.HARMONISE + "spatialCoverage",
    }
    retyped = {"ValueSetEntry": T.HARMONISE + "ValueSetEntry",
               "DatasetReference": T.HARMONISE + "DatasetReference",
               "DatasetTypeAssignment": T.HARMONISE + "DatasetTypeAssignment"}
    literal_hooks = {("Variable", "data_type"): _CSVW_DATATYPE}   # slot_Variable_data_type
    #: (class, slot) -> (property for IRIs, property for text that is not an IRI)
    iri_or_text = {
        ("Dataset", "documentation"): (T.FOAF + "page", T.HARMONISE + "documentationText"),
        ("Dataset", "license"): (T.DCT + "license", T.HARMONISE + "licenseText"),
        ("Distribution", "license"): (T.DCT + "license", T.HARMONISE + "licenseText"),
        ("Dataset", "publications_about"): (T.DCT + "isReferencedBy", T.HARMONISE + "publicationAboutText"),
        ("Dataset", "legal_basis"): (T.DPV + "hasLegalBasis", T.HARMONISE + "legalBasisText"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.vocab = T.vocabularies()
        self._iri_or_text: dict[str, list] = {}
        #: (iri, prop) -> what describe_iri adds: ((subject, pairs), ...), object IRIs, unsafe
        self._described: dict[tuple[str, str], tuple] = {}
        self._normalised: dict[str, dict[str, str]] = {}
        self.after_classes = frozenset({c for c, _ in self.iri_or_text} | {"ContactPoint"})

    def text_property(self, info: Any, prop: str) -> str:
        """DCAT-AP wants IRIs there: relative or malformed URLs move to harmonise:<slot>Text."""
        return text_property_for(info.name)

    def graph(self, record, base, ctx):
        node = dataset_iri(base, record["id"])
        ctx.fallback = self.fallback_url(record, node)
        return super().graph(record, base, ctx, node)

    def after_node(self, cls, data, node, em, ctx):
        """iri_or_text slots, and a contact point's fallback URL (classes in `after_classes`)."""
        pairs = self._iri_or_text.get(cls)
        if pairs is None:
            pairs = self._iri_or_text[cls] = [(slot, props) for (c, slot), props in self.iri_or_text.items() if c == cls]
        for slot, (iri_prop, text_prop) in pairs:
            if not data.get(slot):
                continue
            values = data[slot] if isinstance(data[slot], list) else [data[slot]]
            for value in values:
                if T.is_iri(value):
                    em.iri(node, iri_prop, value)
                    self.describe_iri(value, iri_prop, em)
                else:
                    em.lit(node, text_prop, value)
        if cls == "ContactPoint" and not (T.is_iri("mailto:" + str(data.get("email", ""))) and data.get("email")) \
                and not T.is_iri(data.get("url")):
            em.iri(node, T.VCARD + "hasURL", ctx.fallback)
            ctx.default(node, T.VCARD + "hasURL", "contact_points.url", ctx.fallback,
                        "DCAT-AP requires a contact point e-mail or URL; the dataset's access route stands in")

    # slots handled by iri_or_text are skipped by the generic walk
    def _skip(self, *_args):
        return None

    slot_Dataset_documentation = slot_Dataset_license = slot_Distribution_license = _skip
    slot_Dataset_publications_about = slot_Dataset_legal_basis = _skip

    # -- vocabulary IRIs: typed, in their scheme, labelled ------------------------------------
    def describe_concept(self, iri: str, prop: str, em: Emitter) -> None:
        self.describe_iri(iri, prop, em)

    def describe_iri(self, iri: str, prop: str, em: Emitter) -> None:
        """Type a vocabulary IRI with the classes `prop`'s range expects, put it in its scheme
        and label it. The triples depend on (iri, prop) only, and the same few concepts come
        back in every record: made once (describe_triples), then merged into the record."""
        key = (iri, prop)
        found = self._described.get(key)
        if found is None:
            if len(self._described) > 10_000:
                self._described.clear()
            scratch = Emitter()
            self.describe_triples(iri, prop, scratch)
            found = self._described[key] = (tuple(scratch.nodes.items()), tuple(scratch._objects), scratch.unsafe)
        nodes_of, objects, unsafe = found
        nodes = em.nodes
        for s, pairs in nodes_of:
            mine = nodes.get(s)
            if mine is None:
                nodes[s] = pairs.copy()
            else:
                mine.update(pairs)
        em._objects.extend(objects)
        if unsafe:
            em.unsafe = True

    def describe_triples(self, iri: str, prop: str, em: Emitter) -> None:
        """What describe_iri adds to a record, written into `em`."""
        classes = RANGE_CLASSES.get(prop)
        if not classes:
            return
        em.typed(iri, *classes)
        scheme_name = T.scheme_of(iri)
        if scheme_name:
            scheme_iri = T.scheme(scheme_name)
            em.iri(iri, T.SKOS + "inScheme", scheme_iri)
            em.typed(scheme_iri, T.SKOS + "ConceptScheme")
            em.lit(scheme_iri, T.DCT + "title", scheme_name, lang="en")
        if T.SKOS + "Concept" in classes:
            code = iri.rstrip("/").rsplit("/", 1)[-1]
            em.lit(iri, T.SKOS + "prefLabel", self.vocab["labels"].get(code, code.replace("_", " ").replace("-", " ")), lang="en")

    def nal(self, em: Emitter, node: str, prop: str, scheme_name: str, code: str) -> str:
        iri = T.concept(scheme_name, code)
        em.iri(node, prop, iri)
        self.describe_iri(iri, prop, em)
        return iri

    # -- slot projections --------------------------------------------------------------------
    def slot_Dataset_alternate_identifiers(self, data, values, node, em, ctx):
        for index, value in enumerate(values):
            child = f"{node}/alternate_identifiers/{index}"
            em.iri(node, T.ADMS + "identifier", child)
            em.typed(child, T.ADMS + "Identifier")
            em.lit(child, T.SKOS + "notation", value)

    def slot_Dataset_spatial_coverage(self, data, values, node, em, ctx):
        """Places as harmonise:spatialCoverage nodes; dct:spatial gets the EU country IRI of each."""
        for index, place in enumerate(values):
            child = f"{node}/spatial_coverage/{index}"
            em.iri(node, T.HARMONISE + "spatialCoverage", child)
            self.encode_node("Location", place, child, em, ctx)
            code = (place.get("code") or "").split("-")[0]
            alpha_3 = _country_alpha_3(code) if len(code) == 2 else None
            if alpha_3 is not None:
                self.nal(em, node, T.DCT + "spatial", "country", alpha_3)
                em.iri(node, T.DEFAULTED, T.DCT + "spatial")

    def slot_Dataset_languages(self, data, values, node, em, ctx):
        for value in values:
            code = _language_alpha_3(value) if len(value) == 2 else None
            if code:
                self.nal(em, node, T.DCT + "language", "language", code.upper())
            else:
                em.lit(node, T.HARMONISE + "languageText", value)

    def normalised(self, table: str) -> dict[str, str]:
        """A vocabulary table keyed by T.norm_key of its keys (made once per profile)."""
        found = self._normalised.get(table)
        if found is None:
            found = self._normalised[table] = {T.norm_key(k): v for k, v in self.vocab[table].items()}
        return found

    def _nal_or_text(self, table: str, scheme_name: str, prop: str, text_prop: str, values, node, em):
        mapping = self.normalised(table)
        for value in values:
            if T.is_iri(value) and T.scheme_of(value) == scheme_name:
                em.iri(node, prop, value)
                self.describe_iri(value, prop, em)
                continue
            if T.is_iri(value):   # an IRI outside the NAL (Wikidata, a local vocabulary): kept as text
                em.lit(node, text_prop, value, T.XSD + "anyURI")
                continue
            em.lit(node, text_prop, value)
            code = mapping.get(T.norm_key(value))
            if code:
                self.nal(em, node, prop, scheme_name, code)
                em.iri(node, T.DEFAULTED, prop)   # derived from the text: the text is the source

    def slot_Dataset_conforms_to(self, data, values, node, em, ctx):
        self._nal_or_text("standards", "standard", T.DCT + "conformsTo", T.HARMONISE + "conformsToText", values, node, em)

    def slot_Distribution_conforms_to(self, data, values, node, em, ctx):
        for value in values:
            if T.is_iri(value):
                em.iri(node, T.DCT + "conformsTo", value)
                em.typed(value, T.DCT + "Standard")
            else:
                em.lit(node, T.HARMONISE + "conformsToText", value)

    def slot_Dataset_coding_systems(self, data, values, node, em, ctx):
        self._nal_or_text("coding_systems", "coding-system", T.HEALTH + "hasCodingSystem",
                          T.HARMONISE + "codingSystemText", values, node, em)

    def slot_Distribution_format(self, data, value, node, em, ctx):
        code = self.normalised("file_types").get(T.norm_key(value))
        if T.is_iri(value):
            em.iri(node, T.DCT + "format", value)
            self.describe_iri(value, T.DCT + "format", em)
        else:
            em.lit(node, T.HARMONISE + "formatText", value)
            if code:
                self.nal(em, node, T.DCT + "format", "file-type", code)
                em.iri(node, T.DEFAULTED, T.DCT + "format")

    def slot_Distribution_media_type(self, data, value, node, em, ctx):
        if T.is_iri(value) and "://www.iana.org/assignments/media-types/" in value:
            em.iri(node, T.DCAT + "mediaType", value)
            self.describe_iri(value, T.DCAT + "mediaType", em)
        else:
            em.lit(node, T.HARMONISE + "mediaTypeText", value)

    def slot_Dataset_themes(self, data, values, node, em, ctx):
        for value in values:
            if T.scheme_of(value) == "data-theme":
                em.iri(node, T.DCAT + "theme", value)
                self.describe_iri(value, T.DCAT + "theme", em)
            elif T.is_iri(value):
                em.iri(node, T.HARMONISE + "theme", value)
            else:
                em.lit(node, T.HARMONISE + "theme", value, T.XSD + "anyURI")

    def slot_Dataset_health_themes(self, data, values, node, em, ctx):
        for value in values:
            if T.scheme_of(value) == "health-theme":
                em.iri(node, T.HEALTH + "healthTheme", value)
                self.describe_iri(value, T.HEALTH + "healthTheme", em)
            elif T.is_iri(value):
                em.iri(node, T.HARMONISE + "healthTheme", value)
            else:
                em.lit(node, T.HARMONISE + "healthTheme", value, T.XSD + "anyURI")

    def slot_Dataset_personal_data(self, data, values, node, em, ctx):
        for value in values:
            if T.is_iri(value) and value.startswith("https://w3id.org/dpv/dpv-pd#"):
                em.iri(node, T.DPV + "hasPersonalData", value)
                em.typed(value, T.DPV + "PersonalData")
            elif T.is_iri(value):
                em.iri(node, T.HARMONISE + "personalData", value)
            else:
                em.lit(node, T.HARMONISE + "personalData", value, T.XSD + "anyURI")

    def slot_Dataset_related_resources(self, data, values, node, em, ctx):
        for value in values:
            if T.is_iri(value):
                em.iri(node, T.DCT + "relation", value)
            else:
                em.lit(node, T.HARMONISE + "relatedResourceText", value, T.XSD + "anyURI")

    def slot_Dataset_landing_page(self, data, value, node, em, ctx):
        if T.is_iri(value):
            em.iri(node, T.DCAT + "landingPage", value)
            self.describe_iri(value, T.DCAT + "landingPage", em)
        else:
            em.lit(node, T.HARMONISE + "landingPageText", value, T.XSD + "anyURI")

    def slot_Agent_homepage(self, data, value, node, em, ctx):
        if T.is_iri(value):
            em.iri(node, T.FOAF + "homepage", value)
            self.describe_iri(value, T.FOAF + "homepage", em)
        else:
            em.lit(node, T.HARMONISE + "homepageText", value, T.XSD + "anyURI")

    def slot_ContactPoint_email(self, data, value, node, em, ctx):
        iri = value if value.startswith("mailto:") else "mailto:" + value
        if T.is_iri(iri):
            em.iri(node, T.VCARD + "hasEmail", iri)
        else:
            em.lit(node, T.HARMONISE + "emailText", value)

    def slot_ContactPoint_url(self, data, value, node, em, ctx):
        if T.is_iri(value):
            em.iri(node, T.VCARD + "hasURL", value)
        else:
            em.lit(node, T.HARMONISE + "urlText", value, T.XSD + "anyURI")

    def slot_Variable_data_type(self, data, value, node, em, ctx):
        _plain_lit(em, em.node(node), node, _CSVW_DATATYPE, value)

    def slot_Variable_property_url(self, data, value, node, em, ctx):
        if T.is_iri(value):
            em.iri(node, T.CSVW + "propertyUrl", value)
        else:
            em.lit(node, T.HARMONISE + "propertyUrlText", value, T.XSD + "anyURI")

    def slot_Table_url(self, data, value, node, em, ctx):
        if T.is_iri(value):
            em.iri(node, T.CSVW + "url", value)
        else:
            em.lit(node, T.HARMONISE + "urlText", value, T.XSD + "anyURI")

    # -- dataset-level requirements of DCAT-AP ----------------------------------------------------
    def finish_dataset(self, record, node, em, ctx):
        if not record.get("description"):
            value = record.get("abstract") or record["title"]
            em.lit(node, T.DCT + "description", value)
            ctx.default(node, T.DCT + "description", "description", value,
                        "DCAT-AP requires dct:description; the record has none, so the abstract (or title) stands in")
        for index, dist in enumerate(record.get("distributions") or []):
            dnode = f"{node}/distributions/{index}"
            if not T.is_iri(dist.get("access_url")):
                url = dist.get("download_url") if T.is_iri(dist.get("download_url")) else self.fallback_url(record, node)
                em.iri(dnode, T.DCAT + "accessURL", url)
                ctx.default(dnode, T.DCAT + "accessURL", f"distributions[{index}].access_url", url,
                            "DCAT-AP requires dcat:accessURL on a distribution")
        for path, agent in self.agents(record, node):
            if not agent.get("name"):
                name = agent.get("identifier") or "Unnamed agent"
                em.lit(path, T.FOAF + "name", name)
                ctx.default(path, T.FOAF + "name", "agent.name", name, "DCAT-AP requires foaf:name on an agent")

    def agents(self, record, node):
        for slot in ("publisher", "data_custodian", "hdab"):
            if record.get(slot):
                yield f"{node}/{slot}", record[slot]
        for slot in ("creators", "data_controllers", "data_processors"):
            for index, agent in enumerate(record.get(slot) or []):
                yield f"{node}/{slot}/{index}", agent

    def fallback_url(self, record, node):
        for candidate in (record.get("landing_page"), record.get("access_rights"), record.get("access_service")):
            if T.is_iri(candidate):
                return candidate
        return node


class HealthDCATAPR8Profile(DCATAP301Profile):
    """HealthDCAT-AP Release 8 on top of DCAT-AP 3.0.1 (access level chooses the shape set)."""

    name = "healthdcat-ap-r8"
    title = "HealthDCAT-AP Release 8"
    renamed = {k: v for k, v in DCATAP301Profile.renamed.items() if k != ("Dataset", "tables")}

    def __init__(self) -> None:
        super().__init__()
        self.after_classes = self.after_classes | {"Variable"}

    def option(self, ctx: WriteContext, key: str) -> Any:
        value = ctx.options.get(key)
        return value if value not in (None, "", [], ()) else self.vocab["defaults"].get(key)

    def after_node(self, cls, data, node, em, ctx):
        """A csvw:Column's required title, description and datatype, defaulted when absent (each
        with its harmonise:defaulted), after the variable's own triples; compiled_after writes
        the same inline."""
        if cls != "Variable":
            super().after_node(cls, data, node, em, ctx)
            return
        get = data.get
        label = get("label")
        if label and get("description") and get("data_type"):
            return
        pairs = em.node(node)
        objects = em._objects
        if not label:
            _plain_lit(em, pairs, node, _CSVW_TITLE, data["name"])
            pairs[_DEFAULTED_CSVW_TITLE] = None
            objects.append(_CSVW_TITLE)
        if not get("description"):
            _plain_lit(em, pairs, node, _DCT_DESCRIPTION, label or data["name"])
            pairs[_DEFAULTED_DCT_DESCRIPTION] = None
            objects.append(_DCT_DESCRIPTION)
        if not get("data_type"):
            pairs[_CSVW_DATATYPE_STRING] = None
            pairs[_DEFAULTED_CSVW_DATATYPE] = None
            objects.append(_CSVW_DATATYPE)

    def compiled_after(self, cls: str, values: dict[str, str], literals: dict[str, str]) -> list[str] | None:
        """after_node for a Variable as source lines (compiled.py)."""
        if cls != "Variable":
            return super().compiled_after(cls, values, literals)
        label, name = values.get("label", "None"), values.get("name", 'data["name"]')
        lines = []

        def plain(prop: str, value: str, literal: str | None) -> None:
            if literal is not None:   # the name's literal, made when its own triple was
                lines.extend([f"        if {literal} is not None:",
                              f"            triples[({prop!r}, {literal})] = None",
                              "        else:",
                              f"            em.lit(node, {prop!r}, {value})"])
                return
            lines.extend([f"        x = {value}",
                          "        if x.__class__ is str and x.isprintable() and '\"' not in x and '\\\\' not in x:",
                          f"            triples[({prop!r}, f'\"{{x}}\"')] = None",
                          "        else:",
                          f"            em.lit(node, {prop!r}, x)"])

        name_literal = literals.get("name")
        lines.append(f"    if not {label}:")
        plain(_CSVW_TITLE, name, name_literal)
        lines += [f"        triples[{_DEFAULTED_CSVW_TITLE!r}] = None", f"        em._objects.append({_CSVW_TITLE!r})",
                  f"    if not {values.get('description', 'None')}:"]
        if "label" in values:
            plain(_DCT_DESCRIPTION, f"{label} or {name}", None)
        else:
            plain(_DCT_DESCRIPTION, name, name_literal)
        lines += [f"        triples[{_DEFAULTED_DCT_DESCRIPTION!r}] = None", f"        em._objects.append({_DCT_DESCRIPTION!r})",
                  f"    if not {values.get('data_type', 'None')}:",
                  f"        triples[{_CSVW_DATATYPE_STRING!r}] = None",
                  f"        triples[{_DEFAULTED_CSVW_DATATYPE!r}] = None",
                  f"        em._objects.append({_CSVW_DATATYPE!r})"]
        return lines

    # tables become csvw:TableGroup -> csvw:Table -> csvw:Column (healthdcatap:hasVariables)
    def slot_Dataset_tables(self, data, tables, node, em, ctx):
        group = f"{node}/tables"
        with_columns = [(i, t) for i, t in enumerate(tables) if t.get("variables")]
        if with_columns:
            em.iri(node, T.HEALTH + "hasVariables", group)
            em.typed(group, T.CSVW + "TableGroup")
            em.lit(group, T.DCT + "title", f"Variables of {data.get('title')}")
            em.iri(group, T.DEFAULTED, T.DCT + "title")
        for index, table in enumerate(tables):
            tnode = f"{node}/tables/{index}"
            if table.get("variables"):
                em.iri(group, T.CSVW + "table", tnode)
            else:   # a table without columns fails csvw:Table's shape: kept outside the group
                em.iri(node, T.HARMONISE + "table", tnode)
            self.encode_node("Table", table, tnode, em, ctx,
                             rdf_type=None if table.get("variables") else T.HARMONISE + "Table")
            if not table.get("label"):
                em.lit(tnode, T.DCT + "title", table["name"])
                em.iri(tnode, T.DEFAULTED, T.DCT + "title")

    def finish_dataset(self, record, node, em, ctx):
        super().finish_dataset(record, node, em, ctx)
        # access level: one of the three EU access-right values, from the record
        if not record.get("access_level"):
            level = self.option(ctx, "access_level")
            self.nal(em, node, T.DCT + "accessRights", "access-right", level)
            ctx.default(node, T.DCT + "accessRights", "access_level", level,
                        "HealthDCAT-AP requires dct:accessRights; UK records describe access in words only")
        # theme HEAL
        theme = self.vocab["defaults"]["theme"]
        if theme not in (record.get("themes") or []):
            em.iri(node, T.DCAT + "theme", theme)
            self.describe_iri(theme, T.DCAT + "theme", em)
            ctx.default(node, T.DCAT + "theme", "themes", theme, "HealthDCAT-AP requires the data-theme HEAL")
        # applicable legislation
        if not record.get("applicable_legislation"):
            laws = list(self.option(ctx, "applicable_legislation"))
            for law in laws:
                em.iri(node, T.DCATAP + "applicableLegislation", law)
                em.typed(law, T.ELI + "LegalResource")
            ctx.default(node, T.DCATAP + "applicableLegislation", "applicable_legislation", laws,
                        "HealthDCAT-AP requires applicable legislation; UK GDPR and the Data Protection Act 2018 apply to UK health data")
        laws = record.get("applicable_legislation") or list(self.option(ctx, "applicable_legislation"))
        # health category
        if not record.get("health_categories"):
            code = ctx.options.get("health_category") or self.derive_category(record)
            self.nal(em, node, T.HEALTH + "healthCategory", "healthcategories", code)
            ctx.default(node, T.HEALTH + "healthCategory", "health_categories", code,
                        "HealthDCAT-AP requires an EHDS health category; derived from the dataset/source type")
        # structured data
        has_columns = any(t.get("variables") for t in record.get("tables") or [])
        if record.get("has_structured_data") is None or (record.get("has_structured_data") and not has_columns):
            if record.get("has_structured_data") is not None:
                em.drop(T.HEALTH + "hasStructuredData")
            em.lit(node, T.HEALTH + "hasStructuredData", "true" if has_columns else "false", T.XSD + "boolean")
            ctx.default(node, T.HEALTH + "hasStructuredData", "has_structured_data", has_columns,
                        "HealthDCAT-AP requires hasStructuredData; true exactly when the record describes variables")
        # distributions: at least one, each with applicable legislation
        dists = record.get("distributions") or []
        if not dists:
            dnode = f"{node}/distributions/0"
            url = self.fallback_url(record, node)
            em.iri(node, T.DCAT + "distribution", dnode)
            em.typed(dnode, T.DCAT + "Distribution")
            em.iri(dnode, T.DCAT + "accessURL", url)
            ctx.default(node, T.DCAT + "distribution", "distributions", url,
                        "HealthDCAT-AP requires a distribution; one pointing at the access route stands in")
            dists = [{}]
        for index, dist in enumerate(dists):
            if not dist.get("applicable_legislation"):
                dnode = f"{node}/distributions/{index}"
                for law in laws:
                    em.iri(dnode, T.DCATAP + "applicableLegislation", law)
                    em.typed(law, T.ELI + "LegalResource")
                em.iri(dnode, T.DEFAULTED, T.DCATAP + "applicableLegislation")
        # health agents: publisher, custodian and HDAB need exactly one cv:contactPoint
        hdab = record.get("hdab")
        if not hdab:
            source = record.get("data_custodian") or record.get("publisher") or {}
            hdab = {**source} if source else {}
            if ctx.options.get("hdab_name"):
                hdab = {"name": ctx.options["hdab_name"]}
            if not hdab.get("name"):
                hdab["name"] = "Unknown data custodian"
            hnode = f"{node}/hdab"
            em.iri(node, T.HEALTH + "hdab", hnode)
            self.encode_node("Agent", hdab, hnode, em, ctx)
            ctx.default(node, T.HEALTH + "hdab", "hdab", hdab.get("name"),
                        "HealthDCAT-AP requires a health data access body; the UK has none, so the data custodian stands in")
        for slot in ("publisher", "data_custodian", "hdab"):
            agent = record.get(slot) or (hdab if slot == "hdab" else None)
            if agent:
                self.health_contact(record, agent, f"{node}/{slot}", em, ctx)
        # NON_PUBLIC adds contact point, keyword, type and provenance
        level = record.get("access_level") or self.option(ctx, "access_level")
        if level == "NON_PUBLIC":
            self.non_public(record, node, em, ctx)

    def health_contact(self, record, agent, anode, em, ctx):
        """cv:contactPoint for a health agent: its own e-mail, else the record's contact."""
        email = url = None
        for cp in list(agent.get("contact_points") or []) + list(record.get("contact_points") or []):
            email = email or cp.get("email")
            url = url or cp.get("url")
        email = ctx.options.get("hdab_email") if anode.endswith("/hdab") and ctx.options.get("hdab_email") else email
        cnode = f"{anode}/cv_contact_point"
        em.iri(anode, T.CV + "contactPoint", cnode)
        em.iri(anode, T.DEFAULTED, T.CV + "contactPoint")
        em.typed(cnode, T.CV + "ContactPoint")
        if email:
            em.lit(cnode, T.CV + "email", email)
        else:
            page = url if T.is_iri(url) else (agent.get("homepage") if T.is_iri(agent.get("homepage")) else self.fallback_url(record, anode))
            em.iri(cnode, T.CV + "contactPage", page)

    def non_public(self, record, node, em, ctx):
        if not record.get("contact_points"):
            cnode = f"{node}/contact_points/0"
            em.iri(node, T.DCAT + "contactPoint", cnode)
            em.typed(cnode, T.VCARD + "Kind")
            em.iri(cnode, T.VCARD + "hasURL", self.fallback_url(record, node))
            ctx.default(node, T.DCAT + "contactPoint", "contact_points", "(access route)", "NON_PUBLIC datasets require a contact point")
        if not record.get("keywords"):
            em.lit(node, T.DCAT + "keyword", record["title"])
            ctx.default(node, T.DCAT + "keyword", "keywords", record["title"], "NON_PUBLIC datasets require a keyword")
        dtype = self.vocab["defaults"]["dataset_type_non_public"]
        em.iri(node, T.DCT + "type", dtype)
        self.describe_iri(dtype, T.DCT + "type", em)
        em.iri(dtype, T.SKOS + "inScheme", T.scheme("dataset-type"))
        ctx.default(node, T.DCT + "type", "dct:type", dtype, "NON_PUBLIC datasets require dct:type from the EU dataset-type NAL")
        pnode = f"{node}/provenance"
        em.iri(node, T.DCT + "provenance", pnode)
        em.typed(pnode, T.DCT + "ProvenanceStatement")
        em.lit(pnode, T.RDFS + "label", self.vocab["defaults"]["provenance"])
        ctx.default(node, T.DCT + "provenance", "dct:provenance", "conversion provenance", "NON_PUBLIC datasets require dct:provenance")

    def derive_category(self, record) -> str:
        table = self.vocab["health_categories"]
        for assignment in record.get("dataset_types") or []:
            code = table["dataset_types"].get(assignment.get("name"))
            if code:
                return code
        for source_type in record.get("source_types") or []:
            code = table["source_types"].get(source_type)
            if code:
                return code
        return self.vocab["defaults"]["health_category"]


PROFILES = {p.name: p for p in (ModelProfile, DCATAP301Profile, HealthDCATAPR8Profile)}
