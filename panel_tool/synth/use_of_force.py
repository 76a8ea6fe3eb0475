"""Synthetic use-of-force forms in the Met's layout (met-use-of-force profile).

One row per officer per subject: an incident with 1-4 officers gives 1-4 rows sharing IncidentRef,
date, time, borough, place and the subject's details; each officer has their own reasons,
tactics (Tactic 1..20 filled left to right, in the Met's spellings), injury flag and written
account. Flags are Yes/No as in the Met's published data.
"""

from __future__ import annotations

import numpy as np

from panel_tool.contracts import load_profile
from panel_tool.synth import identities as ids
from panel_tool.synth.grounds import compose
from panel_tool.synth.stop_search import blank, local_times, month_of, uk_offsets
from panel_tool.synth.tables import nullable_int

REGION = "london"
CHUNK_ROWS = 1 << 16
OFFICERS_PER_INCIDENT = {1: 0.50, 2: 0.28, 3: 0.14, 4: 0.08}

LOCATION_TYPES = {
    "Location Type: Street/Highway": 0.55, "Location Type: Dwelling": 0.15, "Location Type: Public Transport": 0.04,
    "Location Type: Retail Premises": 0.05, "Location Type: Open ground (e.g. park, car park, field)": 0.04,
    "Location Type: Licensed Premises": 0.03, "Location Type: Hospital/A&E (non-mental-health setting)": 0.03,
    "Location Type: Mental Health Setting": 0.02, "Location Type: Police vehicle": 0.03, "Location Type: Custody Block": 0.05,
    "Location Type: Other": 0.01,
}
IMPACT_FACTORS = {
    "Impact Factor: Possesion of a weapon": 0.10, "Impact Factor: Alcohol": 0.30, "Impact Factor: Drugs": 0.20,
    "Impact Factor: Mental Health": 0.15, "Impact Factor: Size/Gender/Build": 0.35, "Impact Factor: Crowd": 0.10,
    "Impact Factor: Prior Knowledge": 0.15,
}
REASONS = {
    "Reason for Force: Protect self": 0.70, "Reason for Force: Protect Public": 0.40, "Reason for Force: Protect Subject": 0.30,
    "Reason for Force: Prevent Offence": 0.30, "Reason for Force: Effect Arrest": 0.75, "Reason for Force: Prevent Escape": 0.45,
    "Reason for Force: Secure Evidence": 0.05,
}
# What happened to the person: one main outcome, and sometimes hospital as well.
MAIN_OUTCOMES = {"Outcome: Arrested": 0.80, "Outcome: Detained - Mental Health Act": 0.07, "Outcome: Made off/escaped": 0.03,
                 "Outcome: Other": 0.08, "Outcome: Hospitalised": 0.02}
ALSO_HOSPITALISED = 0.03
FATALITY = 0.0001
OUTCOME_FLAGS = tuple(MAIN_OUTCOMES) + ("Outcome: Fatality",)
# Relative frequency of each tactic (keys are the Met's spellings, as in the profile's values.tactics).
TACTIC_WEIGHTS = {
    "Compliant Handcuffing": 30, "Non Compliant Handcuffing": 25, "Unarmed Skills": 20, "Ground Restraint": 12,
    "Limb/Body Restraints": 4, "Spit Guard": 3, "Baton Drawn": 2, "Baton Used": 1, "Irritant Spray - Drawn": 2,
    "Irritant Spray - Used": 1, "CED Drawn": 6, "CED Aimed": 3, "CED Arced": 1, "CED Red-Dotted": 3, "CED Fired": 1,
    "CED Drive Stun": 0.3, "Firearms Aimed": 0.5, "Firearms Fired": 0.02, "Dog Deployed": 0.5, "Dog Bite": 0.1, "Shield": 0.5,
    "Other/Improvised": 1,
}
TACTIC_PHRASES = {
    "Compliant Handcuffing": "handcuffs", "Non Compliant Handcuffing": "handcuffs", "Unarmed Skills": "unarmed skills",
    "Ground Restraint": "a ground restraint", "Limb/Body Restraints": "leg restraints", "Spit Guard": "a spit and bite guard",
    "Baton Drawn": "my baton", "Baton Used": "my baton", "Irritant Spray - Drawn": "irritant spray",
    "Irritant Spray - Used": "irritant spray", "CED Drawn": "my Taser", "CED Aimed": "my Taser", "CED Arced": "my Taser",
    "CED Red-Dotted": "my Taser", "CED Fired": "my Taser", "CED Drive Stun": "my Taser", "Firearms Aimed": "my firearm",
    "Firearms Fired": "my firearm", "Dog Deployed": "my police dog", "Dog Bite": "my police dog", "Shield": "my shield",
    "Other/Improvised": "an improvised technique",
}
# The Met's own labels for the officer-recorded ethnicity (mapped by the schema's x-legacy).
ETHNICITY = {"White": 0.44, "Black (or Black British)": 0.30, "Asian (or Asian British)": 0.13, "Mixed": 0.03, "Other": 0.05,
             "Not Stated": 0.04, None: 0.01}
