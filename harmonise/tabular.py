"""Reading the delimited text files that data dictionaries come as (CSV, TSV, `¬`-separated).

Shared by every tabular reader so each gets the same handling of byte-order marks,
encodings, delimiters, ragged rows and located errors ("row 12, column Coding").
Rows stream; a file is never loaded whole.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from harmonise.errors import HarmoniseError, InputError
from harmonise.sources import Source

csv.field_size_limit(1 << 24)

DELIMITERS = (",", "\t", ";", "|", "¬")


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based line number in the file and its cells by header name."""

    number: int
    cells: dict[str, str]

    def where(self, column: str | None = None) -> str:
        return f"row {self.number}, column {column}" if column else f"row {self.number}"

    def get(self, column: str, default: str = "") -> str:
        value = self.cells.get(column)
        return default if value is None else value

    def non_empty(self) -> dict[str, str]:
        return {k: v for k, v in self.cells.items() if k and v is not None and v.strip() != ""}


def make_row(number: int, header: Sequence[str], cells: Sequence[str]) -> Row:
    """A Row from its cells; cells beyond the header keep their place as "_extra_N" so none is dropped."""
    row = dict(zip(header, cells))
    if len(cells) > len(header):
        for extra, value in enumerate(cells[len(header):], start=1):
            row[f"_extra_{extra}"] = value
    return Row(number, row)


def detect_encoding(source: Source) -> str:
    """utf-8 (with or without BOM) when the head decodes as UTF-8, else cp1252/latin-1."""
    head = source.head()
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # Excel's "Unicode text" exports; the BOM gives the byte order
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the head's end is still UTF-8
        if exc.start >= len(head) - 3:
            return "utf-8"
        return "cp1252"


def sniff_delimiter(sample: str, candidates: Sequence[str] = DELIMITERS) -> str:
    """The delimiter that splits the first lines into the most, equally wide, columns."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in candidates:
        counts = [line.count(delimiter) for line in lines]
        if not counts[0]:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = counts[0] * consistent
        if score > best_score:
            best, best_score = delimiter, score
    return best


def text_head(source: Source, encoding: str) -> str:
    return source.head().decode(encoding.replace("-sig", ""), errors="replace").lstrip("\ufeff")


def header_of(source: Source, delimiter: str | None = None, skip_rows: int = 0) -> list[str]:
    """The header row's cells (after `skip_rows` title rows), for detection."""
    encoding = detect_encoding(source)
    sample = text_head(source, encoding)
    delimiter = delimiter or sniff_delimiter(sample)
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    for index, row in enumerate(reader):
        if index == skip_rows:
            return [cell.strip().lstrip("\ufeff") for cell in row]
    return []


def sniff_header(source: Source, suffixes: Sequence[str] = (".csv", ".txt", "")) -> list[str] | None:
    """The header of a delimited file, for `detect`; None when the file is not one (other suffix,
    unreadable, not text) — detection must never fail on a file that is someone else's."""
    if source.suffix not in suffixes:
        return None
    try:
        return header_of(source)
    except (HarmoniseError, UnicodeDecodeError, csv.Error):
        return None


