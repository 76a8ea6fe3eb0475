"""Map a raw export through its profile to the canonical record, vectorised.

Each column is trimmed once in Arrow, then dictionary-encoded: values are looked up per distinct
value (a few dozen), never per row, so a million rows cost about as much as reading them.
Only fields of the canonical schema come out: the schema is the allowlist.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from panel_tool.contracts import Field, Profile
from panel_tool.errors import InputError
from panel_tool.ingest.quality import QualityReport
from panel_tool.ingest.readers import RawTable, normalise_column

AGE_BINS = [-1, 9, 17, 24, 34, 200]
AGE_LABELS = ["under 10", "10-17", "18-24", "25-34", "over 34"]
UNDER_18 = ("under 10", "10-17")  # the age ranges of children, for filters and breakdowns
ETHNICITY_GROUPS = {
    "white": "White", "mixed/multiple ethnic groups": "Mixed", "asian/asian british": "Asian",
    "black/african/caribbean/black british": "Black", "other ethnic group": "Other",
}
ZONED = r"(?:Z|[+-]\d\d:?\d\d)$"
MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
ROWS_SHOWN = 5  # rows named in a report line or a message; the count says how many more


def describe_layouts(layouts) -> str:
    """Date layouts as a person writes them: '%d/%m/%Y %H:%M' -> 'dd/mm/yyyy hh:mm'."""
    plain = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%H": "hh", "%M": "mm", "%S": "ss"}
    out = []
    for layout in layouts:
        if layout == "ISO8601":
            out.append("ISO 8601 such as 2024-03-02T21:14:00+00:00")
            continue
        for code, word in plain.items():
            layout = layout.replace(code, word)
        out.append(layout)
    return " or ".join(out)


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _trimmed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text with stray spaces removed; blank becomes missing. Stays chunked: combining a
    million-row text column into one buffer costs more than everything else here."""
    text = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def _blank(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Empty or only spaces (null where the value is missing)."""
    return pc.or_(pc.equal(column, ""), pc.utf8_is_space(column))


def _blank_is_missing(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """For names and free text: only blanks become missing, and the column is copied only when
    it has any (rewriting a million paragraphs was the slowest step of all). Trimming them would
    change nothing a reader sees."""
    blank = _blank(column)
    if not pc.any(blank).as_py():
        return column
    return pc.if_else(blank, pa.scalar(None, pa.string()), column)


# Which preparation each kind of field needs before conversion.
PREPARE = {"enum": None, "boolean": None, "list": None, "string": _blank_is_missing}


def _distinct(text: pa.ChunkedArray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Distinct values with stray spaces removed, each row's index into them (-1 for missing or
    blank), and each value's count. Stripping the few distinct values rather than every row is
    what keeps a million-row column cheap."""
    raw = pc.unique(text).drop_null().to_pylist()
    stripped = [v.strip() for v in raw]
    uniques = sorted({v for v in stripped if v})
    position = {v: i for i, v in enumerate(uniques)}
    remap = np.array([position.get(v, -1) for v in stripped] + [-1], dtype=np.int32)
    index = remap[pc.fill_null(pc.index_in(text, value_set=pa.array(raw, pa.string())), -1).to_numpy()]
    counts = np.bincount(index[index >= 0], minlength=len(uniques))
    return uniques, index, counts


def _has_value(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """Not missing, not empty and not only spaces (for columns left untrimmed)."""
    return pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(_blank(text), True)))


def _mask(values: pa.ChunkedArray) -> np.ndarray:
    return pc.fill_null(values, False).to_numpy()


def _take(text: pa.ChunkedArray, mask: np.ndarray) -> pa.ChunkedArray:
    return text.filter(pa.array(mask))


