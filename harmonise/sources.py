"""One input file, opened lazily: detection looks at its head; readers stream the rest."""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from harmonise.errors import InputError

HEAD_BYTES = 64 * 1024
#: JSON files up to this size are parsed whole; a larger array streams (orjson a batch at a time,
#: which is faster than one whole parse of a big file, and memory stays at a batch), any other
#: shape via ijson. 8 MB: a 32 MB catalogue parsed whole held ~300 MB of Python objects.
WHOLE_JSON_LIMIT = 8 * 1024 * 1024


class Source:
    """An input file. `name` is what reports and derived ids use: the path as given."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None):
        self.path = Path(path)
        self.name = name or str(path)
        self._head: bytes | None = None
        #: Set on a shard of a bulk file (`harmonise.parallel`): the index of the shard's
        #: first item (JSON arrays) and the number of lines before it (JSON Lines) in the
        #: original file, so pointers and derived ids match the unsplit file.
        self.index_offset = 0
        self.line_offset = 0

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    @property
    def suffix(self) -> str:
        suffixes = [s.lower() for s in self.path.suffixes[-2:]]
        return "".join(suffixes) if suffixes[-1:] in ([".gz"],) else (suffixes[-1] if suffixes else "")

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def head(self) -> bytes:
        if self._head is None:
            try:
                with self.path.open("rb") as fh:
                    self._head = fh.read(HEAD_BYTES)
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None
        return self._head

    def head_text(self) -> str:
        data = self.head()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return data.decode("utf-8", errors="replace")

    def looks_like_json(self) -> bool:
        text = self.head_text().lstrip()
        return text[:1] in ("{", "[")

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None

    @functools.cached_property
    def _json(self) -> Any:
        data = self.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {_json_error(exc, data)}", file=self.name) from None

    def json(self) -> Any:
        """The whole document (for files of one record; bulk files use `iter_json_items`)."""
        return self._json

    def json_skeleton(self) -> Any:
        """The document's shape without reading a bulk file whole.

        Files up to WHOLE_JSON_LIMIT: the document itself (`json()`, cached). Larger files:
        streamed until the first array, which holds only its first item; members after it
        are not read. Enough to tell where a bulk export keeps its records and what the
        first one looks like, in memory that does not grow with the file.
        """
        if self.size <= WHOLE_JSON_LIMIT:
            return self.json()
        return _skeleton(self)

    def open_text(self, encoding: str = "utf-8-sig", errors: str = "strict", newline: str | None = "") -> Any:
        try:
            return self.path.open("r", encoding=encoding, errors=errors, newline=newline)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None


def _json_error(exc: orjson.JSONDecodeError, data: bytes) -> str:
    msg = str(exc)
    pos = getattr(exc, "pos", None)
    if pos is None:
        return msg
    pos = _byte_offset(memoryview(data), pos)  # orjson counts characters
    line = data.count(b"\n", 0, pos) + 1
    column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    reason = msg.split(":")[0]
    return f"{reason} at line {line}, column {column}"


def _skeleton(source: Source) -> Any:
    import ijson
    from ijson.common import ObjectBuilder

    def build(first: tuple[str, Any], events: Iterator[tuple[str, str, Any]]) -> Any:
        builder = ObjectBuilder()
        event, value = first
        builder.event(event, value)
        depth = 1 if event in ("start_map", "start_array") else 0
        while depth:
            _prefix, event, value = next(events)
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
        return builder.value

    try:
        with source.path.open("rb") as fh:
            events = ijson.parse(fh, use_float=True)
            _prefix, event, value = next(events)
            if event == "start_array":
                _prefix, event, value = next(events)
                return [] if event == "end_array" else [build((event, value), events)]
            if event != "start_map":
                return value
            out: dict[str, Any] = {}
            key = None
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    key = value
                elif prefix == "" and event == "end_map":
                    break
                elif event == "start_array":
                    _p, event, value = next(events)
                    out[key] = [] if event == "end_array" else [build((event, value), events)]
                    if out[key]:
                        break  # the bulk array: its first item is all we need
                else:
                    out[key] = build((event, value), events)
            return out
    except (ijson.common.IncompleteJSONError, StopIteration) as exc:
        raise InputError(f"malformed JSON: {exc}", file=source.name) from None


def iter_json_items(source: Source, prefix: str) -> Iterator[tuple[int, Any]]:
    """Stream the items of the array at `prefix` (ijson syntax: "item", "dataModels.item").

    Small files are parsed whole (orjson is much faster than ijson). Larger ones are read
    incrementally, so a bulk export never sits in memory whole: a top-level array ("item")
    in chunks of STREAM_CHUNK bytes whose items orjson parses (`_ArrayStream`), any other
    prefix with ijson. A truncated or malformed file yields the complete items and then
    raises InputError located at the item where it broke.
    """
    if source.size <= WHOLE_JSON_LIMIT:
        doc = source.json()
        node: Any = doc
        for part in prefix.split(".")[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, list):
            raise InputError(f"expected an array at /{prefix.rsplit('.', 1)[0].replace('.', '/')}", file=source.name)
        yield from enumerate(node, start=source.index_offset)
        return
    if prefix == "item" and starts_array(source.head()):
        yield from iter_array_items(source)
        return
    yield from _ijson_items(source, prefix)


def _ijson_items(source: Source, prefix: str) -> Iterator[tuple[int, Any]]:
    """The items at `prefix`, parsed by ijson (any prefix; the reference for the fast path)."""
    import ijson

    with source.path.open("rb") as fh:
        index = -1
        try:
            for index, item in enumerate(ijson.items(fh, prefix, use_float=True), start=source.index_offset):
                yield index, item
        except ijson.common.IncompleteJSONError as exc:
            raise InputError(f"malformed or truncated JSON after item {index}: {exc}", file=source.name) from None


# -- streaming a top-level JSON array with orjson ---------------------------------------
#: Bytes read at a time when streaming a large top-level array; also about the most bytes
#: of records parsed in one go, so memory follows this, not the file size. Batches this
#: small stay in the CPU cache: 1 MB ones parsed slower, 64-128 kB fastest alone, and in a
#: whole conversion (records mapped between parses) 64 kB: 26-28 us per 9 kB record, 31-36 at 128 kB.
STREAM_CHUNK = 64 << 10
_BOM = b"\xef\xbb\xbf"
_WS = re.compile(rb"[ \t\r\n]*")
_COMMA, _CLOSE = 0x2C, 0x5D  # "," and "]"


def starts_array(head: bytes) -> bool:
    """Does a file's head open a JSON array (after a BOM and whitespace)?"""
    if head.startswith(_BOM):
        head = head[3:]
    return head[_WS.match(head).end():][:1] == b"["