GENDER = {"Male": 0.85, "Female": 0.14, None: 0.01}

IDENTIFIERS = {"OfficerName": "NAME", "SubjectName": "NAME", "SubjectDOB": "DOB", "CustodyRef": "REFERENCE",
               "OfficerID": "OFFICER_ID"}


def check_values() -> None:
    """The tactic spellings used here are exactly the profile's (a contract test calls this)."""
    assert set(TACTIC_WEIGHTS) == set(load_profile("met-use-of-force").values["tactics"])
    columns = set(load_profile("met-use-of-force").columns)
    assert set(LOCATION_TYPES) | set(IMPACT_FACTORS) | set(REASONS) | set(OUTCOME_FLAGS) <= columns


def _weighted(spec: dict, n: int, rng: np.random.Generator) -> np.ndarray:
    values = np.empty(len(spec), dtype=object)
    values[:] = list(spec)
    weights = np.array(list(spec.values()), dtype=float)
    return values[rng.choice(len(spec), size=n, p=weights / weights.sum())]


def _yes_no(flags: np.ndarray) -> np.ndarray:
    return ids.either(flags, "Yes", "No")


def incidents(n: int, rng: np.random.Generator) -> np.ndarray:
    """The incident index of each of n forms: incidents of 1-4 officers, in order."""
    sizes = rng.choice(list(OFFICERS_PER_INCIDENT), size=n + 1, p=list(OFFICERS_PER_INCIDENT.values()))
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n)) + 1
    sizes = sizes[:k]
    sizes[-1] -= ends[k - 1] - n
    return np.repeat(np.arange(k), sizes)


def tactics(n: int, rng: np.random.Generator) -> np.ndarray:
    """An (n, 20) object matrix of tactics, filled left to right with None after the last."""
    names = np.array(list(TACTIC_WEIGHTS), dtype=object)
    weights = np.array(list(TACTIC_WEIGHTS.values()), dtype=float)
    count = np.minimum(rng.geometric(0.45, size=n), len(names))
    long = rng.random(n) < 0.005
    count[long] = rng.integers(8, 21, size=int(long.sum()))
    # Weighted sampling without replacement, all rows at once: sort Gumbel-perturbed log weights.
    keys = np.log(weights) + rng.gumbel(size=(n, len(names)))
    order = np.argsort(-keys, axis=1)[:, :20]
    out = names[order]
    out[np.arange(20)[None, :] >= count[:, None]] = None
    return out


