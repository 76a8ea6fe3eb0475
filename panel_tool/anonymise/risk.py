"""k-anonymity by local recoding: each case is coarsened until at least k records share its details.

The count is against the whole export (a member who knows a search happened could only narrow it
to k people). Only the cases that fall short are coarsened, one field at a time in the policy's
order, so most cases keep their finest detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from panel_tool.anonymise.generalise import Dimension


@dataclass
class CaseRisk:
    row: int  # position in the export frame
    levels: dict[str, int]
    k: int
    steps: list[str] = field(default_factory=list)


def _keys(dims: list[Dimension], levels: dict[str, int]) -> np.ndarray:
    """One int64 per record that is equal exactly when all its generalised details are equal."""
    key = np.zeros(len(dims[0].codes[0]), dtype=np.int64)
    for d in dims:
        level = levels[d.name]
        key = key * (len(d.labels[level]) + 1) + d.codes[level]
    return key


def _class_sizes(dims: list[Dimension], levels: dict[str, int], rows: list[int]) -> list[int]:
    key = _keys(dims, levels)
    wanted = np.unique(key[rows])
    position = np.searchsorted(wanted, key)
    position[position == len(wanted)] = 0
    hit = wanted[position] == key
    counts = np.bincount(position[hit], minlength=len(wanted))
    return [int(counts[np.searchsorted(wanted, key[r])]) for r in rows]


def anonymise_cases(dims: dict[str, Dimension], rows: list[int], k: int, order: list[str]) -> list[CaseRisk]:
    """The level of every dimension for each case, with the number of records it is hidden among."""
    ordered = [dims[name] for name in order if name in dims] + [d for n, d in dims.items() if n not in order]
    cases = [CaseRisk(row=r, levels={d.name: 0 for d in ordered}, k=0) for r in rows]
    pending = cases
    while pending:
        by_levels: dict[tuple, list[CaseRisk]] = {}
        for case in pending:
            by_levels.setdefault(tuple(sorted(case.levels.items())), []).append(case)
        still = []
        for levels, group in by_levels.items():
            sizes = _class_sizes(ordered, dict(levels), [c.row for c in group])
            for case, size in zip(group, sizes):
                case.k = size
                if size < k and _coarsen(case, ordered):
                    still.append(case)
        pending = still
    return cases


def _useful_level(d: Dimension, case: CaseRisk) -> int | None:
    """The next coarser level at which more records share the case's value. A step that groups no
    new records (a quarter when the export holds one month) cannot help, and would only hide detail."""
    level = case.levels[d.name]
    now = d.shared_by(level, case.row)
    return next((lv for lv in range(level + 1, len(d.levels)) if d.shared_by(lv, case.row) > now), None)


def _coarsen(case: CaseRisk, ordered: list[Dimension]) -> bool:
    """Coarsen the least-coarsened field whose next useful step exists, ties in policy order, so a
    case loses a little of several details before it loses any one entirely. False when none can."""
    for d in sorted(ordered, key=lambda d: case.levels[d.name]):
        level = _useful_level(d, case)
        if level is not None:
            case.levels[d.name] = level
            shown = "not shown" if d.levels[level] == "suppressed" else d.levels[level].replace("_", " ")
            case.steps.append(f"{d.field}: {shown}")
            return True
    return False


def risk_summary(cases: list[CaseRisk], k: int) -> dict:
    """What the manifest says about re-identification risk."""
    smallest = min((c.k for c in cases), default=0)
    return {
        "k_target": k,
        "smallest_group": smallest,
        "cases_meeting_k": sum(c.k >= k for c in cases),
        "cases_below_k": [i + 1 for i, c in enumerate(cases) if c.k < k],
        "cases_generalised_further": sum(bool(c.steps) for c in cases),
        "fields_coarsened": {s: sum(s in c.steps for c in cases) for s in sorted({s for c in cases for s in c.steps})},
        "highest_reidentification_chance": round(1 / smallest, 4) if smallest else None,
    }
