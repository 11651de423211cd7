"""The `--dictionary-config FILE` YAML: how to read one member's spreadsheet data dictionary.

    sheet: Variables            # XLSX: sheet name or 0-based index (default: the first with a name column)
    header_row: 1               # 1-based row of the header, when title rows stand above it
    table: demographics         # table name when the dictionary has no table column
    columns:                    # role: column header (notes and annotations may take a list)
      name: Field
      label: Question
      data_type: Type
      code_list: Codes
    skip:                       # rows that describe no variable (their values are reported as unmapped)
      Type: [descriptive, section]
    code_lists:                 # codes one per row, in another sheet or file, joined to the variables
      sheet: Codes              # or  file: codes.csv  (relative to this config file)
      columns: {key: Variable, code: Value, label: Meaning}

A file `<dictionary stem>.dictionary.yaml` beside the dictionary is used when no config is given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from harmonise import yamlfile
from harmonise.errors import InputError, UsageError
from harmonise.sources import Source

KEYS = {"sheet", "header_row", "table", "columns", "skip", "code_lists"}
CODE_LIST_KEYS = {"sheet", "file", "header_row", "columns"}


@dataclass
class CodeListConfig:
    sheet: str | int | None = None
    file: Path | None = None
    header_row: int | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class DictionaryConfig:
    path: Path | None = None
    sheet: str | int | None = None
    header_row: int | None = None
    table: str | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)
    skip: dict[str, set[str]] = field(default_factory=dict)
    code_lists: CodeListConfig | None = None

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "the dictionary config"


def _columns(raw: Any, known: set[str], multi: set[str], where: str, file: str) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(f"{where} must map roles to column headers", file=file, where=where)
    out: dict[str, list[str]] = {}
    for role, value in raw.items():
        if role not in known:
            raise InputError(f"unknown role {role!r} in {where} (known: {', '.join(sorted(known))})",
                             file=file, where=f"{where}/{role}")
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, (str, int)) and str(v).strip() for v in values):
            raise InputError(f"role {role!r} needs a column header", file=file, where=f"{where}/{role}")
        if len(values) > 1 and role not in multi:
            raise InputError(f"role {role!r} takes one column, not {len(values)}", file=file, where=f"{where}/{role}")
        out[role] = [str(v).strip() for v in values]
    return out


def parse(data: Any, path: Path | None = None) -> DictionaryConfig:
    """Check a config's shape; every mistake is an InputError naming the file and the key."""
    from harmonise.mappings.dictionary.roles import code_list_roles, variable_roles

    file = str(path) if path else "dictionary config"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("a dictionary config is a YAML mapping", file=file)
    unknown = set(data) - KEYS
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))} (known: {', '.join(sorted(KEYS))})",
                         file=file)
    roles = variable_roles()
    config = DictionaryConfig(path=path, sheet=data.get("sheet"), table=data.get("table"))
    config.header_row = _header_row(data.get("header_row"), file, "header_row")
    config.columns = _columns(data.get("columns"), set(roles), {r for r, i in roles.items() if i.get("multi")},
                              "columns", file)
    skip = data.get("skip") or {}
    if not isinstance(skip, dict):
        raise InputError("skip must map a column header to the values whose rows are skipped", file=file, where="skip")
    config.skip = {str(k): {str(v) for v in (vs if isinstance(vs, list) else [vs])} for k, vs in skip.items()}
    raw_codes = data.get("code_lists")
    if raw_codes is not None:
        if not isinstance(raw_codes, dict):
            raise InputError("code_lists must be a mapping (sheet or file, columns)", file=file, where="code_lists")
        unknown = set(raw_codes) - CODE_LIST_KEYS
        if unknown:
            raise InputError(f"unknown key(s) {', '.join(sorted(unknown))} in code_lists "
                             f"(known: {', '.join(sorted(CODE_LIST_KEYS))})", file=file, where="code_lists")
        codes = CodeListConfig(sheet=raw_codes.get("sheet"))
        if raw_codes.get("file"):
            base = path.parent if path else Path.cwd()
            codes.file = (base / str(raw_codes["file"])).resolve()
            if not codes.file.is_file():
                raise InputError(f"code_lists file {raw_codes['file']!r} not found (looked for {codes.file})",
                                 file=file, where="code_lists/file")
        codes.header_row = _header_row(raw_codes.get("header_row"), file, "code_lists/header_row")
        codes.columns = _columns(raw_codes.get("columns"), set(code_list_roles()), set(), "code_lists/columns", file)
        config.code_lists = codes
    return config


def _header_row(value: Any, file: str, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{where} must be a row number (1 or more), not {value!r}", file=file, where=where)
    return value


def load(path: Path) -> DictionaryConfig:
    data = yamlfile.load(path, "the dictionary config", UsageError)
    return parse(data, path)


def for_source(source: Source, extra: dict[str, Any]) -> DictionaryConfig | None:
    """The config for `source`: --dictionary-config, else `<stem>.dictionary.yaml` beside it, else none."""
    given = extra.get("dictionary_config")
    if isinstance(given, DictionaryConfig):
        return given
    if isinstance(given, dict):
        return parse(given)
    if given:
        return load(Path(given))
    for suffix in (".dictionary.yaml", ".dictionary.yml"):
        beside = source.path.with_name(source.path.stem + suffix)
        if beside.is_file():
            return load(beside)
    return None
