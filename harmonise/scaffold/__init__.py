"""`harmonise new-module NAME`: scaffold a mapping module as its own installable package.

The package it writes (from the templates beside this file) has:

    harmonise-NAME/
      pyproject.toml               registers the module under the `harmonise.mappings` entry-point group
      README.md                    how to fill it in, step by step
      harmonise_NAME/__init__.py   READERS = [...]: what the registry looks for
      harmonise_NAME/reader.py     detect (explicit hint first) + read (crosswalk, accounting)
      harmonise_NAME/crosswalk.yaml  source JSON Pointer -> model path, with named rules
      examples/NAME/example.json   an input the reader converts
      tests/test_NAME.py           converts the example and checks real values

After `pip install -e harmonise-NAME`, `harmonise formats` lists reader NAME and
`harmonise convert … --from NAME` uses it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from harmonise.errors import UsageError

TEMPLATES = Path(__file__).resolve().parent / "templates"
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")


@dataclass
class Package:
    root: Path
    reader: str
    module: str
    example: Path
    files: list[Path] = field(default_factory=list)


def names(name: str) -> dict[str, str]:
    """The spellings of a module name the templates use."""
    if not _NAME.match(name):
        raise UsageError(f"module name {name!r} must be lower-case letters and digits, words joined by - or _ "
                         "(e.g. registry-x)")
    words = re.split(r"[-_]", name)
    module = "harmonise_" + "_".join(words)
    return {
        "__NAME__": name,
        "__MODULE__": module,
        "__DIST__": "harmonise-" + "-".join(words),
        "__CLASS__": "".join(w.capitalize() for w in words),
        "__TITLE__": " ".join(w.capitalize() for w in words),
    }


def render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def create(name: str, out_dir: Path | None = None, force: bool = False) -> Package:
    """Write the package for module `name` under `out_dir` (default ./harmonise-NAME)."""
    values = names(name)
    root = Path(out_dir) if out_dir else Path.cwd() / values["__DIST__"]
    if root.exists() and any(root.iterdir()) and not force:
        raise UsageError(f"{root} already exists and is not empty (use --force to write into it)")
    package = Package(root=root, reader=name, module=values["__MODULE__"],
                      example=root / "examples" / name / "example.json")
    for template in sorted(TEMPLATES.rglob("*.tmpl")):
        relative = template.relative_to(TEMPLATES).as_posix()[: -len(".tmpl")]
        relative = relative.replace("module/", values["__MODULE__"] + "/", 1) if relative.startswith("module/") else relative
        relative = relative.replace("examples/", f"examples/{name}/", 1) if relative.startswith("examples/") else relative
        relative = relative.replace("test_module.py", f"test_{values['__MODULE__']}.py")
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        package.files.append(target)
    return package
