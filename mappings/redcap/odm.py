"""REDCap project XML (CDISC ODM 1.3.1 with `redcap:` extensions) -> one dataset.

FormDef -> table, ItemDef -> variable (checkbox items `x___1`, `x___2` are one variable
`x`), CodeList -> value set. Attributes and elements are accounted by their path
(`/ODM/Study/MetaDataVersion/ItemDef[3]/@DataType`). Participant data (ClinicalData) is
never copied into the description: it is skipped with a warning.

Parsed with lxml without DTDs, entity expansion or network access.
"""
from __future__ import annotations

from typing import Any

from harmonise.errors import HarmoniseError, InputError, RecordError
from harmonise.mapping import Detection, RecordResult
from harmonise.normalise import ABSENT
from harmonise.sources import Source
from harmonise.builder import RecordBuilder, annotation
from harmonise.xml import XmlPaths, attr_name, local
from harmonise.xml import leaves as xml_leaves
from harmonise.xml import parse as parse_xml

#: ODM / redcap: attributes of an ItemDef -> model slot of Variable (text kept as written)
ITEM_SLOTS = {
    "redcap:FieldType": "source_data_type",
    "redcap:TextValidationType": "format",
    "redcap:FieldNote": "notes",
}
#: ItemDef attributes kept as annotations (property name on the variable)
ITEM_ANNOTATIONS = {
    "Length": "odm:Length",
    "SignificantDigits": "odm:SignificantDigits",
    "redcap:SectionHeader": "redcap:section_header",
    "redcap:BranchingLogic": "redcap:branching_logic",
    "redcap:CustomAlignment": "redcap:custom_alignment",
    "redcap:Calculation": "redcap:calculation",
    "redcap:FieldAnnotation": "redcap:field_annotation",
    "redcap:MatrixGroupName": "redcap:matrix_group_name",
    "redcap:MatrixRanking": "redcap:matrix_ranking",
    "redcap:QuestionNumber": "redcap:question_number",
    "redcap:TextValidationMin": "redcap:validation_min",
    "redcap:TextValidationMax": "redcap:validation_max",
}
#: attributes of the ODM root kept as dataset annotations
ROOT_ANNOTATIONS = ("SourceSystem", "SourceSystemVersion", "FileType")


def detect(reader: str, source: Source) -> Detection | None:
    head = source.head()
    if b"<ODM" not in head:
        return None
    if b"projectredcap.org" in head or b'SourceSystem="REDCap"' in head:
        return Detection(reader, 0.95, "CDISC ODM with REDCap extensions (xmlns:redcap / SourceSystem=REDCap)", "ODM 1.3.1")
    return Detection(reader, 0.6, "CDISC ODM document (FormDef / ItemDef metadata)", "ODM")


def read(source: Source) -> RecordResult:
    b = RecordBuilder()
    result = RecordResult(source=source.name, account=b.account)
    try:
        root = parse_xml(source.read_bytes(), source.name)
        if local(root.tag) != "ODM":
            raise InputError(f"expected an ODM document, found <{local(root.tag)}>", file=source.name, where="line 1")
        result.format_version = root.get("ODMVersion") or "ODM"
        result.record = OdmMapper(root, b, source.name).record()
    except RecordError as exc:
        result.error = exc
    except HarmoniseError:
        raise
    return result