def iter_array_items(source: Source, chunk: int = 0) -> Iterator[tuple[int, Any]]:
    """(index, item) of a file that is one JSON array, parsed by orjson a chunk at a time.

    Yields exactly what `orjson.loads` of the whole file holds, in bytes of memory that
    follow `chunk` (default STREAM_CHUNK) and the largest item, not the file size. How:

    * From a known item start, a *cut* is a guess at the last separator before about
      `chunk` bytes on: a "," before text that opens like the first item ('{"id"'), or
      else a "," after a "}" or "]" where the brackets counted since the start balance
      (strings are not skipped). `orjson.loads(b"[" + items + b"]")` over the bytes up to
      the cut succeeds exactly when the cut is a real separator between items: a cut
      inside a string leaves the string open, a cut inside an item leaves a bracket open
      (the one "]" added closes only the added "["); either way the text cannot parse.
      So every batch orjson accepts is right, whatever the guess was.
    * No next item in sight (one item longer than the chunk): the span doubles, up to
      _GROW chunks. No cut, or the batch does not parse (brackets in strings misled the
      count, items that are not objects or arrays): items are taken one at a time to the
      end of that chunk; orjson parses a growing window from the item's start and reports
      where the item ends ("unexpected content after document"), then the item is parsed.
    * An item orjson rejects (malformed or truncated, or JSON orjson alone refuses, such as
      a lone surrogate) hands the rest of the file to ijson; if ijson fails on that same
      item, InputError names the item (/17) and the line and column orjson stopped at.
    """
    with source.path.open("rb") as fh:
        stream = _ArrayStream(fh, chunk or STREAM_CHUNK)
        yield from stream.items(source, source.index_offset)


