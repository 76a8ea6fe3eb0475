"""Synthetic stop-and-search records: a force's own export (force-export) and the public file (data-police-uk).

Value frequencies follow the real data.police.uk files in tests/data/real (West Yorkshire,
August 2021; City of London, January 2019): search types, legislation, objects consistent with the
power used, ~70% no further action, ~5% more than outer clothing removed, a young-skewed age
profile, ~12% "Not stated" self-defined ethnicity, officer-defined ethnicity that mostly agrees
with it and sometimes does not, and a few blanks in every column, as in the real files.
"""

from __future__ import annotations

import numpy as np

from panel_tool.contracts import canonical_fields
from panel_tool.synth import identities as ids
from panel_tool.synth.grounds import compose
from panel_tool.synth.tables import nullable_int

REGION = "west-yorkshire"

SEARCH_TYPES = {"Person search": 0.668, "Person and Vehicle search": 0.294, "Vehicle search": 0.038}

# legislation code -> (canonical value, share); "" is a blank cell.
LEGISLATION = {
    "mda": ("Misuse of Drugs Act 1971 (section 23)", 0.575),
    "pace": ("Police and Criminal Evidence Act 1984 (section 1)", 0.360),
    "fa": ("Firearms Act 1968 (section 47)", 0.015),
    "s60": ("Criminal Justice and Public Order Act 1994 (section 60)", 0.012),
    "cja": ("Criminal Justice Act 1988 (section 139B)", 0.006),
    "psa": ("Psychoactive Substances Act 2016 (s36(2))", 0.004),
    "": (None, 0.028),
}
# The object of the search, given the power used.
OBJECTS = {
    "mda": {"Controlled drugs": 0.985, "Evidence of offences under the Act": 0.015},
    "pace": {"Offensive weapons": 0.42, "Article for use in theft": 0.29, "Stolen goods": 0.19, "Controlled drugs": 0.03,
             "Articles for use in criminal damage": 0.04, "Firearms": 0.01, "Fireworks": 0.01, None: 0.01},
    "fa": {"Firearms": 1.0},
    "s60": {"Offensive weapons": 0.7, "Anything to threaten or harm anyone": 0.3},
    "cja": {"Offensive weapons": 1.0},
    "psa": {"Psychoactive substances": 1.0},
    "": {None: 0.7, "Controlled drugs": 0.2, "Evidence of offences under the Act": 0.1},
}
TOPIC_OF_OBJECT = {"Controlled drugs": "drugs", "Offensive weapons": "weapon", "Anything to threaten or harm anyone": "weapon",
                   "Stolen goods": "stolen", "Article for use in theft": "theft", "Articles for use in criminal damage": "damage",
                   "Firearms": "firearm", "Psychoactive substances": "psa"}
OUTCOMES = {"A no further action disposal": 0.700, "Arrest": 0.162, "Community resolution": 0.094,
            "Summons / charged by post": 0.024, "Caution (simple or conditional)": 0.005, "Khat or Cannabis warning": 0.004,
            "Penalty Notice for Disorder": 0.002, None: 0.009}