def met_export(n: int, rng: np.random.Generator, progress=None, chunk_rows: int = CHUNK_ROWS):
    """A Met-style use-of-force export in slices of forms: yields (first row index, columns, planted spans).

    Incidents, their subjects and the crews are drawn first for the whole export; the forms'
    own columns and the officers' accounts are then made slice by slice (a slice may split an
    incident: its forms still share every incident field).
    """
    year, month = month_of(rng)
    inc = incidents(n, rng)
    k = int(inc.max()) + 1 if n else 0

    # The incident: when, where, who the subject was, what happened to them.
    local, _ = uk_offsets(local_times(k, rng, year, month))
    day = local.astype("datetime64[D]")
    y, mo, d = ids.date_parts(day)
    minutes = (local - day).astype(np.int64)
    incident_date = ids.ascii_strings(ids.digits(d, 2), b"/", ids.digits(mo, 2), b"/", ids.digits(y, 4))
    incident_time = ids.ascii_strings(ids.digits(minutes // 60, 2), b":", ids.digits(minutes % 60, 2))
    incident_ref = ids.ascii_strings(b"INC-", ids.digits(np.full(k, year % 100), 2), b"-",
                                     ids.digits(np.cumsum(rng.integers(1, 5, size=k)) + rng.integers(0, 90000), 6))
    town = ids.town_indices(k, rng, REGION)
    borough = ids.town_names(town, REGION)
    place = _weighted(LOCATION_TYPES, k, rng)
    second = _weighted(LOCATION_TYPES, k, rng)
    has_second = rng.random(k) < 0.15
    female = _weighted(GENDER, k, rng)
    gender = female.copy()
    female = female == "Female"
    age = np.clip(np.round(rng.gamma(4.0, 5.0, size=k) + 12), 10, 85)
    first, last = ids.first_names(k, rng, female), ids.surnames(k, rng)
    dob = ids.dates_of_birth(day, age, rng)
    age_text = np.where(rng.random(k) < 0.02, np.nan, age)
    ethnicity = _weighted(ETHNICITY, k, rng)
    main = _weighted(MAIN_OUTCOMES, k, rng)
    outcome_flags = {col: main == col for col in MAIN_OUTCOMES}
    outcome_flags["Outcome: Hospitalised"] |= rng.random(k) < ALSO_HOSPITALISED
    outcome_flags["Outcome: Fatality"] = rng.random(k) < FATALITY
    outcome_flags = {col: outcome_flags[col] for col in OUTCOME_FLAGS}
    arrested = outcome_flags["Outcome: Arrested"]
    sectioned = outcome_flags["Outcome: Detained - Mental Health Act"]
    named = rng.random(k) < np.where(arrested, 0.95, 0.7)
    subject_name = np.where(named, ids.full_names(first, last, rng), None)
    subject_dob = np.where(named & (rng.random(k) < 0.85), ids.dd_mm_yyyy(dob), None)
    custody = ids.custody_refs(k, rng, ("KD", "LX", "HT", "SC", "BS", "EK", "NH", "WW"))
    custody_ref = np.where(arrested & (rng.random(k) < 0.85), custody, None)
    impact = {col: rng.random(k) < p for col, p in IMPACT_FACTORS.items()}
    disability = rng.random(k) < 0.05, rng.random(k) < 0.15
    subject_injured = rng.random(k) < 0.12

    # The officers: colleagues crewed together, so one incident never names the same officer twice.
    m = max(5, round(n / 15))
    numbers = rng.choice(max(900000, 3 * m), size=m, replace=False) + 100000
    officer_ids = np.array([str(x) for x in numbers], dtype=object)
    officer_first = ids.first_names(m, rng, rng.random(m) < 0.3)
    officer_names = officer_first + " " + ids.surnames(m, rng)
    weights = rng.gamma(2.0, size=m)
    base = rng.choice(m, size=k, p=weights / weights.sum())
    position = np.arange(n) - np.searchsorted(inc, inc)  # 0 for the first officer of each incident
    officer = (base[inc] + position) % m

    form_sequence = np.arange(n) + 1 + rng.integers(0, 10**5)
    outcome = np.where(arrested, "arrest", np.where(sectioned, "mha", "other")).astype(object)
    incident = {"ref": incident_ref, "date": incident_date, "time": incident_time, "borough": borough, "place": place,
                "second": second, "has_second": has_second, "age": age_text, "gender": gender, "ethnicity": ethnicity,
                "female": female, "first": first, "last": last, "dob": dob, "town": town, "outcome": outcome,
                "outcome_flags": outcome_flags, "impact": impact, "disability": disability, "subject_injured": subject_injured,
                "subject_name": subject_name, "subject_dob": subject_dob, "custody_ref": custody_ref}
    for lo in range(0, n, chunk_rows):
        hi = min(n, lo + chunk_rows)
        columns, spans = _forms(hi - lo, rng, year, incident, inc[lo:hi], form_sequence[lo:hi],
                                officer_ids[officer[lo:hi]], officer_names[officer[lo:hi]])
        if progress:
            progress(f"{hi:,} of {n:,} forms")
        yield lo, columns, spans


def _forms(n: int, rng: np.random.Generator, year: int, incident: dict, inc: np.ndarray, sequence, officer_id, officer_name):
    place, second, has_second = incident["place"], incident["second"], incident["has_second"]
    columns: dict = {
        "FormID": ids.ascii_strings(b"UOF", ids.digits(np.full(n, year % 100), 2), ids.digits(sequence, 7)),
        "IncidentRef": incident["ref"][inc], "IncidentDate": incident["date"][inc], "IncidentTime": incident["time"][inc],
        "Borough": incident["borough"][inc],
    }
    for col in LOCATION_TYPES:
        columns[col] = _yes_no(((place == col) | (has_second & (second == col)))[inc])
    for col, flags in incident["impact"].items():
        per_form = flags[inc] ^ (rng.random(n) < 0.08)  # officers do not always see the same things
        columns[col] = _yes_no(per_form)
    for col, p in REASONS.items():
        columns[col] = _yes_no(rng.random(n) < p)
    tactic = tactics(n, rng)
    for j in range(20):
        columns[f"Tactic {j + 1}"] = tactic[:, j]
    columns["SubjectAge"] = nullable_int(incident["age"][inc])
    columns["SubjectGender"] = incident["gender"][inc]
    columns["SubjectEthnicity"] = incident["ethnicity"][inc]
    columns["PhysicalDisability"] = _yes_no(incident["disability"][0][inc])
    columns["MentalDisability"] = _yes_no(incident["disability"][1][inc])
    columns["StaffInjured"] = _yes_no(rng.random(n) < 0.06)
    columns["SubjectInjured"] = _yes_no(incident["subject_injured"][inc])
    for col, flags in incident["outcome_flags"].items():
        columns[col] = _yes_no(flags[inc])

    phrases = np.array([TACTIC_PHRASES.get(t, "handcuffs") for t in tactic[:, 0]], dtype=object)
    unknown = ~np.isin(incident["gender"][inc], ["Male", "Female"])
    accounts = compose(n, rng, "account", REGION, female=incident["female"][inc], unknown=unknown, topic=np.full(n, "force", dtype=object),
                       law=np.full(n, "pace", dtype=object), outcome=incident["outcome"][inc],
                       vehicle=(place == "Location Type: Police vehicle")[inc] | (rng.random(n) < 0.05),
                       town=incident["town"][inc], first=incident["first"][inc], last=incident["last"][inc],
                       dob=incident["dob"][inc], extra={"tactic": phrases})
    accounts.texts = blank(accounts.texts, 0.02, rng)
    columns["OfficerAccount"] = accounts.texts
    columns["OfficerID"] = blank(officer_id, 0.002, rng)
    columns["OfficerName"] = blank(officer_name, 0.01, rng)
    columns["SubjectName"] = incident["subject_name"][inc]
    columns["SubjectDOB"] = incident["subject_dob"][inc]
    columns["CustodyRef"] = incident["custody_ref"][inc]
    return columns, {"OfficerAccount": accounts}
