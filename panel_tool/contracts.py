"""The JSON contracts in `schemas/`: canonical records and source profiles, loaded and checked.

The schema files are the allowlist: a field that is not in them does not exist for the rest of
the tool. Profiles are data, so a force with a new header writes a file rather than code.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.shipped import shipped_path

KINDS = {"stop-search": "stop_search", "use-of-force": "use_of_force"}
PROTECTION_CLASSES = ("direct_identifier", "quasi_identifier", "free_text", "officer_identifier", "attribute")


def schema_dir() -> Path:
    """Where the contracts live: `schemas/`, shipped inside the package."""
    return shipped_path("schemas")


@cache
def canonical_schema(kind: str) -> dict:
    """The JSON Schema of the canonical record for `kind` ('stop-search' or 'use-of-force')."""
    if kind not in KINDS:
        raise InputError(f"'{kind}' is not a kind of record this tool knows", expected="stop-search or use-of-force")
    return json.loads((schema_dir() / f"{KINDS[kind]}.schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Field:
    """One canonical field, as the schema declares it."""

    name: str
    kind: str  # enum, boolean, number, integer, datetime, date, time, string, list
    protection: str
    allowed: tuple = ()
    legacy: dict = field(default_factory=dict)
    derived_from: str | None = None
    pseudonymise: bool = False


def _field_kind(spec: dict) -> str:
    if "enum" in spec:
        return "enum"
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    main = next(t for t in types if t != "null")
    if main == "array":
        return "list"
    if main == "string":
        return {"date-time": "datetime", "date": "date"}.get(spec.get("format"), "time" if "pattern" in spec else "string")
    return main


@cache
def canonical_fields(kind: str) -> dict[str, Field]:
    """Field name -> Field for the canonical record of `kind`, in schema order."""
    out = {}
    for name, spec in canonical_schema(kind)["properties"].items():
        allowed = tuple(v for v in spec.get("enum", spec.get("items", {}).get("enum", [])) if v is not None)
        out[name] = Field(name=name, kind=_field_kind(spec), protection=spec["x-protection"], allowed=allowed,
                          legacy=spec.get("x-legacy", {}), derived_from=spec.get("x-derived"),
                          pseudonymise=spec.get("x-pseudonymise", False))
    return out


@dataclass(frozen=True)
class Profile:
    """A source layout and how its columns and values map to the canonical record."""

    name: str
    title: str
    kind: str
    format: str
    columns: dict
    required: tuple
    values: dict
    true_values: frozenset
    false_values: frozenset
    datetime_formats: tuple
    local_timezone: str
    month_from_filename: bool
    source: str

    @property
    def fields(self) -> dict[str, Field]:
        return canonical_fields(self.kind)


def builtin_profile_names() -> list[str]:
    return sorted(p.stem for p in (schema_dir() / "profiles").glob("*.json"))


@cache
def _profile_validator():
    # Imported here: jsonschema costs over a second to import, and only users' own profile files need it
    # (the built-in profiles are checked by the test suite).
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads((schema_dir() / "profile.schema.json").read_text(encoding="utf-8")))


def shipped_or_file(name_or_path: str, folder: str, noun: str, names) -> tuple[Path, bool]:
    """schemas/FOLDER/NAME.json for a bare name, else the file at that path (a name ending .json or
    holding a folder); and whether it is one we ship, which the test suite has already checked.
    `names` lists the shipped ones, called only for the error."""
    path = Path(name_or_path)
    shipped = not (path.suffix == ".json" or os.sep in name_or_path)
    if shipped:
        path = schema_dir() / folder / f"{name_or_path}.json"
        if not path.exists():
            raise InputError(f"there is no {noun} called '{name_or_path}'",
                             expected="one of " + ", ".join(names()) + f", or the path of a {noun.split()[-1]} .json file")
    return path, shipped


def load_profile(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path; checked before use."""
    path, builtin = shipped_or_file(name_or_path, "profiles", "profile", builtin_profile_names)
    if not path.exists():
        raise InputError("this profile file does not exist", file=str(path))
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"this profile is not valid JSON ({exc})", file=str(path)) from None
    return profile_from_dict(spec, source=str(path), check_schema=not builtin)


def profile_errors(spec: dict) -> list:
    """Where `spec` breaks schemas/profile.schema.json, first problem first."""
    return sorted(_profile_validator().iter_errors(spec), key=lambda e: list(e.absolute_path))


def profile_from_dict(spec: dict, source: str = "<profile>", check_schema: bool = True) -> Profile:
    errors = profile_errors(spec) if check_schema else []
    if errors:
        err = errors[0]
        at = "/".join(str(p) for p in err.absolute_path) or "the top level"
        raise InputError(f"this profile is not valid: at {at}, {err.message}", file=source,
                         expected="a profile as described in schemas/profile.schema.json")
    fields = canonical_fields(spec["kind"])
    for column, mapping in spec["columns"].items():
        target = fields.get(mapping["field"])
        if target is None:
            raise InputError(f"this profile maps column '{column}' to '{mapping['field']}', which is not a field of a {spec['kind']} record",
                             file=source, expected="one of " + ", ".join(fields))
        if target.kind == "list" and not ("flag" in mapping or "item" in mapping):
            raise InputError(f"column '{column}' fills the list field '{target.name}' but says neither 'flag' nor 'item'", file=source)
    missing = [c for c in spec["required"] if c not in spec["columns"]]
    if missing:
        raise InputError(f"this profile requires columns it does not map: {', '.join(missing)}", file=source)
    booleans = spec.get("booleans", {"true": ["True", "Yes", "Y"], "false": ["False", "No", "N"]})
    return Profile(
        name=spec["name"], title=spec["title"], kind=spec["kind"], format=spec["format"], columns=spec["columns"],
        required=tuple(spec["required"]), values=spec.get("values", {}),
        true_values=frozenset(v.casefold() for v in booleans["true"]),
        false_values=frozenset(v.casefold() for v in booleans["false"]),
        datetime_formats=tuple(spec.get("datetime_formats", ["ISO8601"])),
        local_timezone=spec.get("local_timezone", "UTC"), month_from_filename=spec.get("month_from_filename", False),
        source=source,
    )
