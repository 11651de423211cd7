"""Reader `ckan`: CKAN dataset (package) dicts — `package_show` / `package_search` API
responses, bare package dicts, arrays of them — with `extras`, resources (-> distributions)
and ckanext-dcat's DCAT-AP / HealthDCAT-AP fields."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from harmonise.crosswalk import Context
from harmonise.errors import InputError
from harmonise.mapping import Detection
from harmonise.mappings._exchange import CrosswalkReader
from harmonise.mappings.ckan.hooks import HOOKS
from harmonise.sources import Source, iter_json_items

HERE = Path(__file__).resolve().parent
#: keys every CKAN package dict carries (core schema); five or more decide
CKAN_KEYS = frozenset({"num_resources", "num_tags", "license_id", "metadata_created", "metadata_modified",
                       "owner_org", "notes", "isopen", "private", "state", "resources", "tags", "extras",
                       "organization", "creator_user_id", "relationships_as_object", "groups"})


def ckan_score(doc: Any) -> int:
    return len(CKAN_KEYS & doc.keys()) if isinstance(doc, dict) else 0


class CkanReader(CrosswalkReader):
    name = "ckan"
    title = "CKAN package JSON (package_show / package_search, data.gov.uk, ckanext-dcat HealthDCAT-AP fields)"
    format_versions = ("2.x",)
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS

    def split(self, doc: Any) -> Iterator[tuple[str, Any]]:
        prefix = self.container(doc)
        if prefix is None:
            yield "", doc
            return
        node: Any = doc
        for part in prefix.split(".")[:-1]:
            node = node[part]
        base = "".join(f"/{part}" for part in prefix.split(".")[:-1])
        for n, item in enumerate(node):
            yield f"{base}/{n}", item

    @staticmethod
    def container(doc: Any) -> str | None:
        """Where the packages sit (ijson prefix), or None for one bare package."""
        if isinstance(doc, list):
            return "item"
        if isinstance(doc, dict) and "help" in doc and "result" in doc:
            result = doc["result"]
            return "result.results.item" if isinstance(result, dict) and isinstance(result.get("results"), list) else None
        if isinstance(doc, dict) and isinstance(doc.get("results"), list) and "count" in doc:
            return "results.item"
        return None

    def records(self, source: Source) -> Iterator[tuple[str, Any]]:
        skeleton = source.json_skeleton()
        if isinstance(skeleton, dict) and "help" in skeleton and ("result" in skeleton or "success" in skeleton):
            if skeleton.get("success") is False or "result" not in skeleton:
                error = skeleton.get("error") or {}
                message = error.get("message") if isinstance(error, dict) else error
                raise InputError(f"the CKAN API reported an error: {message or 'no result'}", file=source.name)
            if self.container(skeleton) is None:  # package_show: one package under /result
                yield "/result", source.json()["result"]
                return
        prefix = self.container(skeleton)
        if prefix is None:
            yield "", source.json()
            return
        base = "".join(f"/{part}" for part in prefix.split(".")[:-1])
        for n, item in iter_json_items(source, prefix):  # streamed: a large package_search dump is not read whole
            yield f"{base}/{n}", item

    def detect(self, source: Source) -> Detection | None:
        if not source.looks_like_json():
            return None
        doc = source.json_skeleton()
        if isinstance(doc, dict) and "help" in doc and ("result" in doc or "success" in doc):
            helped = str(doc.get("help"))
            if "package_show" in helped or "package_search" in helped:
                action = "package_show" if "package_show" in helped else "package_search"
                return Detection(self.name, 0.99, f"CKAN API response envelope ({action})")
        first = self.first(source)
        score = ckan_score(first)
        if score >= 5:
            return Detection(self.name, 0.95, f"CKAN package dict ({score} core CKAN keys: notes, resources, license_id …)")
        return None

    def prepare(self, ctx: Context, doc: dict[str, Any]) -> Any:
        ctx.state["doc"] = doc
        return doc