GENDERS = {"Male": 0.88, "Female": 0.09, "Other": 0.002, None: 0.028}
AGE_BANDS = ((10, 17, 0.21), (18, 24, 0.32), (25, 34, 0.27), (35, 70, 0.20))
AGE_BLANK = 0.04
SELF_DEFINED = {
    "White - English/Welsh/Scottish/Northern Irish/British": 0.445, "Asian/Asian British - Pakistani": 0.190,
    "Other ethnic group - Not stated": 0.120, "White - Gypsy or Irish Traveller": 0.020, "White - Any other White background": 0.030,
    "Asian/Asian British - Any other Asian background": 0.035, "Black/African/Caribbean/Black British - Caribbean": 0.027,
    "Asian/Asian British - Bangladeshi": 0.020, "Black/African/Caribbean/Black British - African": 0.020,
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background": 0.016,
    "Mixed/Multiple ethnic groups - White and Asian": 0.014, "Mixed/Multiple ethnic groups - White and Black Caribbean": 0.013,
    "Mixed/Multiple ethnic groups - White and Black African": 0.004, "Other ethnic group - Any other ethnic group": 0.010,
    "Other ethnic group - Arab": 0.004, "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background": 0.008,
    "Asian/Asian British - Indian": 0.008, "Asian/Asian British - Chinese": 0.002, "White - Irish": 0.003, "White - Roma": 0.002,
    None: 0.009,
}
# How an officer perceives each self-defined group (then a few contradictions and blanks on top).
OFFICER_VIEW = {
    "White": {"White": 0.97, "Other": 0.02, "Asian": 0.01},
    "Asian": {"Asian": 0.96, "Other": 0.02, "White": 0.02},
    "Black": {"Black": 0.95, "Mixed": 0.02, "Other": 0.01, "White": 0.01, "Asian": 0.01},
    "Mixed": {"Black": 0.30, "Asian": 0.30, "White": 0.28, "Mixed": 0.07, "Other": 0.05},
    "Other": {"Asian": 0.40, "White": 0.30, "Other": 0.20, "Black": 0.10},
    "Not stated": {"White": 0.45, "Asian": 0.35, "Black": 0.15, "Other": 0.05},
}


def draw(spec: dict, n: int, rng: np.random.Generator) -> np.ndarray:
    """n draws from {value: share} (shares normalised; a None key gives blank cells)."""
    values = np.empty(len(spec), dtype=object)
    values[:] = list(spec)
    weights = np.array(list(spec.values()), dtype=float)
    return values[rng.choice(len(spec), size=n, p=weights / weights.sum())]


def check_values() -> None:
    """Every value drawn here is one the canonical schema allows (a contract test calls this)."""
    fields = canonical_fields("stop-search")
    for name, values in (("search_type", SEARCH_TYPES), ("legislation", {v for v, _ in LEGISLATION.values()}),
                         ("object_of_search", {o for spec in OBJECTS.values() for o in spec}), ("outcome", OUTCOMES),
                         ("gender", GENDERS), ("self_defined_ethnicity", SELF_DEFINED),
                         ("officer_defined_ethnicity", {o for spec in OFFICER_VIEW.values() for o in spec})):
        unknown = {v for v in values if v is not None} - set(fields[name].allowed)
        assert not unknown, f"{name}: {unknown}"


def group_of(self_defined: np.ndarray) -> np.ndarray:
    groups = {"White": "White", "Mixed/Multiple": "Mixed", "Asian/Asian": "Asian", "Black/African/Caribbean/Black": "Black"}
    out = np.empty(len(self_defined), dtype=object)
    for value in set(self_defined.tolist()):
        where = self_defined == value
        if value is None:
            out[where] = None
        elif value == "Other ethnic group - Not stated":
            out[where] = "Not stated"
        else:
            out[where] = groups.get(value.split(" ")[0], "Other")
    return out


# ---------------------------------------------------------------------------------------------
# Time


def month_of(seed_rng: np.random.Generator) -> tuple[int, int]:
    return int(2022 + seed_rng.integers(0, 4)), int(seed_rng.integers(1, 13))