class Mapper:
    """Turns one raw table into canonical columns, noting what the quality report needs."""

    def __init__(self, raw: RawTable, profile: Profile, report: QualityReport):
        self.raw = raw
        self.profile = profile
        self.report = report
        self.unknown: dict[str, dict[str, int]] = defaultdict(dict)
        self.invalid: dict[str, dict] = {}
        self.legacy: dict[str, dict[str, dict]] = defaultdict(dict)

    # -- value lookups ------------------------------------------------------------------------
    def _enum_lookup(self, field: Field) -> dict[str, str | None]:
        table = {_key(v): v for v in field.allowed}
        for source, target in {**field.legacy, **self.profile.values.get(field.name, {})}.items():
            table[_key(source)] = target
        return table

    def _map_values(self, field: Field, uniques: list[str], counts: np.ndarray, lookup: dict) -> list:
        """Canonical value per distinct raw value; notes legacy spellings and unknowns."""
        out = []
        for raw, n in zip(uniques, counts):
            key = _key(raw)
            if key in lookup:
                value = lookup[key]
                if value != raw and n:
                    self.legacy[field.name][raw] = {"to": value, "count": int(n)}
                out.append(value)
            else:
                if n:
                    self.unknown[field.name][raw] = int(n)
                out.append(raw)  # kept as written: a panel may still read it; the report lists it
        return out

    # -- per field kind ---------------------------------------------------------------------------
    def enum(self, field: Field, text: pa.ChunkedArray) -> pd.Categorical:
        uniques, index, counts = _distinct(text)
        values = self._map_values(field, uniques, counts, self._enum_lookup(field))
        categories = list(field.allowed) + sorted({v for v in values if v is not None and v not in field.allowed})
        position = {c: i for i, c in enumerate(categories)}
        code_of = np.array([position.get(v, -1) if v is not None else -1 for v in values] + [-1], dtype=np.int32)
        return pd.Categorical.from_codes(code_of[index], categories=categories)

    def boolean(self, field: Field, text: pa.ChunkedArray) -> pd.arrays.BooleanArray:
        uniques, index, counts = _distinct(text)
        state = []
        for raw, n in zip(uniques, counts):
            key = raw.casefold()
            if key in self.profile.true_values:
                state.append(1)
            elif key in self.profile.false_values:
                state.append(0)
            else:
                state.append(-1)
                if n:
                    self.unknown[field.name][raw] = int(n)
        state_of = np.array(state + [-1], dtype=np.int8)[index]
        return pd.arrays.BooleanArray(state_of == 1, state_of < 0)

    def number(self, field: Field, text: pa.ChunkedArray, integer: bool = False) -> pd.Series:
        try:
            values = pd.Series(pc.cast(text, pa.float64()).to_numpy(), dtype="float64")
        except pa.ArrowInvalid:  # some cell is not a number: find which, slowly, only now
            values = pd.to_numeric(pd.Series(text.to_numpy(zero_copy_only=False)), errors="coerce").astype("float64")
        low, high = {"latitude": (-90, 90), "longitude": (-180, 180), "age": (0, 120),
                     "subject_age": (0, 120)}.get(field.name, (-np.inf, np.inf))
        # NaN and infinity parse as numbers but are not values; nor is a latitude of -91 or 1e308.
        bad = (values.notna() & ((values < low) | (values > high) | (integer and (values % 1 != 0)))).to_numpy()
        bad = bad | (pc.is_valid(text).to_numpy() & values.isna().to_numpy())
        if bad.any():
            examples = pd.Series(_take(text, bad).to_pylist()).value_counts().head(8)
            number = "whole number" if integer else "number"
            self.invalid[field.name] = {
                "column": self.report.column_for(field.name), "count": int(bad.sum()),
                "rows": [int(r) for r in self.row_numbers[bad][:ROWS_SHOWN]],
                "values": {str(v): int(n) for v, n in examples.items()},
                "expected": f"a {number} from {low:g} to {high:g}" if np.isfinite(high) else f"a {number}"}
            values = values.mask(bad)  # left blank: never written as a value
        return values.round().astype("Int64") if integer else values

    def _parse(self, text: pa.ChunkedArray, layout: str, zoned: bool) -> np.ndarray:
        """Nanoseconds per value (NaT where it does not fit `layout`): Arrow's parser first, pandas
        only when some value does not parse, to find which."""
        target = pa.timestamp("ns", tz="UTC") if zoned else pa.timestamp("ns")
        try:
            if layout == "ISO8601":
                parsed = pc.cast(text, target)
            else:
                parsed = pc.strptime(text, format=layout, unit="ns", error_is_null=True)
            if zoned or layout != "ISO8601" or parsed.null_count == text.null_count:
                return pc.cast(parsed, pa.timestamp("ns")).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        loose = pd.to_datetime(pd.Series(text.to_numpy(zero_copy_only=False)), format=layout, utc=zoned, errors="coerce")
        return (loose.dt.tz_convert(None) if zoned else loose).to_numpy(dtype="datetime64[ns]")

    def datetime(self, field: Field, text: pa.ChunkedArray) -> pd.Series:
        result = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
        present = pc.is_valid(text).to_numpy()
        zoned = _mask(pc.match_substring_regex(text, ZONED))
        if zoned.any():
            result[zoned] = self._parse(_take(text, zoned), "ISO8601", zoned=True)
        naive = present & ~zoned
        if naive.any():
            pending = _take(text, naive)
            parsed = np.full(len(pending), np.datetime64("NaT"), dtype="datetime64[ns]")
            for layout in self.profile.datetime_formats:
                todo = np.isnat(parsed)
                if not todo.any():
                    break
                parsed[todo] = self._parse(_take(pending, todo), layout, zoned=False)
            local = pd.DatetimeIndex(parsed).tz_localize(self.profile.local_timezone, ambiguous=np.ones(len(parsed), dtype=bool),
                                                          nonexistent="shift_forward")
            result[naive] = local.tz_convert("UTC").tz_localize(None).to_numpy()
        self._fail_on_unparsed(field, text, present & np.isnat(result), "a date and time",
                               describe_layouts(self.profile.datetime_formats))
        return pd.Series(result).dt.tz_localize("UTC")

    def date(self, field: Field, text: pa.ChunkedArray) -> pd.Series:
        parsed = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
        present = pc.is_valid(text).to_numpy()
        for layout in self.profile.datetime_formats:
            todo = present & np.isnat(parsed)
            if not todo.any():
                break
            parsed[todo] = self._parse(_take(text, todo), layout, zoned=False)
        self._fail_on_unparsed(field, text, present & np.isnat(parsed), "a date", describe_layouts(self.profile.datetime_formats))
        return pd.Series(parsed).dt.normalize()

    def time(self, field: Field, text: pa.ChunkedArray) -> pd.Series:
        raw = pd.Series(text, dtype=pd.ArrowDtype(pa.string()))
        hhmm = raw.str.extract(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
        hours = pd.to_numeric(hhmm[0], errors="coerce")
        minutes = pd.to_numeric(hhmm[1], errors="coerce")
        ok = hours.between(0, 23) & minutes.between(0, 59)
        self._fail_on_unparsed(field, raw, (raw.notna() & ~ok).to_numpy(), "a time of day", "HH:MM, 24-hour clock")
        out = hours.astype("Int64").astype(str).str.zfill(2) + ":" + minutes.astype("Int64").astype(str).str.zfill(2)
        return out.where(ok, None).astype(pd.ArrowDtype(pa.string()))

    def string(self, field: Field, text: pa.ChunkedArray) -> pd.Series:
        return pd.Series(text, dtype=pd.ArrowDtype(pa.string()))

    def list_field(self, field: Field, sources: list[tuple[dict, pa.ChunkedArray]]) -> pd.Series:
        """A list field from Yes/No flag columns or from numbered item columns, in column order."""
        labels = list(field.allowed)
        position = {label: i for i, label in enumerate(labels)}
        lookup = self._enum_lookup(field)
        codes = []
        for mapping, text in sources:
            uniques, index, counts = _distinct(text)
            if "flag" in mapping:
                truth = self.boolean(field, text).to_numpy(dtype=bool, na_value=False)
                codes.append(np.where(truth, position[mapping["flag"]], -1))
                continue
            values = self._map_values(field, uniques, counts, lookup)
            for v in values:
                if v is not None and v not in position:
                    position[v] = len(labels)
                    labels.append(v)
            code_of = np.array([position[v] if v is not None else -1 for v in values] + [-1], dtype=np.int32)
            codes.append(code_of[index])
        matrix = np.column_stack(codes)
        present = matrix >= 0
        rows, cols = np.nonzero(present)  # row-major: each row's items stay in column order
        items = pa.DictionaryArray.from_arrays(pa.array(matrix[rows, cols], pa.int32()), pa.array(labels, pa.string())).dictionary_decode()
        offsets = np.concatenate([[0], np.cumsum(present.sum(axis=1))]).astype(np.int32)
        return pd.Series(pa.ListArray.from_arrays(pa.array(offsets), items), dtype=pd.ArrowDtype(pa.list_(pa.string())))

    # -- errors -------------------------------------------------------------------------------------
    def _fail_on_unparsed(self, field: Field, raw, bad: np.ndarray, what: str, expected: str) -> None:
        if not bad.any():
            return
        positions = np.flatnonzero(bad)
        first = positions[0]
        source = self.report.column_for(field.name)
        others = f" ({len(positions) - 1:,} more rows have the same problem)" if len(positions) > 1 else ""
        value = raw.iloc[first] if isinstance(raw, pd.Series) else raw[int(first)].as_py()
        raise InputError(f"'{value}' is not {what} this layout understands{others}",
                         file=str(self.raw.path), row=int(self.row_numbers[first]), column=source, expected=expected)


def to_canonical(raw: RawTable, profile: Profile, report: QualityReport) -> pd.DataFrame:
    """The canonical DataFrame for `raw`: every schema field as a column, indexed by source row."""
    fields = profile.fields
    by_key = {normalise_column(c): i for i, c in enumerate(raw.header)}
    sources: dict[str, list[tuple[dict, pa.ChunkedArray]]] = defaultdict(list)
    used = set()
    for column, mapping in profile.columns.items():
        i = by_key.get(normalise_column(column))
        if i is None:
            continue
        used.add(i)
        report.columns_mapped[raw.header[i]] = mapping["field"]
        prepare = PREPARE.get(fields[mapping["field"]].kind, _trimmed)
        column = raw.table.column(i)
        sources[mapping["field"]].append((mapping, prepare(column) if prepare else column))
    report.columns_unmapped = [c for i, c in enumerate(raw.header) if i not in used and c.strip()]

    # Records with nothing in any used column are spreadsheet debris, not searches.
    any_value = np.zeros(raw.table.num_rows, dtype=bool)
    for name, items in sources.items():
        for _, text in items:
            untrimmed = PREPARE.get(fields[name].kind, _trimmed) is None
            any_value |= (_has_value(text) if untrimmed else pc.is_valid(text)).to_numpy()
    row_numbers = raw.rows()
    if not any_value.all():
        report.empty_rows_skipped = int((~any_value).sum())
        keep = pa.array(any_value)
        sources = {name: [(m, t.filter(keep)) for m, t in items] for name, items in sources.items()}
        row_numbers = row_numbers[any_value]
    if len(row_numbers) == 0:
        raise InputError("every record in the file is empty", file=str(raw.path), expected="at least one record with values")

    mapper = Mapper(raw, profile, report)
    mapper.row_numbers = row_numbers
    columns: dict[str, object] = {}
    for name, field in fields.items():
        items = sources.get(name)
        if not items:
            continue
        if field.kind == "list":
            columns[name] = mapper.list_field(field, items).array
            continue
        text = items[0][1]
        convert = {"enum": mapper.enum, "boolean": mapper.boolean, "datetime": mapper.datetime, "date": mapper.date,
                   "time": mapper.time, "string": mapper.string}.get(field.kind)
        if convert is not None:
            result = convert(field, text)
        else:
            result = mapper.number(field, text, integer=field.kind == "integer")
        columns[name] = result.array if isinstance(result, pd.Series) else result

    frame = pd.DataFrame(columns, index=pd.Index(row_numbers, name="row"))
    _derive(frame, fields)
    report.fields_not_in_file = [n for n, f in fields.items() if n not in frame.columns]
    frame = _complete(frame, fields)
    report.unknown_values = {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in mapper.unknown.items()}
    report.invalid_numbers = mapper.invalid
    report.legacy_values = dict(mapper.legacy)
    return frame


def _derive(frame: pd.DataFrame, fields: dict[str, Field]) -> None:
    """Fill fields the schema says can be computed from another (age range from age, ethnic group)."""
    for name, field in fields.items():
        if not field.derived_from or field.derived_from not in frame.columns:
            continue
        base = frame[field.derived_from]
        if field.derived_from in ("age", "subject_age"):
            derived = pd.cut(base.astype("float64"), bins=AGE_BINS, labels=AGE_LABELS)
        else:
            derived = _ethnicity_group(base, field)
        derived = pd.Categorical(derived, categories=list(field.allowed))
        # A value the file gives itself wins; the derived one fills its blanks.
        frame[name] = frame[name].fillna(pd.Series(derived, index=frame.index)) if name in frame.columns else derived


def _ethnicity_group(base: pd.Series, field: Field) -> pd.Categorical:
    """Census top-level group, worked out once per category rather than per row."""
    allowed = list(field.allowed)
    code_of = []
    for category in base.cat.categories:
        top, _, detail = category.partition(" - ")
        group = ETHNICITY_GROUPS.get(top.strip().casefold())
        if group == "Other" and detail.strip().casefold() == "not stated":
            group = "Not stated"
        code_of.append(allowed.index(group) if group else -1)
    codes = np.array(code_of + [-1], dtype=np.int32)[base.cat.codes.to_numpy()]
    return pd.Categorical.from_codes(codes, categories=allowed)


def _complete(frame: pd.DataFrame, fields: dict[str, Field]) -> pd.DataFrame:
    """Every schema field present, in schema order, so later layers need no special cases."""
    n = len(frame)
    missing = np.ones(n, dtype=bool)
    empty = {
        "enum": lambda f: pd.Categorical.from_codes(np.full(n, -1), categories=list(f.allowed)),
        "boolean": lambda f: pd.arrays.BooleanArray(np.zeros(n, dtype=bool), missing),
        "number": lambda f: np.full(n, np.nan),
        "integer": lambda f: pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), missing),
        "datetime": lambda f: pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")).dt.tz_localize("UTC").array,
        "date": lambda f: np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
        "list": lambda f: pd.arrays.ArrowExtensionArray(
            pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, dtype=np.int32)), pa.array([], pa.string()))),
    }
    for name, field in fields.items():
        if name not in frame.columns:
            make = empty.get(field.kind, lambda f: pd.arrays.ArrowExtensionArray(pa.nulls(n, pa.string())))
            frame[name] = make(field)
    return frame[list(fields)]
