"""Reader `ddi-codebook`: DDI Codebook 2.5 (and 2.x) XML.

stdyDscr -> the dataset; fileDscr -> one table per data file; dataDscr/var -> variables (in
the table their `files` attribute names); catgry -> value-set entries with their frequencies
(catStat type="freq") and missing flags. The mapping is data (mapping.yaml); this module walks
the XML once, incrementally (lxml iterparse, no entity expansion, no DTD, no network), and
frees each variable as soon as it is mapped, so large codebooks stream in flat memory.

Every non-empty text and attribute value is one source value; reports locate values by
XPath (`/codeBook/dataDscr/var[3]/catgry[2]/labl`, `…/var[3]/@name`).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from harmonise import normalise
from harmonise.accounting import Account
from harmonise.crosswalk import Context, assign, parse_target_cached, prune
from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.xml import attr_name, iterparse, local
from harmonise.xml import root_tag as xml_root_tag
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.sources import Source

HERE = Path(__file__).resolve().parent
DDI_NS = re.compile(r"ddi:codebook:(\d+)_(\d+)|ddialliance\.org/.*codebook|icpsr\.umich\.edu/DDI", re.I)


@functools.lru_cache(maxsize=1)
def mapping() -> dict[str, dict[str, dict[str, Any]]]:
    return yaml.safe_load((HERE / "mapping.yaml").read_text(encoding="utf-8"))


class _Value:
    __slots__ = ("key", "pointer", "value", "attr")

    def __init__(self, key: str, pointer: str, value: str, attr: str | None):
        self.key, self.pointer, self.value, self.attr = key, pointer, value, attr


class Codebook:
    """The record under construction while the XML streams past."""

    def __init__(self, account: Account):
        self.ctx = Context(account)
        self.account = account
        self.out = self.ctx.out
        self.tables: dict[str, dict[str, Any]] = {}
        self.default_table: dict[str, Any] | None = None
        self.file: dict[str, Any] | None = None
        self.var: dict[str, Any] | None = None
        self.var_attrs: dict[str, str] = {}
        self.var_table: str | None = None
        self.cat: dict[str, Any] | None = None
        self.seen: set[tuple[int, str]] = set()
        self.periods: list[tuple[str | None, str]] = []
        self.study_id = False
        self.stamp = 0  # changes per anchor instance, so `first` is per variable/category

    # -- placing ------------------------------------------------------------------------
    def target_obj(self, anchor: str) -> dict[str, Any]:
        if anchor == "variable":
            return self.var
        if anchor == "category":
            return self.cat
        if anchor == "file":
            return self.file
        return self.out

    def place(self, anchor: str, target: str, value: Any) -> None:
        assign(self.target_obj(anchor), parse_target_cached(target), value, ())

    def annotate(self, anchor: str, name: str, item: _Value) -> None:
        obj = self.target_obj(anchor)
        if anchor == "category":  # value-set entries carry no annotations
            self.ctx.unmapped(item.pointer, item.value, "category detail with no model slot")
            return
        obj.setdefault("annotations", []).append({"property": f"ddi:{name}", "value": item.value})
        self.account.map(item.pointer, "annotations[].value")

    def convert(self, item: _Value, target: str, rules: list[str]) -> Any:
        new: Any = item.value
        try:
            for name in rules:
                new = normalise.get(name)(new)
                if new is ABSENT:
                    break
        except Rejected as exc:
            self.ctx.unmapped(item.pointer, item.value, f"{'+'.join(rules)}: {exc}", reason="rejected")
            return None
        if new is ABSENT:
            self.account.normalise(item.pointer, target, item.value, None, "+".join(rules), "placeholder: no value")
            return None
        if new == item.value:
            self.account.map(item.pointer, target)
        else:
            self.account.normalise(item.pointer, target, item.value, new, "+".join(rules))
        return new

    # -- one element's values -------------------------------------------------------------
    def element(self, anchor: str, rel: list[str], values: list[_Value]) -> None:
        table = mapping()[anchor]
        path = "/".join(rel)
        grouped: dict[str, list[tuple[_Value, dict[str, Any]]]] = {}
        for item in values:
            key = (f"{path}/@{item.attr}" if path else f"@{item.attr}") if item.attr else path
            spec = table.get(key) or self._subtree_spec(table, rel)
            if spec is None:
                self.ctx.unmapped(item.pointer, item.value, "no rule in the DDI mapping", reason="not_in_crosswalk")
                continue
            if "hook" in spec:
                grouped.setdefault(spec["hook"], []).append((item, spec))
                continue
            self.simple(anchor, key, item, spec)
        for hook, items in grouped.items():
            getattr(self, f"hook_{hook}")(anchor, items)

    @staticmethod
    def _subtree_spec(table: dict[str, Any], rel: list[str]) -> dict[str, Any] | None:
        for n in range(1, len(rel)):
            spec = table.get("/".join(rel[:n]))
            if spec is not None and "unmapped" in spec:
                return spec
        return None

    def simple(self, anchor: str, key: str, item: _Value, spec: dict[str, Any]) -> None:
        if "unmapped" in spec:
            self.ctx.unmapped(item.pointer, item.value, spec["unmapped"], reason="no_target")
            return
        if "annotate" in spec:
            self.annotate(anchor, spec["annotate"], item)
            return
        target = spec["to"]
        if spec.get("first"):
            mark = (self.stamp if anchor != "dataset" else 0, f"{anchor}:{target}")
            if mark in self.seen:
                self.ctx.unmapped(item.pointer, item.value, f"a further {key} ({target} is set)", reason="superseded")
                return
        new = self.convert(item, target, spec.get("rules") or [])
        if new is None:
            return
        if spec.get("first"):
            self.seen.add((self.stamp if anchor != "dataset" else 0, f"{anchor}:{target}"))
        self.place(anchor, target, new)

    # -- hooks (each gets the values of one element that its rules name) -------------------
    def hook_study_id(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            if self.study_id:
                self.ctx.unmapped(item.pointer, item.value, "a further study identifier", reason="superseded")
                continue
            self.out["id"] = item.value
            self.study_id = True
            self.seen.add((0, "dataset:id"))  # the study's own id outranks the codebook's
            self.account.map(item.pointer, "id")

    def hook_dated_text(self, anchor: str, items: list) -> None:
        # the element's @date (ISO) is handled by hook_dated_attr; the text is the same date in words
        for item, spec in items:
            if self.ctx.state.get(f"dated:{spec['target']}"):
                self.account.map(item.pointer, spec["target"])
                continue
            new = self.convert(item, spec["target"], ["date"])
            if new:
                self.out.setdefault(spec["target"], new)

    def hook_dated_attr(self, anchor: str, items: list) -> None:
        for item, spec in items:
            if spec["target"] in self.out:
                self.ctx.unmapped(item.pointer, item.value, f"a further date ({spec['target']} is set)", reason="superseded")
                continue
            new = self.convert(item, spec["target"], ["date"])
            if new:
                self.out[spec["target"]] = new
                self.ctx.state[f"dated:{spec['target']}"] = True

    def hook_contact(self, anchor: str, items: list) -> None:
        entry: dict[str, Any] = {}
        for item, _spec in items:
            if item.attr is None:
                entry["name"] = item.value
                self.account.map(item.pointer, "contact_points[].name")
            elif item.attr == "URI":
                new = self.convert(item, "contact_points[].url", ["url"])
                if new:
                    entry["url"] = new
            elif item.attr == "email":
                new = self.convert(item, "contact_points[].email", ["email"])
                if new:
                    entry["email"] = new
        if entry:
            existing = self.out.setdefault("contact_points", [])
            if entry not in existing:
                existing.append(entry)

    def hook_period_text(self, anchor: str, items: list) -> None:
        for item, _spec in items:  # the period in words; its @date says it exactly
            self.account.map(item.pointer, "temporal_coverage")

    def hook_period_event(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            self.account.map(item.pointer, "temporal_coverage")
            self.ctx.state["event"] = item.value

    def hook_period_date(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            try:
                new = normalise.get("date")(item.value)
            except Rejected as exc:
                self.ctx.unmapped(item.pointer, item.value, f"date: {exc}", reason="rejected")
                continue
            self.periods.append((item.pointer, item.value, new))

    def hook_place(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            new = self.convert(item, "spatial_coverage[]", ["location"])
            if new:
                places = self.out.setdefault("spatial_coverage", [])
                if new not in places:
                    places.append(new)

    def hook_place_code(self, anchor: str, items: list) -> None:
        # nation/@abbr ("us", "GB"): the same place as the element's text, as a code
        for item, _spec in items:
            self.account.map(item.pointer, "spatial_coverage[].code")

    def hook_var_files(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            self.var_table = item.value.split()[0]
            self.account.map(item.pointer, "tables[]")

    def hook_var_format(self, anchor: str, items: list) -> None:
        for item, _spec in items:
            self.var["source_data_type"] = item.value
            self.account.map(item.pointer, "tables[].variables[].source_data_type")
            kind = item.value.casefold()
            if kind == "character":
                self.var["data_type"] = "string"
            elif kind == "numeric":
                dcml = self.var_attrs.get("dcml")
                self.var["data_type"] = "integer" if dcml == "0" else "decimal"

    def hook_sum_stat(self, anchor: str, items: list) -> None:
        kind = next((i.value for i, _ in items if i.attr == "type"), None)
        for item, _spec in items:
            if item.attr == "type":
                self.account.map(item.pointer, "annotations[].property")
            else:
                self.var.setdefault("annotations", []).append(
                    {"property": f"ddi:sumStat:{kind or 'value'}", "value": item.value})
                self.account.map(item.pointer, "annotations[].value")

    def hook_cat_stat(self, anchor: str, items: list) -> None:
        kind = next((i.value for i, _ in items if i.attr == "type"), "freq")
        for item, _spec in items:
            if kind != "freq":
                self.ctx.unmapped(item.pointer, item.value, f"category statistic {kind!r} (no model slot)")
            elif item.attr == "type":
                self.account.map(item.pointer, "value_set[].frequency")
            else:
                new = self.convert(item, "value_set[].frequency", ["count"])
                if new is not None:
                    self.cat["frequency"] = new

    # -- anchors opening and closing ------------------------------------------------------
    def open_file(self) -> None:
        self.file = {}
        self.stamp += 1

    def close_file(self) -> None:
        table = self.file or {}
        self.file = None
        key = table.get("source_identifier") or f"file{len(self.tables) + 1}"
        table.setdefault("name", table.get("source_identifier") or key)
        self.tables[key] = table

    def open_var(self, attrs: dict[str, str]) -> None:
        self.var = {}
        self.var_attrs = {attr_name(k): v for k, v in attrs.items()}
        self.var_table = None
        self.stamp += 1

    def close_var(self, pointer: str) -> None:
        var = self.var or {}
        self.var = None
        if not var.get("name"):
            fallback = var.get("source_identifier") or var.get("label")
            if not fallback:
                raise RecordError("a variable has neither a name nor an ID", where=pointer)
            var["name"] = fallback
        table = self.tables.get(self.var_table or "")
        if table is None:
            if len(self.tables) == 1 and self.default_table is None:
                table = next(iter(self.tables.values()))
            else:
                if self.default_table is None:
                    self.default_table = {"name": "variables", "description": "Variables of the codebook's dataDscr"}
                table = self.default_table
        table.setdefault("variables", []).append(var)

    def open_cat(self) -> None:
        self.cat = {}
        self.stamp += 1

    def close_cat(self) -> None:
        cat = self.cat or {}
        self.cat = None
        if "code" not in cat and cat.get("label"):
            cat["code"] = cat["label"]
        if cat:
            self.var.setdefault("value_set", []).append(cat)

    def finish(self) -> dict[str, Any]:
        if self.periods:
            dates = sorted(new for _p, _v, new in self.periods)
            period = {"start_date": dates[0], "end_date": dates[-1]}
            self.out["temporal_coverage"] = period
            for pointer, value, _new in self.periods:
                self.account.normalise(pointer, "temporal_coverage", value, period, "ddi_time_periods",
                                       "the earliest and latest dates of the study's time periods")
        tables = list(self.tables.values())
        if self.default_table is not None:
            tables.append(self.default_table)
        if tables:
            self.out["tables"] = tables
        record = prune(self.out)
        if self.ctx.extensions:
            record["extensions"] = self.ctx.extensions
        return record


def _anchor(path: list[str]) -> tuple[str, list[str]]:
    if len(path) >= 3 and path[1] == "dataDscr" and path[2] == "var":
        if len(path) >= 4 and path[3] == "catgry":
            return "category", path[4:]
        return "variable", path[3:]
    if len(path) >= 2 and path[1] == "fileDscr":
        return "file", path[2:]
    return "dataset", path[1:]


class DdiCodebookReader(Reader):
    name = "ddi-codebook"
    title = "DDI Codebook 2.5 XML (streamed; study, files, variables, categories with frequencies)"
    format_versions = ("2.5", "2.1", "2.0")
    suffixes = (".xml",)

    def detect(self, source: Source) -> Detection | None:
        if source.looks_like_json():
            return None
        root = xml_root_tag(source)
        if root is None or root[1] != "codeBook":
            return None
        match = DDI_NS.search(root[0])
        if match:
            version = f"{match.group(1)}.{match.group(2)}" if match.group(1) else None
            return Detection(self.name, 0.95, f"XML root <codeBook> in the DDI Codebook namespace {root[0]!r}", version)
        return Detection(self.name, 0.8, f"XML root <codeBook> (DDI Codebook; namespace {root[0] or 'none'!r})")

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        account = Account()
        result = RecordResult(source=source.name, account=account)
        build = Codebook(account)
        stack: list[tuple[str, str, dict[str, int]]] = []  # (tag, xpath step, child counters)
        count = 0
        try:
            for event, elem in iterparse(source):
                tag = local(elem.tag)
                if event == "start":
                    counters = stack[-1][2] if stack else {}
                    n = counters.get(tag, 0) + 1
                    counters[tag] = n
                    stack.append((tag, f"{tag}[{n}]" if n > 1 else tag, {}))
                    if not stack[:-1] and tag != "codeBook":
                        raise InputError(f"not a DDI Codebook (root element is <{tag}>)", file=source.name)
                    path = [s[0] for s in stack]
                    anchor, rel = _anchor(path)
                    if anchor == "variable" and not rel:
                        build.open_var(elem.attrib)
                    elif anchor == "category" and not rel:
                        build.open_cat()
                    elif anchor == "file" and not rel:
                        build.open_file()
                    continue
                path = [s[0] for s in stack]
                pointer = "/" + "/".join(s[1] for s in stack)
                anchor, rel = _anchor(path)
                values = []  # attributes first: an element's @date decides before its text
                for key, value in elem.attrib.items():
                    if value.strip():
                        values.append(_Value("", f"{pointer}/@{attr_name(key)}", value, attr_name(key)))
                text = (elem.text or "").strip()
                if text:
                    values.append(_Value("", pointer, text, None))
                count += len(values)
                if values:
                    build.element(anchor, rel, values)
                if anchor == "category" and not rel:
                    build.close_cat()
                elif anchor == "variable" and not rel:
                    build.close_var(pointer)
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None:
                        parent.remove(elem)  # stream: the mapped variable is not kept in the tree
                elif anchor == "file" and not rel:
                    build.close_file()
                elif len(stack) == 2:
                    elem.clear()
                stack.pop()
            account.source_values = count
            record = build.finish()
            if not record.get("title"):
                raise RecordError("required value missing: the codebook has no study title (stdyDscr/citation/titlStmt/titl)",
                                  where="/codeBook/stdyDscr/citation/titlStmt/titl")
            result.record = record
            result.format_version = "2.5"
        except RecordError as exc:
            account.source_values = count
            result.error = exc
        yield result
