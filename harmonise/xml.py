"""Safe XML for every XML reader: no DTD loading, no entity expansion, no network access.

A document that declares entities is refused outright: a dataset description never needs
them, and refusing is the only way to be sure none is ever expanded. Errors name the file
and the line. Paths (`/ODM/Study/ItemDef[3]/@DataType`) locate values for the report.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from harmonise.errors import InputError
from harmonise.sources import Source

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def refuse_entities(data: bytes, file: str) -> None:
    if _ENTITY_DECLARATION.search(data[:65536]):
        raise InputError("XML declares entities (<!ENTITY …>); refused, entities are never expanded",
                         file=file, where="line 1")


def parse(data: bytes, file: str) -> Any:
    """The root element of a whole document (for small files; large ones use `iterparse`)."""
    from lxml import etree

    refuse_entities(data, file)
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if getattr(exc, "position", None) else (exc.lineno, 0)
        raise InputError(f"malformed XML: {exc.msg}", file=file, where=f"line {line}, column {column}") from None


def iterparse(source: Source, events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, Any]]:
    """Elements as they are read, for codebooks too large to hold whole."""
    from lxml import etree

    refuse_entities(source.head(), source.name)
    try:
        fh = source.path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=source.name) from None
    parser = etree.iterparse(fh, events=events, resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        for event, elem in parser:
            yield event, elem
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", (None, None)) or (None, None)
        where = f"line {line}, column {column}" if line else None
        raise InputError(f"malformed XML: {getattr(exc, 'msg', exc)}", file=source.name, where=where) from None
    finally:
        fh.close()


def local(tag: Any) -> str:
    """The local part of a Clark name ("{ns}ItemDef" -> "ItemDef"); "" for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def attr_name(name: str, nsmap: dict[str, str] | None = None) -> str:
    """An attribute's name as the source writes it ("redcap:FieldType"); xml:lang is "lang"."""
    if name.startswith("{"):
        ns, _, leaf = name[1:].partition("}")
        for prefix, uri in (nsmap or {}).items():
            if uri == ns and prefix and prefix != "xml":
                return f"{prefix}:{leaf}"
        return leaf
    return name


def root_tag(source: Source) -> tuple[str, str] | None:
    """(namespace, local name) of the root element, read from the file's head (for detection)."""
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", source.head_text(), flags=re.S)
    match = re.search(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]", text)
    if not match:
        return None
    prefix = (match.group(1) or "")[:-1]
    end = text.find(">", match.start())
    attrs = text[match.start(): end + 1 if end >= 0 else len(text)]
    ns_attr = f"xmlns:{prefix}" if prefix else "xmlns"
    ns = re.search(rf'{re.escape(ns_attr)}\s*=\s*["\']([^"\']*)["\']', attrs)
    return (ns.group(1) if ns else "", match.group(2))


class XmlPaths:
    """Readable, stable paths of the elements of one tree: /ODM/Study/ItemDef[3]."""

    def __init__(self, root: Any):
        self.paths: dict[Any, str] = {}
        self._assign(root, "/" + local(root.tag))

    def _assign(self, element: Any, path: str) -> None:
        self.paths[element] = path
        children = [c for c in element if isinstance(c.tag, str)]
        totals: dict[str, int] = {}
        for child in children:
            totals[local(child.tag)] = totals.get(local(child.tag), 0) + 1
        counts: dict[str, int] = {}
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


def leaves(root: Any, paths: XmlPaths) -> Iterator[tuple[str, Any]]:
    """Every non-empty attribute value and text of the tree, with its path: the source values."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if value.strip():
                yield paths.attr(element, name), value
        if element.text and element.text.strip():
            yield paths.text(element), element.text
