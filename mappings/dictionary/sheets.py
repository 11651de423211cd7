"""The tables a data dictionary comes as: a CSV/TSV file, or a sheet of an XLSX workbook.

Both give the same thing: a header and `Row`s (1-based row number, cells by header) that
stream. XLSX is read with openpyxl in read-only mode (rows stream; the workbook is never
loaded whole), imported only when an XLSX file is read.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from harmonise.errors import InputError
from harmonise.sources import Source
from harmonise.tabular import Row, detect_encoding, make_row, sniff_delimiter, text_head

XLSX_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".tab", ".psv")
#: How many rows may stand above the header (titles, notes) before it is found.
MAX_TITLE_ROWS = 10
#: Rows read once from the top of a table: header candidates plus samples of the values.
HEAD_ROWS = MAX_TITLE_ROWS + 200


@dataclass
class Sheet:
    """One table of a dictionary: where it is, which row is its header, how to read it."""

    source: Source
    sheet: str | None = None  # XLSX sheet name; None for CSV/TSV
    header_row: int = 1  # 1-based

    @property
    def label(self) -> str:
        """How values of this table are located in reports ("sheet Codes, " or "codes.csv ")."""
        return f"sheet {self.sheet}, " if self.sheet else ""

    def where(self, row: int, column: str | None = None) -> str:
        place = f"{self.label}row {row}"
        return f"{place}, column {column}" if column else place

    def __post_init__(self) -> None:
        self._head: list[tuple[int, list[str]]] | None = None

    def head(self) -> list[tuple[int, list[str]]]:
        """The first rows (title rows, header candidates, value samples), read once."""
        if self._head is None:
            self._head = list(self.raw_rows(limit=HEAD_ROWS))
        return self._head

    def header(self) -> list[str]:
        for number, cells in self.head():
            if number == self.header_row:
                return unique_header(cells)
        return []

    def samples(self, limit: int) -> list[dict[str, str]]:
        """Up to `limit` data rows below the header, from the head (to check what columns hold)."""
        header = self.header()
        rows = [dict(zip(header, cells)) for number, cells in self.head()
                if number > self.header_row and any(c.strip() for c in cells)]
        return rows[:limit]

    def raw_rows(self, limit: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """Every row as a list of cell texts with its 1-based number (empty rows included)."""
        if self.sheet is not None:
            yield from _xlsx_rows(self.source, self.sheet, limit)
        else:
            yield from _text_rows(self.source, limit)

    def rows(self) -> Iterator[Row]:
        """Data rows after the header, keyed by header name; empty rows skipped.

        Empty or repeated header cells get unique names ("column 7", "Notes (2)") so no
        cell is dropped from the accounting.
        """
        header: list[str] | None = None
        for number, cells in (self._csv_rows() if self.sheet is None else self.raw_rows()):
            if number < self.header_row:
                continue
            if header is None:
                header = unique_header(cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            yield make_row(number, header, cells)

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        """All rows of a delimited file (streamed), numbered by the line each starts on."""
        import csv

        source = self.source
        encoding = detect_encoding(source)
        sample = text_head(source, encoding)
        delimiter = sniff_delimiter(sample)
        handle = source.open_text(encoding=encoding)
        line = 0
        try:
            reader = csv.reader(handle, delimiter=delimiter, escapechar=escape_char(sample))
            for cells in reader:
                start = line + 1
                line = reader.line_num
                yield start, [c.lstrip("\ufeff") if i == 0 else c for i, c in enumerate(cells)]
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {encoding}: {exc.reason} (after line {line})",
                             file=source.name, where=f"row {line + 1}") from None
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", file=source.name, where=f"row {line}") from None
        finally:
            handle.close()


def unique_header(cells: list[str]) -> list[str]:
    header: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        name = cell.strip().lstrip("\ufeff") or f"column {index}"
        base, n = name, 2
        while name in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name)
        header.append(name)
    return header


def _text_rows(source: Source, limit: int | None) -> Iterator[tuple[int, list[str]]]:
    import csv
    import io

    encoding = detect_encoding(source)
    sample = text_head(source, encoding)
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, escapechar=escape_char(sample))
    try:
        for number, cells in enumerate(reader, start=1):
            if limit is not None and number > limit:
                return
            yield number, [c.lstrip("\ufeff") for c in cells]
    except csv.Error:
        return


def escape_char(sample: str) -> str | None:
    """`\\` for exports that write an inner quote as `\\"` rather than `""` (UK Biobank Showcase)."""
    return "\\" if '\\"' in sample else None


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def open_workbook(source: Source) -> Any:
    """The workbook of `source`, opened read-only once and shared by every sheet read from it.

    (openpyxl scans a whole sheet at opening when the file has no `<dimension>`, as files
    written by many tools do not; opening once keeps that to one scan per conversion.)
    """
    try:
        key = (str(source.path.resolve()), source.path.stat().st_mtime_ns)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=source.name) from None
    workbook = _OPEN.get(key)
    if workbook is None:
        from zipfile import BadZipFile

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
        except (BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(f"not a readable XLSX workbook: {exc}", file=source.name) from None
        while len(_OPEN) >= 2:  # keep few open: a folder of workbooks is read one by one
            _OPEN.pop(next(iter(_OPEN))).close()
        _OPEN[key] = workbook
    return workbook


_OPEN: dict[tuple[str, int], Any] = {}


def sheet_names(source: Source) -> list[str]:
    return list(open_workbook(source).sheetnames)


def resolve_sheet(source: Source, wanted: str | int, what: str = "sheet") -> str:
    """The name of sheet `wanted` (a name, case-insensitive, or a 0-based index); a clear error otherwise."""
    names = sheet_names(source)
    if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.isdigit() and wanted not in names):
        index = int(wanted)
        if 0 <= index < len(names):
            return names[index]
        raise InputError(f"the workbook has no {what} number {index} (it has {len(names)}: {', '.join(names)})",
                         file=source.name, where=f"sheet {wanted}")
    for name in names:
        if name == wanted or name.casefold() == str(wanted).casefold():
            return name
    raise InputError(f"the workbook has no {what} named {wanted!r} (sheets: {', '.join(names)})",
                     file=source.name, where=f"sheet {wanted}")


def _xlsx_rows(source: Source, sheet: str, limit: int | None) -> Iterator[tuple[int, list[str]]]:
    worksheet = open_workbook(source)[sheet]
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if limit is not None and number > limit:
            return
        yield number, [cell_text(v) for v in values]


def is_xlsx(source: Source) -> bool:
    return source.path.suffix.lower() in XLSX_SUFFIXES


def is_table_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES + XLSX_SUFFIXES
