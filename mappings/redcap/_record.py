"""What the registry and trust data-model readers (redcap, mauro, omop-cdm, maelstrom) share.

- `RecordBuilder`: one model record under construction whose every source value is
  accounted exactly once (mapped, normalised by a named rule, or kept unmapped as an
  extension). `finish()` reconciles against every value read, so a value the code forgot
  is still reported and kept.
- `parse_xml`: XML parsed safely (no DTD loading, no entity expansion, no network).
- `xml_leaves`: every non-empty text and attribute value of an XML tree with a readable
  path (`/ODM/Study/MetaDataVersion/ItemDef[3]/@DataType`), for the account.
- `companion`: the sibling file of a two-file dictionary (OMOP Field/Table level,
  Maelstrom Variables/Categories).

Kept here (a private module, skipped by the registry) and imported by the other three
packages, so all four readers account values the same way.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from harmonise import normalise
from harmonise.accounting import Account, reconcile
from harmonise.crosswalk import prune
from harmonise.errors import InputError
from harmonise.normalise import ABSENT, Rejected


def cell(row: int, column: str, file: str | None = None) -> str:
    """The pointer of one table cell ("row 12, column Units"), prefixed by the file when not the main one."""
    where = f"row {row}, column {column}"
    return f"{file}: {where}" if file else where


def annotation(prefix: str, name: str, value: Any) -> dict[str, str]:
    return {"property": f"{prefix}:{name}", "value": value if isinstance(value, str) else str(value)}


class RecordBuilder:
    """The account of one record being built, plus the values read, for reconciliation."""

    def __init__(self) -> None:
        self.account = Account()
        self.leaves: list[tuple[str, Any]] = []
        self.reasons: dict[str, str] = {}

    # -- reading -----------------------------------------------------------------
    def read(self, pointer: str, value: Any) -> Any:
        """Note one source value as read (it counts in source_values); returns it."""
        self.leaves.append((pointer, value))
        return value

    def read_all(self, leaves: Iterable[tuple[str, Any]]) -> None:
        self.leaves.extend(leaves)

    # -- accounting ----------------------------------------------------------------
    def mapped(self, pointer: str, target: str) -> None:
        self.account.map(pointer, target)

    def unmapped(self, pointer: str, value: Any, why: str, reason: str = "no_target") -> None:
        self.account.unmap(pointer, value, why)
        self.reasons[pointer] = reason

    def rule(self, pointer: str, target: str, value: Any, spec: str, note: str = "") -> Any:
        """Run a named normalisation rule and record the outcome.

        Returns the new value, or ABSENT when the rule found no value (a placeholder) or
        rejected it (the original is then kept as an unmapped extension).
        """
        try:
            new = normalise.get(spec)(value)
        except Rejected as exc:
            self.unmapped(pointer, value, f"{spec}: {exc}", "rejected")
            return ABSENT
        if new is not ABSENT and new == value:
            self.account.map(pointer, target)
        else:
            self.account.normalise(pointer, target, value, None if new is ABSENT else new, spec,
                                   note or ("placeholder: no value" if new is ABSENT else ""))
        return new

    def text(self, pointer: str, target: str, value: str, html: bool = False) -> str | None:
        """Free text: mapped as written when clean; otherwise cleaned by `strip_html` / `strip`."""
        if html and ("<" in value or "&" in value):
            new = self.rule(pointer, target, value, "strip_html")
        elif value != value.strip() or "\r" in value:
            new = self.rule(pointer, target, value, "strip")
        else:
            self.account.map(pointer, target)
            return value
        return None if new is ABSENT else new

    def placeholder(self, pointer: str, target: str, value: str) -> None:
        """A value that stands for "none" (OMOP's literal NA): normalised to no value."""
        self.account.normalise(pointer, target, value, None, "placeholder", "placeholder: no value")

    # -- finishing -----------------------------------------------------------------
    def finish(self, record: dict[str, Any]) -> dict[str, Any]:
        """Reconcile, put unmapped values on the record as extensions, prune empty parts."""
        reconcile(self.account, self.leaves)
        extensions = []
        for pointer, value, why in self.account.unmapped:
            reason = self.reasons.get(pointer, "not_in_crosswalk")
            extensions.append({
                "source_pointer": pointer,
                "value": orjson.dumps(value).decode(),
                "reason": reason,
                **({"note": why} if why and why != reason else {}),
            })
        out = prune(record)
        if extensions:
            out["extensions"] = extensions
        return out


# -- XML ------------------------------------------------------------------------------
_DOCTYPE_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse_xml(data: bytes, file: str) -> Any:
    """An lxml element tree, parsed without DTDs, entity expansion or network access.

    A document that declares entities is refused outright: a dataset description never
    needs them, and refusing is the only way to be sure none is expanded.
    """
    from lxml import etree

    if _DOCTYPE_ENTITY.search(data[:65536]):
        raise InputError("XML declares entities (<!ENTITY …>); refused for safety", file=file, where="line 1")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position if getattr(exc, "position", None) else (exc.lineno, 0))
        raise InputError(f"malformed XML: {exc.msg}", file=file, where=f"line {line}, column {column}") from None