def iter_array_runs(source: Source, chunk: int = 0) -> Iterator[tuple[int, bytes]]:
    """The items of a file that is one JSON array, as (count, body) runs without building
    them for the caller: `b"[" + body + b"]"` is a JSON array of the next `count` items,
    exactly as the file has them (each run checked by orjson; runs hold up to `chunk`
    bytes, or one item). For cutting a bulk file into shards (`harmonise.parallel`);
    errors as `iter_array_items`.
    """
    import orjson

    with source.path.open("rb") as fh:
        stream = _ArrayStream(fh, chunk or STREAM_CHUNK)
        for run, start, end in stream.runs(source, source.index_offset):
            if start < 0:
                yield len(run), b",".join(orjson.dumps(item) for item in run)
            else:
                yield len(run), stream.buf[start:end]


class _Handover(Exception):
    """orjson cannot parse the item at the stream's position; ijson takes the rest."""

    def __init__(self, reason: str, pos: int):
        self.reason = reason
        self.pos = pos


class _Chain:
    """A file object: some bytes, then the rest of a file (the input ijson takes over)."""

    def __init__(self, first: bytes, fh: Any):
        self.first = first
        self.fh = fh

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing first, to see bytes or text
            return b""
        if self.first:
            out, self.first = self.first, b""
            return out
        return self.fh.read(size)


