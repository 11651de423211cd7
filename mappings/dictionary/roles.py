"""Which column of a data dictionary plays which role (name, label, data type, code list …).

Roles come from the user's config when given, otherwise they are inferred from the header
by the names in `roles.yaml`, checked against the column's values where a name alone is
ambiguous (a "dataType" column holding "PrimitiveType" is not a data type). Every
assignment carries its reason, which `harmonise detect` and the run report show.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from harmonise import normalise
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import fold

ROLES_FILE = Path(__file__).resolve().parent / "roles.yaml"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_UNNAMED = re.compile(r"column \d+")
#: A value check may drop a candidate column only when it saw at least this many values.
MIN_SAMPLES = 3
MIN_SHARE = 0.5


@functools.lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    with ROLES_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for group in ("variables", "code_lists"):
        for role in data[group].values():
            role["folded"] = [fold_header(n) for n in role["names"]]
    data["code_list_sheet_names"] = {fold_header(n) for n in data["code_list_sheets"]}
    return data


def variable_roles() -> dict[str, dict[str, Any]]:
    return spec()["variables"]


def code_list_roles() -> dict[str, dict[str, Any]]:
    return spec()["code_lists"]


def fold_header(text: str) -> str:
    """camelCase split, lower case, punctuation to spaces: "cdmFieldName" -> "cdm field name"."""
    return fold(_CAMEL.sub(" ", text.strip()))


def is_code_list_name(name: str) -> bool:
    """True for sheet names / file-name tokens such as "Categories", "Codes", "Value labels"."""
    return fold_header(name) in spec()["code_list_sheet_names"]


@dataclass
class Assignment:
    role: str
    columns: list[str]
    reason: str
    #: for roles that take several columns: why each further column was added
    more: dict[str, str] = field(default_factory=dict)


@dataclass
class Roles:
    """The role of each column; `inferred` when any came from the header rather than a config."""

    assigned: dict[str, Assignment] = field(default_factory=dict)
    inferred: bool = False

    def column(self, role: str) -> str | None:
        found = self.assigned.get(role)
        return found.columns[0] if found else None

    def columns(self, role: str) -> list[str]:
        found = self.assigned.get(role)
        return list(found.columns) if found else []

    def by_column(self) -> dict[str, str]:
        return {column: a.role for a in self.assigned.values() for column in a.columns}

    def summary(self) -> str:
        parts = []
        for a in self.assigned.values():
            if a.more:
                cols = ", ".join(f"{c!r} ({a.more.get(c, a.reason)})" for c in a.columns)
                parts.append(f"{a.role}={cols}")
            else:
                parts.append(f"{a.role}={', '.join(repr(c) for c in a.columns)} ({a.reason})")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {a.role: {"columns": a.columns, "reason": a.reason} for a in self.assigned.values()}


def _score(folded: str, names: list[str]) -> tuple[int, str, bool] | None:
    """How well a folded header matches a role's names: equal beats contained; earlier beats later."""
    tokens = folded.split()
    best: tuple[int, str, bool] | None = None
    for index, name in enumerate(names):
        exact = folded == name
        if exact:
            score = 1000 - index
        else:
            parts = name.split()
            width = len(parts)
            if not any(tokens[i:i + width] == parts for i in range(len(tokens) - width + 1)):
                continue
            score = 500 - index - 5 * (len(tokens) - width)
        if best is None or score > best[0]:
            best = (score, name, exact)
    return best


def _share_valid(values: list[str], check: Callable[[str], Any]) -> float | None:
    seen = ok = 0
    for value in values:
        if not value.strip():
            continue
        seen += 1
        try:
            check(value)
            ok += 1
        except Rejected:
            pass
    return ok / seen if seen >= MIN_SAMPLES else None


def _not_a_flag(value: str) -> str:
    """A reference ("concept.concept_id"), not a yes/no flag such as OMOP's isForeignKey."""
    if fold(value) in {"yes", "no", "y", "n", "true", "false", "1", "0", "na"}:
        raise Rejected(f"a flag, not a reference: {value!r}")
    return value


def _value_checks() -> dict[str, Callable[[str], Any]]:
    return {"data_type": normalise.get("data_type"), "code_list": normalise.get("choices"),
            "references": _not_a_flag}


def infer(header: list[str], role_spec: dict[str, dict[str, Any]], samples: Iterable[dict[str, str]] = (),
          fixed: dict[str, list[str]] | None = None, checks: dict[str, Callable[[str], Any]] | None = None) -> Roles:
    """Give each role the best-matching free column; `fixed` (from a config) wins over inference."""
    roles = Roles()
    taken: set[str] = set()
    for role, columns in (fixed or {}).items():
        roles.assigned[role] = Assignment(role, list(columns), "named in the config")
        taken.update(columns)
    samples = list(samples)
    checks = checks if checks is not None else {}
    candidates: list[tuple[int, int, str, str, str]] = []
    for position, column in enumerate(header):
        if not column or column in taken:
            continue
        folded = fold_header(column)
        if _UNNAMED.fullmatch(folded):
            continue  # a header cell left empty (named "column N" by the sheet reader)
        for role, info in role_spec.items():
            if role in roles.assigned and not info.get("multi"):
                continue
            found = _score(folded, info["folded"])
            if found is None:
                continue
            score, name, exact = found
            reason = f"header {'is' if exact else 'contains'} {name!r}"
            if role in checks:
                share = _share_valid([s.get(column, "") for s in samples], checks[role])
                if share is not None and share < MIN_SHARE:
                    continue
                if share is not None:
                    reason += f", {share:.0%} of its values read as {role.replace('_', ' ')}s"
            candidates.append((score, -position, role, column, reason))
    candidates.sort(reverse=True)
    for _score_, _pos, role, column, reason in candidates:
        if column in taken:
            continue
        info = role_spec[role]
        if role in roles.assigned:
            if not info.get("multi") or roles.assigned[role].reason == "named in the config":
                continue
            first = roles.assigned[role]
            first.more.setdefault(first.columns[0], first.reason)
            first.more[column] = reason
            first.columns.append(column)
        else:
            roles.assigned[role] = Assignment(role, [column], reason)
        roles.inferred = True
        taken.add(column)
    # keep the header's column order inside multi-column roles
    for a in roles.assigned.values():
        if len(a.columns) > 1:
            a.columns.sort(key=lambda c: header.index(c) if c in header else len(header))
    return roles


def infer_variable_roles(header: list[str], samples: Iterable[dict[str, str]] = (),
                         fixed: dict[str, list[str]] | None = None) -> Roles:
    roles = infer(header, variable_roles(), samples, fixed, _value_checks())
    if "name" not in roles.assigned and "label" in roles.assigned and not (fixed and "label" in fixed):
        moved = roles.assigned.pop("label")
        roles.assigned = {"name": Assignment("name", moved.columns,
                                             f"no name column; the label column holds the names ({moved.reason})"),
                          **roles.assigned}
    order = list(variable_roles())
    roles.assigned = dict(sorted(roles.assigned.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
    return roles


def infer_code_list_roles(header: list[str], fixed: dict[str, list[str]] | None = None) -> Roles:
    return infer(header, code_list_roles(), (), fixed, {})


def absent(value: Any) -> bool:
    return value is ABSENT