def local(name: Any) -> str:
    """The local part of a Clark name ("{ns}ItemDef" -> "ItemDef")."""
    text = str(name)
    return text.rsplit("}", 1)[-1]


def attr_name(name: str, nsmap: dict[str, str]) -> str:
    """An attribute's name as the source writes it ("redcap:FieldType")."""
    if name.startswith("{"):
        ns, _, leaf = name[1:].partition("}")
        for prefix, uri in nsmap.items():
            if uri == ns and prefix:
                return f"{prefix}:{leaf}"
        return leaf
    return name


class XmlPaths:
    """Readable, stable paths of the elements of one tree: /ODM/Study/ItemDef[3]."""

    def __init__(self, root: Any):
        self.paths: dict[Any, str] = {}
        self._assign(root, "/" + local(root.tag))

    def _assign(self, element: Any, path: str) -> None:
        self.paths[element] = path
        counts: dict[str, int] = {}
        children = [c for c in element if isinstance(c.tag, str)]
        totals: dict[str, int] = {}
        for child in children:
            totals[local(child.tag)] = totals.get(local(child.tag), 0) + 1
        for child in children:
            name = local(child.tag)
            counts[name] = counts.get(name, 0) + 1
            step = f"{name}[{counts[name]}]" if totals[name] > 1 else name
            self._assign(child, f"{path}/{step}")

    def of(self, element: Any) -> str:
        return self.paths[element]

    def attr(self, element: Any, name: str) -> str:
        return f"{self.paths[element]}/@{attr_name(name, element.nsmap)}"

    def text(self, element: Any) -> str:
        return f"{self.paths[element]}/text()"


def xml_leaves(root: Any, paths: XmlPaths) -> Iterator[tuple[str, Any]]:
    """Every non-empty attribute value and text of the tree, with its path."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if value.strip():
                yield paths.attr(element, name), value
        if element.text and element.text.strip():
            yield paths.text(element), element.text


# -- files ----------------------------------------------------------------------------
def companion(path: Path, this: str, other: str) -> Path | None:
    """The sibling whose name has `other` where this one has `this` (case kept), if it exists."""
    name = path.name
    match = None
    for m in re.finditer(re.escape(this), name, re.IGNORECASE):
        match = m
    if match is None:
        return None
    found = match.group(0)
    replacement = other.upper() if found.isupper() else other.lower() if found.islower() else other
    candidate = path.with_name(name[: match.start()] + replacement + name[match.end():])
    return candidate if candidate.is_file() else None


#: Dataset-level values a data dictionary does not carry; the engine warns when no overlay supplies them.
DICTIONARY_OVERLAY_SLOTS = ("publisher", "contact_points")


def overlay_supplies(options: Any, slot: str) -> bool:
    """Whether an overlay given with --overlay sets `slot` (so the reader need not default it)."""
    paths = getattr(options, "overlays", ()) or ()
    if not paths:
        return False
    try:
        from harmonise import overlay
    except ImportError:
        return False
    return any(slot in overlay.load(path).values for path in paths)


def default_title(builder: "RecordBuilder", record: dict[str, Any], options: Any, source_name: str, why: str) -> None:
    """The title from the file name, unless an overlay supplies one (the engine merges it later)."""
    if record.get("title") or overlay_supplies(options, "title"):
        return
    record["title"] = title_from_file(source_name)
    builder.account.default("title", record["title"], why)


def title_from_file(name: str) -> str:
    """A readable title from a file name ("IeDEA_tblCENTER_2020-06-30.csv" -> "IeDEA tblCENTER 2020-06-30")."""
    stem = Path(name).name
    while Path(stem).suffix and len(Path(stem).suffix) <= 6:
        stem = stem[: -len(Path(stem).suffix)]
    text = re.sub(r"_+", " ", stem)
    return re.sub(r"\s+", " ", text).strip() or name