class _ArrayStream:
    """A window of a file's bytes (`buf`, read position `i`) and the bookkeeping that locates
    an error by line and column in the file."""

    def __init__(self, fh: Any, chunk: int):
        self.fh = fh
        self.chunk = max(1, chunk)
        self.buf = b""
        self.i = 0
        self.eof = False
        self.base = 0  # file offset of buf[0]
        #: the bytes that open the first item up to the end of its first key ('{"id"'),
        #: when items are objects: where that text follows a ",", an item likely starts
        self.signature: bytes | None = None
        self.bom = False
        self.misses = 0
        self.window = 256  # the bytes `one` first tries for an item
        self.start = 0
        self.scalars = False  # the first item is not an object or an array

    # -- buffer ----------------------------------------------------------------------
    def more(self, need: int) -> None:
        """Drop the bytes before `i` and read until `need` bytes follow it (or the file ends)."""
        buf, i = self.buf, self.i
        self.base += i
        parts = [buf[i:]]
        have = len(parts[0])
        while have < need and not self.eof:
            data = self.fh.read(max(self.chunk, need - have))
            if not data:
                self.eof = True
                break
            parts.append(data)
            have += len(data)
        self.buf = b"".join(parts) if len(parts) > 1 else parts[0]
        self.i = 0

    def skip_space(self) -> int:
        """Move past whitespace; the next byte (-1 at the end of the file)."""
        while True:
            end = _WS.match(self.buf, self.i).end()
            if end < len(self.buf):
                self.i = end
                return self.buf[end]
            self.i = end
            if self.eof:
                return -1
            self.more(1)

    def place(self, pos: int) -> str:
        """'line L, column C' (in bytes) of buf[pos] in the file; the file is read again up
        to there, as only errors need it."""
        offset = self.base + pos
        line, start, done = 1, 0, 0
        resume = self.fh.tell()
        self.fh.seek(0)
        while done < offset:
            data = self.fh.read(min(1 << 20, offset - done))
            if not data:
                break
            newlines = data.count(b"\n")
            if newlines:
                line += newlines
                start = done + data.rfind(b"\n") + 1
            done += len(data)
        self.fh.seek(resume)
        if start == 0 and self.bom:
            start = 3
        return f"line {line}, column {offset - start + 1}"

    # -- items -----------------------------------------------------------------------
    def items(self, source: Source, index: int) -> Iterator[tuple[int, Any]]:
        for run, _start, _end in self.runs(source, index):
            for item in run:
                yield index, item
                index += 1

    def runs(self, source: Source, index: int) -> Iterator[tuple[list[Any], int, int]]:
        """Items in runs as parsed: (items, start, end), where buf[start:end] holds their
        bytes while the run is being looked at (start -1: items ijson read, no bytes)."""
        import orjson

        name = source.name

        def broken(index: int, reason: str, pos: int) -> InputError:
            return InputError(f"malformed or truncated JSON in item {index}: {reason} at {self.place(pos)}",
                              file=name, where=f"/{index}")

        self.more(max(self.chunk, 4))
        self.bom = self.buf.startswith(_BOM)
        if self.bom:
            self.buf, self.base = self.buf[3:], 3
        if self.skip_space() != 0x5B:  # "[": checked by the caller; a file changed under us
            raise InputError("expected a JSON array", file=name)
        self.i += 1
        first = self.skip_space()
        if first == _CLOSE:
            self.i += 1
            self.finish(name)
            return
        if first < 0:
            raise broken(index, "unexpected end of data", self.i)
        self.signature = _signature(self.buf, self.i)
        self.scalars = self.buf[self.i] not in b"{["
        exact_until = 0  # file offset up to which items are taken one at a time
        loads = orjson.loads
        while True:
            # the stream is at an item's first byte
            if self.base + self.i >= exact_until:
                found = self.batch(loads, orjson.JSONDecodeError)
                if found is None:
                    exact_until = self.base + min(len(self.buf), self.i + self.chunk)
                else:
                    batch, cut = found
                    yield batch, self.i, cut
                    index += len(batch)
                    del batch, found
                    self.i = cut + 1
                    after = self.skip_space()
                    if after == _CLOSE or after < 0:
                        raise broken(index, "a value must follow ','" if after == _CLOSE else "unexpected end of data",
                                     self.i)
                    continue
            try:
                item = self.one(loads, orjson.JSONDecodeError)
            except _Handover as stop:
                for index, item in self.handover(source, index, broken(index, stop.reason, stop.pos)):
                    yield [item], -1, -1
                return
            yield [item], self.start, self.i
            index += 1
            after = self.skip_space()
            if after == _COMMA:
                self.i += 1
                after = self.skip_space()
                if after == _CLOSE or after < 0:
                    raise broken(index, "a value must follow ','" if after == _CLOSE else "unexpected end of data",
                                 self.i)
                continue
            if after == _CLOSE:
                self.i += 1
                self.finish(name)
                return
            raise broken(index, "expected ',' or ']' after an item" if after >= 0 else "unexpected end of data",
                         self.i)

    def batch(self, loads: Any, error: type) -> tuple[list[Any], int] | None:
        """The items from `i` up to a separator near `chunk` bytes on, parsed in one go, and
        that separator's position; None when no batch is found (take one item at a time).

        Where items open alike and no next item is in sight, the span doubles (one item
        longer than the chunk), up to _GROW chunks; the bracket count is tried only on
        the first span and the last."""
        span = self.chunk
        while True:
            if len(self.buf) - self.i < span and not self.eof:
                self.more(span)
            buf, i = self.buf, self.i
            limit = min(len(buf), i + span)
            more = limit < len(buf) or not self.eof
            grow = self.signature is not None and span < _GROW * self.chunk and more
            tried = False
            for cut, guess in self.cuts(buf, i, limit, balance=span == self.chunk or not grow):
                tried = True
                try:
                    batch = loads(b"[" + buf[i:cut] + b"]")
                except error:
                    if guess == "signature":  # nested objects open like the items do
                        self._miss()
                    continue
                if guess == "balance" and self.signature is not None:
                    self._miss()  # the items do not all open alike
                return batch, cut
            if tried or not grow:
                return None
            span *= 2

    def _miss(self) -> None:
        self.misses += 1
        if self.misses > 2:
            self.signature = None

    def one(self, loads: Any, error: type) -> Any:
        """Parse the item at `i` and move past it (its end found by orjson itself)."""
        window = min(self.chunk, self.window)
        while True:
            if len(self.buf) - self.i < window and not self.eof:
                self.more(window)
            buf, i = self.buf, self.i
            end = min(len(buf), i + window)
            if end < len(buf) or not self.eof:
                end = _utf8_end(buf, i, end)
            view = memoryview(buf)[i:end]
            whole = end == len(buf) and self.eof
            self.start = i  # where the item starts in buf (reading more moves it)
            try:
                item = loads(view)
            except error as exc:
                reason = str(exc).split(":")[0]
                if reason == "unexpected content after document":
                    stop = i + _byte_offset(view, exc.pos)
                    item = loads(memoryview(buf)[i:stop])
                    self.i = stop
                    self.window = max(256, 2 * (stop - i))  # the next item is likely as long
                    return item
                if reason.startswith("str is not valid UTF-8"):
                    bad = _first_bad_utf8(view)
                    if bad > 0:
                        try:
                            loads(view[:bad])
                        except error as inner:
                            if str(inner).startswith("unexpected content after document"):
                                stop = i + _byte_offset(view[:bad], inner.pos)
                                item = loads(memoryview(buf)[i:stop])
                                self.i = stop
                                return item
                    raise _Handover("invalid UTF-8", i + max(bad, 0)) from None
                pos = _byte_offset(view, exc.pos)
                if not whole and pos >= len(view) - 16:  # ran out of window: widen it
                    window *= 2
                    continue
                raise _Handover(reason, i + pos) from None
            if not whole:  # the window may end inside the item (a number cut short)
                window *= 2
                continue
            self.i = end
            return item

    def handover(self, source: Source, index: int, failure: InputError) -> Iterator[tuple[int, Any]]:
        """ijson reads the rest, from the item orjson could not parse."""
        import ijson

        rest = _Chain(b"[" + self.buf[self.i:], self.fh)
        done = 0
        try:
            for item in ijson.items(rest, "item", use_float=True):
                yield index + done, item
                done += 1
        except (ijson.common.IncompleteJSONError, ijson.common.JSONError) as exc:
            if not done:  # ijson fails where orjson did: orjson's message locates it
                raise failure from None
            raise InputError(f"malformed or truncated JSON after item {index + done - 1}: {exc}",
                             file=source.name, where=f"/{index + done}") from None

    def finish(self, name: str) -> None:
        """After the closing "]": only whitespace may follow."""
        if self.skip_space() >= 0:
            raise InputError(f"malformed JSON: unexpected content after the array at {self.place(self.i)}", file=name)


    def cuts(self, buf: bytes, start: int, limit: int, balance: bool = True) -> Iterator[tuple[int, str]]:
        """Likely separators after the item at `start` (the last before `limit` first):
        before an item that opens like the first one, then (if `balance`) where brackets
        balance."""
        signature = self.signature
        tried = -1
        if signature is not None:
            found = buf.rfind(signature, start + 1, limit)
            if found > 0:
                comma = _space_before(buf, start, found)
                if comma > start and buf[comma] == _COMMA:
                    tried = comma
                    yield comma, "signature"
        if not balance:
            return
        if self.scalars:  # strings, numbers …: the last commas (one in a string fails)
            comma = limit
            for _try in range(3):
                comma = buf.rfind(b",", start + 1, comma)
                if comma < 0:
                    return
                yield comma, "comma"
            return
        cut = _cut(buf, start, limit)
        if cut > 0 and cut != tried:
            yield cut, "balance"


