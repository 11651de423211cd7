"""Reader `nhs-data-dictionary`: NHS Data Model and Dictionary data set specification pages.

Input: the XHTML `<definition>` of a data set (COSD, CDS, VTE …) as the NHS DD release XML
and its Mauro Data Mapper tooling hold it: for each group a `th class="duckblue"` title
table, then a table whose `skyblue` rows describe the group ("To carry …", "One occurrence
of this group is required"), a header row (`M/R/O/P` + "Data Set Data Elements") and one
row per data element: status cell (M, R, O, P) + a link to the element's definition page.
Choice sub-groups ("CHOICE 1 - …") become tables of their own inside their group.

Output: one dataset per file (title from a `name`/`title` attribute when the page has one,
else from the file name), groups -> tables, data elements -> variables with their
requirement (M/R/O/P -> mandatory/required/optional/pilot) and `property_url` = the link.
Every text node and attribute is accounted: layout attributes (border, width, class …)
and table headings are normalised away as `xhtml_layout`.

XML is parsed without entity expansion, DTD loading or network access; a document that
declares entities is refused.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from harmonise.errors import InputError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise import xml as safe_xml
from harmonise.builder import DATASET_LEVEL, RecordBuilder, title_from_file
from harmonise.normalise import ABSENT
from harmonise.sources import Source

LAYOUT_ATTRIBUTES = frozenset({"border", "cellpadding", "cellspacing", "width", "align", "valign", "colspan",
                               "rowspan", "class", "style", "height", "bgcolor"})
STATUS_HEADER = re.compile(r"^[MROP](/[MROP])*$")
ELEMENT_LINK = re.compile(r"/(data_elements|attributes|data_set_elements|elements)/", re.I)
_SPACE = re.compile(r"\s+")


def parse(source: Source):
    """The XHTML tree, parsed safely; InputError naming file and line when malformed or unsafe."""
    return safe_xml.parse(source.read_bytes(), source.name).getroottree()


def _clean(text: str) -> str:
    return re.sub(r"\s+([.,;:])", r"\1", _SPACE.sub(" ", text.replace("\u00a0", " "))).strip()


class NhsDataDictionaryReader(Reader):
    name = "nhs-data-dictionary"
    title = "NHS Data Model and Dictionary data set specification (XHTML definition)"
    format_versions = ("nhsdd-definition",)
    suffixes = (".xml", ".xhtml", ".html")
    overlay_slots = DATASET_LEVEL

    def detect(self, source: Source) -> Detection | None:
        if source.suffix not in self.suffixes:
            return None
        head = source.head_text()
        if "datadictionary.nhs.uk" in head and ("duckblue" in head or "<definition" in head):
            return Detection(self.name, 0.95, "XHTML definition with duckblue group tables and datadictionary.nhs.uk links")
        if head.lstrip().startswith("<definition") and "duckblue" in head:
            return Detection(self.name, 0.8, "<definition> XHTML with duckblue group tables")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        tree = parse(source)
        yield self._record(source, tree)

    def _record(self, source: Source, tree) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="nhsdd-definition")
        root = tree.getroot()
        pointers = self._read_all(rec, tree)
        record: dict[str, Any] = {}
        name_attr = root.get("name") or root.get("title")
        name_child = next((c for c in root if isinstance(c.tag, str) and c.tag in ("name", "title", "titleCaseName")
                           and (c.text or "").strip()), None)
        if name_attr:
            record["title"] = rec.text(pointers[(root, "@name" if root.get("name") else "@title")], "title", name_attr)
        elif name_child is not None:  # a release-XML wrapper: <DDDataSet><name>…</name><definition>…
            record["title"] = _clean(name_child.text)
            self._texts(rec, pointers, name_child, "title")
        else:
            record["title"] = title_from_file(source.name)
            rec.account.default("title", record["title"], "the definition names no data set; taken from the file name")
        tables: list[dict[str, Any]] = []
        group: dict[str, Any] | None = None
        current: dict[str, Any] | None = None
        for table in root.iter("table"):
            for tr in table.iter("tr"):
                cells = [c for c in tr if c.tag in ("td", "th")]
                if not cells:
                    continue
                kind = self._row_kind(cells)
                if kind == "group":
                    group = {"name": _clean("".join(cells[0].itertext())), "variables": []}
                    self._texts(rec, pointers, cells[0], "tables[].name")
                    tables.append(group)
                    current = group
                elif current is None:
                    self._texts(rec, pointers, tr, "", drop=True, why="content before the first group")
                elif kind == "subgroup":
                    name = _clean("".join(cells[0].itertext()))
                    current = {"name": name, "container": group["name"] if group else None, "variables": []}
                    self._texts(rec, pointers, cells[0], "tables[].name")
                    tables.append(current)
                elif kind == "description":
                    text = _clean(" ".join(t for t in cells[0].itertext()))
                    if text:
                        current["description"] = f"{current['description']} {text}" if current.get("description") else text
                    self._texts(rec, pointers, cells[0], "tables[].description")
                elif kind == "header":
                    status = _clean("".join(cells[0].itertext()))
                    if STATUS_HEADER.match(status):
                        current.setdefault("annotations", []).append({"property": "nhsdd:status_codes", "value": status})
                        self._texts(rec, pointers, cells[0], "tables[].annotations[]")
                    else:
                        self._texts(rec, pointers, cells[0], "", drop=True, why="column heading")
                    for other in cells[1:]:
                        self._texts(rec, pointers, other, "", drop=True, why="column heading")
                elif kind == "element":
                    current["variables"].append(self._element(rec, pointers, cells))
                else:
                    text = _clean(" ".join(tr.itertext()))
                    if text:
                        current["description"] = f"{current['description']} {text}" if current.get("description") else text
                    self._texts(rec, pointers, tr, "tables[].description")
                self._layout(rec, pointers, tr)
            self._layout(rec, pointers, table, recursive=False)
        if not tables:
            raise InputError("no data set groups found (expected `th class=\"duckblue\"` group tables)",
                             file=source.name)
        record["tables"] = [{k: v for k, v in t.items() if v is not None} for t in tables]
        for element in root.iter():
            self._layout(rec, pointers, element, recursive=False)
        result.record = rec.finish(record)
        return result

    # -- rows --------------------------------------------------------------------
    @staticmethod
    def _row_kind(cells) -> str:
        first = cells[0]
        klass = first.get("class") or ""
        if first.tag == "th" and ("duckblue" in klass or len(cells) == 1):
            return "group"
        link = next((a for c in cells for a in c.iter("a") if a.get("href")), None)
        if link is not None and len(cells) >= 2:
            return "element"
        if "skyblue" in klass and len(cells) >= 2:
            return "header"
        if "skyblue" in klass and len(cells) == 1:
            text = _clean("".join(first.itertext()))
            if text and not re.search(r"[a-z]", text):
                return "subgroup"
            return "description"
        return "note"

    def _element(self, rec: RecordBuilder, pointers, cells) -> dict[str, Any]:
        status_cell, name_cell = (cells[0], cells[1]) if len(cells) >= 2 else (None, cells[0])
        link = next(a for c in cells for a in c.iter("a") if a.get("href"))
        variable: dict[str, Any] = {"name": _clean("".join(link.itertext())) or link.get("href")}
        self._texts(rec, pointers, link, "tables[].variables[].name")
        href = link.get("href")
        new = rec.rule(pointers[(link, "@href")], "tables[].variables[].property_url", href, "url")
        if new is not ABSENT:
            variable["property_url"] = new
        if status_cell is not None and status_cell is not name_cell:
            status = _clean("".join(status_cell.itertext()))
            nodes = self._text_nodes(status_cell)
            if status and nodes:
                first, *rest = nodes
                value = rec.rule(pointers[first], "tables[].variables[].requirement", status, "enum:RequirementLevel")
                if value is not ABSENT:
                    variable["requirement"] = value
                for node in rest:
                    rec.mapped(pointers[node], "tables[].variables[].requirement")
        for cell in cells:
            for node in self._text_nodes(cell):
                if not self._accounted(rec, pointers[node]):
                    rec.mapped(pointers[node], "tables[].variables[].description")
                    variable["description"] = _clean(f"{variable.get('description', '')} {self._node_text(node)}")
        return variable

    # -- accounting --------------------------------------------------------------
    def _read_all(self, rec: RecordBuilder, tree) -> dict[Any, str]:
        """Every text node and attribute value, read once; returns node -> pointer."""
        pointers: dict[Any, str] = {}
        for element in tree.getroot().iter():
            if not isinstance(element.tag, str):
                continue
            path = tree.getpath(element)
            for attr, value in element.attrib.items():
                if value.strip():
                    pointers[(element, f"@{attr}")] = rec.read(f"{path}/@{attr}", value) and f"{path}/@{attr}"
            if element.text and element.text.strip():
                pointers[(element, "text")] = f"{path}/text()"
                rec.read(f"{path}/text()", element.text)
            if element.tail and element.tail.strip() and element.getparent() is not None:
                pointers[(element, "tail")] = f"{path}/following-sibling::text()[1]"
                rec.read(f"{path}/following-sibling::text()[1]", element.tail)
        return pointers

    @staticmethod
    def _text_nodes(element) -> list[tuple[Any, str]]:
        nodes = []
        if element.text and element.text.strip():
            nodes.append((element, "text"))
        for child in element.iterdescendants():
            if not isinstance(child.tag, str):
                continue
            if child.text and child.text.strip():
                nodes.append((child, "text"))
            if child.tail and child.tail.strip():
                nodes.append((child, "tail"))
        return nodes

    @staticmethod
    def _node_text(node) -> str:
        element, which = node
        return element.text if which == "text" else element.tail

    @staticmethod
    def _accounted(rec: RecordBuilder, pointer: str) -> bool:
        account = rec.account
        return (any(p == pointer for p, _t in account.mapped) or any(e[0] == pointer for e in account.normalised)
                or any(p == pointer for p, _v, _w in account.unmapped))

    def _texts(self, rec: RecordBuilder, pointers, element, target: str, drop: bool = False, why: str = "") -> None:
        for node in self._text_nodes(element):
            pointer = pointers[node]
            if drop:
                rec.dropped(pointer, self._node_text(node), "xhtml_layout", why)
            elif self._node_text(node) != self._node_text(node).strip() or "\u00a0" in self._node_text(node):
                rec.account.normalise(pointer, target, self._node_text(node), _clean(self._node_text(node)), "strip")
            else:
                rec.mapped(pointer, target)

    def _layout(self, rec: RecordBuilder, pointers, element, recursive: bool = True) -> None:
        elements = element.iter() if recursive else [element]
        for item in elements:
            if not isinstance(item.tag, str):
                continue
            for attr, value in item.attrib.items():
                key = (item, f"@{attr}")
                done = rec.__dict__.setdefault("layout_done", set())
                if attr in LAYOUT_ATTRIBUTES and key in pointers and key not in done:
                    done.add(key)
                    rec.dropped(pointers[key], value, "xhtml_layout", f"presentation attribute {attr}")

READERS = [NhsDataDictionaryReader()]
