"""Reader `dictionary`: any member's spreadsheet data dictionary (CSV, TSV, XLSX), any header.

One dictionary file is one dataset record whose tables hold the variables. Which column
is the variable name, label, type, code list … comes from `--dictionary-config FILE` or is
inferred from the header (see roles.py / roles.yaml); the report says which and why.
Code lists are read from a cell ("1=Yes; 2=No", "1, Yes | 0, No") or from a second sheet
or sibling file of codes joined by the variable's name. Every non-empty cell is accounted
once: mapped, normalised, or unmapped (kept in `extensions` with its row and column).

The reader is generic, so it only claims a file with low confidence: any dedicated reader
(REDCap, OMOP, Maelstrom …) wins detection; `--from dictionary` forces it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from harmonise import normalise
from harmonise.accounting import Account
from harmonise.errors import HarmoniseError, InputError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.sources import Source

from harmonise.mappings.dictionary import config as configs
from harmonise.mappings.dictionary.roles import (
    Roles, fold_header, infer_code_list_roles, infer_variable_roles, is_code_list_name,
)
from harmonise.mappings.dictionary.sheets import (
    MAX_TITLE_ROWS, TEXT_SUFFIXES, XLSX_SUFFIXES, Sheet, is_xlsx, resolve_sheet, sheet_names,
)

#: Rows read to check what a column's values look like before roles are settled.
SAMPLE_ROWS = 200
CONFIDENCE = 0.2


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


@dataclass
class Layout:
    """How one dictionary file is laid out: its variables table, their roles, and the code table."""

    sheet: Sheet
    header: list[str]
    roles: Roles
    codes: "CodeTable | None" = None
    config: configs.DictionaryConfig | None = None

    def explain(self) -> str:
        where = f"sheet {self.sheet.sheet!r}, " if self.sheet.sheet else ""
        if self.sheet.header_row > 1:
            where += f"header on row {self.sheet.header_row}, "
        text = f"{where}{self.roles.summary()}"
        if self.codes is not None:
            text += f"; code lists from {self.codes.sheet_label} ({self.codes.roles.summary()})"
        return text


class DictionaryReader(Reader):
    name = "dictionary"
    title = "Any spreadsheet data dictionary (CSV, TSV, XLSX): column roles inferred or set by --dictionary-config"
    format_versions = ()
    version = "0.1.0"
    suffixes = TEXT_SUFFIXES + XLSX_SUFFIXES
    #: dataset-level values a data dictionary never carries: the report asks for an overlay
    overlay_slots = ("publisher", "contact_points")

    # -- detection ---------------------------------------------------------------
    def detect(self, source: Source) -> Detection | None:
        if source.path.suffix.lower() not in self.suffixes:
            return None
        if is_code_companion(source.path):
            return Detection(self.name, CONFIDENCE / 2, "code list of a data dictionary beside it "
                             "(joined into that dictionary's record; gives no record itself)")
        try:
            layout = self.layout(source, configs.for_source(source, {}), strict=False)
        except HarmoniseError:
            return None
        if layout is None:
            return None
        return Detection(self.name, CONFIDENCE, "generic data dictionary; column roles: " + layout.explain())

    def describe_roles(self, source: Source, extra: dict[str, Any]) -> str:
        """The roles `read` would use for `source` with these options (for `harmonise detect`)."""
        layout = self.layout(source, configs.for_source(source, extra), strict=True)
        return layout.explain() if layout else "no recognisable variable-name column"

    # -- layout ------------------------------------------------------------------
    def layout(self, source: Source, config: configs.DictionaryConfig | None, strict: bool = True) -> Layout | None:
        """Find the variables table, its header row and its column roles (and the code table)."""
        sheets = self._candidate_sheets(source, config)
        fixed = config.columns if config else {}
        for sheet in sheets:
            header_rows = [config.header_row] if config and config.header_row else range(1, MAX_TITLE_ROWS + 1)
            for header_row in header_rows:
                sheet.header_row = header_row
                header = sheet.header()
                named = [h for h in header if h and not h.startswith("column ")]
                if fixed:
                    if any(col not in header for cols in fixed.values() for col in cols):
                        continue
                elif len(named) < 2:
                    continue  # a title line, not a header
                samples = sheet.samples(SAMPLE_ROWS)
                roles = infer_variable_roles(header, samples, fixed)
                if roles.column("name") is None or (not fixed and len(roles.assigned) < 2):
                    continue
                layout = Layout(sheet, header, roles, config=config)
                layout.codes = self._code_table(source, sheet, config, strict)
                return layout
        if not strict:
            return None
        sheet = sheets[0]
        sheet.header_row = (config.header_row if config and config.header_row else 1)
        header = sheet.header()
        if fixed:
            for role, cols in fixed.items():
                for col in cols:
                    if col not in header:
                        raise InputError(
                            f"{config.name} names column {col!r} (role {role}), but the header has no such column "
                            f"(found: {', '.join(h for h in header if h) or 'nothing'})",
                            file=source.name, where=sheet.where(sheet.header_row, col))
        raise InputError(
            "no recognisable variable-name column in the header "
            f"(found: {', '.join(h for h in header if h) or 'nothing'}); name it in a --dictionary-config "
            "file, e.g. `columns: {name: <header of the variable-name column>}`",
            file=source.name, where=sheet.where(sheet.header_row))

    def _candidate_sheets(self, source: Source, config: configs.DictionaryConfig | None) -> list[Sheet]:
        if not is_xlsx(source):
            if config and config.sheet is not None:
                raise InputError(f"{config.name} names sheet {config.sheet!r}, but this is not an XLSX workbook",
                                 file=source.name)
            return [Sheet(source)]
        if config and config.sheet is not None:
            return [Sheet(source, resolve_sheet(source, config.sheet))]
        names = sheet_names(source)
        ordered = [n for n in names if not is_code_list_name(n)] + [n for n in names if is_code_list_name(n)]
        return [Sheet(source, n) for n in ordered]

    def _code_table(self, source: Source, main: Sheet, config: configs.DictionaryConfig | None,
                    strict: bool) -> "CodeTable | None":
        wanted = config.code_lists if config else None
        sheet: Sheet | None = None
        if wanted is not None:
            if wanted.file is not None:
                other = Source(wanted.file, str(wanted.file))
                sheet = Sheet(other, resolve_sheet(other, wanted.sheet if wanted.sheet is not None else 0,
                                                   "code-list sheet") if is_xlsx(other) else None)
            elif wanted.sheet is not None:
                if not is_xlsx(source):
                    raise InputError(f"{config.name} names code-list sheet {wanted.sheet!r}, but this is not an "
                                     "XLSX workbook; give `code_lists: {file: …}` instead", file=source.name)
                sheet = Sheet(source, resolve_sheet(source, wanted.sheet, "code-list sheet"))
        elif is_xlsx(source):
            for name in sheet_names(source):
                if name != main.sheet and is_code_list_name(name):
                    sheet = Sheet(source, name)
                    break
        else:
            sibling = sibling_code_file(source.path)
            if sibling is not None:
                sheet = Sheet(Source(sibling, str(sibling)))
        if sheet is None:
            return None
        fixed = wanted.columns if wanted else {}
        sheet.header_row = wanted.header_row if wanted and wanted.header_row else 1
        header = sheet.header()
        for role, cols in fixed.items():
            for col in cols:
                if col not in header:
                    raise InputError(
                        f"{config.name} names code-list column {col!r} (role {role}), but the code table has no "
                        f"such column (found: {', '.join(h for h in header if h)})",
                        file=sheet.source.name, where=sheet.where(sheet.header_row, col))
        roles = infer_code_list_roles(header, fixed)
        if roles.column("key") is None or roles.column("code") is None:
            if wanted is not None and strict:
                raise InputError("the code table needs a variable (key) column and a code column "
                                 f"(found: {', '.join(h for h in header if h)}); name them in code_lists: columns:",
                                 file=sheet.source.name, where=sheet.where(sheet.header_row))
            return None
        return CodeTable(sheet, roles)

    # -- reading -----------------------------------------------------------------
    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        if is_code_companion(source.path) and not options.extra.get("dictionary_config"):
            return  # its codes are joined into the dictionary beside it
        config = configs.for_source(source, options.extra)
        layout = self.layout(source, config, strict=True)
        assert layout is not None
        result = RecordResult(source=source.name, account=Account())
        builder = Builder(source, layout, result.account, default_title=not overlay_supplies(options, "title"))
        for number, cells in layout.sheet.raw_rows(limit=layout.sheet.header_row - 1):
            builder.title_row(number, cells)
        for row in layout.sheet.rows():
            builder.add(row)
        if layout.codes is not None:
            layout.codes.finish(builder)
        result.record = builder.finish()
        yield result


def overlay_supplies(options: ReadOptions, slot: str) -> bool:
    """Whether an --overlay file sets `slot` (then the reader leaves it to the overlay)."""
    if not options.overlays:
        return False
    from harmonise import overlay

    return any(slot in overlay.load(path).values for path in options.overlays)


def is_code_companion(path: Path) -> bool:
    """True for `x.Categories.csv` beside `x.Variables.csv`: codes the dictionary joins, not a dictionary."""
    import re

    if not any(is_code_list_name(t) for t in re.split(r"[._\- ]+", path.stem)):
        return False
    try:
        siblings = [p for p in path.parent.iterdir() if p.is_file() and p != path and p.suffix == path.suffix]
    except OSError:
        return False
    return any(sibling_code_file(p) == path for p in siblings)


def sibling_code_file(path: Path) -> Path | None:
    """A code-list file beside a dictionary: `x.Variables.csv` -> `x.Categories.csv`, `x.csv` -> `x_codes.csv`."""
    import re

    tokens = re.split(r"([._\- ]+)", path.stem)
    folder = path.parent
    try:
        siblings = [p for p in folder.iterdir() if p.is_file() and p != path and p.suffix.lower() == path.suffix.lower()]
    except OSError:
        return None
    for sibling in sorted(siblings):
        other = re.split(r"([._\- ]+)", sibling.stem)
        if len(other) == len(tokens):
            diff = [i for i, (a, b) in enumerate(zip(tokens, other)) if a != b]
            if len(diff) == 1 and is_code_list_name(other[diff[0]]):
                return sibling
        elif len(other) == len(tokens) + 2 and other[:len(tokens)] == tokens and is_code_list_name(other[-1]):
            return sibling
    return None


# -- building the record -----------------------------------------------------------

_RULES = {
    "label": ("strip_html", "strip"),
    "description": ("strip_html", "text"),
    "data_type": ("data_type",),
    "format": ("text",),
    "unit": ("text",),
    "code_list": ("choices",),
    "sensitive": ("boolean",),
    "source_identifier": ("text",),
    "requirement": ("enum:RequirementLevel",),
    "primary_key": ("boolean",),
    "references": ("text",),
    "property_url": ("url",),
    "notes": ("strip_html", "text"),
    "annotations": ("strip_html", "text"),
}


class Builder:
    """Turns the rows of one dictionary into a model record, accounting for every cell."""

    def __init__(self, source: Source, layout: Layout, account: Account, default_title: bool = True):
        self.source = source
        self.layout = layout
        self.sheet = layout.sheet
        self.account = account
        self.default_title = default_title
        self.roles = layout.roles
        self.role_of = layout.roles.by_column()
        self.tables: dict[str, dict[str, Any]] = {}
        self.table_order: list[str] = []
        self.extensions: list[dict[str, Any]] = []
        self.current_table: str | None = None
        self.skip = layout.config.skip if layout.config else {}
        self.rules = {role: tuple(normalise.get(spec) for spec in specs) for role, specs in _RULES.items()}
        if layout.roles.inferred:
            account.warn(f"column roles inferred from the header: {layout.explain()}; "
                         "correct them with --dictionary-config FILE")

    # accounting helpers
    def unmapped(self, pointer: str, value: Any, why: str, reason: str = "no_target", note: str | None = None) -> None:
        self.account.unmap(pointer, value, why)
        entry = {"source_pointer": pointer, "value": _json(value), "reason": reason}
        if note or why:
            entry["note"] = note or why
        self.extensions.append(entry)

    def apply(self, pointer: str, target: str, value: str, role: str) -> Any:
        """Run the role's rules on a cell; record mapped / normalised / unmapped; return the value or ABSENT/None."""
        new: Any = value
        used = []
        try:
            for rule in self.rules.get(role, ()):
                out = rule(new)
                if out is not new and out != new:
                    used.append(rule.name)
                new = out
                if new is ABSENT:
                    break
        except Rejected as exc:
            self.unmapped(pointer, value, f"rejected: {exc}", reason="rejected")
            return None
        if new is ABSENT:
            self.account.normalise(pointer, target, value, None, "+".join(used) or "placeholder", "placeholder: no value")
            return ABSENT
        if new == value:
            self.account.map(pointer, target)
        else:
            self.account.normalise(pointer, target, value, new, "+".join(used))
        return new

    # tables and variables
    def table_for(self, row_table: str | None, pointer: str | None) -> tuple[int, dict[str, Any]]:
        name = row_table or self.current_table
        if name is None:
            config = self.layout.config
            name = (config.table if config and config.table else None) or self.source.path.stem
            if name not in self.tables:
                why = ("named in the config" if config and config.table else
                       "the dictionary has no table column; the table is named after the file")
                self.account.default(f"tables[{len(self.table_order)}].name", name, why)
        self.current_table = name
        if name not in self.tables:
            self.tables[name] = {"name": name, "variables": []}
            self.table_order.append(name)
        return self.table_order.index(name), self.tables[name]

    def add(self, row) -> None:
        cells = {k: v for k, v in row.cells.items() if v is not None and v.strip()}
        self.account.source_values += len(cells)
        where = self.sheet.where
        for column, values in self.skip.items():
            if row.cells.get(column, "").strip() in values:
                for col, value in cells.items():
                    self.unmapped(where(row.number, col), value, "no_target: row skipped by the config",
                                  note=f"row skipped by the config ({column} = {row.cells.get(column, '').strip()})")
                return
        name_col = self.roles.column("name")
        name = (row.cells.get(name_col) or "").strip()
        if not name:
            for col, value in cells.items():
                self.unmapped(where(row.number, col), value, "no_target: row has no variable name",
                              note=f"row has no value in the name column {name_col!r}")
            if cells:
                self.account.warn(f"{where(row.number)}: no variable name (column {name_col!r}); row kept as extensions")
            return
        table_col = self.roles.column("table")
        row_table = (row.cells.get(table_col) or "").strip() if table_col else None
        table_index, table = self.table_for(row_table or None, None)
        var_index = len(table["variables"])
        base = f"tables[{table_index}].variables[{var_index}]"
        variable: dict[str, Any] = {"name": name}
        self.account.map(where(row.number, name_col), f"{base}.name")
        if table_col and row_table:
            self.account.map(where(row.number, table_col), f"tables[{table_index}].name")
        notes: list[str] = []
        code_cell: tuple[str, str] | None = None
        foreign: dict[str, tuple[str, str]] = {}
        for column, value in cells.items():
            if column in (name_col, table_col):
                continue
            pointer = where(row.number, column)
            role = self.role_of.get(column)
            if role is None:
                self.unmapped(pointer, value, "no_target: column has no role",
                              note=f"column {column!r} was given no role")
                continue
            if role == "notes":
                new = self.apply(pointer, f"{base}.notes", value, role)
                if new:
                    multi = len(self.roles.columns("notes")) > 1
                    notes.append(f"{column}: {new}" if multi else new)
            elif role == "annotations":
                index = len(variable.setdefault("annotations", []))
                new = self.apply(pointer, f"{base}.annotations[{index}]", value, role)
                if new:
                    variable["annotations"].append({"property": column, "value": new})
                if not variable["annotations"]:
                    del variable["annotations"]
            elif role == "data_type":
                variable["source_data_type"] = value.strip()
                new = self.apply(pointer, f"{base}.data_type", value, role)
                if new:
                    variable["data_type"] = new
            elif role == "code_list":
                code_cell = (pointer, value)
            elif role in ("references_table", "references_field"):
                foreign[role] = (pointer, value)
            else:
                target = _TARGETS[role]
                new = self.apply(pointer, f"{base}.{target}", value, role)
                if new is not None and new is not ABSENT:
                    variable[target] = new
        if notes:
            variable["notes"] = "\n".join(notes)
        if foreign:
            self.foreign_key(foreign, variable, base)
        self.refine_type(variable)
        codes = self.layout.codes
        if code_cell is not None:
            pointer, value = code_cell
            joined = codes.lookup_list(value.strip()) if codes is not None else None
            if joined is not None:
                self.account.map(pointer, f"{base}.value_set")
                codes.use(joined, variable, base)
            elif codes is not None and len(value.split()) == 1 and not any(c in value for c in "=:,|;"):
                self.unmapped(pointer, value, f"no_target: no code list {value.strip()!r} in {codes.sheet_label}",
                              note=f"names a code list that {codes.sheet_label} does not have")
            else:
                new = self.apply(pointer, f"{base}.value_set", value, "code_list")
                if new:
                    variable["value_set"] = new
        if codes is not None:
            group = codes.lookup(row_table or None, name)
            if group is not None:
                codes.use(group, variable, base)
        table["variables"].append(variable)

    def foreign_key(self, cells: dict[str, tuple[str, str]], variable: dict[str, Any], base: str) -> None:
        """A foreign key written in two columns (table, field) -> references "table.field"."""
        parts = {}
        placeholder = normalise.get("placeholder")
        for role, (pointer, value) in cells.items():
            if placeholder(value.strip()) is ABSENT:
                self.account.normalise(pointer, f"{base}.references", value, None, "placeholder", "placeholder: no value")
            else:
                parts[role] = (pointer, value.strip())
        if "references_table" not in parts:
            for pointer, value in parts.values():
                self.unmapped(pointer, value, "no_target: a foreign-key field with no table",
                              note="the foreign-key table column is empty")
            return
        joined = ".".join(parts[r][1] for r in ("references_table", "references_field") if r in parts)
        variable["references"] = joined
        for pointer, value in parts.values():
            self.account.normalise(pointer, f"{base}.references", value, joined, "foreign_key")

    def title_row(self, number: int, cells: list[str]) -> None:
        """A row above the header (a sheet title, a version note): kept, since it is no variable."""
        for index, value in enumerate(cells, start=1):
            if value.strip():
                self.account.source_values += 1
                self.unmapped(self.sheet.where(number, f"column {index}"), value, "no_target: row above the header",
                              note="title or note row above the header")

    def refine_type(self, variable: dict[str, Any]) -> None:
        """A text field whose format says date/number (REDCap `text` + `date_ymd`) takes the format's type."""
        fmt = variable.get("format")
        if not fmt or variable.get("data_type") not in (None, "string"):
            return
        try:
            better = normalise.get("data_type")(fmt)
        except Rejected:
            return
        if better and better is not ABSENT and better != "string" and better != "binary":
            variable["data_type"] = better

    def finish(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        if self.default_title:
            title = self.source.path.stem
            record["title"] = title
            self.account.default("title", title, "a data dictionary has no dataset title; named after the file "
                                 "(give one with --overlay)")
        record["tables"] = [self.tables[name] for name in self.table_order]
        if self.extensions:
            record["extensions"] = self.extensions
        return record


_TARGETS = {
    "label": "label", "description": "description", "format": "format", "unit": "unit",
    "sensitive": "sensitive", "source_identifier": "source_identifier", "requirement": "requirement",
    "primary_key": "is_primary_key", "property_url": "property_url", "references": "references",
}


# -- code tables -------------------------------------------------------------------

@dataclass
class CodeGroup:
    key: str
    table: str | None
    rows: list[Any] = field(default_factory=list)
    used_by: list[tuple[str, int]] = field(default_factory=list)  # (variable path, first entry index)


class CodeTable:
    """Codes one per row (a second sheet or file), grouped by the variable (or code list) they belong to."""

    def __init__(self, sheet: Sheet, roles: Roles):
        self.sheet = sheet
        self.roles = roles
        self.key_col = roles.column("key")
        self.table_col = roles.column("table")
        self.code_col = roles.column("code")
        self.label_col = roles.column("label")
        self.missing_col = roles.column("missing")
        self.groups: dict[tuple[str | None, str], CodeGroup] = {}
        self.by_key: dict[str, list[CodeGroup]] = {}
        self.empty_rows: list[Any] = []
        for row in sheet.rows():
            key = (row.cells.get(self.key_col) or "").strip()
            table = (row.cells.get(self.table_col) or "").strip() or None if self.table_col else None
            if not key:
                self.empty_rows.append(row)
                continue
            group = self.groups.get((table, key))
            if group is None:
                group = self.groups[(table, key)] = CodeGroup(key, table)
                self.by_key.setdefault(key, []).append(group)
            group.rows.append(row)

    @property
    def sheet_label(self) -> str:
        return f"sheet {self.sheet.sheet!r}" if self.sheet.sheet else Path(self.sheet.source.name).name

    def where(self, row: int, column: str) -> str:
        prefix = "" if self.sheet.sheet else f"{Path(self.sheet.source.name).name} "
        return prefix + self.sheet.where(row, column)

    def lookup(self, table: str | None, name: str) -> CodeGroup | None:
        """The codes of variable `name` (of `table` when both sides say which table)."""
        group = self.groups.get((table, name))
        if group is None:
            found = self.by_key.get(name) or []
            group = found[0] if len(found) == 1 and (found[0].table is None or table is None) else None
        return group

    def lookup_list(self, value: str) -> CodeGroup | None:
        found = self.by_key.get(value) or []
        return found[0] if found else None

    def use(self, group: CodeGroup, variable: dict[str, Any], base: str) -> None:
        entries = variable.setdefault("value_set", [])
        group.used_by.append((base, len(entries)))
        known = {e["code"] for e in entries}
        for row in group.rows:
            code = (row.cells.get(self.code_col) or "").strip()
            if not code or code in known:
                continue
            entry: dict[str, Any] = {"code": code}
            label = (row.cells.get(self.label_col) or "").strip() if self.label_col else ""
            if label:
                cleaned = normalise.get("strip_html")(label)
                if cleaned:
                    entry["label"] = cleaned
            if self.missing_col:
                try:
                    missing = normalise.get("boolean")((row.cells.get(self.missing_col) or "").strip())
                    entry["is_missing"] = missing
                except Rejected:
                    pass
            entries.append(entry)
            known.add(code)
        if not entries:
            del variable["value_set"]

    def finish(self, builder: Builder) -> None:
        """Account every cell of the code table: joined rows mapped, the rest unmapped with why."""
        account = builder.account
        roles = self.roles.by_column()
        for group in self.groups.values():
            for row in group.rows:
                cells = {k: v for k, v in row.cells.items() if v is not None and v.strip()}
                account.source_values += len(cells)
                if not group.used_by:
                    for column, value in cells.items():
                        builder.unmapped(self.where(row.number, column), value,
                                         "no_target: no variable for this code",
                                         note=f"no variable {group.key!r} in the dictionary")
                    continue
                target = f"{group.used_by[0][0]}.value_set"
                for column, value in cells.items():
                    pointer = self.where(row.number, column)
                    role = roles.get(column)
                    if role is None:
                        builder.unmapped(pointer, value, "no_target: column has no role",
                                         note=f"code-table column {column!r} was given no role")
                    elif role == "missing":
                        try:
                            new = normalise.get("boolean")(value.strip())
                            account.normalise(pointer, f"{target}[].is_missing", value, new, "boolean")
                        except Rejected as exc:
                            builder.unmapped(pointer, value, f"rejected: {exc}", reason="rejected")
                    elif role == "label" and normalise.get("strip_html")(value) != value:
                        account.normalise(pointer, f"{target}[].label", value,
                                          normalise.get("strip_html")(value), "strip_html")
                    elif role in ("key", "table"):
                        account.map(pointer, f"{target} (joined by {role})")
                    else:
                        account.map(pointer, f"{target}[].{role}")
        for row in self.empty_rows:
            cells = {k: v for k, v in row.cells.items() if v is not None and v.strip()}
            account.source_values += len(cells)
            for column, value in cells.items():
                builder.unmapped(self.where(row.number, column), value, "no_target: code row names no variable",
                                 note=f"no value in the key column {self.key_col!r}")
