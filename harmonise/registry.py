"""Finds every reader and writer: built-in modules and third-party entry points.

Built-in mapping modules are the modules under `harmonise.mappings` (and the generic
writers under `harmonise.writers`); a third-party package registers a module under the
`harmonise.mappings` entry-point group. Each module lists its `READERS` and `WRITERS`.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from importlib import metadata
from types import ModuleType

from harmonise.errors import UsageError
from harmonise.mapping import Reader, Writer

ENTRY_POINT_GROUP = "harmonise.mappings"


@dataclass
class Registry:
    readers: dict[str, Reader] = field(default_factory=dict)
    writers: dict[str, Writer] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)

    def add_module(self, module: ModuleType, origin: str) -> None:
        self.modules.append(module.__name__)
        for reader in getattr(module, "READERS", ()):
            self._add(self.readers, reader, origin)
        for writer in getattr(module, "WRITERS", ()):
            self._add(self.writers, writer, origin)

    def _add(self, table: dict, item, origin: str) -> None:
        if item.name in table and type(table[item.name]) is not type(item):
            self.problems.append(f"{origin}: name {item.name!r} is already taken by {type(table[item.name]).__module__}")
            return
        table[item.name] = item

    def reader(self, name: str) -> Reader:
        try:
            return self.readers[name]
        except KeyError:
            raise UsageError(f"unknown reader {name!r}; see `harmonise formats` (known: {', '.join(sorted(self.readers))})") from None

    def writer(self, name: str) -> Writer:
        try:
            return self.writers[name]
        except KeyError:
            raise UsageError(f"unknown writer {name!r}; see `harmonise formats` (known: {', '.join(sorted(self.writers))})") from None


def _iter_builtin_modules(package_name: str):
    package = importlib.import_module(package_name)
    for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("_") or leaf in {"tests", "scripts"}:
            continue
        yield info.name


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    reg = Registry()
    for package in ("harmonise.writers", "harmonise.mappings"):
        for name in _iter_builtin_modules(package):
            module = importlib.import_module(name)
            reg.add_module(module, name)
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            module = entry.load()
        except Exception as exc:  # a broken third-party module must not break the tool
            reg.problems.append(f"entry point {entry.name!r} ({entry.value}) failed to load: {exc}")
            continue
        reg.add_module(module, f"entry point {entry.name}")
    return reg
