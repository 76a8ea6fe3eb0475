"""The data-quality report a facilitator reads before building a pack."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class QualityReport:
    file: str
    profile: str
    profile_title: str
    profile_detected: bool
    kind: str
    format: str
    encoding: str | None
    delimiter: str | None
    line_endings: str | None
    rows: int
    sha256: str = ""
    empty_rows_skipped: int = 0
    date_range: tuple[str, str] | None = None
    month: str | None = None
    rows_outside_month: int = 0
    columns_mapped: dict[str, str] = field(default_factory=dict)
    columns_unmapped: list[str] = field(default_factory=list)
    fields_not_in_file: list[str] = field(default_factory=list)
    blanks: dict[str, int] = field(default_factory=dict)
    unknown_values: dict[str, dict[str, int]] = field(default_factory=dict)
    legacy_values: dict[str, dict[str, dict]] = field(default_factory=dict)
    contradictions: dict = field(default_factory=dict)
    # field -> column, count, first rows, the values as written and what was expected: left blank
    invalid_numbers: dict[str, dict] = field(default_factory=dict)
    # column, counts before EARLIEST_PLAUSIBLE_DATE and in the future, first rows (empty when none)
    implausible_dates: dict = field(default_factory=dict)
    # column, records sharing an id, how many ids are shared, first rows (empty when none)
    duplicate_ids: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.problems

    def column_for(self, name: str) -> str | None:
        """The file's own name for the column a canonical field came from."""
        return next((column for column, field_name in self.columns_mapped.items() if field_name == name), None)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["usable"] = self.usable
        return out

    def to_text(self) -> str:
        lines = [f"Export: {self.file}"]
        how = "recognised from its header" if self.profile_detected else "as you asked"
        lines.append(f"Layout: {self.profile_title} ({self.profile}, {how})")
        written = ", ".join(x for x in (self.format.upper(), self.encoding, self.delimiter and f"{self.delimiter}-separated",
                                        self.line_endings and f"{self.line_endings} line endings") if x)
        lines.append(f"File: {written}")
        lines.append(f"Records: {self.rows:,}" + (f" ({self.empty_rows_skipped:,} empty rows skipped)" if self.empty_rows_skipped else ""))
        if self.date_range:
            lines.append(f"Dates: {self.date_range[0]} to {self.date_range[1]}")
        if self.month:
            lines.append(f"Month covered: {self.month}; records dated outside it: {self.rows_outside_month:,}")
        lines.append("")
        lines.append(f"Columns used ({len(self.columns_mapped)}):")
        lines += [f"  {src} -> {dst}" for src, dst in self.columns_mapped.items()]
        if self.columns_unmapped:
            lines.append(f"Columns not used, and dropped ({len(self.columns_unmapped)}): " + ", ".join(self.columns_unmapped))
        if self.fields_not_in_file:
            lines.append("Not in this file: " + ", ".join(self.fields_not_in_file))
        blanks = {k: v for k, v in self.blanks.items() if v}
        if blanks:
            lines.append("")
            lines.append("Blank values:")
            lines += [f"  {k}: {v:,} of {self.rows:,} ({v / max(self.rows, 1):.0%})" for k, v in blanks.items()]
        if self.unknown_values:
            lines.append("")
            lines.append("Values this layout does not expect (kept as written):")
            for name, values in self.unknown_values.items():
                shown = ", ".join(f"'{v}' x{n:,}" for v, n in list(values.items())[:8])
                more = f" and {len(values) - 8} more" if len(values) > 8 else ""
                lines.append(f"  {name}: {shown}{more}")
        if self.legacy_values:
            lines.append("")
            lines.append("Older or variant values changed to the current ones:")
            for name, values in self.legacy_values.items():
                for old, new in values.items():
                    lines.append(f"  {name}: '{old}' -> '{new['to']}' x{new['count']:,}")
        if self.invalid_numbers:
            lines.append("")
            lines.append("Numbers that cannot be right (left blank):")
            for name, found in self.invalid_numbers.items():
                shown = ", ".join(f"'{v}' x{n:,}" for v, n in found["values"].items())
                lines.append(f"  {name}: {found['count']:,} in column '{found['column']}' ({rows_phrase(found['rows'], found['count'])}): "
                             f"{shown}; expected {found['expected']}")
        if self.contradictions:
            lines.append("")
            lines.append(f"Officer-defined ethnicity differs from the person's own: {self.contradictions['count']:,} records")
            for pair in self.contradictions["pairs"][:5]:
                lines.append(f"  said {pair['self_defined_group']}, officer wrote {pair['officer_defined']}: {pair['count']:,}")
        for title, items in (("Warnings", self.warnings), ("Problems", self.problems)):
            if items:
                lines.append("")
                lines.append(f"{title}:")
                lines += [f"  - {w}" for w in items]
        lines.append("")
        lines.append("Usable: yes" if self.usable else "Usable: no")
        return "\n".join(lines)


def rows_phrase(rows: list[int], count: int) -> str:
    """'rows 4, 9 and 12', or 'rows 4, 9, 12, 13, 20 and 195 more' when only the first few are listed."""
    listed = [f"{r:,}" for r in rows]
    if count > len(rows):
        return f"rows {', '.join(listed)} and {count - len(rows):,} more"
    if len(listed) == 1:
        return f"row {listed[0]}"
    return f"rows {', '.join(listed[:-1])} and {listed[-1]}"
