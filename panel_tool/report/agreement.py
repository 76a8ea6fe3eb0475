"""Agreement between raters: Krippendorff's alpha, Fleiss' kappa and plain percent agreement.

A panel wants to know whether its members read the same case the same way, and whether that is more
than chance: percent agreement is the plain figure, kappa and alpha correct it for the agreement
chance alone would give. Alpha copes with missing ratings and ordered scales, so it is the headline;
Fleiss' kappa needs every unit rated by the same number of raters. Each returns None, never NaN,
when the figure has no meaning (nobody to agree with, or only one answer ever given), so a report can
say so in words instead of printing "nan".
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np

__all__ = ["krippendorff_alpha", "fleiss_kappa", "percent_agreement", "value_counts"]


def krippendorff_alpha(matrix, level: str = "nominal", value_domain=None) -> float | None:
    """Krippendorff's alpha of a raters x units matrix of numbers, NaN where a rater gave no rating.

    `level` is "nominal" (answers are just different) or "ordinal" (ordered: Yes is nearer Partly than
    No). For ordinal data the numbers must follow the scale's order; `value_domain` lists every value
    the scale has, in order (default: the values that occur). None when no unit has two ratings or
    fewer than two different values could occur.
    """
    if level not in ("nominal", "ordinal"):
        raise ValueError(f"level must be 'nominal' or 'ordinal', not {level!r}")
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or data.size == 0:
        return None
    if value_domain is None:
        value_domain = np.unique(data[~np.isnan(data)])
    if len(value_domain) < 2 or ((~np.isnan(data)).sum(axis=0) < 2).all():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = krippendorff.alpha(reliability_data=data, value_domain=value_domain, level_of_measurement=level)
    return None if not math.isfinite(alpha) else float(alpha)


def value_counts(matrix, categories) -> np.ndarray:
    """A raters x units matrix (NaN = no rating) as the units x categories count matrix kappa takes."""
    data = np.asarray(matrix, dtype=float)
    return np.stack([(data == c).sum(axis=0) for c in categories], axis=1) if data.size else \
        np.zeros((0, len(categories)), dtype=int)


def fleiss_kappa(counts) -> float | None:
    """Fleiss' kappa of a units x categories matrix: how many raters put each unit in each category.

    Every unit must have the same number of raters, at least two (units nobody rated are left out);
    None when they differ, or when every rating fell in one category (chance agreement is then 1).
    kappa = (P - Pe) / (1 - Pe), P the mean share of agreeing rater pairs within a unit, Pe the share
    expected by chance from how often each category was used.
    """
    table = _counts(counts)
    if table is None:
        return None
    totals = table.sum(axis=1)
    if len(set(totals.tolist())) != 1 or totals[0] < 2:
        return None
    n = totals[0]
    agreement = ((table * (table - 1)).sum(axis=1) / (n * (n - 1))).mean()
    shares = table.sum(axis=0) / table.sum()
    chance = float((shares ** 2).sum())
    if chance >= 1:
        return None
    return float((agreement - chance) / (1 - chance))


def percent_agreement(counts) -> float | None:
    """The mean, over units with at least two ratings, of the share of rater pairs that gave the same answer.

    Takes the units x categories count matrix (as fleiss_kappa); raters may differ in number between
    units. None when no unit has two ratings. Not corrected for chance.
    """
    table = _counts(counts)
    if table is None:
        return None
    totals = table.sum(axis=1)
    table, totals = table[totals >= 2], totals[totals >= 2]
    if not len(table):
        return None
    return float(((table * (table - 1)).sum(axis=1) / (totals * (totals - 1))).mean())


def _counts(counts) -> np.ndarray | None:
    """The count matrix as integers, without the units nobody rated; None when nothing is left."""
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.size == 0:
        return None
    if (table < 0).any() or not np.allclose(table, np.round(table)):
        raise ValueError("counts must be whole numbers of raters, none negative")
    table = table.astype(np.int64)
    table = table[table.sum(axis=1) > 0]
    return table if len(table) else None