def _signature(buf: bytes, start: int) -> bytes | None:
    """The bytes from an object's "{" to the end of its first key, or None."""
    if buf[start:start + 1] != b"{":
        return None
    key = _WS.match(buf, start + 1).end()
    if buf[key:key + 1] != b'"':
        return None
    end = buf.find(b'"', key + 1)
    if end < 0 or b"\\" in buf[key:end] or end - start > 256:
        return None
    return buf[start:end + 1]


def _space_before(buf: bytes, start: int, pos: int) -> int:
    """The index of the last byte before `pos` that is not JSON whitespace."""
    k = pos - 1
    while k > start and buf[k] in b" \t\r\n":
        k -= 1
    return k


#: How many closing brackets `_cut` looks back over before it gives up (brackets in strings
#: can make the count never balance; items are then taken one at a time).
_CUT_STEPS = 1024
#: A batch may span up to this many chunks when one item is longer than a chunk.
_GROW = 32
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"{}[]")


def _balance(buf: bytes, start: int, end: int) -> int:
    return (buf.count(b"{", start, end) + buf.count(b"[", start, end)
            - buf.count(b"}", start, end) - buf.count(b"]", start, end))


def _cut(buf: bytes, start: int, limit: int) -> int:
    """The last "," in buf[start:limit] after a "}" or "]" where the brackets counted from
    `start` balance (a guess at the last separator between items; -1 if none)."""
    brackets = buf[start:limit].translate(None, _NOT_BRACKETS)
    total = (brackets.count(b"{") + brackets.count(b"[")) - (brackets.count(b"}") + brackets.count(b"]"))
    counted = limit  # the balance of buf[counted:limit] is `suffix`
    suffix = 0
    j = limit
    for _step in range(_CUT_STEPS):
        k = max(buf.rfind(b"}", start, j), buf.rfind(b"]", start, j))
        if k < 0:
            return -1
        after = _WS.match(buf, k + 1).end()
        if after < limit and buf[after] == _COMMA:
            suffix += _balance(buf, k + 1, counted)
            counted = k + 1
            if total - suffix == 0:
                return after
        j = k
    return -1