def _last_sunday(year: int, month: int) -> np.datetime64:
    first_next = np.datetime64(f"{year + (month == 12)}-{month % 12 + 1:02d}-01")
    last = first_next - np.timedelta64(1, "D")
    weekday = (last.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return last - np.timedelta64(int((weekday - 6) % 7), "D")


def uk_offsets(local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For local wall-clock times (datetime64[m]) in Europe/London: the times moved out of the spring
    gap, and their UTC offset in hours (1 in British Summer Time, else 0)."""
    local = np.asarray(local, dtype="datetime64[m]")
    year = int(local.astype("datetime64[Y]").astype(np.int64).min()) + 1970 if len(local) else 2024
    starts = {y: _last_sunday(y, 3).astype("datetime64[m]") + np.timedelta64(60, "m") for y in (year, year + 1)}
    ends = {y: _last_sunday(y, 10).astype("datetime64[m]") + np.timedelta64(120, "m") for y in (year, year + 1)}
    years = local.astype("datetime64[Y]").astype(np.int64) + 1970
    start = np.where(years == year, starts[year], starts[year + 1])
    end = np.where(years == year, ends[year], ends[year + 1])
    in_gap = (local >= start) & (local < start + np.timedelta64(60, "m"))
    local = np.where(in_gap, local + np.timedelta64(60, "m"), local)
    return local, ((local >= start) & (local < end)).astype(np.int64)


# Share of searches by local hour of day (evening and night heavy, quiet before dawn).
HOUR_WEIGHTS = np.array([0.060, 0.040, 0.022, 0.015, 0.008, 0.004, 0.005, 0.008, 0.014, 0.020, 0.025, 0.030,
                         0.030, 0.034, 0.034, 0.040, 0.050, 0.062, 0.080, 0.088, 0.090, 0.087, 0.078, 0.076])


def local_times(n: int, rng: np.random.Generator, year: int, month: int) -> np.ndarray:
    """Local wall-clock times within the month, sorted, as datetime64[m]."""
    start = np.datetime64(f"{year}-{month:02d}-01", "D")
    days = int((np.datetime64(f"{year + (month == 12)}-{month % 12 + 1:02d}-01", "D") - start).astype(np.int64))
    day = rng.integers(0, days, size=n)
    hour = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    minute = np.where(rng.random(n) < 0.6, rng.integers(0, 12, size=n) * 5, rng.integers(0, 60, size=n))
    times = start.astype("datetime64[m]") + (day * 1440 + hour * 60 + minute).astype("timedelta64[m]")
    return np.sort(times)


def iso_strings(times: np.ndarray, offset_hours: np.ndarray) -> np.ndarray:
    """'2024-08-14T21:35:00+01:00'."""
    y, mo, d = ids.date_parts(times.astype("datetime64[D]"))
    minutes = (times - times.astype("datetime64[D]")).astype(np.int64)
    return ids.ascii_strings(ids.digits(y, 4), b"-", ids.digits(mo, 2), b"-", ids.digits(d, 2), b"T",
                             ids.digits(minutes // 60, 2), b":", ids.digits(minutes % 60, 2), b":00+",
                             ids.digits(offset_hours, 2), b":00")


def uk_strings(times: np.ndarray) -> np.ndarray:
    """'14/08/2024 21:35' (local time, no zone)."""
    y, mo, d = ids.date_parts(times.astype("datetime64[D]"))
    minutes = (times - times.astype("datetime64[D]")).astype(np.int64)
    return ids.ascii_strings(ids.digits(d, 2), b"/", ids.digits(mo, 2), b"/", ids.digits(y, 4), b" ",
                             ids.digits(minutes // 60, 2), b":", ids.digits(minutes % 60, 2))


# ---------------------------------------------------------------------------------------------
# The searches themselves


def searches(n: int, rng: np.random.Generator, year: int, month: int) -> dict:
    """The attributes every stop-search record has, whichever layout it is written in."""
    local = local_times(n, rng, year, month)
    local, offset = uk_offsets(local)
    codes = draw({code: share for code, (_, share) in LEGISLATION.items()}, n, rng)
    legislation = np.array([LEGISLATION[c][0] for c in codes], dtype=object)
    obj = np.empty(n, dtype=object)
    for code, spec in OBJECTS.items():
        where = np.flatnonzero(codes == code)
        obj[where] = draw(spec, len(where), rng)
    topic = np.array([TOPIC_OF_OBJECT.get(o, "other") for o in obj], dtype=object)
    topic[(codes == "s60") & (topic == "weapon")] = "s60"
    law = np.where(codes == "", "pace", codes).astype(object)

    outcome = draw(OUTCOMES, n, rng)
    outcome[(outcome == "Khat or Cannabis warning") & (topic != "drugs")] = "A no further action disposal"
    nfa = (outcome == "A no further action disposal") | (outcome == None)  # noqa: E711
    linked = np.where(rng.random(n) < np.where(nfa, 0.38, 0.62), True, False).astype(object)
    linked[rng.random(n) < 0.007] = None

    search_type = draw(SEARCH_TYPES, n, rng)
    moc = (rng.random(n) < np.where(search_type == "Vehicle search", 0.6, 0.035)).astype(object)
    moc[rng.random(n) < 0.003] = None

    gender = draw(GENDERS, n, rng)
    band = rng.choice(len(AGE_BANDS), size=n, p=[b[2] for b in AGE_BANDS])
    low = np.array([b[0] for b in AGE_BANDS])[band]
    high = np.array([b[1] for b in AGE_BANDS])[band]
    age = (low + np.floor(rng.exponential(np.where(band == 3, 9.0, 4.0), size=n)) % (high - low + 1)).astype(float)
    known_age = age.copy()
    age[rng.random(n) < AGE_BLANK] = np.nan

    self_defined = draw(SELF_DEFINED, n, rng)
    groups = group_of(self_defined)
    officer_defined = np.empty(n, dtype=object)
    for group, spec in OFFICER_VIEW.items():
        where = np.flatnonzero(groups == group)
        officer_defined[where] = draw(spec, len(where), rng)
    unknown = np.flatnonzero(groups == None)  # noqa: E711
    officer_defined[unknown] = draw({"White": 0.5, "Asian": 0.3, "Black": 0.2}, len(unknown), rng)
    officer_defined[rng.random(n) < 0.035] = None

    town = ids.town_indices(n, rng, REGION)
    lat, lon = ids.coordinates(town, rng, REGION)
    return {"local": local, "offset": offset, "legislation": legislation, "law": law, "object": obj, "topic": topic,
            "outcome": outcome, "linked": linked, "search_type": search_type, "moc": moc, "gender": gender, "age": age,
            "known_age": known_age, "self_defined": self_defined, "officer_defined": officer_defined, "town": town,
            "lat": lat, "lon": lon}


def only(mask: np.ndarray, make) -> np.ndarray:
    """A column that is blank except where `mask` is set, where make(row indices) fills it."""
    out = np.full(len(mask), None, dtype=object)
    idx = np.flatnonzero(mask)
    if len(idx):
        out[idx] = make(idx)
    return out


def blank(values: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    values = np.asarray(values, dtype=object).copy()
    values[rng.random(len(values)) < rate] = None
    return values


def true_false(values: np.ndarray) -> np.ndarray:
    """True/False/None as the text 'True', 'False' or a blank cell."""
    out = np.full(len(values), None, dtype=object)
    out[values == True] = "True"  # noqa: E712 - elementwise on an object array
    out[values == False] = "False"  # noqa: E712
    return out


def outcome_class(outcome: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """Which closing sentences fit: "nothing was found" only where nothing linked to the search was
    (no further action after a find, such as a small amount of cannabis, closes as a find)."""
    nfa = ((outcome == "A no further action disposal") | (outcome == None)) & (linked != True)  # noqa: E711,E712
    return np.where(outcome == "Arrest", "arrest", np.where(nfa, "nfa", "other")).astype(object)


def officer_pool(n_records: int, rng: np.random.Generator, region: str, per_officer: int = 40):
    """Officers who made the searches: ids, names, and which officer made each record (busy officers repeat)."""
    m = max(1, round(n_records / per_officer))
    span = max(29000, 3 * m)
    numbers = rng.choice(span, size=m, replace=False) + 1000
    ids_ = np.array([str(x) for x in numbers], dtype=object)
    female = rng.random(m) < 0.3
    first, last = ids.first_names(m, rng, female), ids.surnames(m, rng)
    style = rng.choice(3, size=m, p=[0.5, 0.3, 0.2])
    names = np.array([(f"{f} {l}", f"{l.upper()}, {f}", f"{f[0]}. {l}")[s] for f, l, s in zip(first, last, style)], dtype=object)
    weights = rng.gamma(2.0, size=m)  # some officers search far more than others
    who = rng.choice(m, size=n_records, p=weights / weights.sum())
    return ids_[who], names[who]


CHUNK_ROWS = 1 << 17


def force_export(n: int, rng: np.random.Generator, progress=None, chunk_rows: int = CHUNK_ROWS):
    """A force's internal export, in slices of rows: yields (first row index, columns, planted spans).

    What spans the whole export (the month, time order, record numbers, the pool of officers) is
    drawn first; identities and grounds are then made slice by slice so memory stays bounded and
    is reused. The same seed and slice size give the same bytes.
    """
    year, month = month_of(rng)
    everything = searches(n, rng, year, month)
    sequence = 1 + np.cumsum(rng.integers(1, 4, size=n)) + rng.integers(0, 50000)
    officer_ids, officer_names = officer_pool(n, rng, REGION)
    for lo in range(0, n, chunk_rows):
        hi = min(n, lo + chunk_rows)
        s = {name: values[lo:hi] for name, values in everything.items()}
        columns, spans = _force_export_rows(hi - lo, rng, year, s, sequence[lo:hi], officer_ids[lo:hi], officer_names[lo:hi])
        if progress:
            progress(f"{hi:,} of {n:,} rows")
        yield lo, columns, spans


def _force_export_rows(n: int, rng: np.random.Generator, year: int, s: dict, sequence, officer_id, officer_name):
    record_id = ids.ascii_strings(b"SS", ids.digits(np.full(n, year % 100), 2), b"-", ids.digits(sequence, 7))
    uk_style = rng.random(n) < 0.15
    searched_at = iso_strings(s["local"], s["offset"])
    searched_at[uk_style] = uk_strings(s["local"][uk_style])

    # Where: the officer's location text and the map point.
    town, town_name = s["town"], ids.town_names(s["town"], REGION)
    style = rng.choice(5, size=n, p=[0.45, 0.25, 0.15, 0.10, 0.05])
    location = np.empty(n, dtype=object)
    for k, make in enumerate((
            lambda i: "outside " + ids.house_addresses(town[i], rng, REGION) + ", " + town_name[i] + " " + ids.postcodes(town[i], rng, REGION),
            lambda i: ids.streets(town[i], rng, REGION) + ", " + town_name[i],
            lambda i: "junction of " + ids.streets(town[i], rng, REGION) + " and " + ids.pick(ids.RESIDENTIAL_STREETS, len(i), rng) + ", " + town_name[i],
            lambda i: ids.house_addresses(town[i], rng, REGION) + ", " + town_name[i],
            lambda i: "near " + ids.pick(ids.SHOPS, len(i), rng) + ", " + ids.streets(town[i], rng, REGION) + ", " + town_name[i] + " " + ids.postcodes(town[i], rng, REGION))):
        idx = np.flatnonzero(style == k)
        location[idx] = make(idx)
    location = blank(location, 0.02, rng)
    latlon_blank = rng.random(n) < 0.05
    lat = np.where(latlon_blank, np.nan, np.round(s["lat"], 6))
    lon = np.where(latlon_blank, np.nan, np.round(s["lon"], 6))

    # Who: the officer and the person searched.
    officer_id, officer_name = blank(officer_id, 0.003, rng), blank(officer_name, 0.01, rng)
    female = s["gender"] == "Female"
    first, last = ids.first_names(n, rng, female), ids.surnames(n, rng)
    dob = ids.dates_of_birth(s["local"].astype("datetime64[D]"), s["known_age"], rng)
    arrest = s["outcome"] == "Arrest"
    named = rng.random(n) < np.where(arrest, 0.95, 0.5)
    subject_name = only(named, lambda i: ids.full_names(first[i], last[i], rng))
    iso_dob = rng.random(n) < 0.1
    subject_dob = only(named & ~np.isnan(s["age"]) & (rng.random(n) < 0.85),
                       lambda i: np.where(iso_dob[i], ids.ascii_strings(*_iso_date(dob[i])), ids.dd_mm_yyyy(dob[i])))
    subject_address = only(named & (rng.random(n) < 0.5), lambda i: ids.house_addresses(town[i], rng, REGION) + ", "
                           + town_name[i] + " " + ids.postcodes(town[i], rng, REGION))
    vehicle = s["search_type"] != "Person search"
    vehicle_reg = only(vehicle & (rng.random(n) < 0.92), lambda i: ids.vehicle_regs(len(i), rng))
    charged = np.isin(s["outcome"], ["Summons / charged by post", "Caution (simple or conditional)", "Community resolution"])
    crime_ref = only((arrest & (rng.random(n) < 0.9)) | (charged & (rng.random(n) < 0.5)), lambda i: ids.crime_refs(len(i), rng))

    bwv = rng.random(n) < 0.85
    spelling = rng.choice(3, size=n, p=[0.4, 0.35, 0.25])
    bwv_used = np.array(["False", "True", "N", "Y", "No", "Yes"], dtype=object)[spelling * 2 + bwv]
    bwv_used = blank(bwv_used, 0.01, rng)
    bwv_ref = only(bwv & (rng.random(n) < 0.95), lambda i: ids.bwv_refs(len(i), year, rng))

    grounds = compose(n, rng, "export", REGION, female=female, unknown=~np.isin(s["gender"], ["Male", "Female"]),
                      topic=s["topic"], law=s["law"], outcome=outcome_class(s["outcome"], s["linked"]), vehicle=vehicle,
                      town=s["town"], first=first, last=last,
                      dob=dob, extra={"vrm": vehicle_reg})
    grounds.texts = blank(grounds.texts, 0.005, rng)

    columns = {
        "record_id": record_id, "searched_at": searched_at, "location": location, "latitude": lat, "longitude": lon,
        "search_type": blank(s["search_type"], 0.002, rng), "legislation": s["legislation"], "object_of_search": s["object"],
        "grounds": grounds.texts, "outcome": s["outcome"],
        "outcome_linked": true_false(s["linked"]), "more_than_outer_clothing": true_false(s["moc"]),
        "gender": s["gender"], "age": nullable_int(s["age"]), "self_defined_ethnicity": s["self_defined"],
        "officer_defined_ethnicity": s["officer_defined"], "officer_id": officer_id, "officer_name": officer_name,
        "bwv_used": bwv_used, "bwv_ref": bwv_ref, "subject_name": subject_name, "subject_dob": subject_dob,
        "subject_address": subject_address, "vehicle_reg": vehicle_reg, "crime_ref": crime_ref,
    }
    return columns, {"grounds": grounds}


def _iso_date(d):
    y, m, dd = ids.date_parts(d)
    return ids.digits(y, 4), b"-", ids.digits(m, 2), b"-", ids.digits(dd, 2)


FORCE_EXPORT_IDENTIFIERS = {"location": "ADDRESS", "officer_name": "NAME", "bwv_ref": "REFERENCE", "subject_name": "NAME",
                            "subject_dob": "DOB", "subject_address": "ADDRESS", "vehicle_reg": "VEHICLE",
                            "crime_ref": "REFERENCE", "officer_id": "OFFICER_ID"}


# ---------------------------------------------------------------------------------------------
# The public file


LEGACY_OUTCOMES = {"A no further action disposal": "Nothing found - no further action", "Arrest": "Suspect arrested",
                   "Khat or Cannabis warning": "Offender given drugs possession warning", "Community resolution": "Local resolution",
                   "Penalty Notice for Disorder": "Offender given penalty notice",
                   "Summons / charged by post": "Suspect summonsed to court", "Caution (simple or conditional)": "Offender cautioned"}
OPERATIONS = ("Operation Jemlock", "Operation Sceptre", "Operation Tornado")


def _legacy_labels(field: str) -> dict:
    """Current value -> one of its legacy spellings, from the schema's x-legacy."""
    out: dict = {}
    for old, new in canonical_fields("stop-search")[field].legacy.items():
        if new is not None:
            out.setdefault(new, []).append(old)
    return out


def age_ranges(age: np.ndarray) -> np.ndarray:
    bands = np.array([None, "under 10", "10-17", "18-24", "25-34", "over 34"], dtype=object)
    a = np.asarray(age, dtype=float)
    code = np.where(np.isnan(a), 0, np.where(a < 10, 1, np.where(a < 18, 2, np.where(a < 25, 3, np.where(a < 35, 4, 5)))))
    return bands[code]


def data_police_uk(n: int, rng: np.random.Generator, progress=None) -> dict:
    """Columns of the public data.police.uk monthly file: ranges, UTC, True/False/blank, legacy quirks."""
    year, month = month_of(rng)
    s = searches(n, rng, year, month)
    utc = s["local"] - s["offset"].astype("timedelta64[h]")
    month_start = np.datetime64(f"{year}-{month:02d}-01", "m")
    late = rng.random(n) < 0.002
    if n >= 50:
        late[rng.integers(0, n)] = True
    utc = np.where(late, month_start - np.timedelta64(1, "m") * rng.integers(1, 60, size=n), utc)
    # A few forces publish dates only: the midnight spike.
    utc = np.where(rng.random(n) < 0.01, utc.astype("datetime64[D]").astype("datetime64[m]"), utc)
    order = np.argsort(utc, kind="stable")
    date = iso_strings(utc[order], np.zeros(n, np.int64))

    def reorder(values):
        return np.asarray(values)[order]

    operation = ids.either(rng.random(n) < 0.14, "True", "False")
    operation = blank(operation, 0.04, rng)
    operation_name = np.where((operation == "True") & (rng.random(n) < 0.02), ids.pick(OPERATIONS, n, rng), None)

    # Coordinates are snapped to a limited set of anonymous map points per area.
    points = np.round(rng.random(n) * 400).astype(np.int64)
    point_rng = np.random.default_rng(int(rng.integers(0, 2**31)))
    lat_grid, lon_grid = ids.coordinates(np.repeat(np.arange(len(ids.REGIONS[REGION])), 401), point_rng, REGION)
    lat = np.round(lat_grid[s["town"] * 401 + points], 6)
    lon = np.round(lon_grid[s["town"] * 401 + points], 6)
    no_point = rng.random(n) < 0.05
    lat, lon = np.where(no_point, np.nan, lat), np.where(no_point, np.nan, lon)

    ages = age_ranges(s["age"])
    ages[(ages == "10-17") & (rng.random(n) < 0.004)] = "under 10"

    self_defined = s["self_defined"].copy()
    legacy = _legacy_labels("self_defined_ethnicity")
    old = np.flatnonzero(rng.random(n) < 0.02)
    for i in old:
        options = legacy.get(self_defined[i])
        if options:
            self_defined[i] = options[int(rng.integers(0, len(options)))]
    outcome = s["outcome"].copy()
    old = np.flatnonzero((rng.random(n) < 0.015) & (outcome != None))  # noqa: E711
    outcome[old] = [LEGACY_OUTCOMES[o] for o in outcome[old]]
    legislation = s["legislation"].copy()
    legislation[rng.random(n) < 0.0005] = "Environmental Protection Act 1990 (section 34B )"

    if progress:
        progress("attributes")
    return {
        "Type": reorder(blank(s["search_type"], 0.002, rng)), "Date": date,
        "Part of a policing operation": reorder(operation), "Policing operation": reorder(operation_name),
        "Latitude": reorder(lat), "Longitude": reorder(lon), "Gender": reorder(s["gender"]), "Age range": reorder(ages),
        "Self-defined ethnicity": reorder(self_defined), "Officer-defined ethnicity": reorder(s["officer_defined"]),
        "Legislation": reorder(legislation), "Object of search": reorder(s["object"]), "Outcome": reorder(outcome),
        "Outcome linked to object of search": reorder(true_false(s["linked"])),
        "Removal of more than just outer clothing": reorder(true_false(s["moc"])),
    }