class OdmMapper:
    def __init__(self, root: Any, builder: RecordBuilder, source_name: str):
        self.root = root
        self.b = builder
        self.source_name = source_name
        self.paths = XmlPaths(root)
        self.out: dict[str, Any] = {}
        self.annotations: list[dict[str, str]] = []

    # -- small helpers ---------------------------------------------------------------
    def attrs(self, element: Any) -> dict[str, tuple[str, str]]:
        """Attribute name as written ("redcap:FieldType") -> (pointer, value), non-empty only."""
        return {attr_name(k, element.nsmap): (self.paths.attr(element, k), v)
                for k, v in element.attrib.items() if v.strip()}

    def children(self, element: Any, name: str) -> list[Any]:
        return [c for c in element if isinstance(c.tag, str) and local(c.tag) == name]

    def child(self, element: Any, name: str) -> Any:
        found = self.children(element, name)
        return found[0] if found else None

    def text_of(self, element: Any) -> tuple[str, str] | None:
        if element is None or not (element.text or "").strip():
            return None
        return self.paths.text(element), element.text

    def translated(self, element: Any) -> tuple[str, str] | None:
        """The plain TranslatedText under a Question / Decode element."""
        return self.text_of(self.child(element, "TranslatedText")) if element is not None else None

    # -- the record -----------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        b = self.b
        clinical = [c for c in self.root.iter() if isinstance(c.tag, str) and local(c.tag) == "ClinicalData"]
        skip = set()
        for node in clinical:
            skip.update(node.iter())
            b.account.warn(f"{self.paths.of(node)}: participant data (ClinicalData) skipped; it is not metadata")
        b.read_all((p, v) for p, v in xml_leaves(self.root, self.paths) if not self._under(p, clinical))
        self._root_attributes()
        study = self.child(self.root, "Study")
        if study is None:
            raise RecordError("the ODM document has no Study", where="/ODM")
        for name, (ptr, value) in self.attrs(study).items():
            if name == "OID":
                self.out["id"] = value.strip()
                b.mapped(ptr, "id")
        self._global_variables(self.child(study, "GlobalVariables"))
        mdv = self.child(study, "MetaDataVersion")
        if mdv is None:
            raise RecordError("the ODM Study has no MetaDataVersion (no forms or fields)", where=self.paths.of(study))
        self._metadata_version(mdv)
        if self.annotations:
            self.out["annotations"] = self.annotations
        if not self.out.get("title"):
            raise RecordError("the study has no name (GlobalVariables/StudyName)", where=self.paths.of(study))
        return b.finish(self.out)

    def _under(self, pointer: str, nodes: list[Any]) -> bool:
        return any(pointer.startswith(self.paths.of(n) + "/") for n in nodes)

    def _root_attributes(self) -> None:
        b = self.b
        for name, (ptr, value) in self.attrs(self.root).items():
            if name == "ODMVersion":
                b.mapped(ptr, "conversion.source_format_version")
            elif name == "CreationDateTime":
                new = b.rule(ptr, "issued", value, "date")
                if new is not ABSENT:
                    self.out["issued"] = new
            elif name == "AsOfDateTime":
                new = b.rule(ptr, "modified", value, "date")
                if new is not ABSENT:
                    self.out["modified"] = new
            elif name in ROOT_ANNOTATIONS:
                b.mapped(ptr, "annotations[]")
                self.annotations.append(annotation("odm", name, value))
            elif name != "Description":  # Description: see _global_variables
                b.unmapped(ptr, value, f"ODM file attribute {name} (about the export file, not the dataset)")

    def _global_variables(self, gv: Any) -> None:
        if gv is None:
            return
        b = self.b
        title = None
        for element in gv:
            if not isinstance(element.tag, str):
                continue
            name = local(element.tag)
            found = self.text_of(element)
            if name == "StudyName" and found:
                title = b.text(found[0], "title", found[1])
                self.out["title"] = title
            elif name == "StudyDescription" and found:
                self.out["description"] = b.text(found[0], "description", found[1])
            elif name == "ProtocolName" and found:
                if found[1].strip() == (title or ""):
                    b.unmapped(found[0], found[1], "the same as StudyName", "superseded")
                else:
                    b.mapped(found[0], "annotations[]")
                    self.annotations.append(annotation("odm", "ProtocolName", found[1].strip()))
            elif element.prefix == "redcap":
                self._redcap_setting(element)
        # ODM/@Description repeats the study name in REDCap exports
        desc = self.root.get("Description")
        if desc and desc.strip():
            ptr = self.paths.attr(self.root, "Description")
            if desc.strip() == (title or ""):
                b.unmapped(ptr, desc, "the same as StudyName", "superseded")
            elif "description" not in self.out:
                self.out["description"] = b.text(ptr, "description", desc)

    def _redcap_setting(self, element: Any) -> None:
        """redcap:* project settings (autonumbering, repeating instruments …) as dataset annotations."""
        b = self.b
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            found = self.text_of(node)
            if found:
                b.mapped(found[0], "annotations[]")
                self.annotations.append(annotation("redcap", local(node.tag), found[1].strip()))
            for name, (ptr, value) in self.attrs(node).items():
                b.mapped(ptr, "annotations[]")
                self.annotations.append(annotation("redcap", f"{local(node.tag)}.{name.split(':')[-1]}", value))

    # -- forms, items, code lists ----------------------------------------------------
    def _metadata_version(self, mdv: Any) -> None:
        b = self.b
        record_id_field = None
        for name, (ptr, value) in self.attrs(mdv).items():
            if name == "redcap:RecordIdField":
                record_id_field = (ptr, value.strip())
            elif name == "Name" and value.strip() == self.out.get("title"):
                b.unmapped(ptr, value, "the same as StudyName", "superseded")
            else:
                b.mapped(ptr, "annotations[]")
                self.annotations.append(annotation("odm", f"MetaDataVersion.{name}", value))
        groups = {g.get("OID"): g for g in self.children(mdv, "ItemGroupDef")}
        items = {i.get("OID"): i for i in self.children(mdv, "ItemDef")}
        code_lists = {c.get("OID"): c for c in self.children(mdv, "CodeList")}
        used_lists: set[str] = set()
        tables = []
        for form in self.children(mdv, "FormDef"):
            tables.append(self._form(form, groups, items, code_lists, used_lists))
        if record_id_field:
            ptr, field = record_id_field
            for table in tables:
                for variable in table["variables"]:
                    if variable.get("name") == field:
                        variable["is_primary_key"] = True
            b.mapped(ptr, "tables[].variables[].is_primary_key")
        self.out["tables"] = tables

    def _form(self, form: Any, groups: dict, items: dict, code_lists: dict, used_lists: set) -> dict[str, Any]:
        b = self.b
        table: dict[str, Any] = {"variables": []}
        for name, (ptr, value) in self.attrs(form).items():
            if name == "redcap:FormName":
                table["name"] = value.strip()
                b.mapped(ptr, "tables[].name")
            elif name == "Name":
                table["label"] = b.text(ptr, "tables[].label", value)
            elif name == "OID":
                table["source_identifier"] = value.strip()
                b.mapped(ptr, "tables[].source_identifier")
            else:
                b.mapped(ptr, "tables[].annotations[]")
                table.setdefault("annotations", []).append(annotation("odm", name, value))
        if "name" not in table:
            table["name"] = table.get("label") or table.get("source_identifier") or "form"
        by_name: dict[str, dict[str, Any]] = {}
        for ref in self.children(form, "ItemGroupRef"):
            for name, (ptr, value) in self.attrs(ref).items():
                if name == "ItemGroupOID":
                    b.mapped(ptr, "tables[].variables[]")
                else:
                    b.unmapped(ptr, value, f"ODM item-group reference attribute {name}")
            group = groups.get(ref.get("ItemGroupOID"))
            if group is None:
                raise RecordError(f"ItemGroupRef names {ref.get('ItemGroupOID')!r}, which no ItemGroupDef defines",
                                  where=self.paths.of(ref))
            for name, (ptr, value) in self.attrs(group).items():
                if name == "OID":
                    b.mapped(ptr, "tables[].variables[]")
                elif name == "Name":
                    b.unmapped(ptr, value, "REDCap names item groups after the form or the section header, "
                                           "which the items carry", "superseded")
                else:
                    b.unmapped(ptr, value, f"ODM item-group attribute {name}")
            for item_ref in self.children(group, "ItemRef"):
                item = items.get(item_ref.get("ItemOID"))
                if item is None:
                    raise RecordError(f"ItemRef names {item_ref.get('ItemOID')!r}, which no ItemDef defines",
                                      where=self.paths.of(item_ref))
                var_name = (item.get(self._redcap("Variable")) or item.get("Name") or item.get("OID")).strip()
                variable = by_name.get(var_name)
                first = variable is None
                if first:
                    variable = {"name": var_name}
                    by_name[var_name] = variable
                    table["variables"].append(variable)
                self._item_ref(item_ref, variable)
                self._item(item, variable, first, code_lists, used_lists)
        # descriptive fields are display text, not data: kept on the table, as from the CSV
        for variable in [v for v in table["variables"] if v.get("source_data_type") == "descriptive"]:
            table["variables"].remove(variable)
            text = f"{variable['name']}: {variable.get('label', '')}".rstrip(": ")
            table.setdefault("annotations", []).append(annotation("redcap", "descriptive", text))
        return table

    def _redcap(self, name: str) -> str:
        ns = self.root.nsmap.get("redcap", "https://projectredcap.org")
        return f"{{{ns}}}{name}"

    def _item_ref(self, ref: Any, variable: dict[str, Any]) -> None:
        b = self.b
        for name, (ptr, value) in self.attrs(ref).items():
            if name == "Mandatory":
                new = b.rule(ptr, "tables[].variables[].requirement", value, "enum:RequirementLevel")
                if new is not ABSENT and "requirement" not in variable:
                    variable["requirement"] = new
            else:
                b.mapped(ptr, "tables[].variables[]")

    def _item(self, item: Any, variable: dict[str, Any], first: bool, code_lists: dict, used_lists: set) -> None:
        """One ItemDef onto its variable; a checkbox's further items only confirm the first's values."""
        b = self.b
        for name, (ptr, value) in self.attrs(item).items():
            if not first:
                b.mapped(ptr, "tables[].variables[]")  # x___2 repeats x___1's definition
                continue
            if name == "OID":
                variable["source_identifier"] = value.strip()
                b.mapped(ptr, "tables[].variables[].source_identifier")
            elif name in ("Name", "redcap:Variable"):
                b.mapped(ptr, "tables[].variables[].name")
            elif name == "DataType" and item.get(self._redcap("FieldType")) == "checkbox":
                variable["data_type"] = "string"
                b.account.normalise(ptr, "tables[].variables[].data_type", value, "string", "data_type",
                                    "each checkbox column x___N is boolean; the variable holds the choice codes")
            elif name == "DataType":
                new = b.rule(ptr, "tables[].variables[].data_type", value, "data_type")
                if new is not ABSENT:
                    variable["data_type"] = new
            elif name in ITEM_SLOTS:
                slot = ITEM_SLOTS[name]
                text = b.text(ptr, f"tables[].variables[].{slot}", value, html=slot == "notes")
                if text:
                    variable[slot] = text
            elif name == "redcap:RequiredField":
                new = b.rule(ptr, "tables[].variables[].requirement", value, "enum:RequirementLevel")
                if new is not ABSENT:
                    variable["requirement"] = new
            elif name == "redcap:Identifier":
                new = b.rule(ptr, "tables[].variables[].sensitive", value, "boolean")
                if new is not ABSENT:
                    variable["sensitive"] = new
            else:
                prop = ITEM_ANNOTATIONS.get(name) or (f"redcap:{name.split(':', 1)[1]}" if name.startswith("redcap:")
                                                       else f"odm:{name}")
                text = b.text(ptr, "tables[].variables[].annotations[]", value, html=prop == "redcap:section_header")
                if text:
                    variable.setdefault("annotations", []).append({"property": prop, "value": text})
        question = self.child(item, "Question")
        if question is not None:
            plain = self.translated(question)
            if plain:
                if first:
                    label = b.text(plain[0], "tables[].variables[].label", plain[1])
                    if label:
                        variable["label"] = label
                else:
                    b.mapped(plain[0], "tables[].variables[].label")
            formatted = self.text_of(self.child(question, "FormattedTranslatedText"))
            if formatted:
                b.unmapped(formatted[0], formatted[1], "HTML copy of the label (the plain TranslatedText is kept)",
                           "superseded")
        for ref in self.children(item, "CodeListRef"):
            oid = ref.get("CodeListOID")
            for _name, (ptr, _value) in self.attrs(ref).items():
                b.mapped(ptr, "tables[].variables[].value_set")
            code_list = code_lists.get(oid)
            if code_list is None:
                raise RecordError(f"CodeListRef names {oid!r}, which no CodeList defines", where=self.paths.of(ref))
            if oid not in used_lists:
                used_lists.add(oid)
                self._code_list(code_list, variable)

    def _code_list(self, code_list: Any, variable: dict[str, Any]) -> None:
        b = self.b
        checkbox = None
        for name, (ptr, value) in self.attrs(code_list).items():
            if name == "redcap:CheckboxChoices":
                checkbox = (ptr, value)
            elif name == "DataType":
                b.unmapped(ptr, value, "the item's DataType gives the variable's type", "superseded")
            else:
                b.mapped(ptr, "tables[].variables[].value_set")
        if checkbox is not None:
            ptr, value = checkbox
            if variable.get("value_set"):
                b.mapped(ptr, "tables[].variables[].value_set[]")  # the same choices, on a further checkbox column
            else:
                entries = b.rule(ptr, "tables[].variables[].value_set[]", value, "choices")
                if entries is not ABSENT:
                    variable["value_set"] = entries
        entries = []
        for item in self.children(code_list, "CodeListItem"):
            code = item.get("CodedValue")
            decode = self.translated(self.child(item, "Decode"))
            code_ptr = self.paths.attr(item, "CodedValue")
            if checkbox is not None:
                b.unmapped(code_ptr, code, "REDCap's coding of one checkbox column (1 = Checked, 0 = Unchecked)",
                           "superseded")
                if decode:
                    b.unmapped(decode[0], decode[1], "REDCap's coding of one checkbox column", "superseded")
                continue
            if code is None or not code.strip():
                raise RecordError("a CodeListItem without a CodedValue", where=self.paths.of(item))
            b.mapped(code_ptr, "tables[].variables[].value_set[].code")
            entry = {"code": code.strip()}
            if decode:
                label = b.text(decode[0], "tables[].variables[].value_set[].label", decode[1])
                if label:
                    entry["label"] = label
            for name, (ptr, value) in self.attrs(item).items():
                if name != "CodedValue":
                    b.unmapped(ptr, value, f"ODM code-list item attribute {name}")
            entries.append(entry)
        if entries and not variable.get("value_set"):
            variable["value_set"] = entries