def _utf8_end(buf: bytes, start: int, end: int) -> int:
    """`end`, moved back so buf[start:end] does not stop inside a UTF-8 character."""
    k = end
    while k > start and k > end - 4 and 0x80 <= buf[k - 1] < 0xC0:
        k -= 1
    if k > start and buf[k - 1] >= 0xC0:  # a lead byte: is its character complete?
        lead = buf[k - 1]
        size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if end - (k - 1) < size:
            return k - 1
    return end


def _byte_offset(view: memoryview, chars: int) -> int:
    """orjson's error position counts characters; the byte offset of that character."""
    data = bytes(view)
    if data.isascii():
        return chars
    return len(data.decode("utf-8", "surrogateescape")[:chars].encode("utf-8", "surrogateescape"))


def _first_bad_utf8(view: memoryview) -> int:
    try:
        bytes(view).decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def expand(paths: Iterable["str | os.PathLike[str] | Source"]) -> Iterator[Source]:
    """Files as given, and every file under each folder, in a stable (sorted) order."""
    for raw in paths:
        if isinstance(raw, Source):  # already opened (a shard of a bulk file, see harmonise.parallel)
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                if file.name in SKIP_NAMES or file.suffix.lower() in SKIP_SUFFIXES:
                    continue
                if file.name.endswith(CONFIG_SUFFIXES):
                    continue
                yield Source(file, str(file))
        else:
            yield Source(path, str(raw))


#: Files in input folders that are documentation, not data.
SKIP_NAMES = frozenset({"SOURCES.md", "README.md", "README", "LICENSE", "NOTICE"})
SKIP_SUFFIXES = frozenset({".md", ".txt", ".pdf", ".html.orig"})
#: Configuration files that live beside data (overlays, dictionary configs), not records.
CONFIG_SUFFIXES = (".overlay.yaml", ".overlay.yml", ".dictionary.yaml", ".dictionary.yml")
