"""The contracts in schemas/: valid JSON Schema, consistent profiles, every field classed."""

from __future__ import annotations

import json

import jsonschema
import pytest

from panel_tool.contracts import (PROTECTION_CLASSES, builtin_profile_names, canonical_fields, canonical_schema,
                                  load_profile, profile_errors, schema_dir)


@pytest.mark.parametrize("kind", ["stop-search", "use-of-force"])
def test_canonical_schema_is_valid_2020_12_and_every_field_is_classed(kind):
    schema = canonical_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, spec in schema["properties"].items():
        assert spec["x-protection"] in PROTECTION_CLASSES, name
        assert spec.get("description"), f"{name} needs a plain-English description"
        for old, new in spec.get("x-legacy", {}).items():
            assert new is None or new in spec["enum"], (name, old, new)


def test_identifiers_are_classed_as_the_domain_requires():
    fields = canonical_fields("stop-search")
    for name in ("subject_name", "subject_dob", "subject_address", "vehicle_reg", "crime_ref", "officer_name", "bwv_ref", "location"):
        assert fields[name].protection == "direct_identifier", name
    assert fields["officer_id"].protection == "officer_identifier"
    assert fields["grounds"].protection == "free_text"
    assert fields["record_id"].pseudonymise
    assert canonical_fields("use-of-force")["officer_account"].protection == "free_text"


def test_builtin_profiles_validate_against_the_profile_schema():
    names = builtin_profile_names()
    assert names == ["data-police-uk", "data-police-uk-api", "force-export", "met-use-of-force"]
    for name in names:
        spec = json.loads((schema_dir() / "profiles" / f"{name}.json").read_text())
        assert profile_errors(spec) == [], name
        profile = load_profile(name)
        assert set(profile.required) <= set(profile.columns)


def test_force_export_template_has_exactly_the_documented_columns():
    profile = load_profile("force-export")
    assert list(profile.columns) == [
        "record_id", "searched_at", "location", "latitude", "longitude", "search_type", "legislation", "object_of_search",
        "grounds", "outcome", "outcome_linked", "more_than_outer_clothing", "gender", "age", "self_defined_ethnicity",
        "officer_defined_ethnicity", "officer_id", "officer_name", "bwv_used", "bwv_ref", "subject_name", "subject_dob",
        "subject_address", "vehicle_reg", "crime_ref"]


def test_met_profile_has_twenty_tactic_columns_and_maps_every_met_tactic():
    profile = load_profile("met-use-of-force")
    assert [c for c in profile.columns if c.startswith("Tactic ")] == [f"Tactic {i}" for i in range(1, 21)]
    allowed = set(canonical_fields("use-of-force")["tactics"].allowed)
    assert set(profile.values["tactics"].values()) <= allowed
