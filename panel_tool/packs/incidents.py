"""Use of force: one form per officer per subject, so a panel case is an incident, not a form.

Forms share an incident when they share the force's incident reference; without one, when they
share the date, time, area and the subject's age, gender and ethnicity (the same person at the
same moment).
"""

from __future__ import annotations

import pandas as pd

SUBJECT_KEY = ["incident_date", "incident_time", "area", "subject_age", "subject_gender", "subject_ethnicity"]
FIRST = ["incident_ref", "incident_date", "incident_time", "area", "subject_age", "subject_age_range", "subject_gender",
         "subject_ethnicity"]
ANY = ["physical_disability", "mental_disability", "staff_injured", "subject_injured"]
LISTS = ["location_types", "impact_factors", "reasons", "tactics", "outcomes"]


def incident_ids(forms: pd.DataFrame) -> pd.Series:
    by_ref = forms["incident_ref"].notna()
    ids = pd.Series(-1, index=forms.index, dtype="int64")
    if by_ref.any():
        ids[by_ref] = forms.loc[by_ref].groupby("incident_ref", observed=True, sort=False).ngroup()
    if (~by_ref).any():
        rest = forms.loc[~by_ref, SUBJECT_KEY].astype(object).fillna("")
        ids[~by_ref] = rest.groupby(SUBJECT_KEY, sort=False).ngroup() + ids.max() + 1
    return ids


def group_incidents(forms: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: subject details from its first form, every tactic and flag any form recorded."""
    ids = incident_ids(forms)
    grouped = forms.assign(_incident=ids.to_numpy())
    incidents = grouped.groupby("_incident", sort=True)[FIRST].first()
    for name in ANY:
        incidents[name] = grouped.groupby("_incident")[name].max()
    for name in LISTS:
        items = grouped[["_incident", name]].explode(name).dropna().drop_duplicates()
        # Python lists, built here: ingest reads these columns as Arrow lists, whose groups come back
        # as arrays, not lists (an isinstance(v, list) test once emptied every incident's tactics)
        collected = {incident: [str(item) for item in group] for incident, group in items.groupby("_incident")[name]}
        incidents[name] = pd.Series([collected.get(i, []) for i in incidents.index], index=incidents.index, dtype=object)
    incidents["form_rows"] = pd.Series(forms.index, index=forms.index).groupby(ids.to_numpy()).agg(list)
    incidents["officers"] = incidents["form_rows"].str.len()
    return incidents.reset_index(drop=True)