def iter_rows(source: Source, delimiter: str | None = None, encoding: str | None = None,
              skip_rows: int = 0, expected: Sequence[str] | None = None,
              quotechar: str = '"', escapechar: str | None = None) -> Iterator[Row]:
    """Rows as dicts keyed by the header (after `skip_rows` title rows); empty rows skipped.

    `escapechar`: for exports that write an inner quote as `\\"` instead of `""` (UK Biobank).

    `expected`: header names that must be present; a mismatch is an InputError naming them.
    Rows wider than the header keep their extra cells under "_extra_N" so none is dropped.
    """
    encoding = encoding or detect_encoding(source)
    delimiter = delimiter or sniff_delimiter(text_head(source, encoding))
    handle = source.open_text(encoding=encoding)
    line_number = 0
    try:
        reader = csv.reader(handle, delimiter=delimiter, quotechar=quotechar, escapechar=escapechar)
        header: list[str] | None = None
        for cells in reader:
            line_number = reader.line_num
            if header is None:
                if skip_rows:
                    skip_rows -= 1
                    continue
                header = [c.strip().lstrip("\ufeff") for c in cells]
                if expected:
                    missing = [name for name in expected if name not in header]
                    if missing:
                        raise InputError(
                            f"header does not match: missing column(s) {', '.join(missing)} "
                            f"(found {', '.join(h for h in header if h) or 'nothing'})",
                            file=source.name, where="row 1")
                continue
            if not any(c.strip() for c in cells):
                continue
            yield make_row(line_number, header, cells)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {encoding}: {exc.reason} (after line {line_number})",
                         file=source.name, where=f"row {line_number + 1}") from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=source.name, where=f"row {line_number}") from None
    finally:
        handle.close()


def all_quoted(source: Source, delimiter: str, encoding: str | None = None) -> bool:
    """True when the file's first line quotes every field (`"a"¬"b"`): `iter_quoted_rows` can read it."""
    encoding = encoding or detect_encoding(source)
    first = text_head(source, encoding).split("\n", 1)[0].rstrip("\r")
    return len(first) >= 2 and first[0] == '"' and first[-1] == '"' and f'"{delimiter}"' in first


def iter_quoted_rows(source: Source, delimiter: str, encoding: str | None = None,
                     expected: Sequence[str] | None = None) -> Iterator[Row]:
    """Rows of a file whose every field is quoted (NCDR `¬` exports), read strictly by that rule.

    A field ends only at `"<delimiter>"` or at `"` + line break + `"`, so an unescaped inner
    quote (`a "blue box" data minimisation`) and line breaks inside fields are kept as text.
    Row numbers are the line on which each row starts. A row with another number of fields
    than the header is an InputError naming the row and the first column that is off.
    """
    encoding = encoding or detect_encoding(source)
    handle = source.open_text(encoding=encoding)
    try:
        try:
            text = handle.read()
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {encoding}: {exc.reason}", file=source.name) from None
    finally:
        handle.close()
    text = text.lstrip("\ufeff")
    separator = f'"{delimiter}"'
    header: list[str] | None = None
    line = 1
    chunks = re.split(r'"\r?\n(?=")', text)  # the split eats each row's closing quote
    for index, chunk in enumerate(chunks):
        start_line = line
        line += chunk.count("\n") + 1
        body = chunk
        if index == len(chunks) - 1:
            body = body.rstrip("\r\n")
            if not body.strip():
                continue
            if not body.endswith('"') or body == '"':
                column = header[min(body.count(separator), len(header) - 1)] if header else "?"
                raise InputError("the file ends inside a field (truncated?): the last row has no closing quote",
                                 file=source.name, where=f"row {start_line}, column {column}")
            body = body[:-1]
        if not body.startswith('"'):
            raise InputError(f"expected a quoted field at the start of the row, found {body[:20]!r}",
                             file=source.name, where=f"row {start_line}")
        body = body[1:]
        cells = body.split(separator)
        if header is None:
            header = [c.strip() for c in cells]
            if expected:
                missing = [name for name in expected if name not in header]
                if missing:
                    raise InputError(f"header does not match: missing column(s) {', '.join(missing)} "
                                     f"(found {', '.join(h for h in header if h) or 'nothing'})",
                                     file=source.name, where="row 1")
            continue
        if len(cells) != len(header):
            column = header[min(len(cells), len(header)) - 1] if header else "?"
            raise InputError(f"row has {len(cells)} fields, the header has {len(header)} (wrong delimiter, "
                             f"a truncated file or a stray quote?)", file=source.name,
                             where=f"row {start_line}, column {column}")
        yield Row(start_line, dict(zip(header, cells)))
